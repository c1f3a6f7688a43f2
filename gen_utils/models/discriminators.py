"""Discriminators: a classifier of codes, telling prior samples from encoder outputs (adversarial auto-encoders)."""
from __future__ import annotations

from typing import Sequence

from torch import Tensor, nn

from .layers import check_shape, mlp


class CodeDiscriminator(nn.Module):
    """MLP on codes z returning one logit: large for samples of the prior p(z), small for encoder codes q(z)."""

    def __init__(self, latent_dim: int, hidden: Sequence[int] = (1000, 1000), extra_dim: int = 0):
        super().__init__()
        self.in_dim = int(latent_dim) + int(extra_dim)
        self.net = mlp([self.in_dim, *hidden, 1], activation=lambda: nn.LeakyReLU(0.2))

    def forward(self, z: Tensor) -> Tensor:
        """Logits of shape (N,); ``extra_dim`` > 0 expects a label one-hot concatenated to z."""
        check_shape(z, (self.in_dim,), type(self).__name__)
        return self.net(z).squeeze(1)
