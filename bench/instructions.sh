#!/usr/bin/env bash
# Where the work goes, counted rather than timed: the instructions a render of a text executes in
# user space (valgrind's callgrind), in total and per pipeline stage, for aloud and optionally a
# second binary (a "before"), with whether the two WAVs are byte-identical. The counts do not
# depend on the machine's load, so they compare commits on a shared machine; the kernel's work
# (page faults, reading the voices) and waiting are not counted: time those with speed.sh.
#
#   bench/instructions.sh [--text NAME] [--jobs N] [--before BINARY] [--keep]
#
# --text: example (default), nasa or whitehouse, rendered without its user lexicon (as a user's
# text comes). --jobs: worker threads (default 1; the total barely depends on it). --before: a
# second aloud binary to count the same way (e.g. a build of the commit before), shown beside.
# Environment: ALOUD (binary, default target/release/aloud), BENCH_NO_BUILD=1 (skip the build),
# ALOUD_DATA (voices and lexicon; default this repository). About a minute per binary.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEXT=example
JOBS=1
BEFORE=""
KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --text) TEXT="$2"; shift 2 ;;
    --jobs) JOBS="$2"; shift 2 ;;
    --before) BEFORE="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
command -v valgrind >/dev/null || die "valgrind not found (apt-get install valgrind)"
command -v callgrind_annotate >/dev/null || die "callgrind_annotate not found (it comes with valgrind)"
build_aloud
[[ -x "$ALOUD" ]] || die "no aloud binary at $ALOUD"
[[ -z "$BEFORE" || -x "$BEFORE" ]] || die "no binary at $BEFORE"
export ALOUD_DATA="${ALOUD_DATA:-$REPO_DIR}"

bench_work_dir "" "$KEEP"
# The text alone in a folder: no user lexicon beside it.
cp "$(text_path "$TEXT")" "$DIR/input.txt"

# count NAME BINARY: renders under callgrind into $DIR/NAME.wav, leaves $DIR/NAME.annotate.
count() {
  local name="$1" bin="$2"
  say "bench: counting $name ($bin) ..."
  (cd "$DIR" && valgrind --tool=callgrind --callgrind-out-file="$DIR/$name.callgrind" \
    "$bin" render input.txt --quiet --no-player --jobs "$JOBS" -o "$DIR/$name.wav" \
    2>"$DIR/$name.valgrind.log") || die "the render under valgrind failed (see $DIR/$name.valgrind.log)"
  callgrind_annotate --inclusive=yes --threshold=100 "$DIR/$name.callgrind" >"$DIR/$name.annotate" 2>/dev/null
}

count after "$ALOUD"
args=(--after "$DIR/after.annotate" --after-wav "$DIR/after.wav")
if [[ -n "$BEFORE" ]]; then
  count before "$BEFORE"
  args+=(--before "$DIR/before.annotate" --before-wav "$DIR/before.wav")
fi
echo "Instructions to render \`$TEXT\` without its user lexicon, \`--jobs $JOBS\` ($(date -u '+%F %H:%M UTC'))"
echo
python3 "$BENCH_DIR/instructions_summary.py" "${args[@]}"
if [[ "$KEEP" == 1 ]]; then say "bench: files kept in $DIR"; fi
