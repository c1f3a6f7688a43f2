"""The numbers of chapter 10's exercise 1 (another task: a masked image -> the image), with the chapter's own cells
(U-Net, PatchGAN, losses, optimisers) from its next version, trained on inputs whose random 12x12 square is blanked
to black (-1). L1 alone and L1 + cGAN, three seeds, STEPS steps each (default: the chapter's book budget). The
checkpoints go to a folder of their own, never the chapter's. Run alone (one torch process at a time):

    GEN_UTILS_DATA=... python tools/next/ch10_exercise1.py [steps]

Prints per run and as mean ± sd: per-pixel L1 to the original inside and outside the square, the Sobel sharpness
inside the square (the original's in the same squares beside it), the judge's label accuracy and Fréchet distance,
and how far the two models' outputs differ from each other inside and outside the square.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import chapter_cells as cells   # the chapter's own cells, run in a script (same folder)

NOTEBOOK = "tools/next/10_pix2pix.ipynb"
SIDE = 12
SEEDS = (0, 1, 2)


def chapter_namespace(path: str = NOTEBOOK) -> dict:
    """The chapter's imports, edges, discriminator check and training definitions (not its thirty runs)."""
    return cells.chapter_namespace(path, ("edges = ", "\nshow_rows"), ("def measured_receptive_field", "\nfor patch in"),
                             ("def train(", "\nRUNS = {"))


def main() -> None:
    os.environ["GEN_UTILS_CHECKPOINTS"] = str(Path.home() / ".cache/gen_utils/pilots/ch10_exercise1")
    ns = chapter_namespace()
    gu, torch, data = ns["gu"], ns["torch"], ns["data"]
    if len(sys.argv) > 1:
        ns["STEPS"] = int(sys.argv[1])

    def masked(x, seed):
        """x with one random SIDE x SIDE square per image set to -1, and the squares as a boolean mask."""
        g = torch.Generator().manual_seed(seed)
        r, c = (torch.randint(0, 28 - SIDE + 1, (len(x),), generator=g) for _ in range(2))
        rows, cols = torch.arange(28)[None, :, None], torch.arange(28)[None, None, :]
        square = ((rows >= r[:, None, None]) & (rows < r[:, None, None] + SIDE)
                  & (cols >= c[:, None, None]) & (cols < c[:, None, None] + SIDE))[:, None].to(x.device)
        return torch.where(square, torch.full_like(x, -1.0), x), square

    inputs, squares = {}, {}
    for k, split in enumerate(("train", "val", "test")):
        inputs[split], squares[split] = masked(getattr(data, f"x_{split}"), seed=k)
    ns["edges"] = inputs                                 # train() and evaluate() read the chapter's `edges`
    y, hole = data.x_test, squares["test"]

    def inside(v):
        return (v * hole).flatten(1).sum(1) / hole.flatten(1).sum(1)

    def sobel(images):
        kx = torch.tensor([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]], device=images.device) / 4
        g = torch.nn.functional.conv2d(ns["to01"](images), torch.stack([kx, kx.T])[:, None], padding=1)
        return g.pow(2).sum(1, keepdim=True).sqrt()

    outputs, rows = {}, {}
    for mode in ("L1", "L1+cGAN"):
        for seed in SEEDS:
            G, _ = ns["train"](mode=mode, seed=seed)
            torch.manual_seed(seed)
            G.train()                                    # the paper's test mode: dropout on, batch statistics
            with torch.no_grad():
                out = gu.map_batches(G, inputs["test"])
            G.eval()
            outputs[mode, seed] = out
            err = (out - y).abs()
            features, probs = gu.metrics.classifier_embedding(ns["classifier"], out, value_range=(-1, 1))
            rows[mode, seed] = {
                "L1 inside": inside(err).mean().item(),
                "L1 outside": ((err * ~hole).flatten(1).sum(1) / (~hole).flatten(1).sum(1)).mean().item(),
                "sharpness inside": inside(sobel(out)).mean().item(),
                "label accuracy": (probs.argmax(1) == data.y_test).float().mean().item(),
                "fd": gu.metrics.frechet_distance(features, ns["test_features"])}
            print(f"{mode} seed {seed}: " + ", ".join(f"{k} {v:.4f}" for k, v in rows[mode, seed].items()), flush=True)
    print(f"\noriginal images in the same squares: sharpness inside {inside(sobel(y)).mean().item():.4f}; the masked "
          f"inputs: label accuracy "
          f"{(gu.metrics.classifier_embedding(ns['classifier'], inputs['test'], value_range=(-1, 1))[1].argmax(1) == data.y_test).float().mean().item():.4f}")
    for key in rows[("L1", SEEDS[0])]:
        spreads = {m: gu.seeds.Spread(tuple(rows[m, s][key] for s in SEEDS), SEEDS) for m in ("L1", "L1+cGAN")}
        print(f"{key}: " + gu.seeds.compare("L1 + cGAN", spreads["L1+cGAN"], "L1 alone", spreads["L1"], spec=".4f",
                                            higher_is_better=key in ("sharpness inside", "label accuracy")))
    for seed in SEEDS:
        gap = (outputs["L1+cGAN", seed] - outputs["L1", seed]).abs()
        print(f"seed {seed}: |L1+cGAN - L1| inside {inside(gap).mean().item():.4f}, outside "
              f"{((gap * ~hole).flatten(1).sum(1) / (~hole).flatten(1).sum(1)).mean().item():.4f}")


if __name__ == "__main__":
    main()
