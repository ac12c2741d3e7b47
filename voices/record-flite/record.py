#!/usr/bin/env python3
"""Records one nonsense carrier word per diphone from one of Flite's clustergen
voices (Debian package flite: rms, awb, slt).

Usage: record.py VOICE OUTDIR [VARIANTS]

The words are the ones voices/record-slt/record.py plans for Festival (the same
phone pairs, carrier syllables and stress; that file is imported for them), but
spelled with ordinary letters so that Flite's tokenizer treats them as words,
and given to Flite as a lexicon addendum (`flite -add_lex`). Each word is
synthesized by its own `flite` process, slowed by DURATION_STRETCH, which
writes

    OUTDIR/X-Y.wav    the word as Flite wrote it (16-bit, 16 kHz, mono)
    OUTDIR/X-Y.segs   its segments (xlabel: end time, 100, phone), from `flite -psdur`

VARIANTS (default 3) records each pair in that many contexts, for the
synthesizer's unit selection: variant 0 is the word above (pair in the stressed
syllable, carrier t-aa where the pair allows); variant 1 starts from the carrier
k-iy; variant 2 from p-ae with the stress moved off the pair's syllable onto
the carriers. Variant k > 0 is written as X-Y~k.wav / X-Y~k.segs; a pair for
which a variant's carriers cannot keep the pair unique has no such variant.

A word whose segments are not exactly the phones asked for, or that clips, is
deleted and listed in OUTDIR/record.log. Only the Python standard library and
the `flite` program are needed. Deterministic: the same Flite build gives the
same bytes.
"""

import array
import importlib.util
import os
import subprocess
import sys
import wave
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "carrier", os.path.join(HERE, "..", "record-slt", "record.py")
)
carrier = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(carrier)

# Flite's duration stretch (above 1 is slower), like HTS speed 0.8 for slt.
DURATION_STRETCH = 1.25
# Spelling of the n-th word: "ta" + two letter syllables, which Flite's
# tokenizer reads as a pronounceable word (so the addendum is used).
ONSETS = "bdfgklmnprstv"
NUCLEI = "aeiou"


def spelling(n):
    syl = [o + v for o in ONSETS for v in NUCLEI]
    return "ta" + syl[n // len(syl) ** 2 % len(syl)] + syl[n // len(syl) % len(syl)] + syl[n % len(syl)]


def variant_words(variant):
    """The planned words of one variant, named X-Y (variant 0) or X-Y~k."""
    pairs = [(x, y, variant) for x, y, _ in carrier.all_pairs()]
    words = []
    for name, word, syls, phones, k in carrier.plan(pairs):
        if variant == 2:
            syls = [(s, not stressed) for s, stressed in syls]
        words.append((name if variant == 0 else f"{name}~{variant}", word, syls, phones, k))
    return words


def addendum(words):
    lines = []
    for n, (_, _, syls, _, _) in enumerate(words):
        phones = []
        for s, stressed in syls:
            mark = "1" if stressed and "ax" not in s else "0"
            phones += [p + mark if p in carrier.VOWELS else p for p in s]
        lines.append(f"{spelling(n)} : {' '.join(phones)}")
    return "\n".join(lines) + "\n"


def segs_file(psdur):
    """Festival xlabel text from `flite -psdur` output (`phone:end ...`)."""
    out = ["separator ;", "nfields 1", "#"]
    for item in psdur.split():
        phone, end = item.rsplit(":", 1)
        out.append(f"{float(end):.6f} 100 {phone}")
    return "\n".join(out) + "\n"


def clipped_samples(path):
    with wave.open(path) as w:
        data = array.array("h", w.readframes(w.getnframes()))
    return sum(1 for v in data if v == 32767 or v == -32768)


def record_one(voice, lex, outdir, n, word):
    name, _, _, expected, _ = word
    wav = os.path.join(outdir, name + ".wav")
    run = subprocess.run(
        ["flite", "-voice", voice, "-add_lex", lex, "--setf",
         f"duration_stretch={DURATION_STRETCH}", "-psdur", "-t", spelling(n), "-o", wav],
        check=True, capture_output=True, text=True,
    )
    segs = segs_file(run.stdout)
    with open(os.path.join(outdir, name + ".segs"), "w") as f:
        f.write(segs)
    got = [line.split()[2] for line in segs.splitlines()[3:]]
    if got != expected:
        return f"{name}: asked {' '.join(expected)}, got {' '.join(got)}"
    if clipped_samples(wav) > 0:
        return f"{name}: clipped"
    return None


def main():
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    voice, outdir = sys.argv[1], os.path.abspath(sys.argv[2])
    variants = int(sys.argv[3]) if len(sys.argv) == 4 else 3
    os.makedirs(outdir, exist_ok=True)
    words = [w for v in range(variants) for w in variant_words(v)]
    lex = os.path.join(outdir, "words.lex")
    with open(lex, "w") as f:
        f.write(addendum(words))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = list(pool.map(lambda a: record_one(voice, lex, outdir, *a), enumerate(words)))
    log = [r for r in results if r]
    for r in log:
        name = r.split(":")[0]
        for ext in (".wav", ".segs"):
            os.remove(os.path.join(outdir, name + ext))
    with open(os.path.join(outdir, "record.log"), "w") as f:
        f.write("".join(b + "\n" for b in log))
    kept = sum(1 for f in os.listdir(outdir) if f.endswith(".wav"))
    print(f"{kept} recordings kept, {len(log)} left out", file=sys.stderr)
    for b in log[:20]:
        print("  " + b, file=sys.stderr)


if __name__ == "__main__":
    main()
