#!/usr/bin/env python3
"""The quality judge: DistillMOS predicts a mean opinion score (1–5) for WAV files.

    mos.py MANIFEST.tsv [--out results.json]
    mos.py a.wav b.wav ... [--out results.json]

MANIFEST.tsv is the intelligibility judge's format, one job a line, tab-separated:
``system  text  wav  reference.txt`` (the reference is not used here). Plain WAV paths are judged
as system = file stem, text = "".

Recipe, per file:

1. Read the WAV (any rate and sample format); several channels are averaged to mono.
2. Resample to 16 kHz (polyphase, ``scipy.signal.resample_poly``), the model's rate.
3. Cut consecutive 8-second windows. A last partial window shorter than 4 s is dropped, unless it
   is the only window (a file shorter than 8 s is scored whole).
4. Skip silent windows: the 20 ms frame levels (RMS, dB) of the whole file give a floor, the 95th
   percentile minus 35 dB; a window where more than half the frames are below the floor is not
   scored (pauses and silences say nothing about the voice's quality).
5. Add a floor of white noise at FLOOR_DBFS (−100 dBFS RMS, below the step of 16-bit audio; seeded,
   the same for every system) to the whole file. DistillMOS scores exact digital silence as a
   defect: on the same 11.6 s of Flite rms copied through aloud's TD-PSOLA, the copy scored 2.74 with
   its inter-sentence pauses at exact zero and 3.09 with this floor, while files that already carry
   a noise floor (Flite rms 3.53 → 3.52, Flite kal16 3.43 → 3.41, eSpeak NG 1.96 → 1.97) do not move
   (bench/RESULTS.md, "Calibrating the quality judge"). The floor is inaudible and makes the judge
   blind to how a system writes its pauses, not to how it speaks. ``--floor-dbfs off`` scores the
   file as it is (the recipe used before 2026-11-30 23:00 UTC).
6. Score every other window with ``distillmos.ConvTransformerSQAModel`` (CPU, 2 threads,
   ``torch.no_grad``); report the mean and the 10th percentile over the windows, and how many
   were scored.

DistillMOS is trained on human ratings of speech quality: it hears noise, buzz, roughness and
discontinuities. It is a proxy, not a listening test. The weights ship inside the wheel, so nothing
is downloaded. A Markdown table goes to stdout, progress to stderr, and every window's score to
the JSON file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

RATE = 16_000
WINDOW_SECONDS = 8.0
MIN_LAST_SECONDS = 4.0
FRAME_SECONDS = 0.020
FLOOR_PERCENTILE = 95.0
FLOOR_BELOW_DB = 35.0
SILENT_SHARE_MAX = 0.5
FLOOR_DBFS = -100.0
FLOOR_SEED = 1770
BATCH = 8


@dataclass
class Job:
    """One WAV to score."""

    system: str
    text: str
    wav: Path


@dataclass
class Window:
    """One window of a file: where it is, and its score (None when skipped as silent)."""

    start: float
    seconds: float
    silent_share: float
    mos: float | None = None


@dataclass
class FileScore:
    """The judge's verdict on one file."""

    system: str
    text: str
    wav: str
    audio_seconds: float
    source_rate: int
    channels: int
    mos_mean: float | None
    mos_p10: float | None
    mos_min: float | None
    windows_scored: int
    windows_total: int
    score_seconds: float
    windows: list[Window] = field(default_factory=list)


def read_jobs(args: list[str]) -> list[Job]:
    """Jobs from one manifest file (``.tsv`` or any non-WAV file) or from plain WAV paths."""
    if len(args) == 1 and not args[0].lower().endswith(".wav"):
        path = Path(args[0])
        jobs = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) not in (3, 4):
                raise ValueError(f"{path}:{n}: expected 3 or 4 tab-separated fields, got {len(parts)}")
            jobs.append(Job(parts[0], parts[1], Path(parts[2])))
        return jobs
    return [Job(Path(a).stem, "", Path(a)) for a in args]


