"""One training loop for every chapter: single-loss models and multi-player games alike."""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence, Union

import torch
from torch import Tensor, nn

from .checkpoints import CheckpointError, load_checkpoint, load_weights, save_checkpoint
from .config import FAST_CAPS, cuda_graphs_enabled, fast_mode, seed_everything

Batch = Union[Tensor, tuple]
LossOutput = Union[Tensor, tuple]


@dataclass
class Update:
    """One player's move: zero the gradients, ``loss_fn(batch).backward()``, ``optimizer.step()``.

    ``loss_fn`` returns the scalar loss, or ``(loss, {name: value})`` with extra values to log.
    ``repeats`` > 1 repeats the move on fresh batches (e.g. five critic steps per generator step);
    ``after_step`` runs after each optimizer step (e.g. WGAN's weight clipping).
    """

    name: str
    optimizer: torch.optim.Optimizer
    loss_fn: Callable[[Batch], LossOutput]
    repeats: int = 1
    after_step: Callable[[], None] | None = None


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
        return {"steps": self.steps, "values": self.values, "seconds": self.seconds, "checks": self.checks,
                "total_steps": self.total_steps}


class _Batches:
    """Shuffled mini-batches of tensors that already live on the device (no DataLoader)."""

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
        return {"gen": self.gen.get_state(), "order": self.order.cpu(), "pos": self.pos}

    def load(self, state: dict[str, Any]) -> None:
        self.gen.set_state(state["gen"].cpu())  # generator states are CPU byte tensors, whatever the device
        self.order, self.pos = state["order"].to(self.device), int(state["pos"])


def _as_tuple(data: Tensor | Sequence[Tensor]) -> tuple[Tensor, ...]:
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


_GRAPH_WARMUP_STEPS = 3
_HOST_READS = {"_local_scalar_dense", "nonzero", "masked_select", "unique", "_unique2", "item"}


class GraphCaptureError(RuntimeError):
    """A training step that cannot be replayed as a CUDA graph (it works on the host)."""


def _host_guard():
    """A dispatch mode that raises on any operation a CUDA graph would freeze or forbid (host data, read-backs)."""
    from torch.utils._python_dispatch import TorchDispatchMode
    from torch.utils._pytree import tree_leaves

    def check(name: str, tree: Any) -> None:
        for t in tree_leaves(tree):
            if isinstance(t, Tensor) and t.device.type == "cpu" and t.dim() > 0:
                raise GraphCaptureError(f"{name} works on a host tensor of shape {tuple(t.shape)}")

    class HostGuard(TorchDispatchMode):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            name = func.__name__.split(".")[0]
            if name in _HOST_READS:
                raise GraphCaptureError(f"{name} reads a value back to the host")
            check(name, (args, kwargs))
            out = func(*args, **(kwargs or {}))
            check(name, out)
            return out

    return HostGuard()


def _make_capturable(updates: Sequence[Update]) -> str | None:
    """Switch the optimizers to their graph-safe mode; the reason why not, if one cannot be captured."""
    for u in updates:
        opt = u.optimizer
        if not isinstance(opt, torch.optim.SGD) and not all("capturable" in g for g in opt.param_groups):
            return f"the optimizer of update '{u.name}' ({type(opt).__name__}) has no capturable mode"
    for u in updates:
        for group in u.optimizer.param_groups:
            if "capturable" in group:
                group["capturable"] = True
            for p in group["params"]:  # states made by an earlier, eager run keep their step count on the host
                st = u.optimizer.state.get(p, {})
                if isinstance(st.get("step"), Tensor) and st["step"].device != p.device:
                    st["step"] = st["step"].to(p.device, torch.float32)
    return None


class _GraphedStep:
    """One whole training step captured as a CUDA graph: static input batches in, logged values out."""

    def __init__(self, run_step: Callable[[list[tuple[Tensor, ...]]], dict[str, tuple[Tensor, int]]],
                 drawn: list[tuple[Tensor, ...]], updates: Sequence[Update]):
        self.static = drawn  # replays read their batches from these tensors
        self.graph = torch.cuda.CUDAGraph()
        for u in updates:
            u.optimizer.zero_grad(set_to_none=True)
        with torch.cuda.graph(self.graph):
            with _host_guard():
                self.logs = run_step(self.static)


