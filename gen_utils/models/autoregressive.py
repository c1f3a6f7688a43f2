"""Autoregressive models of binary images (chapter 16 writes them): a fully visible sigmoid belief net, MADE's
masked linear layers, PixelCNN's masked convolutions, and ancestral sampling for all three.

Each model maps a batch of binary images ``x`` (N, C, H, W) to one Bernoulli logit per pixel, where the logit of
pixel i is computed from the pixels before i in the model's ``order`` only; so
log p(x) = sum_i log p(x_i | x_<i) is one pass (:func:`bernoulli_log_prob`), and sampling is one pass per pixel.
"""
from __future__ import annotations

import math
from typing import Sequence

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from ..losses import bernoulli_nll
from .layers import check_shape, evaluating


def made_degrees(n_in: int, hidden: Sequence[int], order: Tensor | None = None,
                 generator: torch.Generator | None = None) -> list[Tensor]:
    """MADE's degrees: input d gets its position 1..D in ``order`` (default 0, 1, ..., D-1); each hidden unit
    gets a random integer in [min degree of the layer below, D - 1], so that it sees some inputs but never all."""
    if n_in < 2:
        raise ValueError(f"an autoregressive model needs at least 2 inputs, got {n_in}")
    order = torch.arange(n_in) if order is None else torch.as_tensor(order)
    if sorted(order.tolist()) != list(range(n_in)):
        raise ValueError(f"order must be a permutation of 0..{n_in - 1}")
    inputs = torch.empty(n_in, dtype=torch.long)
    inputs[order] = torch.arange(1, n_in + 1)
    degrees = [inputs]
    for h in hidden:
        low = int(degrees[-1].min().clamp(max=n_in - 1))
        degrees.append(torch.randint(low, n_in, (int(h),), generator=generator))
    return degrees


def made_masks(degrees: Sequence[Tensor]) -> list[Tensor]:
    """Masks (out, in) from degrees: hidden units connect when m_out >= m_in, outputs when d_out > m_in
    (strictly), so output d depends only on inputs of smaller degree."""
    masks = [(d_out[:, None] >= d_in[None, :]).float() for d_in, d_out in zip(degrees[:-1], degrees[1:])]
    masks.append((degrees[0][:, None] > degrees[-1][None, :]).float())
    return masks


class MaskedLinear(nn.Linear):
    """A linear layer whose weight is multiplied by a fixed 0/1 mask (out, in): y = x (W * M)^T + b."""

    def __init__(self, in_features: int, out_features: int, mask: Tensor, bias: bool = True):
        super().__init__(in_features, out_features, bias)
        if tuple(mask.shape) != (out_features, in_features):
            raise ValueError(f"mask must have shape ({out_features}, {in_features}), got {tuple(mask.shape)}")
        self.register_buffer("mask", mask.float().clone())

    def forward(self, x: Tensor) -> Tensor:
        return F.linear(x, self.weight * self.mask, self.bias)


class MADE(nn.Module):
    """Masked auto-encoder for distribution estimation: an MLP with masked layers (ReLU between them), one logit
    per pixel; with ``hidden=()`` it is the fully visible sigmoid belief net (one strictly triangular layer).
    ``direct=True`` adds the authors' direct connections: a strictly triangular (in ``order``) linear map from the
    inputs to the logits, so every output sees every earlier pixel, whatever the hidden units' random degrees."""

    def __init__(self, image_shape: Sequence[int] = (1, 28, 28), hidden: Sequence[int] = (500,),
                 order: Tensor | None = None, seed: int = 0, direct: bool = False):
        super().__init__()
        self.image_shape = tuple(int(s) for s in image_shape)
        n = math.prod(self.image_shape)
        self.register_buffer("order", torch.arange(n) if order is None else torch.as_tensor(order).long().clone())
        degrees = made_degrees(n, hidden, self.order, torch.Generator().manual_seed(seed))
        masks = made_masks(degrees)
        sizes = [n, *[int(h) for h in hidden], n]
        layers: list[nn.Module] = []
        for i, mask in enumerate(masks):
            layers.append(MaskedLinear(sizes[i], sizes[i + 1], mask))
            if i < len(masks) - 1:
                layers.append(nn.ReLU())
        self.net = nn.Sequential(*layers)
        #: x -> logits through the strictly triangular mask of the input degrees (None without direct connections)
        self.direct = (MaskedLinear(n, n, (degrees[0][:, None] > degrees[0][None, :]).float(), bias=False)
                       if direct and hidden else None)

    def forward(self, x: Tensor) -> Tensor:
        """Logits of p(x_i = 1 | x_<i) for every pixel, shape of ``x``."""
        check_shape(x, self.image_shape, type(self).__name__)
        flat = x.flatten(1)
        out = self.net(flat)
        if self.direct is not None:
            out = out + self.direct(flat)
        return out.view_as(x)

    def logits_at(self, x: Tensor, i: int) -> Tensor:
        """Logits of flat pixel ``i`` (N,), from the pixels before it."""
        return self(x).flatten(1)[:, i]


