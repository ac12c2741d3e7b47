#!/usr/bin/env bash
# A catalogue (issue 17): the corpus texts of tests/fixtures/corpus rendered into one folder by
# one `aloud render --out-dir`, with 1 and 2 documents at a time (--jobs 2), then again with
# nothing changed. Prints a Markdown table: documents at once, documents, audio, wall, CPU, peak RSS.
#
#   bench/catalogue.sh [--keep]
#
# Environment: ALOUD (binary, default target/release/aloud), BENCH_NO_BUILD=1 (skip the build),
# CATALOGUE_DIR (work folder; default a temp dir, removed unless --keep).
# Not part of `cargo test`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
build_aloud
[[ -x "$ALOUD" ]] || die "no aloud binary at $ALOUD"
DIR="${CATALOGUE_DIR:-$(mktemp -d)}"
[[ "$KEEP" == 1 || -n "${CATALOGUE_DIR:-}" ]] || trap 'rm -rf "$DIR"' EXIT
mkdir -p "$DIR"
docs=()
for f in "$REPO_DIR"/tests/fixtures/corpus/*; do
  case "$f" in *README.md|*SOURCES.md) continue ;; esac
  docs+=("$f")
done

run() { # run LABEL AT_ONCE SITE
  local log="$DIR/$1.time.log"
  /usr/bin/time -v -o "$log" "$ALOUD" render "${docs[@]}" --out-dir "$3" --jobs 2 \
    --documents-at-once "$2" --quiet
  local wall cpu rss audio
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.1f", u+s}' "$log")
  rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$log")
  audio=$(python3 -c 'import json,glob,sys; print("%.1f" % (sum(json.load(open(f))["duration_seconds"] for f in glob.glob(sys.argv[1] + "/*.aloud.json")) / 60))' "$3")
  printf '| %s | %s | %d | %s min | %s | %s s | %s MB |\n' "$1" "$2" "${#docs[@]}" "$audio" "$wall" "$cpu" "$rss"
}

say "bench: catalogue of ${#docs[@]} corpus texts with $ALOUD"
printf '| run | at once | documents | audio | wall | CPU | peak RSS |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
run "one at a time" 1 "$DIR/site1"
run "two at a time" 2 "$DIR/site2"
run "nothing changed" 2 "$DIR/site2"
