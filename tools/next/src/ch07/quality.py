spread = {k: gu.seeds.Spread(tuple(v(runs[s]) for s in SEEDS), SEEDS) for k, v in
          {"Parzen": lambda r: r["parzen"]["mean"], "score": lambda r: r["score"], "fd": lambda r: r["fd"]}.items()}
ceiling = gu.gan.parzen_protocol(data.x_train[:10_000], validation, test)          # real images as samples
real_quality = gu.metrics.sample_quality(classifier, data.x_val, data.x_test, value_range=(0, 1))
gu.report("| seed | Parzen log-likelihood (nats, ± s.e.) | label accuracy | score | Fréchet distance |\n| --- | --- | --- | --- | --- |\n"
          + "\n".join(f"| {s} | {r['parzen']['mean']:.0f} ± {r['parzen']['se']:.1f} | {r['label accuracy']:.1%} | {r['score']:.2f} | {r['fd']:.4f} |"
                      for s, r in runs.items())
          + f"\n| **mean ± sd over {len(SEEDS)} seeds** | **{spread['Parzen'].format('.0f')}** | **{labels.format('.1%')}** | "
            f"**{spread['score'].format('.2f')}** | **{spread['fd'].format('.4f')}** |"
          + f"\n| real images (the ceiling; judge: test / validation images) | {ceiling['mean']:.0f} ± {ceiling['se']:.1f} | {real_accuracy:.1%} | "
            f"{real_quality['score']:.2f} | {real_quality['fid']:.4f} |"
          + "\n| the paper's cGAN (MNIST) | 132 ± 1.8 | – | – | – |")
