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


def seeds_for_power(gap: float, sd_a: float, sd_b: float, power: float = 0.8, alpha: float = 0.05) -> int:
    """Seeds an arm for a two-sided t-test at ``alpha`` to detect ``gap`` with ``power``, if the standard deviations
    stayed as measured: the smallest n with P(|T| > t_crit) >= power, T noncentral t with 2n - 2 degrees of freedom and
    noncentrality gap / sqrt((sd_a^2 + sd_b^2) / n)."""
    for n in range(2, 10_000):
        df, ncp = 2 * n - 2, abs(gap) / math.sqrt((sd_a ** 2 + sd_b ** 2) / n)
        t = stats.t.ppf(1 - alpha / 2, df)
        if stats.nct.sf(t, df, ncp) + stats.nct.cdf(-t, df, ncp) >= power:
            return n
    return 10_000


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
        need = seeds_for_power(gap, s, sb)
        print(f"{tag}: FD {m:.4f} ± {s:.4f} ({len(v)} seeds), gap {gap:+.4f}, spread {s + sb:.4f}: the book's rule {rule}; "
              f"Welch p = {p:.3f}; about {need} seeds an arm for 80% power at 5%")


if __name__ == "__main__":
    main()
