#!/usr/bin/env bash
# Size, render time and decoded loudness of the example in each format (WAV, MP3, Opus).
#   bench/formats.sh [--runs N]      (uses target/release/aloud; build it first)
# Needs ffmpeg (for the decoded loudness, true peak and sample counts).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
[ "${1:-}" = "--runs" ] && runs=$2
aloud=target/release/aloud
example=examples/keep-almagro-out.txt
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-6s %10s %9s %9s %8s %8s %10s %9s\n' format bytes kbit/s wall_s cpu_s LUFS dBTP samples
for f in wav mp3 opus; do
  best_wall=; best_cpu=
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %U %S' -o "$out/time" "$aloud" render "$example" -q -o "$out/x.$f"
    read -r wall user sys <"$out/time"
    cpu=$(echo "$user + $sys" | bc)
    if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc)" = 1 ]; then best_wall=$wall; fi
    if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc)" = 1 ]; then best_cpu=$cpu; fi
  done
  bytes=$(stat -c %s "$out/x.$f")
  secs=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$out/x.$f")
  meter=$(ffmpeg -nostats -i "$out/x.$f" -af ebur128=peak=true -f null - 2>&1 | sed -n '/Summary/,$p')
  lufs=$(echo "$meter" | awk '$1 == "I:" {print $2}')
  peak=$(echo "$meter" | awk '$1 == "Peak:" {print $2}')
  samples=$(( $(ffmpeg -v error -i "$out/x.$f" -f s16le -ac 1 - | wc -c) / 2 ))
  kbps=$(echo "scale=1; $bytes * 8 / $secs / 1000" | bc)
  printf '%-6s %10s %9s %9s %8s %8s %10s %9s\n' "$f" "$bytes" "$kbps" "$best_wall" "$best_cpu" "$lufs" "$peak" "$samples"
done
