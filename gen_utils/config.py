"""Run-time settings read from the environment: fast mode, device, seeds, folders."""
from __future__ import annotations

import contextlib
import os
import random
from pathlib import Path
from typing import Iterator, TypeVar

import numpy as np
import torch

T = TypeVar("T")

#: Caps applied in fast mode (``GEN_UTILS_FAST=1``), so that every notebook runs in seconds on a CPU.
FAST_CAPS = {"train": 2048, "val": 512, "test": 1024, "steps": 25}


def fast_mode() -> bool:
    """True when ``GEN_UTILS_FAST`` is set to 1/true/yes (CI's quick run of every notebook)."""
    return os.environ.get("GEN_UTILS_FAST", "").strip().lower() in {"1", "true", "yes", "on"}


def capturing() -> bool:
    """True while a CUDA graph is being captured (checks that read values back must wait for eager steps)."""
    return torch.cuda.is_available() and torch.cuda.is_current_stream_capturing()


def cuda_graphs_enabled() -> bool:
    """Whether ``fit`` may capture training steps as CUDA graphs (``GEN_UTILS_CUDA_GRAPHS=0`` turns it off)."""
    return os.environ.get("GEN_UTILS_CUDA_GRAPHS", "1").strip().lower() not in {"0", "false", "no", "off"}


def budget(full: T, fast: T, gpu: T | None = None, device: torch.device | str | None = None) -> T:
    """Pick the full-mode value, or the fast one when fast mode is on (same code, two sizes).

    ``gpu``: the full-mode value on a CUDA ``device`` (default: the book's device), for a paper's budget that
    the 2-core CPU cannot afford; the chapter then says which budget its run had.
    """
    if fast_mode():
        return fast
    if gpu is not None and torch.device(device if device is not None else get_device()).type == "cuda":
        return gpu
    return full


def get_device(prefer: str | None = None) -> torch.device:
    """The device to train on: ``GEN_UTILS_DEVICE`` if set, else CUDA, then Apple MPS, then CPU."""
    name = prefer or os.environ.get("GEN_UTILS_DEVICE", "").strip()
    if name:
        device = torch.device(name)
        if device.type == "cuda" and not torch.cuda.is_available():
            raise RuntimeError(f"device {name!r} was asked for, but PyTorch sees no CUDA GPU here; "
                               "unset GEN_UTILS_DEVICE to pick one automatically")
        return device
    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def device_name(device: torch.device | None = None) -> str:
    """A readable name of the device, e.g. 'cuda (NVIDIA H100 80GB HBM3)' or 'cpu (2 threads)'."""
    device = device or get_device()
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    if device.type == "cpu":
        n = torch.get_num_threads()
        return f"cpu ({n} thread{'s' if n != 1 else ''})"
    return device.type


def seed_everything(seed: int) -> torch.Generator:
    """Seed Python, NumPy and PyTorch (all devices); returns a CPU generator seeded the same way."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


@contextlib.contextmanager
def random_state_kept() -> Iterator[None]:
    """Run a block and then put every random generator (Python, NumPy, PyTorch on the CPU and CUDA) back as it was."""
    py, np_state, cpu = random.getstate(), np.random.get_state(), torch.random.get_rng_state()
    cuda = torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None
    try:
        yield
    finally:
        random.setstate(py)
        np.random.set_state(np_state)
        torch.random.set_rng_state(cpu)
        if cuda is not None:
            torch.cuda.set_rng_state_all(cuda)


def data_root() -> Path:
    """Where data sets live: ``GEN_UTILS_DATA``, else ``~/.cache/gen_utils/data``."""
    root = os.environ.get("GEN_UTILS_DATA", "").strip()
    return (Path(root).expanduser() if root else Path.home() / ".cache" / "gen_utils" / "data").absolute()


def data_root_label() -> str:
    """How to print the data root without the machine's paths: ``$GEN_UTILS_DATA`` or the default's ``~`` form."""
    return "$GEN_UTILS_DATA" if os.environ.get("GEN_UTILS_DATA", "").strip() else "~/.cache/gen_utils/data"


def checkpoint_dir() -> Path:
    """Where checkpoints live: ``GEN_UTILS_CHECKPOINTS`` (else ``~/.cache/gen_utils/checkpoints``), per mode."""
    root = os.environ.get("GEN_UTILS_CHECKPOINTS", "").strip()
    base = Path(root).expanduser() if root else Path.home() / ".cache" / "gen_utils" / "checkpoints"
    return base / ("fast" if fast_mode() else "full")
