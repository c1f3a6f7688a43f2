"""Shipped weights: the book budget's trained models, inside the package, hash-pinned, each with its record.

Every file in ``gen_utils/weights/`` was trained by its chapter's own cells at the book budget (``python
tools/pretrained.py train CHAPTER``) and packed from that run's checkpoint: ``<name>.pt`` holds the weights that
sampling and evaluation need, in half precision, read with ``weights_only=True``; ``<name>.json`` is its record
(chapter, models, seed, the training identity, steps, batch size, hours, device, commit, date, the logged curves
and the evaluation measured right after training). Where the size budget allows only some seeds' weights, the
other seeds ship their record alone. ``SHIPPED`` (in ``gen_utils/shipped.py``, written by the tool) pins the
SHA-256 of every file, so a changed, truncated or foreign file is refused with an error that says what to do.

``fit`` loads a shipped run in the book budget when its training identity equals the chapter's (else it trains,
and says why); in the fast budget it checks that the chapter's recipe still equals the shipped run's, so CI fails
when a recipe changes and its weights were not retrained.
"""
from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any, Sequence

import torch
from torch import nn

from .checkpoints import atomic_write, identity_digest
from .shipped import SHIPPED

FORMAT = "gen_utils-shipped-1"
#: The whole book's shipped weights stay within this many bytes (a test checks it).
SIZE_BUDGET = 60_000_000


class ShippedWeightsError(RuntimeError):
    """A shipped weights file or record is missing, changed, corrupt, or no longer matches its chapter."""


def weights_folder() -> Path:
    """The package's folder of shipped weights and records."""
    return Path(str(resources.files("gen_utils") / "weights"))


def is_shipped(name: str) -> bool:
    """Whether a run called ``name`` ships with the package (its record, and maybe its weights)."""
    return name in SHIPPED


def has_weights(name: str) -> bool:
    """Whether run ``name`` ships its weights (not only its record)."""
    return name in SHIPPED and SHIPPED[name][0] is not None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _checked(path: Path, expected: str, what: str) -> Path:
    if not path.is_file():
        raise ShippedWeightsError(f"the shipped {what} {path} is missing: reinstall gen_utils (pip install -e .) or "
                                  "restore the file from the repository (git checkout -- gen_utils/weights)")
    if (found := _sha256(path)) != expected:
        raise ShippedWeightsError(f"the shipped {what} {path} is not the file its manifest pins (SHA-256 "
                                  f"{found[:12]}..., expected {expected[:12]}...): restore it from the repository "
                                  "(git checkout -- gen_utils/weights) or, as a maintainer, retrain it with "
                                  "tools/pretrained.py")
    return path


def record(name: str) -> dict[str, Any]:
    """The record of shipped run ``name`` (hash-checked): how it was trained and what it measured."""
    if name not in SHIPPED:
        raise ShippedWeightsError(f"no shipped run is called {name!r} (shipped: {', '.join(sorted(SHIPPED)) or 'none'})")
    path = _checked(weights_folder() / f"{name}.json", SHIPPED[name][1], "record")
    try:
        rec = json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ShippedWeightsError(f"the shipped record {path} is not valid JSON ({err}): restore it from the "
                                  "repository") from err
    if not isinstance(rec, dict) or rec.get("format") != FORMAT:
        raise ShippedWeightsError(f"{path} is not a shipped record of format {FORMAT!r}: restore it from the repository")
    return rec


def load_weights(name: str, models: dict[str, nn.Module]) -> list[str]:
    """Load shipped run ``name``'s weights into those of ``models`` it keeps (cast to each model's own dtype);
    returns the names of the models it filled. Errors name the file and what to do."""
    if not has_weights(name):
        raise ShippedWeightsError(f"run {name!r} ships its record only, not its weights (the book's size budget): "
                                  "set GEN_UTILS_TRAIN=1 to train it")
    path = _checked(weights_folder() / f"{name}.pt", SHIPPED[name][0], "weights")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:
        raise ShippedWeightsError(f"the shipped weights {path} could not be read ({type(err).__name__}): restore "
                                  "the file from the repository") from err
    if not isinstance(state, dict) or state.get("format") != FORMAT or not isinstance(state.get("models"), dict):
        raise ShippedWeightsError(f"{path} is not a shipped weights file of format {FORMAT!r}: restore it from the "
                                  "repository")
    filled = []
    for key, weights in state["models"].items():
        if key not in models:
            raise ShippedWeightsError(f"{path} holds weights for a model {key!r} that this run does not have "
                                      f"({', '.join(models)}): the chapter's models changed; retrain with "
                                      "tools/pretrained.py")
        model = models[key]
        own = model.state_dict()
        cast = {k: v.to(own[k].dtype) if k in own and v.is_floating_point() else v for k, v in weights.items()}
        try:
            model.load_state_dict(cast)
        except RuntimeError as err:
            raise ShippedWeightsError(f"{path} holds weights that do not fit model {key!r} "
                                      f"({str(err).splitlines()[0]}): the chapter's network changed; retrain with "
                                      "tools/pretrained.py") from err
        filled.append(key)
    return filled


