"""Priors over codes that need only a sampler (for adversarial auto-encoders): Gaussian, mixture, swiss roll."""
from __future__ import annotations

import math

import torch
from torch import Tensor

from .config import capturing, get_device


def _components(n: int, labels: Tensor | None, n_classes: int, generator: torch.Generator | None,
                device: torch.device | str | None = None) -> Tensor:
    if labels is None:
        return torch.randint(n_classes, (n,), generator=generator, device=device)
    labels = labels.detach().to(device).long()
    if labels.shape != (n,):
        raise ValueError(f"labels must be {n} integers in [0, {n_classes}), got shape {tuple(labels.shape)}")
    if not capturing() and (labels.min() < 0 or labels.max() >= n_classes):  # no read-backs in a CUDA graph
        raise ValueError(f"labels must be integers in [0, {n_classes}), got {labels.min()}..{labels.max()}")
    return labels


def gaussian_mixture_prior(n: int, labels: Tensor | None = None, n_classes: int = 10, radius: float = 3.0,
                           radial_std: float = 1.0, tangential_std: float = 0.1,
                           generator: torch.Generator | None = None, device: torch.device | str | None = None) -> Tensor:
    """2-D mixture of ``n_classes`` elongated Gaussians arranged around the origin (the AAE paper's figure 4).

    Component k is centred at ``radius`` in direction 2 pi k / n_classes and stretched along that direction;
    ``labels`` choose the components (semi-supervised and supervised variants), otherwise they are uniform.
    """
    k = _components(n, labels, n_classes, generator, device)
    angle = 2 * math.pi * k.float() / n_classes
    radial = torch.stack([angle.cos(), angle.sin()], 1)
    tangential = torch.stack([-angle.sin(), angle.cos()], 1)
    eps = torch.randn(n, 2, generator=generator, device=device)
    return radius * radial + radial_std * eps[:, :1] * radial + tangential_std * eps[:, 1:] * tangential


def swiss_roll_prior(n: int, labels: Tensor | None = None, n_classes: int = 10, noise: float = 0.05,
                     generator: torch.Generator | None = None, device: torch.device | str | None = None) -> Tensor:
    """2-D swiss roll; with ``labels``, class k is drawn from the k-th of ``n_classes`` equal segments of the roll."""
    k = _components(n, labels, n_classes, generator, device)
    u = (k.float() + torch.rand(n, generator=generator, device=device)) / n_classes  # position along the roll in [0, 1)
    t = 1.5 * math.pi * (1 + 2 * u.sqrt())                             # sqrt: equal arc length per segment, roughly
    pts = torch.stack([t * t.cos(), t * t.sin()], 1) / 5.0
    return pts + noise * torch.randn(n, 2, generator=generator, device=device)


PRIORS = ("gaussian", "mixture", "swiss_roll")


def sample_prior(name: str, n: int, dim: int = 2, labels: Tensor | None = None,
                 generator: torch.Generator | None = None, device: torch.device | str | None = None) -> Tensor:
    """``n`` codes from the prior ``name`` ('gaussian' in ``dim`` dimensions, or the 2-D 'mixture' and
    'swiss_roll'), on the device; ``labels`` pick the mixture component or roll segment of each code."""
    if name not in PRIORS:
        raise ValueError(f"unknown prior {name!r}; choose one of {list(PRIORS)}")
    if name != "gaussian" and dim != 2:
        raise ValueError(f"the {name} prior is two-dimensional, not {dim}-dimensional")
    target = torch.device(device) if device is not None else get_device()
    at = generator.device if generator is not None else target  # drawn where the generator lives, then moved
    if name == "gaussian":
        z = torch.randn(n, dim, generator=generator, device=at)
    elif name == "mixture":
        z = gaussian_mixture_prior(n, labels, generator=generator, device=at)
    else:
        z = swiss_roll_prior(n, labels, generator=generator, device=at)
    return z.to(target)
