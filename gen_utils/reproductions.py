"""A paper's headline number beside ours, with the verdict the numbers allow, and the book's table of them.

A chapter builds one entry per headline with :func:`reproduction` and records the list as
``chapter.record(reproductions=[...])``; :func:`reproduction_table` gathers every chapter's entries from the results
files. The verdict is computed, never typed: *reproduced* when the gap between the paper's number and ours is within
the two spreads (the paper's ± and our standard deviation over seeds) plus the chapter's tolerance, *beaten* when
ours is better by more than that, otherwise a gap, with the reason the chapter gives (a budget, a model).
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Mapping

from .seeds import Spread

def reproduction(claim: str, paper: float, ours: float | Spread, *, paper_data: str, our_data: str,
                 paper_setting: str, our_setting: str, gap_reason: str, paper_sd: float = 0.0,
                 higher_is_better: bool = True, tolerance: float = 0.0, unit: str = "") -> dict[str, Any]:
    """One headline: the paper's value (± ``paper_sd``) against ours (one run, or a Spread over seeds).

    Verdict, with d = (ours - paper) signed so that d > 0 is better and margin = paper_sd + sd(ours) + tolerance:
    'reproduced' if |d| <= margin, 'beaten' if d > margin, else 'gap' (explained by ``gap_reason``); a run on
    another data set than the paper's is 'not comparable'.
    """
    if not claim or not gap_reason:
        raise ValueError("a reproduction needs the claim it checks and the reason a gap would have (e.g. the budget)")
    if paper_sd < 0 or tolerance < 0:
        raise ValueError(f"paper_sd and tolerance are spreads, >= 0; got {paper_sd} and {tolerance}")
    if isinstance(ours, Spread):
        mean, sd, n = ours.mean, ours.sd, len(ours.values)
    else:
        mean, sd, n = float(ours), 0.0, 1
    if not (math.isfinite(mean) and math.isfinite(float(paper))):
        raise ValueError(f"the numbers must be finite, got paper {paper} and ours {mean}")
    d = (mean - float(paper)) * (1 if higher_is_better else -1)
    margin = paper_sd + sd + tolerance
    if paper_data != our_data:
        verdict = f"not comparable: ran on {our_data}, the paper on {paper_data}"
    elif abs(d) <= margin:
        verdict = "reproduced"
    elif d > 0:
        verdict = "beaten"
    else:
        verdict = f"gap: {gap_reason}"
    return {"claim": claim, "unit": unit, "higher_is_better": higher_is_better, "tolerance": tolerance,
            "paper": {"value": float(paper), "sd": float(paper_sd), "data": paper_data, "setting": paper_setting},
            "ours": {"mean": mean, "sd": sd, "seeds": n, "data": our_data, "setting": our_setting},
            "verdict": verdict}


def _number(value: float, sd: float, unit: str, seeds: int | None = None, as_published: bool = False) -> str:
    """Ours rounded to the digits that matter; a paper's number exactly as it was published. A unit that starts with
    a letter ("bits/dim") is set off by a space, one that does not ("%", " nats") is appended as given."""
    unit = f" {unit}" if unit[:1].isalpha() else unit
    if as_published:
        return f"{value:g}" + (f" ± {sd:g}" if sd else "") + unit
    digits = 2 if abs(value) < 10 else 1 if abs(value) < 100 else 0
    text = f"{value:.{digits}f}" + (f" ± {sd:.{digits}f}" if sd else "") + unit
    if seeds is not None:
        text += f" ({seeds} seed{'s' if seeds != 1 else ''})"
    return text


def reproduction_rows(results: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every recorded reproduction, in chapter order, each with its chapter's name added."""
    rows = []
    for name in sorted(results):
        for entry in results[name].get("numbers", {}).get("reproductions", []) or []:
            rows.append({"chapter": name, **entry})
    return rows


def reproduction_table(results: Mapping[str, Mapping[str, Any]] | None = None, folder: Path | None = None,
                       link: str = "") -> str:
    """A markdown table: chapter | claim | paper (data, setting) | ours, mean ± sd over seeds (data, setting) |
    verdict. ``results`` defaults to the results files; ``link`` prefixes chapter links (e.g. 'chapters/')."""
    from .results import load_results

    results = load_results(folder) if results is None else results
    rows = reproduction_rows(results)
    if not rows:
        return "No chapter has recorded a reproduction yet (full runs record them)."
    lines = ["| chapter | claim | paper | ours (mean ± sd) | verdict |", "| --- | --- | --- | --- | --- |"]
    for r in rows:
        p, o = r["paper"], r["ours"]
        chapter = f"[{r['chapter']}]({link}{r['chapter']}.ipynb)" if link else r["chapter"]
        lines.append(f"| {chapter} | {r['claim']} | {_number(p['value'], p['sd'], r['unit'], as_published=True)} ({p['data']}; "
                     f"{p['setting']}) | {_number(o['mean'], o['sd'], r['unit'], o['seeds'])} ({o['data']}; "
                     f"{o['setting']}) | {r['verdict']} |")
    return "\n".join(lines)
