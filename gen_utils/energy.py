"""Energy-based-model pieces of chapter 18 (energy-based models), which writes the Langevin step and the
contrastive-divergence loss and pins these copies, kept for later chapters; plus the plumbing it needs: a replay
buffer of persistent chains and a small convolutional energy network.

An energy E(x) defines the unnormalised density p(x) = exp(-E(x)) / Z; low energy is likely.
"""
from __future__ import annotations

import math
from typing import Callable, Sequence

import torch
from torch import Tensor, nn

from .models.layers import check_shape


def langevin(energy: Callable[[Tensor], Tensor], x: Tensor, steps: int, step_size: float,
             noise_std: float | None = None, grad_clip: float | None = None,
             value_range: tuple[float, float] | None = None) -> Tensor:
    """``steps`` Langevin moves x <- x - step_size * grad E(x) + noise_std * xi, xi ~ N(0, I), from ``x``.

    With ``noise_std = sqrt(2 step_size)`` (the default) the chain's stationary law tends to exp(-E) / Z as the step
    shrinks; short-run samplers (chapter 18) decouple the two, clip each pixel's gradient to ``grad_clip`` and clamp
    the chain to ``value_range``. ``energy`` maps a batch to one energy per example; returns the detached last state.
    """
    if steps < 0 or step_size <= 0:
        raise ValueError(f"langevin needs steps >= 0 and a positive step size, got {steps} and {step_size}")
    noise = math.sqrt(2 * step_size) if noise_std is None else noise_std
    x = x.detach().clone()
    with torch.enable_grad():
        for _ in range(steps):
            x.requires_grad_(True)
            e = energy(x)
            if e.shape != x.shape[:1]:
                raise ValueError(f"the energy must give one number per example, shape ({len(x)},), got {tuple(e.shape)}")
            grad, = torch.autograd.grad(e.sum(), x)
            if grad_clip is not None:
                grad = grad.clamp(-grad_clip, grad_clip)
            x = (x.detach() - step_size * grad + noise * torch.randn_like(x))
            if value_range is not None:
                x = x.clamp(*value_range)
    return x.detach()


def contrastive_divergence_loss(energy_data: Tensor, energy_model: Tensor, alpha: float = 0.0) -> Tensor:
    """mean E(x_data) - mean E(x_model) + alpha * mean(E(x_data)^2 + E(x_model)^2): the log-likelihood gradient's
    data term minus its model term (model samples held fixed), with chapter 18's regulariser on the energies' size."""
    if energy_data.dim() != 1 or energy_model.dim() != 1:
        raise ValueError(f"energies must be 1-D (one per example), got {tuple(energy_data.shape)} and "
                         f"{tuple(energy_model.shape)}")
    regulariser = alpha * (energy_data.pow(2).mean() + energy_model.pow(2).mean())
    return energy_data.mean() - energy_model.mean() + regulariser


class ReplayBuffer(nn.Module):
    """A bank of past Langevin samples (Du & Mordatch 2019): chains start from stored samples, a share ``reinit`` of
    them from fresh uniform noise, and their end states are stored back. The bank is a module buffer, so a checkpoint
    of ``fit`` saves and resumes it with the model."""

    def __init__(self, size: int, shape: Sequence[int], value_range: tuple[float, float] = (-1.0, 1.0),
                 reinit: float = 0.05, seed: int = 0):
        super().__init__()
        if size < 1 or not 0 <= reinit <= 1:
            raise ValueError(f"a replay buffer needs size >= 1 and 0 <= reinit <= 1, got {size} and {reinit}")
        self.shape, self.value_range, self.reinit = tuple(shape), value_range, reinit
        g = torch.Generator().manual_seed(seed)
        self.register_buffer("samples", self._noise(size, g))

    def _noise(self, n: int, generator: torch.Generator | None = None, device=None) -> Tensor:
        lo, hi = self.value_range
        return lo + (hi - lo) * torch.rand(n, *self.shape, generator=generator).to(device or "cpu")

    def draw(self, n: int) -> tuple[Tensor, Tensor]:
        """(starts, slots): ``n`` stored samples picked at random, each replaced by uniform noise with probability
        ``reinit``, and the slots they came from (give them back to :meth:`store`)."""
        device = self.samples.device
        slots = torch.randint(len(self.samples), (n,)).to(device)
        starts = self.samples[slots].clone()
        fresh = (torch.rand(n) < self.reinit).to(device)
        starts[fresh] = self._noise(int(fresh.sum()), device=device)
        return starts, slots

    def store(self, slots: Tensor, x: Tensor) -> None:
        """Write the chains' end states ``x`` into ``slots``."""
        check_shape(x, self.shape, "ReplayBuffer.store")
        self.samples[slots] = x.detach().to(self.samples.dtype)


class EnergyCNN(nn.Module):
    """E(x) for (N, 1, 28, 28) images, one number each: four strided 3x3/5x5 convolutions (c, 2c, 4c, 4c channels)
    with SiLU (Swish) activations, then 4c*4*4 -> 4c -> 1 (the shape of the UvA tutorial's MNIST energy)."""

    def __init__(self, channels: int = 16, image_shape: Sequence[int] = (1, 28, 28)):
        super().__init__()
        if tuple(image_shape)[1:] != (28, 28):
            raise ValueError(f"EnergyCNN is sized for 28 x 28 images, got {tuple(image_shape)}")
        self.image_shape, c = tuple(image_shape), channels
        self.net = nn.Sequential(
            nn.Conv2d(image_shape[0], c, 5, 2, 4), nn.SiLU(),             # 28 -> 16
            nn.Conv2d(c, 2 * c, 3, 2, 1), nn.SiLU(),                      # 16 -> 8
            nn.Conv2d(2 * c, 4 * c, 3, 2, 1), nn.SiLU(),                  # 8 -> 4
            nn.Conv2d(4 * c, 4 * c, 3, 2, 1), nn.SiLU(),                  # 4 -> 2
            nn.Flatten(), nn.Linear(4 * c * 2 * 2, 4 * c), nn.SiLU(), nn.Linear(4 * c, 1))

    def forward(self, x: Tensor) -> Tensor:
        check_shape(x, self.image_shape, "EnergyCNN")
        return self.net(x).squeeze(1)
