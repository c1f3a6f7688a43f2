"""Diffusion pieces: schedules against their formulas, q(x_t | x_0) against simulating the chain, the posterior
against Bayes' rule on scalars, the ancestral and DDIM steps, guidance, and the small U-Net."""
import math

import pytest
import torch

from gen_utils.diffusion import NoiseSchedule, ddim_step, ddpm_step, guided_eps
from gen_utils.models.denoiser import SmallUNet, timestep_embedding


def test_linear_and_cosine_schedules_follow_their_formulas():
    s = NoiseSchedule.linear(1000)
    assert s.steps == 1000 and s.betas[0].item() == pytest.approx(1e-4) and s.betas[-1].item() == pytest.approx(0.02)
    assert torch.allclose(s.alpha_bars, torch.cumprod(1 - s.betas.double(), 0).float())
    assert s.alpha_bars[-1].item() < 1e-4                       # x_T is almost pure noise
    c = NoiseSchedule.cosine(1000)
    f = lambda t: math.cos((t / 1000 + 0.008) / 1.008 * math.pi / 2) ** 2  # noqa: E731
    for t in (1, 250, 500, 900):
        assert c.alpha_bars[t - 1].item() == pytest.approx(f(t) / f(0), rel=1e-4)
    with pytest.raises(ValueError, match="in \\(0, 1\\)"):
        NoiseSchedule(torch.tensor([0.1, 1.0]))


def test_q_sample_has_the_moments_of_the_simulated_chain():
    s = NoiseSchedule.linear(200, 1e-3, 0.05)
    x0 = torch.full((40_000, 1), 1.5)
    x = x0.clone()
    torch.manual_seed(0)
    for t in range(1, 121):                                   # x_t = sqrt(1 - beta_t) x_{t-1} + sqrt(beta_t) eps
        x = (1 - s.betas[t - 1]).sqrt() * x + s.betas[t - 1].sqrt() * torch.randn_like(x)
    closed = s.q_sample(x0, torch.full((40_000,), 120), torch.randn_like(x0))
    ab = s.alpha_bars[119].item()
    for sample in (x, closed):
        assert sample.mean().item() == pytest.approx(math.sqrt(ab) * 1.5, abs=0.01)
        assert sample.var().item() == pytest.approx(1 - ab, rel=0.02)


def test_posterior_is_bayes_rule_for_one_step():
    # q(x_{t-1} | x_t, x_0) is proportional to q(x_t | x_{t-1}) q(x_{t-1} | x_0): check on a grid in 1-D
    s = NoiseSchedule.linear(50, 1e-3, 0.1)
    t, x0, xt = 30, torch.tensor([[0.7]]), torch.tensor([[0.2]])
    mean, var = s.posterior(x0, xt, torch.tensor([t]))
    grid = torch.linspace(-4, 4, 200_001, dtype=torch.float64)
    ab_prev, beta = s.alpha_bars[t - 2].double(), s.betas[t - 1].double()
    log_p = (-(0.2 - (1 - beta).sqrt() * grid) ** 2 / (2 * beta) - (grid - ab_prev.sqrt() * 0.7) ** 2 / (2 * (1 - ab_prev)))
    p = torch.exp(log_p - log_p.max())
    p = p / p.sum()
    m = (p * grid).sum()
    assert mean.item() == pytest.approx(m.item(), rel=1e-5)
    assert var.item() == pytest.approx((p * (grid - m) ** 2).sum().item(), rel=1e-4)
    with pytest.raises(ValueError, match="time step in 1..50"):
        s.posterior(x0, xt, torch.tensor([0]))


def test_ddpm_step_is_the_posterior_mean_at_the_true_noise_plus_sigma_z():
    s = NoiseSchedule.linear(100)
    torch.manual_seed(0)
    x0, eps, z = torch.randn(4, 1, 3, 3), torch.randn(4, 1, 3, 3), torch.randn(4, 1, 3, 3)
    t = torch.tensor([1, 10, 50, 100])
    xt = s.q_sample(x0, t, eps)
    mean, _ = s.posterior(x0, xt, t)            # with the true eps, the step's mean is the posterior's mean
    step = ddpm_step(s, xt, t, eps, z)
    sigma = s.betas[t - 1].sqrt().view(-1, 1, 1, 1)
    assert torch.allclose(step[1:], (mean + sigma * z)[1:], atol=1e-5)
    assert torch.allclose(step[:1], mean[:1], atol=1e-3)        # no noise at t = 1 (float32 at 1 - abar_1 = 1e-4)
    assert torch.allclose(s.predict_x0(xt, t, eps), x0, atol=1e-4)


def test_ddim_step_with_the_true_noise_lands_on_the_forward_process():
    s = NoiseSchedule.linear(100)
    torch.manual_seed(1)
    x0, eps = torch.randn(3, 1, 2, 2), torch.randn(3, 1, 2, 2)
    t, t_prev = torch.tensor([80, 80, 80]), torch.tensor([40, 10, 0])
    out = ddim_step(s, s.q_sample(x0, t, eps), t, t_prev, eps)
    expected = torch.stack([s.q_sample(x0[i:i + 1], t_prev[i:i + 1], eps[i:i + 1])[0] if t_prev[i] > 0 else x0[i]
                            for i in range(3)])
    assert torch.allclose(out, expected, atol=1e-5)
    far = s.q_sample(x0 * 5, t, eps)                             # an x_0 outside [-1, 1]: clipping lands on the clamp
    clipped = ddim_step(s, far, t, torch.zeros_like(t), eps, clip=(-1, 1))
    assert torch.allclose(clipped, (x0 * 5).clamp(-1, 1), atol=1e-4)
    with pytest.raises(ValueError, match="time step in 0..100"):
        ddim_step(s, far, t, torch.full_like(t, -1), eps)


def test_guidance_mixes_conditional_and_unconditional_predictions():
    def model(x, t, y):                                       # eps = y (as a number), whatever x and t
        return y.float().view(-1, 1, 1, 1).expand_as(x)

    x, t, y = torch.zeros(2, 1, 2, 2), torch.tensor([5, 5]), torch.tensor([3, 7])
    out = guided_eps(model, x, t, y, weight=2.0, null_label=10)
    assert torch.allclose(out[:, 0, 0, 0], 3 * y.float() - 2 * 10)


def test_small_unet_shapes_labels_and_errors():
    torch.manual_seed(0)
    net = SmallUNet(n_classes=10, channels=(8, 16, 16))
    x, t = torch.randn(3, 1, 28, 28), torch.tensor([1, 500, 1000])
    assert net(x, t).shape == x.shape and net(x, t, torch.tensor([0, 1, 10])).shape == x.shape
    assert torch.equal(net(x, t), torch.zeros_like(x))              # the output layer starts at zero
    with pytest.raises(ValueError, match="one time step per image"):
        net(x, torch.tensor([1]))
    with pytest.raises(ValueError, match="no labels"):
        SmallUNet(channels=(8, 16, 16))(x, t, torch.tensor([0, 1, 2]))
    with pytest.raises(ValueError, match="28 x 28"):
        SmallUNet(image_shape=(1, 32, 32))
    emb = timestep_embedding(torch.tensor([0.0, 3.0]), 8)
    assert torch.allclose(emb[0], torch.tensor([1.0] * 4 + [0.0] * 4))
    assert emb[1, 0].item() == pytest.approx(math.cos(3.0)) and emb[1, 4].item() == pytest.approx(math.sin(3.0))
