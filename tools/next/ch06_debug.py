"""Why the GAN paper's MNIST recipe failed in the pilot: sequential (D then G) against simultaneous updates.

goodfeli/adversarial's AdversaryCost2.get_gradients takes both players' gradients from one forward pass and one
SGD step moves both (the paper's Algorithm 1 is sequential). Run alone (one torch process at a time):
    python tools/next/ch06_debug.py [updates] [variants, comma-separated] [every]
Prints every `every` (100) updates: D(x), D(G(z)) without dropout, the share of saturated generator pixels (< 0.01 or > 0.99),
the samples' spread (mean per-pixel std across samples) and the judge's score / FD on 1,000 samples.
"""
from __future__ import annotations

import sys
import time

import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call

import gen_utils as gu

sys.path.insert(0, "tools/next")
_argv, sys.argv = sys.argv, sys.argv[:1]                   # ch06_pilot reads its own arguments on import
from ch06_pilot import paper_discriminator, paper_generator, uniform_noise  # noqa: E402
sys.argv = _argv

torch.set_num_threads(2)
UPDATES = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
VARIANTS = sys.argv[2].split(",") if len(sys.argv) > 2 else ["sequential", "simultaneous"]
EVERY = int(sys.argv[3]) if len(sys.argv) > 3 else 100
Z = 100


def bce(logits, target):
    return F.binary_cross_entropy_with_logits(logits, torch.full_like(logits, target))


def sequential(G, D):
    opt_d, sched_d = gu.gan.paper_sgd(D.parameters())
    opt_g, sched_g = gu.gan.paper_sgd(G.parameters())

    def d_loss(x):
        real, fake = D(x), D(G(uniform_noise(len(x), Z)).detach())
        return 0.5 * (bce(real, 1) + bce(fake, 0))

    def g_loss(x):
        return bce(D(G(uniform_noise(len(x), Z))), 1)

    return [gu.Update("D", opt_d, d_loss, after_step=sched_d), gu.Update("G", opt_g, g_loss, after_step=sched_g)]


def simultaneous(G, D):
    """One SGD step moves both players, each along its own objective's gradient at the same (G, D)."""
    opt, sched = gu.gan.paper_sgd([*D.parameters(), *G.parameters()])

    def loss(x):
        fake = G(uniform_noise(len(x), Z))
        d_obj = 0.5 * (bce(D(x), 1) + bce(D(fake.detach()), 0))
        frozen = {k: v.detach() for k, v in D.named_parameters()}        # D held fixed in G's objective
        g_obj = bce(functional_call(D, frozen, (fake,)), 1)
        return d_obj + g_obj, {"d_obj": d_obj, "g_obj": g_obj}

    return [gu.Update("GAN", opt, loss, after_step=sched)]


def main():
    data = gu.load_images("mnist", value_range=(0, 1))
    judge = gu.classifier.load_classifier(data)
    ref, _ = gu.metrics.classifier_embedding(judge, data.x_test, value_range=(0, 1))
    zfix = uniform_noise(1000, Z, generator=torch.Generator().manual_seed(1))
    real = data.x_val[:1000]
    for variant in VARIANTS:
        torch.manual_seed(0)
        G, D = paper_generator(Z, data.x_train.mean(0)), paper_discriminator()
        updates = {"sequential": sequential, "simultaneous": simultaneous}[variant](G, D)

        def check(step, G=G, D=D):
            with torch.no_grad(), gu.models.layers.evaluating(G), gu.models.layers.evaluating(D):
                x = G(zfix)
                dx, dg = torch.sigmoid(D(real)).mean().item(), torch.sigmoid(D(x)).mean().item()
            feats, probs = gu.metrics.classifier_embedding(judge, x, value_range=(0, 1))
            out = {"D(x)": dx, "D(G(z))": dg, "saturated": ((x < 0.01) | (x > 0.99)).float().mean().item(),
                   "spread": x.std(0).mean().item(), "score": gu.metrics.classifier_score(probs),
                   "fd": gu.metrics.frechet_distance(feats, ref)}
            print(f"{variant} {step}: " + ", ".join(f"{k} {v:.3f}" for k, v in out.items()), flush=True)
            return out

        check(0)
        t = time.time()
        gu.fit({"G": G, "D": D}, updates, data.x_train, steps=UPDATES, batch_size=100, callback=check,
               callback_every=EVERY, progress=False)
        print(f"{variant}: {time.time() - t:.0f} s wall", flush=True)


if __name__ == "__main__":
    main()
