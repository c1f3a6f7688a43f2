"""Flow layers: log-determinants against autograd's full Jacobian, exact inverses, dequantised bits per dimension."""
import math

import pytest
import torch
from torch import nn

from gen_utils.models.flows import (ActNorm, AffineCoupling, Flow, LogitTransform, MultiScaleFlow, Squeeze,
                                    channel_mask, checkerboard_mask, dequantize, dequantized_bits_per_dim,
                                    jacobian_log_det, standard_normal_log_prob)


def _net(channels: int) -> nn.Module:
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(channels, 8, 3, padding=1), nn.Tanh(), nn.Conv2d(8, 2 * channels, 3, padding=1))
    for p in net.parameters():
        nn.init.normal_(p, std=0.3)
    return net


def _layers():
    return {
        "checkerboard coupling": (AffineCoupling(checkerboard_mask(4, 4, 1), _net(1)), (1, 4, 4)),
        "channel coupling": (AffineCoupling(channel_mask(4, 0), _net(4)), (4, 2, 2)),
        "actnorm": (ActNorm(2), (2, 3, 3)),
        "squeeze": (Squeeze(), (1, 4, 4)),
        "logit": (LogitTransform(0.05), (1, 3, 3)),
    }


@pytest.mark.parametrize("name", list(_layers()))
def test_log_det_matches_autograd_and_inverse_is_exact(name):
    layer, shape = _layers()[name]
    torch.manual_seed(1)
    x = torch.rand(3, *shape, dtype=torch.float64) if name == "logit" else torch.randn(3, *shape, dtype=torch.float64)
    layer = layer.double()
    y, logdet = layer(x)                                  # (actnorm initialises on this batch)
    by_autograd = jacobian_log_det(lambda v: layer(v)[0], x)
    assert torch.allclose(logdet, by_autograd, atol=1e-8), name
    assert torch.allclose(layer.inverse(y), x, atol=1e-10), name


def test_coupling_keeps_the_masked_half_and_masks_are_complementary():
    mask = checkerboard_mask(4, 4, 0)
    assert torch.equal(mask + checkerboard_mask(4, 4, 1), torch.ones(1, 1, 4, 4))
    assert torch.equal(channel_mask(4, 0) + channel_mask(4, 1), torch.ones(1, 4, 1, 1))
    layer = AffineCoupling(mask, _net(1))
    x = torch.randn(2, 1, 4, 4)
    y, _ = layer(x)
    assert torch.equal(y * mask, x * mask)
    with pytest.raises(ValueError, match="even number"):
        channel_mask(3)


def test_actnorm_initialises_to_zero_mean_unit_variance():
    x = 3 + 2 * torch.randn(64, 2, 5, 5)
    y, _ = ActNorm(2)(x)
    assert torch.allclose(y.mean(dim=(0, 2, 3)), torch.zeros(2), atol=1e-5)
    assert torch.allclose(y.std(dim=(0, 2, 3)), torch.ones(2), atol=1e-4)


def test_flow_log_prob_is_the_change_of_variables():
    """ActNorm initialised on x = 1, 3, 5 maps z = (x - 3) / 2, so the flow's density must be N(x; 3, 2^2)."""
    flow = Flow([ActNorm(1)])
    x = torch.tensor([[[[1.0]]], [[[3.0]]], [[[5.0]]]])
    flow(x)                                               # initialise: b = 3, s = sd = 2
    expected = torch.distributions.Normal(3.0, 2.0).log_prob(x.flatten())
    assert torch.allclose(flow.log_prob(x), expected, atol=1e-5)
    z = torch.randn(4, 1, 1, 1)
    assert torch.allclose(flow(flow.inverse(z))[0], z, atol=1e-5)
    assert torch.allclose(standard_normal_log_prob(torch.zeros(2, 3)), torch.full((2,), -1.5 * math.log(2 * math.pi)))


def _multiscale() -> MultiScaleFlow:
    """1 x 4 x 4 -> checkerboard coupling, squeeze to 4 x 2 x 2, channel coupling, factor out 2 x 2 x 2; the final
    coupling on the other 2 x 2 x 2."""
    return MultiScaleFlow((1, 4, 4), [[LogitTransform(0.05), AffineCoupling(checkerboard_mask(4, 4, 0), _net(1)),
                                       Squeeze(), AffineCoupling(channel_mask(4, 1), _net(4))]],
                          [AffineCoupling(checkerboard_mask(2, 2, 1), _net(2))]).double()


def test_multiscale_flow_factors_out_half_inverts_exactly_and_its_log_det_is_autograds():
    flow = _multiscale()
    assert flow.shapes == [(2, 2, 2), (2, 2, 2)]
    torch.manual_seed(2)
    x = torch.rand(3, 1, 4, 4, dtype=torch.float64)
    z, logdet = flow(x)
    assert z.shape == (3, 16)
    assert torch.allclose(logdet, jacobian_log_det(lambda v: flow(v)[0], x), atol=1e-8)
    assert torch.allclose(flow.inverse(z), x, atol=1e-10)
    assert torch.allclose(flow.log_prob(x), standard_normal_log_prob(z) + logdet)
    # the factored-out half passes the final layers untouched: changing them leaves its part of z alone
    with torch.no_grad():
        for p in flow.final.parameters():
            p.add_(0.5)
    z2, _ = flow(x)
    assert torch.equal(z2[:, :8], z[:, :8]) and not torch.allclose(z2[:, 8:], z[:, 8:])
    with pytest.raises(ValueError, match=r"shape \(N, 16\)"):
        flow.inverse(torch.zeros(2, 15, dtype=torch.float64))
    with pytest.raises(ValueError, match="even number of channels"):
        MultiScaleFlow((1, 4, 4), [[AffineCoupling(checkerboard_mask(4, 4, 0), _net(1))]], [])


def test_dequantisation_stays_in_each_bin_and_bits_per_dim():
    x = torch.tensor([0.0, 1 / 255, 128 / 255, 1.0]).repeat(1000, 1)
    y = dequantize(x, generator=torch.Generator().manual_seed(0))
    k = torch.round(x * 255)
    assert torch.all(y >= k / 256) and torch.all(y < (k + 1) / 256)
    # a uniform density on [0, 1]^D has nll 0, i.e. exactly 8 bits per dimension for 256 levels
    assert math.isclose(dequantized_bits_per_dim(0.0, 784), 8.0)
    assert math.isclose(dequantized_bits_per_dim(-784 * math.log(2), 784), 7.0)
    with pytest.raises(ValueError):
        dequantized_bits_per_dim(1.0, 0)
