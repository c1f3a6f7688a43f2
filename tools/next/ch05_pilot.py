"""Chapter 5 pilot (issue 31; the audit's plan in tools/next/notes/ch04_ch05_audit.md): which adversarial recipe makes
the AAE's codes follow its prior, before the book budget is spent. Uses the chapter's cells (imports, the 2-D
parts) with the draft's parts (tools/next/src/ch05: input noise on the discriminators, learning rates as options).
Run alone on the CPU (~45 min); checkpoints go to a temporary folder:

    GEN_UTILS_DATA=... python tools/next/ch05_pilot.py [epochs]

(a) clustering into 16 categories, seed 0: test error and categories used after every epoch, for
    noise 0.3 with every phase at Adam 2e-4 | noise 0.3 with reconstruction and adversarial at 1e-3 |
    musyoku's settings (noise 0.3, every phase 1e-4, beta1 0.1) | the committed recipe (no noise, adversarial 1e-4).
(b) 2-D deterministic encoder against N(0, I), seed 0: sliced Wasserstein distance of the test codes to the prior
    (floor: two prior samples) every 2 epochs, for the committed recipe | noise 0.3 and 2 discriminator steps |
    adversarial rate 3e-4.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["GEN_UTILS_CHECKPOINTS"] = tempfile.mkdtemp(prefix="ch05_pilot_")
os.environ["GEN_UTILS_TRAIN"] = "1"
EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
ROOT = Path(__file__).resolve().parents[2]
PARTS = ROOT / "tools" / "next" / "src" / "ch05"


def namespace() -> dict:
    cells = ["".join(c["source"]) for c in json.loads((ROOT / "chapters" / "05_adversarial_autoencoder.ipynb").read_text())["cells"]
             if c["cell_type"] == "code"]
    ns: dict = {}
    exec(next(c for c in cells if "gu.Chapter(" in c), ns)
    two_d = next(c for c in cells if "def aae_updates" in c)
    start, end = two_d.index("def aae_updates"), two_d.index("def train_aae")
    exec(two_d[:start] + (PARTS / "aae_updates.py").read_text() + "\n\n" + two_d[end:], ns)
    exec((PARTS / "categorical.py").read_text(), ns)
    return ns


def main() -> None:
    ns = namespace()
    gu, torch, data = ns["gu"], ns["torch"], ns["data"]
    print(data, flush=True)
    clustering = {"noise 0.3, all 2e-4": dict(input_noise=0.3, rec_lr=2e-4, adversarial_lr=2e-4),
                  "noise 0.3, rec 1e-3, adv 1e-3": dict(input_noise=0.3, rec_lr=1e-3, adversarial_lr=1e-3),
                  "musyoku: noise 0.3, all 1e-4, beta1 0.1": dict(input_noise=0.3, rec_lr=1e-4, adversarial_lr=1e-4, beta1=0.1),
                  "committed: no noise, adv 1e-4": dict(adversarial_lr=1e-4)}
    for name, kw in clustering.items():
        t = time.time()
        _, h = ns["train_categorical_aae"](f"pilot clustering {name}", n_categories=16, epochs=EPOCHS, **kw)
        print(f"(a) {name} ({time.time() - t:.0f} s): error " + " ".join(f"{e:.3f}" for e in h.checks["error"])
              + " | used " + " ".join(f"{u:.0f}" for u in h.checks["used"]), flush=True)

    floor = ns["floor"]("gaussian")
    print(f"(b) floor (two prior samples): {floor:.4f}", flush=True)
    two_d = {"committed": dict(), "noise 0.3, 2 D steps": dict(input_noise=0.3, d_repeats=2), "adversarial 3e-4": dict(adv_lr=3e-4)}
    for name, kw in two_d.items():
        torch.manual_seed(0)
        enc = ns["Encoder"]("deterministic", 2).to(ns["device"])
        dec = ns["MLPDecoder"](2, data.image_shape).to(ns["device"])
        disc = ns["CodeDiscriminator"](2, hidden=(512, 512)).to(ns["device"])
        prior = lambda y: gu.priors.sample_prior("gaussian", len(y), dim=2, device=ns["device"])  # noqa: E731
        t = time.time()
        h = gu.fit({"enc": enc, "dec": dec, "disc": disc}, ns["aae_updates"](enc, dec, disc, prior, **kw),
                   (data.x_train, data.y_train), epochs=EPOCHS, batch_size=100, seed=0, progress=False,
                   callback=lambda step, enc=enc: {"sw": ns["match"](ns["test_codes"](enc), "gaussian")},
                   callback_every=2 * (len(data.x_train) // 100))
        print(f"(b) {name} ({time.time() - t:.0f} s): SW " + " ".join(f"{v:.3f}" for v in h.checks["sw"])
              + f" | rec {ns['reconstruction_error'](enc, dec):.1f} nats", flush=True)


if __name__ == "__main__":
    main()
