"""DCGAN-style convolutional generator and discriminator for 28x28 images, with switches to break each guideline."""
from __future__ import annotations

from typing import Callable

import torch
from torch import Tensor, nn

from .layers import check_shape
from .spectral import spectral_norm as _spectral_norm

NORMS = ("batch", "layer", "none")
ACTIVATIONS: dict[str, Callable[[], nn.Module]] = {
    "relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(0.2), "tanh": nn.Tanh, "none": nn.Identity}
OUTPUTS: dict[str, Callable[[], nn.Module]] = {"tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "none": nn.Identity}


def _choice(value: str, allowed, what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; choose one of {sorted(allowed)}")
    return value


def _norm(kind: str, channels: int, size: int) -> nn.Module:
    """Batch norm, layer norm over (C, H, W), or nothing."""
    if kind == "batch":
        return nn.BatchNorm2d(channels)
    if kind == "layer":
        return nn.LayerNorm([channels, size, size])
    return nn.Identity()


def _check_image_shape(image_shape: tuple[int, ...]) -> tuple[int, int, int]:
    shape = tuple(int(s) for s in image_shape)
    if len(shape) != 3 or shape[1:] != (28, 28):
        raise ValueError(f"the DCGAN models are built for images of shape (C, 28, 28), got {shape}")
    return shape  # type: ignore[return-value]


class DCGANGenerator(nn.Module):
    """z -> 7x7 feature maps -> 14x14 -> 28x28 image, doubling the size with fractionally-strided convolutions.

    Guideline switches: ``upsample="nearest"`` (nearest-neighbour resize + convolution instead of transposed
    convolutions), ``norm="none"``, ``activation`` (ReLU in the paper), ``output`` (Tanh in the paper),
    ``fc_hidden`` > 0 (a fully connected hidden layer of that width before the convolutions).
    """

    def __init__(self, z_dim: int = 64, image_shape: tuple[int, ...] = (1, 28, 28), width: int = 32,
                 norm: str = "batch", activation: str = "relu", output: str = "tanh", upsample: str = "transposed",
                 fc_hidden: int = 0):
        super().__init__()
        c, _, _ = _check_image_shape(image_shape)
        self.z_dim, self.image_shape = int(z_dim), (c, 28, 28)
        _choice(norm, NORMS, "norm")
        act = ACTIVATIONS[_choice(activation, ACTIVATIONS, "activation")]
        out = OUTPUTS[_choice(output, OUTPUTS, "output")]
        _choice(upsample, ("transposed", "nearest"), "upsample")
        w2, w1 = 2 * width, width
        if fc_hidden > 0:
            stem: list[nn.Module] = [nn.Linear(self.z_dim, fc_hidden), act(), nn.Linear(fc_hidden, w2 * 49),
                                     nn.Unflatten(1, (w2, 7, 7))]
        else:  # the projection of z: a transposed convolution of the 1x1 "image" z (a linear map, no hidden layer)
            stem = [nn.Unflatten(1, (self.z_dim, 1, 1)), nn.ConvTranspose2d(self.z_dim, w2, 7, 1, 0, bias=False)]
        self.net = nn.Sequential(
            *stem, _norm(norm, w2, 7), act(),
            self._up(upsample, w2, w1), _norm(norm, w1, 14), act(),
            self._up(upsample, w1, c), out())

    @staticmethod
    def _up(kind: str, cin: int, cout: int) -> nn.Module:
        if kind == "transposed":
            return nn.ConvTranspose2d(cin, cout, 4, 2, 1)
        return nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(cin, cout, 3, 1, 1))

    def forward(self, z: Tensor) -> Tensor:
        """Images of shape (N, C, 28, 28) from noise of shape (N, z_dim)."""
        check_shape(z, (self.z_dim,), type(self).__name__)
        return self.net(z)


class DCGANDiscriminator(nn.Module):
    """28x28 image -> 14x14 -> 7x7 feature maps (strided convolutions) -> ``out_dim`` logits.

    ``features(x)`` returns the flattened 7x7 maps, so that other heads (InfoGAN's Q) can share the body.
    Guideline switches: ``downsample="pool"`` (stride-1 convolution + average pooling), ``norm`` ("batch" in
    the paper, "layer" or "none" for WGAN-GP critics), ``activation`` (LeakyReLU in the paper),
    ``fc_hidden`` > 0 (a fully connected hidden layer before the output), ``spectral_norm`` (SNGAN, gen_utils' own power iteration).
    """

    def __init__(self, image_shape: tuple[int, ...] = (1, 28, 28), width: int = 32, norm: str = "batch",
                 activation: str = "leaky_relu", downsample: str = "strided", fc_hidden: int = 0,
                 out_dim: int = 1, spectral_norm: bool = False):
        super().__init__()
        c, _, _ = _check_image_shape(image_shape)
        self.image_shape, self.out_dim = (c, 28, 28), int(out_dim)
        _choice(norm, NORMS, "norm")
        act = ACTIVATIONS[_choice(activation, ACTIVATIONS, "activation")]
        _choice(downsample, ("strided", "pool"), "downsample")
        sn = _spectral_norm if spectral_norm else (lambda m: m)

        def down(cin: int, cout: int) -> nn.Module:
            if downsample == "strided":
                return sn(nn.Conv2d(cin, cout, 4, 2, 1))
            return nn.Sequential(sn(nn.Conv2d(cin, cout, 3, 1, 1)), nn.AvgPool2d(2))

        w1, w2 = width, 2 * width
        # no normalisation on the first layer (the paper's advice: it made samples oscillate)
        self.body = nn.Sequential(down(c, w1), act(), down(w1, w2), _norm(norm, w2, 7), act(), nn.Flatten())
        self.feature_dim = w2 * 49
        if fc_hidden > 0:
            self.head: nn.Module = nn.Sequential(sn(nn.Linear(self.feature_dim, fc_hidden)), act(),
                                                 sn(nn.Linear(fc_hidden, self.out_dim)))
        else:
            self.head = sn(nn.Linear(self.feature_dim, self.out_dim))

    def features(self, x: Tensor) -> Tensor:
        """The shared body's flattened features, shape (N, feature_dim)."""
        check_shape(x, self.image_shape, type(self).__name__)
        return self.body(x)

    def forward(self, x: Tensor) -> Tensor:
        """Logits of shape (N,) (or (N, out_dim) when ``out_dim`` > 1)."""
        out = self.head(self.features(x))
        return out.squeeze(1) if self.out_dim == 1 else out


def dcgan_init(module: nn.Module) -> None:
    """The DCGAN paper's initialisation: weights from N(0, 0.02), batch-norm scales from N(1, 0.02)."""
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            weight = m.parametrizations.weight.original if hasattr(m, "parametrizations") else m.weight
            nn.init.normal_(weight, 0.0, 0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.zeros_(m.bias)


@torch.no_grad()
def interpolate_latents(z0: Tensor, z1: Tensor, steps: int, spherical: bool = False) -> Tensor:
    """``steps`` latent vectors from z0 to z1 (shape (steps, D)): linear, or along the great circle (slerp)."""
    if z0.shape != z1.shape or z0.dim() != 1:
        raise ValueError(f"interpolate_latents expects two vectors of the same shape (D,), got "
                         f"{tuple(z0.shape)} and {tuple(z1.shape)}")
    t = torch.linspace(0, 1, steps, device=z0.device, dtype=z0.dtype)[:, None]
    if not spherical:
        return (1 - t) * z0 + t * z1
    cos = torch.dot(z0, z1) / (z0.norm() * z1.norm())
    omega = torch.arccos(cos.clamp(-1 + 1e-7, 1 - 1e-7))
    return (torch.sin((1 - t) * omega) * z0 + torch.sin(t * omega) * z1) / torch.sin(omega)
