K_MAX = gu.budget(book=5000, laptop=5000, fast=50)
KS = [k for k in (1, 10, 100, 1000, 5000) if k <= K_MAX]
N_IW = gu.budget(book=500, laptop=500, fast=100)           # test images for the d = 20 model's curve
N_HEADLINE = gu.budget(book=10_000, laptop=500, fast=100)  # the headline's: all of them, as the paper (15-20 CPU minutes)
LOG_2PI = math.log(2 * math.pi)


def importance_log_weights(vae, x, k, generator=None, chunk=50_000):
    """log w_i = log p(x|z_i) + log p(z_i) - log q(z_i|x), z_i ~ q(z|x); shape (k, N)."""
    mu, logvar = vae.encode(x)                                         # q(z|x) = N(mu, diag exp(logvar))
    n, d = mu.shape
    out = []
    for start in range(0, k, max(1, chunk // n)):
        m = min(max(1, chunk // n), k - start)
        eps = torch.randn(m, n, d, device=mu.device, generator=generator)
        z = mu + (0.5 * logvar).exp() * eps                               # z_i ~ q(z|x)
        x_rep = x.expand(m, *x.shape).reshape(m * n, *x.shape[1:])
        log_px_z = -bernoulli_nll(vae.decode(z.reshape(m * n, d)), x_rep).view(m, n)   # log p(x|z_i)
        log_pz = -0.5 * (z.pow(2) + LOG_2PI).sum(-1)                      # log N(z_i; 0, I)
        log_qz = -0.5 * (eps.pow(2) + logvar + LOG_2PI).sum(-1)          # log N(z_i; mu, sigma^2)
        out.append(log_px_z + log_pz - log_qz)
    return torch.cat(out)


with torch.no_grad():                       # the chapter's weights and the package's, from the same random numbers
    ours_w = importance_log_weights(vaes[20], x_test_bin[:20], 30, generator=torch.Generator(device=device).manual_seed(0))
    package_w = gu.metrics.importance_log_weights(vaes[20], x_test_bin[:20], 30, generator=torch.Generator(device=device).manual_seed(0))
assert torch.allclose(ours_w, package_w, atol=1e-3), "gu.metrics.importance_log_weights differs from this chapter's"


def test_bound_curve(vae, x, batch: int = 100) -> dict:
    """L_k per test image for every k in KS, from one set of K_MAX samples per image: {k: tensor (N,)}."""
    gen_k = torch.Generator(device=device).manual_seed(0)
    per_k = {k: [] for k in KS}
    with torch.no_grad():
        for i in range(0, len(x), batch):
            logw = importance_log_weights(vae, x[i:i + batch], K_MAX, generator=gen_k)
            for k in KS:
                per_k[k].append(torch.logsumexp(logw[:k], 0) - math.log(k))     # log (1/k) sum_i w_i
    return {k: torch.cat(v) for k, v in per_k.items()}


def bound_summary(vae, x):
    """-L_k's mean and standard error over the images x for every k, and the closed-form -ELBO's mean (plain data)."""
    curve = test_bound_curve(vae, x)
    torch.manual_seed(0)
    with torch.no_grad():
        elbo = torch.cat([vae_loss(vae, xb)[0].expand(len(xb)) for xb in x.split(100)]).mean().item()
    return {"images": len(x), "elbo": -elbo, "L_k": {str(k): v.mean().item() for k, v in curve.items()},
            "se": {str(k): (v.std() / math.sqrt(len(v))).item() for k, v in curve.items()}}


# the IWAE paper's one-stochastic-layer VAE (784-200-200-50; ReLU here, tanh there), at its batch and schedule,
# scored right after training on all 10,000 binarised test images (stored with the weights) in the book budget
headline = "IWAE paper's VAE (200-200, d = 50)"
N_CHECK = gu.budget(book=1000, laptop=200, fast=100)      # the curve during training: -L_k on the first N_CHECK
K_CHECK = min(gu.budget(book=1000, laptop=100, fast=50), K_MAX)   # test images, k = K_CHECK


def bound_check(vae):
    """-L_k on the first N_CHECK test images, k = K_CHECK (the same random numbers at every check)."""
    with torch.no_grad():
        logw = torch.cat([importance_log_weights(vae, xb, K_CHECK, generator=torch.Generator(device=device).manual_seed(i))
                          for i, xb in enumerate(x_test_bin[:N_CHECK].split(100))], 1)
    return {f"-L_{K_CHECK}": -(torch.logsumexp(logw, 0) - math.log(K_CHECK)).mean().item()}


iwae_vae, iwae_history = train_vae("mlp", 50, hidden=(200, 200), epochs=IWAE_EPOCHS, batch_size=IWAE_BATCH,
                                   paper_schedule=True, evaluate=lambda vae: bound_summary(vae, x_test_bin[:N_HEADLINE]),
                                   check=bound_check)
assert iwae_history.evaluation is not None and iwae_history.checks, "the training was interrupted: run this cell again"
summaries = {headline: iwae_history.evaluation, "MLP VAE (512-256, d = 20)": bound_summary(vaes[20], x_test_bin[:N_IW])}
nll = {name: {int(k): -v for k, v in s["L_k"].items()} for name, s in summaries.items()}
nll_se = {name: {int(k): v for k, v in s["se"].items()} for name, s in summaries.items()}
for name, s in summaries.items():           # ELBO <= L_k <= L_k' for k < k', averaged over the test images
    means = [s["L_k"][str(k)] for k in KS]
    assert all(a <= b + 1e-3 for a, b in zip(means, means[1:])), f"{name}: L_k fell as k grew: {means}"
    assert abs(s["elbo"] - means[0]) < 4 * s["se"]["1"] + 0.5, f"{name}: L_1 ({means[0]:.2f}) is not the ELBO ({s['elbo']:.2f})"
    assert s["elbo"] <= means[-1], f"{name}: the ELBO exceeds L_{KS[-1]}"

fig, axes = plt.subplots(1, 2, figsize=(12, 3.8))
for name, curve in nll.items():
    axes[0].plot(list(curve), list(curve.values()), "o-", label=f"{name}, {summaries[name]['images']:,} test images")
axes[0].set(xscale="log", xlabel="importance samples k", ylabel="test $-\\mathcal{L}_k$ (nats)",
            title=f"{data.title}, binarised: the bound tightens with k")
axes[0].legend(fontsize="small")
axes[0].grid(alpha=0.3)
check_epochs = [step * IWAE_BATCH / len(data.x_train) for step in iwae_history.checks["step"]]
axes[1].plot(check_epochs, iwae_history.checks[f"-L_{K_CHECK}"], "o-", label=f"$-\\mathcal{{L}}_{{{K_CHECK}}}$, first {N_CHECK:,} test images")
axes[1].axhline(86.76, color="k", ls="--", lw=1, label="the paper, 3,280 epochs (all test images, k = 5000)")
axes[1].set(xscale="log", xlabel="epoch", ylabel="nats", title="the headline VAE during training")
axes[1].legend(fontsize="small")
axes[1].grid(alpha=0.3)
plt.show()
rows = "\n".join(f"| {name} | {summaries[name]['images']:,} | {c[1]:.2f} ± {nll_se[name][1]:.2f} | "
                 f"{c[KS[-1]]:.2f} ± {nll_se[name][KS[-1]]:.2f} | {c[1] - c[KS[-1]]:.2f} |" for name, c in nll.items())
gu.report(f"""
| model | test images | −ELBO (k = 1) | −log p(x) estimate (k = {KS[-1]}) | gap |
| --- | --- | --- | --- | --- |
{rows}
""")
