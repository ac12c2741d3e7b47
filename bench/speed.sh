#!/usr/bin/env bash
# Speed benchmark: aloud beside eSpeak NG (and Festival kal, Flite kal16 when installed) on the
# example, run by run in turn; then scaling (the example 1x, 4x, 16x) and threads (--jobs 1 vs 2).
#
#   bench/speed.sh [--runs N] [--scaling-runs N] [--no-scaling] [--no-threads] [--no-festival]
#
# Whole-process wall time (nanosecond clock around the process), CPU time (user + system, from
# /usr/bin/time -v) and peak memory (maximum resident
# set size from /usr/bin/time -v); one warm-up round, then the median of N rounds (default 5).
# Audio length is read from each WAV, so RTF = wall seconds / audio seconds.
# The peers read the plain text aloud speaks (`aloud plan --json` turns, or the example minus its
# footer and labels until that exists). Tables go to stdout and bench/out/speed/report.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

RUNS=5
SCALING_RUNS=3
SCALING=1
THREADS=1
FESTIVAL=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --scaling-runs) SCALING_RUNS="$2"; shift 2 ;;
    --no-scaling) SCALING=0; shift ;;
    --no-threads) THREADS=0; shift ;;
    --no-festival) FESTIVAL=0; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ && "$SCALING_RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs and --scaling-runs take a positive number"

if [[ ! -x /usr/bin/time ]]; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    say "bench: /usr/bin/time missing; installing Debian package 'time' ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; } \
      || die "could not install /usr/bin/time (apt-get install time)"
  else
    die "/usr/bin/time is missing (Debian: apt-get install time)"
  fi
fi
command -v espeak-ng >/dev/null || die "espeak-ng is needed as the reference peer (apt-get install espeak-ng)"
command -v python3 >/dev/null || die "python3 is needed (WAV lengths, medians)"

build_aloud

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
OUT="$BENCH_DIR/out/speed"
mkdir -p "$OUT"
RESULTS="$OUT/runs.tsv"
printf 'section\tsystem\tround\twall_s\tpeak_kb\taudio_s\tcpu_s\n' >"$RESULTS"

INPUT="$(text_path example)"
PLAIN="$TMP/plain.txt"
spoken_text example "$PLAIN"

# measure SECTION SYSTEM ROUND OUT.wav CMD...: one timed run, appended to $RESULTS.
measure() {
  local section="$1" system="$2" round="$3" wav="$4" start end
  shift 4
  rm -f "$wav"
  start="$(date +%s%N)"
  if ! /usr/bin/time -v -o "$TMP/time.txt" "$@" >"$TMP/cmd.log" 2>&1; then
    say "bench: $system failed: $(head -n 3 "$TMP/cmd.log")"
    return 1
  fi
  end="$(date +%s%N)"
  local kb audio cpu
  kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/time.txt")"
  # CPU time: user plus system seconds of the process and its children (threads included)
  cpu="$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ {s += $2} END {printf "%.2f", s}' "$TMP/time.txt")"
  audio="$(wav_seconds "$wav")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$section" "$system" "$round" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.4f", (b - a) / 1e9}')" "$kb" "$audio" "$cpu" >>"$RESULTS"
}

# run_system SECTION SYSTEM ROUND TEXT INPUT: runs one system on a plain text / aloud input.
run_system() {
  local section="$1" system="$2" round="$3" plain="$4" input="$5" wav="$TMP/$2.wav"
  case "$system" in
    aloud) measure "$section" "$system" "$round" "$wav" "$ALOUD" render "$input" -o "$wav" ;;
    aloud-jobs1) measure "$section" "$system" "$round" "$wav" "$ALOUD" render "$input" -o "$wav" --jobs 1 ;;
    aloud-jobs2) measure "$section" "$system" "$round" "$wav" "$ALOUD" render "$input" -o "$wav" --jobs 2 ;;
    espeak-ng) measure "$section" "$system" "$round" "$wav" espeak-ng -f "$plain" -w "$wav" ;;
    festival-kal) measure "$section" "$system" "$round" "$wav" text2wave -eval '(voice_kal_diphone)' "$plain" -o "$wav" ;;
    flite-kal16) measure "$section" "$system" "$round" "$wav" flite -voice kal16 -f "$plain" -o "$wav" ;;
    *) die "unknown system $system" ;;
  esac
}

