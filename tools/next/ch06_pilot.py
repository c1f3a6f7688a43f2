"""Pilot for chapter 6's book budget: the GAN paper's MNIST recipe (goodfeli/adversarial mnist.yaml) and the toys.

Run alone (one torch process at a time):  python tools/next/ch06_pilot.py [mnist_epochs] [toy_steps]
Prints seconds per epoch / per toy step and the judge's score / FD on 2,000 samples every few epochs.
"""
from __future__ import annotations

import math
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

import gen_utils as gu
from gen_utils.models import mlp

torch.set_num_threads(2)
EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
TOY_STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000


Maxout = gu.models.Maxout


def uniform_noise(n, dim, generator=None, device=None):
    return gu.gan.sample_noise(n, dim, "uniform", generator=generator, device=device)


def paper_generator(z_dim, marginals):
    G = nn.Sequential(nn.Linear(z_dim, 1200), nn.ReLU(), nn.Linear(1200, 1200), nn.ReLU(), nn.Linear(1200, 784),
                      nn.Sigmoid(), nn.Unflatten(1, (1, 28, 28)))
    for m in G:
        if isinstance(m, nn.Linear):
            nn.init.uniform_(m.weight, -0.05, 0.05)
            nn.init.zeros_(m.bias)
    with torch.no_grad():
        G[4].bias.copy_(torch.logit(marginals.flatten().clamp(1e-3, 1 - 1e-3)))
    return G


def paper_discriminator():
    D = nn.Sequential(nn.Flatten(), nn.Dropout(0.2), Maxout(784, 240, 5), nn.Dropout(0.5), Maxout(240, 240, 5),
                      nn.Dropout(0.5), nn.Linear(240, 1), nn.Flatten(0))
    for m in D.modules():
        if isinstance(m, nn.Linear):
            nn.init.uniform_(m.weight, -0.005, 0.005)
            nn.init.zeros_(m.bias)
    return D


paper_sgd = gu.gan.paper_sgd


def main():
    data = gu.load_images("mnist", value_range=(0, 1))
    judge = gu.classifier.load_classifier(data)
    ref, _ = gu.metrics.classifier_embedding(judge, data.x_test, value_range=(0, 1))
    torch.manual_seed(0)
    Z = 100
    G, D = paper_generator(Z, data.x_train.mean(0)), paper_discriminator()
    opt_d, sched_d = paper_sgd(D.parameters())
    opt_g, sched_g = paper_sgd(G.parameters())

    def d_loss(x):
        real, fake = D(x), D(G(uniform_noise(len(x), Z)).detach())
        loss = 0.5 * (F.binary_cross_entropy_with_logits(real, torch.ones_like(real))
                      + F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake)))
        return loss, {"D(x)": torch.sigmoid(real).mean(), "D(G(z))": torch.sigmoid(fake).mean()}

    def g_loss(x):
        fake = D(G(uniform_noise(len(x), Z)))
        return F.binary_cross_entropy_with_logits(fake, torch.ones_like(fake))

    zfix = uniform_noise(2000, Z, generator=torch.Generator().manual_seed(1))

    def check(step):
        with torch.no_grad(), gu.models.layers.evaluating(G):
            x = G(zfix)
        feats, probs = gu.metrics.classifier_embedding(judge, x, value_range=(0, 1))
        out = {"score": gu.metrics.classifier_score(probs), "fd": gu.metrics.frechet_distance(feats, ref)}
        print(f"step {step}: {out}", flush=True)
        return out

    t = time.time()
    h = gu.fit({"G": G, "D": D}, [gu.Update("D", opt_d, d_loss, after_step=sched_d),
                                  gu.Update("G", opt_g, g_loss, after_step=sched_g)],
               data.x_train, epochs=EPOCHS, batch_size=100, callback=check, callback_every=1000, progress=False)
    print(f"MNIST paper GAN: {h.seconds / EPOCHS:.1f} s/epoch of training; total wall {time.time() - t:.0f} s; "
          f"G {gu.models.count_parameters(G):,} D {gu.models.count_parameters(D):,}; last D(x) {h.last('D(x)'):.3f} "
          f"D(G(z)) {h.last('D(G(z))'):.3f}; momentum {opt_g.param_groups[0]['momentum']:.3f} lr {opt_g.param_groups[0]['lr']:.4f}",
          flush=True)

    # toys: ring, non-saturating, the chapter's MLPs
    for toy, std in (("ring", 0.02), ("grid", 0.05)):
        centers = gu.data.ring_centers() if toy == "ring" else gu.data.grid_centers()
        for saturating in (False, True):
            torch.manual_seed(0)
            Gt, Dt = mlp([64, 256, 256, 2]), mlp([2, 256, 256, 1])
            real = gu.data.sample_toy(toy, 100_000, generator=torch.Generator().manual_seed(0))
            updates = gu.gan.gan_updates(Gt, Dt, 64, saturating=saturating)
            t = time.time()
            line = []
            for k in range(5):
                gu.fit({"G": Gt, "D": Dt}, updates, real, steps=TOY_STEPS // 5, batch_size=512, seed=k, progress=False)
                with torch.no_grad():
                    s = Gt(torch.randn(5000, 64))
                c = gu.metrics.mode_coverage(s, centers, std)
                line.append(f"{(k + 1) * TOY_STEPS // 5}: {c['modes']} modes, hq {c['high_quality']:.2f}")
            print(f"toy {toy} saturating={saturating}: {(time.time() - t) / TOY_STEPS * 1000:.2f} ms/step; " + "; ".join(line),
                  flush=True)


if __name__ == "__main__":
    main()
