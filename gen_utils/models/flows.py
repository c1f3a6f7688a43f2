"""Normalizing-flow pieces of chapter 17 (normalizing flows), which writes them and pins these copies, kept for later
chapters: RealNVP's affine coupling with checkerboard and channel masks, actnorm, squeeze, the logit pre-processing,
the multi-scale architecture that factors out half of the channels after each scale (:class:`MultiScaleFlow`), and
dequantised likelihoods in bits per dimension.

Every layer maps ``x -> (y, log|det dy/dx|)`` per example and has an exact ``inverse``; a :class:`Flow` chains them
and gives log p(x) = log N(z; 0, I) + sum of the layers' log-determinants (change of variables).
"""
from __future__ import annotations

import math
from typing import Callable, Sequence

import torch
from torch import Tensor, nn

from .autoregressive import nats_to_bits_per_dim


def checkerboard_mask(height: int, width: int, parity: int = 0) -> Tensor:
    """(1, 1, H, W) mask of ones where (row + column) % 2 == parity: the pixels a coupling layer keeps."""
    rows, cols = torch.meshgrid(torch.arange(height), torch.arange(width), indexing="ij")
    return ((rows + cols) % 2 == parity).float().view(1, 1, height, width)


def channel_mask(channels: int, parity: int = 0) -> Tensor:
    """(1, C, 1, 1) mask keeping the first half of the channels (parity 0) or the second half (parity 1)."""
    if channels < 2 or channels % 2:
        raise ValueError(f"a channel mask splits an even number of channels, got {channels}")
    first = torch.arange(channels) < channels // 2
    return (first if parity == 0 else ~first).float().view(1, channels, 1, 1)


class AffineCoupling(nn.Module):
    """RealNVP's affine coupling: y = m * x + (1 - m) * (x * exp(s) + t) with (s, t) = net(m * x), so
    log|det| = sum of (1 - m) * s; ``net`` maps (N, C, H, W) to (N, 2C, H, W), s is bounded by ``scale * tanh``."""

    def __init__(self, mask: Tensor, net: nn.Module, scale: float = 2.0):
        super().__init__()
        self.register_buffer("mask", mask.float())
        self.net, self.scale = net, scale

    def _shift_and_log_scale(self, x: Tensor) -> tuple[Tensor, Tensor]:
        s, t = self.net(x * self.mask).chunk(2, dim=1)
        change = 1 - self.mask                   # the part this layer transforms; the masked part passes unchanged
        return self.scale * torch.tanh(s / self.scale) * change, t * change

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        s, t = self._shift_and_log_scale(x)
        return x * torch.exp(s) + t, s.flatten(1).sum(1)

    def inverse(self, y: Tensor) -> Tensor:
        s, t = self._shift_and_log_scale(y)      # the kept half of y equals the kept half of x
        return (y - t) * torch.exp(-s)


class ActNorm(nn.Module):
    """Per-channel affine y = (x - b) * exp(-log_s), initialised on the first batch so that y has zero mean and unit
    variance per channel; log|det| = -H W sum(log_s)."""

    def __init__(self, channels: int):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(1, channels, 1, 1))
        self.log_scale = nn.Parameter(torch.zeros(1, channels, 1, 1))
        self.register_buffer("initialised", torch.tensor(False))

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        if not bool(self.initialised):
            with torch.no_grad():
                self.bias.copy_(x.mean(dim=(0, 2, 3), keepdim=True))
                self.log_scale.copy_(x.std(dim=(0, 2, 3), keepdim=True).clamp_min(1e-6).log())
                self.initialised.fill_(True)
        y = (x - self.bias) * torch.exp(-self.log_scale)
        return y, (-self.log_scale.sum() * x.shape[2] * x.shape[3]).expand(len(x))

    def inverse(self, y: Tensor) -> Tensor:
        return y * torch.exp(self.log_scale) + self.bias


