#!/usr/bin/env python3
"""The table of bench/instructions.sh: total instructions and the inclusive share of each
pipeline stage, from `callgrind_annotate --inclusive=yes` listings, for one binary or two.

    instructions_summary.py --after A.annotate --after-wav A.wav
                            [--before B.annotate --before-wav B.wav]

A stage is the inclusive count of the function that does it (a function inlined into several
source files is listed once per file; the largest entry is the whole function). Stages nest
(PSOLA and unit selection are inside synthesis) and leave out what is between them, so they
do not add up to the total.
"""

from __future__ import annotations

import argparse
import hashlib
import re
from pathlib import Path

# (label, function, depth): depth 1 = inside the stage above it.
STAGES = [
    ("text read and parsed", "aloud::manuscript::parse_document", 0),
    ("pronouncer loaded (lexicon, letter-to-sound)", "aloud::phonetics::pronouncer::Pronouncer::load_default", 0),
    ("words pronounced", "aloud::phonetics::pronouncer::Pronouncer::pronounce_str", 0),
    ("letter-to-sound", "aloud::phonetics::lts::Lts::pronounce", 1),
    ("voices read (index, features, checks)", "aloud::voice::load::Voice::read", 0),
    ("synthesis (16 kHz)", "aloud::synth::synthesize_with", 0),
    ("unit selection", "aloud::synth::select::choose", 1),
    ("PSOLA", "aloud::synth::psola::render", 1),
    ("loudness meter", "aloud::edition::meter::Blocks::measure", 0),
    ("true peak", "aloud::edition::loudness::Leveller::true_peak_parts", 0),
    ("limiter", "aloud::edition::loudness::Leveller::limit_parts", 0),
    ("resampling to the output rate", "aloud::synth::resample::Resampler::process_into", 0),
    ("writer (WAV, chapters, captions)", "aloud::edition::writer::EditionWriter::write", 0),
]

LINE = re.compile(r"^\s*([\d,]+)\s+\([^)]*\)\s+(\S.*)$")


def read(path: Path) -> tuple[int, dict[str, int]]:
    """Total instructions and, per function name, the largest inclusive count listed."""
    total = None
    best: dict[str, int] = {}
    for line in path.read_text(errors="replace").splitlines():
        m = LINE.match(line)
        if not m:
            continue
        count = int(m.group(1).replace(",", ""))
        rest = m.group(2)
        if rest.startswith("PROGRAM TOTALS"):
            total = count
            continue
        # "file:function [object]" (the file may hold a colon only before the function)
        name = rest.rsplit(" [", 1)[0]
        name = name.split(":", 1)[1] if ":" in name else name
        if count > best.get(name, -1):
            best[name] = count
    if total is None:
        raise SystemExit(f"{path}: no PROGRAM TOTALS line (not a callgrind_annotate listing?)")
    return total, best


def digest(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def mega(n: int) -> str:
    return f"{n / 1e6:,.1f} M"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--after", type=Path, required=True)
    p.add_argument("--after-wav", type=Path, required=True)
    p.add_argument("--before", type=Path)
    p.add_argument("--before-wav", type=Path)
    a = p.parse_args()
    after_total, after = read(a.after)
    runs = [("aloud", after_total, after)]
    if a.before:
        before_total, before = read(a.before)
        runs.insert(0, ("before", before_total, before))
    head = "| stage | " + " | ".join(f"{name}: instructions | share" for name, _, _ in runs)
    if a.before:
        head += " | change"
    print(head + " |")
    print("|---|" + "---:|---:|" * len(runs) + ("---:|" if a.before else ""))
    rows = [("**total**", None, 0)] + STAGES
    for label, function, depth in rows:
        cells = []
        counts = []
        for _, total, found in runs:
            n = total if function is None else found.get(function)
            counts.append(n)
            cells.append("– | –" if n is None else f"{mega(n)} | {100 * n / total:.1f} %")
        row = f"| {'  ' * depth}{'└ ' if depth else ''}{label} | " + " | ".join(cells)
        if a.before:
            b, c = counts
            row += " | " + ("–" if b is None or c is None else f"{(c - b) / 1e6:+,.1f} M")
        print(row + " |")
    print()
    if a.before and a.before_wav:
        same = digest(a.before_wav) == digest(a.after_wav)
        print(f"WAVs: {'byte-identical' if same else 'different'} (md5 {digest(a.after_wav)}"
              + ("" if same else f" against {digest(a.before_wav)}") + ")")
    else:
        print(f"WAV md5 {digest(a.after_wav)}")


if __name__ == "__main__":
    main()
