bce = F.binary_cross_entropy_with_logits
NOISE = 64


def gan_updates(G, D, noise_dim, saturating=False, lr=2e-4):
    """Discriminator step, then generator step; batches are real samples."""
    opt_d = torch.optim.Adam(D.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(G.parameters(), lr=lr, betas=(0.5, 0.999))

    def d_loss(x_real):
        z = torch.randn(len(x_real), noise_dim, device=x_real.device)
        real, fake = D(x_real), D(G(z).detach())
        loss = bce(real, torch.ones_like(real)) + bce(fake, torch.zeros_like(fake))
        return loss, {"D(x)": torch.sigmoid(real).mean(), "D(G(z))": torch.sigmoid(fake).mean()}

    def g_loss(x_real):
        fake = D(G(torch.randn(len(x_real), noise_dim, device=x_real.device)))
        if saturating:
            return -bce(fake, torch.zeros_like(fake))      # minimise log(1 - D(G(z)))
        return bce(fake, torch.ones_like(fake))            # minimise -log D(G(z))

    return [gu.Update("D", opt_d, d_loss), gu.Update("G", opt_g, g_loss)]


TOY_STEPS = gu.budget(book=25_000, laptop=3_000, fast=50)
TOY_SEEDS = (0, 1, 2)
CHECKS = 20                                              # coverage measured 20 times per run
TOYS = {"ring": (gu.data.ring_centers(), 0.02), "grid": (gu.data.grid_centers(), 0.05)}
LOSSES = ("non-saturating", "saturating")


def train_toy(toy, loss, seed):
    """Both players from `seed`, TOY_STEPS steps; every TOY_STEPS / CHECKS steps the share of 5,000 samples (fixed
    noise) that are high quality at each mode, and the number of modes covered."""
    torch.manual_seed(seed)
    G, D = mlp([NOISE, 256, 256, 2]).to(device), mlp([2, 256, 256, 1]).to(device)
    real = gu.data.sample_toy(toy, 100_000, device=device, generator=torch.Generator().manual_seed(seed))
    centers, std = TOYS[toy]
    z = torch.randn(5000, NOISE, device=device, generator=torch.Generator(device=device).manual_seed(99))

    def coverage(step):
        with torch.no_grad():
            samples = G(z)
        shares = gu.metrics.mode_shares(samples, centers, std)
        return {**gu.metrics.mode_coverage(samples, centers, std), **{f"mode {k}": s.item() for k, s in enumerate(shares)}}

    history = gu.fit({"G": G, "D": D}, gan_updates(G, D, NOISE, saturating=loss == "saturating"), real,
                     steps=TOY_STEPS, batch_size=512, seed=seed, progress=False, callback=coverage,
                     callback_every=max(TOY_STEPS // CHECKS, 1), keep=["G"],
                     checkpoint=gu.checkpoint_path(f"ch06_toy_{toy}_{loss.replace('-', '_')}_s{seed}"))
    return G, history


RUNS = [(toy, loss) for toy in TOYS for loss in LOSSES]
toy_runs = {(toy, loss, seed): train_toy(toy, loss, seed) for toy, loss in RUNS for seed in TOY_SEEDS}

z_show = torch.randn(2000, NOISE, device=device, generator=torch.Generator(device=device).manual_seed(7))
fig, axes = plt.subplots(len(RUNS), len(TOY_SEEDS), figsize=(2.6 * len(TOY_SEEDS), 2.6 * len(RUNS)), squeeze=False)
for row, (toy, loss) in zip(axes, RUNS):
    centers = TOYS[toy][0]
    for ax, seed in zip(row, TOY_SEEDS):
        G, h = toy_runs[toy, loss, seed]
        with torch.no_grad():
            s = G(z_show).cpu()
        ax.scatter(s[:, 0], s[:, 1], s=1, alpha=0.3)
        ax.scatter(centers[:, 0], centers[:, 1], s=12, c="red", marker="x")
        ax.set(xlim=(-5.5, 5.5), ylim=(-5.5, 5.5), xticks=[], yticks=[])
        ax.set_title(f"seed {seed}: {h.checks['modes'][-1]:.0f} of {len(centers)} modes", fontsize=8)
    row[0].set_ylabel(f"{toy}\n{loss}")
fig.suptitle(f"Samples after {TOY_STEPS:,} steps (red crosses: the modes)")
plt.tight_layout()
plt.show()

fig, axes = plt.subplots(1, len(RUNS), figsize=(4 * len(RUNS), 3.4))
for ax, (toy, loss) in zip(axes, RUNS):
    h = toy_runs[toy, loss, TOY_SEEDS[0]][1]
    k = len(TOYS[toy][0])
    shares = torch.tensor([h.checks[f"mode {m}"] for m in range(k)])          # (modes, checks)
    steps = h.checks["step"]
    im = ax.imshow(shares, aspect="auto", cmap="magma", vmin=0, vmax=2 / k, interpolation="nearest",
                   extent=(0, steps[-1], k - 0.5, -0.5))
    ax.set(title=f"{toy}, {loss} (seed {TOY_SEEDS[0]})", xlabel="step", ylabel="mode")
    fig.colorbar(im, ax=ax, label="share of samples")
plt.tight_layout()
plt.show()
