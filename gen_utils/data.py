"""Data sets as tensors on the device: MNIST, Fashion-MNIST and 2-D toy distributions."""
from __future__ import annotations

import contextlib
import io
import math
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import Tensor

from .config import FAST_CAPS, capturing, data_root, data_root_label, fast_mode, get_device


class DataError(RuntimeError):
    """A data set is missing, unreadable or asked for with bad arguments."""


class DataNotFoundError(DataError, FileNotFoundError):
    """The files of a data set are not under the data root and could not be downloaded."""


# name -> (torchvision class name, folder under the root, title used in text and plots)
_IMAGE_SETS = {
    "mnist": ("MNIST", "MNIST"),
    "fashion_mnist": ("FashionMNIST", "Fashion-MNIST"),
}
_RAW_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
              "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


@dataclass
class LabelledSplits:
    """Train / validation / test examples and their labels of one data set, already on the device."""

    name: str
    title: str
    classes: list[str]
    x_train: Tensor
    y_train: Tensor
    x_val: Tensor
    y_val: Tensor
    x_test: Tensor
    y_test: Tensor
    value_range: tuple[float, float] = (0.0, 1.0)
    notes: list[str] = field(default_factory=list)


@dataclass
class ImageData(LabelledSplits):
    """Train / validation / test images and labels of one data set, already on the device.

    ``train_mean`` is the mean image of the whole training split (intensities, before any binarisation), the same
    in every budget: fast mode caps ``x_train`` but not this, so a model initialised from it starts alike everywhere.
    """

    train_mean: Tensor | None = None

    @property
    def image_shape(self) -> tuple[int, ...]:
        """Shape of one image, (channels, height, width)."""
        return tuple(self.x_train.shape[1:])

    @property
    def dim(self) -> int:
        """Number of pixels of one image."""
        return math.prod(self.image_shape)

    def __repr__(self) -> str:
        lo, hi = self.value_range
        return (f"{self.title}: train {tuple(self.x_train.shape)}, val {tuple(self.x_val.shape)}, "
                f"test {tuple(self.x_test.shape)}, pixels in [{lo:g}, {hi:g}], on {self.x_train.device}")


def _check_name(name: str) -> tuple[str, str]:
    try:
        return _IMAGE_SETS[name]
    except KeyError:
        raise DataError(f"unknown data set {name!r}; choose one of {sorted(_IMAGE_SETS)}") from None


def expected_files(name: str, root: Path | None = None) -> list[Path]:
    """The raw IDX files that ``torchvision.datasets`` expects for data set ``name``."""
    folder, _ = _check_name(name)
    root = data_root() if root is None else Path(root)
    return [root / folder / "raw" / f for f in _RAW_FILES]


def _missing_message(name: str, root: Path, reason: str) -> str:
    files = "\n".join(f"    {p}" for p in expected_files(name, root))
    return (f"{_IMAGE_SETS[name][1]} was not found under {root} and {reason}.\n"
            f"Put the four original IDX files (uncompressed) here, as torchvision.datasets expects:\n{files}\n"
            "or point the environment variable GEN_UTILS_DATA at a folder that holds them "
            "(its default is ~/.cache/gen_utils/data).")


def _download(name: str, root: Path) -> None:
    """Download into a temporary folder and move the raw files in only when all arrived."""
    import torchvision

    folder, _ = _check_name(name)
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".download-{folder}-", dir=root))
    try:
        log = io.StringIO()
        try:
            with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
                getattr(torchvision.datasets, folder)(str(tmp), train=True, download=True)
        except Exception as err:  # URLError, RuntimeError, OSError: all mean "could not download"
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise DataNotFoundError(_missing_message(
                name, root, f"could not be downloaded (no network? torchvision said: {first.rstrip(':')})")) from err
        target = root / folder / "raw"
        target.mkdir(parents=True, exist_ok=True)
        for f in _RAW_FILES:
            shutil.move(str(tmp / folder / "raw" / f), str(target / f))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _read_split(name: str, train: bool, download: bool) -> tuple[Tensor, Tensor, list[str]]:
    import torchvision

    folder, _ = _check_name(name)
    root = data_root()
    if not all(p.is_file() for p in expected_files(name, root)):
        if not download:
            raise DataNotFoundError(_missing_message(name, root, "download=False was given"))
        _download(name, root)
    try:
        ds = getattr(torchvision.datasets, folder)(str(root), train=train, download=False)
        x, y = ds.data, ds.targets
    except Exception as err:
        raise DataError(f"the {folder} files under {root / folder / 'raw'} could not be read ({err}); "
                        "they may be truncated or corrupt: delete them and run again to download "
                        "fresh copies, or copy the original files there") from err
    return x, y, list(ds.classes)


