"""Wall-clock time of a piece of work on the CPU or a GPU (CUDA runs asynchronously: wait for it before reading
the clock), for the chapters that compare sampling costs."""
from __future__ import annotations

import time
from typing import Callable

import torch


def seconds(fn: Callable[[], object], device: torch.device | str | None = None, repeat: int = 1) -> float:
    """The shortest of ``repeat`` wall-clock times of ``fn()``, in seconds, with CUDA's queue drained before and after
    each (``device`` of type cuda; on the CPU the clock alone). The minimum is the least disturbed run."""
    if repeat < 1:
        raise ValueError(f"seconds: repeat must be at least 1, got {repeat}")
    cuda = torch.device(device).type == "cuda" if device is not None else False
    best = float("inf")
    for _ in range(repeat):
        if cuda:
            torch.cuda.synchronize(device)
        start = time.perf_counter()
        fn()
        if cuda:
            torch.cuda.synchronize(device)
        best = min(best, time.perf_counter() - start)
    return best
