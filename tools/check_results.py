"""List every chapter whose results file does not match its committed code: the numbers the book shows must
come from a run of the code it shows.

    python tools/check_results.py [--root .]      # exit 1 if any chapter is listed

A chapter is listed when ``book/results/<chapter>.json`` is missing, has no provenance (no commit), names a
commit git does not know, or when the code cells of ``chapters/<chapter>.ipynb`` now differ from those at that
commit. It also says, for information, whether ``gen_utils`` changed since that commit (library changes can
move numbers without any code cell changing).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path


def code_cells(notebook_text: str) -> list[str]:
    """The sources of a notebook's code cells, trailing white space stripped."""
    nb = json.loads(notebook_text)
    return ["".join(c["source"]).rstrip() for c in nb["cells"] if c["cell_type"] == "code"]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=60)


def stale_chapters(root: Path) -> dict[str, str]:
    """{chapter: why its results file does not show its committed code}; chapters that match are left out."""
    out = {}
    for nb in sorted((root / "chapters").glob("*.ipynb")):
        chapter = nb.stem
        results = root / "book" / "results" / f"{chapter}.json"
        if not results.is_file():
            out[chapter] = "no results file"
            continue
        commit = (json.loads(results.read_text()).get("provenance") or {}).get("commit")
        if not commit:
            out[chapter] = "no provenance yet (the results file names no commit)"
            continue
        then = _git(root, "show", f"{commit}:chapters/{nb.name}")
        if then.returncode != 0:
            out[chapter] = f"commit {commit[:7]} is unknown to git here or has no {nb.name}"
            continue
        old, new = code_cells(then.stdout), code_cells(nb.read_text())
        if old != new:
            changed = sum(a != b for a, b in zip(old, new)) + abs(len(old) - len(new))
            out[chapter] = f"{changed} code cell(s) changed since the run at {commit[:7]}"
    return out


def package_changed(root: Path, commit: str) -> bool:
    """Whether gen_utils differs between ``commit`` and the working tree."""
    return _git(root, "diff", "--quiet", commit, "--", "gen_utils").returncode != 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    stale = stale_chapters(args.root)
    for chapter, why in stale.items():
        print(f"{chapter}: {why}")
    for results in sorted((args.root / "book" / "results").glob("*.json")):
        commit = (json.loads(results.read_text()).get("provenance") or {}).get("commit")
        if commit and results.stem not in stale and package_changed(args.root, commit):
            print(f"{results.stem}: code cells match; note: gen_utils changed since {commit[:7]}")
    print(f"{len(stale)} chapter(s) whose results do not show their committed code" if stale
          else "every chapter's results come from its committed code")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
