"""Figures the chapters share: image grids, rows of images, loss curves, latent scatters."""
from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import Tensor

if TYPE_CHECKING:
    from .train import History


def _as_images(x: Tensor, value_range: tuple[float, float] | None) -> Tensor:
    x = x.detach().float().cpu()
    if x.dim() == 2:  # flat vectors: square greyscale images
        side = int(round(x.shape[1] ** 0.5))
        if side * side != x.shape[1]:
            raise ValueError(f"cannot show flat vectors of length {x.shape[1]} as square images")
        x = x.view(-1, 1, side, side)
    if x.dim() == 3:
        x = x.unsqueeze(1)
    if x.dim() != 4:
        raise ValueError(f"images must have shape (N, C, H, W), (N, H, W) or (N, H*W), got {tuple(x.shape)}")
    if value_range is None:
        value_range = (-1.0, 1.0) if x.min() < 0 else (0.0, 1.0)
    lo, hi = value_range
    return ((x - lo) / (hi - lo)).clamp(0, 1)


def image_grid(x: Tensor, nrow: int = 8, value_range: tuple[float, float] | None = None,
               padding: int = 2) -> Tensor:
    """Tile images into one (C, H, W) tensor in [0, 1] with torchvision's ``make_grid``."""
    from torchvision.utils import make_grid
    return make_grid(_as_images(x, value_range), nrow=nrow, padding=padding, pad_value=1.0)


def encode_grid(x: Tensor, nrow: int = 8, value_range: tuple[float, float] | None = None) -> str:
    """A grid of images as a base64 PNG string, small enough to keep in a results file."""
    import base64
    import io

    from PIL import Image

    grid = image_grid(x, nrow=nrow, value_range=value_range)
    pixels = (grid.permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels[..., 0] if pixels.shape[2] == 1 else pixels).save(buf, format="PNG", optimize=True)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def decode_grid(encoded: str) -> Tensor:
    """The (C, H, W) grid in [0, 1] back from :func:`encode_grid`'s string."""
    import base64
    import binascii
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(base64.b64decode(encoded, validate=True)))
    except (binascii.Error, UnidentifiedImageError, ValueError) as err:
        raise ValueError("not an image grid written by gen_utils.plots.encode_grid") from err
    arr = torch.from_numpy(np.asarray(image.convert("RGB")).copy()).permute(2, 0, 1).float() / 255
    return arr[:1] if torch.equal(arr[0], arr[1]) and torch.equal(arr[1], arr[2]) else arr


def show_grid(grid: Tensor, ax: plt.Axes | None = None, title: str | None = None) -> plt.Figure:
    """Show a (C, H, W) grid in [0, 1], e.g. one decoded from a results file."""
    if ax is None:
        h, w = grid.shape[1:]
        _, ax = plt.subplots(figsize=(w / 60, h / 60))
    _imshow(ax, grid)
    if title:
        ax.set_title(title, fontsize=9)
    return ax.figure


