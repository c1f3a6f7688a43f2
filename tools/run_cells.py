"""Maintainer's tool: run a notebook's code cells in plain Python, for a machine without Jupyter (a lent GPU).

    GEN_UTILS_BUDGET=book python tools/run_cells.py tools/next/12_wgan.ipynb [--keep-going] [--cells 1-4,8]
        [--replace "SEEDS = (0, 1, 2)=>SEEDS = (1,)"]

Each code cell runs in one namespace, in order, with matplotlib's Agg backend (figures are drawn and closed, never
shown). IPython's line magics (`%pip ...`, `!cmd`) become `pass`: the machine already has what the notebook
installs. Prints one line per cell with its time; a cell that raises prints its traceback and, with --keep-going,
the later cells still run (a training cell further down may not need the one that failed). Exit status: 0 when
every cell ran, 1 otherwise. The executed notebook is not written: this runs a notebook for its side effects
(checkpoints, results), `tools/execute_notebooks.py` makes the committed outputs. --cells runs only the
cells numbered (from 1, code cells only); --replace edits the source before it runs (each OLD must occur), so
that one notebook's independent runs (seeds, toys) can train in separate processes on one GPU.
"""
from __future__ import annotations

import argparse
import json
import linecache
import os
import re
import sys
import time
import traceback
from pathlib import Path

MAGIC = re.compile(r"^(\s*)[%!].*$", re.MULTILINE)


def code_cells(notebook: Path) -> list[str]:
    """The notebook's code cells as Python source, magics replaced by ``pass`` at their indentation."""
    cells = json.loads(notebook.read_text())["cells"]
    return [MAGIC.sub(r"\1pass", "".join(c["source"])) for c in cells if c["cell_type"] == "code"]


def cell_numbers(spec: str, count: int) -> list[int]:
    """'1-4,8' -> [1, 2, 3, 4, 8]: the code cells (numbered from 1) to run, checked against ``count``."""
    numbers: list[int] = []
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        numbers += range(int(first), int(last or first) + 1)
    wrong = [n for n in numbers if not 1 <= n <= count]
    if wrong:
        raise ValueError(f"cells {wrong} do not exist: the notebook has code cells 1 to {count}")
    return sorted(set(numbers))


def replaced(cells: list[str], replacements: list[tuple[str, str]]) -> list[str]:
    """The cells with each (old, new) replaced; raises ValueError naming an ``old`` that occurs in none of them."""
    for old, new in replacements:
        if not any(old in c for c in cells):
            raise ValueError(f"--replace: {old!r} occurs in none of the cells run")
        cells = [c.replace(old, new) for c in cells]
    return cells


def run(notebook: Path, keep_going: bool = False, cells_spec: str | None = None,
        replacements: list[tuple[str, str]] | None = None) -> int:
    """Run ``notebook``'s code cells in order in one namespace; the number of cells that raised."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib.pyplot as plt

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    namespace: dict = {"__name__": "__main__", "display": print}
    failed = 0
    cells = code_cells(notebook)
    numbers = cell_numbers(cells_spec, len(cells)) if cells_spec else list(range(1, len(cells) + 1))
    chosen = replaced([cells[n - 1] for n in numbers], replacements or [])
    for i, source in zip(numbers, chosen):
        start = time.time()
        filename = f"<{notebook.name} cell {i}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)  # as IPython does:
        try:                                                   # inspect finds the source (fit's fingerprints)
            exec(compile(source, filename, "exec"), namespace)
            status = "ok"
        except Exception:  # noqa: BLE001 - reported, and the run stops unless --keep-going
            traceback.print_exc()
            failed, status = failed + 1, "FAILED"
        plt.close("all")
        print(f"[run_cells] {notebook.name} cell {i}/{len(cells)}: {status} in {time.time() - start:.1f} s", flush=True)
        if failed and not keep_going:
            break
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--keep-going", action="store_true", help="run the later cells after one raises")
    parser.add_argument("--cells", help="the code cells to run, numbered from 1: 1-4,8")
    parser.add_argument("--replace", action="append", default=[], metavar="OLD=>NEW",
                        help="edit the cells' source before running (repeatable)")
    args = parser.parse_args()
    if not args.notebook.is_file():
        print(f"no notebook {args.notebook}", file=sys.stderr)
        return 2
    pairs = [tuple(r.split("=>", 1)) for r in args.replace]
    if any(len(p) != 2 for p in pairs):
        print("--replace takes OLD=>NEW", file=sys.stderr)
        return 2
    return 1 if run(args.notebook, args.keep_going, args.cells, pairs) else 0


if __name__ == "__main__":
    sys.exit(main())
