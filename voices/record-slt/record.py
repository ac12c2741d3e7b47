#!/usr/bin/env python3
"""Records one nonsense carrier word per diphone from Festival's HTS voice
cmu_us_slt_arctic_hts (Debian package festvox-us-slt-hts).

Usage: record.py OUTDIR

For every phone pair X-Y of aloud's phone set (CMU ARPAbet without stress, plus
`ax` and `pau`; the same list as src/phonetics/phone.rs) this builds a nonsense
word with explicit syllables and stress that holds X Y between carrier
syllables, adds it to Festival's lexicon, synthesizes it in one batch Festival
run (HTS speed 0.8, i.e. 25 % slower than normal) and writes

    OUTDIR/X-Y.wav    the word as Festival wrote it (16-bit, 32 kHz, mono)
    OUTDIR/X-Y.segs   Festival's segment file (xlabel: end time, 100, phone)

It then checks that every segment file holds exactly the phones that were asked
for, with X-Y occurring once (the builder `aloud voice build` relies on that).
A pair whose phones come out differently is deleted and listed. Only the
Python standard library and Festival are needed. Deterministic: the same
Festival build gives the same bytes.
"""

import os
import subprocess
import sys
import time

VOWELS = "aa ae ah ao aw ax ay eh er ey ih iy ow oy uh uw".split()
CONSONANTS = "b ch d dh f g hh jh k l m n ng p r s sh t th v w y z zh".split()
PHONES = sorted(VOWELS + CONSONANTS) + ["pau"]
# Carrier syllables (consonant, vowel); the first one that leaves the wanted
# pair unique in the word is used.
CARRIERS = [("t", "aa"), ("k", "iy"), ("p", "ae")]
# HTS engine speed (hts_engine -r): below 1 is slower.
SPEED = 0.8


def syllables(x, y, c, v):
    """Syllables [(phones, stressed)] of the carrier word for pair x-y."""
    if x == "pau":
        return [([y, v] if y in CONSONANTS else [y], True), ([c, v], False)]
    if y == "pau":
        return [([c, v], False), ([c, v, x] if x in CONSONANTS else [c, x], True)]
    if x in CONSONANTS and y in VOWELS:
        return [([c, v], False), ([x, y], True), ([c, v], False)]
    if x in VOWELS and y in CONSONANTS:
        return [([c, v], False), ([c, x, y], True), ([c, v], False)]
    if x in VOWELS and y in VOWELS:
        return [([c, v], False), ([c, x], True), ([y], False), ([c, v], False)]
    # consonant cluster: x closes the stressed syllable, y opens the next one
    return [([c, v], False), ([c, v, x], True), ([y, v], False)]


def word_phones(syls):
    return ["pau"] + [p for s, _ in syls for p in s] + ["pau"]


def pair_count(phones, x, y):
    return sum(1 for a, b in zip(phones, phones[1:]) if (a, b) == (x, y))


def plan():
    """[(name, word, syllables, expected phones)] for every pair."""
    words = []
    for x in PHONES:
        for y in PHONES:
            if x == "pau" and y == "pau":
                continue
            for c, v in CARRIERS:
                syls = syllables(x, y, c, v)
                phones = word_phones(syls)
                if pair_count(phones, x, y) == 1:
                    break
            else:
                raise SystemExit(f"no carrier makes {x}-{y} unique")
            n = len(words)
            word = "zq" + "".join(chr(ord("a") + d) for d in (n // 676, n // 26 % 26, n % 26))
            words.append((f"{x}-{y}", word, syls, phones))
    return words


def scheme(words, outdir):
    lines = [
        "(voice_cmu_us_slt_arctic_hts)",
        f'(set! hts_engine_params (append hts_engine_params (list (list "-r" {SPEED}))))',
    ]
    for name, word, syls, _ in words:
        # A syllable whose vowel is the reduced schwa stays unstressed.
        entry = " ".join(
            "((%s) %d)" % (" ".join(s), 1 if stressed and "ax" not in s else 0)
            for s, stressed in syls
        )
        path = os.path.join(outdir, name)
        lines.append(f'(lex.add.entry \'("{word}" nil ({entry})))')
        lines.append(f'(set! u (Utterance Text "{word}"))')
        lines.append("(utt.synth u)")
        lines.append(f'(utt.save.wave u "{path}.wav" \'riff)')
        lines.append(f'(utt.save.segs u "{path}.segs")')
    return "\n".join(lines) + "\n"


def read_segs(path):
    phones = []
    with open(path) as f:
        body = False
        for line in f:
            if line.strip() == "#":
                body = True
                continue
            if body and line.strip():
                phones.append(line.split()[2])
    return phones


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    outdir = os.path.abspath(sys.argv[1])
    os.makedirs(outdir, exist_ok=True)
    words = plan()
    script = os.path.join(outdir, "words.scm")
    with open(script, "w") as f:
        f.write(scheme(words, outdir))
    t0 = time.time()
    subprocess.run(["festival", "-b", script], check=True)
    print(f"festival: {len(words)} words in {time.time() - t0:.1f} s", file=sys.stderr)
    bad = []
    for name, _, _, expected in words:
        got = read_segs(os.path.join(outdir, name + ".segs"))
        if got != expected:
            bad.append(f"{name}: asked {' '.join(expected)}, got {' '.join(got)}")
            for ext in (".wav", ".segs"):
                os.remove(os.path.join(outdir, name + ext))
    with open(os.path.join(outdir, "mismatches.txt"), "w") as f:
        f.write("".join(b + "\n" for b in bad))
    print(f"{len(words) - len(bad)} recordings kept, {len(bad)} mismatched", file=sys.stderr)
    for b in bad:
        print("  " + b, file=sys.stderr)


if __name__ == "__main__":
    main()
