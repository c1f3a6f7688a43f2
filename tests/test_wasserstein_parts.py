"""Critic losses, the gradient penalty (per-sample norms!) and spectral normalisation."""
from __future__ import annotations

import pytest
import torch
from torch import nn
import torch.nn.functional as F

from gen_utils.gan import gradient_penalty, hinge_discriminator_loss, wasserstein_critic_loss
from gen_utils.models import DCGANDiscriminator, SpectralNorm, power_iteration, spectral_norm


def test_wasserstein_and_hinge_losses():
    real, fake = torch.tensor([2.0, 0.5, -1.0]), torch.tensor([0.0, -3.0, 1.5])
    assert wasserstein_critic_loss(real, fake).item() == pytest.approx(fake.mean() - real.mean())
    # hinge: real terms max(0, 1 - r) = 0, 0.5, 2 ; fake terms max(0, 1 + f) = 1, 0, 2.5
    assert hinge_discriminator_loss(real, fake).item() == pytest.approx(2.5 / 3 + 3.5 / 3)


def test_gradient_penalty_of_a_linear_critic_is_exact():
    w = torch.randn(1, 3, 4, 4)
    critic = lambda x: (x * w).flatten(1).sum(1)  # noqa: E731  grad = w for every sample
    pen, norms = gradient_penalty(critic, torch.randn(8, 3, 4, 4), torch.randn(8, 3, 4, 4))
    assert torch.allclose(norms, w.norm().expand(8))
    assert pen.item() == pytest.approx((w.norm().item() - 1) ** 2, rel=1e-5)


def test_gradient_penalty_norms_are_per_sample():
    """A quadratic critic f(x) = |x|^2 / 2 has gradient x: each norm must be the norm of that sample's x_hat."""
    torch.manual_seed(0)
    real, fake = torch.randn(16, 1, 5, 5) * torch.arange(1, 17).view(16, 1, 1, 1), torch.zeros(16, 1, 5, 5)
    gen = torch.Generator().manual_seed(3)
    pen, norms = gradient_penalty(lambda x: 0.5 * x.pow(2).flatten(1).sum(1), real, fake, generator=gen)
    eps = torch.rand(16, 1, 1, 1, generator=torch.Generator().manual_seed(3))
    expected = (eps * real).flatten(1).norm(dim=1)
    assert torch.allclose(norms, expected, rtol=1e-5)
    assert norms.std() > 1                                  # they differ: a batch-wide norm would be one number
    assert pen.item() == pytest.approx((expected - 1).pow(2).mean().item(), rel=1e-5)


def test_gradient_penalty_trains_the_critic():
    critic = nn.Sequential(nn.Flatten(), nn.Linear(12, 1), nn.Flatten(0))
    pen, _ = gradient_penalty(critic, torch.randn(4, 3, 2, 2), torch.randn(4, 3, 2, 2))
    pen.backward()
    assert critic[1].weight.grad is not None and critic[1].weight.grad.abs().sum() > 0
    with pytest.raises(ValueError, match="one shape"):
        gradient_penalty(critic, torch.randn(4, 12), torch.randn(3, 12))


def test_power_iteration_finds_the_largest_singular_value():
    torch.manual_seed(0)
    w = torch.randn(20, 30)
    sigma, u, v = power_iteration(w, torch.nn.functional.normalize(torch.randn(20), dim=0), n_iter=200)
    assert sigma.item() == pytest.approx(torch.linalg.matrix_norm(w, ord=2).item(), rel=1e-4)
    assert torch.allclose(w @ v, sigma * u, atol=1e-3)
    with pytest.raises(ValueError, match="u of shape"):
        power_iteration(w, torch.randn(30))


