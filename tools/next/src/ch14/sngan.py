Z, WIDTH, BATCH = 100, 64, 64
G_STEPS = gu.budget(book=6_000, laptop=300, fast=5)
# Seconds per generator step (with its critic step and the checks) of seed 0 on the 2-core CPU, measured over its
# first 900 steps on 2026-12-04 (an estimate)
CPU_SECONDS_PER_G_STEP = 0.118
SEEDS = (0, 1, 2)
N_SAMPLES = gu.budget(full=10_000, fast=1_000)
classifier = gu.classifier.load_classifier(data)
judged = gu.metrics.Judge(classifier, data.x_test, value_range=(-1, 1))   # score and FD against the test images


def make_sngan(seed):
    torch.manual_seed(seed)
    G = DCGANGenerator(Z, data.image_shape, width=WIDTH).to(device)
    critic = DCGANDiscriminator(data.image_shape, width=WIDTH, norm="none", spectral_norm=True).to(device)
    dcgan_init(G), dcgan_init(critic)
    return G, critic


def sngan_updates(G, critic):
    """One hinge-loss critic step, then the generator's, with the paper's setting C."""
    opt_critic = torch.optim.Adam(critic.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))

    def critic_step(x):
        fake = G(torch.randn(len(x), Z, device=device)).detach()
        real_out, fake_out = critic(x), critic(fake)
        return hinge_discriminator_loss(real_out, fake_out), {"D(x) - D(G(z))": real_out.mean() - fake_out.mean()}

    def generator_step(x):
        return -critic(G(torch.randn(len(x), Z, device=device))).mean()

    return [gu.Update("critic", opt_critic, critic_step), gu.Update("G", opt_g, generator_step)]


def critic_gradient_norms(G, critic):
    """The trained critic's input-gradient norms at 256 validation images and 256 samples (eval mode)."""
    with gu.models.layers.evaluating(critic):
        probe = torch.cat([data.x_val[:256], generate(G, 256, Z)]).requires_grad_(True)
        grad, = torch.autograd.grad(critic(probe).sum(), probe)
    return grad.flatten(1).norm(dim=1)


def evaluate_sngan(G, critic):
    """Measured right after training and stored with the weights: the judge, the Parzen window, the critic's
    gradient norms and the spectral norms of its normalised (reshaped) weights."""
    x = generate(G, N_SAMPLES, Z)
    norms = critic_gradient_norms(G, critic)
    sigmas = {name: torch.linalg.matrix_norm(m.weight.flatten(1), ord=2).item()
              for name, m in critic.named_modules() if hasattr(m, "parametrizations")}
    return {**judged(x), "n": len(x),
            "parzen": gu.gan.parzen_protocol((x + 1) / 2, (data.x_val[:1000] + 1) / 2, (data.x_test + 1) / 2),
            "gradient_norm_median": norms.median().item(), "gradient_norm_max": norms.max().item(), "sigmas": sigmas}


runs = {}
for seed in SEEDS:
    G, critic = make_sngan(seed)
    h = gu.fit({"G": G, "critic": critic}, sngan_updates(G, critic), data.x_train, steps=G_STEPS, batch_size=BATCH,
               seed=seed, desc=f"SNGAN, seed {seed}", callback=lambda step, G=G: judged(generate(G, 2000, Z, seed=1)),
               callback_every=max(G_STEPS // 20, 1), keep=["G"], checkpoint=gu.checkpoint_path(f"ch14_sngan_s{seed}"),
               evaluate=lambda G=G, critic=critic: evaluate_sngan(G, critic))
    runs[seed] = {"G": G, "history": h, **h.evaluation}

fds = {s: r["fd"] for s, r in runs.items()}
median_seed = sorted(fds, key=fds.get)[len(fds) // 2]
assert runs[median_seed]["history"].weights_loaded, "the median run's generator must be trained or shipped"
G = runs[median_seed]["G"]
samples = generate(G, 32, Z, seed=2)
show_images(samples, nrow=16, value_range=(-1, 1), title=f"SNGAN samples, seed {median_seed} (the median Fréchet distance)")
plt.show()
fig, ax = plt.subplots(1, 2, figsize=(12, 3.6))
for seed, r in runs.items():
    c = r["history"].checks
    ax[0].plot(c["step"], c["fd"], "o-", ms=3, label=f"seed {seed}")
    ax[1].plot(c["step"], c["score"], "o-", ms=3, label=f"seed {seed}")
ax[0].axhline(0.02, color="k", ls="--", label="target 0.02")
ax[1].axhline(9.0, color="k", ls="--", label="target 9.0")
ax[0].set(xlabel="generator step", title="Fréchet distance (2,000 samples)", yscale="log")
ax[1].set(xlabel="generator step", title="judge's score (2,000 samples)")
for a in ax:
    a.legend(fontsize="small")
plt.show()
