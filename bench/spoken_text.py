#!/usr/bin/env python3
"""Print the text that aloud speaks for an input file (standard library only).

Two sources, best first:

1. ``--plan-json FILE``: the JSON of ``aloud plan INPUT --json``; the spoken text is every
   ``chapters[].turns[].text`` in order, one turn per paragraph. This is what aloud decided to
   speak, so dropped boilerplate and speaker labels do not count against it.
2. Otherwise a simple approximation from the raw file: the last ``--footer N`` non-empty lines
   are dropped, speaker labels (``CE:``, ``THE PRESIDENT:``, a bare ``Q``), timestamp lines
   (``[00:00:15:12]``), metadata lines (``_note: …``), ``END`` and a closing time line are
   removed, wiki markup ``[glossary:Capsep]`` keeps its word, and with ``--skip-preamble`` the
   lines before the first labelled line are dropped (a page header, not speech).

Used by bench/speed.sh (the plain text given to the peer synthesizers) and by
bench/intelligibility/run.sh (the reference text for the judge).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

# A speaker label at the start of a line: "CE:", "SL:", "THE PRESIDENT:", "DR. HAHN:", "P:".
LABEL = re.compile(r"^\s*(?:[A-Z][A-Z0-9.'\- ]{0,40}|[A-Z][A-Za-z]{0,15}):[\s\u00a0]+")
# A reporter: a bare "Q" followed by spaces or no-break spaces.
REPORTER = re.compile(r"^\s*Q[\s\u00a0]+")
TIMESTAMP = re.compile(r"^\s*\[\d{2}:\d{2}:\d{2}:\d{2}\]\s*$")
METADATA = re.compile(r"^\s*_\w+:")
END_LINE = re.compile(r"^\s*END\s*$")
TIME_LINE = re.compile(r"^\s*\d{1,2}:\d{2}\s*[AP]\.?M\.?(?:\s+[A-Z]{2,4})?\s*$")
WIKI = re.compile(r"\[[a-z]+:([^\]|]+)(?:\|[^\]]*)?\]")


def from_plan(plan: dict) -> str:
    """The spoken turns of an ``aloud plan --json`` document, one per paragraph."""
    turns = []
    for chapter in plan.get("chapters", []):
        for turn in chapter.get("turns", []):
            text = turn.get("text", "")
            if isinstance(text, list):  # tolerate paragraphs given as a list
                text = "\n".join(str(t) for t in text)
            text = str(text).strip()
            if text:
                turns.append(text)
    if not turns:
        raise ValueError("the plan has no chapters[].turns[].text")
    return "\n\n".join(turns)


def from_raw(raw: str, footer: int = 0, skip_preamble: bool = False) -> str:
    """Approximate the spoken text from the raw input (see the module doc)."""
    lines = raw.splitlines()
    if footer > 0:
        nonempty = [i for i, line in enumerate(lines) if line.strip()]
        for i in nonempty[-footer:]:
            lines[i] = ""
    if skip_preamble:
        first = next(
            (i for i, line in enumerate(lines) if LABEL.match(line) or REPORTER.match(line)),
            0,
        )
        lines = lines[first:]
    out = []
    for line in lines:
        if TIMESTAMP.match(line) or METADATA.match(line) or END_LINE.match(line):
            continue
        if TIME_LINE.match(line):
            continue
        line = LABEL.sub("", line, count=1)
        line = REPORTER.sub("", line, count=1)
        line = WIKI.sub(r"\1", line)
        line = line.replace("\u00a0", " ").strip()
        if re.search(r"\w", line):  # "..." (unintelligible audio) is not speech
            out.append(line)
    return "\n\n".join(out)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path, help="the input text file")
    parser.add_argument("--plan-json", type=Path, help="output of `aloud plan INPUT --json`")
    parser.add_argument("--footer", type=int, default=0, help="non-empty lines to drop at the end")
    parser.add_argument("--skip-preamble", action="store_true", help="drop lines before the first label")
    args = parser.parse_args(argv)
    if args.plan_json is not None:
        try:
            text = from_plan(json.loads(args.plan_json.read_text(encoding="utf-8")))
        except (OSError, ValueError) as e:
            print(f"spoken_text: {args.plan_json}: {e}", file=sys.stderr)
            return 1
    else:
        try:
            raw = args.input.read_text(encoding="utf-8")
        except OSError as e:
            print(f"spoken_text: {args.input}: {e}", file=sys.stderr)
            return 1
        text = from_raw(raw, args.footer, args.skip_preamble)
    sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
