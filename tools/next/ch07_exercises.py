"""The numbers of chapter 7's exercises 1 (a projection discriminator) and 3 (no dropout in the generator); their
solutions are written in the notebook's markdown. The chapter's model and each variant (one thing changed) train
from three seeds for EPOCHS epochs with the chapter's own cells (imports, model, the judge). Run alone (one torch
process at a time):

    GEN_UTILS_DATA=... python tools/next/ch07_exercises.py [notebook] [epochs]

Prints, per variant and seed, the judge's label accuracy, score and Fréchet distance on 1,000 samples (100 per class,
the chapter's check protocol) and the mean within-class spread (per-pixel standard deviation across a class's samples), and the chapter's per-class
precision and recall on 1,000 samples per class (averaged over the classes).
"""
from __future__ import annotations

import sys
import time

import chapter_cells as cells   # the chapter's own cells, run in a script (same folder)

NOTEBOOK = sys.argv[1] if len(sys.argv) > 1 else "chapters/07_conditional_gan.ipynb"
EPOCHS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
SEEDS = (0, 1, 2)


def chapter_namespace(path: str) -> dict:
    """The chapter's imports, model and training-definition cells, executed up to (not including) its runs."""
    return cells.chapter_namespace(path, ("class PaperGenerator", "\nG, D = paper_cgan(0)"), ("def evaluate_cgan", "\nruns = {}"))


def main() -> None:
    ns = chapter_namespace(NOTEBOOK)
    gu, torch, nn, data, F = ns["gu"], ns["torch"], ns["nn"], ns["data"], ns["F"]

    class ProjectionDiscriminator(nn.Module):
        """x -> maxout 240x5 -> maxout 240x4 = h(x); logit = psi(h) + e_y . h (dropout 0.5 on the hidden layers)."""

        def __init__(self):
            super().__init__()
            self.x_in, self.joint = gu.models.Maxout(data.dim, 240, 5), gu.models.Maxout(240, 240, 4)
            self.psi, self.embed = nn.Linear(240, 1), nn.Embedding(ns["N_CLASSES"], 240)
            self.drop = nn.Dropout(0.5)

        def forward(self, x, y):
            h = self.drop(self.joint(self.drop(self.x_in(x.flatten(1)))))
            return self.psi(h).squeeze(1) + (self.embed(y) * h).sum(1)

    def variant(name, seed):
        G, D = ns["paper_cgan"](seed)
        if name == "projection discriminator":
            torch.manual_seed(seed)
            D = ProjectionDiscriminator()
            for m in D.modules():
                if isinstance(m, (nn.Linear, nn.Embedding)):
                    nn.init.uniform_(m.weight, -0.005, 0.005)
                    if getattr(m, "bias", None) is not None:
                        nn.init.zeros_(m.bias)
            D = D.to(ns["device"])
        elif name == "no dropout in G":
            G.drop.p = 0.0
        return G, D

    def spread(x, per_class):
        return x.view(ns["N_CLASSES"], per_class, -1).std(1).mean().item()

    def features(x):
        return gu.metrics.classifier_embedding(ns["classifier"], x, value_range=(0, 1))[0]

    test_f = features(data.x_test)

    def precision_recall(x, y):
        """Per-class precision and recall in the judge's features (the chapter's measure), averaged over classes."""
        f = features(x)
        prs = [gu.metrics.precision_recall(test_f[data.y_test == c], f[y == c]) for c in range(ns["N_CLASSES"])]
        return {k: sum(d[k] for d in prs) / len(prs) for k in ("precision", "recall")}

    rows = []
    for name in ("the chapter's model", "projection discriminator", "no dropout in G"):
        for seed in SEEDS:
            G, D = variant(name, seed)
            t = time.time()
            gu.fit({"G": G, "D": D}, ns["conditional_gan_updates"](G, D), (data.x_train, data.y_train), epochs=EPOCHS,
                   batch_size=100, seed=seed, progress=False)
            x, y = ns["samples_of"](G, 100, seed=1)
            r = {k: v for k, v in ns["judged"](x, y).items() if k != "per class"}
            r["spread"] = spread(x, 100)
            x, y = ns["samples_of"](G, 1000, seed=3)
            r.update(precision_recall(x, y))
            rows.append((name, seed, r))
            print(f"{name} seed {seed} ({time.time() - t:.0f} s): " + ", ".join(f"{k} {v:.4f}" for k, v in r.items()), flush=True)
    print("\n| variant | seed | label accuracy | score | Fréchet distance | within-class spread | precision | recall |\n"
          "| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, seed, r in rows:
        print(f"| {name} | {seed} | {r['label accuracy']:.1%} | {r['score']:.2f} | {r['fd']:.4f} | {r['spread']:.3f} | "
              f"{r['precision']:.2f} | {r['recall']:.2f} |")


if __name__ == "__main__":
    main()
