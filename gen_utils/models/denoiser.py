"""A small time-conditioned U-Net for 28 x 28 images, sized for a laptop: the noise predictor of diffusion models
(chapter 19), optionally conditioned on a class label with a "no label" entry for classifier-free guidance."""
from __future__ import annotations

import math
from typing import Sequence

import torch
from torch import Tensor, nn

from .layers import check_shape


def timestep_embedding(t: Tensor, dim: int, max_period: float = 10_000.0) -> Tensor:
    """Sinusoidal embedding of (possibly fractional) time steps t, shape (N,) -> (N, dim): [cos(t w_k), sin(t w_k)]
    with frequencies w_k = max_period^(-k / (dim / 2)), k = 0 .. dim/2 - 1 (the Transformer's positions)."""
    if dim % 2:
        raise ValueError(f"the embedding dimension must be even, got {dim}")
    freqs = torch.exp(-math.log(max_period) * torch.arange(dim // 2, device=t.device, dtype=torch.float32) / (dim // 2))
    angles = t.float()[:, None] * freqs[None, :]
    return torch.cat([torch.cos(angles), torch.sin(angles)], dim=1)


class ResBlock(nn.Module):
    """GroupNorm-SiLU-conv twice, the time (and label) embedding added in between, and a skip connection."""

    def __init__(self, c_in: int, c_out: int, emb_dim: int, groups: int = 8):
        super().__init__()
        self.norm1, self.conv1 = nn.GroupNorm(min(groups, c_in), c_in), nn.Conv2d(c_in, c_out, 3, padding=1)
        self.emb = nn.Linear(emb_dim, c_out)
        self.norm2, self.conv2 = nn.GroupNorm(min(groups, c_out), c_out), nn.Conv2d(c_out, c_out, 3, padding=1)
        self.skip = nn.Conv2d(c_in, c_out, 1) if c_in != c_out else nn.Identity()
        self.act = nn.SiLU()

    def forward(self, x: Tensor, emb: Tensor) -> Tensor:
        h = self.conv1(self.act(self.norm1(x)))
        h = h + self.emb(emb)[:, :, None, None]
        h = self.conv2(self.act(self.norm2(h)))
        return h + self.skip(x)


class SmallUNet(nn.Module):
    """eps_theta(x_t, t[, y]) for (N, C, 28, 28) images: two resolutions below the input (28 -> 14 -> 7), one residual
    block per level on the way down and up with skip connections, sinusoidal time embedding through an MLP, and an
    optional label embedding of ``n_classes + 1`` entries (the last one meaning "no label") added to it."""

    def __init__(self, image_shape: Sequence[int] = (1, 28, 28), channels: Sequence[int] = (32, 64, 64),
                 n_classes: int | None = None, emb_dim: int = 128):
        super().__init__()
        self.image_shape, self.n_classes = tuple(image_shape), n_classes
        if self.image_shape[1:] != (28, 28) or len(channels) != 3:
            raise ValueError(f"SmallUNet is sized for 28 x 28 images and three channel widths, got {self.image_shape} "
                             f"and {tuple(channels)}")
        c0, c1, c2 = channels
        self.emb_dim = emb_dim
        self.time_mlp = nn.Sequential(nn.Linear(emb_dim, emb_dim), nn.SiLU(), nn.Linear(emb_dim, emb_dim))
        self.label_emb = nn.Embedding(n_classes + 1, emb_dim) if n_classes else None
        self.inp = nn.Conv2d(image_shape[0], c0, 3, padding=1)
        self.down0, self.down1, self.down2 = ResBlock(c0, c0, emb_dim), ResBlock(c0, c1, emb_dim), ResBlock(c1, c2, emb_dim)
        self.pool = nn.AvgPool2d(2)
        self.mid = ResBlock(c2, c2, emb_dim)
        self.up2, self.up1, self.up0 = ResBlock(2 * c2, c1, emb_dim), ResBlock(2 * c1, c0, emb_dim), ResBlock(2 * c0, c0, emb_dim)
        self.upsample = nn.Upsample(scale_factor=2, mode="nearest")
        self.out = nn.Sequential(nn.GroupNorm(8, c0), nn.SiLU(), nn.Conv2d(c0, image_shape[0], 3, padding=1))
        nn.init.zeros_(self.out[-1].weight)
        nn.init.zeros_(self.out[-1].bias)

    def embedding(self, t: Tensor, y: Tensor | None) -> Tensor:
        """The time embedding, plus the label's (``y = n_classes`` or None: no label)."""
        emb = self.time_mlp(timestep_embedding(t, self.emb_dim))
        if self.label_emb is not None:
            if y is None:
                y = torch.full_like(t, self.n_classes, dtype=torch.long)
            emb = emb + self.label_emb(y.long())
        elif y is not None:
            raise ValueError("this SmallUNet has no labels (n_classes=None) but was given some")
        return emb

    def forward(self, x: Tensor, t: Tensor, y: Tensor | None = None) -> Tensor:
        check_shape(x, self.image_shape, "SmallUNet")
        if t.shape != x.shape[:1]:
            raise ValueError(f"SmallUNet needs one time step per image, shape ({len(x)},), got {tuple(t.shape)}")
        emb = self.embedding(t, y)
        h0 = self.down0(self.inp(x), emb)                 # 28 x 28
        h1 = self.down1(self.pool(h0), emb)               # 14 x 14
        h2 = self.down2(self.pool(h1), emb)               # 7 x 7
        h = self.mid(h2, emb)
        h = self.up2(torch.cat([h, h2], 1), emb)          # 7 x 7
        h = self.up1(torch.cat([self.upsample(h), h1], 1), emb)   # 14 x 14
        h = self.up0(torch.cat([self.upsample(h), h0], 1), emb)   # 28 x 28
        return self.out(h)
