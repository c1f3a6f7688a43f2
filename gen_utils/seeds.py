"""Measure over several seeds and say what the spread allows: "A beat B by ..." only when the gap exceeds it."""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Callable, Sequence

#: The fewest seeds a ranking is made from (the book's rule: a ranking needs several seeds).
MIN_SEEDS = 3


@dataclass(frozen=True)
class Spread:
    """One number measured once per seed: its values, mean and sample standard deviation (n - 1)."""

    values: tuple[float, ...]
    seeds: tuple[int, ...]

    @property
    def mean(self) -> float:
        return statistics.fmean(self.values)

    @property
    def sd(self) -> float:
        """Sample standard deviation, sqrt(sum (v - mean)^2 / (n - 1)); 0 for a single value."""
        return statistics.stdev(self.values) if len(self.values) > 1 else 0.0

    def format(self, spec: str = ".3g") -> str:
        """``mean ± sd (n seeds)``, each number formatted with ``spec``."""
        n = len(self.values)
        return f"{self.mean:{spec}} ± {self.sd:{spec}} ({n} seed{'s' if n != 1 else ''})"

    def __str__(self) -> str:
        return self.format()

    def to_dict(self) -> dict[str, object]:
        """Plain numbers for a results file."""
        return {"mean": self.mean, "sd": self.sd, "values": list(self.values), "seeds": list(self.seeds)}


def over_seeds(measure: Callable[[int], float | dict[str, float]], seeds: Sequence[int] = (0, 1, 2),
               ) -> Spread | dict[str, Spread]:
    """Run ``measure(seed)`` for each seed: a :class:`Spread` of its number, or one per key if it returns a dict."""
    seeds = tuple(int(s) for s in seeds)
    if not seeds:
        raise ValueError("over_seeds needs at least one seed, e.g. seeds=(0, 1, 2)")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"the seeds must differ, got {list(seeds)}")
    results = [measure(s) for s in seeds]
    if all(isinstance(r, dict) for r in results):
        keys = list(results[0])
        if any(list(r) != keys for r in results):
            raise ValueError("measure returned dicts with different keys for different seeds")
        return {k: Spread(tuple(float(r[k]) for r in results), seeds) for k in keys}
    values = tuple(float(r) for r in results)
    if not all(math.isfinite(v) for v in values):
        raise ValueError(f"measure returned a value that is not a finite number: {list(values)}")
    return Spread(values, seeds)


@dataclass(frozen=True)
class LatePace:
    """How fast a curve still rises late in training: its rise over seeds between steps ``start`` and ``end``."""

    start: int
    end: int
    rise: Spread

    @property
    def per_step(self) -> float:
        """Mean rise per training step, rise / (end - start)."""
        return self.rise.mean / (self.end - self.start)

    def steps_to(self, target: float, now: float) -> float:
        """More steps to go from ``now`` to ``target`` at this pace, (target - now) / per_step; inf if not rising."""
        if now >= target:
            return 0.0
        return (target - now) / self.per_step if self.per_step > 0 else math.inf


def late_pace(curves: dict[int, Sequence[float]], steps: Sequence[int], back: int | None = None) -> LatePace:
    """The rise of each seed's curve over its last ``back`` intervals between checks (default: the last quarter
    of the checks, at least one), curve[-1] - curve[-1 - back], as a :class:`Spread` over the seeds."""
    if len(steps) < 2:
        raise ValueError(f"late_pace needs at least two checks, got {len(steps)}: check more often during training")
    if any(len(c) != len(steps) for c in curves.values()):
        raise ValueError(f"every curve needs one value per check step ({len(steps)}), got "
                         f"{ {s: len(c) for s, c in curves.items()} }")
    if back is None:
        back = max(1, round((len(steps) - 1) / 4))
    back = min(int(back), len(steps) - 1)
    if back < 1:
        raise ValueError(f"back must be at least 1 interval, got {back}")
    seeds = tuple(curves)
    return LatePace(int(steps[-1 - back]), int(steps[-1]),
                    Spread(tuple(float(curves[s][-1] - curves[s][-1 - back]) for s in seeds), seeds))


def ranking(a: Spread, b: Spread, higher_is_better: bool = True) -> int:
    """+1 if ``a`` beats ``b``, -1 if ``b`` beats ``a``, 0 if they tie: a win needs at least MIN_SEEDS seeds on
    each side and a gap between the means larger than the spread, sd_a + sd_b."""
    if len(a.values) < MIN_SEEDS or len(b.values) < MIN_SEEDS:
        return 0
    gap = a.mean - b.mean if higher_is_better else b.mean - a.mean
    if abs(gap) <= a.sd + b.sd:
        return 0
    return 1 if gap > 0 else -1


def compare(name_a: str, a: Spread, name_b: str, b: Spread, higher_is_better: bool = True,
            spec: str = ".3g", what: str = "") -> str:
    """A sentence the numbers allow: "A beat B by g (a vs b)" when the gap exceeds the spread, else a tie
    (or "cannot be ranked" with fewer than MIN_SEEDS seeds). It starts with a capital ("the AAE" → "The AAE"),
    unless the first word carries one already ("cGAN")."""
    return _sentence(_compare(name_a, a, name_b, b, higher_is_better, spec, what))


def _sentence(text: str) -> str:
    first = text.split(" ", 1)[0].rstrip(",;:")          # "pooling, no strides" starts with a word too
    return text[:1].upper() + text[1:] if len(first) > 1 and first.isalpha() and first.islower() else text


def _both(a: Spread, b: Spread, spec: str) -> str:
    """"(a ± sd vs b ± sd, n seeds each)", or each with its own count when they differ."""
    n = len(a.values)
    if n != len(b.values):
        return f"({a.format(spec)} vs {b.format(spec)})"
    return f"({a.mean:{spec}} ± {a.sd:{spec}} vs {b.mean:{spec}} ± {b.sd:{spec}}, {n} seed{'s' if n != 1 else ''} each)"


def _gap(value: float, spec: str) -> str:
    """A difference of two numbers formatted with ``spec``; of two percentages ("%" specs), in percentage points."""
    return f"{value * 100:{spec[:-1]}f} points" if spec.endswith("%") else f"{value:{spec}}"


def _compare(name_a: str, a: Spread, name_b: str, b: Spread, higher_is_better: bool, spec: str, what: str) -> str:
    on = f" on {what}" if what else ""
    both = _both(a, b, spec)
    if len(a.values) < MIN_SEEDS or len(b.values) < MIN_SEEDS:
        return (f"{name_a} and {name_b} cannot be ranked{on} with fewer than {MIN_SEEDS} seeds each {both}.")
    order = ranking(a, b, higher_is_better)
    if order == 0:
        return (f"{name_a} and {name_b} tie within noise{on}: the gap {_gap(abs(a.mean - b.mean), spec)} is not larger "
                f"than the spread {_gap(a.sd + b.sd, spec)} {both}.")
    (win, w), (lose, l) = ((name_a, a), (name_b, b)) if order > 0 else ((name_b, b), (name_a, a))
    return f"{win} beat {lose}{on} by {_gap(abs(w.mean - l.mean), spec)} {_both(w, l, spec)}."
