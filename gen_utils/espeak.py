"""eSpeak NG through ctypes, and the spoken digits it says (chapter 15's data; torch-free, run as its own process).

eSpeak's synthesiser keeps state from one utterance to the next (the same word said twice in a row comes out a few
samples different), so ``gen_utils.audio`` runs this file in a fresh Python process that synthesises the clips one
after another in a fixed order drawn from the seed: the same seed and eSpeak version then give the same bytes.

    python gen_utils/espeak.py --version
    python gen_utils/espeak.py OUT.npy SPLIT N SEED
"""
from __future__ import annotations

import ctypes
import ctypes.util
import sys

import numpy as np

DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
SAMPLE_RATE = 16_000  #: the paper's (and SC09's) sample rate
CLIP_LENGTH = 16_384  #: samples per clip: 2^14, about one second at 16 kHz, WaveGAN's output length
ESPEAK_RATE = 22_050  #: eSpeak NG's native sample rate
#: English accents of eSpeak NG and the voice variants drawn for each clip.
ACCENTS = ("en", "en-us", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-us-nyc", "en-gb-x-gbclan", "en-gb-x-gbcwmd")
VARIANTS = ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5", "klatt", "klatt2", "klatt3",
            "croak", "Alex", "Andy", "Annie", "Denis", "Gene", "Lee", "Mike", "Storm", "adam", "anika", "belinda",
            "benjamin", "david", "edward", "grandma", "grandpa", "ian", "john", "linda", "max", "norbert", "robert",
            "steph", "travis")
#: ranges of the eSpeak parameters drawn uniformly per clip: words per minute, pitch, pitch range (0-100), peak
RATES, PITCHES, PITCH_RANGES, PEAKS = (110, 210), (20, 80), (10, 90), (0.25, 0.95)
SPLITS = {"train": 0, "val": 1, "test": 2}  #: each split has its own stream of random draws


class SynthesisError(RuntimeError):
    """eSpeak NG failed or said nothing."""


class SynthesiserMissingError(SynthesisError):
    """eSpeak NG, the synthesiser that makes the spoken digits, is not installed."""


def _find_espeak() -> tuple[str, bytes | None]:
    """Path of libespeak-ng and of its data folder (None: the library's built-in default)."""
    try:
        import espeakng_loader
        return espeakng_loader.get_library_path(), espeakng_loader.get_data_path().encode()
    except ImportError:
        pass
    found = ctypes.util.find_library("espeak-ng")
    if found:
        return found, None
    raise SynthesiserMissingError(
        "the spoken digits are synthesised with eSpeak NG, which is not installed: run "
        "`pip install espeakng-loader` (it ships the synthesiser and its voices; `pip install -e \".[audio]\"` "
        "does the same) or install the system package (Debian/Ubuntu: `apt-get install espeak-ng`)")


class _Espeak:
    """A thin ctypes binding of eSpeak NG's synchronous API (one per process)."""

    _CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)

    def __init__(self, seed: int) -> None:
        path, data = _find_espeak()
        self.lib = ctypes.CDLL(path)
        self.lib.espeak_Info.restype = ctypes.c_char_p
        rate = self.lib.espeak_Initialize(2, 0, data, 0)  # 2 = AUDIO_OUTPUT_SYNCHRONOUS
        if rate != ESPEAK_RATE:
            raise SynthesiserMissingError(f"eSpeak NG at {path} did not start (it answered {rate}, expected "
                                          f"its sample rate {ESPEAK_RATE}); reinstall espeakng-loader")
        self.version = self.lib.espeak_Info(None).decode()
        self._chunks: list[np.ndarray] = []
        self._callback = self._CALLBACK(self._collect)  # kept alive as long as the library may call it
        self.lib.espeak_SetSynthCallback(self._callback)
        if hasattr(self.lib, "espeak_ng_SetRandSeed"):  # the noise of fricatives
            self.lib.espeak_ng_SetRandSeed(ctypes.c_long(seed))

    def _collect(self, wav, n: int, _events) -> int:
        if n > 0 and wav:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(n,)).copy())
        return 0

    def say(self, text: str, voice: str, rate: int, pitch: int, pitch_range: int) -> np.ndarray:
        """Waveform (int16, 22,050 Hz) of ``text`` in ``voice`` at ``rate`` words per minute."""
        if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise SynthesisError(f"eSpeak NG has no voice {voice!r}")
        for parameter, value in ((1, rate), (3, pitch), (4, pitch_range)):  # espeakRATE, PITCH, RANGE
            self.lib.espeak_SetParameter(parameter, int(value), 0)
        self._chunks = []
        text_bytes = text.encode() + b"\0"
        if self.lib.espeak_Synth(text_bytes, len(text_bytes), 0, 1, 0, 0, None, None) != 0:
            raise SynthesisError(f"eSpeak NG could not say {text!r} in voice {voice!r}")
        self.lib.espeak_Synchronize()
        return np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int16)