class MaskedConv2d(nn.Conv2d):
    """A convolution that sees only the pixels above and to the left of its centre (raster order): type 'A' also
    hides the centre (the first layer: a pixel must not see itself), type 'B' shows it (every later layer)."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, mask_type: str):
        if mask_type not in ("A", "B"):
            raise ValueError(f"mask_type must be 'A' or 'B', got {mask_type!r}")
        if kernel_size % 2 != 1:
            raise ValueError(f"a masked convolution needs an odd kernel size, got {kernel_size}")
        super().__init__(in_channels, out_channels, kernel_size, padding=kernel_size // 2)
        c = kernel_size // 2
        mask = torch.ones_like(self.weight)
        mask[:, :, c, c + (mask_type == "B"):] = 0       # the centre's row: right of the centre (and the centre for A)
        mask[:, :, c + 1:] = 0                          # every row below the centre
        self.mask_type = mask_type
        self.register_buffer("mask", mask)

    def forward(self, x: Tensor) -> Tensor:
        return F.conv2d(x, self.weight * self.mask, self.bias, padding=self.padding)


class ResidualMaskedBlock(nn.Module):
    """PixelCNN's residual block (van den Oord et al. 2016, Figure 5): x + [ReLU, 1 x 1 to h/2, ReLU, 3 x 3 type-B
    masked convolution, ReLU, 1 x 1 back to h](x); it reaches one row further up, like one 3 x 3 layer."""

    def __init__(self, channels: int):
        super().__init__()
        if channels < 2 or channels % 2:
            raise ValueError(f"a residual block needs an even number of channels, got {channels}")
        half = channels // 2
        self.body = nn.Sequential(nn.ReLU(), nn.Conv2d(channels, half, 1), nn.ReLU(), MaskedConv2d(half, half, 3, "B"),
                                  nn.ReLU(), nn.Conv2d(half, channels, 1))

    def forward(self, x: Tensor) -> Tensor:
        return x + self.body(x)


class PixelCNN(nn.Module):
    """A small PixelCNN for one-channel binary images: a k x k type-A masked convolution, ``layers`` 3 x 3 type-B
    masked convolutions with ReLU (or, with ``residual=True``, ``layers`` :class:`ResidualMaskedBlock`s), two 1 x 1
    convolutions to one logit per pixel."""

    def __init__(self, image_shape: Sequence[int] = (1, 28, 28), channels: int = 32, layers: int = 5,
                 first_kernel: int = 7, residual: bool = False):
        super().__init__()
        self.image_shape = tuple(int(s) for s in image_shape)
        if self.image_shape[0] != 1:
            raise ValueError(f"this PixelCNN models one-channel images, got shape {self.image_shape}")
        body: list[nn.Module] = [MaskedConv2d(1, channels, first_kernel, "A")]
        if residual:
            body += [ResidualMaskedBlock(channels) for _ in range(layers)] + [nn.ReLU()]
        else:
            body.append(nn.ReLU())
            for _ in range(layers):
                body += [MaskedConv2d(channels, channels, 3, "B"), nn.ReLU()]
        body += [nn.Conv2d(channels, channels, 1), nn.ReLU(), nn.Conv2d(channels, 1, 1)]
        self.net = nn.Sequential(*body)
        #: rows above a pixel that can reach its logit: k // 2 from the first layer, one per 3 x 3 layer
        self.rows_above = first_kernel // 2 + layers
        self.register_buffer("order", torch.arange(math.prod(self.image_shape)))

    def forward(self, x: Tensor) -> Tensor:
        """Logits of p(x_ij = 1 | pixels before ij in raster order), shape of ``x``."""
        check_shape(x, self.image_shape, type(self).__name__)
        return self.net(x)

    def logits_at(self, x: Tensor, i: int) -> Tensor:
        """Logits of flat pixel ``i`` (N,), computed on the ``rows_above + 1`` rows ending at its row only: the rows
        cut off are out of its reach, and the zero padding that replaces them spoils only rows it does not read."""
        width = self.image_shape[2]
        r, c = divmod(int(i), width)
        top = max(0, r - self.rows_above)
        return self.net(x[:, :, top:r + 1])[:, 0, r - top, c]


def bernoulli_log_prob(logits: Tensor, x: Tensor) -> Tensor:
    """log p(x) per example, in nats: sum over pixels of x log sigmoid(l) + (1 - x) log sigmoid(-l), i.e. minus
    :func:`gen_utils.losses.bernoulli_nll` (the VAEs' reconstruction loss, the same Bernoulli pixels)."""
    return -bernoulli_nll(logits, x)


@torch.no_grad()
def exact_nll(model: nn.Module, x: Tensor, batch_size: int = 500) -> tuple[float, float]:
    """Exact -log p(x) in nats over binary images ``x``: the mean and its standard error (sd / sqrt(N))."""
    if not torch.all((x == 0) | (x == 1)):
        raise ValueError("exact_nll scores binary images (pixels 0 or 1): binarise them first, e.g. "
                         "gu.data.binarize(x, generator)")
    with evaluating(model):
        nll = torch.cat([-bernoulli_log_prob(model(b), b) for b in x.split(batch_size)]).double()
    return nll.mean().item(), (nll.std() / math.sqrt(len(nll))).item() if len(nll) > 1 else 0.0


def nats_to_bits_per_dim(nats: float, dim: int) -> float:
    """A negative log-likelihood of ``dim`` numbers in nats, as bits per number: nats / (dim ln 2)."""
    if dim < 1:
        raise ValueError(f"dim must be positive, got {dim}")
    return nats / (dim * math.log(2))


@torch.no_grad()
def sample(model: nn.Module, n: int = 64, given: Tensor | None = None, known: Tensor | None = None,
           seed: int = 0, progress: bool = False) -> Tensor:
    """Ancestral sampling: for each pixel i in ``model.order``, draw x_i ~ Bernoulli(sigmoid(logit_i(x_<i))).

    One network pass per pixel. With ``given`` images and a boolean ``known`` mask of their shape, the known pixels
    are kept and only the others are drawn (completions); a pixel known in every image is skipped.
    """
    device = next(model.parameters()).device
    shape = (n, *model.image_shape)
    if given is None:
        x = torch.zeros(shape, device=device)
        known_flat = torch.zeros(n, math.prod(model.image_shape), dtype=torch.bool, device=device)
    else:
        if known is None or given.shape != known.shape:
            raise ValueError("completions need `given` images and a boolean `known` mask of the same shape")
        check_shape(given, model.image_shape, "sample")
        x, known_flat = given.clone().to(device), known.to(device).flatten(1).bool()
        n = len(x)
    generator = torch.Generator(device=device).manual_seed(seed)
    flat = x.view(n, -1)
    known_everywhere = known_flat.all(0).tolist()          # read once, not once per pixel (a sync each on a GPU)
    order = [int(i) for i in model.order.tolist() if not known_everywhere[int(i)]]
    if progress:
        from tqdm.auto import tqdm
        order = tqdm(order, desc="sampling pixels", leave=False)
    with evaluating(model):
        for i in order:
            p = torch.sigmoid(model.logits_at(x, i))
            draw = (torch.rand(n, device=device, generator=generator) < p).float()
            flat[:, i] = torch.where(known_flat[:, i], flat[:, i], draw)
    return x
