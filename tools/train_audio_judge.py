"""Maintainer's script: train the spoken-digit judge (two listeners) of chapter 15 and ship its weights.

    python tools/train_audio_judge.py       # then paste the printed line into JUDGES in gen_utils/classifier.py

Each listener is trained on the 8,000 training clips of ``gen_utils.audio.load_spoken_digits()`` (seed 0) and on
the same clips band-limited to 4 kHz sampling (down and up again), so that the judge hears the book's quarter-rate
WaveGAN like the full-rate one, 30% of each batch with white noise at 0 to 30 dB SNR, so that it names digits
through hiss; checked on the 1,000 test clips at both rates and with noise at 20, 10 and 0 dB. Deterministic on
the CPU (fixed seeds, a fixed number of threads). Writes gen_utils/judges/spoken_digits.pt with a JSON record beside it.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gen_utils as gu  # noqa: E402
from gen_utils import audio  # noqa: E402
from gen_utils.classifier import accuracy, sha256  # noqa: E402

TARGET = 0.98
LOW_RATE = 4000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if gu.fast_mode():
        parser.error("unset GEN_UTILS_FAST: the judge is trained on the full data set")
    torch.set_num_threads(args.threads)
    data = audio.load_spoken_digits(device="cpu")
    x = torch.cat([data.x_train, audio.bandlimit(data.x_train, audio.SAMPLE_RATE, LOW_RATE)])
    y = torch.cat([data.y_train, data.y_train])
    test_low = audio.bandlimit(data.x_test, audio.SAMPLE_RATE, LOW_RATE)
    t0 = time.perf_counter()
    judge = audio.AudioJudge()
    for i in range(2):
        judge.listeners[i] = audio.train_spoken_digit_net(x, y, epochs=args.epochs, seed=100 + i)
    seconds = time.perf_counter() - t0
    judge.eval()
    record = {"data_set": "spoken_digits", "data": data.notes[0], "fingerprint": audio.fingerprint(data.x_train)}
    for i, net in enumerate(judge.listeners):
        record[f"listener{i}"] = {"test_accuracy": accuracy(net, data.x_test, data.y_test),
                                  "test_accuracy_4khz": accuracy(net, test_low, data.y_test),
                                  "validation_accuracy": accuracy(net, data.x_val, data.y_val),
                                  **{f"test_accuracy_{snr}db": accuracy(net, audio.add_noise(
                                      data.x_test, snr, torch.Generator().manual_seed(snr)).clamp(-1, 1), data.y_test)
                                     for snr in (20, 10, 0)}}
    path = ROOT / "gen_utils" / "judges" / "spoken_digits.pt"
    tmp = path.with_suffix(".pt.tmp")
    torch.save(judge.state_dict(), tmp)
    os.replace(tmp, path)
    record.update({"target": TARGET, "epochs": args.epochs, "train_seconds": round(seconds, 1),
                   "threads": args.threads, "parameters": sum(p.numel() for p in judge.parameters()),
                   "bytes": path.stat().st_size, "sha256": sha256(path), "torch": torch.__version__,
                   "python": platform.python_version(), "device": "cpu"})
    (path.with_suffix(".json")).write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps(record), flush=True)
    print(f'    "spoken_digits": ("{path.name}", "{record["sha256"]}"),')
    worst = min(min(v["test_accuracy"], v["test_accuracy_4khz"]) for k, v in record.items() if k.startswith("listener"))
    if worst < TARGET:
        print(f"a listener's test accuracy {worst:.4f} is below the target {TARGET}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
