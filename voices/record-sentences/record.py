#!/usr/bin/env python3
"""Records whole sentences from Festival's HTS voice cmu_us_slt_arctic_hts
(Debian package festvox-us-slt-hts), or from one of Flite's clustergen voices
(Debian package flite: rms, awb, slt), for unit selection over running speech.

Usage: record.py [--flite VOICE] [--clusters] PROMPTS OUTDIR [SECONDS]

PROMPTS is a Festvox prompt list (`( id "text" )` per line; the CMU ARCTIC list
voices/record-sentences/cmuarctic.data). Every prompt is synthesized at the
voice's own speed into a scratch folder with its segments (end time, 100,
phone): by Festival in batches (`utt.save.segs`), or with --flite by one
`flite -voice VOICE -psdur` process per prompt (Flite's own phone end times).
Then sentences are chosen greedily until their speech adds up to SECONDS
(default 900): each step takes the sentence that adds the most new diphone
instances per second of speech,
where an instance of pair X-Y counts while the pairs chosen so far hold fewer
than CAP of it, weighted by how rare the pair is among all prompts (rare
pairs first, common ones stop counting once CAP are in). Ties go to the
earlier id. With --clusters, every /s/ + voiceless stop + next phone (s-t-ey in
"state") counts as one more thing to cover in the same way: a stop after /s/
is released differently (unaspirated in "stage", aspirated in "this table"), and
unit selection can play the cluster only from a recording that holds it. The chosen sentences are written as

    OUTDIR/ID.wav    the sentence as the synthesizer wrote it (16-bit mono; Festival
                     HTS 32 kHz, Flite 16 kHz)
    OUTDIR/ID.segs   its segments (xlabel)

A sentence that clips (HTS clips at the 16-bit limits and its volume cannot be
set from Festival) is not chosen. OUTDIR/record.log lists the choice.
Only the Python standard library and Festival (or Flite) are needed.
Deterministic: the same synthesizer build and prompts give the same bytes and
the same choice.
"""

import array
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

# Most instances of one diphone that still count as new.
CAP = 12
# Prompts per Festival process.
BATCH = 150
PROMPT = re.compile(r'^\(\s*(\S+)\s+"(.*)"\s*\)\s*$')


def read_prompts(path):
    prompts = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            m = PROMPT.match(line.strip())
            if not m:
                sys.exit(f"{path}:{n}: not a prompt line: {line.strip()}")
            prompts.append((m.group(1), m.group(2)))
    return prompts


def scheme_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def synthesize(batch, scratch, k):
    lines = ["(voice_cmu_us_slt_arctic_hts)"]
    for pid, text in batch:
        path = os.path.join(scratch, pid)
        lines.append(f"(set! u (Utterance Text {scheme_string(text)}))")
        lines.append("(utt.synth u)")
        lines.append(f'(utt.save.wave u "{path}.wav" \'riff)')
        lines.append(f'(utt.save.segs u "{path}.segs")')
    script = os.path.join(scratch, f"batch-{k}.scm")
    with open(script, "w") as f:
        f.write("\n".join(lines) + "\n")
    subprocess.run(["festival", "-b", script], check=True, stdout=subprocess.DEVNULL)


def synthesize_flite(voice, prompt, scratch):
    pid, text = prompt
    path = os.path.join(scratch, pid)
    run = subprocess.run(
        ["flite", "-voice", voice, "-psdur", "-t", text, "-o", path + ".wav"],
        check=True, capture_output=True, text=True,
    )
    lines = ["separator ;", "nfields 1", "#"]
    for item in run.stdout.split():
        phone, end = item.rsplit(":", 1)
        lines.append(f"{float(end):.6f} 100 {phone}")
    with open(path + ".segs", "w") as f:
        f.write("\n".join(lines) + "\n")


