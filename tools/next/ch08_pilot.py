"""Pilot for chapter 8's book budget: seconds per step and the judge's curve of DCGAN variants.

Run alone (one torch process at a time):  python tools/next/ch08_pilot.py STEPS WIDTH [variant]
variant: all (default) | leaky_g | relu_d | no_bn | pool | fc512 | linear_out; prints the score / FD of 1,000
samples every STEPS // 6 steps (FD on 1,000 samples reads higher than on the 10,000 of the targets).
"""
from __future__ import annotations

import sys
import time

import torch

import gen_utils as gu
from gen_utils.models import DCGANDiscriminator, DCGANGenerator, dcgan_init

torch.set_num_threads(2)
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 600
WIDTH = int(sys.argv[2]) if len(sys.argv) > 2 else 64
VARIANT = sys.argv[3] if len(sys.argv) > 3 else "all"
VARIANTS = {"all": ({}, {}), "leaky_g": ({"activation": "leaky_relu"}, {}), "relu_d": ({}, {"activation": "relu"}),
            "no_bn": ({"norm": "none"}, {"norm": "none"}), "pool": ({"upsample": "nearest"}, {"downsample": "pool"}),
            "fc512": ({"fc_hidden": 512}, {"fc_hidden": 512}), "linear_out": ({"output": "none"}, {})}


def main():
    data = gu.load_images("mnist", value_range=(-1, 1))
    judge = gu.classifier.load_classifier(data)
    ref, _ = gu.metrics.classifier_embedding(judge, data.x_test, value_range=(-1, 1))
    Z = 100                                                     # the chapter's noise size
    torch.manual_seed(0)
    g_kw, d_kw = VARIANTS[VARIANT]
    G = DCGANGenerator(Z, data.image_shape, width=WIDTH, **g_kw)
    D = DCGANDiscriminator(data.image_shape, width=WIDTH, **d_kw)
    dcgan_init(G), dcgan_init(D)
    print(f"{VARIANT} width {WIDTH}: G {gu.models.count_parameters(G):,} D {gu.models.count_parameters(D):,}", flush=True)

    def check(step):
        x = gu.gan.generate(G, 1000, Z, seed=3)
        feats, probs = gu.metrics.classifier_embedding(judge, x, value_range=(-1, 1))
        out = {"score": gu.metrics.classifier_score(probs), "fd": gu.metrics.frechet_distance(feats, ref)}
        print(f"  step {step}: score {out['score']:.2f} fd {out['fd']:.4f}", flush=True)
        return out

    t = time.time()
    h = gu.fit({"G": G, "D": D}, gu.gan.gan_updates(G, D, Z), data.x_train, steps=STEPS, batch_size=128,
               callback=check, callback_every=max(STEPS // 6, 1), progress=False)
    print(f"{VARIANT} width {WIDTH}: {h.seconds / STEPS:.3f} s/step; wall {time.time() - t:.0f} s; "
          f"D(x) {h.last('D(x)'):.2f} D(G(z)) {h.last('D(G(z))'):.2f}", flush=True)


if __name__ == "__main__":
    main()
