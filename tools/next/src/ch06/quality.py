per_seed = {k: gu.seeds.Spread(tuple(v(gan_runs[s]) for s in SEEDS), SEEDS) for k, v in
            {"Parzen": lambda r: r["parzen"]["mean"], "score": lambda r: r["score"], "fd": lambda r: r["fd"]}.items()}
ceiling = parzen_protocol(data.x_train[:10_000], validation, test)                  # real images as samples
assert ceiling == gu.gan.parzen_protocol(data.x_train[:10_000], validation, test), \
    "gu.gan.parzen_protocol (the copy later chapters use) differs from this chapter's"
real = judged(data.x_val)
PAPER_TABLE1 = {"DBN": "138 ± 2", "Stacked CAE": "121 ± 1.6", "Deep GSN": "214 ± 1.1", "Adversarial nets": "225 ± 2"}
gu.report("| seed | Parzen log-likelihood (nats, ± s.e.) | σ | judge's score | Fréchet distance |\n| --- | --- | --- | --- | --- |\n"
          + "\n".join(f"| {s} | {r['parzen']['mean']:.0f} ± {r['parzen']['se']:.1f} | {r['parzen']['sigma']:.3f} | {r['score']:.2f} | {r['fd']:.4f} |"
                      for s, r in gan_runs.items())
          + f"\n| **mean ± sd over {len(SEEDS)} seeds** | **{per_seed['Parzen'].format('.0f')}** | | **{per_seed['score'].format('.2f')}** | **{per_seed['fd'].format('.4f')}** |"
          + f"\n| real images (the ceiling; judge: validation images) | {ceiling['mean']:.0f} ± {ceiling['se']:.1f} | {ceiling['sigma']:.3f} | {real['score']:.2f} | {real['fd']:.4f} |\n\n"
          + "| model (the paper's table 1, MNIST) | Parzen log-likelihood (nats) |\n| --- | --- |\n"
          + "\n".join(f"| {k} | {v} |" for k, v in PAPER_TABLE1.items()))
