#!/usr/bin/env python3
"""How far aloud's planned phone durations are from a voice's natural ones.

    bench/prosody/durations.py RECORDINGS PROMPTS [--voice V] [--aloud BIN]

RECORDINGS is a folder of sentences as `voices/record-sentences/record.py` writes them
(`<id>.wav` + `<id>.segs`, ESPS labels whose times are phone ends); PROMPTS the prompt list
they were read from (`voices/record-sentences/cmuarctic.data`). Every sentence is planned by
`aloud plan --pho` (voice V, default rms); the planned and the recorded phones are aligned
where the two pronunciations agree (pauses left out), and for each phone the median of
planned / natural is printed with a suggested inherent and minimum duration for
`src/prosody/duration.rs`: Klatt's pair divided by that median, shrunk toward no change for
phones seen rarely (weight n / (n + 20) in the log domain), rounded to 5 ms.
"""
import argparse
import difflib
import math
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict


def read_prompts(path):
    texts = {}
    for line in open(path, encoding="utf-8"):
        m = re.match(r'\( (\S+) "(.*)" \)', line.strip())
        if m:
            texts[m.group(1)] = m.group(2)
    return texts


def read_segs(path):
    prev, seq = 0.0, []
    for line in open(path, encoding="utf-8"):
        p = line.split()
        if len(p) == 3 and re.match(r"^[0-9.]+$", p[0]):
            t = float(p[0])
            seq.append((p[2], (t - prev) * 1000.0))
            prev = t
    return [(ph, d) for ph, d in seq if ph != "pau"]


def planned(aloud, voice, texts):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n\n".join(texts) + "\n")
        name = f.name
    try:
        out = subprocess.run(
            [aloud, "plan", "--pho", "--cast", f"narrator={voice}", name],
            capture_output=True, text=True, check=True,
        ).stdout
    finally:
        os.unlink(name)
    blocks, cur = [], None
    for line in out.splitlines():
        if line.startswith("; Narrator"):
            cur = []
            blocks.append(cur)
        elif line.startswith(";") or not line.strip() or cur is None:
            continue
        else:
            p = line.split()
            if p[0] != "pau":
                cur.append((p[0], float(p[1])))
    # the plan opens with the title (the first paragraph); the sentences are the last blocks
    return blocks[-len(texts):]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("recordings")
    ap.add_argument("prompts")
    ap.add_argument("--voice", default="rms")
    ap.add_argument("--aloud", default=os.path.join(os.path.dirname(__file__), "../../target/release/aloud"))
    a = ap.parse_args()
    texts = read_prompts(a.prompts)
    ids = sorted(f[:-5] for f in os.listdir(a.recordings) if f.endswith(".segs") and f[:-5] in texts)
    if not ids:
        sys.exit("no labelled sentences of the prompt list in " + a.recordings)
    natural = [read_segs(os.path.join(a.recordings, i + ".segs")) for i in ids]
    plans = planned(a.aloud, a.voice, [texts[i] for i in ids])
    logs = defaultdict(list)
    for nat, plan in zip(natural, plans):
        sm = difflib.SequenceMatcher(a=[p for p, _ in nat], b=[p for p, _ in plan], autojunk=False)
        for op, i1, i2, j1, _ in sm.get_opcodes():
            if op == "equal":
                for k in range(i2 - i1):
                    ph, d = nat[i1 + k]
                    logs[ph].append(math.log(plan[j1 + k][1] / max(d, 1.0)))
    every = sorted(x for v in logs.values() for x in v)
    med = lambda v: sorted(v)[len(v) // 2]
    print(f"{len(ids)} sentences, {len(every)} phones aligned; planned/natural: median "
          f"{math.exp(med(every)):.2f}, median |log| {med([abs(x) for x in every]):.2f}, "
          f"{sum(abs(x) > math.log(1.5) for x in every) / len(every):.0%} of phones off by more than 1.5x")
    print("phone     n  planned/natural  suggested factor")
    for ph in sorted(logs):
        v = logs[ph]
        shrunk = med(v) * len(v) / (len(v) + 20)
        print(f"{ph:5} {len(v):5}  {math.exp(med(v)):15.2f}  {math.exp(-shrunk):16.2f}")


if __name__ == "__main__":
    main()
