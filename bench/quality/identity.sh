#!/usr/bin/env bash
# What aloud's synthesis does to a recording it plays back whole: sentences the rms voice was
# recorded reading (CMU ARCTIC prompts that aloud reads from one recording, no join), read by
# `aloud say --voice rms` with the units' own timing and pitch (copy synthesis) and as it reads by
# default, against the recording itself (Flite rms reading the prompt, as
# voices/record-sentences/record.py recorded it):
#
#   bench/quality/identity.sh [--count 20] [--out DIR]
#
# Prints the mel-cepstral distortion after time warping (bench/quality/identity.py) of the two
# readings against the recordings, and the quality judge on the three, each concatenated with
# 0.3 s between sentences. The ideal copy synthesis gives the recording back: distortion 0, the
# same quality. Needs flite and sox, the release build and the quality venv.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"

COUNT=20
OUT="$BENCH_DIR/out/identity"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --count) COUNT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    *) die "unknown option $1 (see the head of $0)" ;;
  esac
done
command -v flite >/dev/null || die "flite is not installed"
command -v sox >/dev/null || die "sox is not installed"
build_aloud
PY="$HERE/.venv/bin/python"
[[ -x "$PY" ]] || die "no quality venv at $HERE/.venv (bench/README.md)"
export ALOUD_DATA="${ALOUD_DATA:-$REPO_DIR}"

rm -rf "$OUT"
mkdir -p "$OUT/ref" "$OUT/copy" "$OUT/default"
: >"$OUT/copy.tsv"
: >"$OUT/default.tsv"
kept=0
while IFS=$'\t' read -r id text; do
  ((kept < COUNT)) || break
  printf 'Identity\n\n%s\n' "$text" >"$OUT/plan.md"
  # the joins of the sentence lines (the first count line is the title's)
  joins="$("$ALOUD" plan "$OUT/plan.md" --units --cast Narrator=rms 2>/dev/null |
    awk '/^; [0-9]+ units, [0-9]+ joins/ { n++; if (n > 1) j += $4 } END { print j + 0 }')"
  [[ "$joins" == 0 ]] || continue
  flite -voice rms -t "$text" -o "$OUT/ref/$id.wav"
  "$ALOUD" say "$text" --voice rms --timing units --pitch-source units -o "$OUT/copy/$id.wav" >/dev/null
  "$ALOUD" say "$text" --voice rms -o "$OUT/default/$id.wav" >/dev/null
  printf '%s\t%s\n' "$OUT/copy/$id.wav" "$OUT/ref/$id.wav" >>"$OUT/copy.tsv"
  printf '%s\t%s\n' "$OUT/default/$id.wav" "$OUT/ref/$id.wav" >>"$OUT/default.tsv"
  kept=$((kept + 1))
done < <(sed -nE 's/^\( *(arctic_[ab][0-9]+) +"(.*)" *\) *$/\1\t\2/p' "$REPO_DIR/voices/record-sentences/cmuarctic.data")
((kept > 0)) || die "no prompt is read from one recording"
say "bench: $kept sentences read from one recording each"

sox -n -r 16000 -c 1 -b 16 "$OUT/gap.wav" trim 0 0.3
for set in ref copy default; do
  parts=()
  for f in "$OUT/$set"/*.wav; do
    sox "$f" -r 16000 -c 1 -b 16 "$f.16k.wav"
    parts+=("$f.16k.wav" "$OUT/gap.wav")
  done
  sox "${parts[@]}" "$OUT/$set.wav"
done
printf 'copy synthesis:    '; "$PY" "$HERE/identity.py" "$OUT/copy.tsv"
printf 'default reading:   '; "$PY" "$HERE/identity.py" "$OUT/default.tsv"
"$PY" "$HERE/mos.py" "$OUT/ref.wav" "$OUT/copy.wav" "$OUT/default.wav" 2>/dev/null
