"""The variational auto-encoder's two networks: q(z|x) as (mu, log variance), p(x|z) as Bernoulli logits."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import Tensor, nn

from .autoencoders import IMAGE, ConvDecoder, ConvEncoder, MLPDecoder, MLPEncoder


class VAE(nn.Module):
    """Encoder giving the mean and log-variance of a diagonal Gaussian q(z|x); decoder giving pixel logits.

    The prior is N(0, I). The loss (and the reparameterisation trick) is written in the chapters.
    Output convention as :class:`AutoEncoder`: ``forward`` and ``decode`` return logits, ``reconstruct`` and
    ``sample`` pixels in [0, 1].
    """

    output = "logits"

    def __init__(self, encoder: nn.Module, decoder: nn.Module, latent_dim: int):
        super().__init__()
        self.encoder, self.decoder, self.latent_dim = encoder, decoder, int(latent_dim)

    def encode(self, x: Tensor) -> tuple[Tensor, Tensor]:
        """Mean and log-variance of q(z|x), each of shape (N, latent_dim)."""
        mu, logvar = self.encoder(x).chunk(2, dim=1)
        return mu, logvar

    def decode(self, z: Tensor) -> Tensor:
        """Logits of the Bernoulli pixels of p(x|z)."""
        return self.decoder(z)

    def forward(self, x: Tensor) -> Tensor:
        """Logits of the reconstruction of ``x`` from the mean of q(z|x)."""
        return self.decode(self.encode(x)[0])

    def reconstruct(self, x: Tensor) -> Tensor:
        """The reconstruction of ``x`` from the mean of q(z|x), as pixels in [0, 1]."""
        return torch.sigmoid(self(x))

    @torch.no_grad()
    def sample(self, n: int, generator: torch.Generator | None = None) -> Tensor:
        """Pixel means sigmoid(decoder(z)) of ``n`` codes drawn from the prior."""
        device = next(self.parameters()).device
        z = torch.randn(n, self.latent_dim, device=device, generator=generator)
        return torch.sigmoid(self.decode(z))


def make_vae(kind: str, latent_dim: int, image_shape: Sequence[int] = IMAGE,
             hidden: Sequence[int] = (512, 256)) -> VAE:
    """A VAE of ``kind`` 'mlp' (layers ``hidden``) or 'conv' with a ``latent_dim``-dimensional code."""
    if int(latent_dim) < 1:
        raise ValueError(f"latent_dim must be a positive integer, not {latent_dim!r}")
    if kind == "mlp":
        enc = MLPEncoder(2 * latent_dim, image_shape, hidden)
        dec = MLPDecoder(latent_dim, image_shape, tuple(reversed(hidden)))
    elif kind == "conv":
        enc, dec = ConvEncoder(2 * latent_dim, image_shape), ConvDecoder(latent_dim, image_shape)
    else:
        raise ValueError(f"unknown VAE kind {kind!r}; choose 'mlp' or 'conv'")
    return VAE(enc, dec, latent_dim)
