STEPS = gu.budget(book=20_000, laptop=300, fast=10)
SEEDS = (0, 1, 2)
N_SAMPLES = gu.budget(full=10_000, fast=1_000)
LABELS = 1000                                          # labelled images for the linear probe (the paper's SVHN setting)
classifier = gu.classifier.load_classifier(data)
judged = gu.metrics.Judge(classifier, data.x_test, value_range=(-1, 1))   # score and FD against the test images
probe_idx = torch.randperm(len(data.x_train), generator=torch.Generator().manual_seed(0))[:LABELS].to(device)


def dcgan_updates(G, D, lr=2e-4, betas=(0.5, 0.999)):
    """The discriminator's step, then the generator's, with Adam (chapter 6's game, packed in gen_utils)."""
    return gu.gan.gan_updates(G, D, Z, lr=lr, betas=betas)


def make_dcgan(g_kwargs=None, d_kwargs=None, seed=0):
    torch.manual_seed(seed)
    G = DCGANGenerator(Z, data.image_shape, width=WIDTH, **(g_kwargs or {})).to(device)
    D = DCGANDiscriminator(data.image_shape, width=WIDTH, **(d_kwargs or {})).to(device)
    dcgan_init(G), dcgan_init(D)
    return G, D


def probe(features):
    """Test accuracy of a linear classifier on `features` of the LABELS labelled training images."""
    with torch.no_grad():
        tr, te = features(data.x_train[probe_idx]), gu.map_batches(features, data.x_test)
    return gu.metrics.linear_probe_accuracy(tr, data.y_train[probe_idx], te, data.y_test)


def evaluate_dcgan(G, D):
    """Measured right after training and stored with the weights: the judge on N_SAMPLES samples, the Parzen window,
    and the linear probe on the trained discriminator's features (its weights are not shipped)."""
    x = generate(G, N_SAMPLES, Z)
    with gu.models.layers.evaluating(D):
        accuracy = probe(D.features)
    return {**judged(x), "n": len(x), "parzen": gu.gan.parzen_protocol((x + 1) / 2, (data.x_val[:1000] + 1) / 2,
                                                                       (data.x_test + 1) / 2),
            "probe": accuracy}


runs = {}
for seed in SEEDS:
    G, D = make_dcgan(seed=seed)
    h = gu.fit({"G": G, "D": D}, dcgan_updates(G, D), data.x_train, steps=STEPS, batch_size=128, seed=seed,
               desc=f"DCGAN, seed {seed}", callback=lambda step, G=G: judged(generate(G, 2000, Z, seed=1)),
               callback_every=max(STEPS // 10, 1), keep=["G"], checkpoint=gu.checkpoint_path(f"ch08_dcgan_s{seed}"),
               evaluate=lambda G=G, D=D: evaluate_dcgan(G, D))
    runs[seed] = {"G": G, "history": h, **h.evaluation}

fds = {s: r["fd"] for s, r in runs.items()}
median_seed = sorted(fds, key=fds.get)[len(fds) // 2]
assert runs[median_seed]["history"].weights_loaded, "the median run's generator must be trained or shipped"
G = runs[median_seed]["G"]
fig, axes = plt.subplots(1, 3, figsize=(15, 3.5))
for seed, r in runs.items():
    h = r["history"]
    axes[0].plot(h.checks["step"], h.checks["score"], marker="o", label=f"seed {seed}")
    axes[1].plot(h.checks["step"], h.checks["fd"], marker="o", label=f"seed {seed}")
    axes[2].plot(h.steps, h["D(x)"], color=f"C{seed}", label=f"D(x), seed {seed}")
    axes[2].plot(h.steps, h["D(G(z))"], color=f"C{seed}", ls=":", label=f"D(G(z)), seed {seed}")
axes[0].axhline(9.0, color="k", ls="--", label="target 9.0")
axes[1].axhline(0.02, color="k", ls="--", label="target 0.02")
axes[0].set(title="judge's score (2,000 samples)", xlabel="step")
axes[1].set(title="Fréchet distance (2,000 samples)", xlabel="step", yscale="log")
axes[2].set(title="D(x) (solid) and D(G(z)) (dotted)", xlabel="step")
for ax in axes:
    ax.legend(fontsize="small")
plt.show()
samples = generate(G, 40, Z, seed=2)
show_images(samples, nrow=20, value_range=(-1, 1), title=f"DCGAN samples, seed {median_seed} (the median Fréchet distance)")
plt.show()
