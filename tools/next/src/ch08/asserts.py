# the claims of the reading above, checked against this run (the fast budget trains too little to hold them)
if not chapter.fast:
    assert all(runs[s]["fd"] <= 0.02 for s in SEEDS), "the text says every seed meets the Fréchet-distance target"
    assert all(runs[s]["score"] < 9.0 for s in SEEDS), "the text says no seed reaches a score of 9"
    earlier_rise = sum(c[-4] - c[-7] for c in curves.values()) / len(curves)      # the three intervals before
    assert earlier_rise > late_rise.mean, f"the score rose {late_rise.mean:.2f} late, {earlier_rise:.2f} before: the text says it is slowing"
    assert 0 < pace and to_nine > STEPS, f"the late pace ({pace:.2e} a step) reaches 9 within the budget again: rewrite the text"
    assert samples_terms["H(y)"] > 0.98 * torch.tensor(10.0).log().item() and samples_terms["E H(y|x)"] > 5 * test_terms["E H(y|x)"], \
        "the text says the score is lost to unsure readings, not to missing classes"
