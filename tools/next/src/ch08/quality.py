spread = {k: gu.seeds.Spread(tuple(v(runs[s]) for s in SEEDS), SEEDS) for k, v in
          {"Parzen": lambda r: r["parzen"]["mean"], "score": lambda r: r["score"], "fd": lambda r: r["fd"]}.items()}
real = judged(data.x_val)
mlp = (mlp_run or {}).get("numbers", {})
mlp_seeds = mlp.get("per_seed", {})
mlp_spread = {k: gu.seeds.Spread(tuple(mlp_seeds[str(s)][k] for s in SEEDS), SEEDS) for k in ("score", "fd")} \
    if all(str(s) in mlp_seeds for s in SEEDS) else None
mlp_row = (f"| the GAN paper's MLP (chapter 6, mean ± sd over {len(SEEDS)} seeds) | {mlp['parzen_spread']} | "
           f"{mlp_spread['score'].format('.2f')} | {mlp_spread['fd'].format('.4f')} |" if mlp_spread and "parzen_spread" in mlp else f"| the GAN paper's MLP (chapter 6) | (left out: {mlp_why or 'not yet re-run with this judge'}) | | |")
gu.report("| seed | Parzen log-likelihood (nats, ± s.e.) | judge's score | Fréchet distance |\n| --- | --- | --- | --- |\n"
          + "\n".join(f"| {s} | {r['parzen']['mean']:.0f} ± {r['parzen']['se']:.1f} | {r['score']:.2f} | {r['fd']:.4f} |"
                      for s, r in runs.items())
          + f"\n| **DCGAN, mean ± sd over {len(SEEDS)} seeds** | **{spread['Parzen'].format('.0f')}** | "
            f"**{spread['score'].format('.2f')}** | **{spread['fd'].format('.4f')}** |\n{mlp_row}\n"
          + f"| real validation images | – | {real['score']:.2f} | {real['fd']:.4f} |")
