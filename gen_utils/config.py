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


#: The three budgets of one code, smallest first (``GEN_UTILS_BUDGET`` picks one; the book budget is the default).
BUDGETS = ("fast", "laptop", "book")


def _switched_on(variable: str) -> bool:
    """True when the environment variable is set to 1, true, yes or on (any case)."""
    return os.environ.get(variable, "").strip().lower() in {"1", "true", "yes", "on"}


def budget_name() -> str:
    """The budget this run trains at: ``GEN_UTILS_BUDGET`` (fast, laptop or book; default book).

    fast: CI's smoke run, seconds a chapter (``GEN_UTILS_FAST=1`` is the same); laptop: every model of a chapter
    in at most 15 minutes on a 2-core CPU; book: what the website shows, loaded from the package's shipped
    weights when they match the chapter's recipe, else trained (hours on a CPU).
    """
    if _switched_on("GEN_UTILS_FAST"):
        return "fast"
    name = os.environ.get("GEN_UTILS_BUDGET", "").strip().lower() or "book"
    if name == "full":  # the name of the book budget before there were three
        name = "book"
    if name not in BUDGETS:
        raise ValueError(f"GEN_UTILS_BUDGET={name!r} is not a budget: use one of {', '.join(BUDGETS)} "
                         "(or unset it for the book budget)")
    return name


def fast_mode() -> bool:
    """True in the fast budget (``GEN_UTILS_BUDGET=fast`` or ``GEN_UTILS_FAST=1``): CI's quick run of every notebook."""
    return budget_name() == "fast"


def train_anyway() -> bool:
    """True when ``GEN_UTILS_TRAIN`` is set to 1/true/yes: train even where shipped weights would be loaded."""
    return _switched_on("GEN_UTILS_TRAIN")


def capturing() -> bool:
    """True while a CUDA graph is being captured (checks that read values back must wait for eager steps)."""
    return torch.cuda.is_available() and torch.cuda.is_current_stream_capturing()


def cuda_graphs_enabled() -> bool:
    """Whether ``fit`` may capture training steps as CUDA graphs (``GEN_UTILS_CUDA_GRAPHS=0`` turns it off)."""
    return os.environ.get("GEN_UTILS_CUDA_GRAPHS", "1").strip().lower() not in {"0", "false", "no", "off"}


def budget(full: T | None = None, fast: T | None = None, gpu: T | None = None, *, book: T | None = None,
           laptop: T | None = None, device: torch.device | str | None = None) -> T:
    """The value of the running budget (:func:`budget_name`): ``book=``, ``laptop=`` or ``fast=``.

    Chapters not yet moved to three budgets give ``full=`` (their CPU-sized run, used for both book and laptop)
    and optionally ``gpu=`` (the book value on a CUDA ``device``, default: the book's device).
    """
    name = budget_name()
    if fast is None:
        raise TypeError("budget() needs fast= (the value of CI's smoke run)")
    if full is None and (book is None or laptop is None):
        raise TypeError("budget() needs book= and laptop= (or full= for both)")
    if name == "fast":
        return fast
    if name == "laptop":
        return laptop if laptop is not None else full
    if book is not None:
        return book
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


def checkpoints_root() -> Path:
    """The folder above the budgets' checkpoint folders: ``GEN_UTILS_CHECKPOINTS``, else ``~/.cache/gen_utils/checkpoints``."""
    root = os.environ.get("GEN_UTILS_CHECKPOINTS", "").strip()
    return Path(root).expanduser() if root else Path.home() / ".cache" / "gen_utils" / "checkpoints"


def checkpoint_dir() -> Path:
    """Where this budget's checkpoints live: ``checkpoints_root() / budget_name()``."""
    return checkpoints_root() / budget_name()
