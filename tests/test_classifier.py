import math

import numpy as np
import pytest
import torch

import gen_utils as gu
from gen_utils import metrics
from gen_utils.classifier import SmallClassifier, accuracy, train_classifier
from gen_utils.data import ImageData


def test_frechet_distance_matches_an_independent_computation():
    g = torch.Generator().manual_seed(0)
    a = torch.randn(500, 6, generator=g) @ torch.randn(6, 6, generator=g)
    b = torch.randn(400, 6, generator=g) @ torch.randn(6, 6, generator=g) + 0.5
    # independent route: eigenvalues of the non-symmetric product S_a S_b, with NumPy
    an, bn = a.double().numpy(), b.double().numpy()
    sa, sb = np.cov(an.T), np.cov(bn.T)
    tr_sqrt = np.sqrt(np.clip(np.linalg.eigvals(sa @ sb).real, 0, None)).sum()
    expected = ((an.mean(0) - bn.mean(0)) ** 2).sum() + np.trace(sa) + np.trace(sb) - 2 * tr_sqrt
    assert metrics.frechet_distance(a, b) == pytest.approx(expected, rel=1e-6)
    assert metrics.frechet_distance(a, b) == pytest.approx(metrics.frechet_distance(b, a), rel=1e-6)
    assert abs(metrics.frechet_distance(a, a)) < 1e-6


def test_frechet_distance_of_diagonal_gaussians_has_its_closed_form():
    g = torch.Generator().manual_seed(1)
    n = 200_000
    a = torch.randn(n, 3, generator=g) * torch.tensor([1.0, 2.0, 0.5])
    b = torch.randn(n, 3, generator=g) * torch.tensor([2.0, 2.0, 1.0]) + torch.tensor([1.0, 0.0, 0.0])
    # ||mu_a - mu_b||^2 + sum (sigma_a - sigma_b)^2 = 1 + (1 + 0 + 0.25)
    assert metrics.frechet_distance(a, b) == pytest.approx(2.25, abs=0.03)
    with pytest.raises(ValueError, match="width"):
        metrics.frechet_distance(a, b[:, :2])


def test_classifier_score_bounds():
    confident_even = torch.eye(10).repeat(30, 1)
    assert metrics.classifier_score(confident_even) == pytest.approx(10.0, rel=1e-6)
    assert metrics.classifier_score(torch.full((50, 10), 0.1)) == pytest.approx(1.0)
    one_class = torch.zeros(50, 10)
    one_class[:, 3] = 1
    assert metrics.classifier_score(one_class) == pytest.approx(1.0)


def fake_data(n=600, seed=0):
    """Images whose class is a stripe texture (5 frequencies, horizontal or vertical), plus noise."""
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(n) % 10
    x = 0.3 * torch.rand(n, 1, 28, 28, generator=g)
    coord = torch.arange(28.0)
    for i, c in enumerate(y.tolist()):
        stripes = (torch.sin(coord * (c % 5 + 1) * math.pi / 14) > 0).float()
        x[i, 0] += 0.7 * (stripes[:, None].expand(28, 28) if c < 5 else stripes[None, :].expand(28, 28))
    split = n * 2 // 3
    return ImageData("fake", "fake", [str(c) for c in range(10)], x[:split], y[:split], x[split:], y[split:],
                     x[split:], y[split:])


def test_the_classifier_learns_fake_classes():
    data = fake_data()
    clf = train_classifier(data.x_train, data.y_train, epochs=15, progress=False)
    assert accuracy(clf, data.x_test, data.y_test) > 0.95
    again = train_classifier(data.x_train, data.y_train, epochs=15, progress=False)
    assert all(torch.equal(p, q) for p, q in zip(clf.parameters(), again.parameters()))  # deterministic
    f = clf.features(data.x_test[:5])
    assert f.shape == (5, 128) and torch.allclose(f.norm(dim=1), torch.ones(5), atol=1e-5)
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        clf(torch.zeros(2, 784))


def test_sample_quality_tells_real_images_from_noise():
    data = fake_data(900)
    clf = train_classifier(data.x_train, data.y_train, epochs=15, progress=False)
    real = metrics.sample_quality(clf, data.x_val[:150], data.x_test[150:])
    noise = metrics.sample_quality(clf, torch.rand(150, 1, 28, 28), data.x_test[150:])
    assert real["fid"] < 0.2 * noise["fid"] and real["score"] > 2 * noise["score"]
    # images in [-1, 1] are mapped back before they are judged
    shifted = metrics.sample_quality(clf, data.x_val[:150] * 2 - 1, data.x_test[150:] * 2 - 1, value_range=(-1, 1))
    assert shifted["fid"] == pytest.approx(real["fid"], rel=1e-4, abs=1e-6)
    assert isinstance(SmallClassifier(), torch.nn.Module) and gu.metrics is metrics


