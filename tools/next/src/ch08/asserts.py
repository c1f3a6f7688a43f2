# the claims of the reading above, checked against this run (the fast budget trains too little to hold them)
if not chapter.fast:
    assert all(runs[s]["fd"] <= 0.02 for s in SEEDS), "the text says every seed meets the Fréchet-distance target"
    assert all(runs[s]["score"] < 9.0 for s in SEEDS), "the text says no seed reaches a score of 9"
    steps = check_steps
    back = len(steps) - 1 - list(steps).index(late.start)                        # the intervals of the late quarter
    before = gu.seeds.late_pace({s: c[:-back] for s, c in curves.items()}, steps[:-back], back=back)  # the quarter before
    assert before.per_step > late.per_step, \
        f"the score rose {late.rise.mean:.2f} late, {before.rise.mean:.2f} in the quarter before: the text says it is slowing"
    assert 0 < late.per_step and STEPS < to_nine < float("inf"), \
        f"the late pace ({late.per_step:.2e} a step) reaches 9 within the budget, or never: rewrite the text"
    assert samples_terms["H(y)"] > 0.98 * torch.tensor(10.0).log().item() and samples_terms["E H(y|x)"] > 5 * test_terms["E H(y|x)"], \
        "the text says the score is lost to unsure readings, not to missing classes"
    for s in SEEDS:                   # the ablation's budget is early training: each seed's score still rose after it
        h = runs[s]["history"]
        at = next(i for i, step in enumerate(h.checks["step"]) if step >= ABLATION_STEPS)
        assert h.checks["score"][at] < h.checks["score"][-1] - 0.3, \
            f"seed {s}: the score at step {h.checks['step'][at]:,} is within 0.3 of its end: the text says the ablation is early"
    assert ranked[POOL] == 1 and pool_cost > 2, \
        f"the text says pooling wins per step ({ranked[POOL]=}) at a cost of about three times the CPU ({pool_cost=:.2f})"
    assert gu.seeds.ranking(full_same_cpu, variant[POOL]["fd"], higher_is_better=False) == 0, \
        "the text says the strided recipe and pooling tie at equal CPU time"
    assert all(ranked[n] == -1 for n in LOSERS) and lost < full_dgz[0] and late_dgz("no batch norm")[0] > 0.8 * full_dgz[0], \
        "the text says the FC and linear-output variants lose the game and the one without batch norm does not"
    assert transfer[off].mean() > 10 * control[off].mean(), "the text says the class directions work and random ones do not"
    assert trained.mean > random_weights.mean > pixels, "the probe table's order changed: trained > random > pixels"
    assert 21 * hours.mean > 20, "the ablation section says 21 runs at full length would take over 20 CPU hours"
    if mlp_spread:
        assert gu.seeds.ranking(mlp_spread["score"], spread["score"]) == 1, "the text says the MLP's samples are not worse"
