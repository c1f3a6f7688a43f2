"""The GAN parts of gen_utils: losses against their formulas, the game on a 1-D toy, sampling, the DCGAN models."""
from __future__ import annotations

import json
import math

import pytest
import torch
from torch import nn

import gen_utils as gu
from gen_utils.gan import (discriminator_loss, evaluate_samples, gan_updates, generate, generator_loss,
                           held_fixed, paper_sgd, parzen_protocol, sample_noise)
from gen_utils.models import DCGANDiscriminator, DCGANGenerator, dcgan_init, interpolate_latents


def test_gan_losses_match_their_formulas():
    real, fake = torch.randn(50), torch.randn(50)
    d = -(torch.sigmoid(real).log().mean() + (1 - torch.sigmoid(fake)).log().mean())
    assert torch.allclose(discriminator_loss(real, fake), d, atol=1e-5)
    assert torch.allclose(generator_loss(fake), -torch.sigmoid(fake).log().mean(), atol=1e-5)
    assert torch.allclose(generator_loss(fake, saturating=True), (1 - torch.sigmoid(fake)).log().mean(), atol=1e-5)


def test_non_saturating_loss_has_the_larger_gradient_when_the_discriminator_wins():
    logits = torch.full((10,), -6.0, requires_grad=True)  # D(G(z)) ~ 0.0025: samples rejected
    g_ns, = torch.autograd.grad(generator_loss(logits), logits)
    g_sat, = torch.autograd.grad(generator_loss(logits, saturating=True), logits)
    assert g_ns.abs().mean() > 100 * g_sat.abs().mean()


def test_the_game_moves_a_1d_generator_onto_the_data():
    torch.manual_seed(0)
    data = 3.0 + 0.5 * torch.randn(4096, 1)
    G = nn.Linear(1, 1)
    D = nn.Sequential(nn.Linear(1, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1), nn.Flatten(0))
    gu.fit({"G": G, "D": D}, gan_updates(G, D, 1, lr=1e-2), data, steps=1500, batch_size=128, progress=False)
    with torch.no_grad():
        out = G(torch.randn(20000, 1))
    assert abs(out.mean().item() - 3.0) < 0.3
    assert 0.2 < out.std().item() < 1.0


def test_generate_is_reproducible_and_restores_training_mode():
    G = DCGANGenerator(z_dim=8, width=4)
    a, b = generate(G, 5, 8, seed=1), generate(G, 5, 8, seed=1)
    assert a.shape == (5, 1, 28, 28) and torch.equal(a, b)
    assert G.training
    assert not torch.equal(a, generate(G, 5, 8, seed=2))


def test_uniform_noise_has_unit_variance_and_the_papers_bounds():
    z = sample_noise(100_000, 4, "uniform", generator=torch.Generator().manual_seed(0))
    assert z.abs().max() <= math.sqrt(3) and z.abs().max() > 0.99 * math.sqrt(3)
    assert abs(z.mean().item()) < 0.01 and abs(z.var().item() - 1) < 0.01
    G = nn.Sequential(nn.Linear(4, 4))
    assert torch.equal(generate(G, 3, 4, seed=2, noise="uniform"),
                       G(sample_noise(3, 4, "uniform", generator=torch.Generator().manual_seed(2))).detach())
    with pytest.raises(ValueError, match="unknown noise"):
        sample_noise(3, 4, "gaussian")


def test_paper_sgd_decays_the_rate_and_ramps_the_momentum_and_survives_a_resume():
    w = nn.Parameter(torch.zeros(2))
    opt, after_update = paper_sgd([w], updates_per_epoch=10, saturate_epoch=5)
    for _ in range(25):                                    # 2.5 epochs: 2 finished
        after_update()
    group = opt.param_groups[0]
    assert group["lr"] == pytest.approx(0.1 / 1.000004 ** 25, rel=1e-12)
    assert group["momentum"] == pytest.approx(0.5 + 0.2 * 2 / 4)
    state = opt.state_dict()                               # a checkpoint, then a fresh optimizer resumes it
    opt2, after2 = paper_sgd([w], updates_per_epoch=10, saturate_epoch=5)
    opt2.load_state_dict(state)
    opt2.param_groups[0].update(lr=0.1, momentum=0.5)      # fit's resume puts the caller's settings back
    for _ in range(100):
        after2()
    group = opt2.param_groups[0]
    assert group["updates"] == 125 and group["momentum"] == pytest.approx(0.7)
    assert group["lr"] == pytest.approx(0.1 / 1.000004 ** 125, rel=1e-12)
    fast = paper_sgd([w], decay=2.0, min_lr=0.03)
    fast[1](), fast[1](), fast[1]()
    assert fast[0].param_groups[0]["lr"] == 0.03           # the floor
    with pytest.raises(ValueError, match="paper_sgd needs"):
        paper_sgd([w], decay=0.5)


