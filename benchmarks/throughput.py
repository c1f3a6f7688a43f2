"""Training throughput of gen_utils.fit against the usual DataLoader tutorial loop, on the same models and data.

Two workloads:

- ``autoencoder``: one epoch of chapter 1's MLP auto-encoder (d = 32, BCE, Adam 1e-3, batch 128);
- ``gan``: chapter 8's DCGAN (non-saturating losses, Adam 2e-4, betas (0.5, 0.999)) at batch 64.

The tutorial loop is the one of PyTorch's introductory tutorials (and its DCGAN tutorial): a torchvision
Dataset with ``transforms.ToTensor()`` (one PIL image decoded per item), a ``DataLoader(shuffle=True)``, each
batch moved to the device, and ``loss.item()`` read every step. gen_utils keeps the whole data set on the device
as one tensor, draws batches there, reads the losses back once per progress update and, on CUDA, replays the
whole step (both players' updates) as one CUDA graph. Targets (issue 7): the GAN at least 4x on a GPU, the MLP
models at least 2x on a CPU.

    python benchmarks/throughput.py [--json out.json] [--gan-steps N]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import gen_utils as gu  # noqa: E402
from gen_utils import data as gdata  # noqa: E402

Z_DIM = 64
TARGETS = {"gan": ("cuda", 4.0), "autoencoder": ("cpu", 2.0)}


def bce(logits: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    return F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1).mean()


def tutorial_loader(name: str, batch_size: int, normalize: bool):
    """The tutorials' input pipeline: a torchvision Dataset decoding one PIL image per item, a shuffling DataLoader."""
    from torch.utils.data import DataLoader, Subset
    from torchvision import datasets, transforms

    folder = {"mnist": "MNIST", "fashion_mnist": "FashionMNIST"}[name]
    steps = [transforms.ToTensor()] + ([transforms.Normalize((0.5,), (0.5,))] if normalize else [])
    full = getattr(datasets, folder)(str(gu.data_root()), train=True, download=False,
                                     transform=transforms.Compose(steps))
    return DataLoader(Subset(full, range(50_000)), batch_size=batch_size, shuffle=True, drop_last=True)


def batches(loader, steps: int | None):
    """The loader's batches, cycling over epochs, ``steps`` of them (one epoch when None)."""
    count = 0
    while True:
        for x, _ in loader:
            if steps is not None and count >= steps:
                return
            yield x
            count += 1
        if steps is None:
            return