def test_the_judge_object_gives_sample_qualitys_numbers_from_one_reference_pass():
    data = fake_data(600)
    clf = train_classifier(data.x_train, data.y_train, epochs=3, progress=False)
    judge = metrics.Judge(clf, data.x_test[100:] * 2 - 1, value_range=(-1, 1))
    x = data.x_val[:100] * 2 - 1
    expected = metrics.sample_quality(clf, x, data.x_test[100:] * 2 - 1, value_range=(-1, 1))
    assert judge(x) == {"score": pytest.approx(expected["score"], rel=1e-6), "fd": pytest.approx(expected["fid"], rel=1e-5)}
    feats, probs = judge.read(x)
    assert feats.shape[0] == probs.shape[0] == 100 and torch.allclose(probs.sum(1), torch.ones(100))
    with pytest.raises(ValueError, match="images of shape"):
        judge(torch.zeros(4, 1, 14, 14))
    with pytest.raises(ValueError, match="batch of images"):
        metrics.Judge(clf, torch.zeros(10, 784))


def test_mode_coverage_counts_modes_and_quality():
    from gen_utils import data

    g = torch.Generator().manual_seed(0)
    centers = data.ring_centers()
    full = data.ring_of_gaussians(8000, generator=g)
    # in 2-D the distance to the centre is Rayleigh: P(r <= 3 sigma) = 1 - exp(-9/2)
    assert metrics.mode_coverage(full, centers, std=0.02) == {"modes": 8,
                                                              "high_quality": pytest.approx(1 - np.exp(-4.5), abs=0.004)}
    collapsed = centers[torch.randint(0, 2, (8000,), generator=g)] + 0.02 * torch.randn(8000, 2, generator=g)
    noise = 3 * torch.randn(8000, 2, generator=g)
    assert metrics.mode_coverage(collapsed, centers, std=0.02)["modes"] == 2
    assert metrics.mode_coverage(noise, centers, std=0.02)["high_quality"] < 0.05
    # a radius instead of n_sigma: samples 0.2 from their centre miss 3 sigma but fall inside radius 0.3
    off = centers.repeat(1000, 1) + torch.tensor([0.2, 0.0])
    assert metrics.mode_coverage(off, centers, std=0.02)["modes"] == 0
    assert metrics.mode_coverage(off, centers, std=0.02, radius=0.3) == {"modes": 8, "high_quality": 1.0}
    with pytest.raises(ValueError, match="radius"):
        metrics.mode_coverage(off, centers, std=0.02, radius=0)


def test_mode_shares_say_where_the_high_quality_samples_are():
    from gen_utils import data

    g = torch.Generator().manual_seed(1)
    centers = data.ring_centers()
    which = torch.randint(0, 2, (8000,), generator=g)                   # all mass on modes 0 and 1
    collapsed = centers[which] + 0.02 * torch.randn(8000, 2, generator=g)
    shares = metrics.mode_shares(collapsed, centers, std=0.02)
    assert shares.shape == (8,) and torch.all(shares[2:] == 0)
    expected = (1 - np.exp(-4.5)) * (which == 0).float().mean().item()
    assert shares[0].item() == pytest.approx(expected, abs=0.005)
    assert shares.sum().item() == pytest.approx(metrics.mode_coverage(collapsed, centers, std=0.02)["high_quality"])
    with pytest.raises(ValueError, match="samples must be"):
        metrics.mode_shares(collapsed[:, :1], centers, std=0.02)


def test_matched_accuracy_finds_the_best_relabelling():
    y = torch.arange(100) % 5
    permuted = (y + 2) % 5
    acc, matching = metrics.matched_accuracy(permuted, y)
    assert acc == 1.0 and matching == {(c + 2) % 5: c for c in range(5)}
    noisy = permuted.clone()
    noisy[:10] = 0
    assert metrics.matched_accuracy(noisy, y)[0] == pytest.approx(0.92)
    with pytest.raises(ValueError):
        metrics.matched_accuracy(y[:5], y)
