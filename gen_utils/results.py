"""Each chapter's headline numbers, device and wall time, written to ``book/results/<chapter>.json``."""
from __future__ import annotations

import json
import math
import os
import platform
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import torch

from .checkpoints import atomic_write
from .config import budget_name, data_root_label, device_name, fast_mode, get_device
from .notebook import sharp_figures

#: What the running chapter used, noted by the package as it goes: data sets loaded, seeds given to ``fit``,
#: judges (name -> SHA-256 of their weights). ``Chapter`` starts it afresh and writes it into the results file.
_USED: dict[str, Any] = {"data_sets": [], "seeds": [], "judges": {}, "chapter": None}


def current_chapter() -> str | None:
    """The name of the chapter running in this process (set by :class:`Chapter`), if any."""
    return _USED.get("chapter")


def training_facts(device: torch.device) -> dict[str, Any]:
    """Where and when weights are being trained: device, threads, torch, Python, commit (and whether the checkout
    had uncommitted changes), date: what a shipped file's record says about its making."""
    git = git_state()
    return {"device": device_name(device), "torch": str(torch.__version__), "python": platform.python_version(),
            "commit": git.get("commit"), "uncommitted_changes": git.get("changed_files") or [],
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"), "budget": budget_name()}


def note_data(name: str) -> None:
    """Record that the running chapter loaded data set ``name``."""
    if name not in _USED["data_sets"]:
        _USED["data_sets"].append(name)


def note_seed(seed: int) -> None:
    """Record that the running chapter trained with ``seed``."""
    if seed not in _USED["seeds"]:
        _USED["seeds"].append(int(seed))


def note_judge(name: str, sha256: str) -> None:
    """Record that the running chapter judged samples with the shipped judge of data set ``name``."""
    _USED["judges"][name] = sha256


def repository_root() -> Path | None:
    """The checkout we run in (the folder with ``_toc.yml`` and ``book/``), if any."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file() and (folder / "book").is_dir():
            return folder
    return None


def git_state(root: Path | None = None) -> dict[str, Any]:
    """The commit the checkout is at and whether (and where) its tracked files had uncommitted changes (results
    files left out: they are what runs write)."""
    import subprocess

    root = repository_root() if root is None else root
    if root is None:
        return {"commit": None, "dirty": None}

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True,
                              timeout=30).stdout

    try:
        changed = changed_files(git("status", "--porcelain", "--untracked-files=no"))
        return {"commit": git("rev-parse", "HEAD").strip(), "dirty": bool(changed), "changed_files": changed[:20]}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}


def changed_files(porcelain: str) -> list[str]:
    """The paths in ``git status --porcelain`` output ("XY path" lines; the status column may start with a space),
    results files left out: they are what runs write, not code."""
    paths = [line[3:].split(" -> ")[-1] for line in porcelain.splitlines() if len(line) > 3]
    return [p for p in paths if not p.startswith("book/results/")]


def relative_label(path: Path) -> str:
    """``path`` relative to the checkout (or the working folder) when it lies inside it, for printing."""
    path = Path(path).resolve()
    for base in (repository_root(), Path.cwd().resolve()):
        if base is not None:
            try:
                return str(path.relative_to(base))
            except ValueError:
                pass
    return path.name


def results_dir() -> Path:
    """``GEN_UTILS_RESULTS`` if set, else ``book/results`` of the checkout we run in, else ``./results``."""
    env = os.environ.get("GEN_UTILS_RESULTS", "").strip()
    if env:
        return Path(env).expanduser()
    root = repository_root()
    return root / "book" / "results" if root is not None else Path.cwd().resolve() / "results"


def plain_data(value: Any, strict: bool = False) -> Any:
    """``value`` as plain JSON data: tensors and NumPy scalars become numbers or lists, dict keys strings,
    non-finite floats None. ``strict``: anything else raises (``fit``'s ``evaluate=`` results), else it is kept."""
    if isinstance(value, torch.Tensor):
        value = value.item() if value.numel() == 1 else value.tolist()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): plain_data(v, strict) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_data(v, strict) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return value.item()
    if strict and not isinstance(value, (int, float, str, bool, type(None))):
        raise TypeError(f"expected plain numbers, strings, lists, dicts or tensors, not {type(value).__name__}")
    return value


def write_json(path: Path, data: dict[str, Any]) -> Path:
    """Write JSON atomically (temporary file, then rename)."""
    return atomic_write(path, lambda f: f.write((json.dumps(data, indent=2, sort_keys=False) + "\n").encode()))


def load_results(folder: Path | None = None) -> dict[str, dict[str, Any]]:
    """Every chapter's full-run results file in ``folder`` (default :func:`results_dir`), by chapter name."""
    folder = results_dir() if folder is None else Path(folder)
    found = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text())
        except json.JSONDecodeError as err:
            raise ValueError(f"{path} is not valid JSON ({err}); re-run its chapter to write it again") from err
        if isinstance(data, dict) and data.get("mode") == "full" and "chapter" in data and "numbers" in data:
            found[data["chapter"]] = data
    return found


