per_seed = {key: h.evaluation for key, (G, h) in models.items()}
metrics = ("label accuracy", "L1", "fd", "sharpness", "edge IoU", "dropout spread", "D accuracy")
scores = {name: {k: gu.seeds.Spread(tuple(per_seed[name, s][k] for s in SEEDS), SEEDS) for k in metrics
                 if k in per_seed[name, SEEDS[0]]} for name in RUNS}


def final_gap(h, last=10):
    """D(real) - D(fake) on the training batches, mean of the last `last` logged points (the end of training)."""
    return sum(r - f for r, f in zip(h["D(real)"][-last:], h["D(fake)"][-last:])) / last


for name in RUNS:                                      # the discriminator, read where it was trained
    if "D(real)" in models[name, SEEDS[0]][1].values:
        scores[name]["D gap"] = gu.seeds.Spread(tuple(final_gap(models[name, s][1]) for s in SEEDS), SEEDS)
real_features, _ = gu.metrics.classifier_embedding(classifier, data.x_val, value_range=(-1, 1))
real_scores = {"label accuracy": gu.classifier.accuracy(classifier, to01(data.x_test), data.y_test),
               "sharpness": sharpness(data.x_test), "fd": gu.metrics.frechet_distance(real_features, test_features)}
shown = {name: torch.tensor(per_seed[name, SEEDS[0]]["shown"]).view(-1, *data.image_shape) / 255 * 2 - 1
         for name in RUNS}
show_rows({"edges": edges["test"][:10].cpu(), **shown, "original": data.x_test[:10].cpu()}, value_range=(-1, 1), scale=0.7)
plt.show()


def pm(spread, spec, scale=1):
    return f"{scale * spread.mean:{spec}} ± {scale * spread.sd:{spec}}"


gu.report(f"Mean ± sd over {len(SEEDS)} seeds, {STEPS:,} steps each, on the 10,000 test pairs.\n\n"
          "| run | label accuracy (%) | L1 to original | Fréchet distance | sharpness | edge IoU | dropout spread | D(real) − D(fake), end of training |\n"
          "| --- | --- | --- | --- | --- | --- | --- | --- |\n" + "\n".join(
              f"| {n} | {pm(s['label accuracy'], '.1f', 100)} | {pm(s['L1'], '.3f')} | {pm(s['fd'], '.4f')} | "
              f"{pm(s['sharpness'], '.3f')} | {pm(s['edge IoU'], '.2f')} | {pm(s['dropout spread'], '.3f')} | "
              f"{pm(s['D gap'], '.2f') if 'D gap' in s else '–'} |" for n, s in scores.items())
          + f"\n| real test images | {100 * real_scores['label accuracy']:.1f} | 0 | {real_scores['fd']:.4f} (validation images) | "
            f"{real_scores['sharpness']:.3f} | 1 | – | – |")
