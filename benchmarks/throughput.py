"""Time one training epoch of chapter 1's auto-encoder: gen_utils.fit against the usual tutorial loop.

The tutorial loop is the one of PyTorch's introductory tutorials: a torchvision Dataset with
``transforms.ToTensor()`` (one PIL image decoded per item), a ``DataLoader(batch_size, shuffle=True)``,
each batch moved to the device, and ``loss.item()`` accumulated every step. gen_utils keeps the whole data
set on the device as one tensor, shuffles indices there, and reads the losses back once per progress update.
Both train the same MLP auto-encoder (d = 32, BCE, Adam 1e-3) on the same 50,000 training images.

    python benchmarks/throughput.py [--batch-size 128] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import gen_utils as gu  # noqa: E402
from gen_utils import data as gdata  # noqa: E402


def bce(logits: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    return F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1).mean()


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def gen_utils_epoch(name: str, batch_size: int, device: torch.device) -> float:
    images = gu.load_images(name, device=device)
    torch.manual_seed(0)
    model = gu.models.make_autoencoder("mlp", 32).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    update = gu.Update("bce", opt, lambda x: bce(model(x), x))
    gu.fit(model, update, images.x_train, steps=20, batch_size=batch_size, progress=False)  # warm-up
    sync(device)
    t = time.perf_counter()
    gu.fit(model, update, images.x_train, epochs=1, batch_size=batch_size, progress=True, desc="gen_utils")
    sync(device)
    return time.perf_counter() - t


def tutorial_epoch(name: str, batch_size: int, device: torch.device) -> float:
    from torch.utils.data import DataLoader, Subset
    from torchvision import datasets, transforms

    folder = {"mnist": "MNIST", "fashion_mnist": "FashionMNIST"}[name]
    full = getattr(datasets, folder)(str(gu.data_root()), train=True, download=False,
                                     transform=transforms.ToTensor())
    train = Subset(full, range(50_000))  # the same 50,000 images gen_utils trains on
    loader = DataLoader(train, batch_size=batch_size, shuffle=True, drop_last=True)
    torch.manual_seed(0)
    model = gu.models.make_autoencoder("mlp", 32).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def run(max_steps: int | None) -> None:
        running = 0.0
        for i, (x, _) in enumerate(loader):
            if max_steps is not None and i >= max_steps:
                break
            x = x.to(device)
            opt.zero_grad()
            loss = bce(model(x), x)
            loss.backward()
            opt.step()
            running += loss.item()

    run(20)  # warm-up
    sync(device)
    t = time.perf_counter()
    run(None)
    sync(device)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers to this file")
    args = parser.parse_args()
    if gu.fast_mode():
        sys.exit("unset GEN_UTILS_FAST: the benchmark times a full epoch")
    name = next((n for n in ("mnist", "fashion_mnist")
                 if all(p.is_file() for p in gdata.expected_files(n))), None)
    if name is None:
        sys.exit(f"neither MNIST nor Fashion-MNIST is under {gu.data_root()}: set GEN_UTILS_DATA")
    device = gu.get_device()
    n = 50_000 // args.batch_size * args.batch_size
    ours = gen_utils_epoch(name, args.batch_size, device)
    tutorial = tutorial_epoch(name, args.batch_size, device)
    result = {"device": gu.device_name(device), "data": name, "batch_size": args.batch_size,
              "images_per_epoch": n, "gen_utils_s": round(ours, 3), "tutorial_s": round(tutorial, 3),
              "gen_utils_img_per_s": round(n / ours), "tutorial_img_per_s": round(n / tutorial),
              "speedup": round(tutorial / ours, 2), "torch": torch.__version__}
    print(f"\nOne epoch of the chapter-1 MLP auto-encoder on {name}, batch {args.batch_size}, {result['device']}:")
    print(f"  tutorial loop (Dataset + ToTensor + DataLoader): {tutorial:7.2f} s  "
          f"({result['tutorial_img_per_s']:,} images/s)")
    print(f"  gen_utils.fit (tensors on the device):           {ours:7.2f} s  "
          f"({result['gen_utils_img_per_s']:,} images/s)")
    print(f"  speed-up: {result['speedup']}x")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
