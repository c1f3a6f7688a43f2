norms = {k: gu.seeds.Spread(tuple(runs[s][k] for s in SEEDS), SEEDS) for k in ("gradient_norm_median", "gradient_norm_max")}
gu.report(f"Trained SN critics, measured right after training: gradient norms median {norms['gradient_norm_median'].format('.3f')}, "
          f"max {norms['gradient_norm_max'].format('.3f')}; spectral norms of the normalised (reshaped) weights, seed {median_seed}: "
          + ", ".join(f"{k} {v:.3f}" for k, v in runs[median_seed]["sigmas"].items()))
