"""Chapter 17's pilot before its book budget (tools/next/notes/ch16_ch17_audit.md, "Book-budget recipe"): at equal
wall-clock time on this CPU, which flow gets lower test bits per dimension?

- F1: the chapter's flow (cell 15's realnvp(): 12 couplings, two squeezes, no factoring out), with the audit's
  training changes: gradient norm clipped at 100, Adam 1e-3, 200 warm-up steps, cosine decay;
- F2: RealNVP's multi-scale architecture (gu.models.flows.MultiScaleFlow): 3 checkerboard and 3 channel couplings
  per scale with half of the channels factored out after each of two scales, 4 checkerboard couplings at the end;
  s, t networks with a residual block, 32 channels at 28 x 28 and 64 below; the same training.

Each trains MINUTES of wall-clock time from seed 0 on freshly dequantised batches of 64; every CHECK minutes the
test bits per dimension of 500 fixed dequantised test images are printed. Run alone (one torch process at a time;
~2 x MINUTES + a minute):

    GEN_UTILS_DATA=... python tools/next/ch17_pilot.py [minutes] [check minutes]
"""
from __future__ import annotations

import math
import sys
import time

import chapter_cells as cells   # the chapter's own cells, run in a script (same folder)

NOTEBOOK = "chapters/17_normalizing_flows.ipynb"
MINUTES = float(sys.argv[1]) if len(sys.argv) > 1 else 12.0
CHECK = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0


def multiscale(ns: dict):
    """F2: logit; scale 1 at 1 x 28 x 28 then 4 x 14 x 14, factor out 2 x 14 x 14; scale 2 at 2 x 14 x 14 then
    8 x 7 x 7, factor out 4 x 7 x 7; 4 checkerboard couplings on 4 x 7 x 7; actnorm after every coupling."""
    torch, nn, flows = ns["torch"], ns["nn"], ns["flows"]

    class ResidualBlock(nn.Module):
        def __init__(self, c):
            super().__init__()
            self.body = nn.Sequential(nn.ReLU(), nn.Conv2d(c, c, 3, padding=1), nn.ReLU(), nn.Conv2d(c, c, 3, padding=1))

        def forward(self, x):
            return x + self.body(x)

    def st(c, hidden):
        last = nn.Conv2d(hidden, 2 * c, 3, padding=1)
        nn.init.zeros_(last.weight)
        nn.init.zeros_(last.bias)
        return nn.Sequential(nn.Conv2d(c, hidden, 3, padding=1), ResidualBlock(hidden), nn.ReLU(), last)

    def couplings(c, h, w, kind, count, hidden):
        out = []
        for k in range(count):
            mask = flows.checkerboard_mask(h, w, k % 2) if kind == "checkerboard" else flows.channel_mask(c, k % 2)
            out += [flows.AffineCoupling(mask, st(c, hidden)), flows.ActNorm(c)]
        return out

    scale1 = ([flows.LogitTransform(ns["ALPHA"])] + couplings(1, 28, 28, "checkerboard", 3, 32) + [flows.Squeeze()]
              + couplings(4, 14, 14, "channel", 3, 64))
    scale2 = couplings(2, 14, 14, "checkerboard", 3, 64) + [flows.Squeeze()] + couplings(8, 7, 7, "channel", 3, 64)
    final = couplings(4, 7, 7, "checkerboard", 4, 64)
    return flows.MultiScaleFlow(ns["data"].image_shape, [scale1, scale2], final)


def train(ns: dict, name: str, build) -> None:
    gu, torch, flows, data = ns["gu"], ns["torch"], ns["flows"], ns["data"]
    device = ns["device"]
    torch.manual_seed(0)
    model = build().to(device)
    with torch.no_grad():
        model(ns["dequantized"](data.x_train[:1000], 0))          # actnorm's data-dependent initialisation
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    test = ns["CURVE_IMAGES"]
    gen = torch.Generator().manual_seed(0)
    print(f"{name}: {gu.models.count_parameters(model):,} parameters; test bits/dim at start "
          f"{ns['bits_per_dim'](model, test):.4f}", flush=True)
    start, step, next_check = time.perf_counter(), 0, CHECK * 60
    while (elapsed := time.perf_counter() - start) < MINUTES * 60:
        warm = min(1.0, (step + 1) / 200)
        cosine = 0.5 * (1 + math.cos(math.pi * elapsed / (MINUTES * 60)))       # over the wall-clock budget
        for group in opt.param_groups:
            group["lr"] = 1e-3 * warm * cosine
        idx = torch.randint(len(data.x_train), (64,), generator=gen)
        y = flows.dequantize(data.x_train[idx].cpu(), generator=gen).to(device)
        loss = flows.dequantized_bits_per_dim(-model.log_prob(y).mean(), data.dim)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 100.0)
        opt.step()
        step += 1
        if elapsed >= next_check:
            next_check += CHECK * 60
            print(f"{name}: {elapsed / 60:.1f} min, step {step:,} ({elapsed / step:.3f} s a step), training batch "
                  f"{loss.item():.4f}, test bits/dim {ns['bits_per_dim'](model, test):.4f}", flush=True)
    print(f"{name}: done, {step:,} steps in {MINUTES:.0f} min; test bits/dim {ns['bits_per_dim'](model, test):.4f}",
          flush=True)


def main() -> None:
    ns = cells.chapter_namespace(NOTEBOOK, ("STEPS = gu.budget(full=800", "\n\ndef train(seed"))
    train(ns, "F1 (the chapter's flow)", ns["realnvp"])
    train(ns, "F2 (multi-scale, residual s, t)", lambda: multiscale(ns))


if __name__ == "__main__":
    main()
