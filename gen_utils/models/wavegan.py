"""WaveGAN (Donahue et al., 2019): DCGAN flattened to one dimension, for raw audio (chapter 15).

Generator: a dense layer to 16 time steps, then ``n_layers`` transposed convolutions with kernels of length 25 and
stride 4 (16 · 4^n samples: 16,384 for the paper's five layers), ReLU between them and tanh at the end. Critic: the
mirror image with strided convolutions, leaky ReLU (0.2) and phase shuffle after every convolution but the last,
then one dense output (a WGAN-GP critic: no sigmoid, no batch norm).
"""
from __future__ import annotations

from torch import Tensor, nn

from ..audio import phase_shuffle
from .layers import check_shape

KERNEL, STRIDE = 25, 4


def wavegan_length(n_layers: int) -> int:
    """Samples a WaveGAN with ``n_layers`` upsampling layers makes: 16 · 4^n_layers."""
    return 16 * STRIDE ** n_layers


def _channels(d: int, n_layers: int) -> list[int]:
    """Channels from the dense layer down to the waveform: d·2^(n-1), ..., 2d, d, then 1."""
    if d < 1 or n_layers < 1:
        raise ValueError(f"WaveGAN needs a model size d >= 1 and at least one layer, got d={d}, n_layers={n_layers}")
    return [d * 2 ** (n_layers - 1 - i) for i in range(n_layers)] + [1]


class WaveGANGenerator(nn.Module):
    """z (N, z_dim) -> waveform (N, 1, 16 · 4^n_layers) in [-1, 1]; the paper's is d = 64, n_layers = 5."""

    def __init__(self, z_dim: int = 100, d: int = 64, n_layers: int = 5) -> None:
        super().__init__()
        ch = _channels(d, n_layers)
        self.z_dim, self.length = z_dim, wavegan_length(n_layers)
        self.project = nn.Linear(z_dim, 16 * ch[0])
        layers: list[nn.Module] = [nn.Unflatten(1, (ch[0], 16)), nn.ReLU()]
        for i in range(n_layers):
            # length L -> 4L: (L - 1)·4 - 2·11 + 25 + 1 = 4L
            layers.append(nn.ConvTranspose1d(ch[i], ch[i + 1], KERNEL, STRIDE, padding=11, output_padding=1))
            layers.append(nn.ReLU() if i < n_layers - 1 else nn.Tanh())
        self.net = nn.Sequential(*layers)

    def forward(self, z: Tensor) -> Tensor:
        check_shape(z, (self.z_dim,), "WaveGANGenerator")
        return self.net(self.project(z))


class WaveGANCritic(nn.Module):
    """Waveform (N, 1, 16 · 4^n_layers) -> score (N,); phase shuffle of ``shuffle`` samples (the paper's n = 2)."""

    def __init__(self, d: int = 64, n_layers: int = 5, shuffle: int = 2) -> None:
        super().__init__()
        ch = _channels(d, n_layers)[::-1]  # 1, d, 2d, ...
        self.length, self.shuffle = wavegan_length(n_layers), shuffle
        # length L -> L/4: floor((L + 2·11 - 25) / 4) + 1 = L/4 for L divisible by 4
        self.convs = nn.ModuleList(nn.Conv1d(ch[i], ch[i + 1], KERNEL, STRIDE, padding=11) for i in range(n_layers))
        self.act = nn.LeakyReLU(0.2)
        self.out = nn.Linear(16 * ch[-1], 1)

    def forward(self, x: Tensor) -> Tensor:
        check_shape(x, (1, self.length), "WaveGANCritic")
        h = x
        for i, conv in enumerate(self.convs):
            h = self.act(conv(h))
            if self.shuffle and i < len(self.convs) - 1:
                h = phase_shuffle(h, self.shuffle)
        return self.out(h.flatten(1)).squeeze(1)
