"""Chapter 18's pilot before its book budget (tools/next/notes/ch18_plan.md): the draft's recipe (the UvA tutorial's,
tools/next/src/ch18/training.py) for PILOT_STEPS updates of seed 0, with a check every 1,000 updates: the judge's
score, Fréchet distance and classes of 1,000 fresh short-run chains (uniform noise, then 60 and 256 Langevin steps),
and the seconds per update. It decides whether 12,000 updates a seed (the draft's book budget, ~2 h) are worth it.

Run alone (one torch process at a time; ~30 minutes on a 2-core CPU at the default 3,000 updates):

    GEN_UTILS_DATA=... python tools/next/ch18_pilot.py [updates]
"""
from __future__ import annotations

import linecache
import sys
import time
from pathlib import Path

import chapter_cells as cells   # the chapter's own cells, run in a script (same folder)

NOTEBOOK = "chapters/18_energy_based_models.ipynb"
DRAFT = Path(__file__).parent / "src" / "ch18" / "training.py"
PILOT_STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 3000


def main() -> None:
    ns = cells.chapter_namespace(NOTEBOOK, ("def cd_loss", "\n\n\ne_plus"))
    source = DRAFT.read_text().split("\n\nnets, buffers, histories")[0]
    old = 'checkpoint=gu.checkpoint_path(f"ch18_ebm_a{alpha}_s{seed}"))'
    assert old in source, "the draft's training cell changed: update the pilot"
    source = source.replace(old, "callback=PILOT_CHECK, callback_every=1000)")       # no checkpoint: a pilot
    ns["PILOT_CHECK"] = None
    linecache.cache["<ch18 draft>"] = (len(source), None, source.splitlines(True), "<ch18 draft>")
    exec(compile(source, "<ch18 draft>", "exec"), ns)
    gu, torch, data = ns["gu"], ns["torch"], ns["data"]
    judge = gu.metrics.Judge(gu.classifier.load_classifier(data), data.x_test, value_range=(-1, 1))
    nets = {}
    start = time.time()

    spent = [0.0]                                            # seconds spent in the checks so far

    def check(step):
        t0 = time.time()
        net = nets["current"]
        out = {"s/update": (t0 - start - spent[0]) / step}
        gen = torch.Generator().manual_seed(11)
        for k in (60, 256):
            x0 = (torch.rand(1000, *data.image_shape, generator=gen) * 2 - 1).to(ns["device"])
            x = ns["short_run"](net, x0, k).detach()
            feats, probs = judge.read(x)
            out[f"score ({k} steps)"] = gu.metrics.classifier_score(probs)
            out[f"fd ({k} steps)"] = gu.metrics.frechet_distance(feats, judge.reference_features)
            out[f"classes ({k} steps)"] = float(torch.bincount(probs.argmax(1), minlength=10).gt(0).sum())
        print(f"update {step}: " + ", ".join(f"{k} {v:.4g}" for k, v in out.items()), flush=True)
        spent[0] += time.time() - t0
        return out

    ns["PILOT_CHECK"] = check
    original = ns["ebm"].EnergyCNN

    class Tracked(original):                                 # the pilot's check needs the network being trained
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            nets["current"] = self

    ns["ebm"].EnergyCNN = Tracked
    try:
        ns["train_mnist"](0, steps=PILOT_STEPS)
    finally:
        ns["ebm"].EnergyCNN = original
    print(f"{PILOT_STEPS} updates in {time.time() - start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