def espeak_version() -> str:
    """Version of the eSpeak NG that synthesises the clips (asked without starting the synthesiser)."""
    path, _ = _find_espeak()
    lib = ctypes.CDLL(path)
    lib.espeak_Info.restype = ctypes.c_char_p
    return lib.espeak_Info(None).decode()


def _draw_parameters(n: int, split: str, seed: int) -> list[dict]:
    """The n clips' words and voice parameters, one fixed stream of draws per (seed, split); digits balanced."""
    rng = np.random.default_rng([seed, SPLITS[split]])
    digits = rng.permutation(np.arange(n) % 10)
    rows = []
    for digit in digits:
        rows.append({"digit": int(digit),
                     "voice": f"{ACCENTS[rng.integers(len(ACCENTS))]}+{VARIANTS[rng.integers(len(VARIANTS))]}",
                     "rate": int(rng.integers(RATES[0], RATES[1] + 1)),
                     "pitch": int(rng.integers(PITCHES[0], PITCHES[1] + 1)),
                     "pitch_range": int(rng.integers(PITCH_RANGES[0], PITCH_RANGES[1] + 1)),
                     "peak": float(rng.uniform(*PEAKS)),
                     "offset": float(rng.uniform())})
    return rows


def _trim(wave: np.ndarray, threshold: float = 0.02) -> np.ndarray:
    """The waveform without its leading and trailing near-silence (below ``threshold`` of its peak)."""
    loud = np.nonzero(np.abs(wave) > threshold * max(np.abs(wave).max(), 1e-9))[0]
    return wave[loud[0]:loud[-1] + 1] if len(loud) else wave[:0]


def _place(wave: np.ndarray, offset: float, length: int) -> np.ndarray:
    """``wave`` at a relative ``offset`` in [0, 1] of the free room inside ``length`` samples (cut if longer)."""
    wave = wave[:length]
    start = int(round(offset * (length - len(wave))))
    out = np.zeros(length, np.float32)
    out[start:start + len(wave)] = wave
    return out


def synthesise(rows: list[dict], seed: int) -> np.ndarray:
    """Clips (n, CLIP_LENGTH) int16 at 16 kHz for parameter rows, in this process (see the module's note)."""
    from scipy.signal import resample_poly

    engine = _Espeak(seed)
    out = np.zeros((len(rows), CLIP_LENGTH), np.int16)
    for i, row in enumerate(rows):
        wave = engine.say(DIGIT_WORDS[row["digit"]], row["voice"], row["rate"], row["pitch"], row["pitch_range"])
        wave = resample_poly(wave.astype(np.float64) / 32768.0, SAMPLE_RATE, ESPEAK_RATE)  # 320/441, anti-aliased
        wave = _trim(wave)
        if not len(wave):
            raise SynthesisError(f"eSpeak NG said nothing for clip {i} ({row}); try another seed")
        wave = wave / np.abs(wave).max() * row["peak"]
        out[i] = np.round(_place(wave, row["offset"], CLIP_LENGTH) * 32767).astype(np.int16)
    return out


def synthesise_in_fresh_process(out: str, split: str, n: int, seed: int) -> float:
    """Run this file as a new Python process that writes one split's clips to ``out`` (.npy); its seconds."""
    import subprocess
    import time

    start = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, out, split, str(n), str(seed)], capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        kind = SynthesiserMissingError if "SynthesiserMissingError" in proc.stderr else SynthesisError
        raise kind(f"synthesising the spoken digits failed: {tail}")
    return time.perf_counter() - start


def _main(argv: list[str]) -> int:
    """Worker: ``--version``, or ``OUT SPLIT N SEED`` to synthesise one split into an .npy file."""
    if argv == ["--version"]:
        print(espeak_version())
        return 0
    if len(argv) != 4 or argv[1] not in SPLITS:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    out, split, n, seed = argv[0], argv[1], int(argv[2]), int(argv[3])
    np.save(out, synthesise(_draw_parameters(n, split, seed), seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
