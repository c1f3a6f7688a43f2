gu.report("""
- TODO: the sentences, written once from the book-budget outputs.
""")
median = runs[median_seed]
chapter.record(dataset=data.title, generator_steps=G_STEPS, critic_steps=G_STEPS * N_CRITIC, penalty_weight=LAMBDA,
               seeds=list(SEEDS), toy_steps=TOY_STEPS, toy_penalty_weight=LAMBDA_TOY,
               toy={f"{t}, {m}": {k: v.to_dict() for k, v in row.items()} for (t, m), row in toy_table.items()},
               toy_floor=floor, toy_start={t: v.to_dict() for t, v in start.items()},
               final_gradient_norm=final_norm.mean, final_gradient_norms=final_norm.to_dict(), parzen={"mean": spread["Parzen"].mean, "se": spread["Parzen"].sd},
               sample_quality={"WGAN-GP": {"score": median["score"], "fd": median["fd"], "n": median["n"], "seed": median_seed},
                               "real validation images": real,
                               # the key chapters 18 and 20 read until they are re-run
                               "WGAN-GP samples": {"score": median["score"], "fid": median["fd"], "n": median["n"]}},
               seeds_summary=gu.gan.seeds_summary(runs, batch_size=BATCH, critic_steps_per_step=N_CRITIC),
               generator_parameters=gu.models.count_parameters(G), critic_parameters=gu.models.count_parameters(make_wgan_gp(0)[1]),
               train_seconds=sum(r["history"].seconds for r in runs.values()),
               samples_png=gu.plots.encode_grid(generate(G, 32, Z, seed=2), nrow=16, value_range=(-1, 1)))
results = chapter.save()