def _imshow(ax: plt.Axes, grid: Tensor) -> None:
    img = grid.permute(1, 2, 0).numpy()
    ax.imshow(img[..., 0] if img.shape[2] == 1 else img, cmap="gray", vmin=0, vmax=1,
              interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_visible(False)


def show_images(x: Tensor, nrow: int = 8, title: str | None = None, ax: plt.Axes | None = None,
                value_range: tuple[float, float] | None = None, scale: float = 0.5) -> plt.Figure:
    """Show a batch of images as one grid; returns the figure."""
    grid = image_grid(x, nrow=nrow, value_range=value_range)
    if ax is None:
        h, w = grid.shape[1:]
        _, ax = plt.subplots(figsize=(scale * w / 30, scale * h / 30))
    _imshow(ax, grid)
    if title:
        ax.set_title(title)
    return ax.figure


def show_rows(rows: Mapping[str, Tensor], value_range: tuple[float, float] | None = None,
              title: str | None = None, scale: float = 0.6) -> plt.Figure:
    """Rows of images with a label on the left: e.g. inputs above their reconstructions."""
    if not rows:
        raise ValueError("give at least one row of images")
    n = max(len(v) for v in rows.values())
    fig, axes = plt.subplots(len(rows), 1, figsize=(scale * n, scale * 1.1 * len(rows)), squeeze=False)
    for ax, (label, x) in zip(axes[:, 0], rows.items()):
        _imshow(ax, image_grid(x, nrow=n, value_range=value_range))
        ax.set_ylabel(label, rotation=0, ha="right", va="center")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_history(history: "History | Mapping[str, History]", keys: Sequence[str] | None = None,
                 logy: bool = False, ax: plt.Axes | None = None, title: str | None = None) -> plt.Figure:
    """Loss curves against training steps, for one run or a dict of named runs."""
    runs = history if isinstance(history, Mapping) else {"": history}
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    for run, h in runs.items():
        for k in keys or list(h.values):
            label = f"{run} {k}".strip() if len(runs) > 1 or keys is None else (run or k)
            ax.plot(h.steps, h[k], label=label)
    ax.set_xlabel("training step")
    ax.set_ylabel("loss")
    if logy:
        ax.set_yscale("log")
    if title:
        ax.set_title(title)
    ax.legend(fontsize="small")
    ax.grid(alpha=0.3)
    return ax.figure


def latent_scatter(z: Tensor, labels: Tensor | None = None, classes: Sequence[str] | None = None,
                   ax: plt.Axes | None = None, title: str | None = None, max_points: int = 5000,
                   s: float = 2.0) -> plt.Figure:
    """Scatter 2-D codes, coloured by label (a legend names the classes)."""
    z = z.detach().float().cpu()
    if z.dim() != 2 or z.shape[1] != 2:
        raise ValueError(f"latent_scatter needs codes of shape (N, 2), got {tuple(z.shape)}")
    z = z[:max_points]
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 5))
    if labels is None:
        ax.scatter(z[:, 0], z[:, 1], s=s, alpha=0.6)
    else:
        y = labels.detach().cpu()[:max_points].numpy()
        cmap = plt.get_cmap("tab10")
        for c in np.unique(y):
            pts = z[y == c]
            name = classes[c] if classes is not None else str(c)
            ax.scatter(pts[:, 0], pts[:, 1], s=s, color=cmap(int(c) % 10), label=name, alpha=0.6)
        ax.legend(markerscale=4, fontsize="x-small", loc="best", framealpha=0.8)
    if title:
        ax.set_title(title)
    ax.set_aspect("equal", adjustable="datalim")
    return ax.figure


def interpolation_strip(decode, z0: Tensor, z1: Tensor, n: int = 10,
                        value_range: tuple[float, float] | None = None) -> plt.Figure:
    """Decode ``n`` points on the straight line from code ``z0`` to code ``z1`` and show them in a row."""
    if z0.shape != z1.shape:
        raise ValueError(f"z0 and z1 must have one shape, got {tuple(z0.shape)} and {tuple(z1.shape)}")
    t = torch.linspace(0, 1, n, device=z0.device).view(-1, *([1] * z0.dim()))
    with torch.no_grad():
        images = decode((1 - t) * z0 + t * z1)
    return show_rows({"": images}, value_range=value_range)


def prior_quantile_grid(decode, n: int = 15, outer: float = 0.95, device: torch.device | str = "cpu",
                        ax: plt.Axes | None = None, title: str | None = None) -> plt.Figure:
    """Decode an n x n grid of 2-D codes placed at quantiles of N(0, 1) in each coordinate (a VAE's manifold).

    ``decode`` maps codes of shape (n*n, 2) to images; quantile levels run from 1 - outer to outer, so the
    grid covers the prior's mass evenly; the second coordinate grows upwards.
    """
    if not 0.5 < outer < 1:
        raise ValueError(f"outer must be a quantile level between 0.5 and 1, not {outer}")
    z = torch.distributions.Normal(0.0, 1.0).icdf(torch.linspace(1 - outer, outer, n))
    z1, z2 = torch.meshgrid(z, z.flip(0), indexing="xy")
    codes = torch.stack([z1.flatten(), z2.flatten()], dim=1).to(device)
    with torch.no_grad():
        images = decode(codes)
    fig = show_images(images, nrow=n, ax=ax, title=title)
    return fig