def comparable(name: str, data: Any, judged: bool = True, folder: Path | None = None) -> tuple[dict | None, str]:
    """Chapter ``name``'s full-run results if their numbers can stand beside this run's, else None; and why.

    They can when that run used the same data set as ``data`` (an ``ImageData``) and, if ``judged`` (Fréchet
    distances, scores, label accuracies), the same judge. Use it for every number taken from another chapter.
    """
    from .classifier import JUDGES

    res = load_results(folder).get(name)
    if res is None:
        return None, f"chapter {name} has no full run yet (run it to fill this row)"
    prov = res.get("provenance") or {}
    sets = prov.get("data_sets") or []
    title = res.get("numbers", {}).get("dataset")
    if (sets and data.name not in sets) or (not sets and title != data.title):
        return None, f"chapter {name}'s run used {', '.join(sets) or title or 'another data set'}, this one {data.title}"
    if judged and data.name in JUDGES and prov.get("judges", {}).get(data.name) != JUDGES[data.name][1]:
        return None, (f"chapter {name}'s scores come from another judge (its run predates the shipped judge "
                      "or used other weights): re-run it")
    return res, f"chapter {name}'s full run on {res['device']}"


class Chapter:
    """Tracks one chapter's run: mode, device, wall time and the headline numbers it records."""

    def __init__(self, name: str):
        if not name or "/" in name:
            raise ValueError(f"a chapter name is a plain name such as '01_autoencoder', not {name!r}")
        self.name = name
        self.numbers: dict[str, Any] = {}
        self.started = time.perf_counter()
        self.device = get_device()
        self.date = datetime.now(timezone.utc)
        _USED.update(data_sets=[], seeds=[], judges={}, chapter=name)
        sharp_figures()                                      # figures a projector can show
        self.budget = budget_name()
        print(f"{name}: {self.budget} budget on {device_name(self.device)}, "
              f"PyTorch {torch.__version__}, data root {data_root_label()}")

    @property
    def fast(self) -> bool:
        return fast_mode()

    def record(self, **numbers: Any) -> None:
        """Remember headline numbers (floats, ints, strings, small dicts) for the results file."""
        self.numbers.update(plain_data(numbers))

    def elapsed(self) -> float:
        """Seconds since the chapter started."""
        return time.perf_counter() - self.started

    def save(self) -> dict[str, Any]:
        """Write the results file: the book budget's to ``<results>/<chapter>.json`` (mode "full", what the book
        shows), the laptop budget's to ``<results>/laptop/<chapter>.json``; the fast budget writes nothing."""
        git = git_state()
        self.budget = budget_name()  # the budget in force when the numbers are written
        data = {"chapter": self.name, "mode": "fast" if fast_mode() else "full" if self.budget == "book" else "laptop",
                "budget": self.budget,
                "device": device_name(self.device), "wall_time_s": round(self.elapsed(), 1),
                "date": self.date.strftime("%Y-%m-%d"), "commit": git["commit"], "numbers": self.numbers,
                "provenance": {**git, "started": self.date.strftime("%Y-%m-%dT%H:%M:%SZ"),
                               "torch": torch.__version__, "cuda": torch.version.cuda,
                               "python": platform.python_version(), "device": device_name(self.device),
                               "data_sets": list(_USED["data_sets"]), "seeds": sorted(_USED["seeds"]),
                               "judges": dict(_USED["judges"])}}
        folder = results_dir() if self.budget == "book" else results_dir() / self.budget
        target = folder / f"{self.name}.json"
        if fast_mode():
            print(f"Fast budget: {len(self.numbers)} numbers not written (the book budget writes "
                  f"{relative_label(results_dir() / (self.name + '.json'))}).")
        else:
            write_json(target, data)
            print(f"Wrote {relative_label(target)} ({data['wall_time_s']} s on {data['device']}).")
        return data