def test_held_fixed_passes_the_gradient_to_the_inputs_and_none_to_the_discriminator():
    torch.manual_seed(0)
    D = nn.Bilinear(3, 2, 1)                                 # two inputs, as a conditional discriminator takes
    x, y = torch.randn(5, 3, requires_grad=True), torch.randn(5, 2)
    out = held_fixed(D, x, y)
    assert torch.equal(out, D(x, y))
    out.square().sum().backward()
    assert all(p.grad is None for p in D.parameters())
    (expected,) = torch.autograd.grad(D(x, y).square().sum(), x)
    assert torch.allclose(x.grad, expected)
    # one backward pass of d_loss + g_loss: D's gradient is d_loss's alone, as if G's term were absent
    fake = x.detach().requires_grad_()
    both = D(fake.detach(), y).sum() + held_fixed(D, fake, y).sum()
    both.backward()
    d_only = [p.grad.clone() for p in D.parameters()]
    D.zero_grad()
    D(fake.detach(), y).sum().backward()
    assert all(torch.equal(a, p.grad) for a, p in zip(d_only, D.parameters()))


def test_parzen_protocol_matches_the_direct_calls():
    torch.manual_seed(0)
    samples, val, test = torch.rand(200, 6), torch.rand(50, 6), torch.rand(80, 6)
    out = parzen_protocol(samples, val, test)
    sigma, scores = gu.metrics.parzen_select_sigma(samples, val)
    ll = gu.metrics.parzen_log_likelihood(samples, test, sigma)
    assert out["sigma"] == sigma == max(scores, key=scores.get)
    assert out["mean"] == pytest.approx(ll.mean().item())
    assert out["se"] == pytest.approx(ll.std().item() / math.sqrt(80))


def test_evaluate_samples_rejects_images_of_the_wrong_shape():
    class Data:
        x_test = torch.zeros(3, 1, 28, 28)
    with pytest.raises(ValueError, match="do not match"):
        evaluate_samples(torch.zeros(3, 1, 32, 32), Data(), classifier=None)


@pytest.mark.parametrize("kw", [{}, {"norm": "none"}, {"upsample": "nearest"}, {"fc_hidden": 32},
                                {"activation": "leaky_relu", "output": "none"}])
def test_dcgan_generator_shapes(kw):
    G = DCGANGenerator(z_dim=10, width=8, **kw)
    assert G(torch.randn(3, 10)).shape == (3, 1, 28, 28)


def test_dcgan_generator_output_range_and_input_check():
    G = DCGANGenerator(z_dim=10, width=8)
    x = G(torch.randn(4, 10) * 10)
    assert x.min() >= -1 and x.max() <= 1
    with pytest.raises(ValueError, match=r"\(N, 10\)"):
        G(torch.randn(4, 11))


@pytest.mark.parametrize("kw", [{}, {"norm": "layer"}, {"norm": "none"}, {"downsample": "pool"},
                                {"fc_hidden": 32}, {"activation": "relu"}, {"spectral_norm": True}])
def test_dcgan_discriminator_shapes(kw):
    D = DCGANDiscriminator(width=8, **kw)
    x = torch.randn(3, 1, 28, 28)
    assert D(x).shape == (3,)
    assert D.features(x).shape == (3, D.feature_dim)


def test_dcgan_discriminator_heads_and_checks():
    D = DCGANDiscriminator(image_shape=(3, 28, 28), width=8, out_dim=12)
    assert D(torch.randn(2, 3, 28, 28)).shape == (2, 12)
    with pytest.raises(ValueError, match=r"\(N, 3, 28, 28\)"):
        D(torch.randn(2, 1, 28, 28))
    with pytest.raises(ValueError, match="28, 28"):
        DCGANDiscriminator(image_shape=(1, 32, 32))
    with pytest.raises(ValueError, match="unknown norm 'group'"):
        DCGANDiscriminator(norm="group")
    with pytest.raises(ValueError, match="unknown upsample"):
        DCGANGenerator(upsample="bilinear")


def test_dcgan_init_statistics():
    torch.manual_seed(0)
    G, D = DCGANGenerator(width=32), DCGANDiscriminator(width=32, spectral_norm=True)
    for m in (G, D):
        dcgan_init(m)
    w = G.net[1].weight
    assert abs(w.std().item() - 0.02) < 0.002 and abs(w.mean().item()) < 0.002
    bn = G.net[2]
    assert abs(bn.weight.mean().item() - 1) < 0.01 and bn.bias.abs().max() == 0
    sn_weight = D.body[0].parametrizations.weight.original
    assert abs(sn_weight.std().item() - 0.02) < 0.005


def test_spectral_norm_switch_bounds_the_largest_singular_value():
    torch.manual_seed(0)
    D = DCGANDiscriminator(width=8, spectral_norm=True)
    for _ in range(30):  # power iterations run in training-mode forward passes
        D(torch.randn(4, 1, 28, 28))
    assert torch.linalg.matrix_norm(D.head.weight, ord=2).item() == pytest.approx(1.0, abs=0.05)


