EPOCHS = gu.budget(book=100, laptop=4, fast=0.04)         # fast: 20 updates
SEEDS = (0, 1, 2)
N_SAMPLES = gu.budget(full=10_000, fast=1_000)
N_CURVE = gu.budget(full=2_000, fast=200)
classifier = gu.classifier.load_classifier(data)
validation, test = data.x_val[:1000], data.x_test
judged = gu.metrics.Judge(classifier, data.x_test, value_range=(0, 1))   # score and FD against the test images


def parzen_protocol(samples, validation, test):
    """The paper's protocol: sigma chosen on validation images, mean log-likelihood of the test images and its
    standard error (pixels in [0, 1])."""
    sigma, _ = gu.metrics.parzen_select_sigma(samples, validation)
    ll = gu.metrics.parzen_log_likelihood(samples, test, sigma)
    return {"mean": ll.mean().item(), "se": (ll.std() / math.sqrt(len(ll))).item(), "sigma": sigma}


def samples_of(G, n, seed):
    """n samples of G from fixed uniform noise."""
    z = uniform_noise(n, torch.Generator(device=device).manual_seed(seed))
    with torch.no_grad():
        return gu.map_batches(G, z, batch_size=1000)


def evaluate_gan(G):
    """Measured right after training and stored with the weights: the judge on N_SAMPLES samples, and the Parzen window."""
    x = samples_of(G, N_SAMPLES, seed=0)
    return {**judged(x), "n": len(x), "parzen": parzen_protocol(x, validation, test)}


gan_runs = {}
for seed in SEEDS:
    torch.manual_seed(seed)
    G, D = paper_networks()
    h = gu.fit({"G": G, "D": D}, paper_updates(G, D), data.x_train, epochs=EPOCHS, batch_size=100, seed=seed,
               desc=f"GAN, seed {seed}", callback=lambda step, G=G: judged(samples_of(G, N_CURVE, seed=1)),
               callback_every=max(int(EPOCHS * len(data.x_train) / 100) // 10, 1), keep=["G"],
               checkpoint=gu.checkpoint_path(f"ch06_gan_s{seed}"), evaluate=lambda G=G: evaluate_gan(G))
    gan_runs[seed] = {"G": G, "history": h, **h.evaluation}

fds = {s: r["fd"] for s, r in gan_runs.items()}
median_seed = sorted(fds, key=fds.get)[len(fds) // 2]
assert gan_runs[median_seed]["history"].weights_loaded, "the median run's generator must be trained or shipped"
updates_per_epoch = len(data.x_train) / 100
fig, axes = plt.subplots(1, 3, figsize=(15, 3.5))
for seed, r in gan_runs.items():
    h = r["history"]
    epochs = [s / updates_per_epoch for s in h.checks["step"]]
    axes[0].plot(epochs, h.checks["score"], marker="o", label=f"seed {seed}")
    axes[1].plot(epochs, h.checks["fd"], marker="o", label=f"seed {seed}")
    axes[2].plot([s / updates_per_epoch for s in h.steps], h["D(x)"], color=f"C{seed}", label=f"D(x), seed {seed}")
    axes[2].plot([s / updates_per_epoch for s in h.steps], h["D(G(z))"], color=f"C{seed}", ls=":", label=f"D(G(z)), seed {seed}")
axes[0].set(title=f"judge's score ({N_CURVE:,} samples)", xlabel="epoch")
axes[1].set(title=f"Fréchet distance ({N_CURVE:,} samples)", xlabel="epoch", yscale="log")
axes[2].set(title="D(x) (solid) and D(G(z)) (dotted)", xlabel="epoch")
for ax in axes:
    ax.legend(fontsize="small")
plt.show()
samples = samples_of(gan_runs[median_seed]["G"], 40, seed=2)
show_images(samples, nrow=20, value_range=(0, 1), title=f"GAN samples, seed {median_seed} (the median Fréchet distance)")
plt.show()
