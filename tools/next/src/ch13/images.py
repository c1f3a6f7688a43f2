data = gu.load_images("mnist", fallback="fashion_mnist", value_range=(-1, 1), device=device)
print(data)
Z, WIDTH, BATCH, LAMBDA = 100, 64, 50, 10
G_STEPS = gu.budget(book=6_000, laptop=250, fast=5)
# Seconds per generator step (five critic steps with the penalty, and the checks) of seed 0 on the 2-core CPU,
# measured over its steps 300-500 (tools/next/cpu_rate.sh, 2026-12-04)
CPU_SECONDS_PER_G_STEP = 0.39
SEEDS = (0, 1, 2)
N_SAMPLES = gu.budget(full=10_000, fast=1_000)
classifier = gu.classifier.load_classifier(data)
judged = gu.metrics.Judge(classifier, data.x_test, value_range=(-1, 1))   # score and FD against the test images


def make_wgan_gp(seed):
    torch.manual_seed(seed)
    G = DCGANGenerator(Z, data.image_shape, width=WIDTH).to(device)
    critic = DCGANDiscriminator(data.image_shape, width=WIDTH, norm="none").to(device)    # as the authors' critic
    dcgan_init(G), dcgan_init(critic)
    return G, critic


def wgan_gp_updates(G, critic):
    """Five critic steps on E f(G(z)) - E f(x) + lambda * penalty, then the generator's step; Adam (0.5, 0.9)."""
    opt_critic = torch.optim.Adam(critic.parameters(), lr=1e-4, betas=(0.5, 0.9))
    opt_g = torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.5, 0.9))

    def critic_step(x):
        fake = G(torch.randn(len(x), Z, device=device)).detach()
        loss = wasserstein_critic_loss(critic(x), critic(fake))
        penalty, norms = gradient_penalty(critic, x, fake)
        return loss + LAMBDA * penalty, {"W estimate": -loss, "gradient norm": norms.mean()}

    def generator_step(x):
        return -critic(G(torch.randn(len(x), Z, device=device))).mean()

    return [gu.Update("critic", opt_critic, critic_step, repeats=N_CRITIC), gu.Update("G", opt_g, generator_step)]


def evaluate_wgan_gp(G):
    """Measured right after training and stored with the weights: the judge on N_SAMPLES samples, the Parzen window."""
    x = generate(G, N_SAMPLES, Z)
    return {**judged(x), "n": len(x),
            "parzen": gu.gan.parzen_protocol((x + 1) / 2, (data.x_val[:1000] + 1) / 2, (data.x_test + 1) / 2)}


runs = {}
for seed in SEEDS:
    G, critic = make_wgan_gp(seed)
    h = gu.fit({"G": G, "critic": critic}, wgan_gp_updates(G, critic), data.x_train, steps=G_STEPS, batch_size=BATCH,
               seed=seed, desc=f"WGAN-GP, seed {seed}", callback=lambda step, G=G: judged(generate(G, 2000, Z, seed=1)),
               callback_every=max(G_STEPS // 20, 1), keep=["G"], checkpoint=gu.checkpoint_path(f"ch13_wgan_gp_s{seed}"),
               evaluate=lambda G=G: evaluate_wgan_gp(G))
    runs[seed] = {"G": G, "history": h, **h.evaluation}

fds = {s: r["fd"] for s, r in runs.items()}
median_seed = sorted(fds, key=fds.get)[len(fds) // 2]
assert runs[median_seed]["history"].weights_loaded, "the median run's generator must be trained or shipped"
G = runs[median_seed]["G"]
fig, axes = plt.subplots(1, 3, figsize=(16, 3.6))
for seed, r in runs.items():
    h = r["history"]
    axes[0].plot(h.steps, h["W estimate"], label=f"seed {seed}")
    axes[1].plot(h.steps, h["gradient norm"], label=f"seed {seed}")
    axes[2].plot(h.checks["step"], h.checks["fd"], "o-", ms=3, label=f"WGAN-GP, seed {seed}")
axes[1].axhline(1, color="k", ls="--")
axes[0].set(title="critic's W estimate (training batches)", xlabel="generator step")
axes[1].set(title="mean gradient norm at the interpolates", xlabel="generator step")
axes[2].set(yscale="log", xlabel="generator step", title="Fréchet distance (2,000 samples)")
for ax in axes:
    ax.legend(fontsize="small")
plt.show()
samples = generate(G, 40, Z, seed=2)
show_images(samples, nrow=20, value_range=(-1, 1), title=f"WGAN-GP samples, seed {median_seed} (the median Fréchet distance)")
plt.show()
