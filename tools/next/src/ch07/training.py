EPOCHS = gu.budget(book=100, laptop=4, fast=0.04)              # fast: 20 updates
SEEDS = (0, 1, 2)
PER_CLASS = gu.budget(full=1_000, fast=100)
classifier = gu.classifier.load_classifier(data)
validation, test = data.x_val[:1000], data.x_test
reference, _ = gu.metrics.classifier_embedding(classifier, data.x_test, value_range=(0, 1))   # the test images, once


def samples_of(G, per_class, seed):
    """per_class samples of every class (class-major order) from fixed noise, in eval mode (no dropout)."""
    y = torch.arange(N_CLASSES, device=device).repeat_interleave(per_class)
    z = unit_cube(len(y), torch.Generator(device=device).manual_seed(seed))
    with torch.no_grad(), gu.models.layers.evaluating(G):
        return torch.cat([G(zb, yb) for zb, yb in zip(z.split(1000), y.split(1000))]), y


def judged(x, y):
    """Label accuracy, score and Fréchet distance of samples x asked for classes y."""
    feats, probs = gu.metrics.classifier_embedding(classifier, x, value_range=(0, 1))
    hits = (probs.argmax(1) == y).float()
    return {"label accuracy": hits.mean().item(), "per class": hits.view(N_CLASSES, -1).mean(1).tolist(),
            "score": gu.metrics.classifier_score(probs), "fd": gu.metrics.frechet_distance(feats, reference)}


def evaluate_cgan(G):
    """Measured right after training and stored with the weights: the judge and the Parzen window on 10,000 samples."""
    x, y = samples_of(G, PER_CLASS, seed=0)
    return {**judged(x, y), "n": len(x), "parzen": gu.gan.parzen_protocol(x, validation, test)}


runs = {}
for seed in SEEDS:
    G, D = paper_cgan(seed)
    h = gu.fit({"G": G, "D": D}, conditional_gan_updates(G, D), (data.x_train, data.y_train), epochs=EPOCHS,
               batch_size=100, seed=seed, desc=f"conditional GAN, seed {seed}", keep=["G"],
               callback=lambda step, G=G: {k: v for k, v in judged(*samples_of(G, 100, seed=1)).items() if k != "per class"},
               callback_every=max(int(EPOCHS * len(data.x_train) / 100) // 10, 1),
               checkpoint=gu.checkpoint_path(f"ch07_cgan_s{seed}"), evaluate=lambda G=G: evaluate_cgan(G))
    runs[seed] = {"G": G, "history": h, **h.evaluation}

fds = {s: r["fd"] for s, r in runs.items()}
median_seed = sorted(fds, key=fds.get)[len(fds) // 2]
assert runs[median_seed]["history"].weights_loaded, "the median run's generator must be trained or shipped"
G = runs[median_seed]["G"]
per_epoch = len(data.x_train) / 100
fig, axes = plt.subplots(1, 3, figsize=(15, 3.5))
for seed, r in runs.items():
    h = r["history"]
    epochs = [s / per_epoch for s in h.checks["step"]]
    axes[0].plot(epochs, h.checks["label accuracy"], marker="o", label=f"seed {seed}")
    axes[1].plot(epochs, h.checks["score"], marker="o", label=f"seed {seed}")
    axes[2].plot([s / per_epoch for s in h.steps], h["D(x|y)"], color=f"C{seed}", label=f"D(x|y), seed {seed}")
    axes[2].plot([s / per_epoch for s in h.steps], h["D(G(z|y)|y)"], color=f"C{seed}", ls=":", label=f"D(G(z|y)|y), seed {seed}")
axes[0].set(title="label accuracy (1,000 samples)", xlabel="epoch", ylim=(0, 1))
axes[1].set(title="judge's score (1,000 samples)", xlabel="epoch")
axes[2].set(title="D(x|y) (solid) and D(G(z|y)|y) (dotted)", xlabel="epoch")
for ax in axes:
    ax.legend(fontsize="small")
plt.show()
