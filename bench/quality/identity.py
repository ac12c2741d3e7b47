#!/usr/bin/env python3
"""How far is aloud's reading of a sentence from a reference recording of it?

    identity.py PAIRS.tsv          (one `reading.wav<TAB>reference.wav` a line)

For every pair: both at 16 kHz, trimmed to the speech (40 dB below the peak), 24 mel-cepstral
coefficients (MFCC 1-24 of 40 mel bands, 32 ms frames every 5 ms; the energy term left out),
aligned by dynamic time warping, and the mean distance along the path in dB (the usual
mel-cepstral distortion scale, 10/ln 10 * sqrt 2). Prints the mean over the pairs and the length
ratio reading/reference. Lower is closer; identical audio gives 0. It measures closeness to the
recording, not quality: use it where the ideal reading *is* the recording (a sentence the voice
was recorded reading, played back with its own timing and pitch), beside the judges.
Needs the quality venv (numpy, soundfile, librosa).
"""

from __future__ import annotations

import sys

import librosa
import numpy as np
import soundfile as sf

RATE = 16_000
SCALE = 10 / np.log(10) * np.sqrt(2)


def cepstra(path: str) -> np.ndarray:
    x, sr = sf.read(path)
    if x.ndim > 1:
        x = x[:, 0]
    if sr != RATE:
        x = librosa.resample(x, orig_sr=sr, target_sr=RATE)
    x, _ = librosa.effects.trim(x, top_db=40)
    m = librosa.feature.mfcc(y=x, sr=RATE, n_mfcc=25, n_fft=512, hop_length=80, n_mels=40)
    return m[1:]


def distortion(reading: str, reference: str) -> tuple[float, float]:
    a, b = cepstra(reading), cepstra(reference)
    _, path = librosa.sequence.dtw(X=a, Y=b, metric="euclidean")
    d = [np.linalg.norm(a[:, i] - b[:, j]) for i, j in path]
    return SCALE * float(np.mean(d)), a.shape[1] / b.shape[1]


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    pairs = [line.rstrip("\n").split("\t") for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    scores = [distortion(a, b) for a, b in pairs]
    mcd = np.mean([s[0] for s in scores])
    ratio = np.mean([s[1] for s in scores])
    print(f"distortion {mcd:.2f} dB, length ratio {ratio:.3f} ({len(scores)} sentences)")


if __name__ == "__main__":
    main()
