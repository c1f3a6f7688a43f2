EPOCHS = gu.budget(book=100, laptop=4, fast=0.04)              # fast: 20 updates
SEEDS = (0, 1, 2)
PER_CLASS = gu.budget(full=1_000, fast=100)
classifier = gu.classifier.load_classifier(data)
validation, test = data.x_val[:1000], data.x_test
reference, _ = gu.metrics.classifier_embedding(classifier, data.x_test, value_range=(0, 1))   # the test images, once


def sample(G, z, y, dropout, seed):
    """G(z | y) in batches of 1,000, with dropout (G as trained, its masks drawn from `seed`) or without (eval mode),
    leaving the run's random state and G's mode as they were."""
    was_training = G.training
    with torch.no_grad(), torch.random.fork_rng(devices=[device] if device.type == "cuda" else []):
        torch.manual_seed(seed)
        G.train(dropout)
        x = torch.cat([G(zb, yb) for zb, yb in zip(z.split(1000), y.split(1000))])
    G.train(was_training)
    return x


def samples_of(G, per_class, seed, dropout=True):
    """per_class samples of every class (class-major order) from fixed noise z. With dropout (the default) G samples
    as it was trained, each sample with its own seeded dropout masks: the distribution the discriminator saw. Without
    (eval mode), only z varies."""
    y = torch.arange(N_CLASSES, device=device).repeat_interleave(per_class)
    z = unit_cube(len(y), torch.Generator(device=device).manual_seed(seed))
    return sample(G, z, y, dropout, seed), y


def features(x):
    """The judge's feature vectors of images x (pixels in [0, 1])."""
    return gu.metrics.classifier_embedding(classifier, x, value_range=(0, 1))[0]


def class_precision_recall(x, y):
    """Precision and recall of the samples of each class against the test images of that class, in the judge's
    features (chapter 20's measure), and their averages over the classes."""
    f = features(x)
    per = [gu.metrics.precision_recall(reference[data.y_test == c], f[y == c]) for c in range(N_CLASSES)]
    return {"per class": per, **{k: sum(d[k] for d in per) / N_CLASSES for k in ("precision", "recall")}}


def judged(x, y):
    """Label accuracy, score and Fréchet distance of samples x asked for classes y."""
    feats, probs = gu.metrics.classifier_embedding(classifier, x, value_range=(0, 1))
    hits = (probs.argmax(1) == y).float()
    return {"label accuracy": hits.mean().item(), "per class": hits.view(N_CLASSES, -1).mean(1).tolist(),
            "score": gu.metrics.classifier_score(probs), "fd": gu.metrics.frechet_distance(feats, reference)}


def evaluate_cgan(G):
    """Measured right after training and stored with the weights, for samples with dropout (as trained) and without:
    the judge, the Parzen window and per-class precision and recall on 10,000 samples; and how much of the pixels'
    spread within a class comes from z (no dropout) and how much from the dropout masks (one z per class)."""
    out = {}
    for mode, dropout in (("with dropout", True), ("without dropout", False)):
        x, y = samples_of(G, PER_CLASS, seed=0, dropout=dropout)
        out[mode] = {**judged(x, y), "n": len(x), "parzen": gu.gan.parzen_protocol(x, validation, test),
                     "precision/recall": class_precision_recall(x, y)}
    x_z, y = samples_of(G, 100, seed=4, dropout=False)                   # z varies, no dropout
    z_one = unit_cube(N_CLASSES, torch.Generator(device=device).manual_seed(4)).repeat_interleave(100, 0)
    x_mask = sample(G, z_one, y, dropout=True, seed=4)                  # one z per class, the masks vary
    spread = lambda x: x.view(N_CLASSES, 100, -1).std(1).mean().item()  # noqa: E731
    return {**out["with dropout"], "without dropout": out["without dropout"],
            "pixel spread": {"z only": spread(x_z), "dropout masks only": spread(x_mask)}}


runs = {}
for seed in SEEDS:
    G, D = paper_cgan(seed)
    h = gu.fit({"G": G, "D": D}, conditional_gan_updates(G, D), (data.x_train, data.y_train), epochs=EPOCHS,
               batch_size=100, seed=seed, desc=f"conditional GAN, seed {seed}", keep=["G"],
               callback=lambda step, G=G: {k: v for k, v in judged(*samples_of(G, 100, seed=1, dropout=False)).items()
                                           if k != "per class"},
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
axes[0].set(title="label accuracy (1,000 samples, no dropout)", xlabel="epoch", ylim=(0, 1.02))
axes[1].set(title="judge's score (1,000 samples, no dropout)", xlabel="epoch")
axes[2].set(title="D(x|y) (solid) and D(G(z|y)|y) (dotted)", xlabel="epoch")
for ax in axes:
    ax.legend(fontsize="small")
plt.show()
