"""Batches of tensors that already live on the device: shuffled mini-batches for training, and ``map_batches``."""
from __future__ import annotations

from typing import Any, Callable, Sequence

import torch
from torch import Tensor


def as_tensors(data: Tensor | Sequence[Tensor]) -> tuple[Tensor, ...]:
    """``data`` as a tuple of tensors of one length on one device (e.g. ``(images, labels)``); clear errors."""
    tensors = (data,) if isinstance(data, Tensor) else tuple(data)
    if not tensors or not all(isinstance(t, Tensor) for t in tensors):
        raise TypeError("data must be a tensor or a tuple of tensors (e.g. (images, labels))")
    if len({len(t) for t in tensors}) != 1:
        raise ValueError(f"all data tensors need the same first dimension, got {[len(t) for t in tensors]}")
    if len(tensors[0]) == 0:
        raise ValueError("data is empty")
    if len({t.device for t in tensors}) != 1:
        raise ValueError(f"all data tensors must be on one device, got {[str(t.device) for t in tensors]}")
    return tensors


class Batches:
    """Shuffled mini-batches drawn on the device (no DataLoader); the last incomplete batch of a pass is dropped."""

    def __init__(self, tensors: tuple[Tensor, ...], batch_size: int, seed: int):
        self.tensors, self.n = tensors, len(tensors[0])
        self.batch_size = min(batch_size, self.n)
        device = tensors[0].device
        self.gen = torch.Generator(device=device if device.type == "cuda" else "cpu").manual_seed(seed)
        self.perm_device = self.gen.device
        self.device = device
        self.order = self._shuffle()
        self.pos = 0

    def _shuffle(self) -> Tensor:
        return torch.randperm(self.n, generator=self.gen, device=self.perm_device).to(self.device)

    def next(self, out: tuple[Tensor, ...] | None = None) -> tuple[Tensor, ...]:
        """The next batch; with ``out``, written into those tensors (the static inputs of a CUDA graph)."""
        if self.pos + self.batch_size > self.n:  # drop the incomplete last batch: shapes stay fixed
            self.order, self.pos = self._shuffle(), 0
        idx = self.order[self.pos:self.pos + self.batch_size]
        self.pos += self.batch_size
        if out is None:
            return tuple(t.index_select(0, idx) for t in self.tensors)
        for t, o in zip(self.tensors, out):
            torch.index_select(t, 0, idx, out=o)
        return out

    def state(self) -> dict[str, Any]:
        """What a checkpoint needs to continue the same sequence of batches."""
        return {"gen": self.gen.get_state(), "order": self.order.cpu(), "pos": self.pos}

    def load(self, state: dict[str, Any]) -> None:
        """Continue from a :meth:`state`."""
        self.gen.set_state(state["gen"].cpu())  # generator states are CPU byte tensors, whatever the device
        self.order, self.pos = state["order"].to(self.device), int(state["pos"])


@torch.no_grad()
def map_batches(fn: Callable[..., Tensor], *tensors: Tensor, batch_size: int = 1000) -> Tensor:
    """Apply ``fn`` to consecutive batches of ``tensors`` without gradients and concatenate the results."""
    tensors = as_tensors(tensors)
    return torch.cat([fn(*(t[i:i + batch_size] for t in tensors))
                      for i in range(0, len(tensors[0]), batch_size)])
