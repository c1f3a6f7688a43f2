"""Sphinx extension: a box under each chapter's title that says what its outputs cost, written from files.

For ``chapters/<name>``, the box reads ``book/results/<name>.json`` (the run the page shows: its budget, wall time,
device, date), the records of the chapter's shipped runs in ``gen_utils/weights/`` (steps, hours of training,
device, whether their weights ship), ``book/results/laptop/<name>.json`` (the laptop budget's time) and
``book/results/gpu/<name>.json`` (a GPU's). Nothing is typed: a chapter re-run or retrained updates its box at the
next build. Plain JSON only, so the site builder needs no torch.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes

ROOT = Path(__file__).resolve().parents[2]


def _json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text())
    except (OSError, json.JSONDecodeError):
        return None


def _minutes(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"


def shipped_records(chapter: str, root: Path = ROOT) -> list[dict[str, Any]]:
    """The records of the runs chapter ``chapter`` trained at the book budget and shipped."""
    recs = [_json(p) for p in sorted((root / "gen_utils" / "weights").glob("*.json"))]
    return [r for r in recs if r and r.get("chapter") == chapter]


def box_lines(chapter: str, root: Path = ROOT) -> list[str]:
    """The sentences of chapter ``chapter``'s box."""
    shown = _json(root / "book" / "results" / f"{chapter}.json")
    recs = shipped_records(chapter, root)
    lines = []
    if shown is None:
        lines.append("This page has no recorded run yet.")
    elif shown.get("budget") == "book":
        lines.append(f"This page shows the book budget: the run took {_minutes(shown['wall_time_s'])} on "
                     f"{shown['device']} ({shown.get('date', '?')}).")
    else:
        lines.append(f"This page shows a run sized for at most 15 minutes of a 2-core CPU: "
                     f"{_minutes(shown['wall_time_s'])} on {shown['device']} ({shown.get('date', '?')}).")
    if recs:
        hours = sum(r.get("train_seconds", 0) for r in recs) / 3600
        steps = sorted({r["steps"] for r in recs})
        weights = [r["name"] for r in recs if r.get("weights_shipped")]
        mb = sum(r.get("bytes", 0) for r in recs if r.get("weights_shipped")) / 1e6
        lines.append(f"Book budget: {len(recs)} run(s) of {', '.join(f'{s:,}' for s in steps)} steps, trained by the "
                     f"chapter's own cells in {hours:.1f} h on {recs[0].get('device', '?')}; the package ships "
                     + (f"the weights of {', '.join(weights)} ({mb:.1f} MB)" if weights else "no weights")
                     + " and every run's record, which a default run loads in seconds (GEN_UTILS_TRAIN=1 trains).")
    else:
        lines.append("No shipped weights: a default run trains this chapter's models.")
    laptop = _json(root / "book" / "results" / "laptop" / f"{chapter}.json")
    if laptop is not None:
        lines.append(f"Laptop budget (GEN_UTILS_BUDGET=laptop): {_minutes(laptop['wall_time_s'])} on "
                     f"{laptop['device']} ({laptop.get('date', '?')}).")
    gpu = _json(root / "book" / "results" / "gpu" / f"{chapter}.json")
    lines.append(f"GPU: {_minutes(gpu['wall_time_s'])} on {gpu['device']} for the chapter's run of "
                 f"{gpu.get('date', '?')} (the code of that day)." if gpu is not None else "GPU: not measured.")
    return lines


def add_box(app, doctree) -> None:
    docname = app.env.docname
    if not docname.startswith("chapters/"):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    box = nodes.admonition(classes=["note", "budget-box"])
    box += nodes.title(text="Budget and cost")
    for line in box_lines(docname.split("/", 1)[1]):
        box += nodes.paragraph(text=line)
    title = next(iter(section.findall(nodes.title)), None)
    section.insert(section.index(title) + 1 if title is not None else 0, box)


def setup(app):
    app.connect("doctree-read", add_box)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
