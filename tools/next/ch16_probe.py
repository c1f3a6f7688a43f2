"""Chapter 16's checks before its book-budget runs (tools/next/notes/ch16_ch17_audit.md, "Checks to run"):

1. the judge's score and Fréchet distance of 1,000 binarised real test images (the floor the "score >= 7" target of
   binary samples should be read against), beside the same grey images;
2. seconds per training step, on this CPU, of MADE 784-4000-784 and 784-8000-784 with direct connections (batch 100)
   and of residual PixelCNNs with 12 and 15 blocks of 32 and 64 channels (batch 64); seconds to sample 64 and 256
   images with the 12-block one (784 cropped passes);
3. how many of MADE 784-500-784's outputs (seed 0, raster order) cannot see their left neighbour, against none with
   direct connections.

Run alone (one torch process at a time; ~5 minutes on a 2-core CPU):

    GEN_UTILS_DATA=... python tools/next/ch16_probe.py
"""
from __future__ import annotations

import time

import torch

import gen_utils as gu
from gen_utils.models import autoregressive as ar


def seconds_per_step(model: torch.nn.Module, x: torch.Tensor, steps: int) -> float:
    """Mean seconds of one Adam step on the exact -log p(x) of the batch x, after two warm-up steps."""
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for i in range(steps + 2):
        if i == 2:
            start = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        (-ar.bernoulli_log_prob(model(x), x).mean()).backward()
        opt.step()
    return (time.perf_counter() - start) / steps


def main() -> None:
    data = gu.load_images("mnist", device="cpu")
    gen = torch.Generator().manual_seed(0)
    judge = gu.classifier.load_classifier(data)
    test_bin = gu.data.binarize(data.x_test[:1000], gen)
    ref_bin = gu.data.binarize(data.x_test, torch.Generator().manual_seed(0))      # the chapter's x_test_bin
    for n in (200, 1000):                                                      # the chapter's N_FD, and more
        real_bin = gu.data.binarize(data.x_val[:n], torch.Generator().manual_seed(1))
        for label, images, ref in (("binarised", real_bin, ref_bin), ("grey", data.x_val[:n], data.x_test)):
            q = gu.metrics.sample_quality(judge, images, ref)
            print(f"{n:,} {label} real validation images against the {label} test set: score {q['score']:.2f}, "
                  f"FD {q['fid']:.4f}", flush=True)

    x100 = gu.data.binarize(data.x_train[:100], gen)
    for hidden in (4000, 8000):
        t = seconds_per_step(ar.MADE(data.image_shape, hidden=(hidden,), direct=True), x100, 20)
        print(f"MADE 784-{hidden}-784 + direct, batch 100: {t:.4f} s a step, 20,000 steps {20_000 * t / 3600:.2f} h",
              flush=True)
    x64 = x100[:64]
    for channels in (32, 64):
        for blocks in (12, 15):
            model = ar.PixelCNN(data.image_shape, channels=channels, layers=blocks, residual=True)
            t = seconds_per_step(model, x64, 10)
            print(f"residual PixelCNN, {blocks} blocks of {channels} channels ({gu.models.count_parameters(model):,} "
                  f"parameters), batch 64: {t:.3f} s a step, {2.5 * 3600 / t:,.0f} steps in 2.5 h", flush=True)
    model = ar.PixelCNN(data.image_shape, channels=32, layers=12, residual=True).eval()
    for n in (64, 256):
        start = time.perf_counter()
        with torch.no_grad():
            ar.sample(model, n, seed=1)
        t = time.perf_counter() - start
        print(f"sampling {n} images (12 blocks of 32): {t:.1f} s, 10,000 would take {10_000 / n * t / 60:.0f} min", flush=True)

    for direct in (False, True):
        made = ar.MADE(data.image_shape, hidden=(500,), seed=0, direct=direct)
        for p in made.parameters():
            torch.nn.init.uniform_(p, 0.1, 0.5)                     # positive: no path cancels another
        x0 = test_bin[:1]
        jac = torch.autograd.functional.jacobian(lambda v: made(v.view_as(x0)).flatten(), x0.flatten(), vectorize=True)
        inner = [i for i in range(1, 784) if i % 28]                   # pixels with a left neighbour on their row
        left = torch.tensor([bool(jac[i, i - 1] != 0) for i in inner])
        print(f"MADE 784-500-784, seed 0{' + direct' if direct else ''}: {int((~left).sum())} of {len(inner)} outputs "
              f"cannot see their left neighbour; on average {(jac != 0).sum(1).float().mean():.1f} earlier pixels seen "
              f"(at most {783 / 2:.1f})", flush=True)


if __name__ == "__main__":
    main()
