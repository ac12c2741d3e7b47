#!/usr/bin/env python3
"""One Markdown table from the two judges: WER (Whisper) and MOS (DistillMOS), standard library only.

    table.py MANIFEST.tsv [--wer results.json] [--mos mos.json] [--json combined.json]

Rows follow the manifest (system by system, text by text); each system with more than one text
gets a ``mean`` row: the plain mean over its texts of WER, MOS mean and MOS p10 (each text counts
once, whatever its length), and a ``pooled`` row: the word errors of all its texts over all their
words, and the mean of all its scored windows (each word, each 8-second window counts once; the
steadier figure, and the one ``voices/measured.toml`` records). A judge that was not run, or a
file it could not score, shows a dash.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def read_manifest(path: Path) -> list[tuple[str, str]]:
    """(system, text) pairs of the manifest, in order."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            system, text = line.split("\t")[:2]
            pairs.append((system, text))
    return pairs


def mean(values: list[float | None]) -> float | None:
    """Mean of the known values; None when one is missing (a partial mean would mislead)."""
    if not values or any(v is None for v in values):
        return None
    return sum(values) / len(values)  # type: ignore[arg-type]


def pooled_wer(results: list[dict]) -> float | None:
    """Errors (substitutions, deletions, insertions) of every file over their reference words."""
    if not results or any(not r for r in results):
        return None
    words = sum(r["ref_words"] for r in results)
    errors = sum(r["substitutions"] + r["deletions"] + r["insertions"] for r in results)
    return errors / words if words else None


def pooled_mos(files: list[dict]) -> float | None:
    """Mean of every scored window of the files (windows left unscored, too quiet, not counted)."""
    if not files or any(not f for f in files):
        return None
    scores = [w["mos"] for f in files for w in f.get("windows", []) if w.get("mos") is not None]
    return sum(scores) / len(scores) if scores else None


def pct(x: float | None) -> str:
    """A rate as a percentage with one decimal, or a dash."""
    return "—" if x is None else f"{100 * x:.1f} %"


def two(x: float | None) -> str:
    """A score with two decimals, or a dash."""
    return "—" if x is None else f"{x:.2f}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="combined WER + MOS table")
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--wer", type=Path, help="results.json of intelligibility/judge.py")
    parser.add_argument("--mos", type=Path, help="the JSON of quality/mos.py")
    parser.add_argument("--json", type=Path, help="write the combined rows here too")
    args = parser.parse_args(argv)

    pairs = read_manifest(args.manifest)
    wer: dict[tuple[str, str], dict] = {}
    mos: dict[tuple[str, str], dict] = {}
    if args.wer and args.wer.is_file():
        wer = {(r["system"], r["text"]): r for r in json.loads(args.wer.read_text(encoding="utf-8"))}
    if args.mos and args.mos.is_file():
        doc = json.loads(args.mos.read_text(encoding="utf-8"))
        mos = {(r["system"], r["text"]): r for r in doc["files"]}

    rows = []
    for system, text in pairs:
        w, m = wer.get((system, text), {}), mos.get((system, text), {})
        rows.append(
            {
                "system": system,
                "text": text,
                "wer": w.get("wer"),
                "mos_mean": m.get("mos_mean"),
                "mos_p10": m.get("mos_p10"),
                "audio_seconds": m.get("audio_seconds", w.get("audio_seconds")),
            }
        )

    systems = list(dict.fromkeys(r["system"] for r in rows))
    print("| system | text | WER | MOS mean | MOS p10 | audio s |")
    print("|---|---|---:|---:|---:|---:|")
    means = []
    for system in systems:
        mine = [r for r in rows if r["system"] == system]
        for r in mine:
            secs = "—" if r["audio_seconds"] is None else f"{r['audio_seconds']:.0f}"
            print(
                f"| {system} | {r['text']} | {pct(r['wer'])} | {two(r['mos_mean'])} "
                f"| {two(r['mos_p10'])} | {secs} |"
            )
        if len(mine) > 1:
            avg = {
                "system": system,
                "texts": len(mine),
                "wer": mean([r["wer"] for r in mine]),
                "mos_mean": mean([r["mos_mean"] for r in mine]),
                "mos_p10": mean([r["mos_p10"] for r in mine]),
            }
            avg["pooled_wer"] = pooled_wer([wer.get((system, r["text"]), {}) for r in mine])
            avg["pooled_mos"] = pooled_mos([mos.get((system, r["text"]), {}) for r in mine])
            means.append(avg)
            print(
                f"| **{system}** | **mean ({len(mine)})** | **{pct(avg['wer'])}** "
                f"| **{two(avg['mos_mean'])}** | **{two(avg['mos_p10'])}** | |"
            )
            print(
                f"| {system} | pooled ({len(mine)}) | {pct(avg['pooled_wer'])} "
                f"| {two(avg['pooled_mos'])} | | |"
            )
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "means": means}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
