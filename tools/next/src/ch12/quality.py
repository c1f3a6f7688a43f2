spread = {k: gu.seeds.Spread(tuple(v(runs[s]) for s in SEEDS), SEEDS) for k, v in
          {"Parzen": lambda r: r["parzen"]["mean"], "score": lambda r: r["score"], "fd": lambda r: r["fd"]}.items()}
real = judged(data.x_val)
critic_steps = sum(critic_schedule(t) for t in range(G_STEPS))
gu.report("| seed | Parzen log-likelihood (nats, ± s.e.) | judge's score | Fréchet distance | training time |\n| --- | --- | --- | --- | --- |\n"
          + "\n".join(f"| {s} | {r['parzen']['mean']:.0f} ± {r['parzen']['se']:.1f} | {r['score']:.2f} | {r['fd']:.4f} | "
                      f"{r['history'].seconds / 60:.1f} min on {r['history'].device} ({r['history'].source}) |" for s, r in runs.items())
          + f"\n| **WGAN, mean ± sd over {len(SEEDS)} seeds** | **{spread['Parzen'].format('.0f')}** | **{spread['score'].format('.2f')}** | "
            f"**{spread['fd'].format('.4f')}** | |\n| real validation images | – | {real['score']:.2f} | {real['fd']:.4f} | |\n\n"
          + f"{G_STEPS:,} generator steps and {critic_steps:,} critic steps per seed.")
