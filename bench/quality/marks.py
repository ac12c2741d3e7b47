#!/usr/bin/env python3
"""Do a voice's pitch marks sit on the same point of the cycle from one recording to the next?

    marks.py VOICE [PHONE ...]        (default phones: ah iy ao n)

TD-PSOLA centres every grain on a pitch mark, so a join is only as smooth as two units' marks
agree. For 400 random pairs (a unit ending in PHONE, a unit starting with it; seeded), this takes
the last voiced mark but one of the first and the second voiced mark of the other, cuts a
Hann-windowed two-period grain around each (the shorter period), and prints the median normalized
cross-correlation as marked and at the best shift of the second within half a period, and the share
of pairs whose best shift is more than a tenth of a period. It reads `voices/VOICE/units.wav` and
`units.idx` (format: voices/README.md). Run with the quality venv's python (numpy, soundfile).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import soundfile as sf

VOICES = Path(__file__).resolve().parents[2] / "voices"
PAIRS = 400


def load(voice: str):
    pcm, _ = sf.read(VOICES / voice / "units.wav", dtype="float32")
    units = []
    for line in open(VOICES / voice / "units.idx", encoding="utf-8"):
        if line.startswith("#"):
            continue
        f = line.split()
        left, right = f[0].split("-")
        marks = [(int(m.rstrip("u")), not m.endswith("u")) for m in f[5:]]
        units.append((left, right, [m for m, voiced in marks if voiced]))
    return pcm, units


def grain(pcm, centre: int, period: int):
    x = pcm[centre - period : centre + period]
    return x * np.hanning(len(x))


def correlation(x, y) -> float:
    return float(np.dot(x, y) / (np.linalg.norm(x) * np.linalg.norm(y) + 1e-9))


def main() -> None:
    voice = sys.argv[1]
    phones = sys.argv[2:] or ["ah", "iy", "ao", "n"]
    pcm, units = load(voice)
    print(f"| {voice}: phone | pairs | correlation as marked | at the best shift | off by > 0.1 period |")
    print("|---|---:|---:|---:|---:|")
    for phone in phones:
        ending = [u for u in units if u[1] == phone and len(u[2]) >= 3]
        starting = [u for u in units if u[0] == phone and len(u[2]) >= 3]
        rng = random.Random(1)
        rows = []
        for _ in range(PAIRS):
            a, b = rng.choice(ending)[2], rng.choice(starting)[2]
            ma, mb = a[-2], b[1]
            p = min(a[-1] - a[-2], b[1] - b[0])
            if p < 8 or ma < p or mb < 2 * p or mb + 2 * p > len(pcm):
                continue
            xa = grain(pcm, ma, p)
            scores = [(lag, correlation(xa, grain(pcm, mb + lag, p))) for lag in range(-p // 2, p // 2 + 1)]
            lag, best = max(scores, key=lambda s: s[1])
            rows.append((abs(lag) / p, best, correlation(xa, grain(pcm, mb, p))))
        r = np.array(rows)
        print(
            f"| {phone} | {len(r)} | {np.median(r[:, 2]):.2f} | {np.median(r[:, 1]):.2f} | "
            f"{(r[:, 0] > 0.1).mean() * 100:.0f} % |"
        )


if __name__ == "__main__":
    main()
