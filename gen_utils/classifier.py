"""The judge: a small convolutional classifier per data set, trained once and shipped with the package.

Its penultimate-layer features give a Fréchet distance and its class probabilities an Inception-style score
for 28x28 images ("FID/IS with a small classifier"), and its predictions the label accuracy of conditional
samples. Every chapter loads the same weights (``load_classifier``), so numbers from different chapters and
machines are judged by one network. They compare models within this book only: they are **not** comparable
with the Inception-network FIDs of the literature.

The weights were made by ``tools/train_judges.py`` (deterministic, on the CPU); their SHA-256 is pinned below,
so a changed, truncated or foreign file is refused with an error that says what to do.
"""
from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .batches import map_batches
from .models.layers import check_shape

#: data set name -> (file in gen_utils/judges/, its SHA-256). Written by tools/train_judges.py.
JUDGES: dict[str, tuple[str, str]] = {
    "mnist": ("mnist.pt", "eb619f77034e3dfd4c89787a7e4dc186893d08c9b3eabcd6f751926bfa2038a6"),
    "fashion_mnist": ("fashion_mnist.pt", "1bc60acaea72c4f45fcda57673f0876a365624a9ad91ce034b79fe928d6b73c6"),
    # chapter 15's spoken digits: two listeners (gen_utils.audio.AudioJudge), made by tools/train_audio_judge.py
    "spoken_digits": ("spoken_digits.pt", "c0b14a360c4b835c9f89df3f302671c58061e7846585f41827e6d4694f0ec897"),
}


class JudgeError(RuntimeError):
    """The judge's weights are missing, changed or made for another network."""


