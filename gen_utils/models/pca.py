"""Principal component analysis: the best linear auto-encoder, as a baseline."""
from __future__ import annotations

import torch
from torch import Tensor, nn


class PCA(nn.Module):
    """Project onto the top ``k`` principal directions of the training data (fit by an SVD)."""

    def __init__(self, k: int):
        super().__init__()
        if int(k) < 1:
            raise ValueError(f"PCA needs k >= 1 components, not {k!r}")
        self.k = int(k)
        self.register_buffer("mean", torch.empty(0))
        self.register_buffer("components", torch.empty(0))  # (k, D), orthonormal rows
        self.image_shape: tuple[int, ...] = ()

    @torch.no_grad()
    def fit(self, x: Tensor) -> "PCA":
        """Compute the mean and the top-k right singular vectors of the centred data."""
        if x.dim() < 2 or len(x) < 2:
            raise ValueError(f"PCA.fit needs a batch of at least two examples, got shape {tuple(x.shape)}")
        flat = x.flatten(1).double()
        if self.k > min(flat.shape):
            raise ValueError(f"k={self.k} exceeds the rank bound min(N, D)={min(flat.shape)}")
        self.image_shape = tuple(x.shape[1:])
        self.mean = flat.mean(0)
        _, _, vh = torch.linalg.svd(flat - self.mean, full_matrices=False)
        self.components = vh[: self.k]
        self.mean, self.components = self.mean.to(x.dtype), self.components.to(x.dtype)
        return self

    def _check_fitted(self) -> None:
        if self.components.numel() == 0:
            raise RuntimeError("call PCA.fit(x) before encoding or decoding")

    def encode(self, x: Tensor) -> Tensor:
        self._check_fitted()
        return (x.flatten(1) - self.mean) @ self.components.T

    def decode(self, z: Tensor) -> Tensor:
        self._check_fitted()
        return (z @ self.components + self.mean).view(-1, *self.image_shape)

    def forward(self, x: Tensor) -> Tensor:
        """The reconstruction of ``x`` from its k principal coordinates (pixels: PCA has no logits)."""
        return self.decode(self.encode(x))

    def reconstruct(self, x: Tensor) -> Tensor:
        """The same as ``forward``: pixels."""
        return self(x)
