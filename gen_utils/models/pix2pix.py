"""pix2pix parts for 28x28 images: a U-Net generator (skips switchable) and a PatchGAN discriminator."""
from __future__ import annotations

import torch
from torch import Tensor, nn

from .layers import check_shape


def _down(cin: int, cout: int, norm: bool = True) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 4, 2, 1), nn.BatchNorm2d(cout) if norm else nn.Identity(),
                         nn.LeakyReLU(0.2))


def _up(cin: int, cout: int, dropout: float) -> nn.Sequential:
    return nn.Sequential(nn.ConvTranspose2d(cin, cout, 4, 2, 1), nn.BatchNorm2d(cout), nn.Dropout(dropout), nn.ReLU())


class UNet(nn.Module):
    """28x28 -> 14x14 -> 7x7 -> 14x14 -> 28x28, with skip connections that concatenate each encoder level's
    features to the decoder's input at the same size (``skips=False``: the plain encoder-decoder).

    ``code``: squeeze the 7x7 maps to a 1x1 map of ``code`` channels and back (a 7x7 convolution and its
    transpose), the paper's bottleneck; without it the innermost maps hold 7*7*4*width values, more than the
    784 input pixels, and the encoder-decoder need not compress anything. Dropout in the decoder is, as in
    pix2pix, the generator's only source of randomness."""

    def __init__(self, in_channels: int = 1, out_channels: int = 1, width: int = 32, skips: bool = True,
                 dropout: float = 0.5, code: int | None = None):
        super().__init__()
        self.in_channels, self.skips = int(in_channels), bool(skips)
        w = width
        self.enc1, self.enc2 = _down(in_channels, w, norm=False), _down(w, 2 * w)          # 14x14, 7x7
        self.bottleneck = nn.Sequential(nn.Conv2d(2 * w, 4 * w, 3, 1, 1), nn.BatchNorm2d(4 * w), nn.ReLU())
        if code is not None and code < 1:
            raise ValueError(f"code must be a positive number of channels (or None), not {code}")
        self.squeeze = nn.Identity() if code is None else nn.Sequential(
            nn.Conv2d(4 * w, code, 7), nn.ReLU(),                                           # 7x7 -> 1x1 x code
            nn.ConvTranspose2d(code, 4 * w, 7), nn.BatchNorm2d(4 * w), nn.ReLU())           # 1x1 -> 7x7
        s = 1 if skips else 0
        self.dec2 = _up(4 * w + s * 2 * w, w, dropout)                                      # 7 -> 14
        self.dec1 = nn.Sequential(nn.ConvTranspose2d(w + s * w, out_channels, 4, 2, 1), nn.Tanh())  # 14 -> 28

    def forward(self, x: Tensor) -> Tensor:
        """Output images (N, out_channels, 28, 28) in [-1, 1] from inputs (N, in_channels, 28, 28)."""
        check_shape(x, (self.in_channels, 28, 28), type(self).__name__)
        e1 = self.enc1(x)
        e2 = self.enc2(e1)
        b = self.squeeze(self.bottleneck(e2))
        d2 = self.dec2(torch.cat([b, e2], 1) if self.skips else b)
        return self.dec1(torch.cat([d2, e1], 1) if self.skips else d2)