def read_segs(path):
    """[(start, end, phone)] from an xlabel segment file."""
    segs, start, body = [], 0.0, False
    with open(path) as f:
        for line in f:
            if line.strip() == "#":
                body = True
                continue
            if body and line.strip():
                end, _, phone = line.split()[:3]
                segs.append((start, float(end), phone))
                start = float(end)
    return segs


def clips(path):
    with wave.open(path) as w:
        data = array.array("h", w.readframes(w.getnframes()))
    return any(v in (32767, -32768) for v in data)


def pairs(segs, clusters):
    """The diphones of a sentence (and, with `clusters`, its /s/-stop triples)."""
    phones = [p for _, _, p in segs]
    out = [(a, b) for a, b in zip(phones, phones[1:]) if not (a == "pau" and b == "pau")]
    if clusters:
        out += [
            (a, b, c)
            for a, b, c in zip(phones, phones[1:], phones[2:])
            if a == "s" and b in ("p", "t", "k")
        ]
    return out


def speech_seconds(segs):
    return sum(e - s for s, e, p in segs if p != "pau")


def choose(sentences, budget, clusters):
    """Greedy choice of sentence ids (see the module doc)."""
    everywhere = Counter(d for _, segs in sentences for d in pairs(segs, clusters))
    weight = {d: 1.0 / math.sqrt(n) for d, n in everywhere.items()}
    have = Counter()
    left = dict(sentences)
    order = [pid for pid, _ in sentences]
    chosen, total = [], 0.0
    while left and total < budget:
        best, best_score = None, 0.0
        for pid in order:
            segs = left.get(pid)
            if segs is None:
                continue
            seen = Counter()
            gain = 0.0
            for d in pairs(segs, clusters):
                if have[d] + seen[d] < CAP:
                    gain += weight[d]
                seen[d] += 1
            score = gain / max(speech_seconds(segs), 0.5)
            if score > best_score:
                best, best_score = pid, score
        if best is None:
            break
        segs = left.pop(best)
        have.update(pairs(segs, clusters))
        chosen.append(best)
        total += speech_seconds(segs)
    return chosen, total, have


def main():
    args = sys.argv[1:]
    flite, clusters = None, False
    if args[:1] == ["--flite"] and len(args) > 1:
        flite, args = args[1], args[2:]
    if args[:1] == ["--clusters"]:
        clusters, args = True, args[1:]
    if len(args) not in (2, 3):
        sys.exit(__doc__)
    prompts = read_prompts(args[0])
    outdir = args[1]
    budget = float(args[2]) if len(args) == 3 else 900.0
    os.makedirs(outdir, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="aloud-sentences-")
    try:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            if flite:
                list(pool.map(lambda p: synthesize_flite(flite, p, scratch), prompts))
            else:
                batches = [prompts[i : i + BATCH] for i in range(0, len(prompts), BATCH)]
                list(pool.map(lambda kb: synthesize(kb[1], scratch, kb[0]), enumerate(batches)))
        log = []
        sentences = []
        for pid, _ in prompts:
            wav = os.path.join(scratch, pid + ".wav")
            if not os.path.exists(wav):
                log.append(f"{pid}: not synthesized")
                continue
            if clips(wav):
                log.append(f"{pid}: clips, not used")
                continue
            sentences.append((pid, read_segs(os.path.join(scratch, pid + ".segs"))))
        chosen, total, have = choose(sentences, budget, clusters)
        for pid in chosen:
            for ext in (".wav", ".segs"):
                shutil.copyfile(os.path.join(scratch, pid + ext), os.path.join(outdir, pid + ext))
        log.append(
            f"chose {len(chosen)} of {len(sentences)} sentences, {total:.1f} s of speech, "
            f"{len(have)} distinct diphones"
        )
        log += chosen
        with open(os.path.join(outdir, "record.log"), "w") as f:
            f.write("\n".join(log) + "\n")
        print(log[-len(chosen) - 1], file=sys.stderr)
    finally:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
