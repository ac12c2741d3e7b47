#!/usr/bin/env bash
# A few sentences, every voice: each aloud voice reads a plain text file with `aloud say`, and
# Flite rms and kal16 read the same file; Whisper tiny.en (judge.py) scores each reading
# against the file. For probing one class of words (e.g. `clusters.txt`: /s/ before a stop)
# in a minute, beside the peer that reads them best; not a replacement for bench/judge.sh.
#
#   bench/intelligibility/sentences.sh TEXT.txt [--voices "kal ked slt rms"] [--out DIR]
#
# Environment: ALOUD (binary, default target/release/aloud), ALOUD_DATA, BENCH_NO_BUILD=1.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"

[[ $# -ge 1 && "$1" != -* ]] || die "usage: sentences.sh TEXT.txt [--voices LIST] [--out DIR]"
TEXT="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shift
VOICES="kal ked slt rms"
OUT="$BENCH_DIR/out/sentences"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --voices) VOICES="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    *) die "unknown option '$1'" ;;
  esac
done
[[ -f "$TEXT" ]] || die "no text file at $TEXT"
command -v flite >/dev/null || die "flite is needed as the peer (apt-get install flite)"
build_aloud
export ALOUD_DATA="${ALOUD_DATA:-$REPO_DIR}"
ensure_venv "$HERE/.venv" "$HERE/requirements.txt"

mkdir -p "$OUT/wav"
name="$(basename "$TEXT" .txt)"
manifest="$OUT/manifest.tsv"
: > "$manifest"
for v in $VOICES; do
  "$ALOUD" say --voice "$v" -o "$OUT/wav/aloud-$v.wav" - < "$TEXT" > /dev/null
  printf 'aloud-%s\t%s\t%s\t%s\n' "$v" "$name" "$OUT/wav/aloud-$v.wav" "$TEXT" >> "$manifest"
done
for v in rms kal16; do
  flite -voice "$v" -f "$TEXT" -o "$OUT/wav/flite-$v.wav"
  printf 'flite-%s\t%s\t%s\t%s\n' "$v" "$name" "$OUT/wav/flite-$v.wav" "$TEXT" >> "$manifest"
done
HF_HUB_OFFLINE=1 "$HERE/.venv/bin/python" "$HERE/judge.py" "$manifest" --out "$OUT"
say "bench: transcripts in $OUT (SYSTEM.$name.hyp.txt)"
