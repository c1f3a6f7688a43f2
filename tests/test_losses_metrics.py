import math

import pytest
import torch
from torch.distributions import Bernoulli, Normal

from gen_utils import losses, metrics


def test_bernoulli_nll_is_minus_the_bernoulli_log_likelihood():
    logits, x = torch.randn(6, 1, 4, 4), torch.randint(0, 2, (6, 1, 4, 4)).float()
    expected = -Bernoulli(logits=logits).log_prob(x).flatten(1).sum(1)
    assert torch.allclose(losses.bernoulli_nll(logits, x), expected, atol=1e-5)


@pytest.mark.parametrize("sigma", [1.0, 0.1])
def test_gaussian_nll_is_minus_the_gaussian_log_likelihood(sigma):
    mean, x = torch.randn(6, 10), torch.randn(6, 10)
    expected = -Normal(mean, sigma).log_prob(x).sum(1)
    assert torch.allclose(losses.gaussian_nll(mean, x, sigma), expected, atol=1e-4)
    assert torch.allclose(losses.gaussian_nll(mean, x, torch.tensor(sigma)), expected, atol=1e-4)


def test_squared_error_and_shape_checks():
    a, b = torch.zeros(2, 3), torch.ones(2, 3)
    assert losses.squared_error(a, b).tolist() == [3.0, 3.0]
    with pytest.raises(ValueError, match="one shape"):
        losses.bernoulli_nll(torch.zeros(2, 3), torch.zeros(2, 4))


def test_mean_squared_error_counts_pixels_per_image():
    x = torch.zeros(2500, 1, 2, 2)
    assert metrics.mean_squared_error(lambda b: b + 0.5, x) == pytest.approx(4 * 0.25)


def test_nearest_neighbor_distance():
    ref = torch.tensor([[0.0, 0.0], [10.0, 0.0]])
    x = torch.tensor([[1.0, 0.0], [10.0, 3.0]])
    assert metrics.nearest_neighbor_distance(x, ref).tolist() == [1.0, 3.0]
    with pytest.raises(ValueError, match="features"):
        metrics.nearest_neighbor_distance(torch.zeros(2, 3), ref)
    assert math.isclose(metrics.nearest_neighbor_distance(ref, ref).sum().item(), 0.0)


def test_knn_accuracy_separates_clusters_and_not_noise():
    g = torch.Generator().manual_seed(0)
    labels = torch.arange(400) % 4
    centers = torch.tensor([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0], [5.0, 5.0]])
    codes = centers[labels] + 0.3 * torch.randn(400, 2, generator=g)
    assert metrics.knn_accuracy(codes[:300], labels[:300], codes[300:], labels[300:]) == 1.0
    noise = torch.randn(400, 2, generator=g)
    assert metrics.knn_accuracy(noise[:300], labels[:300], noise[300:], labels[300:]) < 0.5
    with pytest.raises(ValueError, match="k must be"):
        metrics.knn_accuracy(codes, labels, codes, labels, k=0)


def test_parzen_matches_an_independent_mixture_density():
    from torch.distributions import Categorical, Independent, MixtureSameFamily

    g = torch.Generator().manual_seed(0)
    samples, x = torch.rand(300, 1, 3, 3, generator=g), torch.rand(40, 1, 3, 3, generator=g)
    sigma = 0.2
    mixture = MixtureSameFamily(Categorical(torch.ones(300)),
                                Independent(Normal(samples.flatten(1).double(), sigma), 1))
    expected = mixture.log_prob(x.flatten(1).double())
    got = metrics.parzen_log_likelihood(samples, x, sigma, batch_size=7, sample_chunk=64)
    assert torch.allclose(got.double(), expected, atol=1e-3)


def test_parzen_sigma_selection_prefers_a_sensible_width():
    g = torch.Generator().manual_seed(0)
    data = torch.randn(2000, 2, generator=g)
    best, scores = metrics.parzen_select_sigma(data[:1000], data[1000:])
    assert len(scores) == 10 and min(scores) == pytest.approx(0.1) and max(scores) == pytest.approx(1.0)
    assert 0.1 < best < 1.0 and scores[best] == max(scores.values())
    with pytest.raises(ValueError, match="features"):
        metrics.parzen_log_likelihood(data, torch.zeros(3, 5), 0.5)
    with pytest.raises(ValueError, match="sigma"):
        metrics.parzen_log_likelihood(data, data, 0.0)


def test_sliced_wasserstein_of_shifted_clouds():
    g = torch.Generator().manual_seed(0)
    a = torch.randn(4000, 1, generator=g)
    # in one dimension every direction is +-1: the distance of a shift is the shift
    assert metrics.sliced_wasserstein(a, a + 0.5, generator=g) == pytest.approx(0.5, rel=1e-4)
    b = torch.randn(4000, 2, generator=g)
    same = metrics.sliced_wasserstein(b, torch.randn(4000, 2, generator=g), generator=g)
    far = metrics.sliced_wasserstein(b, torch.randn(4000, 2, generator=g) + 3, generator=g)
    assert same < 0.1 < 1.5 < far
    with pytest.raises(ValueError, match="one shape"):
        metrics.sliced_wasserstein(b, b[:10])


