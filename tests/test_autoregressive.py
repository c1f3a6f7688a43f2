"""Autoregressive models: masks, causality by autograd, exact likelihoods against an independent loop, sampling."""
import math

import pytest
import torch

from gen_utils.models.autoregressive import (MADE, MaskedConv2d, MaskedLinear, PixelCNN, bernoulli_log_prob,
                                             made_degrees, made_masks, nats_to_bits_per_dim, sample, exact_nll)


def _jacobian(model, x):
    """d logits / d x for one image, (pixels, pixels)."""
    return torch.autograd.functional.jacobian(lambda v: model(v.view(1, *model.image_shape)).flatten(), x.flatten())


@pytest.mark.parametrize("hidden", [(), (30,), (20, 20)])
def test_made_output_depends_only_on_earlier_inputs(hidden):
    torch.manual_seed(0)
    order = torch.randperm(12)
    model = MADE((1, 3, 4), hidden=hidden, order=order, seed=1)
    for p in model.parameters():
        torch.nn.init.normal_(p)
    jac = _jacobian(model, torch.rand(12))
    position = torch.empty(12, dtype=torch.long)
    position[order] = torch.arange(12)
    later_or_same = position[None, :] >= position[:, None]     # [i, j]: j comes at or after i
    assert jac[later_or_same].abs().max() == 0
    # and it is not trivially zero: the last pixel in the order sees some earlier pixel
    assert jac[order[-1]].abs().sum() > 0


def test_made_direct_connections_let_every_output_see_every_earlier_input():
    torch.manual_seed(0)
    order = torch.randperm(12)
    model = MADE((1, 3, 4), hidden=(3,), order=order, seed=1, direct=True)    # too few hidden units to see everything
    for p in model.parameters():
        torch.nn.init.uniform_(p, 0.1, 0.5)
    jac = _jacobian(model, torch.rand(12))
    position = torch.empty(12, dtype=torch.long)
    position[order] = torch.arange(12)
    earlier = position[None, :] < position[:, None]             # [i, j]: j comes before i
    assert jac[~earlier].abs().max() == 0 and (jac[earlier] != 0).all()
    without = MADE((1, 3, 4), hidden=(3,), order=order, seed=1)
    for p in without.parameters():
        torch.nn.init.uniform_(p, 0.1, 0.5)
    assert (_jacobian(without, torch.rand(12))[earlier] == 0).any()   # the hidden units alone miss some pixels
    assert set(model.state_dict()) == set(without.state_dict()) | {"direct.weight", "direct.mask"}


def test_made_masks_follow_the_degree_rule():
    degrees = [torch.tensor([1, 2, 3]), torch.tensor([1, 2]), torch.tensor([2, 1])]
    m1, m2, out = made_masks(degrees)
    assert m1.tolist() == [[1, 0, 0], [1, 1, 0]]                 # m_k >= d
    assert m2.tolist() == [[1, 1], [1, 0]]
    assert out.tolist() == [[0, 0], [0, 1], [1, 1]]              # d > m_k, strictly


def test_made_degrees_stay_in_range_and_reject_bad_orders():
    d = made_degrees(10, [50, 50], generator=torch.Generator().manual_seed(0))
    assert d[0].tolist() == list(range(1, 11))
    for h in d[1:]:
        assert h.min() >= 1 and h.max() <= 9
    with pytest.raises(ValueError, match="permutation"):
        made_degrees(4, [8], order=torch.tensor([0, 1, 1, 2]))
    with pytest.raises(ValueError, match="mask must have shape"):
        MaskedLinear(3, 2, torch.ones(3, 2))


def test_fvsbn_is_one_strictly_triangular_layer():
    model = MADE((1, 2, 3), hidden=())
    (layer,) = [m for m in model.modules() if isinstance(m, MaskedLinear)]
    assert torch.equal(layer.mask, torch.tril(torch.ones(6, 6), diagonal=-1))


@pytest.mark.parametrize("mask_type", ["A", "B"])
def test_masked_convolution_sees_only_the_past(mask_type):
    conv = MaskedConv2d(1, 1, 5, mask_type)
    torch.nn.init.uniform_(conv.weight, 0.5, 1.0)
    x = torch.zeros(1, 1, 9, 9, requires_grad=True)
    conv(x)[0, 0, 4, 4].backward()
    seen = (x.grad[0, 0] != 0)
    expected = torch.zeros(9, 9, dtype=torch.bool)
    expected[2:4, 2:7] = True                      # the two rows above, within the kernel
    expected[4, 2:4] = True                        # left of the centre on its row
    expected[4, 4] = mask_type == "B"              # the centre itself only for type B
    assert torch.equal(seen, expected)
    with pytest.raises(ValueError, match="'A' or 'B'"):
        MaskedConv2d(1, 1, 3, "C")


def test_pixelcnn_is_causal_and_has_the_blind_spot():
    torch.manual_seed(0)
    model = PixelCNN((1, 12, 12), channels=8, layers=3)
    for p in model.parameters():
        torch.nn.init.uniform_(p, 0.05, 0.2)       # positive weights: no accidental cancellation
    x = torch.rand(1, 1, 12, 12, requires_grad=True)
    r, c = 8, 5
    model(x)[0, 0, r, c].backward()
    g = x.grad[0, 0] != 0
    raster = torch.arange(144).view(12, 12)
    assert not g[raster >= r * 12 + c].any()       # nothing at or after the pixel
    assert g[r, c - 1] and g[r - 1, c + 1]          # its left and upper-right neighbours
    # the blind spot: a pixel up and far right, inside the stack's reach without masks, is never seen
    assert not g[r - 1, c + 5]


