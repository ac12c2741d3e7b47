#!/usr/bin/env bash
# Where a Flite-recorded voice's quality goes, against its source: one of Flite's clustergen voices
# reads the first WORDS words of the example (no user lexicon) sentence by sentence, with its phone
# timings (`flite -psdur`), and the quality judge scores what aloud makes of the same sentences:
#
#   bench/quality/probe_flite.sh [--flite rms] [--voice VOICE_DIR] [--words 250] [--out DIR]
#
# Rows (examples/psola_probe.rs does the work; every row reads the same sentences):
#   flite-<v>              the source voice itself
#   resynth own pitch      its audio cut into its own diphones and played back by aloud's TD-PSOLA
#                          at its own durations and pitch marks (no joins between recordings)
#   resynth unit timing    the same, each phone at its half-units' own length (no grain repeated
#                          or skipped to fit the durations)
#   resynth F0 x1          grains placed on the recording's own tracked F0 contour
#   aloud, Flite prosody   the aloud voice in VOICE_DIR (default voices/<v>) with Flite's
#                          durations and F0: the units and joins, not the prosody model
#   aloud                  `aloud say --voice <id of VOICE_DIR>`: aloud's own prosody
# Needs flite and sox, and the bench venv (bench/quality/requirements.txt).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"

FLITE=rms
VOICE=""
WORDS=250
OUT="$BENCH_DIR/out/probe-flite"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --flite) FLITE="$2"; shift 2 ;;
    --voice) VOICE="$2"; shift 2 ;;
    --words) WORDS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | cut -c3-; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
for tool in flite sox; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install flite sox)"
done
VOICE="${VOICE:-$REPO_DIR/voices/$FLITE}"
[[ -f "$VOICE/voice.toml" ]] || die "no voice in $VOICE"
VOICE_ID="$(sed -n 's/^id = "\(.*\)"$/\1/p' "$VOICE/voice.toml")"
ensure_venv "$HERE/.venv" "$HERE/requirements.txt"
export HF_HUB_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1
build_aloud
(cd "$REPO_DIR" && cargo build --release --locked --quiet --example psola_probe)
PROBE="$REPO_DIR/target/release/examples/psola_probe"

rm -rf "${OUT:?}"
mkdir -p "$OUT/rec" "$OUT/wav"
OUT="$(cd "$OUT" && pwd)"
spoken_text example "$OUT/reference.txt"
first_sentences "$OUT/reference.txt" "$WORDS" "$OUT/sentences.txt"
say "bench: Flite $FLITE reads $(wc -l <"$OUT/sentences.txt") sentences ..."
n=0
while IFS= read -r line; do
  f="$(printf '%03d' "$n")"
  flite -voice "$FLITE" -psdur -t "$line" -o "$OUT/rec/$f.wav" | python3 -c '
import sys
print("separator ;\nnfields 1\n#")
for item in sys.stdin.read().split():
    phone, end = item.rsplit(":", 1)
    print(f"{float(end):.6f} 100 {phone}")' >"$OUT/rec/$f.segs"
  n=$((n + 1))
done <"$OUT/sentences.txt"

run_rows() { # NAME COMMAND... (gets SEGS WAV OUT appended per sentence)
  local name="$1"; shift
  for wav in "$OUT"/rec/[0-9][0-9][0-9].wav; do
    local k; k="$(basename "$wav" .wav)"
    "$@" "$OUT/rec/$k.segs" "$wav" "$OUT/wav/$name.$k.wav"
  done
  sox "$OUT/wav/$name".[0-9][0-9][0-9].wav "$OUT/$name.wav"
}
sox "$OUT"/rec/[0-9][0-9][0-9].wav "$OUT/flite-$FLITE.wav"
resynth() { local f0="$1" mode="$2" timing="$3"; shift 3; "$PROBE" resynth "$1" "$2" "$3" "$f0" 1 "$mode" "$timing"; }
prosody() { "$PROBE" prosody "$VOICE" "$1" "$2" "$3" 1; }
run_rows resynth-own-pitch resynth 1 own-pitch targets
run_rows resynth-unit-timing resynth 1 own-pitch unit-timing
run_rows resynth-f0x1 resynth 1 targets targets
run_rows "aloud-$VOICE_ID-flite-prosody" prosody
tr '\n' ' ' <"$OUT/sentences.txt" | ALOUD_DATA="$(dirname "$(dirname "$VOICE")")" "$ALOUD" say - --voice "$VOICE_ID" -q -o "$OUT/aloud-$VOICE_ID.wav"
files=("$OUT/flite-$FLITE.wav" "$OUT"/resynth-*.wav "$OUT/aloud-$VOICE_ID-flite-prosody.wav" "$OUT/aloud-$VOICE_ID.wav")
say "bench: judging ${#files[@]} files ..."
"$HERE/.venv/bin/python" "$HERE/mos.py" "${files[@]}" --out "$OUT/mos.json"
