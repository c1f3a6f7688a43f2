hist = runs[median_seed]["histograms"]
fig, axes = plt.subplots(1, len(hist), figsize=(4 * len(hist), 3))
edges = torch.linspace(-CLIP * 1.05, CLIP * 1.05, 82)
for ax, (name, counts) in zip(axes, hist.items()):
    ax.stairs(counts, edges, fill=True)
    ax.set(title=f"{name}\n{runs[median_seed]['at_bounds'][name]:.0%} at ±c", xlabel="weight")
plt.tight_layout()
plt.show()
at_bounds = gu.seeds.Spread(tuple(runs[s]["all_at_bounds"] for s in SEEDS), SEEDS)
centres = (edges[:-1] + edges[1:]) / 2


def near_bounds(r):
    """The share of the drawn weights within 5% of ±c (from the stored histograms)."""
    counts = torch.tensor([h for h in r["histograms"].values()])
    return (counts[:, centres.abs() >= 0.95 * CLIP].sum() / counts.sum()).item()


near = gu.seeds.Spread(tuple(near_bounds(runs[s]) for s in SEEDS), SEEDS)
gu.report(f"Share of the critic's weights at ±c: {at_bounds.format('.0%')}; within 5% of ±c: {near.format('.0%')}.")
