"""One training loop for every chapter: single-loss models and multi-player games alike."""
from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence, Union

import torch
from torch import Tensor, nn

from ._cuda_graph import StepRunner
from .batches import Batches, as_tensors
from .checkpoints import (function_fingerprint, identity_changes, load_checkpoint, load_weights, save_checkpoint,
                          training_identity, weights_checksums, without_source)
from . import pretrained
from .config import (FAST_CAPS, budget_name, cuda_graphs_enabled, device_name, fast_mode, random_state_kept,
                     seed_everything, train_anyway)
from .results import current_chapter, note_seed, plain_data, training_facts

Batch = Union[Tensor, tuple]
LossOutput = Union[Tensor, tuple]


#: The key under which every check of ``fit`` records the training seconds up to it (the checks' own time excluded).
CHECK_SECONDS = "training seconds"


@dataclass
class Update:
    """One player's move: zero the gradients, ``loss_fn(batch).backward()``, ``optimizer.step()``.

    ``loss_fn`` returns the scalar loss, or ``(loss, {name: value})`` with extra values to log.
    ``repeats`` > 1 repeats the move on fresh batches (e.g. five critic steps per generator step); a function of the
    loop's step (counted from 0) gives a schedule instead, e.g. WGAN's ``lambda t: 100 if t < 25 or t % 500 == 0
    else 5``, with ``max_repeats`` its largest value; ``after_step`` runs after each optimizer step (e.g. WGAN's
    weight clipping). ``clip_grad_norm``: before each step, scale the gradients of the optimizer's parameters so that
    their joint L2 norm is at most this (``torch.nn.utils.clip_grad_norm_``; chapter 18's energy, as the UvA tutorial).
    """

    name: str
    optimizer: torch.optim.Optimizer
    loss_fn: Callable[[Batch], LossOutput]
    repeats: int | Callable[[int], int] = 1
    after_step: Callable[[], None] | None = None
    max_repeats: int | None = None
    clip_grad_norm: float | None = None

    def most_repeats(self) -> int:
        """The largest number of moves in one step: ``repeats``, or ``max_repeats`` for a schedule."""
        return self.repeats if isinstance(self.repeats, int) else int(self.max_repeats or 0)

    def repeats_at(self, step: int) -> int:
        """How many moves this update makes at loop step ``step`` (0-based); a schedule's value is checked."""
        if isinstance(self.repeats, int):
            return self.repeats
        count = self.repeats(step)
        if not isinstance(count, int) or not 1 <= count <= self.most_repeats():
            raise ValueError(f"the repeats schedule of update '{self.name}' gave {count!r} at step {step}; it must "
                             f"give a whole number from 1 to max_repeats={self.max_repeats}")
        return count


@dataclass
class History:
    """Logged means of every loss, one row per progress update, plus run facts."""

    steps: list[int] = field(default_factory=list)
    values: dict[str, list[float]] = field(default_factory=dict)
    seconds: float = 0.0
    checks: dict[str, list[float]] = field(default_factory=dict)
    total_steps: int = 0
    interrupted: bool = False
    from_checkpoint: bool = False
    #: what ``fit(evaluate=...)`` measured right after training (stored with the weights, not measured again on load)
    evaluation: dict[str, Any] | None = None
    #: where the weights came from: "trained", "checkpoint" (this machine's), "shipped", or "record only"
    source: str = "trained"
    #: the device the weights were trained on, e.g. "cpu (2 threads)" (from the record when loaded; "" if unknown)
    device: str = ""

    def __getitem__(self, name: str) -> list[float]:
        if name not in self.values:
            raise KeyError(f"no logged value {name!r}; logged: {sorted(self.values)}")
        return self.values[name]

    def last(self, name: str) -> float:
        """The last logged mean of ``name``."""
        return self[name][-1]

    def plot(self, **kwargs: Any):
        """Plot the logged curves (see :func:`gen_utils.plots.plot_history`)."""
        from .plots import plot_history
        return plot_history(self, **kwargs)

    def add_check(self, step: int, values: dict[str, float]) -> None:
        """Record the values a ``callback`` measured at ``step`` (in ``checks``, beside a "step" list)."""
        self.checks.setdefault("step", []).append(step)
        for k, v in values.items():
            self.checks.setdefault(k, []).append(float(v))

    def to_dict(self) -> dict[str, Any]:
        """Plain lists and numbers, as stored in checkpoints."""
        return {"steps": self.steps, "values": self.values, "seconds": self.seconds, "checks": self.checks,
                "total_steps": self.total_steps}

    @classmethod
    def from_dict(cls, h: dict[str, Any], evaluation: dict[str, Any] | None = None,
                  source: str = "checkpoint") -> "History":
        """The history of a loaded checkpoint or shipped record."""
        return cls(steps=list(h["steps"]), values={k: list(v) for k, v in h["values"].items()},
                   seconds=float(h["seconds"]), checks={k: list(v) for k, v in h.get("checks", {}).items()},
                   total_steps=int(h.get("total_steps", 0)), from_checkpoint=True, evaluation=evaluation,
                   source=source)

    @property
    def weights_loaded(self) -> bool:
        """False only when a shipped run's record was loaded without its weights (the models are untrained)."""
        return self.source != "record only"