def test_residual_pixelcnn_is_causal_reaches_as_far_and_crops_alike():
    torch.manual_seed(0)
    model = PixelCNN((1, 12, 12), channels=8, layers=3, residual=True)
    for p in model.parameters():
        torch.nn.init.uniform_(p, 0.05, 0.2)
    x = torch.rand(1, 1, 12, 12, requires_grad=True)
    r, c = 9, 5
    model(x)[0, 0, r, c].backward()
    g = x.grad[0, 0] != 0
    raster = torch.arange(144).view(12, 12)
    assert not g[raster >= r * 12 + c].any() and g[r, c - 1] and g[r - 1, c + 1]
    assert g[r - model.rows_above].any() and not g[:r - model.rows_above].any()   # 3 rows from 7 x 7, one per block
    xb = (torch.rand(3, 1, 12, 12) < 0.4).float()
    full = model(xb).flatten(1)
    for i in [0, 13, 70, 143]:
        assert torch.allclose(model.logits_at(xb, i), full[:, i], atol=1e-6)
    with pytest.raises(ValueError, match="even number of channels"):
        PixelCNN((1, 12, 12), channels=7, layers=1, residual=True)


def test_pixelcnn_logits_at_matches_the_full_pass():
    torch.manual_seed(0)
    model = PixelCNN((1, 16, 16), channels=8, layers=4)
    x = (torch.rand(3, 1, 16, 16) < 0.4).float()
    full = model(x).flatten(1)
    for i in [0, 5, 17, 100, 131, 255]:
        assert torch.allclose(model.logits_at(x, i), full[:, i], atol=1e-6)


def test_bernoulli_log_prob_matches_a_loop():
    torch.manual_seed(0)
    logits, x = torch.randn(4, 1, 3, 3), (torch.rand(4, 1, 3, 3) < 0.5).float()
    by_hand = torch.zeros(4)
    for n in range(4):
        for v, l in zip(x[n].flatten(), logits[n].flatten()):
            p = 1 / (1 + math.exp(-l.item()))
            by_hand[n] += math.log(p if v == 1 else 1 - p)
    assert torch.allclose(bernoulli_log_prob(logits, x), by_hand, atol=1e-5)
    with pytest.raises(ValueError, match="one shape"):
        bernoulli_log_prob(logits, x[:, :, :2])


def test_exact_nll_sums_the_chain_rule_and_rejects_grey_images():
    torch.manual_seed(0)
    model = MADE((1, 2, 2), hidden=(6,))
    x = (torch.rand(5, 1, 2, 2) < 0.5).float()
    # the chain rule by hand: log p(x) = sum_i log p(x_i | x_<i), one conditional at a time
    total = torch.zeros(5)
    for i in range(4):
        p = torch.sigmoid(model.logits_at(x, i))
        total += torch.where(x.flatten(1)[:, i] == 1, p, 1 - p).log()
    mean, se = exact_nll(model, x)
    assert math.isclose(mean, -total.mean().item(), rel_tol=1e-5)
    assert math.isclose(se, total.std().item() / math.sqrt(5), rel_tol=1e-4)
    with pytest.raises(ValueError, match="binarise"):
        exact_nll(model, torch.full((2, 1, 2, 2), 0.5))


def test_every_distribution_sums_to_one():
    """An autoregressive model is normalised: the probabilities of all 2^4 images of a 2 x 2 model sum to 1."""
    torch.manual_seed(0)
    model = MADE((1, 2, 2), hidden=(8,), order=torch.tensor([2, 0, 3, 1]))
    images = torch.tensor([[(k >> b) & 1 for b in range(4)] for k in range(16)], dtype=torch.float32).view(16, 1, 2, 2)
    with torch.no_grad():
        total = bernoulli_log_prob(model(images), images).exp().sum()
    assert math.isclose(total.item(), 1.0, rel_tol=1e-5)


def test_sampling_follows_the_conditionals_and_keeps_known_pixels():
    torch.manual_seed(0)
    model = MADE((1, 1, 2), hidden=())
    layer = model.net[0]
    with torch.no_grad():
        layer.weight.zero_()
        layer.bias.copy_(torch.tensor([2.0, -30.0]))
        layer.weight[1, 0] = 60.0                 # x_2 = x_1 almost surely
    x = sample(model, 4000, seed=3)
    assert abs(x[:, 0, 0, 0].mean().item() - torch.sigmoid(torch.tensor(2.0)).item()) < 0.02
    assert torch.equal(x[:, 0, 0, 0], x[:, 0, 0, 1])
    given = torch.tensor([[[[0.0, 1.0]]], [[[1.0, 0.0]]]])
    known = torch.tensor([[[[True, False]]], [[[True, False]]]])
    done = sample(model, given=given, known=known)
    assert done[:, 0, 0, 0].tolist() == [0.0, 1.0] and done[:, 0, 0, 1].tolist() == [0.0, 1.0]
    with pytest.raises(ValueError, match="known"):
        sample(model, given=given)


def test_bits_per_dim():
    assert math.isclose(nats_to_bits_per_dim(784 * math.log(2), 784), 1.0)
    with pytest.raises(ValueError):
        nats_to_bits_per_dim(1.0, 0)
