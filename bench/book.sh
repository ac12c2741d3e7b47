#!/usr/bin/env bash
# A book-length render in bounded memory: the example's body repeated to about WORDS words (one
# title, the footer once at the end), rendered in release under /usr/bin/time -v; reports wall
# and CPU time, audio duration, throughput (audio seconds per CPU-second), peak RSS, and whether
# `aloud chapters` and ffprobe read the WAV.
#
#   bench/book.sh [--words N] [--keep]        # default 100000 words (≈ 10 h of audio)
#
# Environment: ALOUD (binary, default target/release/aloud), BENCH_NO_BUILD=1 (skip the build),
# BOOK_DIR (where the text and WAV go; default a temp dir, removed unless --keep).
# Not part of `cargo test`: the 100,000-word render takes tens of minutes on a shared machine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WORDS=100000
KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --words) WORDS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
memory_bench_setup "$WORDS"
bench_work_dir "${BOOK_DIR:-}" "$KEEP"
BOOK="$DIR/book.txt"
WAV="$DIR/book.wav"

python3 "$BENCH_DIR/repeat_example.py" "$(text_path example)" "$BOOK" --words "$WORDS"
say "bench: book: $(wc -w <"$BOOK") words, $(wc -c <"$BOOK") bytes in $BOOK"

TIMELOG="$DIR/time.log"
set +e
/usr/bin/time -v -o "$TIMELOG" "$ALOUD" render "$BOOK" -o "$WAV" --quiet
STATUS=$?
set -e
[[ "$STATUS" == 0 ]] || die "aloud render exited with $STATUS (see $TIMELOG)"

wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$TIMELOG")"
rss_kb="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TIMELOG")"
user_s="$(sed -n 's/.*User time (seconds): //p' "$TIMELOG")"
sys_s="$(sed -n 's/.*System time (seconds): //p' "$TIMELOG")"
# the audio's length from the WAV header (RF64 for editions past 4 GiB)
audio_s="$(python3 "$BENCH_DIR/wavinfo.py" "$WAV")"
printf 'words           %s\n' "$(wc -w <"$BOOK")"
printf 'wall time       %s\n' "$wall"
printf 'CPU time        %s s user + %s s system\n' "$user_s" "$sys_s"
printf 'audio           %s s\n' "$audio_s"
# issue 18's throughput: seconds of audio made per CPU-second (all cores' time counted)
printf 'throughput      %s x real time per CPU core\n' \
  "$(python3 -c "import sys; a, u, s = map(float, sys.argv[1:]); print(round(a / (u + s)))" \
    "$audio_s" "$user_s" "$sys_s")"
printf 'peak RSS        %s MB\n' "$((rss_kb / 1024))"
printf 'WAV size        %s bytes\n' "$(stat -c %s "$WAV")"

if "$ALOUD" chapters "$WAV" >"$DIR/chapters.txt" 2>&1; then
  printf 'aloud chapters  ok, %s lines\n' "$(wc -l <"$DIR/chapters.txt")"
else
  printf 'aloud chapters  FAILED: %s\n' "$(head -n 1 "$DIR/chapters.txt")"
fi
if command -v ffprobe >/dev/null 2>&1; then
  if probe="$(ffprobe -v error -show_entries format=format_name,duration:stream=codec_name,sample_rate,channels \
    -of default=noprint_wrappers=1 "$WAV" 2>&1)"; then
    printf 'ffprobe         ok: %s\n' "$(tr '\n' ' ' <<<"$probe")"
  else
    printf 'ffprobe         FAILED: %s\n' "$(head -n 1 <<<"$probe")"
  fi
fi
if (( rss_kb > 300 * 1024 )); then
  say "bench: peak RSS $((rss_kb / 1024)) MB is over the 300 MB budget"
  exit 2
fi
