"""Print each chapter's full-run wall time and device, from the results files, against the book's budgets.

Budgets (issue 7): every chapter within 15 minutes on a 2-core laptop CPU; the whole book within 10 minutes
on one data-centre GPU. The record of a chapter is ``book/results/<chapter>.json``: the run whose outputs the
notebook shows, with its device and commit. ``book/results/cpu/`` and ``book/results/gpu/`` hold timing records
of full runs on the other kind of device; they fill that kind's column (marked "timing record") and never
replace the record. A chapter without a run on a device shows "–".

    python benchmarks/chapter_times.py [--results book/results] [--readme README.md]

With ``--readme``, the tables between the markers ``<!-- chapter-times:start -->`` / ``<!-- chapter-times:end -->``
and ``<!-- throughput:start -->`` / ``<!-- throughput:end -->`` of that file are rewritten from the results files,
so the times the README quotes are measured, never typed; so is the table of papers' headlines against ours between
``<!-- reproductions:start -->`` / ``<!-- reproductions:end -->`` (``gen_utils.reproductions``).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

CPU_BUDGET_S = 15 * 60
GPU_BOOK_BUDGET_S = 10 * 60


def _kind(device: str) -> str:
    return "gpu" if str(device).startswith("cuda") else "cpu"


def _run(data: dict, source: str) -> dict:
    prov = data.get("provenance") or {}
    return {"seconds": float(data["wall_time_s"]), "device": str(data["device"]), "source": source,
            "commit": prov.get("commit"), "dirty": prov.get("dirty")}


def _full_runs(folder: Path) -> dict[str, dict]:
    runs = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text())
        if isinstance(data, dict) and data.get("mode") == "full" and "chapter" in data:  # not throughput files
            runs[data["chapter"]] = data
    return runs


def collect(results: Path) -> dict[str, dict[str, dict]]:
    """{chapter: {"record": run, "cpu": run, "gpu": run}}: the record (the main results file) fills the column of
    its own kind; the other column comes from ``cpu/`` or ``gpu/`` timing records, marked so."""
    table: dict[str, dict[str, dict]] = {}
    for chapter, data in _full_runs(results).items():
        run = _run(data, "record")
        table[chapter] = {"record": run, _kind(run["device"]): run}
    for kind in ("cpu", "gpu"):
        for chapter, data in _full_runs(results / kind).items():
            row = table.setdefault(chapter, {})
            if kind not in row and _kind(data["device"]) == kind:  # never over the record's own kind
                row[kind] = _run(data, f"timing record, book/results/{kind}")
    return table


def report(table: dict[str, dict[str, dict]]) -> tuple[str, list[str]]:
    """A markdown table of the times (each with its device and where it comes from) and the budgets broken."""
    lines = ["| chapter | record (the run the notebook shows) | 2-core CPU | GPU |", "| --- | --- | --- | --- |"]
    broken = []
    for chapter, runs in sorted(table.items()):
        rec = runs.get("record")
        rec_cell = (f"{rec['device']}, commit {str(rec['commit'])[:7]}{' (uncommitted changes)' if rec['dirty'] else ''}"
                    if rec and rec["commit"] else f"{rec['device']}, no provenance" if rec else "–")
        cells = []
        for kind in ("cpu", "gpu"):
            run = runs.get(kind)
            cells.append("–" if run is None else f"{run['seconds']:.0f} s ({run['device']}"
                         + ("" if run["source"] == "record" else f"; {run['source']}") + ")")
        lines.append(f"| {chapter} | {rec_cell} | {cells[0]} | {cells[1]} |")
        if "cpu" in runs and runs["cpu"]["seconds"] > CPU_BUDGET_S:
            broken.append(f"{chapter}: {runs['cpu']['seconds']:.0f} s on the CPU (budget {CPU_BUDGET_S} s)")
    gpu_total = sum(r["gpu"]["seconds"] for r in table.values() if "gpu" in r)
    gpu_missing = [c for c, r in table.items() if "gpu" not in r]
    lines.append(f"\nWhole book on a GPU: {gpu_total:.0f} s measured for {len(table) - len(gpu_missing)} of "
                 f"{len(table)} chapters (budget {GPU_BOOK_BUDGET_S} s)"
                 + (f"; no GPU run yet: {', '.join(gpu_missing)}" if gpu_missing else ""))
    if gpu_total > GPU_BOOK_BUDGET_S:
        broken.append(f"whole book: {gpu_total:.0f} s on a GPU (budget {GPU_BOOK_BUDGET_S} s)")
    return "\n".join(lines), broken


def throughput_table(results: Path) -> str:
    """A markdown table of the training-loop speed-ups in ``throughput_*.json`` (written by throughput.py)."""
    lines = ["| device | workload | tutorial loop | gen_utils | speed-up |", "| --- | --- | --- | --- | --- |"]
    for path in sorted(results.glob("throughput_*.json")):
        data = json.loads(path.read_text())
        for key in ("autoencoder", "gan"):
            if key in data:
                r = data[key]
                lines.append(f"| {data['device']} | {r['what']}, batch {r['batch_size']} | "
                             f"{r['tutorial_img_per_s']:,} images/s | {r['gen_utils_img_per_s']:,} images/s | "
                             f"{r['speedup']}× |")
    return "\n".join(lines)


def reproductions_table(results: Path) -> str:
    """Every chapter's paper headlines beside its numbers, with the computed verdicts (links for the README)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from gen_utils.reproductions import reproduction_table
    from gen_utils.results import load_results

    return reproduction_table(load_results(results), link="chapters/")


def replace_between(text: str, name: str, new: str) -> str:
    """``text`` with the part between ``<!-- name:start -->`` and ``<!-- name:end -->`` replaced by ``new``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in text or end not in text:
        raise ValueError(f"the file has no {start} ... {end} markers")
    head, rest = text.split(start, 1)
    return head + start + "\n" + new + "\n" + end + rest.split(end, 1)[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=Path(__file__).resolve().parents[1] / "book" / "results")
    parser.add_argument("--readme", type=Path, default=None, help="rewrite the marked tables of this file")
    args = parser.parse_args()
    text, broken = report(collect(args.results))
    if args.readme is not None:
        readme = args.readme.read_text()
        readme = replace_between(readme, "chapter-times", text)
        readme = replace_between(readme, "throughput", throughput_table(args.results))
        readme = replace_between(readme, "reproductions", reproductions_table(args.results))
        args.readme.write_text(readme)
        print(f"updated {args.readme}")
    print(text)
    print("\nOver budget:\n- " + "\n- ".join(broken) if broken else "\nEvery measured time is within budget.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
