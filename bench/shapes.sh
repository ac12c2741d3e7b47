#!/usr/bin/env bash
# Peak memory and wall time by text shape (issue 13): texts made from the example by
# bench/shapes.py (one paragraph per line without blank lines, one long paragraph, a list of
# 300 web addresses, a transcript without punctuation), each rendered in release under
# /usr/bin/time -v. Prints a Markdown table: shape, words, audio, longest caption cue, peak RSS, wall.
#
#   bench/shapes.sh [--words N] [--keep]      # default 30000 words for the line-per-paragraph text
#
# Environment: ALOUD (binary, default target/release/aloud), BENCH_NO_BUILD=1 (skip the build),
# SHAPES_DIR (where the texts and WAVs go; default a temp dir, removed unless --keep),
# SHAPES (space-separated subset of: lines paragraph urls unpunctuated).
# Not part of `cargo test`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WORDS=30000
KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --words) WORDS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
memory_bench_setup "$WORDS"
bench_work_dir "${SHAPES_DIR:-}" "$KEEP"
python3 "$BENCH_DIR/shapes.py" "$(text_path example)" "$DIR" --words "$WORDS"

say "bench: shapes with $ALOUD"
printf '| shape | words | audio | longest cue | peak RSS | wall |\n'
printf '|---|---:|---:|---:|---:|---:|\n'
for shape in ${SHAPES:-lines paragraph urls unpunctuated}; do
  text="$DIR/$shape.txt"
  [[ -f "$text" ]] || die "unknown shape '$shape'"
  wav="$DIR/$shape.wav"
  log="$DIR/$shape.time.log"
  set +e
  /usr/bin/time -v -o "$log" "$ALOUD" render "$text" -o "$wav" --quiet
  status=$?
  set -e
  [[ "$status" == 0 ]] || die "aloud render of $shape exited with $status (see $log)"
  wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")"
  rss_kb="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")"
  audio="$(wav_seconds "$wav")"
  longest="$(python3 "$BENCH_DIR/vtt_longest.py" "${wav%.wav}.vtt")"
  printf '| %s | %s | %.1f min | %s | %s MB | %s |\n' "$shape" "$(wc -w <"$text")" \
    "$(python3 -c "print($audio / 60)")" "$longest" "$((rss_kb / 1024))" "$wall"
done
