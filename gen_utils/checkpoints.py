"""Checkpoints written atomically and read back safely (``weights_only=True``)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import torch

from .config import checkpoint_dir

FORMAT = "gen_utils-checkpoint-1"


class CheckpointError(RuntimeError):
    """A checkpoint is corrupt, of another format, or made for a different model."""


def checkpoint_path(name: str) -> Path:
    """Path of the checkpoint called ``name`` in the checkpoint folder of the current mode."""
    if not name or "/" in name or "\\" in name:
        raise ValueError(f"a checkpoint name is a plain file name such as 'ch01_ae', not {name!r}")
    return checkpoint_dir() / f"{name}.pt"


def save_checkpoint(path: str | Path, state: dict[str, Any]) -> Path:
    """Write ``state`` to ``path`` atomically: a crash never leaves a half-written file there."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save({"format": FORMAT, **state}, f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_checkpoint(path: str | Path, map_location: torch.device | str | None = None) -> dict[str, Any]:
    """Read a checkpoint written by :func:`save_checkpoint`; a clear error if it cannot be used."""
    path = Path(path)
    try:
        state = torch.load(path, map_location=map_location, weights_only=True)
    except FileNotFoundError:
        raise
    except Exception as err:
        raise CheckpointError(f"checkpoint {path} could not be read ({type(err).__name__}: "
                              f"{str(err).splitlines()[0] if str(err) else ''}); it is corrupt or was not "
                              "written by gen_utils: delete it and run again to retrain") from err
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise CheckpointError(f"{path} is not a gen_utils checkpoint (format {FORMAT!r}): "
                              "delete it and run again to retrain")
    return state


def load_weights(model: torch.nn.Module, state_dict: dict[str, Any], path: str | Path, name: str) -> None:
    """Load a state dict into ``model``, with an error that says which checkpoint does not fit."""
    try:
        model.load_state_dict(state_dict)
    except RuntimeError as err:
        raise CheckpointError(f"checkpoint {path} holds weights for a different '{name}' model "
                              f"({str(err).splitlines()[0]}); delete it (or give a new checkpoint name) "
                              "and run again to retrain") from err
