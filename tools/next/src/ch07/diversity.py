def features(x):
    """The judge's feature vectors of images x (pixels in [0, 1])."""
    return gu.metrics.classifier_embedding(classifier, x, value_range=(0, 1))[0]


x_gen, y_gen = samples_of(G, PER_CLASS, seed=3)                    # fresh noise: not the evaluation's samples
fake_f, test_f, val_f = features(x_gen), features(data.x_test), features(data.x_val)
per_class_pr = {"samples": [], "real validation images": []}
for c in range(N_CLASSES):
    real_c = test_f[data.y_test == c]
    per_class_pr["samples"].append(gu.metrics.precision_recall(real_c, fake_f[y_gen == c]))
    per_class_pr["real validation images"].append(gu.metrics.precision_recall(real_c, val_f[data.y_val == c]))
pr_mean = {who: {k: sum(d[k] for d in v) / N_CLASSES for k in ("precision", "recall")} for who, v in per_class_pr.items()}
fig, axes = plt.subplots(1, 2, figsize=(12, 3), sharey=True)
for ax, k in zip(axes, ("precision", "recall")):
    for i, (who, v) in enumerate(per_class_pr.items()):
        ax.bar(torch.arange(N_CLASSES) + 0.4 * i - 0.2, [d[k] for d in v], width=0.4, label=who)
    ax.set_xticks(range(N_CLASSES), data.classes, rotation=30, fontsize=8)
    ax.set(title=f"{k} per class (seed {median_seed})", ylim=(0, 1))
axes[0].legend(fontsize="small")
plt.show()
gu.report(f"Averaged over the ten classes: the samples' precision {pr_mean['samples']['precision']:.2f} and recall "
          f"{pr_mean['samples']['recall']:.2f}; real validation images {pr_mean['real validation images']['precision']:.2f} "
          f"and {pr_mean['real validation images']['recall']:.2f}.")
