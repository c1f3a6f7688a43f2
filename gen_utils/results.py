"""Each chapter's headline numbers, device and wall time, written to ``book/results/<chapter>.json``."""
from __future__ import annotations

import json
import math
import os
import platform
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import torch

from .config import data_root, device_name, fast_mode, get_device


def results_dir() -> Path:
    """``GEN_UTILS_RESULTS`` if set, else ``book/results`` of the checkout we run in, else ``./results``."""
    env = os.environ.get("GEN_UTILS_RESULTS", "").strip()
    if env:
        return Path(env).expanduser()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file() and (folder / "book").is_dir():
            return folder / "book" / "results"
    return here / "results"


def _plain(value: Any) -> Any:
    if isinstance(value, torch.Tensor):
        value = value.item() if value.numel() == 1 else value.tolist()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return value.item()
    return value


def write_json(path: Path, data: dict[str, Any]) -> Path:
    """Write JSON atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(data, f, indent=2, sort_keys=False)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


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


class Chapter:
    """Tracks one chapter's run: mode, device, wall time and the headline numbers it records."""

    def __init__(self, name: str):
        if not name or "/" in name:
            raise ValueError(f"a chapter name is a plain name such as '01_autoencoder', not {name!r}")
        self.name = name
        self.numbers: dict[str, Any] = {}
        self.started = time.perf_counter()
        self.device = get_device()
        print(f"{name}: {'FAST' if fast_mode() else 'full'} mode on {device_name(self.device)}, "
              f"PyTorch {torch.__version__}, data root {data_root()}")

    @property
    def fast(self) -> bool:
        return fast_mode()

    def record(self, **numbers: Any) -> None:
        """Remember headline numbers (floats, ints, strings, small dicts) for the results file."""
        self.numbers.update(_plain(numbers))

    def elapsed(self) -> float:
        """Seconds since the chapter started."""
        return time.perf_counter() - self.started

    def save(self) -> dict[str, Any]:
        """Write the results file in full mode (fast mode writes nothing); returns what it holds."""
        data = {"chapter": self.name, "mode": "fast" if fast_mode() else "full",
                "device": device_name(self.device), "wall_time_s": round(self.elapsed(), 1),
                "torch": torch.__version__, "python": platform.python_version(),
                "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"), "numbers": self.numbers}
        if fast_mode():
            print(f"Fast mode: {len(self.numbers)} numbers not written (the full run writes "
                  f"{results_dir() / (self.name + '.json')}).")
        else:
            path = write_json(results_dir() / f"{self.name}.json", data)
            print(f"Wrote {path} ({data['wall_time_s']} s on {data['device']}).")
        return data
