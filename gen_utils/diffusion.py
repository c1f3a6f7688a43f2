"""Diffusion-model pieces of chapter 19 (score matching and diffusion), which writes the losses and the sampler steps
and pins these copies, kept for later chapters: noise schedules, the forward process in closed form, DDPM's
ancestral step, DDIM's deterministic step and classifier-free guidance.

Notation (DDPM): beta_t for t = 1..T, alpha_t = 1 - beta_t, abar_t = prod_{s<=t} alpha_s;
q(x_t | x_0) = N(sqrt(abar_t) x_0, (1 - abar_t) I). Tensors index time 1..T at positions 0..T-1.
"""
from __future__ import annotations

import math
from typing import Callable

import torch
from torch import Tensor


def _per_example(values: Tensor, x: Tensor) -> Tensor:
    """One value per example, shaped (N, 1, ..., 1) to broadcast against x."""
    return values.view(-1, *([1] * (x.dim() - 1))).to(x.dtype)


class NoiseSchedule:
    """beta_1..beta_T and the quantities derived from them, on one device."""

    def __init__(self, betas: Tensor):
        betas = torch.as_tensor(betas, dtype=torch.float64)
        if betas.dim() != 1 or len(betas) < 1 or (betas <= 0).any() or (betas >= 1).any():
            raise ValueError("betas must be a non-empty 1-D tensor with every value in (0, 1)")
        self.betas = betas.float()
        self.alphas = (1 - betas).float()
        self.alpha_bars = torch.cumprod(1 - betas, 0).float()
        self._alpha_bars_from_0 = torch.cat([self.alpha_bars.new_ones(1), self.alpha_bars])   # abar_0 = 1, ..., abar_T

    @classmethod
    def linear(cls, steps: int = 1000, beta_1: float = 1e-4, beta_T: float = 0.02) -> "NoiseSchedule":
        """DDPM's schedule: betas rising linearly from beta_1 to beta_T over ``steps`` steps."""
        return cls(torch.linspace(beta_1, beta_T, steps, dtype=torch.float64))

    @classmethod
    def cosine(cls, steps: int = 1000, s: float = 0.008, max_beta: float = 0.999) -> "NoiseSchedule":
        """Nichol and Dhariwal's schedule: abar_t = f(t) / f(0), f(t) = cos^2(((t / T) + s) / (1 + s) * pi / 2)."""
        t = torch.arange(steps + 1, dtype=torch.float64)
        f = torch.cos((t / steps + s) / (1 + s) * math.pi / 2) ** 2
        return cls((1 - f[1:] / f[:-1]).clamp(max=max_beta))

    @property
    def steps(self) -> int:
        return len(self.betas)

    def to(self, device: torch.device | str) -> "NoiseSchedule":
        self.betas, self.alphas, self.alpha_bars, self._alpha_bars_from_0 = (
            v.to(device) for v in (self.betas, self.alphas, self.alpha_bars, self._alpha_bars_from_0))
        return self

    def _at(self, values: Tensor, t: Tensor, x: Tensor, first: int = 1) -> Tensor:
        """values[t - first] shaped to broadcast against x (t in first..T, one per example)."""
        if t.dim() != 1 or len(t) != len(x) or int(t.min()) < first or int(t.max()) > self.steps:
            raise ValueError(f"need one time step in {first}..{self.steps} per example, got shape {tuple(t.shape)}")
        return _per_example(values[t.long() - first], x)

    def alpha_bar(self, t: Tensor, x: Tensor) -> Tensor:
        """abar_t for t in 0..T (abar_0 = 1: the data), shaped to broadcast against x."""
        return self._at(self._alpha_bars_from_0, t, x, first=0)

    def q_sample(self, x0: Tensor, t: Tensor, noise: Tensor) -> Tensor:
        """x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps: a draw of q(x_t | x_0) in closed form."""
        ab = self._at(self.alpha_bars, t, x0)
        return ab.sqrt() * x0 + (1 - ab).sqrt() * noise

    def predict_x0(self, xt: Tensor, t: Tensor, eps: Tensor) -> Tensor:
        """x_0 = (x_t - sqrt(1 - abar_t) eps) / sqrt(abar_t), the forward formula solved for x_0."""
        ab = self._at(self.alpha_bars, t, xt)
        return (xt - (1 - ab).sqrt() * eps) / ab.sqrt()

    def posterior(self, x0: Tensor, xt: Tensor, t: Tensor) -> tuple[Tensor, Tensor]:
        """Mean and variance of q(x_{t-1} | x_t, x_0): mean = (sqrt(abar_{t-1}) beta_t x_0 + sqrt(alpha_t)
        (1 - abar_{t-1}) x_t) / (1 - abar_t), variance = beta_t (1 - abar_{t-1}) / (1 - abar_t) (abar_0 = 1)."""
        ab, ab_prev = self._at(self.alpha_bars, t, xt), self.alpha_bar(t - 1, xt)
        beta, alpha = self._at(self.betas, t, xt), self._at(self.alphas, t, xt)
        mean = (ab_prev.sqrt() * beta * x0 + alpha.sqrt() * (1 - ab_prev) * xt) / (1 - ab)
        return mean, beta * (1 - ab_prev) / (1 - ab)


