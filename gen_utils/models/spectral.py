"""Spectral normalisation (Miyato et al. 2018): divide a weight by its largest singular value, estimated by
power iteration with one step per training forward pass."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.nn.utils import parametrize


def power_iteration(matrix: Tensor, u: Tensor, n_iter: int = 1, eps: float = 1e-12) -> tuple[Tensor, Tensor, Tensor]:
    """``n_iter`` steps of v = W^T u / |W^T u|, u = W v / |W v|; returns (sigma = u^T W v, u, v).

    sigma converges to the largest singular value of ``matrix`` (shape (m, n)) as u, v converge to the
    corresponding singular vectors. Written in chapter 14; this is the package's copy (used by
    :class:`SpectralNorm`), pinned to the chapter's by an asserting cell.
    """
    if matrix.dim() != 2 or u.shape != (matrix.shape[0],):
        raise ValueError(f"power_iteration needs an (m, n) matrix and u of shape (m,), got {tuple(matrix.shape)} "
                         f"and {tuple(u.shape)}")
    if n_iter < 1:
        raise ValueError(f"n_iter must be at least 1, not {n_iter}")
    for _ in range(n_iter):
        v = F.normalize(matrix.T @ u, dim=0, eps=eps)
        u = F.normalize(matrix @ v, dim=0, eps=eps)
    return torch.dot(u, matrix @ v), u, v


class SpectralNorm(nn.Module):
    """Parametrization W -> W / sigma(W), with sigma from power iteration on W reshaped to (out, -1).

    In training mode each forward pass refines the singular-vector estimate ``u`` by ``n_iter`` steps (without
    gradient, as in the paper); in eval mode the stored ``u`` is reused, so outputs do not change.
    """

    def __init__(self, weight: Tensor, n_iter: int = 1):
        super().__init__()
        self.n_iter = int(n_iter)
        rows = weight.shape[0]
        u = F.normalize(torch.randn(rows, generator=torch.Generator().manual_seed(0)), dim=0)
        self.register_buffer("u", u.to(weight.device, weight.dtype))

    def forward(self, weight: Tensor) -> Tensor:
        matrix = weight.flatten(1)
        if self.training:
            with torch.no_grad():
                _, u, _ = power_iteration(matrix, self.u, self.n_iter)
                self.u.copy_(u)
        with torch.no_grad():
            u = self.u.clone()         # a copy: later forward passes update self.u in place before backward
            v = F.normalize(matrix.T @ u, dim=0)
        sigma = torch.dot(u, matrix @ v)               # differentiable in W, with u and v held fixed
        return weight / sigma


def spectral_norm(module: nn.Module, name: str = "weight", n_iter: int = 1) -> nn.Module:
    """Register :class:`SpectralNorm` on ``module.<name>`` (a Linear or Conv layer) and return the module."""
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor) or weight.dim() < 2:
        raise ValueError(f"spectral_norm needs a module with a weight matrix or kernel called {name!r}, "
                         f"got {type(module).__name__}")
    parametrize.register_parametrization(module, name, SpectralNorm(weight, n_iter))
    return module
