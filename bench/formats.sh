#!/usr/bin/env bash
# Size, render time and decoded loudness of the example in each format (WAV, MP3, Opus), with
# the defaults (44.1 kHz WAV and 64 kbit/s MP3, 48 kHz 32 kbit/s Opus; mono). Prints a Markdown
# table: bytes, kbit/s, best wall and CPU seconds of --runs renders, then of the decoded file:
# integrated loudness, true peak and samples (FFmpeg's ebur128 meter and decoder).
#
#   bench/formats.sh [--runs N]        (default 3)
#
# Environment: ALOUD (binary, default target/release/aloud), BENCH_NO_BUILD=1 (skip the build).
# Needs ffmpeg, bc and /usr/bin/time. Not part of `cargo test`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
for tool in ffmpeg ffprobe bc /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found"
done
build_aloud
[[ -x "$ALOUD" ]] || die "no aloud binary at $ALOUD"
example="$(text_path example)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# min A B: the smaller of two decimals.
min() { if [[ -z "$1" || "$(echo "$2 < $1" | bc)" == 1 ]]; then echo "$2"; else echo "$1"; fi; }

echo "| format | bytes | kbit/s | wall s | CPU s | LUFS | dBTP | samples |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for f in wav mp3 opus; do
  wall_best=""; cpu_best=""
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %U %S' -o "$out/time" "$ALOUD" render "$example" -q -o "$out/x.$f"
    read -r wall user sys <"$out/time"
    wall_best="$(min "$wall_best" "$wall")"
    cpu_best="$(min "$cpu_best" "$(printf "%.2f" "$(echo "$user + $sys" | bc)")")"
  done
  bytes="$(stat -c %s "$out/x.$f")"
  secs="$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$out/x.$f")"
  meter="$(ffmpeg -nostats -i "$out/x.$f" -af ebur128=peak=true -f null - 2>&1 | sed -n '/Summary/,$p')"
  lufs="$(echo "$meter" | awk '$1 == "I:" {print $2}')"
  peak="$(echo "$meter" | awk '$1 == "Peak:" {print $2}')"
  samples=$(( $(ffmpeg -v error -i "$out/x.$f" -f s16le -ac 1 - | wc -c) / 2 ))
  kbps="$(echo "scale=1; $bytes * 8 / $secs / 1000" | bc)"
  echo "| $f | $bytes | $kbps | $wall_best | $cpu_best | $lufs | $peak | $samples |"
done
