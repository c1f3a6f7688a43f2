"""Tag the cells whose only job is to print computed prose (``gu.report``), so the reader sees the prose.

    python tools/tag_report_cells.py [chapters/*.ipynb]        # rewrite the notebooks' cell metadata in place

Such a cell gets the tag ``remove-input`` (the website and the slides show its output, not its code) and
``jupyter.source_hidden`` (Jupyter shows it collapsed); nbval still runs it. A cell qualifies when every statement
in it is a ``gu.report(...)`` call or an assignment that computes numbers or text (no training, plotting,
recording or saving). A test keeps every notebook tagged this way.
"""
from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TAG = "remove-input"
ACTIONS = ("fit(", "plt.", "show_images", "show_rows", ".record(", ".save(", "sample(", "train", "assert ")


def report_only(source: str) -> bool:
    """Whether a code cell does nothing but compute numbers or text and print them with ``gu.report``."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    reports = 0
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and \
                ast.unparse(node.value.func) in ("gu.report", "report"):
            reports += 1
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and not any(a in ast.unparse(node) for a in ACTIONS):
            continue
        else:
            return False
    return reports > 0


def tag(nb: dict) -> int:
    """Tag (and collapse) every report-only code cell of ``nb`` in place; returns how many are tagged."""
    n = 0
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and report_only("".join(cell["source"])):
            meta = cell.setdefault("metadata", {})
            if TAG not in meta.setdefault("tags", []):
                meta["tags"].append(TAG)
            meta.setdefault("jupyter", {})["source_hidden"] = True
            n += 1
    return n


def main() -> int:
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "chapters").glob("*.ipynb"))
    for path in paths:
        nb = json.loads(path.read_text())
        n = tag(nb)
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
        print(f"{path.name}: {n} report cell(s) tagged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
