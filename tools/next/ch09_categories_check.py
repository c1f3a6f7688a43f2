"""Step 0 of the chapter 9 audit (tools/next/notes/ch09_infogan_audit.md), no training: do the shipped generator's
categories draw distinct digits? For each category c1, 1,000 images from the priors of z, c2, c3 (G in eval mode, as
the chapter samples), labelled by the fixed MNIST judge; the judge's labels against c1 after the best one-to-one
matching give "the accuracy of G's categories", to compare with Q's matched accuracy on real test images (the
chapter's number). Run alone (one torch process):

    GEN_UTILS_DATA=... python tools/next/ch09_categories_check.py [notebook]
"""
from __future__ import annotations

import sys

from ch09_pilot import chapter_namespace   # the chapter's cells up to its runs (same folder)

NOTEBOOK = sys.argv[1] if len(sys.argv) > 1 else "chapters/09_infogan.ipynb"
PER_CATEGORY = 1000


def main() -> None:
    ns = chapter_namespace(NOTEBOOK)
    gu, torch, F = ns["gu"], ns["torch"], ns["F"]
    data, device = ns["data"], ns["device"]
    classifier = gu.classifier.load_classifier(data)
    for name in sorted(n for n in gu.pretrained.SHIPPED if n.startswith("ch09_infogan")):
        record = gu.pretrained.record(name)
        if not gu.pretrained.has_weights(name):
            print(f"{name}: record only (Q's accuracy on real test images {record['evaluation']['accuracy']:.1%})")
            continue
        G, D, Q = ns["make_infogan"](0)
        gu.pretrained.load_weights(name, {"G": G, "D": D, "Q": Q})
        G.eval()
        gen = torch.Generator(device=device).manual_seed(0)
        cats = torch.arange(ns["N_CAT"], device=device).repeat_interleave(PER_CATEGORY)
        latent, _, _ = ns["sample_latent"](len(cats), cat=cats, generator=gen)
        with torch.no_grad():
            images = gu.map_batches(G, latent)
        _, probs = gu.metrics.classifier_embedding(classifier, images, value_range=(-1, 1))
        labels = probs.argmax(1)
        accuracy, matching = gu.metrics.matched_accuracy(cats, labels)
        counts = torch.zeros(ns["N_CAT"], 10, dtype=torch.long)
        counts.index_put_((cats.cpu(), labels.cpu()), torch.ones(len(cats), dtype=torch.long), accumulate=True)
        purity = (counts.max(1).values.float() / PER_CATEGORY).tolist()
        print(f"{name}: accuracy of G's categories (judge, matched) {accuracy:.1%}; Q's on real test images "
              f"{record['evaluation']['accuracy']:.1%}; judge's score {gu.metrics.classifier_score(probs):.2f}")
        print("  per category: majority digit (share): " + ", ".join(
            f"c{c}->{int(counts[c].argmax())} ({p:.0%})" for c, p in enumerate(purity)))
        print("  digits no category draws most: " + str(sorted(set(range(10)) - set(counts.argmax(1).tolist()))))


if __name__ == "__main__":
    main()