def _split_loss(name: str, out: LossOutput) -> tuple[Tensor, dict[str, Tensor]]:
    loss, extras = (out if isinstance(out, tuple) else (out, {}))
    if not isinstance(loss, Tensor) or loss.dim() != 0:
        raise ValueError(f"the loss function of update '{name}' must return a scalar tensor "
                         f"(or (scalar, dict)); got {type(loss).__name__} "
                         f"{tuple(loss.shape) if isinstance(loss, Tensor) else ''}")
    if not loss.requires_grad:
        raise ValueError(f"the loss of update '{name}' does not depend on any trainable parameter "
                         "(did you compute it under torch.no_grad() or detach it?)")
    return loss, extras


def plan_steps(n_examples: int, batch_size: int, epochs: float | None, steps: int | None,
               batches_per_step: int = 1) -> int:
    """Number of loop steps for ``epochs`` passes over the data (or ``steps``), capped in fast mode."""
    if (epochs is None) == (steps is None):
        raise ValueError("give exactly one of epochs= or steps=")
    if steps is None:
        if epochs <= 0:
            raise ValueError(f"epochs must be positive, not {epochs}")
        per_epoch = max(1, n_examples // (min(batch_size, n_examples) * batches_per_step))
        steps = math.ceil(epochs * per_epoch)
    if steps < 1:
        raise ValueError(f"steps must be at least 1, not {steps}")
    return min(steps, FAST_CAPS["steps"]) if fast_mode() else steps


def fit(models: nn.Module | dict[str, nn.Module], updates: Update | Sequence[Update],
        data: Tensor | Sequence[Tensor], *, epochs: float | None = None, steps: int | None = None,
        batch_size: int = 128, seed: int = 0, transform: Callable[[Batch], Batch] | None = None,
        checkpoint: str | Path | None = None, log_every: int = 50, desc: str | None = None,
        progress: bool = True, callback: Callable[[int], dict[str, float]] | None = None,
        callback_every: int = 500, cuda_graph: bool | None = None, key: dict[str, Any] | None = None,
        evaluate: Callable[[], dict[str, Any]] | None = None, keep: Sequence[str] | None = None,
        save_every: float = 300.0) -> History:
    """Train ``models`` by running ``updates`` on shuffled batches of ``data`` (tensors on the device).

    One step runs every update in order: zero the gradients, ``loss_fn(batch).backward()``, ``optimizer.step()``
    (chapter 1 writes this step out). An update with ``repeats=k`` takes k fresh batches, so a step draws
    max(repeats) batches; ``epochs`` counts passes over the data (with a schedule of repeats, give ``steps``). Losses are summed on the device and read
    back once every ``log_every`` steps, which also refreshes the progress bar. ``callback(step)`` runs every
    ``callback_every`` steps and at the end; what it returns goes to ``history.checks``, with the training seconds
    up to the check under ``"training seconds"`` (:data:`CHECK_SECONDS`); its time is not counted as training time.

    ``checkpoint``: a finished checkpoint trained with the same settings is loaded instead of training, an
    unfinished one is resumed, and the state is saved atomically every ``save_every`` seconds, at the end and on
    Ctrl-C (which keeps the weights trained so far). In the book budget a run of the checkpoint's name shipped
    with the package (:mod:`gen_utils.pretrained`) is loaded when it was trained with the same settings, unless
    ``GEN_UTILS_TRAIN=1``; in the fast budget the recipe is checked against the shipped run's and a difference
    raises (the shipped weights must be retrained). ``evaluate()`` runs once right after training (random state
    kept, models in eval mode) and its plain numbers are stored with the weights: ``history.evaluation``, also
    when loaded. ``keep``: the models a shipped file needs for sampling and evaluation (default: all). The settings are everything that changes the weights (models' parameter names,
    shapes and initial values, optimizers and their hyperparameters, the loss functions' code and the numbers
    they read, data, batch size, steps, seed, and ``key``: anything else the caller wants counted); a checkpoint
    trained otherwise is trained again, with a note of what changed. ``fit`` seeds every generator with
    ``seed`` and restores the caller's random state at the end, so the numbers a notebook prints next are the
    same whether this call trained or loaded.

    On CUDA (``cuda_graph=None``: unless ``GEN_UTILS_CUDA_GRAPHS=0``) the whole step is captured once as a CUDA
    graph and replayed, so a step costs one launch instead of hundreds. Loss functions must then compute
    from the batch and tensors on the device (host work is detected at the capture and trained without
    graphs, with a note); a Python number that changes between steps (an annealed weight, say) would be
    frozen at its first value: pass ``cuda_graph=False`` for those (an optimizer whose learning rate or momentum
    changes between steps, e.g. by an ``after_step`` schedule, is seen in the warm-up steps and trained eagerly).
    """
    from tqdm.auto import tqdm

    models = {"model": models} if isinstance(models, nn.Module) else dict(models)
    updates = [updates] if isinstance(updates, Update) else list(updates)
    tensors = _check_arguments(updates, data, batch_size, log_every, callback_every)
    per_step = max(u.most_repeats() for u in updates)
    scheduled = any(not isinstance(u.repeats, int) for u in updates)
    if scheduled and epochs is not None:
        raise ValueError("an Update with a schedule of repeats draws a varying number of batches per step: give "
                         "fit steps= (the number of steps of the schedule) instead of epochs=")
    total = plan_steps(len(tensors[0]), batch_size, epochs, steps, per_step)
    path = Path(checkpoint) if checkpoint is not None else None
    optimizers = {u.name: u.optimizer for u in updates}

    with random_state_kept():
        seed_everything(seed)
        note_seed(seed)
        batches = Batches(tensors, batch_size, seed)
        def identity_now() -> dict[str, Any]:
            return training_identity(
                models, optimizers, {u.name: _repeats_identity(u) for u in updates}, {u.name: u.loss_fn for u in updates},
                tensors, batches.batch_size, total, seed,
                {**(key or {}), "transform": function_fingerprint(transform),
                 **{f"clip_grad_norm {u.name}": u.clip_grad_norm for u in updates if u.clip_grad_norm is not None}},
                {u.name: u.after_step for u in updates})

        identity = None if path is None else identity_now()
        if isinstance(keep, str) or (keep is not None and set(keep) - set(models)):
            raise ValueError(f"keep= is a list of model names of this run ({list(models)}), not {keep!r}")
        history, start = History(total_steps=total), 0
        if path is not None:
            loaded = _shipped_or_checkpoint(path, identity, models, optimizers, batches, identity_now)
            if isinstance(loaded, History):
                if loaded.evaluation is None and evaluate is not None and loaded.weights_loaded:
                    loaded.evaluation = _evaluated_on_load(path, evaluate, models, seed)
                _finish(models)
                return loaded
            if loaded is not None:
                history, start = loaded
                history.total_steps = total
        state = None if path is None else _Saver(path, identity, models, optimizers, history, batches, keep)
        if start >= total:
            print(f"Loaded {path.name}: {start} steps trained in {_duration(history.seconds)} "
                  "(trained again whenever the settings change).")
            history.source = "checkpoint"
        else:
            if path is not None and budget_name() == "book" and start == 0:
                print(f"Training {path.stem} at the book budget ({total:,} steps; an estimate of the time follows "
                      "the first steps). GEN_UTILS_BUDGET=laptop trains every model of a chapter in at most 15 minutes "
                      "on a 2-core CPU.")
            history.device = device_name(batches.device)
            use_graph = cuda_graphs_enabled() if cuda_graph is None else cuda_graph
            if use_graph and scheduled and batches.device.type == "cuda":
                print("Training without CUDA graphs: a schedule of repeats changes the step from one step to the next.")
                use_graph = False
            if use_graph and any(u.clip_grad_norm is not None for u in updates) and batches.device.type == "cuda":
                print("Training without CUDA graphs: gradient clipping is done outside the captured step.")
                use_graph = False
            _train(models, updates, batches, history, start, total, per_step, transform, log_every, callback,
                   callback_every, use_graph=use_graph,
                   bar=tqdm(total=total, initial=start, desc=desc, disable=not progress, dynamic_ncols=True),
                   save=state, save_every=save_every, name=None if path is None else path.stem)
        if evaluate is not None and history.evaluation is None and not history.interrupted:
            history.evaluation = _evaluate(evaluate, models, seed)
            if state is not None:  # stored with the weights (also for a checkpoint trained before evaluate= existed)
                state(total)
    _finish(models)
    return history


def _evaluate(evaluate: Callable[[], dict[str, Any]], models: dict[str, nn.Module], seed: int) -> Any:
    """``evaluate()`` on the models in eval mode, the random generators seeded with the run's seed (so the numbers
    do not depend on whether the run was trained in one go, resumed or loaded), as plain data."""
    _finish(models)
    seed_everything(seed)
    try:
        return plain_data(evaluate(), strict=True)
    except TypeError as err:
        raise TypeError(f"evaluate() must return plain numbers, strings, lists, dicts or tensors: {err}") from err


def _evaluated_on_load(path: Path, evaluate: Callable[[], dict[str, Any]], models: dict[str, nn.Module],
                       seed: int) -> Any:
    """``evaluate()`` of a shipped run whose record has none: measured once and kept beside this machine's
    checkpoints, where the next load finds it and ``tools/pretrained.py amend`` writes it into the record."""
    identity = pretrained.record(path.stem)["identity"]
    kept = pretrained.kept_evaluation(path, identity)
    if kept is not None:
        return kept
    evaluation = _evaluate(evaluate, models, seed)
    pretrained.keep_evaluation(path, identity, evaluation)
    return evaluation


def _finish(models: dict[str, nn.Module]) -> None:
    for m in models.values():
        m.eval()


def _duration(seconds: float) -> str:
    """'12.3 s', '14 min' or '2.1 h'."""
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.0f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"


class _Saver:
    """Saves the whole training state of one run atomically (called at intervals, on Ctrl-C and at the end)."""

    def __init__(self, path: Path, identity: dict[str, Any], models: dict[str, nn.Module],
                 optimizers: dict[str, torch.optim.Optimizer], history: History, batches: Batches,
                 keep: Sequence[str] | None):
        self.path, self.identity, self.models, self.optimizers = path, identity, models, optimizers
        self.history, self.batches, self.keep = history, batches, keep

    def __call__(self, step: int) -> None:
        save_checkpoint(self.path, {
            "identity": self.identity, "saved_weights": weights_checksums(self.models),
            "models": {k: m.state_dict() for k, m in self.models.items()},
            "optimizers": {k: o.state_dict() for k, o in self.optimizers.items()}, "step": step,
            "history": self.history.to_dict(), "batches": self.batches.state(),
            "evaluation": self.history.evaluation, "rng": _rng_state(self.batches.device),
            "shipping": {"keep": list(self.keep) if self.keep is not None else None, "chapter": current_chapter(),
                         "trained": training_facts(self.batches.device)}})


def _record_changes(rec: dict[str, Any], identity: dict[str, Any], identity_now: Callable[[], dict[str, Any]] | None,
                    device: torch.device, recipe_only: bool, loaded_again: bool) -> list[str]:
    """How the chapter's run differs from shipped record ``rec``. Two differences are not changes of the recipe:
    initial values drawn on another kind of device (the record's ``device``: CUDA's random numbers are not the
    CPU's), and a record made where the functions' source could not be read (plain ``exec``), whose fingerprints
    are the functions' names and the names they read: it is compared with that weaker fingerprint of ours."""
    same_device = str(rec.get("device") or "").split(" ")[0] in ("", device.type)

    def compare(ident: dict[str, Any]) -> list[str]:
        if loaded_again:  # the fit cell run again on the models it loaded
            ident = {**ident, "recipe": {**ident["recipe"], "models": rec["identity"]["recipe"]["models"]}}
        old, new = (rec["identity"]["recipe"], ident["recipe"]) if recipe_only else (rec["identity"], ident)
        return identity_changes(old, new, limit=10_000, initial_values=same_device)

    changes = compare(identity)
    code_only = all(c.split(":")[0].endswith((".loss", ".after_step")) or ".repeats." in c for c in changes)
    if changes and code_only and identity_now is not None:
        with without_source():
            if not compare(identity_now()):
                return []
    return changes[:6] + ([f"... and {len(changes) - 6} more"] if len(changes) > 6 else [])


def _shipped_or_checkpoint(path: Path, identity: dict[str, Any], models: dict[str, nn.Module],
                           optimizers: dict[str, torch.optim.Optimizer], batches: Batches,
                           identity_now: Callable[[], dict[str, Any]] | None = None
                           ) -> History | tuple[History, int] | None:
    """A shipped run (a finished ``History``), this machine's checkpoint (history and step to resume from), or None."""
    name, mode = path.stem, budget_name()
    if pretrained.is_shipped(name) and (mode == "fast" or (mode == "book" and not train_anyway())):
        rec = pretrained.record(name)
        again = _LOADED.get(name) == weights_checksums(models)  # the fit cell run again on the models it loaded
        if mode == "fast":  # CI: the chapter's recipe must still be the one its shipped weights were trained with
            changes = _record_changes(rec, identity, identity_now, batches.device, True, again)
            if changes:
                raise pretrained.ShippedWeightsError(
                    f"the recipe of {name} changed since its shipped weights were trained ({'; '.join(changes)}): "
                    f"retrain them (python tools/pretrained.py train {rec.get('chapter') or 'CHAPTER'}) or undo "
                    "the change; a chapter's models, optimizers and losses must be the same in every budget")
        else:
            changes = _record_changes(rec, identity, identity_now, batches.device, False, again)
            if not changes and not pretrained.has_weights(name) and path.exists():  # a record only: weights of
                local = resume(path, identity, models, optimizers, batches)       # this machine's run are better
                if local is not None and local[1] >= identity["budget"]["steps"]:
                    return local
            if not changes:
                return _load_shipped(name, rec, models)
            print(f"The shipped run {name} was trained with other settings ({'; '.join(changes)}): not loaded.")
    if path.exists():
        return resume(path, identity, models, optimizers, batches)
    return None


#: run name -> checksums of the models right after their shipped weights were loaded (to know them again)
_LOADED: dict[str, Any] = {}


def _load_shipped(name: str, rec: dict[str, Any], models: dict[str, nn.Module]) -> History:
    trained = f"{rec['steps']:,} steps trained in {_duration(rec['train_seconds'])} on {rec.get('device', '?')}"
    when = f" on {rec['date']}" if rec.get("date") else ""
    if pretrained.has_weights(name):
        filled = pretrained.load_weights(name, models)
        _LOADED[name] = weights_checksums(models)
        print(f"Loaded the shipped weights {name} ({', '.join(filled)}): {trained}{when}. "
              "GEN_UTILS_TRAIN=1 trains instead.")
        source = "shipped"
    else:
        print(f"Loaded the record of {name} ({trained}{when}): its curves and evaluation; its weights are not "
              "shipped (the book's size budget), so its models stay untrained. GEN_UTILS_TRAIN=1 trains it.")
        source = "record only"
    history = History.from_dict({**rec["history"], "total_steps": rec["steps"]}, rec.get("evaluation"), source)
    history.device = str(rec.get("device") or "")
    return history


def _check_arguments(updates: list[Update], data: Tensor | Sequence[Tensor], batch_size: int, log_every: int,
                     callback_every: int) -> tuple[Tensor, ...]:
    if not updates:
        raise ValueError("give at least one Update")
    for u in updates:
        if isinstance(u.repeats, int):
            if u.repeats < 1:
                raise ValueError("Update.repeats must be at least 1")
        elif not callable(u.repeats):
            raise ValueError(f"Update.repeats of '{u.name}' must be a whole number or a function of the step, "
                             f"not {u.repeats!r}")
        elif not isinstance(u.max_repeats, int) or u.max_repeats < 1:
            raise ValueError(f"update '{u.name}' has a schedule of repeats: give max_repeats=, its largest value")
        if u.clip_grad_norm is not None and not (isinstance(u.clip_grad_norm, (int, float)) and u.clip_grad_norm > 0):
            raise ValueError(f"Update.clip_grad_norm of '{u.name}' must be a positive number (or None), not {u.clip_grad_norm!r}")
    if len({u.name for u in updates}) != len(updates):
        raise ValueError(f"update names must differ, got {[u.name for u in updates]}")
    if batch_size < 1 or log_every < 1 or callback_every < 1:
        raise ValueError("batch_size, log_every and callback_every must be positive")
    return as_tensors(data)


def resume(path: Path, identity: dict[str, Any], models: dict[str, nn.Module],
           optimizers: dict[str, torch.optim.Optimizer], batches: Batches) -> tuple[History, int] | None:
    """Load the checkpoint at ``path`` into the models, optimizers and batches if it was trained with ``identity``;
    None (with a note saying why) if it must be trained again. The optimizers keep their current settings."""
    state = load_checkpoint(path, map_location=batches.device)
    if "recipe" in state.get("identity", {}) and state.get("saved_weights") == weights_checksums(models):
        # the very models it saved (interrupted, run again in the same process): they started alike
        identity = {**identity, "recipe": {**identity["recipe"], "models": state["identity"]["recipe"]["models"]}}
    changes = (identity_changes(state["identity"], identity) if "recipe" in state.get("identity", {})
               else ["no record of its settings in this format"])
    if changes:
        print(f"Training again: {path.name} was trained with other settings ({'; '.join(changes)}); "
              "it is replaced when this run is saved.")
        return None
    for name, m in models.items():
        load_weights(m, state["models"][name], path, name)
    for name, opt in optimizers.items():
        settings = [{k: v for k, v in g.items() if k != "params"} for g in opt.param_groups]
        opt.load_state_dict(state["optimizers"][name])
        for group, kept in zip(opt.param_groups, settings):  # the caller's settings, not the saved ones
            group.update(kept)
    batches.load(state["batches"])
    if "rng" in state:  # the noise the losses draw goes on where it stopped
        torch.random.set_rng_state(state["rng"]["cpu"].cpu())
        if state["rng"].get("cuda") is not None and batches.device.type == "cuda":
            torch.cuda.set_rng_state(state["rng"]["cuda"].cpu(), batches.device)
    history = History.from_dict(state["history"], state.get("evaluation"))
    history.device = str(((state.get("shipping") or {}).get("trained") or {}).get("device") or "")
    return history, int(state["step"])


def _rng_state(device: torch.device) -> dict[str, Any]:
    """The torch random generators' states (CPU, and the device's on CUDA), saved with a run's state."""
    return {"cpu": torch.random.get_rng_state(),
            "cuda": torch.cuda.get_rng_state(device) if device.type == "cuda" else None}


def _repeats_identity(u: Update) -> Any:
    """What an update's repeats add to the training identity: the number, or the schedule's fingerprint and bound."""
    if isinstance(u.repeats, int):
        return u.repeats
    return {"schedule": function_fingerprint(u.repeats), "max": u.max_repeats}


def _run_step(updates: list[Update], drawn: list[tuple[Tensor, ...]],
              transform: Callable[[Batch], Batch] | None,
              counts: dict[str, int] | None = None) -> dict[str, tuple[Tensor, int]]:
    """Every update once (or ``repeats`` times, or ``counts[name]`` times); the logged values summed over the step,
    with their counts."""
    batch_list = [b[0] if len(b) == 1 else b for b in drawn]
    if transform is not None:
        batch_list = [transform(b) for b in batch_list]
    logs: dict[str, tuple[Tensor, int]] = {}

    def add(key: str, value: Tensor) -> None:
        total_, count = logs.get(key, (None, 0))
        logs[key] = (value if total_ is None else total_ + value, count + 1)

    for u in updates:
        for r in range(u.repeats if counts is None else counts[u.name]):
            u.optimizer.zero_grad(set_to_none=True)
            loss, extras = _split_loss(u.name, u.loss_fn(batch_list[r]))
            loss.backward()
            if u.clip_grad_norm is not None:
                torch.nn.utils.clip_grad_norm_([p for g in u.optimizer.param_groups for p in g["params"]], u.clip_grad_norm)
            u.optimizer.step()
            if u.after_step is not None:
                u.after_step()
            add(u.name, loss.detach())
            for k, v in extras.items():
                add(k, v.detach() if isinstance(v, Tensor) else torch.full((), float(v), device=loss.device))
    return logs


def _train(models: dict[str, nn.Module], updates: list[Update], batches: Batches, history: History, start: int,
           total: int, per_step: int, transform: Callable[[Batch], Batch] | None, log_every: int,
           callback: Callable[[int], dict[str, float]] | None, callback_every: int, use_graph: bool, bar: Any,
           save: Callable[[int], Any] | None, save_every: float = 300.0, name: str | None = None) -> None:
    """The loop itself: steps from ``start`` to ``total``, logging, callbacks, Ctrl-C, timing, saves at intervals
    and at the end; progress lines to ``GEN_UTILS_LOG`` when it names a file."""
    scheduled = any(not isinstance(u.repeats, int) for u in updates)
    counts: dict[str, int] = {}
    runner = StepRunner(lambda drawn: _run_step(updates, drawn, transform, counts if scheduled else None), batches.next, per_step,
                        {u.name: u.optimizer for u in updates}, batches.device, use_graph)
    log = _Log(history, bar, start, progress_log(name, total))
    for m in models.values():
        m.train()
    step, t0, callback_seconds = start, time.perf_counter(), 0.0
    last_save, deadline = t0, stop_time()
    estimate = name is not None and budget_name() == "book" and total - start > 10 * log_every
    if (callback is not None and 0 < start < total and start % callback_every == 0
            and history.checks.get("step", [None])[-1] != start):  # stopped during this step's check: take it now
        history.add_check(start, {**callback(start), CHECK_SECONDS: history.seconds})
        for m in models.values():
            m.train()
    try:
        while step < total:
            if scheduled:  # this step's moves per update, and only the batches they use are drawn
                counts.update({u.name: u.repeats_at(step) for u in updates})
                log.add(runner(max(counts.values())))
            else:
                log.add(runner())
            step += 1
            flushed = step % log_every == 0 or step == total
            if flushed:
                log.flush(step)
                if estimate and step < total:  # once, in the book budget: how long the rest takes here
                    rate = (time.perf_counter() - t0 - callback_seconds) / (step - start)
                    print(f"{name}: {rate:.2f} s a step on {batches.device.type}, so about "
                          f"{_duration(rate * (total - step))} for the remaining {total - step:,} steps.")
                    estimate = False
            if callback is not None and (step % callback_every == 0 or step == total):
                t_cb = time.perf_counter()
                trained = history.seconds + t_cb - t0 - callback_seconds      # training seconds so far, checks excluded
                history.add_check(step, {**callback(step), CHECK_SECONDS: trained})
                for m in models.values():
                    m.train()
                callback_seconds += time.perf_counter() - t_cb
            if save is not None and flushed and step < total:  # after the step's callback, so a resume keeps it
                stop = deadline is not None and time.time() >= deadline
                if stop or time.perf_counter() - last_save >= save_every:
                    history.seconds += time.perf_counter() - t0 - callback_seconds  # the saved state counts it
                    save(step)
                    t0 = last_save = time.perf_counter()
                    callback_seconds = 0.0
                if stop:
                    raise TrainingStopped(f"stopped at step {step} of {total}: GEN_UTILS_STOP_AT has passed; the "
                                          "state is saved and the next run resumes from it")
    except KeyboardInterrupt:
        history.interrupted = True
        log.flush(step)
        print(f"Interrupted at step {step} of {total}: the models keep the weights trained so far"
              + ("; the checkpoint is saved and training resumes from it next time." if save else "."))
    finally:
        if batches.device.type == "cuda":
            torch.cuda.synchronize(batches.device)
        history.seconds += time.perf_counter() - t0 - callback_seconds
        bar.close()
    if save is not None:
        save(step)


class TrainingStopped(RuntimeError):
    """Training stopped cleanly at the deadline ``GEN_UTILS_STOP_AT`` (its state saved, to be resumed)."""


def stop_time() -> float | None:
    """``GEN_UTILS_STOP_AT`` (seconds since the epoch), when long background runs stop, saved, before a working
    session ends (tools/pretrained.py --stop-after sets it); None when unset."""
    at = os.environ.get("GEN_UTILS_STOP_AT", "").strip()
    if not at:
        return None
    try:
        return float(at)
    except ValueError:
        raise ValueError(f"GEN_UTILS_STOP_AT={at!r} is not a time in seconds since 1970 (e.g. $(date -d '+2 hours' "
                         "+%s)); unset it to train to the end") from None


def progress_log(name: str | None, total: int) -> Callable[[str], None] | None:
    """A writer of progress lines to the file ``GEN_UTILS_LOG`` names (long background runs), or None."""
    target = os.environ.get("GEN_UTILS_LOG", "").strip()
    if not target:
        return None
    started = time.time()

    def write(line: str) -> None:
        with open(target, "a") as f:
            f.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {name or 'fit'} {line} "
                    f"({time.time() - started:.0f} s)\n")
    return write