# ---- auto-encoder --------------------------------------------------------------------------------------------
def autoencoder(name: str, device: torch.device, batch_size: int = 128) -> dict:
    """One epoch of the chapter-1 MLP auto-encoder, both ways."""
    images = gu.load_images(name, device=device)
    torch.manual_seed(0)
    model = gu.models.make_autoencoder("mlp", 32).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    update = gu.Update("bce", opt, lambda x: bce(model(x), x))
    gu.fit(model, update, images.x_train, steps=20, batch_size=batch_size, progress=False)  # warm-up
    ours = gu.seconds(lambda: gu.fit(model, update, images.x_train, epochs=1, batch_size=batch_size, desc="gen_utils"),
                      device)

    loader = tutorial_loader(name, batch_size, normalize=False)
    torch.manual_seed(0)
    model = gu.models.make_autoencoder("mlp", 32).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def run(steps: int | None) -> None:
        running = 0.0
        for x in batches(loader, steps):
            x = x.to(device)
            opt.zero_grad()
            loss = bce(model(x), x)
            loss.backward()
            opt.step()
            running += loss.item()

    run(20)  # warm-up
    tutorial = gu.seconds(lambda: run(None), device)
    return summary("MLP auto-encoder, one epoch", batch_size, 50_000 // batch_size, ours, tutorial)


# ---- GAN -----------------------------------------------------------------------------------------------------
def gan_models(device: torch.device):
    torch.manual_seed(0)
    G = gu.models.DCGANGenerator(Z_DIM).to(device)
    D = gu.models.DCGANDiscriminator().to(device)
    gu.models.dcgan_init(G)
    gu.models.dcgan_init(D)
    return G, D


def gan(name: str, device: torch.device, steps: int, batch_size: int = 64) -> dict:
    """``steps`` DCGAN steps (a discriminator then a generator update), both ways."""
    images = gu.load_images(name, value_range=(-1.0, 1.0), device=device)
    G, D = gan_models(device)
    updates = gu.gan.gan_updates(G, D, Z_DIM)
    models = {"G": G, "D": D}
    gu.fit(models, updates, images.x_train, steps=20, batch_size=batch_size, progress=False)  # warm-up
    ours = gu.seconds(lambda: gu.fit(models, updates, images.x_train, steps=steps, batch_size=batch_size,
                                     desc="gen_utils"), device)

    loader = tutorial_loader(name, batch_size, normalize=True)
    G, D = gan_models(device)
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    criterion = torch.nn.BCEWithLogitsLoss()

    def run(n: int) -> None:  # the PyTorch DCGAN tutorial's loop
        g_losses, d_losses = [], []
        for x in batches(loader, n):
            x = x.to(device)
            D.zero_grad()
            out = D(x).view(-1)
            err_real = criterion(out, torch.ones_like(out))
            err_real.backward()
            fake = G(torch.randn(len(x), Z_DIM, device=device))
            out = D(fake.detach()).view(-1)
            err_fake = criterion(out, torch.zeros_like(out))
            err_fake.backward()
            opt_d.step()
            G.zero_grad()
            out = D(fake).view(-1)
            err_g = criterion(out, torch.ones_like(out))
            err_g.backward()
            opt_g.step()
            g_losses.append(err_g.item())
            d_losses.append((err_real + err_fake).item())

    run(20)  # warm-up
    tutorial = gu.seconds(lambda: run(steps), device)
    return summary(f"DCGAN, {steps} steps", batch_size, steps, ours, tutorial)


def summary(what: str, batch_size: int, steps: int, ours: float, tutorial: float) -> dict:
    n = steps * batch_size
    return {"what": what, "batch_size": batch_size, "steps": steps, "gen_utils_s": round(ours, 3),
            "tutorial_s": round(tutorial, 3), "gen_utils_img_per_s": round(n / ours),
            "tutorial_img_per_s": round(n / tutorial), "speedup": round(tutorial / ours, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gan-steps", type=int, default=None,
                        help="GAN steps to time (default: 2,000 on a GPU, 100 on a CPU)")
    parser.add_argument("--only", choices=["gan", "autoencoder"], default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers to this file")
    args = parser.parse_args()
    if gu.fast_mode():
        sys.exit("unset GEN_UTILS_FAST: the benchmark times full epochs")
    name = next((n for n in ("mnist", "fashion_mnist")
                 if all(p.is_file() for p in gdata.expected_files(n))), None)
    if name is None:
        sys.exit(f"neither MNIST nor Fashion-MNIST is under {gu.data_root()}: set GEN_UTILS_DATA")
    device = gu.get_device()
    steps = args.gan_steps or (2000 if device.type == "cuda" else 100)
    result = {"device": gu.device_name(device), "data": name, "torch": torch.__version__}
    if args.only in (None, "autoencoder"):
        result["autoencoder"] = autoencoder(name, device)
    if args.only in (None, "gan"):
        result["gan"] = gan(name, device, steps)
    print(f"\nTraining throughput on {name}, {result['device']} (torch {torch.__version__}):")
    for key in ("autoencoder", "gan"):
        if key not in result:
            continue
        r = result[key]
        kind, target = TARGETS[key]
        goal = f"target >= {target}x on {'a GPU' if kind == 'cuda' else 'a CPU'}"
        met = "" if device.type != kind else (" (met)" if r["speedup"] >= target else " (NOT met)")
        print(f"- {r['what']}, batch {r['batch_size']}:\n"
              f"    tutorial loop (Dataset + ToTensor + DataLoader): {r['tutorial_s']:8.2f} s "
              f"({r['tutorial_img_per_s']:,} images/s)\n"
              f"    gen_utils.fit:                                   {r['gen_utils_s']:8.2f} s "
              f"({r['gen_utils_img_per_s']:,} images/s)\n"
              f"    speed-up: {r['speedup']}x   [{goal}]{met}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