class Squeeze(nn.Module):
    """(N, C, H, W) -> (N, 4C, H/2, W/2): each 2 x 2 block of pixels becomes 4 channels (a permutation, log|det| = 0)."""

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        n, c, h, w = x.shape
        if h % 2 or w % 2:
            raise ValueError(f"squeeze needs an even height and width, got {h} x {w}")
        y = x.view(n, c, h // 2, 2, w // 2, 2).permute(0, 1, 3, 5, 2, 4).reshape(n, 4 * c, h // 2, w // 2)
        return y, x.new_zeros(n)

    def inverse(self, y: Tensor) -> Tensor:
        n, c4, h, w = y.shape
        c = c4 // 4
        return y.view(n, c, 2, 2, h, w).permute(0, 1, 4, 2, 5, 3).reshape(n, c, 2 * h, 2 * w)


class LogitTransform(nn.Module):
    """RealNVP's pre-processing of x in [0, 1]: y = logit(a + (1 - 2a) x), log|det| = sum log((1 - 2a) / (p (1 - p)))
    with p = a + (1 - 2a) x."""

    def __init__(self, alpha: float = 0.05):
        super().__init__()
        self.alpha = alpha

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        p = self.alpha + (1 - 2 * self.alpha) * x
        logdet = (math.log(1 - 2 * self.alpha) - torch.log(p) - torch.log1p(-p)).flatten(1).sum(1)
        return torch.log(p) - torch.log1p(-p), logdet

    def inverse(self, y: Tensor) -> Tensor:
        return (torch.sigmoid(y) - self.alpha) / (1 - 2 * self.alpha)


class Flow(nn.Module):
    """A chain of invertible layers with a standard normal base: log p(x) = log N(f(x); 0, I) + sum log|det|."""

    def __init__(self, layers: Sequence[nn.Module]):
        super().__init__()
        self.layers = nn.ModuleList(layers)

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        """z = f(x) and the summed log|det df/dx| per example."""
        logdet = x.new_zeros(len(x))
        for layer in self.layers:
            x, ld = layer(x)
            logdet = logdet + ld
        return x, logdet

    def inverse(self, z: Tensor) -> Tensor:
        for layer in reversed(self.layers):
            z = layer.inverse(z)
        return z

    def log_prob(self, x: Tensor) -> Tensor:
        """log p(x) per example, in nats."""
        z, logdet = self(x)
        return standard_normal_log_prob(z) + logdet


class MultiScaleFlow(nn.Module):
    """RealNVP's multi-scale architecture: after each scale's layers the first half of the channels leaves the flow
    ("factored out") as part of z, and the next scale works on the other half; z is the factored-out parts and the
    final layers' output, flattened and concatenated, so log p(x) = log N(z; 0, I) + sum of the log-determinants
    (each split is a permutation of coordinates: log|det| = 0). ``image_shape`` fixes the shapes of the parts."""

    def __init__(self, image_shape: Sequence[int], scales: Sequence[Sequence[nn.Module]], final: Sequence[nn.Module]):
        super().__init__()
        self.image_shape = tuple(int(s) for s in image_shape)
        self.scales = nn.ModuleList(nn.ModuleList(layers) for layers in scales)
        self.final = nn.ModuleList(final)
        shape, self.shapes = self.image_shape, []
        for layers in self.scales:
            for layer in layers:
                shape = _shape_after(layer, shape)
            if shape[0] < 2 or shape[0] % 2:
                raise ValueError(f"a scale must end with an even number of channels to factor out half, got {shape}")
            self.shapes.append((shape[0] // 2, *shape[1:]))
            shape = (shape[0] - shape[0] // 2, *shape[1:])
        for layer in self.final:
            shape = _shape_after(layer, shape)
        self.shapes.append(shape)

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        """z = f(x), flattened (N, D), and the summed log|det df/dx| per example."""
        logdet, parts = x.new_zeros(len(x)), []
        for layers in self.scales:
            for layer in layers:
                x, ld = layer(x)
                logdet = logdet + ld
            half = x.shape[1] // 2
            parts.append(x[:, :half].flatten(1))            # factored out: it stays as it is, part of z
            x = x[:, half:]
        for layer in self.final:
            x, ld = layer(x)
            logdet = logdet + ld
        return torch.cat([*parts, x.flatten(1)], 1), logdet

    def inverse(self, z: Tensor) -> Tensor:
        """x = f^-1(z) for z of shape (N, D)."""
        sizes = [math.prod(s) for s in self.shapes]
        if z.dim() != 2 or z.shape[1] != sum(sizes):
            raise ValueError(f"z must have shape (N, {sum(sizes)}), got {tuple(z.shape)}")
        parts = z.split(sizes, 1)
        x = parts[-1].reshape(len(z), *self.shapes[-1])
        for layer in reversed(self.final):
            x = layer.inverse(x)
        for layers, part, shape in zip(reversed(self.scales), reversed(parts[:-1]), reversed(self.shapes[:-1])):
            x = torch.cat([part.reshape(len(z), *shape), x], 1)
            for layer in reversed(layers):
                x = layer.inverse(x)
        return x

    def log_prob(self, x: Tensor) -> Tensor:
        """log p(x) per example, in nats."""
        z, logdet = self(x)
        return standard_normal_log_prob(z) + logdet


def _shape_after(layer: nn.Module, shape: tuple[int, ...]) -> tuple[int, ...]:
    """The (C, H, W) shape after ``layer``: a squeeze halves the sides and quadruples the channels, others keep it."""
    if isinstance(layer, Squeeze):
        c, h, w = shape
        if h % 2 or w % 2:
            raise ValueError(f"squeeze needs an even height and width, got {h} x {w}")
        return (4 * c, h // 2, w // 2)
    return tuple(shape)


def standard_normal_log_prob(z: Tensor) -> Tensor:
    """log N(z; 0, I) per example: -(|z|^2 + D log 2 pi) / 2."""
    flat = z.flatten(1)
    return -0.5 * (flat.pow(2).sum(1) + flat.shape[1] * math.log(2 * math.pi))


def dequantize(x: Tensor, levels: int = 256, generator: torch.Generator | None = None) -> Tensor:
    """Uniform dequantisation of images in [0, 1] with ``levels`` grey levels: y = (k + u) / levels, k = round(x (levels - 1)),
    u ~ U[0, 1): each discrete value becomes a uniform density over its bin of width 1 / levels."""
    k = torch.round(x * (levels - 1))
    return (k + torch.rand(x.shape, generator=generator, device=x.device, dtype=x.dtype)) / levels


def dequantized_bits_per_dim(nll_nats: float | Tensor, dim: int, levels: int = 256) -> float | Tensor:
    """Bits per dimension of the discrete images from a density's -log p(y) (nats) of dequantised y in [0, 1]^D:
    (nll + D log levels) / (D ln 2), an upper bound on the discrete negative log-likelihood (the bins have volume
    levels^-D)."""
    if dim < 1 or levels < 2:
        raise ValueError(f"need dim >= 1 and levels >= 2, got {dim} and {levels}")
    return nats_to_bits_per_dim(nll_nats + dim * math.log(levels), dim)


def jacobian_log_det(f: Callable[[Tensor], Tensor], x: Tensor) -> Tensor:
    """log|det J| of ``f`` at each example of a small batch, from autograd's full Jacobian (for checking layers)."""
    out = []
    for xi in x:
        jac = torch.autograd.functional.jacobian(lambda v: f(v.unsqueeze(0)).flatten(), xi)
        out.append(torch.linalg.slogdet(jac.reshape(xi.numel(), xi.numel()))[1])
    return torch.stack(out)
