"""Pilot for chapter 9 (issue 28; plan in tools/next/notes/ch09_infogan_audit.md, steps 1-2): does the authors'
variant of InfoGAN (openai/InfoGAN: sigmoid output on pixels in [0, 1], LeakyReLU slope 0.01 in D and Q) find the
digits more often than the chapter's (tanh on [-1, 1], slope 0.1)? Trains with the chapter's own cells (networks,
losses, optimisers, 5,000 steps of 128) and keeps every model in a resumable checkpoint (pilot names, never shipped).

Run alone (one torch process at a time):

    GEN_UTILS_DATA=... python tools/next/ch09_pilot.py VARIANT SEED [SEED ...]
    VARIANT: chapter | authors

For each run it prints Q's matched accuracy on the 10,000 real test images with three batch-norm treatments
(statistics recomputed on 5,000 real training images: the chapter's; the stored running statistics; batch
statistics of the test batches of 128), and the accuracy of G's own categories read by the MNIST judge (1,000
images per category).
"""
from __future__ import annotations

import copy
import sys
import time

import chapter_cells as cells   # the chapter's own cells, run in a script (same folder)

NOTEBOOK = "chapters/09_infogan.ipynb"
PER_CATEGORY = 1000


def chapter_namespace(notebook: str = NOTEBOOK) -> dict:
    """The chapter's imports, networks and training definitions (up to, not including, its runs)."""
    return cells.chapter_namespace(notebook, ("class InfoGANGenerator", None), ("PAPER_STEPS = 5000", "\nruns = {}"))


def main() -> None:
    variant, seeds = sys.argv[1], [int(s) for s in sys.argv[2:]]
    if variant not in ("chapter", "authors") or not seeds:
        raise SystemExit(__doc__)
    ns = chapter_namespace()
    gu, torch, nn, F = ns["gu"], ns["torch"], ns["nn"], ns["F"]
    data, device, N_CAT = ns["data"], ns["device"], ns["N_CAT"]
    to_range = (lambda x: (x + 1) / 2) if variant == "authors" else (lambda x: x)      # noqa: E731
    value_range = (0, 1) if variant == "authors" else (-1, 1)
    x_train, x_test = to_range(data.x_train), to_range(data.x_test)
    classifier = gu.classifier.load_classifier(data)

    def make(seed):
        G, D, Q = ns["make_infogan"](seed)
        if variant == "authors":                      # change the layers in place: same parameters, same init
            G.net[-1] = nn.Sigmoid()
            for m in (*D.modules(), *Q.modules()):
                if isinstance(m, nn.LeakyReLU):
                    m.negative_slope = 0.01
        return G, D, Q

    @torch.no_grad()
    def q_codes(D, Q, treatment):
        D, Q = copy.deepcopy(D), copy.deepcopy(Q)
        if treatment == "recalibrated on real":
            return ns["classify_real"](D, Q, x_test, calibration=x_train[:ns["CALIBRATION"]])
        if treatment == "running statistics":
            D.eval(), Q.eval()
        else:                                         # "test-batch statistics": train mode on batches of 128
            D.train(), Q.train()
        return gu.map_batches(lambda b: Q(D.features(b))[0].argmax(1), x_test, batch_size=128)

    @torch.no_grad()
    def g_categories(G):
        G.eval()
        gen = torch.Generator(device=device).manual_seed(0)
        cats = torch.arange(N_CAT, device=device).repeat_interleave(PER_CATEGORY)
        latent, _, _ = ns["sample_latent"](len(cats), cat=cats, generator=gen)
        images = gu.map_batches(G, latent)
        G.train()
        _, probs = gu.metrics.classifier_embedding(classifier, images, value_range=value_range)
        return gu.metrics.matched_accuracy(cats, probs.argmax(1))[0], gu.metrics.classifier_score(probs)

    for seed in seeds:
        G, D, Q = make(seed)
        t = time.time()

        def curve(step, D=D, Q=Q):
            codes = ns["classify_real"](D, Q, x_test[:2000], calibration=x_train[:ns["CALIBRATION"]])
            return {"matched accuracy": gu.metrics.matched_accuracy(codes, data.y_test[:2000])[0]}

        h = gu.fit({"G": G, "D": D, "Q": Q}, ns["infogan_updates"](G, D, Q), x_train, steps=ns["STEPS"],
                   batch_size=128, seed=seed, desc=f"InfoGAN ({variant}) seed {seed}", callback=curve,
                   callback_every=max(ns["STEPS"] // 8, 1), key={"pilot variant": variant},
                   checkpoint=gu.checkpoint_path(f"ch09_pilot_{variant}_s{seed}"))
        accuracies = {tr: gu.metrics.matched_accuracy(q_codes(D, Q, tr), data.y_test)[0]
                      for tr in ("recalibrated on real", "running statistics", "test-batch statistics")}
        g_accuracy, g_score = g_categories(G)
        print(f"{variant} seed {seed} ({time.time() - t:.0f} s): Q on real test images "
              + ", ".join(f"{k} {v:.1%}" for k, v in accuracies.items())
              + f"; G's categories by the judge {g_accuracy:.1%} (score {g_score:.2f}); curve "
              + " ".join(f"{a:.0%}" for a in h.checks["matched accuracy"]), flush=True)


if __name__ == "__main__":
    main()
