gu.report("""
- TODO: the sentences, written once from the book-budget outputs.
""")
spread = {k: gu.seeds.Spread(tuple(runs[s][k] for s in SEEDS), SEEDS) for k in ("score", "fd")}
parzen = gu.seeds.Spread(tuple(runs[s]["parzen"]["mean"] for s in SEEDS), SEEDS)
median = runs[median_seed]
chapter.record(dataset=data.title, generator_steps=G_STEPS, critic_steps=G_STEPS, seeds=list(SEEDS), batch=BATCH,
               generator_parameters=gu.models.count_parameters(G), critic_parameters=gu.models.count_parameters(critic),
               power_iteration_estimates=estimates, exact_sigma=exact.item(),
               untrained_sn_gradient_norm={"median": grad_norms.median().item(), "max": grad_norms.max().item()},
               # chapter 20 reads the median seed's norms under this name
               trained_sn_gradient_norm={"median": median["gradient_norm_median"], "max": median["gradient_norm_max"]},
               trained_sn_gradient_norms={k: v.to_dict() for k, v in norms.items()},
               parzen={"mean": median["parzen"]["mean"], "se": median["parzen"]["se"], "seeds": parzen.to_dict()},
               sample_quality={"SNGAN": {"score": median["score"], "fd": median["fd"], "n": median["n"], "seed": median_seed},
                               # the key chapters 18 and 20 read until they are re-run
                               "SNGAN samples": {"score": median["score"], "fid": median["fd"], "n": median["n"]}},
               sample_quality_seeds={k: v.to_dict() for k, v in spread.items()},
               seeds_summary=here,
               comparison={label: {k: (v.to_dict() if isinstance(v, gu.seeds.Spread) else v) for k, v in t.items()}
                           for label, t in table.items()},
               left_out=left_out,
               train_seconds=sum(r["history"].seconds for r in runs.values()),
               samples_png=gu.plots.encode_grid(samples, nrow=16, value_range=(-1, 1)))
results = chapter.save()