def test_spectral_norm_matches_the_exact_norm_and_torch():
    torch.manual_seed(0)
    ours = spectral_norm(nn.Linear(30, 20))
    theirs = nn.utils.parametrizations.spectral_norm(nn.Linear(30, 20))
    with torch.no_grad():
        theirs.parametrizations.weight.original.copy_(ours.parametrizations.weight.original)
    x = torch.randn(5, 30)
    for _ in range(100):                                  # training-mode passes refine u
        ours(x), theirs(x)
    assert torch.linalg.matrix_norm(ours.weight, ord=2).item() == pytest.approx(1.0, abs=1e-4)
    assert torch.allclose(ours.weight, theirs.weight, atol=1e-4)
    ours.eval()
    before = ours.parametrizations.weight[0].u.clone()
    ours(x)
    assert torch.equal(before, ours.parametrizations.weight[0].u)  # eval mode leaves u alone


def test_spectral_norm_takes_torchs_step_from_the_same_vector():
    """From the same u, every training pass divides by the same sigma as PyTorch's spectral_norm: one power step
    v = W^T u / |W^T u|, u = W v / |W v|, then sigma = u^T W v' with v' = W^T u / |W^T u| (PyTorch keeps v', we
    recompute it); the converged check above could not tell a half step apart. (The authors' chainer code stops
    half a step earlier: sigma = u^T W v.)"""
    torch.manual_seed(0)
    ours = spectral_norm(nn.Linear(30, 20))
    theirs = nn.utils.parametrizations.spectral_norm(nn.Linear(30, 20))
    sn, ref = ours.parametrizations.weight[0], theirs.parametrizations.weight[0]
    with torch.no_grad():
        theirs.parametrizations.weight.original.copy_(ours.parametrizations.weight.original)
        theirs.bias.copy_(ours.bias)
        w = ours.parametrizations.weight.original
        ref._u.copy_(F.normalize(torch.randn(20), dim=0))
        ref._v.copy_(F.normalize(w.T @ ref._u, dim=0))                 # torch's v always follows its u
        sn.u.copy_(ref._u)
    x = torch.randn(5, 30)
    for _ in range(3):
        assert torch.allclose(ours(x), theirs(x), atol=1e-6)
        assert torch.allclose(sn.u, ref._u, atol=1e-6)
    half_step = w / torch.dot(sn.u, w @ F.normalize(w.T @ sn.u, dim=0)).detach()
    with torch.no_grad():
        _, u1, v0 = power_iteration(w, sn.u)
    authors = w / torch.dot(u1, w @ v0)
    assert not torch.allclose(authors, half_step, atol=1e-6)           # the test can tell the two apart
    ours.eval(), theirs.eval()
    assert torch.allclose(ours(x), theirs(x), atol=1e-6)


def test_spectral_norm_on_convolutions_and_gradients():
    conv = spectral_norm(nn.Conv2d(3, 8, 4, 2, 1))
    for _ in range(50):
        conv(torch.randn(2, 3, 8, 8))
    assert torch.linalg.matrix_norm(conv.weight.flatten(1), ord=2).item() == pytest.approx(1.0, abs=1e-3)
    conv(torch.randn(2, 3, 8, 8)).sum().backward()
    assert conv.parametrizations.weight.original.grad is not None
    assert isinstance(conv.parametrizations.weight[0], SpectralNorm)
    with pytest.raises(ValueError, match="weight matrix"):
        spectral_norm(nn.ReLU())


def test_dcgan_discriminator_uses_our_spectral_norm():
    D = DCGANDiscriminator(width=8, spectral_norm=True)
    assert isinstance(D.head.parametrizations.weight[0], SpectralNorm)


def test_two_forward_passes_before_one_backward():
    """A critic sees the real and the fake batch before the loss is backpropagated: the in-place update of u
    in the second pass must not break the first pass's graph."""
    layer = spectral_norm(nn.Linear(6, 4))
    loss = layer(torch.randn(3, 6)).sum() - layer(torch.randn(3, 6)).sum()
    loss.backward()
    assert layer.parametrizations.weight.original.grad is not None
