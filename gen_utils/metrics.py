"""Numbers that measure models: reconstruction errors, nearest-neighbour distances."""
from __future__ import annotations

from typing import Callable

import torch
from torch import Tensor

from .train import map_batches


@torch.no_grad()
def mean_squared_error(reconstruct: Callable[[Tensor], Tensor], x: Tensor, batch_size: int = 1000) -> float:
    """Mean over examples of the summed squared pixel error of ``reconstruct(x)`` (one sync at the end)."""
    per_example = map_batches(lambda b: (reconstruct(b) - b).pow(2).flatten(1).sum(1), x,
                              batch_size=batch_size)
    return per_example.mean().item()


@torch.no_grad()
def nearest_neighbor_distance(x: Tensor, reference: Tensor, batch_size: int = 500) -> Tensor:
    """Euclidean distance from each row of ``x`` to its nearest row of ``reference`` (images are flattened)."""
    ref = reference.flatten(1).float()
    if x[0].numel() != ref.shape[1]:
        raise ValueError(f"x has {x[0].numel()} features per example but reference has {ref.shape[1]}")
    return map_batches(lambda b: torch.cdist(b.flatten(1).float(), ref).min(1).values, x,
                       batch_size=batch_size)
