"""Sound for chapter 15 (WaveGAN): a spoken-digit data set synthesised offline, resampling, spectra, phase shuffle.

No audio data set is on the book's machines, and SC09 or the Free Spoken Digit Dataset are downloaded at run time.
So the book *makes* its spoken digits: the formant synthesiser eSpeak NG (from the PyPI package ``espeakng-loader``,
which ships the library and its voices, or a system ``libespeak-ng``) says "zero" … "nine" in many English accents,
voice variants, pitches, pitch ranges, speeds and loudnesses (``gen_utils.espeak``); each clip is resampled from
22,050 Hz to 16 kHz and placed at a random offset in 16,384 samples (about one second), as SC09's clips are for
WaveGAN. Each split is made in a fresh process from the seed (eSpeak keeps state between utterances), so the same
seed and eSpeak version give the same bytes, and cached as 16-bit integers under the data root
(``<root>/SpokenDigits/``), written to a temporary file and renamed: a cache is never half-written.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .config import data_root, data_root_label, get_device
from .data import DataError, DataNotFoundError, LabelledSplits
from .espeak import (CLIP_LENGTH, DIGIT_WORDS, SAMPLE_RATE, SPLITS, SynthesiserMissingError, SynthesisError,
                     _draw_parameters, espeak_version, synthesise_in_fresh_process)


# --------------------------------------------------------------------------------------------- the data set
@dataclass
class AudioData(LabelledSplits):
    """Train / validation / test clips (N, 1, length) in [-1, 1] and their digit labels, on the device."""

    value_range: tuple[float, float] = (-1.0, 1.0)
    sample_rate: int = SAMPLE_RATE
    synthesis_seconds: float = 0.0  #: seconds that synthesising the three splits took (NaN if not recorded)

    @property
    def length(self) -> int:
        """Samples per clip."""
        return self.x_train.shape[-1]

    def __repr__(self) -> str:
        return (f"{self.title}: train {tuple(self.x_train.shape)}, val {tuple(self.x_val.shape)}, test "
                f"{tuple(self.x_test.shape)} at {self.sample_rate:,} Hz ({self.length / self.sample_rate:.3f} s "
                f"per clip), on {self.x_train.device}")


def _cache_file(split: str, n: int, seed: int, version: str) -> Path:
    return data_root() / "SpokenDigits" / f"espeak-{version}_seed{seed}_{split}{n}.npy"


def _load_split(split: str, n: int, seed: int, version: str) -> tuple[np.ndarray, float]:
    """One split's int16 clips from the cache, or synthesised (and cached when the data root is writable).

    Returns the clips and the seconds their synthesis took (read from the cache's record when they were cached).
    """
    path = _cache_file(split, n, seed, version)
    record = path.with_suffix(".json")
    if path.is_file():
        try:
            clips = np.load(path)
            if clips.shape == (n, CLIP_LENGTH) and clips.dtype == np.int16:
                seconds = json.loads(record.read_text())["seconds"] if record.is_file() else float("nan")
                return clips, seconds
        except (OSError, ValueError, KeyError):
            pass
        print(f"the cached {path.name} is unreadable or has the wrong shape: synthesising it again")
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "clips.npy"
        try:
            seconds = synthesise_in_fresh_process(str(raw), split, n, seed)
        except SynthesisError as err:
            raise (DataNotFoundError if isinstance(err, SynthesiserMissingError) else DataError)(str(err)) from err
        clips = np.load(raw)
    # partial files named by process: two processes caching the same split at once (parallel tests) each write
    # their own, and each rename is atomic, so a reader sees a whole file or none, never a mixture
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.npy")
    partial_record = record.with_name(f"{record.stem}.{os.getpid()}.partial.json")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(partial, clips)
        partial_record.write_text(json.dumps({"espeak": version, "seed": seed, "split": split, "clips": n,
                                              "seconds": round(seconds, 2),
                                              "sha256": hashlib.sha256(clips.tobytes()).hexdigest()}) + "\n")
        os.replace(partial_record, record)
        os.replace(partial, path)  # never half-written: the file appears whole or not at all
    except OSError as err:
        partial.unlink(missing_ok=True)             # a failed write (disk full, read-only) leaves no partial file
        partial_record.unlink(missing_ok=True)
        print(f"note: could not cache the clips under {data_root_label()} ({err.strerror}); they will be "
              "synthesised again next time")
    return clips, seconds


def load_spoken_digits(n_train: int = 8000, n_val: int = 1000, n_test: int = 1000, *, seed: int = 0,
                       device: torch.device | str | None = None) -> AudioData:
    """The book's spoken digits: eSpeak NG says "zero" … "nine", 16 kHz, 16,384 samples per clip, in [-1, 1].

    Each split is synthesised once (a few milliseconds a clip) and cached under the data root; the same seed and
    eSpeak version give the same clips on every machine. Labels are balanced (n/10 of each digit, shuffled).
    ``synthesis_seconds`` is what making the three splits took (also when they came from the cache).
    """
    for split, n in (("train", n_train), ("val", n_val), ("test", n_test)):
        if not isinstance(n, int) or isinstance(n, bool) or n < 10:
            raise DataError(f"n_{split} must be an integer of at least 10 clips (one per digit), not {n!r}")
    try:
        version = espeak_version()
    except SynthesiserMissingError as err:
        raise DataNotFoundError(str(err)) from None
    device = get_device() if device is None else torch.device(device)
    tensors, seconds = {}, 0.0
    for split, n in (("train", n_train), ("val", n_val), ("test", n_test)):
        clips, took = _load_split(split, n, seed, version)
        seconds += took
        labels = [row["digit"] for row in _draw_parameters(n, split, seed)]
        tensors[f"x_{split}"] = (torch.from_numpy(clips.astype(np.float32) / 32767.0)[:, None]).to(device)
        tensors[f"y_{split}"] = torch.tensor(labels, device=device)
    from .results import note_data
    note_data("spoken_digits")
    return AudioData("spoken_digits", "Spoken digits (eSpeak NG)", list(DIGIT_WORDS), **tensors,
                     notes=[f"eSpeak NG {version}, seed {seed}"], synthesis_seconds=seconds)


def clip_parameters(n: int, split: str = "train", seed: int = 0) -> list[dict]:
    """The words and voice parameters behind the clips of a split (what ``load_spoken_digits`` synthesised)."""
    if split not in SPLITS:
        raise DataError(f"unknown split {split!r}; choose one of {list(SPLITS)}")
    return _draw_parameters(n, split, seed)


def fingerprint(x: Tensor) -> str:
    """Short SHA-256 of clips quantised to 16 bits: the same data set on every machine gives the same string."""
    q = torch.round(x.detach().float().cpu().clamp(-1, 1) * 32767).to(torch.int16).numpy()
    return hashlib.sha256(q.tobytes()).hexdigest()[:16]


# --------------------------------------------------------------------------------------------- signal helpers
def resample(x: Tensor, rate: int, new_rate: int) -> Tensor:
    """Clips (N, 1, L) from ``rate`` to ``new_rate`` Hz by polyphase filtering (anti-aliased), on x's device."""
    from scipy.signal import resample_poly

    if x.dim() != 3 or x.shape[1] != 1:
        raise ValueError(f"resample expects clips of shape (N, 1, length), got {tuple(x.shape)}")
    if rate == new_rate:
        return x
    g = math.gcd(rate, new_rate)
    out = resample_poly(x.detach().cpu().double().numpy(), new_rate // g, rate // g, axis=-1)
    return torch.from_numpy(out).to(dtype=x.dtype, device=x.device)


def power_spectrum(x: Tensor, rate: int, n_fft: int = 1024) -> tuple[Tensor, Tensor]:
    """Mean power spectrum in dB of clips (N, 1, L) over Hann-windowed frames (Welch): (frequencies in Hz, dB)."""
    if x.dim() != 3 or x.shape[1] != 1:
        raise ValueError(f"power_spectrum expects clips of shape (N, 1, length), got {tuple(x.shape)}")
    frames = x[:, 0].unfold(-1, n_fft, n_fft // 2)  # (N, frames, n_fft), half-overlapping
    window = torch.hann_window(n_fft, device=x.device, dtype=x.dtype)
    power = torch.fft.rfft(frames * window, dim=-1).abs().pow(2).mean(dim=(0, 1))
    freqs = torch.fft.rfftfreq(n_fft, d=1.0 / rate)
    return freqs, 10 * torch.log10(power.cpu() + 1e-12)


def log_spectrogram(x: Tensor, n_fft: int = 512, hop: int = 128) -> Tensor:
    """log(1e-4 + |STFT|) of clips (N, 1, L) with a Hann window: (N, 1, n_fft/2 + 1 frequencies, frames)."""
    if x.dim() != 3 or x.shape[1] != 1:
        raise ValueError(f"log_spectrogram expects clips of shape (N, 1, length), got {tuple(x.shape)}")
    window = torch.hann_window(n_fft, device=x.device, dtype=x.dtype)
    spec = torch.stft(x[:, 0], n_fft, hop, window=window, return_complex=True).abs()
    return torch.log(1e-4 + spec)[:, None]


def phase_shuffle(x: Tensor, n: int, generator: torch.Generator | None = None) -> Tensor:
    """WaveGAN's phase shuffle (chapter 15): each example's feature map moved by its own k ~ U{-n..n}.

    out[b, c, t] = pad(x)[b, c, t + n - k_b], with reflection padding of n at both ends, so the length is kept and
    the edges are filled with mirrored samples, not zeros.
    """
    if x.dim() != 3:
        raise ValueError(f"phase_shuffle expects (batch, channels, length), got {tuple(x.shape)}")
    if n == 0:
        return x
    if not 0 < n < x.shape[-1]:
        raise ValueError(f"phase shuffle's n must be between 0 and the length - 1 ({x.shape[-1] - 1}), not {n}")
    b, c, length = x.shape
    k = torch.randint(-n, n + 1, (b,), generator=generator,
                      device=x.device if generator is None else generator.device).to(x.device)
    padded = F.pad(x, (n, n), mode="reflect")
    index = torch.arange(length, device=x.device)[None, :] + n - k[:, None]  # (b, length)
    return padded.gather(2, index[:, None, :].expand(b, c, length))


# --------------------------------------------------------------------------------------------- the judge
class SpokenDigitNet(nn.Module):
    """Log-spectrogram (n_fft 512, hop 256) of a gain-normalised clip -> four strided 3x3 convolutions -> 10 logits."""

    def __init__(self, length: int = CLIP_LENGTH, n_classes: int = 10, width: int = 16) -> None:
        super().__init__()
        self.length = length
        chans = [1, width, 2 * width, 4 * width, 4 * width]
        layers: list[nn.Module] = []
        for cin, cout in zip(chans, chans[1:]):
            layers += [nn.Conv2d(cin, cout, 3, stride=2, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]
        self.body = nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.head = nn.Linear(chans[-1], n_classes)

    def features(self, x: Tensor) -> Tensor:
        """The pooled last-layer features (N, 4·width) of clips (N, 1, length)."""
        from .models.layers import check_shape

        check_shape(x, (1, self.length), type(self).__name__)
        rms = x.pow(2).mean(dim=(1, 2), keepdim=True).sqrt().clamp_min(1e-3)  # loudness does not name a digit
        return self.body(log_spectrogram(x / rms, hop=256))

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.features(x))


class AudioJudge(nn.Module):
    """Two spoken-digit classifiers trained apart: the first scores clips, the second is a second listener.

    WaveGAN's paper asked people to name the digit of generated clips and counted how often they agreed with its
    classifier; here a second network, trained from another seed, plays the listener (``label_agreement``).
    """

    def __init__(self, length: int = CLIP_LENGTH) -> None:
        super().__init__()
        self.listeners = nn.ModuleList([SpokenDigitNet(length), SpokenDigitNet(length)])

    def forward(self, x: Tensor) -> Tensor:
        """Logits of the first listener."""
        return self.listeners[0](x)


def bandlimit(x: Tensor, rate: int, low_rate: int) -> Tensor:
    """Clips at ``rate`` passed down to ``low_rate`` and back: what a model trained at ``low_rate`` can make."""
    return resample(resample(x, rate, low_rate), low_rate, rate)


def add_noise(x: Tensor, snr_db: Tensor | float, generator: torch.Generator | None = None) -> Tensor:
    """x + white noise at a signal-to-noise ratio of ``snr_db`` dB per clip: noise power = power(x) / 10^(snr/10)."""
    power = x.pow(2).mean(dim=(1, 2), keepdim=True)
    snr = torch.as_tensor(snr_db, dtype=x.dtype, device=x.device).reshape(-1, 1, 1)
    noise = torch.randn(x.shape, generator=generator, device=x.device if generator is None else generator.device)
    return x + noise.to(x.device) * (power / 10 ** (snr / 10)).sqrt()


def train_spoken_digit_net(x: Tensor, y: Tensor, epochs: int, seed: int = 0, batch_size: int = 64,
                           lr: float = 2e-3, noisy_share: float = 0.3, snr_db: tuple[float, float] = (0.0, 30.0),
                           progress: bool = True) -> SpokenDigitNet:
    """Train one listener on clips ``x`` (N, 1, L) with labels ``y``: Adam, cosine-decayed learning rate.

    A share ``noisy_share`` of each batch gets white noise at a signal-to-noise ratio drawn uniformly from ``snr_db``,
    so that the listener names digits through noise as a person would, instead of giving up on any hiss.
    """
    from .train import Update, fit

    torch.manual_seed(seed)
    model = SpokenDigitNet(x.shape[-1]).to(x.device)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    total = max(1, epochs * (len(x) // batch_size))
    step = [0]

    def loss(batch):
        xb, yb = batch
        for g in opt.param_groups:  # cosine decay of the learning rate over the run
            g["lr"] = lr * 0.5 * (1 + math.cos(math.pi * min(step[0] / total, 1.0)))
        step[0] += 1
        noisy = torch.rand(len(xb), 1, 1, device=xb.device) < noisy_share
        snr = snr_db[0] + (snr_db[1] - snr_db[0]) * torch.rand(len(xb), device=xb.device)
        xb = torch.where(noisy, add_noise(xb, snr).clamp(-1, 1), xb)
        return F.cross_entropy(model(xb), yb)

    fit(model, Update("cross-entropy", opt, loss), (x, y), epochs=epochs, batch_size=batch_size, seed=seed,
        desc="listener", progress=progress, cuda_graph=False)
    return model.eval()


def load_audio_judge(device: torch.device | str | None = None) -> AudioJudge:
    """The shipped spoken-digit judge (two listeners), frozen, in eval mode; its file's SHA-256 is checked."""
    from .classifier import load_shipped_judge

    return load_shipped_judge(AudioJudge(), "spoken_digits", get_device() if device is None else device)


@torch.no_grad()
def judge_clips(judge: AudioJudge, clips: Tensor, rate: int = SAMPLE_RATE, reference: Tensor | None = None,
                batch_size: int = 250) -> dict[str, float]:
    """What the judge hears in clips (N, 1, L) at ``rate`` (brought to 16 kHz, 16,384 samples first).

    score: exp(E_x KL(p(y|x) || p(y))) of the first listener, the Inception score of the paper (10 at best, for
    confident and balanced digits); agreement: share of clips whose digit both listeners name alike (the paper's
    human labelling); fd: Fréchet distance between the first listener's features of the clips and of
    ``reference`` (real clips at 16 kHz), when given.
    """
    from .batches import map_batches
    from .metrics import classifier_score, frechet_distance

    if clips.dim() != 3 or clips.shape[1] != 1:
        raise ValueError(f"judge_clips expects clips of shape (N, 1, length), got {tuple(clips.shape)}")
    x = resample(clips, rate, SAMPLE_RATE)
    x = F.pad(x, (0, max(0, CLIP_LENGTH - x.shape[-1])))[..., :CLIP_LENGTH].to(next(judge.parameters()).device)
    first, second = judge.listeners
    feats = map_batches(first.features, x, batch_size=batch_size)
    probs = torch.softmax(first.head(feats), dim=1)
    other = map_batches(lambda b: second(b).argmax(1), x, batch_size=batch_size)
    out = {"score": classifier_score(probs), "agreement": (probs.argmax(1) == other).float().mean().item()}
    if reference is not None:
        ref = map_batches(first.features, reference.to(x.device), batch_size=batch_size)
        out["fd"] = frechet_distance(feats, ref)
    return out


def players(clips: Tensor, rate: int, labels: list[str] | None = None, columns: int = 5):
    """An HTML table of audio players (16-bit WAV in the page, so they play on the static website too)."""
    from IPython.display import HTML, Audio

    if clips.dim() != 3 or clips.shape[1] != 1:
        raise ValueError(f"players expects clips of shape (N, 1, length), got {tuple(clips.shape)}")
    labels = labels if labels is not None else [str(i) for i in range(len(clips))]
    if len(labels) != len(clips):
        raise ValueError(f"{len(labels)} labels for {len(clips)} clips")
    cells = []
    for clip, label in zip(clips, labels):
        wave = clip[0].detach().float().cpu().clamp(-1, 1).numpy()
        player = Audio(wave, rate=rate, normalize=False)._repr_html_().replace("\n", " ")
        cells.append(f'<td style="text-align:center">{label}<br>{player}</td>')
    rows = ["<tr>" + "".join(cells[i:i + columns]) + "</tr>" for i in range(0, len(cells), columns)]
    return HTML('<table class="audio-players">' + "".join(rows) + "</table>")
