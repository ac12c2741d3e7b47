#!/usr/bin/env python3
"""Analyse a recording with the WORLD vocoder and write it back, plain or with its parameters
smoothed over time: a probe of what the quality judge hears (bench/RESULTS.md, Quality,
session 13). Not part of any benchmark run; the judge is bench/quality/mos.py.

Usage: world_probe.py IN.wav OUTDIR [--variants plain,sp1,sp2,f0s1.5,f0s4,f0s10]

Writes OUTDIR/<stem>.<variant>.wav (16 kHz, 16-bit, peak matched to the input):
  plain     analysis (Harvest F0, CheapTrick envelope, D4C aperiodicity, 5 ms frames) and
            synthesis, nothing changed
  spS       log envelope and aperiodicity smoothed over time (Gaussian, S frames)
  f0sS      log F0 smoothed over time inside voiced stretches (Gaussian, S frames)
The analysis is cached as OUTDIR/<stem>.npz (Harvest takes minutes for a text).

Needs pyworld, which the quality venv does not install by default:
  bench/quality/.venv/bin/pip install pyworld 'setuptools<70'
"""

import argparse
import os

import numpy as np
import pyworld as pw
import soundfile as sf
from scipy.ndimage import gaussian_filter1d

RATE = 16_000
FRAME_MS = 5.0


def analyse(path, cache):
    if os.path.exists(cache):
        d = np.load(cache)
        return d["f0"], d["sp"], d["ap"], float(d["peak"])
    x, rate = sf.read(path)
    if x.ndim > 1:
        x = x.mean(axis=1)
    if rate != RATE:
        import librosa

        x = librosa.resample(x, orig_sr=rate, target_sr=RATE)
    x = x.astype(np.float64)
    f0, t = pw.harvest(x, RATE, frame_period=FRAME_MS)
    sp = pw.cheaptrick(x, f0, t, RATE)
    ap = pw.d4c(x, f0, t, RATE)
    peak = float(np.abs(x).max())
    np.savez(cache, f0=f0, sp=sp, ap=ap, peak=peak)
    return f0, sp, ap, peak


def smooth_f0(f0, sigma):
    voiced = f0 > 0
    log = np.where(voiced, np.log(np.maximum(f0, 1.0)), 0.0)
    weight = gaussian_filter1d(voiced.astype(float), sigma)
    smoothed = gaussian_filter1d(log, sigma) / np.maximum(weight, 1e-3)
    return np.where(voiced, np.exp(smoothed), 0.0)


def main():
    ap_ = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap_.add_argument("input")
    ap_.add_argument("outdir")
    ap_.add_argument("--variants", default="plain")
    args = ap_.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    stem = os.path.basename(args.input).split(".")[0]
    f0, sp, ap, peak = analyse(args.input, os.path.join(args.outdir, stem + ".npz"))
    for variant in args.variants.split(","):
        f, s, a = f0, sp, ap
        if variant.startswith("sp"):
            sigma = float(variant[2:])
            s = np.exp(gaussian_filter1d(np.log(sp), sigma, axis=0))
            a = gaussian_filter1d(ap, sigma, axis=0)
        elif variant.startswith("f0s"):
            f = smooth_f0(f0, float(variant[3:]))
        elif variant != "plain":
            raise SystemExit(f"unknown variant {variant}")
        y = pw.synthesize(f, s, a, RATE, FRAME_MS)
        y = y / max(1e-9, float(np.abs(y).max())) * peak
        out = os.path.join(args.outdir, f"{stem}.{variant}.wav")
        sf.write(out, y.astype(np.float32), RATE, subtype="PCM_16")
        print(out)


if __name__ == "__main__":
    main()
