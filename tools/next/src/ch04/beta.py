BETAS = [0.25, 1.0, 4.0, 16.0]
BETA_EPOCHS = gu.budget(book=50, laptop=3, fast=1)


def rate_distortion(vae):
    """On the binary test images: the rate (KL summed over the code), the distortion -log p(x|z) at one drawn z per
    image, the KL per code dimension and how many dimensions carry more than 0.01 nats (plain data, for the record)."""
    gen = torch.Generator(device=device).manual_seed(4)
    with torch.no_grad():
        mu, logvar = gu.map_batches(lambda x: torch.cat(vae.encode(x), 1), x_test_bin).chunk(2, 1)
        kl_per_dim = 0.5 * (mu**2 + logvar.exp() - logvar - 1).mean(0)          # KL(q(z_j|x) || N(0, 1)), mean over x
        z = mu + (0.5 * logvar).exp() * torch.randn(mu.shape, device=device, generator=gen)
        distortion = torch.cat([bernoulli_nll(vae.decode(zb), xb)
                                for zb, xb in zip(z.split(1000), x_test_bin.split(1000))]).mean()
    return {"rate": kl_per_dim.sum().item(), "distortion": distortion.item(), "kl_per_dim": kl_per_dim.tolist(),
            "active": int((kl_per_dim > 0.01).sum())}


beta_runs = {beta: train_vae("mlp", 10, beta=beta, epochs=BETA_EPOCHS, evaluate=rate_distortion)[1].evaluation
             for beta in BETAS}                                  # measured right after training, kept with the record

fig, axes = plt.subplots(1, 2, figsize=(12, 3.8))
axes[0].plot([r["rate"] for r in beta_runs.values()], [r["distortion"] for r in beta_runs.values()], "o-")
for beta, r in beta_runs.items():
    axes[0].annotate(f"β={beta:g}", (r["rate"], r["distortion"]), textcoords="offset points", xytext=(5, 5))
axes[0].set(xlabel="rate: KL (nats)", ylabel="distortion: −log p(x|z) (nats)", title="rate against distortion")
width = 0.8 / len(BETAS)
for i, (beta, r) in enumerate(beta_runs.items()):
    axes[1].bar(torch.arange(10) + i * width, torch.tensor(r["kl_per_dim"]).sort(descending=True).values, width,
                label=f"β={beta:g}")
axes[1].set(xlabel="code dimension (sorted by KL)", ylabel="KL per dimension (nats)", yscale="log",
            title=f"where the rate goes ({BETA_EPOCHS} epochs each)")
axes[1].legend(fontsize="x-small", ncol=2)
plt.show()