def pack(checkpoint: dict[str, Any], name: str, out: Path, with_weights: bool = True) -> dict[str, Any]:
    """Write ``out/<name>.pt`` (the kept models' weights, floating tensors in half precision) and ``out/<name>.json``
    (the record) from a finished checkpoint of ``fit``; both atomically. Returns the record."""
    meta = checkpoint.get("shipping") or {}
    if int(checkpoint.get("step", -1)) < int(checkpoint["identity"]["budget"]["steps"]):
        raise ShippedWeightsError(f"{name}: the checkpoint is unfinished (step {checkpoint.get('step')} of "
                                  f"{checkpoint['identity']['budget']['steps']}); finish its training first")
    keep = meta.get("keep") or list(checkpoint["models"])
    out.mkdir(parents=True, exist_ok=True)
    weights_path, record_path = out / f"{name}.pt", out / f"{name}.json"
    rec: dict[str, Any] = {"format": FORMAT, "name": name, "chapter": meta.get("chapter"), "models": keep,
                           "weights_shipped": with_weights, "dtype": "float16", **meta.get("trained", {}),
                           "seed": checkpoint["identity"]["recipe"]["seed"],
                           "steps": checkpoint["identity"]["budget"]["steps"],
                           "batch_size": checkpoint["identity"]["budget"]["batch_size"],
                           "train_seconds": round(float(checkpoint["history"]["seconds"]), 1),
                           "identity": checkpoint["identity"], "history": checkpoint["history"],
                           "evaluation": checkpoint.get("evaluation")}
    if with_weights:
        half = {k: {p: _half(v.detach().cpu()) for p, v in checkpoint["models"][k].items()} for k in keep}
        atomic_write(weights_path, lambda f: torch.save({"format": FORMAT, "models": half}, f))
        rec["bytes"] = weights_path.stat().st_size
        rec["sha256"] = _sha256(weights_path)
    else:
        weights_path.unlink(missing_ok=True)
    atomic_write(record_path, lambda f: f.write((json.dumps(rec, indent=1) + "\n").encode()))
    return rec


def kept_evaluation_path(checkpoint: Path) -> Path:
    """Where ``fit`` keeps the evaluation it measured on loading a shipped run whose record had none: beside the
    run's checkpoint, ``<name>.evaluation.json``."""
    return checkpoint.with_name(checkpoint.stem + ".evaluation.json")


def kept_evaluation(checkpoint: Path, identity: dict[str, Any]) -> Any | None:
    """The evaluation kept for the run of ``identity`` beside ``checkpoint``, or None (none kept, another run's,
    or unreadable)."""
    path = kept_evaluation_path(checkpoint)
    try:
        kept = json.loads(path.read_text())
        return kept["evaluation"] if kept.get("identity") == identity_digest(identity) else None
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return None


def keep_evaluation(checkpoint: Path, identity: dict[str, Any], evaluation: Any) -> Path:
    """Keep ``evaluation`` (plain data) of the run of ``identity`` beside ``checkpoint``, atomically."""
    blob = {"name": checkpoint.stem, "identity": identity_digest(identity), "evaluation": evaluation}
    checkpoint.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(kept_evaluation_path(checkpoint), lambda f: f.write((json.dumps(blob, indent=1) + "\n").encode()))


def amend_record(name: str, evaluation: Any, folder: Path | None = None) -> dict[str, Any]:
    """Write ``evaluation`` into shipped run ``name``'s record (which must have none) in ``folder``; returns it."""
    folder = weights_folder() if folder is None else folder
    path = folder / f"{name}.json"
    rec = json.loads(path.read_text())
    if rec.get("evaluation") is not None:
        raise ShippedWeightsError(f"the record of {name} has an evaluation already: it is not replaced")
    rec["evaluation"] = evaluation
    atomic_write(path, lambda f: f.write((json.dumps(rec, indent=1) + "\n").encode()))
    return rec


def _half(t: torch.Tensor) -> torch.Tensor:
    """A floating tensor in half precision, unless that loses it (values beyond float16's range stay float32)."""
    if not t.is_floating_point():
        return t
    h = t.half()
    return h if bool(torch.isfinite(h).all()) or not bool(torch.isfinite(t).all()) else t


def manifest_entry(name: str, folder: Path | None = None) -> tuple[str | None, str]:
    """(SHA-256 of ``<name>.pt`` or None, SHA-256 of ``<name>.json``) of files in ``folder``."""
    folder = weights_folder() if folder is None else folder
    pt = folder / f"{name}.pt"
    return (_sha256(pt) if pt.is_file() else None), _sha256(folder / f"{name}.json")


def write_manifest(entries: dict[str, tuple[str | None, str]], path: Path | None = None) -> Path:
    """Rewrite ``gen_utils/shipped.py`` with ``entries`` (the pins ``fit`` and the tests check)."""
    path = Path(str(resources.files("gen_utils") / "shipped.py")) if path is None else path
    lines = ['"""The manifest of shipped weights: run name -> (SHA-256 of its weights file or None where only the',
             'record ships, SHA-256 of its record). Written by tools/pretrained.py; see gen_utils.pretrained."""',
             "",
             "SHIPPED: dict[str, tuple[str | None, str]] = {"]
    for name in sorted(entries):
        w, r = entries[name]
        lines.append(f"    {name!r}: ({w!r}, {r!r}),")
    lines.append("}")
    atomic_write(path, lambda f: f.write(("\n".join(lines) + "\n").encode()))
    return path


def sizes(names: Sequence[str] | None = None) -> dict[str, int]:
    """Bytes of every shipped file (weights and records) by file name."""
    folder = weights_folder()
    names = sorted(SHIPPED) if names is None else names
    out = {}
    for name in names:
        for suffix in (".pt", ".json"):
            p = folder / f"{name}{suffix}"
            if p.is_file():
                out[p.name] = p.stat().st_size
    return out
