"""Chapter 15's sound: the synthesised spoken digits, resampling and spectra, phase shuffle, WaveGAN, the judge."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch
from torch import nn

from gen_utils import audio, espeak
from gen_utils.data import DataError, DataNotFoundError
from gen_utils.models.wavegan import WaveGANCritic, WaveGANGenerator, wavegan_length

# ----------------------------------------------------------------------------------------------- phase shuffle
def _shifted(x: torch.Tensor, k: int, n: int) -> torch.Tensor:
    """x (C, L) moved right by k with mirrored samples at the edges, by hand: out[t] = x[reflect(t - k)]."""
    length = x.shape[-1]
    idx = []
    for t in range(length):
        j = t - k
        j = -j if j < 0 else (2 * (length - 1) - j if j > length - 1 else j)
        idx.append(j)
    return x[:, idx]


def test_phase_shuffle_moves_each_example_by_at_most_n_with_reflection():
    torch.manual_seed(0)
    n = 2
    x = torch.randn(64, 3, 20)
    out = audio.phase_shuffle(x, n)
    assert out.shape == x.shape
    shifts = []
    for b in range(len(x)):
        matches = [k for k in range(-n, n + 1) if torch.equal(out[b], _shifted(x[b], k, n))]
        assert len(matches) == 1, f"example {b} is not its input moved by one k in [-{n}, {n}]"
        shifts.append(matches[0])
    assert set(shifts) == set(range(-n, n + 1)), "every shift in -n..n should occur among 64 examples"
    assert audio.phase_shuffle(x, 0) is x


def test_phase_shuffle_is_seeded_and_checks_its_input():
    x = torch.randn(8, 2, 16)
    a = audio.phase_shuffle(x, 2, torch.Generator().manual_seed(3))
    b = audio.phase_shuffle(x, 2, torch.Generator().manual_seed(3))
    assert torch.equal(a, b)
    with pytest.raises(ValueError, match="batch, channels, length"):
        audio.phase_shuffle(torch.randn(8, 16), 2)
    with pytest.raises(ValueError, match="between 0 and the length"):
        audio.phase_shuffle(torch.randn(2, 1, 4), 4)


# ----------------------------------------------------------------------------------------------- WaveGAN
@pytest.mark.parametrize("n_layers", [1, 3, 5])
def test_wavegan_generator_multiplies_the_length_by_four_per_layer(n_layers):
    g = WaveGANGenerator(z_dim=10, d=2, n_layers=n_layers)
    h = g.project(torch.randn(3, 10))
    lengths = []
    for layer in g.net:
        h = layer(h)
        if isinstance(layer, nn.ConvTranspose1d):
            lengths.append(h.shape[-1])
    assert lengths == [16 * 4 ** (i + 1) for i in range(n_layers)]
    out = g(torch.randn(3, 10))
    assert out.shape == (3, 1, wavegan_length(n_layers)) and out.abs().max() <= 1
    assert wavegan_length(5) == 16_384


def test_wavegan_critic_divides_by_four_and_checks_shapes():
    torch.manual_seed(0)
    critic = WaveGANCritic(d=2, n_layers=3, shuffle=2)
    assert critic(torch.randn(5, 1, 1024)).shape == (5,)
    h = torch.randn(2, 1, 1024)
    for conv in critic.convs:
        length = h.shape[-1]
        h = conv(h)
        assert h.shape[-1] == length // 4
    with pytest.raises(ValueError, match=r"\(N, 1, 1024\)"):
        critic(torch.randn(5, 1, 1000))
    with pytest.raises(ValueError, match=r"\(N, 10\)"):
        WaveGANGenerator(z_dim=10, d=2, n_layers=2)(torch.randn(4, 11))
    with pytest.raises(ValueError, match="model size"):
        WaveGANGenerator(d=0)


def test_critic_without_phase_shuffle_is_deterministic_and_with_it_is_not():
    torch.manual_seed(0)
    x = torch.randn(4, 1, 1024)
    plain, shuffled = WaveGANCritic(d=2, n_layers=3, shuffle=0), WaveGANCritic(d=2, n_layers=3, shuffle=2)
    assert torch.equal(plain(x), plain(x))
    assert not torch.equal(shuffled(x), shuffled(x))


# ----------------------------------------------------------------------------------------------- signals
def _sine(freq: float, rate: int, length: int) -> torch.Tensor:
    t = torch.arange(length, dtype=torch.float64) / rate
    return torch.sin(2 * math.pi * freq * t)[None, None].float()


def test_resample_keeps_a_tone_and_bandlimit_removes_what_a_lower_rate_cannot_hold():
    low, high = _sine(440, 16_000, 16_384), _sine(3_000, 16_000, 16_384)
    down = audio.resample(low, 16_000, 4_000)
    assert down.shape == (1, 1, 4_096)
    freqs, db = audio.power_spectrum(down, 4_000, n_fft=512)
    assert abs(freqs[db.argmax()].item() - 440) <= 4_000 / 512
    kept = audio.bandlimit(low, 16_000, 4_000)[..., 1000:-1000]
    assert torch.allclose(kept, low[..., 1000:-1000], atol=0.02), "a 440 Hz tone passes a 2 kHz band limit"
    assert audio.bandlimit(high, 16_000, 4_000)[..., 1000:-1000].abs().max() < 0.01, "3 kHz is above 4 kHz / 2"
    with pytest.raises(ValueError, match=r"\(N, 1, length\)"):
        audio.resample(torch.randn(3, 100), 16_000, 4_000)


def test_power_spectrum_and_spectrogram_find_a_tone():
    x = _sine(1_000, 16_000, 16_384)
    freqs, db = audio.power_spectrum(x, 16_000, n_fft=1024)
    assert freqs[db.argmax()].item() == pytest.approx(1_000, abs=16_000 / 1024)
    spec = audio.log_spectrogram(x, n_fft=512, hop=128)
    assert spec.shape == (1, 1, 257, 16_384 // 128 + 1)
    assert spec[0, 0, :, 64].argmax().item() == round(1_000 / (16_000 / 512))


# ----------------------------------------------------------------------------------------------- the data set
@pytest.fixture()
def fresh_root(tmp_path, monkeypatch):
    monkeypatch.setenv("GEN_UTILS_DATA", str(tmp_path))
    return tmp_path


def test_spoken_digits_are_deterministic_balanced_and_cached_whole(fresh_root, tmp_path_factory, monkeypatch):
    data = audio.load_spoken_digits(20, 10, 10, device="cpu")
    assert data.x_train.shape == (20, 1, espeak.CLIP_LENGTH) and data.sample_rate == 16_000
    assert data.x_train.abs().max() <= 1 and data.x_train.abs().amax(dim=(1, 2)).min() > 0.2, "every clip speaks"
    assert torch.bincount(data.y_train, minlength=10).tolist() == [2] * 10
    assert [r["digit"] for r in audio.clip_parameters(20, "train")] == data.y_train.tolist()
    assert data.synthesis_seconds > 0
    files = sorted(p.name for p in (fresh_root / "SpokenDigits").iterdir())
    assert not [f for f in files if "partial" in f], f"a half-written file was left: {files}"
    assert len([f for f in files if f.endswith(".npy")]) == 3 and len([f for f in files if f.endswith(".json")]) == 3
    record = json.loads(next((fresh_root / "SpokenDigits").glob("*_train20.json")).read_text())
    assert record["clips"] == 20 and record["seconds"] > 0
    again = audio.load_spoken_digits(20, 10, 10, device="cpu")  # from the cache, with the time it took
    assert torch.equal(again.x_train, data.x_train)
    assert again.synthesis_seconds == pytest.approx(data.synthesis_seconds, abs=0.02)
    other = tmp_path_factory.mktemp("other")
    monkeypatch.setenv("GEN_UTILS_DATA", str(other))
    elsewhere = audio.load_spoken_digits(20, 10, 10, device="cpu")  # synthesised again in a new process
    assert audio.fingerprint(elsewhere.x_test) == audio.fingerprint(data.x_test)


def test_a_corrupt_cache_is_synthesised_again(fresh_root, capsys):
    data = audio.load_spoken_digits(10, 10, 10, device="cpu")
    target = next((fresh_root / "SpokenDigits").glob("*_train10.npy"))
    target.write_bytes(b"not an array")
    again = audio.load_spoken_digits(10, 10, 10, device="cpu")
    assert "synthesising it again" in capsys.readouterr().out
    assert torch.equal(again.x_train, data.x_train)


def test_a_failed_cache_write_leaves_no_partial_file(fresh_root, monkeypatch, capsys):
    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(audio.os, "replace", disk_full)
    data = audio.load_spoken_digits(10, 10, 10, device="cpu")       # still returns the clips it synthesised
    assert data.x_train.shape == (10, 1, espeak.CLIP_LENGTH)
    assert "could not cache the clips" in capsys.readouterr().out
    assert list((fresh_root / "SpokenDigits").iterdir()) == [], "a failed write left files behind"


def test_spoken_digits_say_what_to_do_without_the_synthesiser(fresh_root, monkeypatch):
    def missing():
        raise espeak.SynthesiserMissingError("eSpeak NG is not installed: run `pip install espeakng-loader`")

    monkeypatch.setattr(audio, "espeak_version", missing)
    with pytest.raises(DataNotFoundError, match="pip install espeakng-loader"):
        audio.load_spoken_digits(10, 10, 10)
    with pytest.raises(DataError, match="at least 10"):
        audio.load_spoken_digits(5, 10, 10)
    with pytest.raises(DataError, match="unknown split"):
        audio.clip_parameters(10, "dev")


def test_the_espeak_binding_gives_words_of_plausible_length():
    engine = espeak._Espeak(seed=0)
    wave = engine.say("seven", "en+m3", 150, 50, 50)
    assert wave.dtype == np.int16 and 0.3 < len(wave) / espeak.ESPEAK_RATE < 1.0
    assert np.abs(wave).max() > 1000


# ----------------------------------------------------------------------------------------------- the judge
def test_the_shipped_judge_hears_fresh_clips(fresh_root):
    judge = audio.load_audio_judge("cpu")
    data = audio.load_spoken_digits(10, 10, 100, seed=7, device="cpu")  # clips the judge never heard
    heard = audio.judge_clips(judge, data.x_test, reference=data.x_val)
    predicted = judge(data.x_test).argmax(1)
    assert (predicted == data.y_test).float().mean() > 0.85
    assert heard["agreement"] > 0.85 and heard["score"] > 6 and heard["fd"] >= 0
    low = audio.judge_clips(judge, audio.resample(data.x_test, 16_000, 4_000), rate=4_000)
    assert low["agreement"] > 0.8, "the judge was trained to hear band-limited clips too"
    silence = audio.judge_clips(judge, torch.zeros(50, 1, 4_096), rate=4_000)
    assert silence["score"] < 1.5, "fifty identical clips carry no information about digits"
    with pytest.raises(ValueError, match=r"\(N, 1, length\)"):
        audio.judge_clips(judge, torch.zeros(5, 4_096))


def test_add_noise_sets_the_signal_to_noise_ratio_per_clip():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(3, 1, 200_000, generator=g) * torch.tensor([0.1, 0.5, 1.0]).view(3, 1, 1)
    snr = torch.tensor([20.0, 0.0, -10.0])
    noisy = audio.add_noise(x, snr, torch.Generator().manual_seed(1))
    measured = 10 * torch.log10(x.pow(2).mean(dim=(1, 2)) / (noisy - x).pow(2).mean(dim=(1, 2)))
    assert torch.allclose(measured, snr, atol=0.05), measured
