rho = {s: spearmanr(r["history"].checks["W (validation)"][1:], r["history"].checks["fd"][1:]).statistic for s, r in runs.items()}
rhos = gu.seeds.Spread(tuple(rho[s] for s in SEEDS), SEEDS)
fig, axes = plt.subplots(1, len(SEEDS), figsize=(5 * len(SEEDS), 4), squeeze=False)
for ax, (seed, r) in zip(axes[0], runs.items()):
    c = r["history"].checks
    sc = ax.scatter(c["W (validation)"][1:], c["fd"][1:], c=c["step"][1:], cmap="viridis")
    ax.set(xlabel="critic's W estimate (validation)", ylabel="Fréchet distance", yscale="log",
           title=f"seed {seed}: Spearman ρ = {rho[seed]:.2f}")
fig.colorbar(sc, ax=axes[0].tolist(), label="generator step")
plt.show()
gu.report(f"Spearman ρ between the estimate and the Fréchet distance: {rhos.format('.2f')}.")
