pr = {mode: {k: gu.seeds.Spread(tuple((runs[s] if mode == "with dropout" else runs[s][mode])["precision/recall"][k]
                                      for s in SEEDS), SEEDS) for k in ("precision", "recall")}
      for mode in ("with dropout", "without dropout")}
real_pr = [gu.metrics.precision_recall(reference[data.y_test == c], features(data.x_val[data.y_val == c]))
           for c in range(N_CLASSES)]
fig, axes = plt.subplots(1, 2, figsize=(12, 3), sharey=True)
for ax, k in zip(axes, ("precision", "recall")):
    for i, mode in enumerate(("with dropout", "without dropout")):
        per = torch.tensor([[d[k] for d in (runs[s] if mode == "with dropout" else runs[s][mode])["precision/recall"]["per class"]]
                            for s in SEEDS])
        ax.bar(torch.arange(N_CLASSES) + 0.27 * i - 0.27, per.mean(0), yerr=per.std(0), width=0.27, capsize=2, label=mode)
    ax.bar(torch.arange(N_CLASSES) + 0.27, [d[k] for d in real_pr], width=0.27, color="grey", label="real validation images")
    ax.set_xticks(range(N_CLASSES), data.classes, rotation=30, fontsize=8)
    ax.set(title=f"{k} per class (mean ± sd, {len(SEEDS)} seeds)", ylim=(0, 1.05))
axes[1].legend(fontsize="small")
plt.show()
real_mean = {k: sum(d[k] for d in real_pr) / N_CLASSES for k in ("precision", "recall")}
gu.report(f"Averaged over the classes, with dropout: precision {pr['with dropout']['precision'].format('.2f')}, recall "
          f"{pr['with dropout']['recall'].format('.2f')}; without dropout: {pr['without dropout']['precision'].format('.2f')} "
          f"and {pr['without dropout']['recall'].format('.2f')}; real validation images: {real_mean['precision']:.2f} and "
          f"{real_mean['recall']:.2f}.")
