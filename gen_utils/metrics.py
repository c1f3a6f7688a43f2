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


@torch.no_grad()
def knn_accuracy(train_codes: Tensor, train_labels: Tensor, test_codes: Tensor, test_labels: Tensor,
                 k: int = 5, batch_size: int = 1000) -> float:
    """Accuracy of a k-nearest-neighbour classifier on codes: how well the classes separate in code space."""
    if train_codes.dim() != 2 or test_codes.dim() != 2 or train_codes.shape[1] != test_codes.shape[1]:
        raise ValueError(f"codes must be (N, d) matrices of one width, got {tuple(train_codes.shape)} "
                         f"and {tuple(test_codes.shape)}")
    if not 1 <= k <= len(train_codes):
        raise ValueError(f"k must be between 1 and {len(train_codes)}, not {k}")
    n_classes = int(max(train_labels.max(), test_labels.max())) + 1

    def predict(z: Tensor) -> Tensor:
        idx = torch.cdist(z.float(), train_codes.float()).topk(k, largest=False).indices
        votes = torch.zeros(len(z), n_classes, device=z.device)
        votes.scatter_add_(1, train_labels[idx], torch.ones(idx.shape, device=z.device))
        return votes.argmax(1)

    pred = map_batches(predict, test_codes, batch_size=batch_size)
    return (pred == test_labels).float().mean().item()
