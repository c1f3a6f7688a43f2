"""Build the student edition of the website: the same book without the exercises' solutions.

    python tools/student_edition.py [--out _build/student] [--builder jupyter-book]    # or: make book STUDENT=1

The book's sources are copied to ``<out>/src`` (code, data and build folders left out), every ``:::{admonition}
Solution`` block is removed from the chapters' markdown cells (a line says that the lecturer's edition has the
solutions), and Jupyter Book builds the copy into ``<out>/_build/html``. The normal build (``make book``) keeps them.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPENING = re.compile(r"^(\s*)(:{3,}|`{3,})\{admonition\}\s*Solution\b")
NOTE = "*Solutions: in the lecturer's edition of the book.*\n"
SKIP = {".git", ".venv", "_build", "runs", "gen_utils", "tests", "benchmarks", "tools", ".pytest_cache", "node_modules"}


def strip_solutions(text: str) -> tuple[str, int]:
    """``text`` without its solution blocks (``:::{admonition} Solution`` or a backtick fence, indented or not,
    up to its closing fence), and one note where there were any; how many were removed."""
    out, n, closing = [], 0, None
    for line in text.splitlines(keepends=True):
        if closing is not None:
            if line.rstrip() == closing:
                closing = None
            continue
        m = OPENING.match(line)
        if m:
            closing, n = m.group(1) + m.group(2), n + 1
            continue
        out.append(line)
    result = "".join(out)
    if n:
        result = result.rstrip("\n") + "\n\n" + NOTE
    return result, n


def student_notebook(nb: dict) -> int:
    """Remove the solutions from a notebook's markdown cells in place; returns how many were removed."""
    total = 0
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text, n = strip_solutions("".join(cell["source"]))
            if n:
                cell["source"] = text.splitlines(keepends=True)
                total += n
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "student")
    parser.add_argument("--builder", default=str(Path(sys.executable).with_name("jupyter-book")))
    args = parser.parse_args()
    src = args.out / "src"
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(ROOT, src, ignore=lambda folder, names: [n for n in names if n in SKIP and Path(folder) == ROOT])
    removed = 0
    for path in sorted((src / "chapters").glob("*.ipynb")):
        nb = json.loads(path.read_text())
        removed += student_notebook(nb)
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    print(f"{removed} solutions removed from {len(list((src / 'chapters').glob('*.ipynb')))} chapters")
    subprocess.run([args.builder, "build", str(src), "--path-output", str(args.out), "--warningiserror", "--keep-going",
                    "--quiet"], check=True)
    print(f"Open {args.out / '_build' / 'html' / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
