G_STEPS = gu.budget(book=4_000, laptop=200, fast=5)
# Seconds per generator step (with its critic steps and the checks) of seed 0 on the 2-core CPU, measured over its
# first 250 steps on 2026-12-04: 0.053 s per update, 27,040 updates and 20 checks a seed (an estimate)
CPU_SECONDS_PER_G_STEP = 0.375
SEEDS = (0, 1, 2)
N_SAMPLES = gu.budget(full=10_000, fast=1_000)
classifier = gu.classifier.load_classifier(data)
judged = gu.metrics.Judge(classifier, data.x_test, value_range=(-1, 1))   # score and FD against the test images
val_batch = data.x_val[:2000]


def checks(G, critic):
    """The callback: judge 2,000 samples; the critic's estimate of W on validation images against samples."""
    def measure(step):
        fake = generate(G, len(val_batch), Z, seed=7)
        with torch.no_grad():
            w = (gu.map_batches(critic, val_batch, batch_size=500).mean() - gu.map_batches(critic, fake, batch_size=500).mean()).item()
        return {**judged(generate(G, 2000, Z, seed=1)), "W (validation)": w}
    return measure


def evaluate_wgan(G, critic):
    """Measured right after training and stored with the weights: the judge on N_SAMPLES samples, the Parzen window,
    and where the critic's weights sit (share at the bounds and a histogram per layer)."""
    x = generate(G, N_SAMPLES, Z)
    layers = {n: p.detach().flatten().cpu() for n, p in critic.named_parameters() if p.dim() > 1}
    return {**judged(x), "n": len(x),
            "parzen": gu.gan.parzen_protocol((x + 1) / 2, (data.x_val[:1000] + 1) / 2, (data.x_test + 1) / 2),
            "at_bounds": {n: (w.abs() >= CLIP * 0.999).float().mean().item() for n, w in layers.items()},
            "all_at_bounds": (torch.cat(list(layers.values())).abs() >= CLIP * 0.999).float().mean().item(),
            "histograms": {n: torch.histc(w, bins=81, min=-CLIP * 1.05, max=CLIP * 1.05).tolist() for n, w in layers.items()}}


runs = {}
for seed in SEEDS:
    G, critic = make_wgan(seed)
    h = gu.fit({"G": G, "critic": critic}, wgan_updates(G, critic), data.x_train, steps=G_STEPS, batch_size=BATCH,
               seed=seed, desc=f"WGAN, seed {seed}", callback=checks(G, critic), callback_every=max(G_STEPS // 20, 1),
               keep=["G"], checkpoint=gu.checkpoint_path(f"ch12_wgan_s{seed}"),
               evaluate=lambda G=G, critic=critic: evaluate_wgan(G, critic))
    runs[seed] = {"G": G, "history": h, **h.evaluation}

fds = {s: r["fd"] for s, r in runs.items()}
median_seed = sorted(fds, key=fds.get)[len(fds) // 2]
assert runs[median_seed]["history"].weights_loaded, "the median run's generator must be trained or shipped"
G = runs[median_seed]["G"]
fig, ax = plt.subplots(1, 3, figsize=(16, 3.8))
for seed, r in runs.items():
    h = r["history"]
    ax[0].plot(h.checks["step"], h.checks["W (validation)"], "o-", ms=3, label=f"seed {seed}")
    ax[1].plot(h.checks["step"], h.checks["fd"], "o-", ms=3, label=f"seed {seed}")
    ax[2].plot(h.checks["step"], h.checks["score"], "o-", ms=3, label=f"seed {seed}")
ax[0].set(xlabel="generator step", title="the critic's estimate of W (validation images)")
ax[1].set(xlabel="generator step", title="Fréchet distance (2,000 samples)", yscale="log")
ax[2].axhline(8.0, color="k", ls="--", label="target 8.0")
ax[2].set(xlabel="generator step", title="judge's score (2,000 samples)")
for a in ax:
    a.legend(fontsize="small")
plt.show()
samples = generate(G, 40, Z, seed=2)
show_images(samples, nrow=20, value_range=(-1, 1), title=f"WGAN samples, seed {median_seed} (the median Fréchet distance)")
plt.show()