def fit(models: nn.Module | dict[str, nn.Module], updates: Update | Sequence[Update],
        data: Tensor | Sequence[Tensor], *, epochs: float | None = None, steps: int | None = None,
        batch_size: int = 128, seed: int = 0, transform: Callable[[Batch], Batch] | None = None,
        checkpoint: str | Path | None = None, log_every: int = 50, desc: str | None = None,
        progress: bool = True, callback: Callable[[int], dict[str, float]] | None = None,
        callback_every: int = 500, cuda_graph: bool | None = None) -> History:
    """Train ``models`` by running ``updates`` on shuffled batches of ``data`` (tensors on the device).

    One step runs every update in order; an update with ``repeats=k`` takes k fresh batches, so a
    step draws max(repeats) batches. ``epochs`` counts passes over the data. Losses are summed on the
    device and read back once every ``log_every`` steps (one synchronisation), which also refreshes
    the progress bar. With ``checkpoint``: a finished checkpoint is loaded instead of training,
    an unfinished one is resumed, and the state is saved atomically at the end or on Ctrl-C
    (which stops training and keeps the weights trained so far). ``callback(step)`` runs every
    ``callback_every`` steps and at the end (e.g. to measure sample quality during training); the values it
    returns go to ``history.checks`` and its time does not count as training time.

    On CUDA (``cuda_graph=None``: unless ``GEN_UTILS_CUDA_GRAPHS=0``) the whole step, every update with its
    optimizer step, is captured once as a CUDA graph after a few warm-up steps and replayed on fresh batches,
    so a step costs one launch instead of hundreds. Loss functions must then compute from the batch and
    from tensors on the device: work on host tensors or a value read back to the host is detected at the
    capture, and training goes on without graphs (a note says why); a Python number that changes between
    steps (an annealed weight, say) would be frozen at its first value: pass ``cuda_graph=False`` for those.
    """
    from tqdm.auto import tqdm

    models = {"model": models} if isinstance(models, nn.Module) else dict(models)
    updates = [updates] if isinstance(updates, Update) else list(updates)
    if not updates:
        raise ValueError("give at least one Update")
    if any(u.repeats < 1 for u in updates):
        raise ValueError("Update.repeats must be at least 1")
    if len({u.name for u in updates}) != len(updates):
        raise ValueError(f"update names must differ, got {[u.name for u in updates]}")
    if batch_size < 1 or log_every < 1 or callback_every < 1:
        raise ValueError("batch_size, log_every and callback_every must be positive")
    tensors = _as_tuple(data)
    per_step = max(u.repeats for u in updates)
    total = plan_steps(len(tensors[0]), batch_size, epochs, steps, per_step)

    seed_everything(seed)
    batches = _Batches(tensors, batch_size, seed)
    history, start = History(total_steps=total), 0
    path = Path(checkpoint) if checkpoint is not None else None
    if path is not None and path.exists():
        state = load_checkpoint(path, map_location=tensors[0].device)
        missing = set(models) ^ set(state["models"]) or {u.name for u in updates} ^ set(state["optimizers"])
        if missing:
            raise CheckpointError(f"checkpoint {path} was made for other models or updates ({sorted(missing)} "
                                  "differ); delete it (or give a new checkpoint name) to retrain")
        for name, m in models.items():
            load_weights(m, state["models"][name], path, name)
        for u in updates:
            u.optimizer.load_state_dict(state["optimizers"][u.name])
        h = state["history"]
        history = History(steps=list(h["steps"]), values={k: list(v) for k, v in h["values"].items()},
                          seconds=float(h["seconds"]), checks={k: list(v) for k, v in h.get("checks", {}).items()},
                          total_steps=total, from_checkpoint=True)
        start = int(state["step"])
        batches.load(state["batches"])
        if start >= total:
            for m in models.values():
                m.eval()
            print(f"Loaded {path.name}: {start} steps trained in {history.seconds:.1f} s "
                  "(delete the file to train again).")
            return history

    def save(step: int) -> None:
        if path is not None:
            save_checkpoint(path, {
                "models": {k: m.state_dict() for k, m in models.items()},
                "optimizers": {u.name: u.optimizer.state_dict() for u in updates},
                "step": step, "history": history.to_dict(), "batches": batches.state()})

    use_graph = (cuda_graphs_enabled() if cuda_graph is None else cuda_graph) and tensors[0].device.type == "cuda"
    if use_graph and (reason := _make_capturable(updates)) is not None:
        print(f"Training without CUDA graphs: {reason}.")
        use_graph = False
    graphed: _GraphedStep | None = None
    side = torch.cuda.Stream(tensors[0].device) if use_graph else None

    def run_step(drawn: list[tuple[Tensor, ...]]) -> dict[str, tuple[Tensor, int]]:
        """Every update once (or ``repeats`` times); the logged values summed over the step, with their counts."""
        batch_list = [b[0] if len(b) == 1 else b for b in drawn]
        if transform is not None:
            batch_list = [transform(b) for b in batch_list]
        logs: dict[str, tuple[Tensor, int]] = {}

        def add(key: str, value: Tensor) -> None:
            total_, count = logs.get(key, (None, 0))
            logs[key] = (value if total_ is None else total_ + value, count + 1)

        for u in updates:
            for r in range(u.repeats):
                u.optimizer.zero_grad(set_to_none=True)
                loss, extras = _split_loss(u.name, u.loss_fn(batch_list[r]))
                loss.backward()
                u.optimizer.step()
                if u.after_step is not None:
                    u.after_step()
                add(u.name, loss.detach())
                for k, v in extras.items():
                    add(k, v.detach() if isinstance(v, Tensor) else torch.full((), float(v), device=loss.device))
        return logs

    for m in models.values():
        m.train()
    sums: dict[str, Tensor] = {}
    counts: dict[str, int] = {}
    bar = tqdm(total=total, initial=start, desc=desc, disable=not progress, leave=True,
               dynamic_ncols=True)
    step, shown = start, start
    t0, callback_seconds = time.perf_counter(), 0.0

    def flush() -> None:
        nonlocal sums, counts, shown
        if not sums:
            return
        keys = list(sums)
        means = (torch.stack([sums[k].float() for k in keys]) /
                 torch.tensor([counts[k] for k in keys], device=sums[keys[0]].device)).tolist()
        history.steps.append(step)
        for k, v in zip(keys, means):
            history.values.setdefault(k, []).append(v)
        bar.set_postfix({k: f"{v:.4g}" for k, v in zip(keys, means)}, refresh=False)
        bar.update(step - shown)
        shown, sums, counts = step, {}, {}

    try:
        while step < total:
            if graphed is not None:  # replay the captured step on fresh batches
                for out in graphed.static:
                    batches.next(out)
                graphed.graph.replay()
                logs = graphed.logs
            elif use_graph and step - start >= _GRAPH_WARMUP_STEPS:
                try:
                    graphed = _GraphedStep(run_step, [batches.next() for _ in range(per_step)], updates)
                except (GraphCaptureError, RuntimeError) as err:
                    print(f"Training without CUDA graphs: this step cannot be captured ({err}).")
                    use_graph = False
                    for u in updates:
                        u.optimizer.zero_grad(set_to_none=True)
                    continue
                graphed.graph.replay()
                logs = graphed.logs
            elif use_graph:  # warm-up steps before the capture run on a side stream, as CUDA graphs require
                drawn = [batches.next() for _ in range(per_step)]
                side.wait_stream(torch.cuda.current_stream())
                with torch.cuda.stream(side):
                    logs = run_step(drawn)
                torch.cuda.current_stream().wait_stream(side)
            else:
                logs = run_step([batches.next() for _ in range(per_step)])
            for key, (value, count) in logs.items():
                sums[key] = sums[key] + value if key in sums else value.clone()
                counts[key] = counts.get(key, 0) + count
            step += 1
            if step % log_every == 0 or step == total:
                flush()
            if callback is not None and (step % callback_every == 0 or step == total):
                t_cb = time.perf_counter()
                history.add_check(step, callback(step))
                for m in models.values():
                    m.train()
                callback_seconds += time.perf_counter() - t_cb
    except KeyboardInterrupt:
        history.interrupted = True
        flush()
        print(f"Interrupted at step {step} of {total}: the models keep the weights trained so far"
              + (f"; {path.name} is saved and training resumes from it next time." if path else "."))
    finally:
        if tensors[0].device.type == "cuda":
            torch.cuda.synchronize(tensors[0].device)
        history.seconds += time.perf_counter() - t0 - callback_seconds
        bar.close()
        for m in models.values():
            m.eval()
    save(step)
    return history


@torch.no_grad()
def map_batches(fn: Callable[..., Tensor], *tensors: Tensor, batch_size: int = 1000) -> Tensor:
    """Apply ``fn`` to consecutive batches of ``tensors`` without gradients and concatenate the results."""
    tensors = _as_tuple(tensors)
    return torch.cat([fn(*(t[i:i + batch_size] for t in tensors))
                      for i in range(0, len(tensors[0]), batch_size)])
