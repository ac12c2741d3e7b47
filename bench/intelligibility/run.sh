#!/usr/bin/env bash
# Intelligibility benchmark: Whisper tiny.en transcribes what aloud and its peers say, jiwer scores
# the word and character error rates against the text aloud decided to speak.
#
#   bench/intelligibility/run.sh [--texts "example nasa whitehouse"] [--systems "aloud espeak-ng"]
#                                [--voices "kal ked slt"] [--peers] [--out DIR]
#
# Systems: aloud (the whole edition, with its cast), aloud-<voice> (`aloud say --voice <voice>`
# reading the same spoken text alone; only on the example), espeak-ng, festival-kal, flite-kal16
# (--peers adds the last two on the example). The first run creates .venv here and pip-installs
# requirements.txt; nothing else is downloaded (HF_HUB_OFFLINE=1).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$HERE/../lib.sh"

TEXTS="example nasa whitehouse"
SYSTEMS="aloud espeak-ng"
VOICES="${ALOUD_VOICES:-kal ked slt}"
PEERS=0
OUT="$BENCH_DIR/out/intelligibility"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --texts) TEXTS="$2"; shift 2 ;;
    --systems) SYSTEMS="$2"; shift 2 ;;
    --voices) VOICES="$2"; shift 2 ;;
    --peers) PEERS=1; shift ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

# --- the judge's virtual environment (created once, reused; rebuilt when requirements change) ---
VENV="$HERE/.venv"
ensure_venv "$VENV" "$HERE/requirements.txt"
export HF_HUB_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1

command -v espeak-ng >/dev/null || say "bench: espeak-ng not installed; it will be skipped"

mkdir -p "$OUT"
rm -f "$OUT"/*.wav "$OUT"/*.txt "$OUT"/*.json "$OUT/manifest.tsv"
MANIFEST="$OUT/manifest.tsv"
: >"$MANIFEST"

want_system() { [[ " $SYSTEMS " == *" $1 "* ]]; }
add_job() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$MANIFEST"; }

if want_system aloud; then build_aloud; fi

aloud_missing=0
for text in $TEXTS; do
  input="$(text_path "$text")"
  ref="$OUT/$text.reference.txt"
  spoken_text "$text" "$ref"

  if want_system aloud && [[ "$aloud_missing" == 0 ]]; then
    say "bench: $text: aloud render ..."
    if try_aloud_render "$input" "$OUT/aloud.$text.wav"; then
      add_job aloud "$text" "$OUT/aloud.$text.wav" "$ref"
    else
      aloud_missing=1
    fi
  fi
  if want_system aloud && [[ "$text" == example && -x "$ALOUD" ]]; then
    for voice in $VOICES; do
      wav="$OUT/aloud-$voice.$text.wav"
      if "$ALOUD" say - --voice "$voice" -o "$wav" <"$ref" >"$OUT/aloud-$voice.log" 2>&1 && [[ -s "$wav" ]]; then
        add_job "aloud-$voice" "$text" "$wav" "$ref"
      else
        say "bench: aloud say --voice $voice not available yet ($(head -n 1 "$OUT/aloud-$voice.log"))"
      fi
    done
  fi
  if want_system espeak-ng && command -v espeak-ng >/dev/null; then
    say "bench: $text: espeak-ng ..."
    espeak-ng -f "$ref" -w "$OUT/espeak-ng.$text.wav"
    add_job espeak-ng "$text" "$OUT/espeak-ng.$text.wav" "$ref"
  fi
  if [[ "$PEERS" == 1 && "$text" == example ]]; then
    if has_festival_kal; then
      say "bench: $text: festival kal ..."
      text2wave -eval '(voice_kal_diphone)' "$ref" -o "$OUT/festival-kal.$text.wav"
      add_job festival-kal "$text" "$OUT/festival-kal.$text.wav" "$ref"
    fi
    if has_flite_kal16; then
      say "bench: $text: flite kal16 ..."
      flite -voice kal16 -f "$ref" -o "$OUT/flite-kal16.$text.wav"
      add_job flite-kal16 "$text" "$OUT/flite-kal16.$text.wav" "$ref"
    fi
  fi
done

[[ -s "$MANIFEST" ]] || die "nothing to judge (no system produced audio)"
say "bench: judging $(wc -l <"$MANIFEST") recordings with Whisper tiny.en (int8, CPU) ..."
cd "$HERE"
"$VENV/bin/python" "$HERE/judge.py" "$MANIFEST" --out "$OUT" 2>&1 \
  | grep --line-buffered -v -e 'UserWarning' -e 'warnings.warn' | tee "$OUT/report.md"
say "bench: transcripts and results.json in $OUT"
