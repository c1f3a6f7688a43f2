import math

import pytest
import torch

import gen_utils as gu
from gen_utils import priors
from gen_utils.models import CodeDiscriminator


def test_gaussian_prior_moments():
    z = priors.sample_prior("gaussian", 50_000, dim=3, generator=torch.Generator().manual_seed(0), device="cpu")
    assert z.shape == (50_000, 3)
    assert z.mean(0).abs().max() < 0.02 and (z.std(0) - 1).abs().max() < 0.02


def test_mixture_components_follow_the_labels():
    g = torch.Generator().manual_seed(0)
    labels = torch.arange(10).repeat_interleave(2000)
    z = priors.sample_prior("mixture", len(labels), labels=labels, generator=g, device="cpu")
    angles = torch.atan2(z[:, 1], z[:, 0]) % (2 * math.pi)
    expected = 2 * math.pi * labels.float() / 10
    diff = torch.remainder(angles - expected + math.pi, 2 * math.pi) - math.pi
    assert diff.abs().median() < 0.1  # each code lies in the direction of its component
    means = torch.stack([z[labels == k].mean(0) for k in range(10)])
    assert torch.allclose(means.norm(dim=1), torch.full((10,), 3.0), atol=0.1)


def test_swiss_roll_segments_are_ordered_along_the_roll():
    g = torch.Generator().manual_seed(0)
    labels = torch.arange(10).repeat_interleave(500)
    z = priors.sample_prior("swiss_roll", len(labels), labels=labels, generator=g, device="cpu")
    radius = torch.stack([z[labels == k].norm(dim=1).mean() for k in range(10)])
    assert (radius[1:] > radius[:-1]).all()  # later segments lie farther out on the spiral


def test_prior_errors():
    with pytest.raises(ValueError, match="unknown prior"):
        priors.sample_prior("laplace", 5)
    with pytest.raises(ValueError, match="two-dimensional"):
        priors.sample_prior("mixture", 5, dim=3)
    with pytest.raises(ValueError, match="labels"):
        priors.sample_prior("mixture", 5, labels=torch.tensor([0, 1, 2, 3, 10]))


def test_code_discriminator_learns_to_tell_prior_from_codes():
    torch.manual_seed(0)
    disc = CodeDiscriminator(2, hidden=(32, 32))
    opt = torch.optim.Adam(disc.parameters(), lr=1e-2)
    bce = torch.nn.functional.binary_cross_entropy_with_logits

    def loss(_):
        real, fake = torch.randn(128, 2), torch.randn(128, 2) * 0.3 + 3
        return bce(disc(real), torch.ones(128)) + bce(disc(fake), torch.zeros(128))

    gu.fit(disc, gu.Update("D", opt, loss), torch.zeros(128, 1), steps=100, progress=False)
    with torch.no_grad():
        assert torch.sigmoid(disc(torch.randn(500, 2))).mean() > 0.9
        assert torch.sigmoid(disc(torch.randn(500, 2) * 0.3 + 3)).mean() < 0.1
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        disc(torch.zeros(4, 3))
