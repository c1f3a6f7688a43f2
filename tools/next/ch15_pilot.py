"""Chapter 15's pilot before its book budget (tools/next/notes/ch15_wavegan_audit.md, section 4): does WaveGAN start
to speak once its biases start at zero (the authors' TensorFlow init), and does d = 16 learn faster per CPU minute
than d = 8?

First, seconds of CPU: the phase-locked share of the power of 500 clips of an untrained generator with the default
init against zeroed biases (the audit's cause 2: a z-independent comb at initialisation).
Then, for d in (8, 16), with zeroed biases and phase shuffle n = 2, seed 0: the chapter's WGAN-GP recipe (cell 12)
for MINUTES of wall-clock time, and every CHECK generator steps on 500 clips: the judge's score, the two listeners'
label agreement and the Fréchet distance (cell 14's judge_clips), the phase-locked share, the mean correlation between
clips, and the words' mean duration by cell 4's 2%-of-peak rule (real clips: about 0.42 s).

The stop comes at a check, so a run can overshoot MINUTES by up to CHECK steps (~11 minutes for d = 16). It runs
the chapter's own cells. Run alone (one torch process at a time; ~2 x MINUTES + 15 minutes):

    GEN_UTILS_DATA=... python tools/next/ch15_pilot.py [minutes] [check steps]
"""
from __future__ import annotations

import sys
import time

import chapter_cells as cells   # the chapter's own cells, run in a script (same folder)

NOTEBOOK = "chapters/15_wavegan.ipynb"
MINUTES = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
CHECK = int(sys.argv[2]) if len(sys.argv) > 2 else 500
N_CLIPS = 500


def zero_biases(*nets) -> None:
    """Every bias of the networks set to 0, as TensorFlow initialises them (the weights keep PyTorch's init)."""
    import torch

    with torch.no_grad():
        for net in nets:
            for m in net.modules():
                if getattr(m, "bias", None) is not None:
                    m.bias.zero_()


def measures(ns: dict, G=None, judge: bool = True, clips=None) -> dict:
    """The judge's numbers (if ``judge``), the phase-locked share, clip-to-clip correlation and word duration of N_CLIPS
    clips of G (or of ``clips``)."""
    torch, audio = ns["torch"], ns["audio"]
    clips = ns["samples"](G, N_CLIPS, 7) if clips is None else clips
    out = dict(audio.judge_clips(ns["judge"], clips, rate=ns["RATE"], reference=ns["reference"])) if judge else {}
    flat = clips.flatten(1)
    out["locked"] = (flat.mean(0).pow(2).mean() / flat.pow(2).mean()).item()
    unit = (flat - flat.mean(1, keepdim=True)) / flat.std(1, keepdim=True).clamp_min(1e-8)
    corr = unit[:200] @ unit[:200].T / flat.shape[1]
    out["correlation"] = corr[~torch.eye(len(corr), dtype=torch.bool, device=corr.device)].mean().item()
    loud = flat.abs() > 0.02 * flat.abs().amax(1, keepdim=True)
    idx = torch.arange(flat.shape[1], device=flat.device)
    first = torch.where(loud, idx, flat.shape[1]).amin(1)
    last = torch.where(loud, idx, -1).amax(1)
    out["duration (s)"] = ((last - first + 1).float() / ns["RATE"]).mean().item()
    return out


def main() -> None:
    ns = cells.chapter_namespace(NOTEBOOK, ("RATE = gu.budget(", "\ngenerators, histories = {}, {}"),
                                 ("judge = audio.load_audio_judge", "\n\nreal_16k"))
    gu, torch = ns["gu"], ns["torch"]
    WaveGANGenerator, WaveGANCritic = ns["WaveGANGenerator"], ns["WaveGANCritic"]
    for d in (8, 16):
        torch.manual_seed(123)
        G = WaveGANGenerator(ns["Z_DIM"], d, ns["N_LAYERS"]).to(ns["device"])
        default = measures(ns, G, judge=False)["locked"]
        zero_biases(G)
        print(f"untrained generator, d = {d}: phase-locked share {default:.3f} with PyTorch's biases, "
              f"{measures(ns, G, judge=False)['locked']:.3f} with zero biases", flush=True)
    real = measures(ns, clips=ns["x_train"][:N_CLIPS], judge=False)          # the same rules on real clips at RATE
    print("real training clips at the model's rate: " + ", ".join(f"{k} {v:.4g}" for k, v in real.items()), flush=True)
    for d in (8, 16):
        torch.manual_seed(0)
        G = WaveGANGenerator(ns["Z_DIM"], d, ns["N_LAYERS"]).to(ns["device"])
        D = WaveGANCritic(d, ns["N_LAYERS"], 2).to(ns["device"])
        zero_biases(G, D)
        start, spent = time.time(), [0.0]                 # training seconds = elapsed - the checks' seconds

        def check(step, G=G, d=d, start=start, spent=spent):
            t0 = time.time()
            m = measures(ns, G)
            trained = t0 - start - spent[0]
            print(f"d = {d}, step {step:,} ({trained:.0f} s of training, {trained / max(step, 1):.3f} s a step): "
                  + ", ".join(f"{k} {v:.4g}" for k, v in m.items()), flush=True)
            spent[0] += time.time() - t0
            if trained > MINUTES * 60:
                raise KeyboardInterrupt           # fit stops cleanly on it and keeps the weights trained so far
            return m

        h = gu.fit({"G": G, "D": D}, ns["wavegan_updates"](G, D), ns["x_train"], steps=1_000_000,
                   batch_size=ns["BATCH"], seed=0, progress=False, callback=check, callback_every=CHECK)
        print(f"d = {d}: G {gu.models.count_parameters(G):,} and D {gu.models.count_parameters(D):,} parameters",
              flush=True)


if __name__ == "__main__":
    main()
