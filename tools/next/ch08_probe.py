"""Probe of chapter 8's finished DCGAN run (issue 30; audit items DCGAN 3-4 in tools/next/notes/ch07_ch08_audit.md):
from a finished checkpoint, what do the authors' batch-statistics sampling, an lr cool-down and an average of the
generator's weights add to the judge's score and Fréchet distance? Nothing here is shipped.

    GEN_UTILS_DATA=... python tools/next/ch08_probe.py CHECKPOINT [EXTRA_STEPS]

1. The checkpoint's generator, 10,000 samples: eval mode (running statistics, the chapter's), and batch statistics
   (train mode on batches of 128 and of 1,000, as the authors' Theano code samples).
2. EXTRA_STEPS more steps (default 2,000) of the chapter's game from the checkpoint (its Adam states), twice: at the
   constant lr 2e-4 while keeping an exponential moving average of G's weights (decay 0.999), and with the lr falling
   linearly to 0 (the authors' MNIST schedule ends so). Each judged as in 1.
"""
from __future__ import annotations

import copy
import sys
import time

import torch

import gen_utils as gu
from gen_utils.checkpoints import load_checkpoint
from gen_utils.models import DCGANDiscriminator, DCGANGenerator

torch.set_num_threads(2)
Z, WIDTH, BATCH, N = 100, 64, 128, 10_000


def main() -> None:
    path, extra = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    data = gu.load_images("mnist", value_range=(-1, 1))
    judge = gu.classifier.load_classifier(data)
    ref, _ = gu.metrics.classifier_embedding(judge, data.x_test, value_range=(-1, 1))
    ckpt = load_checkpoint(path)

    def fresh():
        G, D = DCGANGenerator(Z, data.image_shape, width=WIDTH), DCGANDiscriminator(data.image_shape, width=WIDTH)
        G.load_state_dict(ckpt["models"]["G"]), D.load_state_dict(ckpt["models"]["D"])
        updates = gu.gan.gan_updates(G, D, Z)
        for u in updates:
            u.optimizer.load_state_dict(ckpt["optimizers"][u.name])
        return G, D, updates

    def judged(G, mode, batch=1000):
        G = copy.deepcopy(G)
        G.train(mode == "train")
        gen = torch.Generator().manual_seed(0)
        with torch.no_grad():
            x = torch.cat([G(torch.randn(batch, Z, generator=gen)) for _ in range(N // batch)]
                          + ([G(torch.randn(N % batch, Z, generator=gen))] if N % batch else []))
        feats, probs = gu.metrics.classifier_embedding(judge, x, value_range=(-1, 1))
        return f"score {gu.metrics.classifier_score(probs):.2f} fd {gu.metrics.frechet_distance(feats, ref):.4f}"

    def report(name, G):
        print(f"{name}: eval mode {judged(G, 'eval')}; batch statistics (128) {judged(G, 'train', 128)}; "
              f"(1,000) {judged(G, 'train', 1000)}", flush=True)

    G, _, _ = fresh()
    print(f"checkpoint at step {ckpt['step']}", flush=True)
    report("as trained", G)
    for arm in ("constant lr + EMA", "linear cool-down"):
        G, D, (d_up, g_up) = fresh()
        ema = copy.deepcopy(G)
        gen = torch.Generator().manual_seed(1)
        t = time.time()
        for step in range(extra):
            if arm == "linear cool-down":
                for u in (d_up, g_up):
                    for group in u.optimizer.param_groups:
                        group["lr"] = 2e-4 * (1 - step / extra)
            x = data.x_train[torch.randint(len(data.x_train), (BATCH,), generator=gen)]
            for u in (d_up, g_up):
                out = u.loss_fn(x)
                loss = out[0] if isinstance(out, tuple) else out
                u.optimizer.zero_grad(set_to_none=True)
                loss.backward()
                u.optimizer.step()
            with torch.no_grad():
                for pe, p in zip(ema.parameters(), G.parameters()):
                    pe.lerp_(p, 1 - 0.999)
                for be, b in zip(ema.buffers(), G.buffers()):
                    be.copy_(b)
        print(f"{arm}: {extra} steps in {time.time() - t:.0f} s", flush=True)
        report(f"  {arm}, G", G)
        if arm.startswith("constant"):
            report(f"  {arm}, EMA of G", ema)


if __name__ == "__main__":
    main()