class _Log:
    """Logged values summed on the device between progress updates, read back in one synchronisation."""

    def __init__(self, history: History, bar: Any, shown: int, write: Callable[[str], None] | None = None):
        self.history, self.bar, self.shown, self.write = history, bar, shown, write
        self.total = history.total_steps
        self.sums: dict[str, Tensor] = {}
        self.counts: dict[str, int] = {}

    def add(self, logs: dict[str, tuple[Tensor, int]]) -> None:
        for key, (value, count) in logs.items():
            self.sums[key] = self.sums[key] + value if key in self.sums else value.clone()
            self.counts[key] = self.counts.get(key, 0) + count

    def flush(self, step: int) -> None:
        if not self.sums:
            return
        keys = list(self.sums)
        means = (torch.stack([self.sums[k].float() for k in keys]) /
                 torch.tensor([self.counts[k] for k in keys], device=self.sums[keys[0]].device)).tolist()
        self.history.steps.append(step)
        for k, v in zip(keys, means):
            self.history.values.setdefault(k, []).append(v)
        self.bar.set_postfix({k: f"{v:.4g}" for k, v in zip(keys, means)}, refresh=False)
        if self.write is not None:
            self.write(f"step {step}/{self.total} " + " ".join(f"{k}={v:.4g}" for k, v in zip(keys, means)))
        self.bar.update(step - self.shown)
        self.shown, self.sums, self.counts = step, {}, {}
