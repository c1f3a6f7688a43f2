"""The numbers of chapter 8's exercises 2 and 4, for their solutions (written in the notebook's markdown).

Exercise 2 (the optimiser guideline): the chapter's DCGAN with Adam's default beta1 = 0.9, and with learning rate
1e-3, STEPS steps from three seeds each, beside the paper's (2e-4, 0.5): how much D(G(z)) swings from one logged
window to the next (the mean absolute change and the range of the logged values after the first 200 steps), and the
judge's score and Fréchet distance of 2,000 samples at the end.
Exercise 4 (checkerboards): a transposed convolution with kernel 3 and stride 2 (output_padding 1) and one with
kernel 4 and stride 2 (padding 1), all weights 1, applied to a constant input: how many input positions feed each
output pixel (no training).

It runs the chapter's own cells (imports, networks, the training definitions without the runs). Run alone (one torch
process at a time, ~55 minutes on a 2-core CPU at the defaults):

    GEN_UTILS_DATA=... python tools/next/ch08_exercises.py [steps]
"""
from __future__ import annotations

import statistics
import sys
import time

import chapter_cells as cells   # the chapter's own cells, run in a script (same folder)

NOTEBOOK = "chapters/08_dcgan.ipynb"
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
SEEDS = (0, 1, 2)


def chapter_namespace(path: str = NOTEBOOK) -> dict:
    """The chapter's imports, its networks' sizes and its training definitions (not its runs)."""
    return cells.chapter_namespace(path, ("Z, WIDTH = 100, 64", "\nG, D = DCGANGenerator("),
                                   ("STEPS = gu.budget(book=20_000", "\nruns = {}"))


def checkerboard(ns: dict) -> None:
    """Exercise 4: the number of input positions that feed each output pixel, kernel 3 against kernel 4."""
    torch = ns["torch"]
    x = torch.ones(1, 1, 7, 7)
    for k, p, op in ((3, 1, 1), (4, 1, 0)):
        up = torch.nn.ConvTranspose2d(1, 1, k, stride=2, padding=p, output_padding=op, bias=False)
        with torch.no_grad():
            up.weight.fill_(1.0)
            y = up(x)[0, 0, 2:-2, 2:-2]                    # away from the border
        print(f"kernel {k}, stride 2: output {tuple(up(x).shape[2:])}, inner values {sorted(set(y.flatten().tolist()))}; "
              f"rows 0-3 of the inner block:\n{y[:4, :8]}", flush=True)


def run(ns: dict, seed: int, lr: float, betas: tuple[float, float]) -> None:
    gu, torch = ns["gu"], ns["torch"]
    G, D = ns["make_dcgan"](seed=seed)
    start = time.time()
    h = gu.fit({"G": G, "D": D}, ns["dcgan_updates"](G, D, lr=lr, betas=betas), ns["data"].x_train, steps=STEPS,
               batch_size=128, seed=seed, desc=f"lr {lr}, betas {betas}, seed {seed}", progress=False, log_every=50)
    dgz = [v for step, v in zip(h.steps, h["D(G(z))"]) if step > 200]
    swings = [abs(b - a) for a, b in zip(dgz, dgz[1:])]
    quality = ns["judged"](ns["generate"](G, 2000, ns["Z"], seed=1))
    print(f"lr {lr}, betas {betas}, seed {seed} ({time.time() - start:.0f} s): D(G(z)) after step 200 mean "
          f"{statistics.fmean(dgz):.3f}, range {min(dgz):.3f}-{max(dgz):.3f}, mean change per logged window "
          f"{statistics.fmean(swings):.4f}; score {quality['score']:.2f}, FD {quality['fd']:.4f}", flush=True)


def main() -> None:
    ns = chapter_namespace()
    checkerboard(ns)
    for lr, betas in ((2e-4, (0.5, 0.999)), (2e-4, (0.9, 0.999)), (1e-3, (0.5, 0.999))):
        for seed in SEEDS:
            run(ns, seed, lr, betas)


if __name__ == "__main__":
    main()