# rounds SECTION "SYSTEMS" N PLAIN INPUT: one warm-up round (round 0), then N rounds, interleaved.
rounds() {
  local section="$1" systems="$2" n="$3" plain="$4" input="$5" round system label
  for ((round = 0; round <= n; round++)); do
    label="round $round/$n"
    [[ "$round" == 0 ]] && label="warm-up"
    say "bench: $section ($systems): $label"
    for system in $systems; do
      run_system "$section" "$system" "$round" "$plain" "$input" || die "$system failed in $section"
    done
  done
}

summary() { python3 "$HERE/speed_summary.py" "$RESULTS" "$@"; }

# --- 1. aloud vs peers on the example -------------------------------------------------------------
ALOUD_OK=0
say "bench: checking aloud render on the example ..."
if try_aloud_render "$INPUT" "$TMP/probe.wav"; then ALOUD_OK=1; fi
SYSTEMS="espeak-ng"
[[ "$ALOUD_OK" == 1 ]] && SYSTEMS="aloud $SYSTEMS"
if [[ "$FESTIVAL" == 1 ]] && has_festival_kal; then SYSTEMS="$SYSTEMS festival-kal"; fi
if has_flite_kal16; then SYSTEMS="$SYSTEMS flite-kal16"; fi
rounds compare "$SYSTEMS" "$RUNS" "$PLAIN" "$INPUT"

# --- 2. scaling: the example repeated 1x, 4x, 16x -------------------------------------------------
if [[ "$SCALING" == 1 ]]; then
  for k in 1 4 16; do
    python3 "$BENCH_DIR/repeat_example.py" "$INPUT" "$TMP/example-x$k.txt" --times "$k"
    python3 - "$PLAIN" "$TMP/plain-x$k.txt" "$k" <<'EOF'
import sys
src, dst, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
title, _, body = open(src, encoding="utf-8").read().strip().partition("\n")
open(dst, "w", encoding="utf-8").write(title + "\n\n" + "\n\n".join([body.strip()] * k) + "\n")
EOF
    SCALE_SYSTEMS="espeak-ng"
    [[ "$ALOUD_OK" == 1 ]] && SCALE_SYSTEMS="aloud espeak-ng"
    rounds "scaling-x$k" "$SCALE_SYSTEMS" "$SCALING_RUNS" "$TMP/plain-x$k.txt" "$TMP/example-x$k.txt"
  done
fi

# --- 3. threads: --jobs 1 vs --jobs 2 -------------------------------------------------------------
if [[ "$THREADS" == 1 ]]; then
  if [[ "$ALOUD_OK" == 1 ]] && try_aloud_render "$INPUT" "$TMP/probe.wav" --jobs 1; then
    rounds threads "aloud-jobs1 aloud-jobs2" "$RUNS" "$PLAIN" "$INPUT"
  else
    say "bench: threads: aloud render --jobs not available yet; skipped"
  fi
fi

{
  echo "# Speed benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) CPUs, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)," \
    "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo);" \
    "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Peers: $(espeak-ng --version | head -n 1 | sed 's/ *Data at.*//; s/text-to-speech: //')," \
    "$(flite --version 2>/dev/null | grep -o 'flite-[0-9.]*' | head -n 1 || true)," \
    "$(festival --version 2>/dev/null | grep -o 'System: [0-9.]*' | sed 's/System: /Festival /' || true)"
  [[ "$ALOUD_OK" == 1 ]] && echo "aloud: $("$ALOUD" --version 2>/dev/null || echo '?') ($(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo 'no git'))"
  [[ "$ALOUD_OK" == 1 ]] || echo "aloud render not available yet: only the peers were measured."
  echo
  summary
} | tee "$OUT/report.md"
say "bench: raw runs in $RESULTS"
