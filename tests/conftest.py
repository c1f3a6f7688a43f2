"""Shared fixtures: a tiny fake data root in the IDX layout that torchvision expects."""
from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest


def write_idx(path: Path, array: np.ndarray) -> None:
    """Write a uint8 array in the IDX format of the original MNIST files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = struct.pack(">HBB", 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    path.write_bytes(header + array.astype(np.uint8).tobytes())


def make_fake_set(root: Path, folder: str, n_train: int = 60, n_test: int = 20, seed: int = 0) -> None:
    """Random 28x28 images with labels 0..9 under ``root/folder/raw``."""
    rng = np.random.default_rng(seed)
    raw = root / folder / "raw"
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        write_idx(raw / f"{prefix}-images-idx3-ubyte", rng.integers(0, 256, (n, 28, 28)))
        write_idx(raw / f"{prefix}-labels-idx1-ubyte", np.arange(n) % 10)


@pytest.fixture
def fake_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """GEN_UTILS_DATA pointing at a folder holding a tiny fake MNIST (and no Fashion-MNIST)."""
    make_fake_set(tmp_path, "MNIST")
    monkeypatch.setenv("GEN_UTILS_DATA", str(tmp_path))
    monkeypatch.delenv("GEN_UTILS_FAST", raising=False)
    return tmp_path


@pytest.fixture(autouse=True)
def _cpu_and_full_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unit tests run on the CPU in the book budget unless a test picks another budget itself, and no switch of the
    caller's environment (train anyway, a log file, a deadline) reaches them."""
    monkeypatch.setenv("GEN_UTILS_DEVICE", "cpu")
    for name in ("GEN_UTILS_FAST", "GEN_UTILS_BUDGET", "GEN_UTILS_TRAIN", "GEN_UTILS_LOG", "GEN_UTILS_STOP_AT"):
        monkeypatch.delenv(name, raising=False)
