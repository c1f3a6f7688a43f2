import math

import pytest
import torch
from torch.distributions import Normal, kl_divergence

from gen_utils import losses, metrics
from gen_utils.models import VAE, make_vae, mlp


def test_kl_of_diagonal_gaussians_matches_torch_distributions():
    g = torch.Generator().manual_seed(0)
    mq, lq, mp, lp = (torch.randn(5, 7, generator=g) for _ in range(4))
    expected = kl_divergence(Normal(mq, (0.5 * lq).exp()), Normal(mp, (0.5 * lp).exp())).sum(-1)
    assert torch.allclose(losses.kl_diag_gaussians(mq, lq, mp, lp), expected, atol=1e-5)
    to_prior = kl_divergence(Normal(mq, (0.5 * lq).exp()), Normal(0.0, 1.0)).sum(-1)
    assert torch.allclose(losses.kl_diag_gaussians(mq, lq), to_prior, atol=1e-5)
    assert torch.allclose(losses.kl_diag_gaussians(mq, lq, mq, lq), torch.zeros(5), atol=1e-6)
    with pytest.raises(ValueError, match="one shape"):
        losses.kl_diag_gaussians(mq, lq[:, :3])


@pytest.mark.parametrize("kind", ["mlp", "conv"])
def test_vae_shapes(kind):
    vae = make_vae(kind, 3)
    mu, logvar = vae.encode(torch.rand(4, 1, 28, 28))
    assert mu.shape == logvar.shape == (4, 3)
    assert vae.decode(mu).shape == (4, 1, 28, 28)
    s = vae.sample(6)
    assert s.shape == (6, 1, 28, 28) and 0 <= s.min() and s.max() <= 1
    with pytest.raises(ValueError, match="kind"):
        make_vae("flow", 3)


def tiny_vae(seed=0):
    """One latent dimension, two binary pixels: log p(x) can be integrated numerically."""
    torch.manual_seed(seed)

    class Enc(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.net = mlp([2, 8, 2])

        def forward(self, x):
            return self.net(x.flatten(1))

    class Dec(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.net = mlp([1, 8, 2])

        def forward(self, z):
            return 2 * self.net(z).view(-1, 1, 1, 2)

    return VAE(Enc(), Dec(), 1).double()


def exact_log_px(vae, x):
    z = torch.linspace(-10, 10, 20001, dtype=torch.float64)[:, None]
    logits = vae.decode(z)  # (Z, 1, 1, 2)
    out = []
    for xi in x:
        log_px_z = -losses.bernoulli_nll(logits, xi.expand_as(logits))
        log_joint = log_px_z + Normal(0.0, 1.0).log_prob(z[:, 0])
        out.append(torch.logsumexp(log_joint, 0) + math.log(z[1, 0] - z[0, 0]))
    return torch.stack(out)


def test_iwae_approaches_the_exact_log_likelihood_from_below():
    vae = tiny_vae()
    x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], dtype=torch.float64).view(4, 1, 1, 2)
    with torch.no_grad():
        exact = exact_log_px(vae, x)
        logw = metrics.importance_log_weights(vae, x, 20000, generator=torch.Generator().manual_seed(0))
    assert logw.shape == (20000, 4)
    assert torch.allclose(metrics.iwae_estimate(logw), exact, atol=0.01)
    # the ELBO (k = 1, averaged) is below log p(x); k = 100 lies between
    elbo = logw.mean(0)
    k100 = torch.stack([metrics.iwae_estimate(logw[i:i + 100]) for i in range(0, 20000, 100)])
    se = k100.std(0) / math.sqrt(len(k100))
    assert (elbo < k100.mean(0) - 3 * se).all() and (k100.mean(0) < exact + 3 * se).all()
    with pytest.raises(ValueError):
        metrics.iwae_estimate(logw, 0)
