"""The numbers of chapter 19's exercises 2 and 3 (their solutions are written in the notebook's markdown), measured on
seed 0's averaged network of the book-budget run, loaded from the shipped weights:

    GEN_UTILS_DATA=... python tools/next/ch19_exercises.py

Exercise 2: DDIM's generalised step with eta in {0, 1} at 10 and 50 steps, the judge's Fréchet distance of 300
unconditional samples. Exercise 3: the mean squared error of x0_hat(x_t) on 500 test images at several t, and that of
the mean training image (the best constant guess).
"""
from __future__ import annotations

import math

import torch

import gen_utils as gu
from gen_utils import diffusion

T, NULL = 1000, 10


def main() -> None:
    torch.manual_seed(0)
    data = gu.load_images("mnist", value_range=(-1, 1))
    schedule = diffusion.NoiseSchedule.linear(T, 1e-4, 0.02)
    ab = schedule.alpha_bars
    model = gu.models.SmallUNet(data.image_shape, (32, 64, 64), n_classes=10)
    gu.pretrained.load_weights("ch19_ddpm_s0", {"ema": model})
    model.eval()
    judge = gu.classifier.load_classifier(data)

    @torch.no_grad()
    def sample(n, steps, eta, seed):
        """DDIM with sigma = eta sqrt((1 - ab') / (1 - ab)) sqrt(1 - ab / ab'), x0_hat clipped to [-1, 1]."""
        g = torch.Generator().manual_seed(seed)
        x = torch.randn(n, *data.image_shape, generator=g)
        times = torch.linspace(T, 1, steps).round().long().tolist()
        for i, t in enumerate(times):
            t_prev = times[i + 1] if i + 1 < len(times) else 0
            a, a_prev = ab[t - 1], ab[t_prev - 1] if t_prev > 0 else torch.tensor(1.0)
            eps = model(x, torch.full((n,), t), torch.full((n,), NULL))
            x0 = ((x - (1 - a).sqrt() * eps) / a.sqrt()).clamp(-1, 1)
            eps = (x - a.sqrt() * x0) / (1 - a).sqrt()
            sigma = eta * ((1 - a_prev) / (1 - a)).sqrt() * (1 - a / a_prev).sqrt()
            x = a_prev.sqrt() * x0 + (1 - a_prev - sigma ** 2).clamp_min(0).sqrt() * eps
            if t_prev > 0:
                x = x + sigma * torch.randn(x.shape, generator=g)
        return x.clamp(-1, 1)

    for steps in (10, 50):
        for eta in (0.0, 1.0):
            x = sample(300, steps, eta, seed=11)
            fd = gu.metrics.sample_quality(judge, x, data.x_test, value_range=(-1, 1))["fid"]
            print(f"| {steps} steps, eta={eta:g} | {fd:.4f} |")

    x0 = data.x_test[:500]
    mean_image = data.x_train.mean(0, keepdim=True)
    print(f"mean training image's error: {(x0 - mean_image).pow(2).mean():.3f}")
    g = torch.Generator().manual_seed(12)
    row = []
    with torch.no_grad():
        for t in (10, 50, 100, 200, 400, 600, 800, 1000):
            tt = torch.full((len(x0),), t)
            noise = torch.randn(x0.shape, generator=g)
            xt = schedule.q_sample(x0, tt, noise)
            x0_hat = schedule.predict_x0(xt, tt, model(xt, tt, torch.full((len(x0),), NULL)))
            row.append(f"{(x0_hat - x0).pow(2).mean():.3f}")
    print("| mean squared error of x0_hat | " + " | ".join(row) + " |")
    print(f"1 / sqrt(abar_T) = {1 / math.sqrt(ab[-1]):.0f}")


if __name__ == "__main__":
    main()