def load_mono_16k(path: Path) -> tuple[np.ndarray, int, int]:
    """The file as float32 mono at 16 kHz, with its original rate and channel count."""
    data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    channels = data.shape[1]
    mono = data.mean(axis=1)
    if rate != RATE:
        g = math.gcd(rate, RATE)
        mono = resample_poly(mono, RATE // g, rate // g).astype(np.float32)
    return mono, rate, channels


def frame_levels_db(audio: np.ndarray) -> np.ndarray:
    """RMS level in dB of each whole 20 ms frame (a tail shorter than a frame is ignored)."""
    hop = int(RATE * FRAME_SECONDS)
    n = len(audio) // hop
    if n == 0:
        return np.zeros(0, dtype=np.float64)
    frames = audio[: n * hop].astype(np.float64).reshape(n, hop)
    rms = np.sqrt(np.mean(frames * frames, axis=1))
    return 20.0 * np.log10(np.maximum(rms, 1e-10))


def cut_windows(audio: np.ndarray) -> list[tuple[int, int]]:
    """Sample ranges of the consecutive windows (see the module doc for the last one)."""
    size = int(RATE * WINDOW_SECONDS)
    windows = [(s, s + size) for s in range(0, len(audio) - size + 1, size)]
    rest = len(audio) - len(windows) * size
    if rest > 0 and (rest >= RATE * MIN_LAST_SECONDS or not windows):
        windows.append((len(windows) * size, len(audio)))
    return windows


def plan_windows(audio: np.ndarray) -> list[tuple[int, int, Window]]:
    """The file's windows (sample range, and a record with its share of silent frames)."""
    levels = frame_levels_db(audio)
    floor = np.percentile(levels, FLOOR_PERCENTILE) - FLOOR_BELOW_DB if len(levels) else 0.0
    hop = int(RATE * FRAME_SECONDS)
    out = []
    for a, b in cut_windows(audio):
        frames = levels[a // hop : b // hop]
        share = float(np.mean(frames < floor)) if len(frames) else 1.0
        record = Window(start=round(a / RATE, 3), seconds=round((b - a) / RATE, 3), silent_share=round(share, 4))
        out.append((a, b, record))
    return out


class Scorer:
    """DistillMOS on the CPU, loaded once."""

    def __init__(self, threads: int) -> None:
        import distillmos
        import torch

        torch.set_num_threads(threads)
        self.torch = torch
        # The model announces its weights on stdout, which carries the table: send it to stderr.
        with contextlib.redirect_stdout(sys.stderr):
            self.model = distillmos.ConvTransformerSQAModel()
        self.model.eval()

    def score(self, chunks: list[np.ndarray]) -> list[float]:
        """MOS of each chunk; chunks of one length are batched together."""
        scores: list[float] = [0.0] * len(chunks)
        by_length: dict[int, list[int]] = {}
        for i, c in enumerate(chunks):
            by_length.setdefault(len(c), []).append(i)
        with self.torch.no_grad():
            for indices in by_length.values():
                for k in range(0, len(indices), BATCH):
                    batch = indices[k : k + BATCH]
                    x = self.torch.from_numpy(np.stack([chunks[i] for i in batch]))
                    y = self.model(x).reshape(-1).tolist()
                    for i, v in zip(batch, y):
                        scores[i] = float(v)
        return scores


def add_floor(audio: np.ndarray, floor_dbfs: float | None) -> np.ndarray:
    """The audio with seeded white noise at ``floor_dbfs`` RMS added (step 5), or as it is."""
    if floor_dbfs is None:
        return audio
    rng = np.random.default_rng(FLOOR_SEED)
    noise = rng.normal(0.0, 10.0 ** (floor_dbfs / 20.0), len(audio)).astype(np.float32)
    return audio + noise


def judge(scorer: Scorer, job: Job, floor_dbfs: float | None) -> FileScore:
    """Scores one file by the recipe of the module doc."""
    start = time.monotonic()
    audio, rate, channels = load_mono_16k(job.wav)
    planned = plan_windows(audio)
    audio = add_floor(audio, floor_dbfs)
    windows = [w for _, _, w in planned]
    voiced = [(a, b, w) for a, b, w in planned if w.silent_share <= SILENT_SHARE_MAX]
    chunks = [np.ascontiguousarray(audio[a:b], dtype=np.float32) for a, b, _ in voiced]
    for (_, _, w), s in zip(voiced, scorer.score(chunks)):
        w.mos = round(s, 4)
    voiced_windows = [w for _, _, w in voiced]
    values = np.array([w.mos for w in voiced_windows], dtype=np.float64)
    have = len(values) > 0
    return FileScore(
        system=job.system,
        text=job.text,
        wav=str(job.wav),
        audio_seconds=round(len(audio) / RATE, 3),
        source_rate=rate,
        channels=channels,
        mos_mean=round(float(values.mean()), 4) if have else None,
        mos_p10=round(float(np.percentile(values, 10)), 4) if have else None,
        mos_min=round(float(values.min()), 4) if have else None,
        windows_scored=len(voiced_windows),
        windows_total=len(windows),
        score_seconds=round(time.monotonic() - start, 2),
        windows=windows,
    )


def fmt(x: float | None) -> str:
    """A score with two decimals, or a dash."""
    return "—" if x is None else f"{x:.2f}"


def print_table(scores: list[FileScore]) -> None:
    """The per-file results, in Markdown."""
    print("| system | text | MOS mean | MOS p10 | windows | audio s |")
    print("|---|---|---:|---:|---:|---:|")
    for s in scores:
        print(
            f"| {s.system} | {s.text} | {fmt(s.mos_mean)} | {fmt(s.mos_p10)} "
            f"| {s.windows_scored}/{s.windows_total} | {s.audio_seconds:.1f} |"
        )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="DistillMOS quality judge (see the module doc)")
    parser.add_argument("inputs", nargs="+", help="a manifest (system, text, wav, reference) or WAV files")
    parser.add_argument("--out", type=Path, help="JSON results with every window's score")
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads (default 2)")
    parser.add_argument(
        "--floor-dbfs",
        default=str(FLOOR_DBFS),
        help=f"noise floor added before scoring, dBFS RMS, or 'off' (default {FLOOR_DBFS:g}; see step 5)",
    )
    args = parser.parse_args(argv)
    try:
        floor_dbfs = None if args.floor_dbfs == "off" else float(args.floor_dbfs)
    except ValueError:
        print(f"mos: --floor-dbfs takes a number or 'off', not {args.floor_dbfs!r}", file=sys.stderr)
        return 1

    try:
        jobs = read_jobs(args.inputs)
        missing = [str(j.wav) for j in jobs if not j.wav.is_file()]
        if missing:
            raise FileNotFoundError(f"missing WAV: {', '.join(missing)}")
        if not jobs:
            raise ValueError("nothing to judge")
    except (OSError, ValueError) as e:
        print(f"mos: {e}", file=sys.stderr)
        return 1

    scorer = Scorer(args.threads)
    scores = []
    for job in jobs:
        try:
            s = judge(scorer, job, floor_dbfs)
        except (OSError, RuntimeError, ValueError) as e:
            print(f"mos: {job.wav}: {e}", file=sys.stderr)
            return 1
        print(
            f"mos: {job.system:<16} {job.text:<12} MOS {fmt(s.mos_mean)}  p10 {fmt(s.mos_p10)}"
            f"  ({s.windows_scored}/{s.windows_total} windows, {s.audio_seconds:.0f} s of audio,"
            f" scored in {s.score_seconds:.0f} s)",
            file=sys.stderr,
            flush=True,
        )
        scores.append(s)

    print_table(scores)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        doc = {
            "judge": "distillmos.ConvTransformerSQAModel",
            "recipe": {
                "rate": RATE,
                "window_seconds": WINDOW_SECONDS,
                "min_last_seconds": MIN_LAST_SECONDS,
                "frame_seconds": FRAME_SECONDS,
                "silence_floor": f"p{FLOOR_PERCENTILE:g} frame level - {FLOOR_BELOW_DB:g} dB",
                "skip_if_silent_share_above": SILENT_SHARE_MAX,
                "noise_floor_dbfs": floor_dbfs,
            },
            "files": [asdict(s) for s in scores],
        }
        args.out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
