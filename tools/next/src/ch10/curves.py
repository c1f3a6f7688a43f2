def smooth(values, window=10):
    """A running mean over `window` logged points (one point every 50 steps)."""
    v = torch.tensor(values, dtype=torch.float64)
    return torch.nn.functional.avg_pool1d(v[None, None], min(window, len(v)), stride=1)[0, 0].tolist()


fig, axes = plt.subplots(1, 2, figsize=(13, 3.8))
for name in ("L1+cGAN", "encoder-decoder, L1+cGAN", "L1", "encoder-decoder, L1", "cGAN"):
    h = models[name, SEEDS[0]][1]
    y = smooth(h["L1"])
    axes[0].plot(h.steps[len(h.steps) - len(y):], y, label=name)
axes[0].set(xlabel="step", ylabel="L1 per pixel (training, running mean)", yscale="log", title="reconstruction error")
for name in RUNS:
    h = models[name, SEEDS[0]][1]
    if "D(real)" in h.values:
        gap = smooth([r - f for r, f in zip(h["D(real)"], h["D(fake)"])])
        axes[1].plot(h.steps[len(h.steps) - len(gap):], gap, label=name)
axes[1].axhline(0, color="k", lw=0.5)
axes[1].set(xlabel="step", ylabel="D(real) − D(fake)", title="how far each discriminator separates the pairs")
for ax in axes:
    ax.legend(fontsize="x-small")
plt.show()