def test_interpolate_latents():
    z0, z1 = torch.randn(16), torch.randn(16)
    lin = interpolate_latents(z0, z1, 5)
    assert lin.shape == (5, 16) and torch.allclose(lin[0], z0) and torch.allclose(lin[-1], z1)
    assert torch.allclose(lin[2], (z0 + z1) / 2)
    z1 = z1 / z1.norm() * z0.norm()
    sl = interpolate_latents(z0, z1, 7, spherical=True)
    assert torch.allclose(sl[0], z0, atol=1e-5) and torch.allclose(sl[-1], z1, atol=1e-5)
    assert torch.allclose(sl.norm(dim=1), z0.norm().expand(7), rtol=1e-4)  # stays on the sphere
    with pytest.raises(ValueError, match="same shape"):
        interpolate_latents(z0, torch.randn(8), 3)


def test_quality_callback_measures_fresh_samples_of_the_generator():
    from gen_utils.classifier import SmallClassifier
    from gen_utils.gan import quality_callback

    class Data:
        x_test = torch.rand(1000, 1, 28, 28) * 2 - 1
    G = DCGANGenerator(z_dim=8, width=4)
    classifier = SmallClassifier().eval()
    cb = quality_callback(G, 8, Data(), classifier, n_samples=300, extra=lambda: {"gap": 1.5})
    first = cb(0)
    assert set(first) == {"fid", "gap"} and first["fid"] > 0 and first["gap"] == 1.5
    direct = gu.metrics.sample_quality(classifier, generate(G, 300, 8, seed=12345), Data.x_test, value_range=(-1, 1))
    assert first["fid"] == pytest.approx(direct["fid"], rel=1e-9)   # the same number as sample_quality
    assert cb(1)["fid"] == first["fid"]                        # same noise, same generator: same number
    with torch.no_grad():
        G.net[-2].bias.add_(0.5)                               # a changed generator: a changed score
    assert cb(2)["fid"] != first["fid"]


def test_seeds_summary_keeps_each_seeds_numbers_and_its_curve_against_seconds():
    from gen_utils.gan import seeds_summary
    from gen_utils.train import History

    h = History(total_steps=100, seconds=50.0, device="cpu (2 threads)")
    h.add_check(50, {"fd": 0.2, "score": 5.0})
    h.add_check(100, {"fd": 0.1, "score": 7.0})
    out = seeds_summary({3: {"history": h, "score": 7.5, "fd": 0.09, "n": 10_000, "parzen": {"mean": 200.0}}},
                        batch_size=64, critic_steps_per_step=5)
    s = out["seeds"]["3"]
    assert out["batch_size"] == 64 and out["critic_steps_per_step"] == 5.0
    assert s["curve"]["seconds"] == [25.0, 50.0] and s["curve"]["fd"] == [0.2, 0.1] and s["parzen"] == 200.0
    assert (s["steps"], s["seconds"], s["device"], s["n"]) == (100, 50.0, "cpu (2 threads)", 10_000)
    json.dumps(out)                                           # plain data, for a results file


def test_training_time_reads_seconds_devices_and_where_the_runs_came_from():
    from gen_utils.gan import training_time
    from gen_utils.train import History

    runs = {s: {"history": History(total_steps=10, seconds=sec, device="cpu (2 threads)")}
            for s, sec in ((0, 100.0), (1, 110.0), (2, 120.0))}
    text = training_time(runs, shipped_note=", beside other runs")
    assert text == "110 ± 10 (3 seeds) seconds a seed of training on cpu (2 threads) (the checks not counted)"
    for r in runs.values():
        r["history"].source = "shipped"
    assert training_time(runs, shipped_note=", beside other runs").endswith("not counted), beside other runs")
    runs[1]["history"].device = "cuda (H200)"
    assert "on cpu (2 threads), cuda (H200) (" in training_time(runs)
    with pytest.raises(ValueError, match="at least one seed"):
        training_time({})


def test_seeds_summary_uses_the_measured_check_seconds_when_a_run_has_them():
    from gen_utils.gan import seeds_summary
    from gen_utils.train import CHECK_SECONDS, History

    h = History(total_steps=100, seconds=50.0, device="cpu (2 threads)")
    h.add_check(50, {"fd": 0.2, "score": 5.0, CHECK_SECONDS: 40.0})      # front-loaded: most seconds in the first half
    h.add_check(100, {"fd": 0.1, "score": 7.0, CHECK_SECONDS: 50.0})
    out = seeds_summary({0: {"history": h, "score": 7.5, "fd": 0.09, "n": 10}}, batch_size=64)
    assert out["seeds"]["0"]["curve"]["seconds"] == [40.0, 50.0]