def binarize(x: Tensor, generator: torch.Generator | None = None) -> Tensor:
    """Sample each pixel from Bernoulli(intensity): intensities in [0, 1] become 0/1 values."""
    # (checked eagerly; skipped while a CUDA graph is captured, where reading a value back is not allowed)
    if x.numel() and not capturing() and (x.min() < 0 or x.max() > 1):
        raise ValueError("binarize expects pixel intensities in [0, 1]; "
                         "binarize before mapping the images to [-1, 1]")
    return torch.bernoulli(x, generator=generator)


def edge_map(x: Tensor, threshold: float = 0.25, value_range: tuple[float, float] = (-1.0, 1.0)) -> Tensor:
    """Binary edge maps of greyscale images (N, 1, H, W): Sobel gradient magnitude of the [0, 1] intensities
    above ``threshold``, returned in ``value_range`` (edges high), for pix2pix-style edges -> image tasks."""
    import torch.nn.functional as F

    if x.dim() != 4 or x.shape[1] != 1:
        raise ValueError(f"edge_map needs single-channel images (N, 1, H, W), got {tuple(x.shape)}")
    lo, hi = value_range
    u = (x.float() - lo) / (hi - lo)
    kx = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]], device=x.device) / 4
    k = torch.stack([kx, kx.T])[:, None]                       # (2, 1, 3, 3): d/dx and d/dy
    g = F.conv2d(F.pad(u, (1, 1, 1, 1), mode="replicate"), k)
    edges = (g.pow(2).sum(1, keepdim=True).sqrt() > threshold).to(x.dtype)
    return lo + (hi - lo) * edges


def load_images(name: str = "mnist", *, val_size: int = 10_000, value_range: tuple[float, float] = (0.0, 1.0),
                binarized: str | None = None, fallback: str | None = None, download: bool = True,
                device: torch.device | str | None = None, seed: int = 0) -> ImageData:
    """Load an image data set once into tensors on the device, shape (N, 1, 28, 28).

    The validation set is the last ``val_size`` training images (train[:-val_size] is trained on).
    ``binarized="static"`` samples every pixel once from Bernoulli(intensity) with a fixed seed;
    for dynamic binarization call :func:`binarize` on each batch instead. If the data set is missing
    and cannot be downloaded, ``fallback`` names another one to use (the returned ``notes`` say so).
    """
    _check_name(name)
    if binarized not in (None, "static"):
        raise DataError(f"binarized must be None or 'static', not {binarized!r} "
                        "(for dynamic binarization call gen_utils.data.binarize on each batch)")
    lo, hi = value_range
    if not hi > lo:
        raise DataError(f"value_range must be (low, high) with high > low, not {value_range!r}")
    notes: list[str] = []
    try:
        x_tr, y_tr, classes = _read_split(name, True, download)
    except DataNotFoundError as err:
        if fallback is None:
            raise
        note = (f"{_IMAGE_SETS[name][1]} is not available here (not under {data_root_label()}, no download); "
                f"using {_IMAGE_SETS[fallback][1]} instead: every number below is for {_IMAGE_SETS[fallback][1]}.")
        print(note)
        data = load_images(fallback, val_size=val_size, value_range=value_range, binarized=binarized,
                           download=download, device=device, seed=seed)
        data.notes.insert(0, note)
        return data
    x_te, y_te, _ = _read_split(name, False, download)
    if not 0 < val_size < len(x_tr):
        raise DataError(f"val_size must be between 1 and {len(x_tr) - 1}, not {val_size}")

    x_tr, x_va = x_tr[:-val_size], x_tr[-val_size:]
    y_tr, y_va = y_tr[:-val_size], y_tr[-val_size:]
    device = torch.device(device) if device is not None else get_device()

    def to_unit(x: Tensor) -> Tensor:                       # bytes (n, h, w) -> intensities in [0, 1], (n, 1, h, w)
        return x.float().div_(255.0).unsqueeze(1)

    def to_range(x: Tensor) -> Tensor:                      # [0, 1] -> [lo, hi], on the device
        return (x * (hi - lo) + lo).to(device)

    train_mean = to_range(to_unit(x_tr)).mean(0)            # before the cap
    if fast_mode():
        x_tr, y_tr = x_tr[:FAST_CAPS["train"]], y_tr[:FAST_CAPS["train"]]
        x_va, y_va = x_va[:FAST_CAPS["val"]], y_va[:FAST_CAPS["val"]]
        x_te, y_te = x_te[:FAST_CAPS["test"]], y_te[:FAST_CAPS["test"]]
        notes.append("fast mode: data capped at "
                     f"{len(x_tr)} train / {len(x_va)} val / {len(x_te)} test images")

    gen = torch.Generator().manual_seed(seed)

    def prepare(x: Tensor) -> Tensor:
        x = to_unit(x)
        return to_range(binarize(x, gen) if binarized == "static" else x)

    from .results import note_data
    note_data(name)
    return ImageData(name=name, title=_IMAGE_SETS[name][1], classes=classes,
                     x_train=prepare(x_tr), y_train=y_tr.long().to(device),
                     x_val=prepare(x_va), y_val=y_va.long().to(device),
                     x_test=prepare(x_te), y_test=y_te.long().to(device),
                     value_range=(float(lo), float(hi)), notes=notes, train_mean=train_mean)