def ddpm_step(schedule: NoiseSchedule, xt: Tensor, t: Tensor, eps: Tensor, noise: Tensor) -> Tensor:
    """One ancestral step x_{t-1} = (x_t - beta_t / sqrt(1 - abar_t) eps) / sqrt(alpha_t) + sigma_t z, with
    sigma_t^2 = beta_t and z = ``noise`` (no noise is added at t = 1)."""
    beta, alpha = schedule._at(schedule.betas, t, xt), schedule._at(schedule.alphas, t, xt)
    ab = schedule._at(schedule.alpha_bars, t, xt)
    mean = (xt - beta / (1 - ab).sqrt() * eps) / alpha.sqrt()
    last = _per_example(t == 1, xt).bool()
    return torch.where(last, mean, mean + beta.sqrt() * noise)


def ddim_step(schedule: NoiseSchedule, xt: Tensor, t: Tensor, t_prev: Tensor, eps: Tensor,
              clip: tuple[float, float] | None = None) -> Tensor:
    """DDIM's deterministic step (eta = 0) from time t to t_prev < t (t_prev = 0 means the data):
    x_{t_prev} = sqrt(abar_{t_prev}) x0_hat + sqrt(1 - abar_{t_prev}) eps, x0_hat from :meth:`NoiseSchedule.predict_x0`.
    With ``clip`` the predicted x0_hat is clamped to the data's range and eps recomputed from it (as DDPM's code does)."""
    x0 = schedule.predict_x0(xt, t, eps)
    if clip is not None:
        x0 = x0.clamp(*clip)
        ab = schedule._at(schedule.alpha_bars, t, xt)
        eps = (xt - ab.sqrt() * x0) / (1 - ab).sqrt()
    ab_prev = schedule.alpha_bar(t_prev, xt)
    return ab_prev.sqrt() * x0 + (1 - ab_prev).sqrt() * eps


def guided_eps(model: Callable[..., Tensor], xt: Tensor, t: Tensor, y: Tensor, weight: float,
               null_label: int) -> Tensor:
    """Classifier-free guidance: (1 + w) eps(x_t, t, y) - w eps(x_t, t, no label), both from one batched pass."""
    both = model(torch.cat([xt, xt]), torch.cat([t, t]), torch.cat([y, torch.full_like(y, null_label)]))
    conditional, unconditional = both.chunk(2)
    return (1 + weight) * conditional - weight * unconditional


def epsilon_loss(model: Callable[..., Tensor], schedule: NoiseSchedule, x0: Tensor, t: Tensor, noise: Tensor,
                 y: Tensor | None = None) -> Tensor:
    """DDPM's simple loss: mean over examples and pixels of (eps_theta(x_t, t[, y]) - eps)^2, with
    x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps drawn in closed form."""
    xt = schedule.q_sample(x0, t, noise)
    prediction = model(xt, t) if y is None else model(xt, t, y)
    return (prediction - noise).pow(2).mean()