class SmallClassifier(nn.Module):
    """Four 3x3 convolutions with batch norm (28 -> 14 -> 7), global average pooling to 128 features, 10 logits.

    Takes images with pixels in [0, 1], shape (N, 1, 28, 28).
    """

    def __init__(self, image_shape: tuple[int, ...] = (1, 28, 28), n_classes: int = 10, feature_dim: int = 128):
        super().__init__()
        self.image_shape = tuple(image_shape)
        c = self.image_shape[0]

        def block(cin: int, cout: int) -> list[nn.Module]:
            return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]

        self.body = nn.Sequential(*block(c, 32), nn.MaxPool2d(2),
                                  *block(32, 64), *block(64, 64), nn.MaxPool2d(2),
                                  *block(64, feature_dim), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.head = nn.Linear(feature_dim, n_classes)

    def features(self, x: Tensor) -> Tensor:
        """Penultimate-layer features, L2-normalised (so distances do not depend on their overall scale)."""
        return self.features_and_logits(x)[0]

    def forward(self, x: Tensor) -> Tensor:
        """Class logits."""
        return self.features_and_logits(x)[1]

    def features_and_logits(self, x: Tensor) -> tuple[Tensor, Tensor]:
        """Both outputs from one pass through the body: normalised features and class logits."""
        check_shape(x, self.image_shape, type(self).__name__)
        h = self.body(x)
        return F.normalize(h, dim=1), self.head(h)


def judge_file(name: str) -> Path:
    """Path of the shipped weights of the judge for data set ``name``."""
    if name not in JUDGES:
        raise JudgeError(f"no judge ships for data set {name!r} (judges: {sorted(JUDGES)}); train one with "
                         "gen_utils.classifier.train_classifier and pass it to the metrics yourself")
    return Path(str(resources.files("gen_utils") / "judges" / JUDGES[name][0]))


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_judge_weights(model: nn.Module, path: Path, expected_sha256: str | None) -> nn.Module:
    """Load weights into ``model`` after checking the file's hash; errors name the file and what to do."""
    path = Path(path)
    if not path.is_file():
        raise JudgeError(f"the judge's weights {path} are missing: reinstall gen_utils (pip install -e .) "
                         "or restore the file from the repository")
    if expected_sha256 is not None and (found := sha256(path)) != expected_sha256:
        raise JudgeError(f"the judge's weights {path} are not the shipped ones (SHA-256 {found[:12]}..., "
                         f"expected {expected_sha256[:12]}...): restore the file from the repository "
                         "(git checkout -- gen_utils/judges) or, as a maintainer, re-run tools/train_judges.py")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
        model.load_state_dict(state)
    except Exception as err:
        raise JudgeError(f"the judge's weights {path} could not be loaded into {type(model).__name__} "
                         f"({type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}): restore the "
                         "file from the repository or re-run tools/train_judges.py") from err
    return model.eval()


def load_shipped_judge(model: nn.Module, name: str, device: torch.device | str) -> nn.Module:
    """``model`` with the shipped weights of data set ``name``'s judge (SHA-256 checked), noted in the results,
    frozen, in eval mode, on ``device``."""
    from .results import note_judge

    model = load_judge_weights(model, judge_file(name), JUDGES[name][1])
    note_judge(name, JUDGES[name][1])
    for p in model.parameters():
        p.requires_grad_(False)
    return model.to(device)


def load_classifier(data) -> SmallClassifier:
    """The fixed judge for ``data``'s data set (``data.name``), on ``data``'s device, in eval mode, frozen.

    The same shipped weights on every machine: nothing is trained. It takes images with pixels in [0, 1].
    """
    return load_shipped_judge(SmallClassifier(data.image_shape, len(data.classes)), data.name, data.x_train.device)


def add_noise(x: Tensor, sigma: float | Tensor, generator: torch.Generator | None = None) -> Tensor:
    """Images with Gaussian noise, clipped back to the pixel range: clip(x + sigma * eps, 0, 1), eps ~ N(0, I).

    ``sigma``: one number, or one per image (shape (N,)). Chapter 20 judges noisy real images with sigma = 0.2.
    """
    sigma = torch.as_tensor(sigma, dtype=x.dtype, device=x.device)
    if sigma.dim() == 1:
        if len(sigma) != len(x):
            raise ValueError(f"give one sigma or one per image ({len(x)}), not {len(sigma)}")
        sigma = sigma.view(-1, *([1] * (x.dim() - 1)))
    eps = torch.randn(x.shape, generator=generator, dtype=x.dtype).to(x.device)
    return (x + sigma * eps).clamp(0, 1)


def box_blur(x: Tensor, size: int = 5) -> Tensor:
    """Images averaged over a ``size`` x ``size`` box around each pixel (zero padding), channel by channel:
    y[i, j] = (1 / size^2) * sum of x over the box. Chapter 20 judges real images blurred by the 5x5 box."""
    if size < 1 or size % 2 == 0:
        raise ValueError(f"the box must have an odd size, not {size}")
    if x.dim() != 4:
        raise ValueError(f"box_blur takes images of shape (N, C, H, W), not {tuple(x.shape)}")
    c = x.shape[1]
    box = torch.full((c, 1, size, size), 1.0 / size**2, dtype=x.dtype, device=x.device)
    return F.conv2d(x, box, padding=size // 2, groups=c)


def corrupt_batch(x: Tensor, generator: torch.Generator, max_sigma: float = 0.3, blur: int = 5) -> Tensor:
    """The robust judges' augmentation: the first third of a batch gets Gaussian noise with sigma ~ U(0,
    ``max_sigma``) per image, the second third the ``blur`` box blur, the last third stays clean."""
    n = len(x)
    a, b = n // 3, 2 * n // 3
    sigma = torch.rand(a, generator=generator) * max_sigma
    return torch.cat([add_noise(x[:a], sigma.to(x.device), generator), box_blur(x[a:b], blur), x[b:]])


def train_classifier(x: Tensor, y: Tensor, epochs: int, seed: int = 0, batch_size: int = 128, lr: float = 2e-3,
                     shift: int = 2, progress: bool = True, n_classes: int = 10,
                     corrupt: bool = False) -> SmallClassifier:
    """Train a :class:`SmallClassifier` on images ``x`` (pixels in [0, 1]) with labels ``y``.

    Adam with a cosine-decayed learning rate, random shifts of up to ``shift`` pixels (zero padding) as
    augmentation, and with ``corrupt`` a third of each batch noised and a third blurred (:func:`corrupt_batch`),
    so that the judge still reads noisy and blurred digits; deterministic for a seed on one device. The judges
    were made by this function (``corrupt=True``).
    """
    from .train import Update, fit

    torch.manual_seed(seed)
    model = SmallClassifier(tuple(x.shape[1:]), n_classes).to(x.device)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    total = epochs * (len(x) // batch_size)
    step = [0]
    gen = torch.Generator(device="cpu").manual_seed(seed + 1)

    def loss(batch):
        xb, yb = batch
        if shift:
            dx, dy = torch.randint(-shift, shift + 1, (2,), generator=gen).tolist()
            xb = torch.roll(F.pad(xb, (shift,) * 4), (dy, dx), dims=(2, 3))[..., shift:-shift, shift:-shift]
        if corrupt:
            xb = corrupt_batch(xb, gen)
        for g in opt.param_groups:  # cosine decay of the learning rate over the run
            g["lr"] = lr * 0.5 * (1 + torch.cos(torch.tensor(step[0] / total * torch.pi)).item())
        step[0] += 1
        return F.cross_entropy(model(xb), yb)

    fit(model, Update("cross-entropy", opt, loss), (x, y), epochs=epochs, batch_size=batch_size, seed=seed,
        desc="judge", progress=progress, cuda_graph=False)
    return model.eval()


@torch.no_grad()
def accuracy(model: nn.Module, x: Tensor, y: Tensor) -> float:
    """Share of examples (images with pixels in [0, 1], or clips) classified as their label."""
    return (map_batches(lambda b: model(b).argmax(1), x, batch_size=128) == y).float().mean().item()