class PatchDiscriminator(nn.Module):
    """Conditional PatchGAN: (condition, image) pairs -> a map of logits, one per overlapping patch.

    ``n_layers`` strided convolutions then a 3x3 output convolution; the receptive field (the patch each logit
    sees) is 8, 18 or 38 pixels for 1, 2 or 3 layers (38 > 28: the whole image, an "ImageGAN"). With
    ``in_channels`` equal to the image's channels it is unconditional: call it with ``condition=None``.
    """

    def __init__(self, in_channels: int = 2, width: int = 32, n_layers: int = 2):
        super().__init__()
        if not 1 <= n_layers <= 3:
            raise ValueError(f"n_layers must be 1, 2 or 3 for 28x28 images, not {n_layers}")
        self.in_channels = int(in_channels)
        layers: list[nn.Module] = [_down(in_channels, width, norm=False)]
        c = width
        for _ in range(n_layers - 1):
            layers.append(_down(c, 2 * c))
            c *= 2
        layers.append(nn.Conv2d(c, 1, 3, 1, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, condition: Tensor | None, image: Tensor) -> Tensor:
        """Logits of shape (N, 1, h, w): one real/fake judgement per patch (``condition=None``: unconditional)."""
        x = image if condition is None else torch.cat([condition, image], 1)
        check_shape(x, (self.in_channels, 28, 28), type(self).__name__)
        return self.net(x)


class PatchGAN(nn.Module):
    """Conditional PatchGAN laid out as the pix2pix authors' discriminators (chapter 10): (condition, image) pairs
    -> a map of logits, one per overlapping ``patch`` x ``patch`` window.

    Every hidden convolution but the first is followed by batch norm, and all by LeakyReLU(0.2); ``width`` channels
    in the first layer, doubling after. ``patch`` (the receptive field, 1 + sum (k - 1) * prod of earlier strides):
      1: three 1x1 convolutions (the authors' PixelGAN);
      8: a 4x4 stride-2 convolution, a 3x3 and a 1x1 one (8/28 of the side, as the paper's default 70/256);
      16: a 4x4 stride-2 convolution, then two 4x4 stride-1 ones (the authors' ``n_layers_D = 1``);
      34: two 4x4 stride-2 convolutions, then two 4x4 stride-1 ones (``n_layers_D = 2``; more than the 28x28 image).
    With ``in_channels`` equal to the image's channels it is unconditional: call it with ``condition=None``."""

    PATCHES = (1, 8, 16, 34)

    def __init__(self, in_channels: int = 2, width: int = 32, patch: int = 8):
        super().__init__()
        if patch not in self.PATCHES:
            raise ValueError(f"patch must be one of {self.PATCHES} (pixels of a 28x28 image), not {patch}")
        self.in_channels, self.patch, w = int(in_channels), int(patch), int(width)

        def block(cin: int, cout: int, k: int, stride: int, norm: bool) -> list[nn.Module]:
            return [nn.Conv2d(cin, cout, k, stride, 1 if k > 1 else 0, bias=not norm),
                    *([nn.BatchNorm2d(cout)] if norm else []), nn.LeakyReLU(0.2)]

        if patch == 1:
            layers = [*block(self.in_channels, w, 1, 1, False), *block(w, 2 * w, 1, 1, True), nn.Conv2d(2 * w, 1, 1)]
        elif patch == 8:
            layers = [*block(self.in_channels, w, 4, 2, False), *block(w, 2 * w, 3, 1, True), nn.Conv2d(2 * w, 1, 1)]
        elif patch == 16:
            layers = [*block(self.in_channels, w, 4, 2, False), *block(w, 2 * w, 4, 1, True), nn.Conv2d(2 * w, 1, 4, 1, 1)]
        else:
            layers = [*block(self.in_channels, w, 4, 2, False), *block(w, 2 * w, 4, 2, True),
                      *block(2 * w, 4 * w, 4, 1, True), nn.Conv2d(4 * w, 1, 4, 1, 1)]
        self.net = nn.Sequential(*layers)

    def forward(self, condition: Tensor | None, image: Tensor) -> Tensor:
        """Logits of shape (N, 1, h, w): one real/fake judgement per patch (``condition=None``: unconditional)."""
        x = image if condition is None else torch.cat([condition, image], 1)
        check_shape(x, (self.in_channels, 28, 28), type(self).__name__)
        return self.net(x)


def receptive_field(module: nn.Module) -> int:
    """Side of the input patch that one output unit depends on, from the convolutions' kernels and strides."""
    size, jump = 1, 1
    for m in module.modules():
        if isinstance(m, nn.Conv2d):
            size += (m.kernel_size[0] - 1) * jump
            jump *= m.stride[0]
    return size
