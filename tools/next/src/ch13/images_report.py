spread = {k: gu.seeds.Spread(tuple(v(runs[s]) for s in SEEDS), SEEDS) for k, v in
          {"Parzen": lambda r: r["parzen"]["mean"], "score": lambda r: r["score"], "fd": lambda r: r["fd"]}.items()}
final_norm = gu.seeds.Spread(tuple(runs[s]["history"].last("gradient norm") for s in SEEDS), SEEDS)
real = judged(data.x_val)
gu.report("| seed | Parzen log-likelihood (nats, ± s.e.) | judge's score | Fréchet distance | training time |\n| --- | --- | --- | --- | --- |\n"
          + "\n".join(f"| {s} | {r['parzen']['mean']:.0f} ± {r['parzen']['se']:.1f} | {r['score']:.2f} | {r['fd']:.4f} | "
                      f"{r['history'].seconds / 3600:.2f} h ({r['history'].source}) |" for s, r in runs.items())
          + f"\n| **WGAN-GP, mean ± sd over {len(SEEDS)} seeds** | **{spread['Parzen'].format('.0f')}** | **{spread['score'].format('.2f')}** | "
            f"**{spread['fd'].format('.4f')}** | |\n| real validation images | – | {real['score']:.2f} | {real['fd']:.4f} | |\n\n"
          + f"Final gradient norm at the interpolates: {final_norm.format('.2f')} (target 1).")
