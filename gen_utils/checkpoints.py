"""Checkpoints written atomically and read back safely (``weights_only=True``)."""
from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
import sysconfig
import tempfile
import textwrap
from pathlib import Path
from typing import Any, Callable, Iterator

import torch

from .config import checkpoint_dir

FORMAT = "gen_utils-checkpoint-2"  # 2: with the training identity


class CheckpointError(RuntimeError):
    """A checkpoint is corrupt, of another format, or made for a different model."""


def checkpoint_path(name: str) -> Path:
    """Path of the checkpoint called ``name`` in the checkpoint folder of the current mode."""
    if not name or "/" in name or "\\" in name:
        raise ValueError(f"a checkpoint name is a plain file name such as 'ch01_ae', not {name!r}")
    return checkpoint_dir() / f"{name}.pt"


def _umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | Path, write: Callable[[Any], Any]) -> Path:
    """Create ``path``'s folder and call ``write(binary file)`` on a temporary file beside it, then rename it to
    ``path``: a crash or an error never leaves a half-written file there (checkpoints, shipped weights, records)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp, 0o666 & ~_umask())          # mkstemp makes 0600; give the file a normal file's mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def save_checkpoint(path: str | Path, state: dict[str, Any]) -> Path:
    """Write ``state`` to ``path`` atomically: a crash never leaves a half-written file there."""
    return atomic_write(path, lambda f: torch.save({"format": FORMAT, **state}, f))


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
    if not isinstance(state, dict) or state.get("format") not in (FORMAT, "gen_utils-checkpoint-1"):
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


# --------------------------------------------------------------------------- what a checkpoint was trained with

_SIMPLE = (int, float, str, bool, type(None))
_IMPLEMENTATION_FLAGS = {"params", "foreach", "fused", "capturable", "differentiable"}


def _hyperparameters(group: dict[str, Any]) -> dict[str, Any]:
    """An optimizer's settings that change its steps, the same on every torch version: implementation flags
    and switches that are off (False or None, as the options newer releases add are by default) left out."""
    return {k: _plain(v) for k, v in sorted(group.items())
            if k not in _IMPLEMENTATION_FLAGS and v is not None and v is not False}


def _simple(value: Any) -> Any:
    """``value`` if it is a plain number, string or a tuple/list of them, else None."""
    if isinstance(value, _SIMPLE):
        return value
    if isinstance(value, (tuple, list)) and all(isinstance(v, _SIMPLE) for v in value):
        return list(value)
    return None


def _plain(value: Any) -> Any:
    """``value`` as plain data for an identity: itself when :func:`_simple` keeps it, else its repr."""
    simple = _simple(value)
    return simple if simple is not None else repr(value)


_SOURCE_READABLE = [True]


@contextlib.contextmanager
def without_source() -> Iterator[None]:
    """Fingerprint functions as a process that cannot read their source does (code run by ``exec`` without
    Jupyter's cell cache): their names and the names they read. ``fit`` compares a shipped record made so against
    this weaker fingerprint of the chapter's functions."""
    _SOURCE_READABLE.append(False)
    try:
        yield
    finally:
        _SOURCE_READABLE.pop()


def source_text(fn: Any) -> str | None:
    """The source of a function as the same text on every Python version: its lines with whole-line comments,
    blank lines and trailing white space removed, dedented (None when Python cannot find the source)."""
    if not _SOURCE_READABLE[-1]:
        return None
    try:
        lines = inspect.getsource(fn).splitlines()
    except (OSError, TypeError):
        return None
    kept = [line.rstrip() for line in lines if line.strip() and not line.strip().startswith("#")]
    return textwrap.dedent("\n".join(kept))


def _code(fn: Any, code: Any) -> Any:
    """What a function computes, portably: its source text (the same on Python 3.10-3.13) and the names it reads,
    else its name and those names (bytecode differs between Python versions, so it is never part of an identity)."""
    names = sorted(set(_all_names(code)))
    text = source_text(fn)
    if text is None:
        return [getattr(fn, "__qualname__", "?"), names]
    # a lambda's source is the whole line it stands on: its names tell apart two lambdas on one line
    return [text, names] if getattr(fn, "__name__", "") == "<lambda>" else text


def function_fingerprint(fn: Any, _depth: int = 0) -> Any:
    """What a loss function computes, as far as can be read off it: its code, the plain numbers, strings and
    flags it reads from its closure or its module's globals (so changing a weight such as ``beta = 0.5`` in a
    notebook cell changes the fingerprint), and the same for the functions it calls from its closure or its own
    module (a notebook's ``vae_loss``). Objects it refers to (models, tensors) and library code are not part of it."""
    if fn is None or _depth > 4:
        return None
    owner = getattr(fn, "__self__", None)
    fn = getattr(fn, "__func__", fn)
    if _library(fn):  # torch's own code changes between releases: its name (and a scheduler's lambdas) only
        lambdas = getattr(owner, "lr_lambdas", None)
        return [f"{fn.__module__}.{fn.__qualname__}",
                [function_fingerprint(f, _depth + 1) for f in lambdas] if lambdas is not None else None]
    code = getattr(fn, "__code__", None)
    if code is None:  # a callable object (functools.partial, a module, ...): its type, and a partial's arguments
        inner = getattr(fn, "func", None)
        args = [_simple(a) for a in getattr(fn, "args", ())]
        return [type(fn).__qualname__, function_fingerprint(inner, _depth + 1) if inner is not None else None, args]
    closure = {name: _simple(cell.cell_contents) for name, cell in
               zip(code.co_freevars, fn.__closure__ or ()) if _has_contents(cell)}
    closure.update({name: function_fingerprint(cell.cell_contents, _depth + 1) for name, cell in
                    zip(code.co_freevars, fn.__closure__ or ())
                    if _has_contents(cell) and callable(cell.cell_contents) and hasattr(cell.cell_contents, "__code__")})
    glob = getattr(fn, "__globals__", {})
    globals_ = {name: _simple(glob[name]) for name in _all_names(code) if name in glob and _simple(glob[name]) is not None}
    globals_.update({name: function_fingerprint(glob[name], _depth + 1) for name in _all_names(code)  # helpers it calls
                     if name in glob and hasattr(glob[name], "__code__")                      # from its own module
                     and getattr(glob[name], "__module__", None) == getattr(fn, "__module__", None)})
    defaults = [_simple(d) for d in (fn.__defaults__ or ())]
    return [_code(fn, code), closure, globals_, defaults]


def _library(fn: Any) -> bool:
    """Whether ``fn`` is code of an installed library or of Python itself (not a notebook's, not gen_utils')."""
    module = (getattr(fn, "__module__", None) or "").split(".")[0]
    if module in ("gen_utils", "__main__") or getattr(fn, "__code__", None) is None:
        return False
    path = fn.__code__.co_filename
    return "site-packages" in path or "dist-packages" in path or path.startswith(sysconfig.get_paths()["stdlib"])


def _has_contents(cell: Any) -> bool:
    try:
        cell.cell_contents
    except ValueError:
        return False
    return True


def _all_names(code: Any) -> list[str]:
    names = list(code.co_names)
    for c in code.co_consts:
        if hasattr(c, "co_code"):
            names += _all_names(c)
    return names


def _checksum(t: torch.Tensor) -> float:
    """A rounded float64 sum (and sum of squares) of a tensor's values: equal for equal contents on any device."""
    if t.numel() == 0:
        return 0.0
    d = (t.detach().real if t.is_complex() else t.detach()).cpu().double()  # MPS has no float64
    return float(f"{d.sum().item() + 0.5 * d.square().sum().item():.9g}")


def weights_checksums(models: dict[str, torch.nn.Module]) -> dict[str, dict[str, float]]:
    """A checksum of every tensor of every model's state: equal when the models hold the same weights."""
    return {name: {k: _checksum(v) for k, v in m.state_dict().items()} for name, m in models.items()}


def training_identity(models: dict[str, torch.nn.Module], optimizers: dict[str, torch.optim.Optimizer],
                      repeats: dict[str, Any], loss_fns: dict[str, Any], data: tuple[torch.Tensor, ...],
                      batch_size: int, steps: int, seed: int, extra: dict[str, Any] | None = None,
                      after_steps: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything that changes the weights a run ends with, as plain data (stored in checkpoints, compared on load),
    in two parts. ``recipe``: the models' parameter names, shapes and initial values (a checksum), each optimizer's
    class and hyperparameters, the loss functions' fingerprints (source text and the numbers they read) and those of
    the ``after_steps`` hooks that change weights (WGAN's clipping, an average of the weights), the seed
    and whatever the caller adds in ``extra`` — the same in every budget, so CI's fast run can check it against
    shipped weights. ``budget``: the data's shapes and a checksum, batch size and steps. The same on Python
    3.10-3.13, torch 2.2 and later, and CPU, CUDA or MPS."""
    recipe: dict[str, Any] = {
        "models": {name: {k: [list(v.shape), str(v.dtype).replace("torch.", ""), _checksum(v)]
                          for k, v in m.state_dict().items()} for name, m in models.items()},
        "updates": {name: {"optimizer": type(opt).__name__,
                           "hyperparameters": [_hyperparameters(g) for g in opt.param_groups],
                           "repeats": repeats[name], "loss": function_fingerprint(loss_fns[name])}
                    for name, opt in optimizers.items()},
        "seed": seed,
    }
    for name, hook in (after_steps or {}).items():
        if hook is not None:
            recipe["updates"][name]["after_step"] = function_fingerprint(hook)
    if extra:
        recipe["extra"] = {str(k): _plain(v) for k, v in extra.items()}
    ident = {"recipe": recipe,
             "budget": {"data": [[list(t.shape), str(t.dtype).replace("torch.", ""), _checksum(t)] for t in data],
                        "batch_size": batch_size, "steps": steps}}
    return json.loads(json.dumps(ident))  # plain lists and dicts, as they come back from a checkpoint


def identity_digest(identity: dict[str, Any]) -> str:
    """A short SHA-256 of a training identity (or of one of its parts), for records and messages."""
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:16]


def identity_changes(old: dict[str, Any], new: dict[str, Any], limit: int = 6,
                     initial_values: bool = True) -> list[str]:
    """Readable differences between two training identities, e.g. ``updates.G.hyperparameters[0].lr: 0.001 -> 0.0002``.
    ``initial_values=False`` compares the models' tensors by name, shape and dtype only: weights initialised on
    another kind of device (CUDA's random numbers are not the CPU's) from the same seed and code."""
    out: list[str] = []

    def walk(a: Any, b: Any, where: str) -> None:
        if a == b or (".models." in f".{where}" and _same_checksum(a, b)):
            return
        if (not initial_values and ".models." in f".{where}" and isinstance(a, list) and isinstance(b, list)
                and len(a) == len(b) == 3 and a[:2] == b[:2]):
            return
        if where.endswith(".loss"):
            out.append(f"{where}: the loss function's code or the numbers it reads")
        elif where.endswith(".after_step"):
            out.append(f"{where}: the after-step hook's code or the numbers it reads")
        elif isinstance(a, dict) and isinstance(b, dict):
            keys = sorted(set(a) | set(b), key=str)
            if "optimizer" in a and a.get("optimizer") != b.get("optimizer"):  # another optimizer: its settings differ
                keys = [k for k in keys if k != "hyperparameters"]
            for k in keys:
                walk(a.get(k, "(none)"), b.get(k, "(none)"), f"{where}.{k}" if where else str(k))
        elif ".models." in f".{where}" and isinstance(a, list) and isinstance(b, list) and a[:2] == b[:2]:
            out.append(f"{where}: other initial values (another seed or initialisation)")
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and any(
                isinstance(x, (dict, list)) for x in a):
            for i, (x, y) in enumerate(zip(a, b)):
                walk(x, y, f"{where}[{i}]")
        else:
            out.append(f"{where}: {_short(a)} -> {_short(b)}")

    walk(old, new, "")
    return out[:limit] + ([f"... and {len(out) - limit} more"] if len(out) > limit else [])


def _same_checksum(a: Any, b: Any, rel: float = 1e-7) -> bool:
    """Two ``[shape, dtype, checksum]`` entries of a model's initial state that agree to ``rel``: a value computed
    from data (a mean image) is summed in another order on another CPU or thread count, and its checksum's last
    printed digit may move; another seed or initialisation moves it by far more."""
    return (isinstance(a, list) and isinstance(b, list) and len(a) == len(b) == 3 and a[:2] == b[:2]
            and isinstance(a[2], (int, float)) and isinstance(b[2], (int, float))
            and abs(a[2] - b[2]) <= rel * max(abs(a[2]), abs(b[2]), 1.0))


def _short(v: Any) -> str:
    s = json.dumps(v) if not isinstance(v, str) else v
    return s if len(s) <= 60 else s[:57] + "..."
