"""The numbers of chapter 18's exercise 3 (what noise the short-run sampler needs), measured on the chapter's own
seed-0 MNIST energy: trained by the chapter's own cells (700 updates, about 90 s; loaded when GEN_UTILS_CHECKPOINTS
holds a checkpoint of the same identity), checked against the chapter's chain-length table (500 chains from the
chapter's seed-7 noise, 60 steps: the chapter's committed run measured 0.250), then sampled with 500 chains from
uniform noise for 60 steps with four noise levels. Run alone (one torch process at a time):

    GEN_UTILS_DATA=... python tools/next/ch18_exercise3.py

Prints a markdown table: noise sd, the judge's Fréchet distance of the 500 samples to the test images, their mean
energy, and the share of pixels above 0 (a digit has about 13%).
"""
from __future__ import annotations

import math

import chapter_cells as cells   # the chapter's own cells, run in a script (same folder)

NOTEBOOK = "chapters/18_energy_based_models.ipynb"
N, STEPS = 500, 60


def chapter_namespace(path: str = NOTEBOOK) -> dict:
    """The chapter's imports, its contrastive-divergence loss and its MNIST training definitions (not its runs)."""
    return cells.chapter_namespace(path, ("def cd_loss", "\n\n\ne_plus"), ("def train_mnist", "\nnets, buffers, histories"))


def main() -> None:
    ns = chapter_namespace()
    gu, torch, ebm, data, device = ns["gu"], ns["torch"], ns["ebm"], ns["data"], ns["device"]
    net, _, history = ns["train_mnist"](0)
    judge = gu.classifier.load_classifier(data)
    torch.manual_seed(7)                                         # the chapter's chain-length chains
    x = ns["short_run"](net, torch.rand(N, *data.image_shape, device=device) * 2 - 1, STEPS)
    check = gu.metrics.sample_quality(judge, x, data.x_test, value_range=(-1, 1))["fid"]
    print(f"check: the chapter's {N} chains of {STEPS} steps score {check:.3f} (the chapter's committed table: 0.250; "
          f"model {history.source})")
    print(f"| noise sd | Fréchet distance ({N} samples) | mean energy | share of pixels > 0 |\n| --- | --- | --- | --- |")
    for noise in (0.0, ns["NOISE"], 0.05, math.sqrt(2 * ns["STEP"])):
        torch.manual_seed(100)                                   # the chapter's seed-0 chains start from this noise
        x = torch.rand(N, *data.image_shape, device=device) * 2 - 1
        x = ebm.langevin(net, x, STEPS, ns["STEP"], noise_std=noise, grad_clip=ns["CLIP"], value_range=(-1, 1))
        fd = gu.metrics.sample_quality(judge, x, data.x_test, value_range=(-1, 1))["fid"]
        with torch.no_grad():
            energy = net(x).mean().item()
        print(f"| {noise:.3f} | {fd:.3f} | {energy:.2f} | {(x > 0).float().mean().item():.1%} |", flush=True)


if __name__ == "__main__":
    main()
