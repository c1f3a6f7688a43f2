"""Small building blocks: MLPs, maxout layers, parameter counts, input-shape checks, eval mode for a block."""
from __future__ import annotations

import contextlib
from typing import Callable, Iterator, Sequence

from torch import Tensor, nn


def mlp(sizes: Sequence[int], activation: Callable[[], nn.Module] = nn.ReLU,
        out_activation: Callable[[], nn.Module] | None = None) -> nn.Sequential:
    """Fully connected layers ``sizes[0] -> ... -> sizes[-1]`` with ``activation`` between them."""
    if len(sizes) < 2 or any(int(s) < 1 for s in sizes):
        raise ValueError(f"mlp needs at least two positive layer sizes, got {list(sizes)}")
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(activation())
    if out_activation is not None:
        layers.append(out_activation())
    return nn.Sequential(*layers)


class Maxout(nn.Module):
    """A maxout layer: ``h_i = max_j (W x + b)_{ij}``, ``units`` maxima over ``pieces`` linear pieces each
    (Goodfellow et al. 2013; the discriminators of the GAN and cGAN papers).

    Written in chapter 6; this is the package's copy for later chapters, pinned to the chapter's by an asserting cell.
    """

    def __init__(self, in_features: int, units: int, pieces: int):
        super().__init__()
        if min(in_features, units, pieces) < 1:
            raise ValueError(f"Maxout needs positive sizes, got in_features={in_features}, units={units}, pieces={pieces}")
        self.units, self.pieces = int(units), int(pieces)
        self.linear = nn.Linear(in_features, self.units * self.pieces)

    def forward(self, x: Tensor) -> Tensor:
        """(N, in_features) -> (N, units)."""
        check_shape(x, (self.linear.in_features,), type(self).__name__)
        return self.linear(x).view(len(x), self.units, self.pieces).amax(-1)


@contextlib.contextmanager
def evaluating(model: nn.Module) -> Iterator[nn.Module]:
    """Run a block with ``model`` in eval mode (batch norm's running statistics, no dropout), then put back the mode
    it had, also when the block raises."""
    was_training = model.training
    model.eval()
    try:
        yield model
    finally:
        model.train(was_training)


def count_parameters(model: nn.Module) -> int:
    """Number of trainable parameters."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def check_shape(x: Tensor, shape: Sequence[int], who: str) -> None:
    """Raise a clear error unless ``x`` is a batch of tensors of ``shape``."""
    if not isinstance(x, Tensor) or x.dim() != len(shape) + 1 or tuple(x.shape[1:]) != tuple(shape):
        got = tuple(x.shape) if isinstance(x, Tensor) else type(x).__name__
        raise ValueError(f"{who} expects a batch of shape (N, {', '.join(map(str, shape))}), got {got}")
