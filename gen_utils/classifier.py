"""A small image classifier trained and cached by the package: the judge of generated samples.

Its penultimate-layer features give a Fréchet distance and its class probabilities an Inception-style
score for 28x28 images ("FID/IS with a small classifier"). These numbers compare models within this book
only: they are not comparable with Inception-network FIDs of the literature.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .checkpoints import checkpoint_path
from .data import ImageData
from .models.layers import check_shape
from .train import Update, fit, map_batches


class SmallClassifier(nn.Module):
    """784 -> 512 -> 128 (features) -> 10 logits, on images with pixels in [0, 1]."""

    def __init__(self, image_shape: tuple[int, ...] = (1, 28, 28), n_classes: int = 10, feature_dim: int = 128):
        super().__init__()
        self.image_shape = tuple(image_shape)
        self.body = nn.Sequential(nn.Flatten(), nn.Linear(math.prod(self.image_shape), 512), nn.ReLU(), nn.Linear(512, feature_dim), nn.ReLU())
        self.head = nn.Linear(feature_dim, n_classes)

    def features(self, x: Tensor) -> Tensor:
        """Penultimate-layer features, L2-normalised (so distances do not depend on their overall scale)."""
        check_shape(x, self.image_shape, type(self).__name__)
        return F.normalize(self.body(x), dim=1)

    def forward(self, x: Tensor) -> Tensor:
        check_shape(x, self.image_shape, type(self).__name__)
        return self.head(self.body(x))

    def features_and_logits(self, x: Tensor) -> tuple[Tensor, Tensor]:
        """Both outputs from one pass through the body: normalised features and class logits."""
        check_shape(x, self.image_shape, type(self).__name__)
        h = self.body(x)
        return F.normalize(h, dim=1), self.head(h)


def load_classifier(data: ImageData, epochs: int = 5, seed: int = 0) -> SmallClassifier:
    """The classifier for ``data``'s images: loaded from its checkpoint, or trained (seconds) and cached.

    Training uses ``data.x_train`` mapped to [0, 1]; it is deterministic for a given seed.
    """
    lo, hi = data.value_range
    model = SmallClassifier(data.image_shape, len(data.classes)).to(data.x_train.device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def loss(batch):
        x, y = batch
        return F.cross_entropy(model((x - lo) / (hi - lo)), y)

    fit(model, Update("cross-entropy", opt, loss), (data.x_train, data.y_train), epochs=epochs, batch_size=128,
        seed=seed, desc=f"classifier for {data.title}", progress=False,
        checkpoint=checkpoint_path(f"classifier_{data.name}_{len(data.x_train)}_e{epochs}_s{seed}"))
    model.eval()
    return model


@torch.no_grad()
def accuracy(model: SmallClassifier, x: Tensor, y: Tensor) -> float:
    """Share of images classified as their label (pixels in [0, 1])."""
    return (map_batches(lambda b: model(b).argmax(1), x) == y).float().mean().item()
