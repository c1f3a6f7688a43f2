"""Where chapter 13's toy runs spend their time (33 CPU minutes each on the 2-core CPU, 9 still to train): one toy run
of STEPS generator steps under cProfile, with the chapter's own cells, printed by cumulative and by own time. Run
alone (one torch process at a time; ~1 minute):

    GEN_UTILS_DATA=... python tools/next/profile_toy.py [steps] [method]
"""
from __future__ import annotations

import cProfile
import pstats
import sys
import time

import chapter_cells as cells   # the chapter's own cells, run in a script (same folder)

NOTEBOOK = "tools/next/13_wgan_gp.ipynb"
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 300
METHOD = sys.argv[2] if len(sys.argv) > 2 else "penalty"


def main() -> None:
    ns = cells.chapter_namespace(NOTEBOOK, ("def gradient_penalty", None), ("N_CRITIC = 5", None))
    gu, torch, device = ns["gu"], ns["torch"], ns["device"]
    x = ns["toy_data"]("ring", 100_000, seed=0)
    G, f = ns["toy_players"](0)
    updates = [ns["critic_update"](f, METHOD, lambda real: G(torch.randn(len(real), 2, device=device))),
               ns["generator_update"](G, f, METHOD)]
    print(f"torch threads: {torch.get_num_threads()}", flush=True)
    G2, f2 = ns["toy_players"](0)                          # unprofiled: the time a step really takes
    plain = [ns["critic_update"](f2, METHOD, lambda real: G2(torch.randn(len(real), 2, device=device))),
             ns["generator_update"](G2, f2, METHOD)]
    start = time.perf_counter()
    gu.fit({"G": G2, "critic": f2}, plain, x, steps=STEPS, batch_size=256, seed=0, progress=False)
    unprofiled = time.perf_counter() - start
    print(f"unprofiled: {STEPS} generator steps in {unprofiled:.1f} s, {1000 * unprofiled / STEPS:.1f} ms a step; "
          f"20,000 steps would take {20_000 * unprofiled / STEPS / 60:.0f} min", flush=True)
    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    gu.fit({"G": G, "critic": f}, updates, x, steps=STEPS, batch_size=256, seed=0, progress=False)
    profile.disable()
    seconds = time.perf_counter() - start
    print(f"profiled: {STEPS} generator steps ({METHOD}) in {seconds:.1f} s (cProfile's overhead included)", flush=True)
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
