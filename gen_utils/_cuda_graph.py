"""Private: a training step captured once as a CUDA graph and replayed (used by ``fit`` on CUDA only).

``StepRunner`` hides the whole machinery behind one call, ``runner()`` = one training step: eager steps on the
CPU (or when graphs are off); on CUDA a few warm-up steps on a side stream, one capture, then replays on fresh
batches written into the captured (static) input tensors. A step that works on host tensors or reads a value
back is detected during the capture, and training goes on eagerly with a one-line note.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import torch
from torch import Tensor

WARMUP_STEPS = 3
_HOST_READS = {"_local_scalar_dense", "nonzero", "masked_select", "unique", "_unique2", "item"}

Logs = dict[str, tuple[Tensor, int]]


class GraphCaptureError(RuntimeError):
    """A training step that cannot be replayed as a CUDA graph (it works on the host)."""


def host_guard():
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


def make_capturable(optimizers: dict[str, torch.optim.Optimizer]) -> str | None:
    """Switch the optimizers to their graph-safe mode; the reason why not, if one cannot be captured."""
    for name, opt in optimizers.items():
        if not isinstance(opt, torch.optim.SGD) and not all("capturable" in g for g in opt.param_groups):
            return f"the optimizer of update '{name}' ({type(opt).__name__}) has no capturable mode"
    for opt in optimizers.values():
        for group in opt.param_groups:
            if "capturable" in group:
                group["capturable"] = True
            for p in group["params"]:  # states made by an earlier, eager run keep their step count on the host
                st = opt.state.get(p, {})
                if isinstance(st.get("step"), Tensor) and st["step"].device != p.device:
                    st["step"] = st["step"].to(p.device, torch.float32)
    return None


def hyperparameters(optimizers: dict[str, torch.optim.Optimizer]) -> dict[tuple[str, int, str], Any]:
    """The plain numbers of every parameter group (lr, momentum, betas, ...), keyed (update, group, name): what a
    captured step would freeze at its capture."""
    return {(name, k, key): value for name, opt in optimizers.items() for k, group in enumerate(opt.param_groups)
            for key, value in group.items()
            if key != "params" and isinstance(value, (int, float, tuple)) and not isinstance(value, bool)}


def changed(before: dict[tuple[str, int, str], Any], after: dict[tuple[str, int, str], Any]) -> list[str]:
    """The hyperparameters whose values differ between two :func:`hyperparameters` snapshots ("update: lr")."""
    return sorted({f"{where[0]}: {where[2]}" for where in before.keys() | after.keys()
                   if before.get(where) != after.get(where)})


class StepRunner:
    """``runner()`` runs one training step and returns its logged values (summed on the device, with counts)."""

    def __init__(self, run_step: Callable[[list[tuple[Tensor, ...]]], Logs], draw: Callable[..., tuple[Tensor, ...]],
                 per_step: int, optimizers: dict[str, torch.optim.Optimizer], device: torch.device, use_graph: bool):
        self.run_step, self.draw, self.per_step, self.optimizers = run_step, draw, per_step, optimizers
        self.use_graph = use_graph and device.type == "cuda"
        if self.use_graph and (reason := make_capturable(optimizers)) is not None:
            print(f"Training without CUDA graphs: {reason}.")
            self.use_graph = False
        self.side = torch.cuda.Stream(device) if self.use_graph else None
        self.graph: torch.cuda.CUDAGraph | None = None
        self.static: list[tuple[Tensor, ...]] = []
        self.logs: Logs = {}
        self.eager_steps = 0
        self.frozen: dict[tuple[str, int, str], Any] = {}

    def _schedule_check(self, before: dict[tuple[str, int, str], Any]) -> None:
        """Go on eagerly, with a note, when a step changed an optimizer's hyperparameters (e.g. a learning-rate
        schedule in ``after_step``): a captured step would keep the values of its capture."""
        moved = changed(before, hyperparameters(self.optimizers))
        if moved:
            print("Training without CUDA graphs: " + ", ".join(moved) + " changes from one step to the next, "
                  "which a captured step would freeze.")
            self.use_graph, self.graph = False, None

    def _batches(self, n: int | None = None) -> list[tuple[Tensor, ...]]:
        return [self.draw() for _ in range(self.per_step if n is None else n)]

    def _capture(self) -> bool:
        self.static, self.graph = self._batches(), torch.cuda.CUDAGraph()
        for opt in self.optimizers.values():
            opt.zero_grad(set_to_none=True)
        try:
            with torch.cuda.graph(self.graph), host_guard():
                self.logs = self.run_step(self.static)
        except (GraphCaptureError, RuntimeError) as err:
            print(f"Training without CUDA graphs: this step cannot be captured ({err}).")
            self.use_graph, self.graph = False, None
            for opt in self.optimizers.values():
                opt.zero_grad(set_to_none=True)
            return False
        return True

    def __call__(self, n_batches: int | None = None) -> Logs:
        """One step; ``n_batches`` (eager steps only) draws that many batches instead of ``per_step``."""
        if n_batches is not None:
            if self.use_graph:
                raise ValueError("a step with its own number of batches cannot replay a CUDA graph")
            return self.run_step(self._batches(n_batches))
        if self.graph is not None:  # replay the captured step on fresh batches
            for out in self.static:
                self.draw(out)
            self.graph.replay()
            self._schedule_check(self.frozen)
            return self.logs
        if self.use_graph and self.eager_steps >= WARMUP_STEPS and self._capture():
            self.frozen = hyperparameters(self.optimizers)
            self.graph.replay()  # the first replay trains on the batches drawn for the capture
            return self.logs
        self.eager_steps += 1
        if not self.use_graph:
            return self.run_step(self._batches())
        drawn = self._batches()  # warm-up steps before the capture run on a side stream, as CUDA graphs require
        before = hyperparameters(self.optimizers)
        self.side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(self.side):
            logs = self.run_step(drawn)
        torch.cuda.current_stream().wait_stream(self.side)
        self._schedule_check(before)
        return logs
