"""Maintainer's script: train the judges (one small classifier per data set) and ship their weights.

    python tools/train_judges.py            # both data sets, then prints the JUDGES table for classifier.py

Deterministic on the CPU (fixed seeds, deterministic algorithms, a fixed number of threads): run on the same
machine and PyTorch, it writes the same bytes. Each judge is trained on the 50,000 training images (the last
10,000 of the training file stay out, as the book's validation split), checked on the 10,000 test images,
and written to gen_utils/judges/<name>.pt with a JSON record beside it (accuracy, time, versions). Paste the
printed table into gen_utils/classifier.py (the SHA-256 pins the file).
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
from gen_utils.classifier import accuracy, sha256, train_classifier  # noqa: E402

TARGETS = {"mnist": 0.993, "fashion_mnist": 0.91}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-sets", nargs="+", default=list(TARGETS))
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if gu.fast_mode():
        parser.error("unset GEN_UTILS_FAST: judges are trained on the full data sets")
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    out = ROOT / "gen_utils" / "judges"
    table = {}
    for name in args.data_sets:
        data = gu.load_images(name, device="cpu", download=False)
        t0 = time.perf_counter()
        model = train_classifier(data.x_train, data.y_train, epochs=args.epochs, seed=0)
        seconds = time.perf_counter() - t0
        acc = accuracy(model, data.x_test, data.y_test)
        val = accuracy(model, data.x_val, data.y_val)
        path = out / f"{name}.pt"
        tmp = path.with_suffix(".pt.tmp")
        torch.save(model.state_dict(), tmp)
        os.replace(tmp, path)
        digest = sha256(path)
        record = {"data_set": name, "test_accuracy": acc, "validation_accuracy": val, "target": TARGETS.get(name),
                  "epochs": args.epochs, "train_seconds": round(seconds, 1), "threads": args.threads,
                  "parameters": sum(p.numel() for p in model.parameters()), "bytes": path.stat().st_size,
                  "sha256": digest, "torch": torch.__version__, "python": platform.python_version(),
                  "device": "cpu"}
        (out / f"{name}.json").write_text(json.dumps(record, indent=2) + "\n")
        print(json.dumps(record), flush=True)
        table[name] = (path.name, digest)
        if TARGETS.get(name) and acc < TARGETS[name]:
            print(f"{name}: test accuracy {acc:.4f} is below the target {TARGETS[name]}", file=sys.stderr)
    print("JUDGES = {\n" + "".join(f'    "{k}": ("{f}", "{h}"),\n' for k, (f, h) in table.items()) + "}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
