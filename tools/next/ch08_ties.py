"""For chapter 8's exercise 1 (no torch, no training): the guideline ablation's Fréchet distances per seed, read from
the shipped records (gen_utils/weights/ch08_ablation_*.json), each variant against the full recipe by the book's rule
(a gap larger than sd_a + sd_b) and by Welch's t-test, with the seeds the t-test would need at 5% if the means and
standard deviations stayed as measured.

    python tools/next/ch08_ties.py
"""
from __future__ import annotations

import json
import math
import statistics
from pathlib import Path

from scipy import stats

WEIGHTS = Path(__file__).resolve().parents[2] / "gen_utils" / "weights"


def main() -> None:
    fds: dict[str, list[float]] = {}
    for path in sorted(WEIGHTS.glob("ch08_ablation_*_s*.json")):
        tag = path.stem[len("ch08_ablation_"):].rsplit("_s", 1)[0]
        fds.setdefault(tag, []).append(json.loads(path.read_text())["evaluation"]["fd"])
    base = fds.pop("all_guidelines")
    mb, sb = statistics.fmean(base), statistics.stdev(base)
    print(f"all guidelines: FD {mb:.4f} ± {sb:.4f} ({len(base)} seeds)")
    for tag, v in fds.items():
        if len(v) < 2:
            print(f"{tag}: {len(v)} seed(s) packed, too few")
            continue
        m, s = statistics.fmean(v), statistics.stdev(v)
        gap = m - mb
        rule = "ranks" if abs(gap) > s + sb else "ties"
        p = stats.ttest_ind(v, base, equal_var=False).pvalue
        # seeds per arm for a two-sided 5% test with 80% power, normal approximation: n = 2 (1.96 + 0.84)^2 var / gap^2
        need = math.ceil(2 * (1.96 + 0.84) ** 2 * ((s ** 2 + sb ** 2) / 2) / gap ** 2) if gap else float("inf")
        print(f"{tag}: FD {m:.4f} ± {s:.4f} ({len(v)} seeds), gap {gap:+.4f}, spread {s + sb:.4f}: the book's rule {rule}; "
              f"Welch p = {p:.3f}; about {need} seeds an arm for 80% power at 5%")


if __name__ == "__main__":
    main()
