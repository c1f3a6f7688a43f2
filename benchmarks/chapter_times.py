"""Print each chapter's full-run wall time and device, from the results files, against the book's budgets.

Budgets (issue 7): every chapter within 15 minutes on a 2-core laptop CPU; the whole book within 10 minutes
on one data-centre GPU. Times come from ``book/results/<chapter>.json`` (the run whose outputs the notebook shows),
``book/results/cpu/`` and ``book/results/gpu/`` (timed full runs on the other kind of device; these win over the
main file for their kind); a chapter without a run on a device shows "–".

    python benchmarks/chapter_times.py [--results book/results] [--readme README.md]

With ``--readme``, the tables between the markers ``<!-- chapter-times:start -->`` / ``<!-- chapter-times:end -->``
and ``<!-- throughput:start -->`` / ``<!-- throughput:end -->`` of that file are rewritten from the results files,
so the times the README quotes are measured, never typed.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

CPU_BUDGET_S = 15 * 60
GPU_BOOK_BUDGET_S = 10 * 60


def collect(results: Path) -> dict[str, dict[str, tuple[float, str]]]:
    """{chapter: {"cpu" | "gpu": (wall seconds, device name)}} from the full-run results files."""
    table: dict[str, dict[str, tuple[float, str]]] = {}
    paths = [p for folder in (results, results / "cpu", results / "gpu") for p in sorted(folder.glob("*.json"))]
    for path in paths:
        data = json.loads(path.read_text())
        if not isinstance(data, dict) or data.get("mode") != "full" or "chapter" not in data:
            continue  # throughput files and fast runs
        kind = "gpu" if str(data["device"]).startswith("cuda") else "cpu"
        table.setdefault(data["chapter"], {})[kind] = (float(data["wall_time_s"]), str(data["device"]))
    return table


def report(table: dict[str, dict[str, tuple[float, str]]]) -> tuple[str, list[str]]:
    """A markdown table of the times and the list of budgets broken."""
    lines = ["| chapter | 2-core CPU | GPU |", "| --- | --- | --- |"]
    broken = []
    for chapter, runs in sorted(table.items()):
        cells = []
        for kind in ("cpu", "gpu"):
            if kind in runs:
                seconds, device = runs[kind]
                cells.append(f"{seconds:.0f} s ({device})")
            else:
                cells.append("–")
        lines.append(f"| {chapter} | {cells[0]} | {cells[1]} |")
        if "cpu" in runs and runs["cpu"][0] > CPU_BUDGET_S:
            broken.append(f"{chapter}: {runs['cpu'][0]:.0f} s on the CPU (budget {CPU_BUDGET_S} s)")
    gpu_total = sum(r["gpu"][0] for r in table.values() if "gpu" in r)
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
        args.readme.write_text(readme)
        print(f"updated {args.readme}")
    print(text)
    print("\nOver budget:\n- " + "\n- ".join(broken) if broken else "\nEvery measured time is within budget.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
