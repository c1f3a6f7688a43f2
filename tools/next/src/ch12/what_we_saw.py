gu.report("""
- TODO: the sentences, written once from the book-budget outputs.
""")
median = runs[median_seed]
chapter.record(dataset=data.title, generator_steps=G_STEPS, critic_steps=critic_steps, clip=CLIP, seeds=list(SEEDS),
               spearman_w_vs_fd=rhos.to_dict(), share_weights_at_bounds=at_bounds.to_dict(),
               spearman_w_vs_fid=rhos.mean,                # the name and number chapter 20 reads until re-run
               parzen={"mean": spread["Parzen"].mean, "se": spread["Parzen"].sd},
               sample_quality={"WGAN": {"score": median["score"], "fd": median["fd"], "n": median["n"], "seed": median_seed},
                               "real validation images": real,
                               # the key chapter 20 reads until it is re-run
                               "WGAN samples": {"score": median["score"], "fid": median["fd"], "n": median["n"]}},
               seeds_summary=gu.gan.seeds_summary(runs, batch_size=BATCH, critic_steps_per_step=critic_steps / G_STEPS),
               train_seconds=sum(r["history"].seconds for r in runs.values()),
               samples_png=gu.plots.encode_grid(generate(G, 32, Z, seed=2), nrow=16, value_range=(-1, 1)))
results = chapter.save()
