#!/usr/bin/env bash
# Where the quality goes: one voice reads the example's spoken text (no user lexicon) with one
# synthesis stage changed at a time, and both judges score every variant in the same run.
#
#   bench/quality/stages.sh [--voices "kal ked slt"] [--texts "example"] [--before REV] [--out DIR]
#
# Variants per voice (all `aloud say - --voice V` on the reference text):
#   copy            --timing units --pitch-source units    the units' own durations and pitch
#   copy-duration   --timing units --pitch-source targets  the units' durations, the prosody's F0
#   copy-pitch      --timing targets --pitch-source units  the prosody's durations, the units' F0
#   targets         --timing targets --pitch-source targets the prosody's durations and F0, as planned
#   fitted          --timing fitted --pitch-source targets durations pulled toward the units
#                                                          (the default of diphone voices)
#   guided          --timing guided --pitch-source guided  the units' own, within bounds of the plan
#                                                          (the default of voices that choose)
# With --before REV (e.g. 0e3dcbc), the voices of that commit are used as well, for each voice
# that changed since (`<voice>@REV` rows, default style). Prints the WER/MOS table
# (bench/quality/table.py); files in --out (default bench/out/stages).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"

VOICES="kal ked slt"
TEXTS="example"
BEFORE=""
OUT="$BENCH_DIR/out/stages"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --voices) VOICES="$2"; shift 2 ;;
    --texts) TEXTS="$2"; shift 2 ;;
    --before) BEFORE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | cut -c3-; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

WER_DIR="$BENCH_DIR/intelligibility"
ensure_venv "$WER_DIR/.venv" "$WER_DIR/requirements.txt"
ensure_venv "$HERE/.venv" "$HERE/requirements.txt"
export HF_HUB_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1
build_aloud
[[ -x "$ALOUD" ]] || die "no aloud binary at $ALOUD"

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
rm -rf "${OUT:?}/wav" "${OUT:?}/ref" "${OUT:?}/before"
mkdir -p "$OUT/wav" "$OUT/ref"
MANIFEST="$OUT/manifest.tsv"
: >"$MANIFEST"

# The voices of REV, beside the current lexicon, for the `@REV` rows.
if [[ -n "$BEFORE" ]]; then
  mkdir -p "$OUT/before/voices"
  git -C "$REPO_DIR" archive "$BEFORE" voices | tar -x -C "$OUT/before"
  ln -s "$REPO_DIR/lexicon" "$OUT/before/lexicon"
fi

variant_args() {
  case "$1" in
    copy) echo "--timing units --pitch-source units" ;;
    copy-duration) echo "--timing units --pitch-source targets" ;;
    copy-pitch) echo "--timing targets --pitch-source units" ;;
    targets) echo "--timing targets --pitch-source targets" ;;
    fitted) echo "--timing fitted --pitch-source targets" ;;
    guided) echo "--timing guided --pitch-source guided" ;;
  esac
}

for text in $TEXTS; do
  ref="$OUT/ref/$text.reference.txt"
  spoken_text "$text" "$ref"
  for voice in $VOICES; do
    for variant in copy copy-duration copy-pitch targets fitted guided; do
      wav="$OUT/wav/$voice-$variant.$text.wav"
      say "bench: $text: $voice $variant ..."
      # shellcheck disable=SC2046
      "$ALOUD" say - --voice "$voice" $(variant_args "$variant") -q -o "$wav" <"$ref"
      printf '%s\t%s\t%s\t%s\n' "$voice $variant" "$text" "$wav" "$ref" >>"$MANIFEST"
    done
    if [[ -n "$BEFORE" ]] && ! git -C "$REPO_DIR" diff --quiet "$BEFORE" -- "voices/$voice"; then
      wav="$OUT/wav/$voice-before.$text.wav"
      say "bench: $text: $voice with the voice data of $BEFORE ..."
      ALOUD_DATA="$OUT/before" "$ALOUD" say - --voice "$voice" -q -o "$wav" <"$ref"
      printf '%s\t%s\t%s\t%s\n' "$voice@$BEFORE default" "$text" "$wav" "$ref" >>"$MANIFEST"
    fi
  done
done

say "bench: judging $(wc -l <"$MANIFEST") recordings (Whisper tiny.en, DistillMOS) ..."
(cd "$WER_DIR" && "$WER_DIR/.venv/bin/python" judge.py "$MANIFEST" --out "$OUT/wer") \
  >"$OUT/wer.md" 2>"$OUT/wer.log" || die "the WER judge failed (see $OUT/wer.log)"
"$HERE/.venv/bin/python" "$HERE/mos.py" "$MANIFEST" --out "$OUT/mos.json" >"$OUT/mos.md" \
  || die "the MOS judge failed"
python3 "$HERE/table.py" "$MANIFEST" --wer "$OUT/wer/results.json" --mos "$OUT/mos.json" \
  --json "$OUT/combined.json" | tee "$OUT/report.md"
say "bench: aloud $(git -C "$REPO_DIR" rev-parse --short HEAD) ($(git -C "$REPO_DIR" status --porcelain -- src voices | wc -l) files changed); files in $OUT"
