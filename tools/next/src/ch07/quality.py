def seed_spread(key, mode="with dropout"):
    """A number of every seed's record (with dropout: the top level; without: its own entry) as a Spread."""
    pick = (lambda r: r) if mode == "with dropout" else (lambda r: r[mode])
    return gu.seeds.Spread(tuple(key(pick(runs[s])) for s in SEEDS), SEEDS)


measures = {"Parzen": lambda r: r["parzen"]["mean"], "label accuracy": lambda r: r["label accuracy"],
            "score": lambda r: r["score"], "fd": lambda r: r["fd"]}
spread = {k: seed_spread(f) for k, f in measures.items()}
spread_off = {k: seed_spread(f, "without dropout") for k, f in measures.items()}
ceiling = gu.gan.parzen_protocol(data.x_train[:10_000], validation, test)          # real images as samples
real_quality = gu.metrics.sample_quality(classifier, data.x_val, data.x_test, value_range=(0, 1))
gu.report("| samples | Parzen log-likelihood (nats, ± s.e.) | label accuracy | score | Fréchet distance |\n| --- | --- | --- | --- | --- |\n"
          + "\n".join(f"| seed {s}, with dropout | {r['parzen']['mean']:.0f} ± {r['parzen']['se']:.1f} | {r['label accuracy']:.1%} | "
                      f"{r['score']:.2f} | {r['fd']:.4f} |" for s, r in runs.items())
          + f"\n| **with dropout, mean ± sd over {len(SEEDS)} seeds** | **{spread['Parzen'].format('.0f')}** | "
            f"**{spread['label accuracy'].format('.1%')}** | **{spread['score'].format('.2f')}** | **{spread['fd'].format('.4f')}** |"
          + f"\n| without dropout, mean ± sd over {len(SEEDS)} seeds | {spread_off['Parzen'].format('.0f')} | "
            f"{spread_off['label accuracy'].format('.1%')} | {spread_off['score'].format('.2f')} | {spread_off['fd'].format('.4f')} |"
          + f"\n| real images (the ceiling; judge: test / validation images) | {ceiling['mean']:.0f} ± {ceiling['se']:.1f} | "
            f"{real_accuracy:.1%} | {real_quality['score']:.2f} | {real_quality['fid']:.4f} |"
          + "\n| the paper's cGAN (MNIST) | 132 ± 1.8 | – | – | – |")
