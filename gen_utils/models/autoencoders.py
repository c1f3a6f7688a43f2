"""Encoders, decoders and the auto-encoder that joins them (MLP and convolutional)."""
from __future__ import annotations

import math
from typing import Sequence

import torch
from torch import Tensor, nn

from .layers import check_shape, mlp

IMAGE = (1, 28, 28)


class MLPEncoder(nn.Module):
    """Image -> code through fully connected layers."""

    def __init__(self, out_dim: int, image_shape: Sequence[int] = IMAGE, hidden: Sequence[int] = (512, 256)):
        super().__init__()
        self.image_shape = tuple(image_shape)
        self.net = mlp([math.prod(self.image_shape), *hidden, out_dim])

    def forward(self, x: Tensor) -> Tensor:
        check_shape(x, self.image_shape, type(self).__name__)
        return self.net(x.flatten(1))


class MLPDecoder(nn.Module):
    """Code -> image logits through fully connected layers."""

    def __init__(self, in_dim: int, image_shape: Sequence[int] = IMAGE, hidden: Sequence[int] = (256, 512)):
        super().__init__()
        self.in_dim, self.image_shape = in_dim, tuple(image_shape)
        self.net = mlp([in_dim, *hidden, math.prod(self.image_shape)])

    def forward(self, z: Tensor) -> Tensor:
        check_shape(z, (self.in_dim,), type(self).__name__)
        return self.net(z).view(-1, *self.image_shape)


class ConvEncoder(nn.Module):
    """28x28 image -> code: two stride-2 convolutions (28 -> 14 -> 7), then a linear layer."""

    def __init__(self, out_dim: int, image_shape: Sequence[int] = IMAGE, channels: int = 32):
        super().__init__()
        self.image_shape = tuple(image_shape)
        c, h, w = self.image_shape
        if h % 4 or w % 4:
            raise ValueError(f"ConvEncoder needs a height and width divisible by 4, got {self.image_shape}")
        self.net = nn.Sequential(
            nn.Conv2d(c, channels, 4, 2, 1), nn.ReLU(),
            nn.Conv2d(channels, 2 * channels, 4, 2, 1), nn.ReLU(),
            nn.Flatten(), nn.Linear(2 * channels * (h // 4) * (w // 4), out_dim))

    def forward(self, x: Tensor) -> Tensor:
        check_shape(x, self.image_shape, type(self).__name__)
        return self.net(x)


class ConvDecoder(nn.Module):
    """Code -> image logits: a linear layer, then two stride-2 transposed convolutions (7 -> 14 -> 28)."""

    def __init__(self, in_dim: int, image_shape: Sequence[int] = IMAGE, channels: int = 32):
        super().__init__()
        self.in_dim, self.image_shape = in_dim, tuple(image_shape)
        c, h, w = self.image_shape
        if h % 4 or w % 4:
            raise ValueError(f"ConvDecoder needs a height and width divisible by 4, got {self.image_shape}")
        self.net = nn.Sequential(
            nn.Linear(in_dim, 2 * channels * (h // 4) * (w // 4)), nn.ReLU(),
            nn.Unflatten(1, (2 * channels, h // 4, w // 4)),
            nn.ConvTranspose2d(2 * channels, channels, 4, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(channels, c, 4, 2, 1))

    def forward(self, z: Tensor) -> Tensor:
        check_shape(z, (self.in_dim,), type(self).__name__)
        return self.net(z)


class AutoEncoder(nn.Module):
    """x -> z = encoder(x) -> decoder(z).

    The book's output convention: ``forward`` and ``decode`` return **logits** (what the losses take);
    ``reconstruct`` returns **pixels** in [0, 1] (what metrics and plots take).
    """

    output = "logits"

    def __init__(self, encoder: nn.Module, decoder: nn.Module):
        super().__init__()
        self.encoder, self.decoder = encoder, decoder

    def encode(self, x: Tensor) -> Tensor:
        return self.encoder(x)

    def decode(self, z: Tensor) -> Tensor:
        """Pixel logits for codes ``z`` (``torch.sigmoid`` of them gives pixels in [0, 1])."""
        return self.decoder(z)

    def forward(self, x: Tensor) -> Tensor:
        """Logits of the reconstruction of ``x``."""
        return self.decoder(self.encoder(x))

    def reconstruct(self, x: Tensor) -> Tensor:
        """The reconstruction of ``x`` as pixels in [0, 1]."""
        return torch.sigmoid(self(x))


_KINDS = {"mlp": (MLPEncoder, MLPDecoder), "conv": (ConvEncoder, ConvDecoder)}


def make_autoencoder(kind: str, latent_dim: int, image_shape: Sequence[int] = IMAGE) -> AutoEncoder:
    """An auto-encoder of ``kind`` 'mlp' or 'conv' with a ``latent_dim``-dimensional bottleneck."""
    if kind not in _KINDS:
        raise ValueError(f"unknown auto-encoder kind {kind!r}; choose one of {sorted(_KINDS)}")
    if int(latent_dim) < 1:
        raise ValueError(f"latent_dim must be a positive integer, not {latent_dim!r}")
    enc, dec = _KINDS[kind]
    return AutoEncoder(enc(latent_dim, image_shape), dec(latent_dim, image_shape))