def test_linear_probe_separates_linear_classes_and_not_noise():
    torch.manual_seed(0)
    w = torch.randn(20, 3)
    x = torch.randn(600, 20)
    y = (x @ w).argmax(1)
    acc = metrics.linear_probe_accuracy(x[:400], y[:400], x[400:], y[400:])
    assert acc > 0.9
    noise = metrics.linear_probe_accuracy(x[:400], torch.randint(0, 3, (400,)), x[400:], y[400:])
    assert noise < 0.55
    with pytest.raises(ValueError, match="one width"):
        metrics.linear_probe_accuracy(x, y, x[:, :5], y)


def test_image_moments_of_bars():
    img = -torch.ones(3, 1, 28, 28)
    img[0, 0, 4:24, 13:15] = 1                      # upright bar: tall and thin, no slant
    img[1, 0, 13:15, 4:24] = 1                      # lying bar: wide
    for i in range(20):                             # a bar leaning right: x grows as y grows (rows go down)
        img[2, 0, 23 - i, 4 + i] = 1
    m = metrics.image_moments(img)
    assert m["height"][0] > 5 * m["width"][0] and m["width"][1] > 5 * m["height"][1]
    assert abs(m["slant"][0]) < 1e-5 and m["slant"][2] == pytest.approx(1.0, abs=1e-4)
    assert m["angle"][1].abs() < 1e-3 and m["angle"][0].abs() == pytest.approx(90, abs=1e-3)
    assert m["angle"][2] == pytest.approx(45, abs=1e-3)
    assert m["mass"][1] == pytest.approx(40 / 784)
    # the width of a uniform bar 20 pixels long: 2 * sqrt((20^2 - 1) / 12)
    assert m["width"][1] == pytest.approx(2 * math.sqrt((20**2 - 1) / 12), rel=1e-4)
    with pytest.raises(ValueError, match="single-channel"):
        metrics.image_moments(torch.zeros(2, 3, 28, 28))


def test_wasserstein_1d_matches_scipy():
    from scipy.stats import wasserstein_distance

    torch.manual_seed(0)
    a, b = torch.randn(500), 2 + 0.5 * torch.randn(500)
    assert metrics.wasserstein_1d(a, b) == pytest.approx(wasserstein_distance(a.numpy(), b.numpy()), rel=1e-9)
    with pytest.raises(ValueError, match="one size"):
        metrics.wasserstein_1d(a, b[:10])


def test_wasserstein_exact_of_a_translation_and_in_1d():
    torch.manual_seed(0)
    a = torch.randn(200, 2)
    shift = torch.tensor([3.0, 4.0])
    assert metrics.wasserstein_exact(a, a + shift) == pytest.approx(5.0, rel=1e-6)   # W1 of a translation = |shift|
    x, y = torch.randn(150, 1), torch.rand(150, 1)
    assert metrics.wasserstein_exact(x, y) == pytest.approx(metrics.wasserstein_1d(x, y), rel=1e-9)
    with pytest.raises(ValueError, match="point clouds"):
        metrics.wasserstein_exact(a, a[:5])


def test_precision_recall_tells_collapse_from_spread():
    torch.manual_seed(0)
    real = torch.randn(800, 2)
    same = torch.randn(800, 2)
    collapsed = 0.1 * torch.randn(800, 2)                 # one small mode inside the real data
    spread = 4 * torch.randn(800, 2)                      # covers everything, mostly off the data
    pr_same = metrics.precision_recall(real, same)
    pr_col = metrics.precision_recall(real, collapsed)
    pr_spread = metrics.precision_recall(real, spread)
    assert pr_same["precision"] > 0.9 and pr_same["recall"] > 0.9
    assert pr_col["precision"] > 0.95 and pr_col["recall"] < 0.2
    assert pr_spread["precision"] < 0.4 and pr_spread["recall"] > 0.9
    with pytest.raises(ValueError, match="k must be"):
        metrics.precision_recall(real[:3], same[:3], k=3)


def test_nearest_neighbor_distance_finds_copies_and_matches_brute_force():
    g = torch.Generator().manual_seed(0)
    ref = torch.rand(50, 1, 4, 4, generator=g)
    x = torch.cat([ref[:3], torch.rand(7, 1, 4, 4, generator=g)])
    d = metrics.nearest_neighbor_distance(x, ref, batch_size=4)
    brute = torch.stack([(ref.flatten(1) - xi.flatten()).norm(dim=1).min() for xi in x])
    assert torch.allclose(d, brute, atol=1e-5)
    assert torch.all(d[:3] < 1e-3) and torch.all(d[3:] > 0.1)
    with pytest.raises(ValueError, match="features per example"):
        metrics.nearest_neighbor_distance(x, torch.rand(5, 10))


def test_class_coverage_counts_classes_with_a_fair_share():
    balanced = torch.arange(10).repeat(100)
    assert metrics.class_coverage(balanced, 10) == {"classes": 10, "largest_share": pytest.approx(0.1)}
    collapsed = torch.cat([torch.zeros(970, dtype=torch.long), torch.arange(1, 4).repeat(10)])
    out = metrics.class_coverage(collapsed, 10)  # classes 1-3 get 1% each, under 1/4 of the fair 10%
    assert out["classes"] == 1 and out["largest_share"] == pytest.approx(0.97)
    with pytest.raises(ValueError):
        metrics.class_coverage(torch.zeros(0), 10)
