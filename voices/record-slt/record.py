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
for, with X-Y occurring once (the builder `aloud voice build` relies on that);
a pair whose phones come out differently is deleted and listed. HTS clips a few
words at the 16-bit limits (its volume cannot be set through Festival); those
are recorded again with the next carrier syllables (k iy, then p ae), in a
further Festival run, and left out if every carrier clips. OUTDIR/record.log
lists what happened. Only the
Python standard library and Festival are needed. Deterministic: the same
Festival build gives the same bytes.
"""

import array
import os
import subprocess
import sys
import time
import wave

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


def carrier_word(x, y, first_carrier):
    """(carrier index, syllables, expected phones) for pair x-y: the first carrier
    from `first_carrier` on that leaves x-y unique in the word, or None."""
    for k in range(first_carrier, len(CARRIERS)):
        c, v = CARRIERS[k]
        syls = syllables(x, y, c, v)
        phones = word_phones(syls)
        if pair_count(phones, x, y) == 1:
            return k, syls, phones
    return None


def plan(pairs):
    """[(name, word, syllables, expected phones, carrier)] for the given pairs
    [(x, y, first carrier to try)]; pairs without a usable carrier are skipped."""
    words = []
    for x, y, k0 in pairs:
        found = carrier_word(x, y, k0)
        if found is None:
            continue
        k, syls, phones = found
        n = len(words)
        word = "zq" + "".join(chr(ord("a") + d) for d in (n // 676, n // 26 % 26, n % 26))
        words.append((f"{x}-{y}", word, syls, phones, k))
    return words


def all_pairs():
    return [(x, y, 0) for x in PHONES for y in PHONES if not (x == "pau" and y == "pau")]


def scheme(words, outdir):
    lines = [
        "(voice_cmu_us_slt_arctic_hts)",
        f'(set! hts_engine_params (append hts_engine_params (list (list "-r" {SPEED}))))',
    ]
    for name, word, syls, _, _ in words:
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


def clipped_samples(path):
    """Number of samples at the 16-bit limits (HTS clips its output there)."""
    with wave.open(path) as w:
        data = array.array("h", w.readframes(w.getnframes()))
    return sum(1 for v in data if v == 32767 or v == -32768)


def record(words, outdir, round_no):
    script = os.path.join(outdir, f"words-{round_no}.scm")
    with open(script, "w") as f:
        f.write(scheme(words, outdir))
    t0 = time.time()
    subprocess.run(["festival", "-b", script], check=True)
    print(f"festival round {round_no}: {len(words)} words in {time.time() - t0:.1f} s", file=sys.stderr)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    outdir = os.path.abspath(sys.argv[1])
    os.makedirs(outdir, exist_ok=True)
    log = []
    pairs = all_pairs()
    round_no = 0
    while pairs:
        words = plan(pairs)
        for x, y, k0 in pairs:
            if not any(w[0] == f"{x}-{y}" for w in words):
                log.append(f"{x}-{y}: clipped with every carrier, left out")
        if not words:
            break
        record(words, outdir, round_no)
        retry = []
        for name, _, _, expected, k in words:
            wav = os.path.join(outdir, name + ".wav")
            got = read_segs(os.path.join(outdir, name + ".segs"))
            bad = None
            if got != expected:
                bad = f"{name}: asked {' '.join(expected)}, got {' '.join(got)}"
            elif clipped_samples(wav) > 0:
                bad = f"{name}: clipped with carrier {' '.join(CARRIERS[k])}"
                x, y = name.split("-")
                retry.append((x, y, k + 1))
            if bad:
                log.append(bad)
                for ext in (".wav", ".segs"):
                    os.remove(os.path.join(outdir, name + ext))
        pairs = retry
        round_no += 1
    with open(os.path.join(outdir, "record.log"), "w") as f:
        f.write("".join(b + "\n" for b in log))
    kept = sum(1 for f in os.listdir(outdir) if f.endswith(".wav"))
    print(f"{kept} recordings kept", file=sys.stderr)
    for b in log:
        print("  " + b, file=sys.stderr)


if __name__ == "__main__":
    main()
