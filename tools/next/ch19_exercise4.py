"""The numbers of chapter 19's exercise 4 (its solution is written in the notebook's markdown): where the variational
bound's bits go. With the chapter's own cells (schedule, q_sample, gaussian_kl) and the three shipped averaged
networks, the bound of 500 dequantised test images split into L_T, the sums of L_{t-1} over three bands of t
(t = 2-10, 11-100, 101-1000; each estimated without bias from 10 uniform t per image in the band, times its width) and
L_0, in bits per dimension. L_0 carries the conversion to the 256-level pixel (log2 128 = 7 bits a dimension), as in the
chapter's bound, so the parts add up to it.

    GEN_UTILS_DATA=... python tools/next/ch19_exercise4.py        # ~2 minutes on a 2-core CPU; one torch process
"""
from __future__ import annotations

import math
import statistics

import chapter_cells as cells   # the chapter's own cells, run in a script (same folder)

NOTEBOOK = "chapters/19_diffusion.ipynb"
BANDS = ((2, 10), (11, 100), (101, 1000))
N_IMAGES, PER_BAND = 500, 10


def main() -> None:
    ns = cells.chapter_namespace(NOTEBOOK, ("T = 1000", "\nN_CHAINS"), ("BATCH, LR, P_UNCOND", "\n\ndef ddpm_loss"),
                                 ("N_BOUND, T_PER_IMAGE", "\n\n@torch.no_grad()\ndef bound_bits_per_dim"))
    torch, gu, data, device = ns["torch"], ns["gu"], ns["data"], ns["device"]
    T, D, NULL = ns["T"], ns["D"], ns["NULL"]
    q_sample, gaussian_kl, schedule = ns["q_sample"], ns["gaussian_kl"], ns["schedule"]
    betas, alphas, alpha_bars = schedule.betas, schedule.alphas, schedule.alpha_bars
    to_bits = D * math.log(2)
    parts = ["L_T"] + [f"t = {lo}-{hi}" for lo, hi in BANDS] + ["L_0 (+ 7 bits of the bins)"]
    per_seed = {}
    for seed in ns["SEEDS"]:
        model = gu.models.SmallUNet(data.image_shape, ns["CHANNELS"], n_classes=len(data.classes)).to(device)
        gu.pretrained.load_weights(f"ch19_ddpm_s{seed}", {"ema": model})
        model.eval()
        g = torch.Generator().manual_seed(50 + seed)
        totals = dict.fromkeys(parts, 0.0)
        with torch.no_grad():
            for x in data.x_test[:N_IMAGES].split(100):
                n = len(x)
                x0 = x + (torch.rand(x.shape, generator=g).to(device) * 2 - 1) / 256
                none = torch.full((n,), NULL, device=device)
                ab_T = alpha_bars[-1]
                totals["L_T"] += gaussian_kl(ab_T.sqrt() * x0, 1 - ab_T, torch.zeros_like(x0), torch.ones(())).sum().item()
                for (lo, hi), name in zip(BANDS, parts[1:-1]):
                    terms = []
                    for _ in range(PER_BAND):
                        t = torch.randint(lo, hi + 1, (n,), generator=g).to(device)
                        xt = q_sample(x0, t, torch.randn(x0.shape, generator=g).to(device))
                        mean_q, var_q = schedule.posterior(x0, xt, t)
                        b, a, ab = (v[t - 1].view(-1, 1, 1, 1) for v in (betas, alphas, alpha_bars))
                        mean_p = (xt - b / (1 - ab).sqrt() * model(xt, t, none)) / a.sqrt()
                        terms.append(gaussian_kl(mean_q, var_q, mean_p, b))
                    totals[name] += ((hi - lo + 1) * torch.stack(terms).mean(0)).sum().item()
                one = torch.ones(n, dtype=torch.long, device=device)
                x1 = q_sample(x0, one, torch.randn(x0.shape, generator=g).to(device))
                mean_p = (x1 - betas[0] / (1 - alpha_bars[0]).sqrt() * model(x1, one, none)) / alphas[0].sqrt()
                l_0 = 0.5 * ((x0 - mean_p).pow(2) / betas[0] + torch.log(2 * math.pi * betas[0])).flatten(1).sum(1)
                totals[parts[-1]] += l_0.sum().item()
        bits = {k: v / N_IMAGES / to_bits for k, v in totals.items()}
        bits[parts[-1]] += math.log2(128)
        per_seed[seed] = bits
        print(f"seed {seed}: " + ", ".join(f"{k} {v:.3f}" for k, v in bits.items()) + f"; total {sum(bits.values()):.3f}",
              flush=True)
    print("\n| part of the bound | " + " | ".join(parts) + " | total |\n|" + " --- |" * (len(parts) + 2))
    means = {k: statistics.fmean(per_seed[s][k] for s in per_seed) for k in parts}
    sds = {k: statistics.stdev(per_seed[s][k] for s in per_seed) for k in parts}
    total = [sum(b.values()) for b in per_seed.values()]
    print("| bits per dimension (mean ± sd, 3 seeds) | " + " | ".join(f"{means[k]:.3f} ± {sds[k]:.3f}" for k in parts)
          + f" | {statistics.fmean(total):.3f} ± {statistics.stdev(total):.3f} |")
    print("| share of the total | " + " | ".join(f"{means[k] / statistics.fmean(total):.0%}" for k in parts) + " | 100% |")


if __name__ == "__main__":
    main()
