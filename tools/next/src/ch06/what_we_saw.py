ring_ns, ring_sat = toy_end["ring", "non-saturating"], toy_end["ring", "saturating"]
grid_ns, grid_sat = toy_end["grid", "non-saturating"], toy_end["grid", "saturating"]
gu.report(f"""
- TODO: the sentences, written once from the book-budget outputs.
""")
reproductions = [gu.reproductions.reproduction(
    "Parzen log-likelihood of the test images (nats)", 225, per_seed["Parzen"], paper_sd=2, paper_data="MNIST",
    our_data=data.title, paper_setting="GAN paper, table 1: MLP generator, maxout discriminator with dropout, SGD",
    our_setting=f"the paper's networks and SGD schedule, {EPOCHS} epochs, {len(SEEDS)} seeds",
    gap_reason=f"the paper does not say how long it trained; real training images score {ceiling['mean']:.0f}")]
median = gan_runs[median_seed]
chapter.record(dataset=data.title, epochs=EPOCHS, seeds=list(SEEDS), reproductions=reproductions,
               generator_parameters=gu.models.count_parameters(G), discriminator_parameters=gu.models.count_parameters(D),
               parzen={"mean": per_seed["Parzen"].mean, "se": per_seed["Parzen"].sd}, parzen_spread=per_seed["Parzen"].format(".0f"),
               parzen_ceiling=ceiling, paper_parzen=PAPER_TABLE1,
               per_seed={str(s): {k: r[k] for k in ("score", "fd", "n", "parzen")} for s, r in gan_runs.items()},
               scores={k: v.to_dict() for k, v in per_seed.items()},
               sample_quality={"GAN": {"score": median["score"], "fd": median["fd"], "n": median["n"], "seed": median_seed},
                               "real validation images": real},
               toy_steps=TOY_STEPS, toy_modes={f"{t}, {l}": {k: v.to_dict() for k, v in e.items()} for (t, l), e in toy_end.items()},
               train_seconds=sum(r["history"].seconds for r in gan_runs.values()),
               samples_png=gu.plots.encode_grid(samples_of(gan_runs[median_seed]["G"], 32, seed=2), nrow=16, value_range=(0, 1)))
results = chapter.save()
