#!/usr/bin/env bash
# Where slt's quality goes, against its source: Festival's slt HTS voice reads the first WORDS
# words of the example (no user lexicon) sentence by sentence, with its phone timings, and the
# quality judge scores what aloud makes of the same sentences:
#
#   bench/quality/probe.sh [--words 250] [--out DIR]
#
# Rows (examples/psola_probe.rs does the work; every row reads the same sentences):
#   festival-slt-hts       the source voice itself (resampled to 16 kHz)
#   resynth own pitch      the HTS audio cut into its own diphones (mid-phone to mid-phone) and
#                          played back by aloud's TD-PSOLA at its own durations and pitch marks:
#                          analysis and overlap-add alone, no joins between recordings
#   resynth F0 x1 / x1.15  the same at the tracked F0 of the recording (x1: pitch modification
#                          onto the recording's own contour) and 15 % higher
#   resynth durations x0.85
#   aloud VOICE, HTS prosody   the bundled voice with the HTS voice's durations and F0 (scaled
#                          to the voice's median F0): the units and joins, not the prosody model
#   aloud VOICE            `aloud say --voice VOICE`: aloud's own prosody
# Needs festival and festvox-us-slt-hts, sox, and the bench venv (bench/quality/requirements.txt).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"

WORDS=250
OUT="$BENCH_DIR/out/probe"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --words) WORDS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | cut -c3-; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
for tool in festival sox; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install festival festvox-us-slt-hts sox)"
done
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
{
  echo "(voice_cmu_us_slt_arctic_hts)"
  n=0
  while IFS= read -r line; do
    printf '(set! utt (utt.synth (Utterance Text "%s")))\n' "$line"
    printf '(utt.save.wave utt "%s/rec/%03d.raw.wav")\n' "$OUT" "$n"
    printf '(utt.save.segs utt "%s/rec/%03d.segs")\n' "$OUT" "$n"
    n=$((n + 1))
  done <"$OUT/sentences.txt"
} >"$OUT/festival.scm"
say "bench: Festival slt HTS reads $(wc -l <"$OUT/sentences.txt") sentences ..."
festival -b "$OUT/festival.scm" >/dev/null 2>&1
for raw in "$OUT"/rec/*.raw.wav; do
  sox "$raw" -r 16000 -b 16 "${raw%.raw.wav}.wav"
done

median() { sed -n 's/^f0_median_hz = //p' "$REPO_DIR/voices/$1/voice.toml"; }
slt_median="$(median slt)"
run_rows() { # NAME COMMAND... (COMMAND gets SEGS WAV OUT appended per sentence via {} markers)
  local name="$1"; shift
  for wav in "$OUT"/rec/[0-9][0-9][0-9].wav; do
    local n segs out
    n="$(basename "$wav" .wav)"; segs="$OUT/rec/$n.segs"; out="$OUT/wav/$name.$n.wav"
    "$@" "$segs" "$wav" "$out"
  done
  sox "$OUT/wav/$name".[0-9][0-9][0-9].wav "$OUT/$name.wav"
}
sox "$OUT"/rec/[0-9][0-9][0-9].wav "$OUT/festival-slt-hts.wav"
resynth() { local f0="$1" dur="$2" mode="$3"; shift 3; "$PROBE" resynth "$1" "$2" "$3" "$f0" "$dur" "$mode"; }
run_rows resynth-own-pitch resynth 1 1 own-pitch
run_rows resynth-f0x1 resynth 1 1 targets
run_rows resynth-f0x1.15 resynth 1.15 1 targets
run_rows resynth-durx0.85 resynth 1 0.85 targets
files=("$OUT/festival-slt-hts.wav" "$OUT"/resynth-*.wav)
for voice in kal ked slt; do
  scale="$(python3 -c "print($(median "$voice") / $slt_median)")"
  prosody() { "$PROBE" prosody "$REPO_DIR/voices/$voice" "$1" "$2" "$3" "$scale"; }
  run_rows "aloud-$voice-hts-prosody" prosody
  tr '\n' ' ' <"$OUT/sentences.txt" | "$ALOUD" say - --voice "$voice" -q \
    -o "$OUT/aloud-$voice.wav"
  files+=("$OUT/aloud-$voice-hts-prosody.wav" "$OUT/aloud-$voice.wav")
done
say "bench: judging ${#files[@]} files ..."
"$HERE/.venv/bin/python" "$HERE/mos.py" "${files[@]}" --out "$OUT/mos.json"
