"""Bring runs packed on a lent GPU (tools/next/gpu_pack.py, one folder per chapter) into gen_utils/weights: every
record, and the weights (as CPU tensors: pack kept them on CUDA before 2026-12-04) of the runs named in --weights only (the book's size budget; the other records say
weights_shipped: false, as `tools/pretrained.py pack --weights` writes them); then the manifest gen_utils/shipped.py
gets their SHA-256. Chapter 10's records keep their ten shown outputs as 0-255 integers (the draft's
`shown_bytes`, applied to the floats the GPU run stored).

    python tools/next/gpu_import.py /tmp/gpuw/12_wgan ... --weights ch12_wgan_s1 ...
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def shown_bytes(shown: list[list[float]]) -> list[list[int]]:
    """Chapter 10's stored outputs in [-1, 1] as 0-255 integers (as its draft's ``shown_bytes``, in float32)."""
    import torch

    x = torch.tensor(shown, dtype=torch.float32)
    return ((x + 1) / 2 * 255).round().to(torch.uint8).tolist()


def main() -> int:
    import torch

    from gen_utils import pretrained
    from gen_utils.checkpoints import atomic_write
    from gen_utils.shipped import SHIPPED

    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--weights", nargs="*", default=[])
    args = parser.parse_args()
    out = pretrained.weights_folder()
    entries = dict(SHIPPED)
    names = {p.stem: p for f in args.folders for p in f.glob("ch*.json")}
    unknown = set(args.weights) - set(names)
    if unknown:
        print(f"--weights names runs not packed: {sorted(unknown)}", file=sys.stderr)
        return 2
    for name, path in sorted(names.items()):
        rec = json.loads(path.read_text())
        if name in args.weights:
            if not rec.get("weights_shipped"):
                print(f"{name}: packed without weights", file=sys.stderr)
                return 2
            blob = torch.load(path.with_suffix(".pt"), map_location="cpu", weights_only=True)  # packed with CUDA
            atomic_write(out / f"{name}.pt", lambda f: torch.save(blob, f))                     # tensors: now CPU
            rec["bytes"], rec["sha256"] = (out / f"{name}.pt").stat().st_size, pretrained._sha256(out / f"{name}.pt")
        else:
            rec["weights_shipped"] = False
            rec.pop("bytes", None), rec.pop("sha256", None)
            (out / f"{name}.pt").unlink(missing_ok=True)
        shown = (rec.get("evaluation") or {}).get("shown")
        if shown and isinstance(shown[0][0], float):
            rec["evaluation"]["shown"] = shown_bytes(shown)
        atomic_write(out / f"{name}.json", lambda f: f.write((json.dumps(rec, indent=1) + "\n").encode()))
        entries[name] = pretrained.manifest_entry(name, out)
        print(f"{name}: {'weights + ' if name in args.weights else ''}record")
    pretrained.write_manifest(entries)
    total = sum(p.stat().st_size for p in out.glob("*") if p.suffix in (".pt", ".json"))
    print(f"gen_utils/weights: {total / 1e6:.1f} MB in all (budget {pretrained.SIZE_BUDGET / 1e6:.0f} MB)")
    return 0 if total <= pretrained.SIZE_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