# --------------------------------------------------------------------------- 2-D toy distributions

def ring_centers(n_modes: int = 8, radius: float = 2.0) -> Tensor:
    """Centres of ``n_modes`` Gaussians evenly spaced on a circle."""
    angles = torch.arange(n_modes) * (2 * math.pi / n_modes)
    return radius * torch.stack([angles.cos(), angles.sin()], dim=1)


def grid_centers(size: int = 5, spacing: float = 2.0) -> Tensor:
    """Centres of a ``size`` x ``size`` grid of Gaussians, centred on the origin."""
    ticks = (torch.arange(size) - (size - 1) / 2) * spacing
    gx, gy = torch.meshgrid(ticks, ticks, indexing="ij")
    return torch.stack([gx.flatten(), gy.flatten()], dim=1)


def _mixture(centers: Tensor, n: int, std: float, generator: torch.Generator | None) -> Tensor:
    idx = torch.randint(len(centers), (n,), generator=generator)
    return centers[idx] + std * torch.randn(n, 2, generator=generator)


def ring_of_gaussians(n: int, n_modes: int = 8, radius: float = 2.0, std: float = 0.02,
                      generator: torch.Generator | None = None) -> Tensor:
    """``n`` samples from an equal mixture of Gaussians on a ring (the GAN papers' 8-mode toy)."""
    return _mixture(ring_centers(n_modes, radius), n, std, generator)


def grid_of_gaussians(n: int, size: int = 5, spacing: float = 2.0, std: float = 0.05,
                      generator: torch.Generator | None = None) -> Tensor:
    """``n`` samples from an equal mixture of Gaussians on a ``size`` x ``size`` grid."""
    return _mixture(grid_centers(size, spacing), n, std, generator)


def swiss_roll(n: int, noise: float = 0.05, generator: torch.Generator | None = None) -> Tensor:
    """``n`` samples from a 2-D swiss roll, scaled to about [-2, 2]^2."""
    t = 1.5 * math.pi * (1 + 2 * torch.rand(n, generator=generator))
    pts = torch.stack([t * t.cos(), t * t.sin()], dim=1) / 7.5
    return pts + noise * torch.randn(n, 2, generator=generator)


def two_moons(n: int, noise: float = 0.05, generator: torch.Generator | None = None) -> Tensor:
    """``n`` samples from two interleaved half circles of radius 1 (upper centred at (0, 0), lower at (1, 0.5)), centred
    on the origin and scaled by 2 to about [-3, 3] x [-1.5, 1.5], plus Gaussian noise of sd ``noise`` (after scaling)."""
    upper = torch.rand(n, generator=generator) < 0.5
    angle = math.pi * torch.rand(n, generator=generator)
    pts = torch.stack([angle.cos(), angle.sin()], dim=1)
    lower = torch.stack([1 - pts[:, 0], 0.5 - pts[:, 1]], dim=1)
    pts = torch.where(upper[:, None], pts, lower) - torch.tensor([0.5, 0.25])
    return 2 * pts + noise * torch.randn(n, 2, generator=generator)


TOY_DISTRIBUTIONS = {"ring": ring_of_gaussians, "grid": grid_of_gaussians, "swiss_roll": swiss_roll,
                     "two_moons": two_moons}


def sample_toy(name: str, n: int, *, device: torch.device | str | None = None,
               generator: torch.Generator | None = None) -> Tensor:
    """``n`` samples of a 2-D toy distribution by name: 'ring', 'grid', 'swiss_roll' or 'two_moons'."""
    if name not in TOY_DISTRIBUTIONS:
        raise DataError(f"unknown toy distribution {name!r}; choose one of {sorted(TOY_DISTRIBUTIONS)}")
    if n < 1:
        raise DataError(f"n must be a positive number of samples, not {n}")
    x = TOY_DISTRIBUTIONS[name](n, generator=generator)
    return x.to(device if device is not None else get_device())
