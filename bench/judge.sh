#!/usr/bin/env bash
# Both judges in one run: every system speaks the same words, then Whisper tiny.en scores the word
# error rate (intelligibility/judge.py) and DistillMOS the quality (quality/mos.py), and one
# Markdown table (system × text: WER, MOS mean, MOS p10; a mean row per system) goes to stdout.
#
#   bench/judge.sh [--texts "example nasa whitehouse"] [--systems LIST] [--voices "kal ked slt"]
#                  [--festival-texts "example"|all] [--with-lexicon] [--no-wer] [--no-mos]
#                  [--out DIR]
#
# Systems (default: all of them): aloud (`aloud render`, default cast), aloud-voices (one
# aloud-<voice> per voice of --voices: `aloud say --voice <voice>` reading the reference; the
# voices default to the ids of `aloud voices --json`; aloud-kal etc. may also be named one by one),
# espeak-ng (en-us), flite-kal16, flite-rms, flite-awb (any flite-<voice>), festival-ked (ked diphone), festival-slt-hts (Festival
# runs only on --festival-texts, default the example: it is slow). aloud renders the text from a
# copy in a folder without aloud-lexicon.txt, so no system gets a hand-written lexicon
# (--with-lexicon: render the original file). BENCH_NO_BUILD=1 skips `cargo build`.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

TEXTS="example nasa whitehouse"
SYSTEMS="aloud aloud-voices espeak-ng flite-kal16 flite-rms flite-awb festival-ked festival-slt-hts"
VOICES=""
FESTIVAL_TEXTS="example"
WITH_LEXICON=0
RUN_WER=1
RUN_MOS=1
OUT="$BENCH_DIR/out/judge"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --texts) TEXTS="$2"; shift 2 ;;
    --systems) SYSTEMS="$2"; shift 2 ;;
    --voices) VOICES="$2"; shift 2 ;;
    --festival-texts) FESTIVAL_TEXTS="$2"; shift 2 ;;
    --with-lexicon) WITH_LEXICON=1; shift ;;
    --no-wer) RUN_WER=0; shift ;;
    --no-mos) RUN_MOS=0; shift ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | cut -c3-; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
if [[ "$FESTIVAL_TEXTS" == all ]]; then FESTIVAL_TEXTS="$TEXTS"; fi
[[ "$RUN_WER" == 1 || "$RUN_MOS" == 1 ]] || die "--no-wer and --no-mos together leave nothing to do"

start_all=$SECONDS
WER_DIR="$BENCH_DIR/intelligibility"
MOS_DIR="$BENCH_DIR/quality"
if [[ "$RUN_WER" == 1 ]]; then ensure_venv "$WER_DIR/.venv" "$WER_DIR/requirements.txt"; fi
if [[ "$RUN_MOS" == 1 ]]; then ensure_venv "$MOS_DIR/.venv" "$MOS_DIR/requirements.txt"; fi
export HF_HUB_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
rm -rf "${OUT:?}/wav" "${OUT:?}/ref" "${OUT:?}/logs" "${OUT:?}/wer" "${OUT:?}/inputs" "${OUT:?}/aloud"
rm -f "$OUT"/*.json "$OUT"/*.md "$OUT"/*.tsv
mkdir -p "$OUT/wav" "$OUT/ref" "$OUT/logs" "$OUT/wer" "$OUT/inputs"
MANIFEST="$OUT/manifest.tsv"
TIMES="$OUT/synth-times.tsv"
: >"$MANIFEST"
printf 'system\ttext\tseconds\n' >"$TIMES"

in_list() { [[ " $2 " == *" $1 "* ]]; }

# --- aloud: build, then work on a snapshot (binary, voices, lexicon) so that a rebuild or a voice
# change during the run cannot mix two versions in one table ---
want_aloud=0
for s in $SYSTEMS; do [[ "$s" == aloud* ]] && want_aloud=1; done
if [[ "$want_aloud" == 1 ]]; then
  build_aloud
  if [[ -x "$ALOUD" ]]; then
    data="${ALOUD_DATA:-$REPO_DIR}"
    mkdir -p "$OUT/aloud"
    cp -p "$ALOUD" "$OUT/aloud/aloud"
    cp -r "$data/voices" "$data/lexicon" "$OUT/aloud/"
    ALOUD="$OUT/aloud/aloud"
    export ALOUD_DATA="$OUT/aloud"
    {
      printf 'commit %s\n' "$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)"
      printf 'uncommitted changes in src/ voices/ lexicon/: %s files\n' \
        "$(git -C "$REPO_DIR" status --porcelain -- src voices lexicon 2>/dev/null | wc -l)"
      printf 'binary %s (%s)\n' "$("$ALOUD" --version)" "$(date -r "$OUT/aloud/aloud" '+%F %T' 2>/dev/null)"
    } >"$OUT/aloud/VERSION"
    say "bench: aloud snapshot in $OUT/aloud ($(head -n 1 "$OUT/aloud/VERSION"))"
    if [[ -z "$VOICES" ]]; then
      VOICES="$("$ALOUD" voices --json | python3 -c 'import json,sys; print(" ".join(v["id"] for v in json.load(sys.stdin)))')"
    fi
  else
    say "bench: no aloud binary at $ALOUD; the aloud systems are skipped"
  fi
fi

# The systems to run, in table order (aloud-voices expanded to one aloud-<voice> per voice).
RUN=()
for s in $SYSTEMS; do
  if [[ "$s" == aloud-voices ]]; then
    for v in $VOICES; do RUN+=("aloud-$v"); done
  else
    RUN+=("$s")
  fi
done

# ascii_text IN OUT: the reference for Festival, which spells out words holding a curly apostrophe
# letter by letter: curly quotes and apostrophes to ASCII, dashes to " - ", accents dropped, any
# other non-ASCII character to a space. The words stay the same.
ascii_text() {
  python3 - "$1" "$2" <<'PY'
import sys, unicodedata
text = open(sys.argv[1], encoding="utf-8").read()
for a, b in {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": " - ",
             "\u2014": " - ", "\u2026": "...", "\u00a0": " "}.items():
    text = text.replace(a, b)
text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
open(sys.argv[2], "w", encoding="ascii").write(text)
PY
}

# synth SYSTEM TEXT INPUT REF WAV: one recording; false (with the reason in the log) on failure.
synth() {
  local system="$1" text="$2" input="$3" ref="$4" wav="$5" ascii
  ascii="${ref%.txt}.ascii.txt"
  case "$system" in
    aloud)
      [[ -x "$ALOUD" ]] || return 1
      if [[ "$WITH_LEXICON" == 0 ]]; then
        mkdir -p "$OUT/inputs/$text"
        cp "$input" "$OUT/inputs/$text/"
        input="$OUT/inputs/$text/$(basename "$input")"
      fi
      "$ALOUD" render "$input" -o "$wav" ;;
    aloud-*)
      [[ -x "$ALOUD" ]] || return 1
      "$ALOUD" say - --voice "${system#aloud-}" -o "$wav" <"$ref" ;;
    espeak-ng)
      espeak-ng -v en-us -f "$ref" -w "$wav" ;;
    flite-*)
      flite -voice "${system#flite-}" -f "$ref" -o "$wav" ;;
    festival-ked)
      [[ -f "$ascii" ]] || ascii_text "$ref" "$ascii"
      text2wave -eval '(voice_ked_diphone)' "$ascii" -o "$wav" ;;
    festival-slt-hts)
      [[ -f "$ascii" ]] || ascii_text "$ref" "$ascii"
      text2wave -eval '(voice_cmu_us_slt_arctic_hts)' "$ascii" -o "$wav" ;;
    *)
      echo "unknown system '$system'"; return 1 ;;
  esac
}

start_synth=$SECONDS
for text in $TEXTS; do
  input="$(text_path "$text")"
  ref="$OUT/ref/$text.reference.txt"
  spoken_text "$text" "$ref"
  for system in "${RUN[@]}"; do
    if [[ "$system" == festival-* ]] && ! in_list "$text" "$FESTIVAL_TEXTS"; then
      continue
    fi
    wav="$OUT/wav/$system.$text.wav"
    log="$OUT/logs/$system.$text.log"
    say "bench: $text: $system ..."
    t0=$EPOCHREALTIME
    if synth "$system" "$text" "$input" "$ref" "$wav" >"$log" 2>&1 && [[ -s "$wav" ]]; then
      t1=$EPOCHREALTIME
      awk -v s="$system" -v t="$text" -v a="$t0" -v b="$t1" \
        'BEGIN { printf "%s\t%s\t%.2f\n", s, t, b - a }' >>"$TIMES"
      printf '%s\t%s\t%s\t%s\n' "$system" "$text" "$wav" "$ref" >>"$MANIFEST"
    else
      say "bench: $text: $system FAILED, skipped ($(grep -v '^\s*$' "$log" | tail -n 1))"
    fi
  done
done
synth_seconds=$((SECONDS - start_synth))

[[ -s "$MANIFEST" ]] || die "nothing to judge (no system produced audio)"
jobs=$(wc -l <"$MANIFEST")

wer_seconds=0
if [[ "$RUN_WER" == 1 ]]; then
  say "bench: WER: Whisper tiny.en on $jobs recordings ..."
  t=$SECONDS
  # judge.py prints a line per recording, then its tables (kept in wer.md); warnings go to the log.
  (cd "$WER_DIR" && "$WER_DIR/.venv/bin/python" judge.py "$MANIFEST" --out "$OUT/wer") \
    2>"$OUT/logs/wer-judge.log" | tee "$OUT/wer.md" | grep --line-buffered '^judge:' >&2 || true
  [[ -s "$OUT/wer/results.json" ]] || die "the WER judge failed (see $OUT/logs/wer-judge.log)"
  wer_seconds=$((SECONDS - t))
fi

mos_seconds=0
if [[ "$RUN_MOS" == 1 ]]; then
  say "bench: MOS: DistillMOS on $jobs recordings ..."
  t=$SECONDS
  "$MOS_DIR/.venv/bin/python" "$MOS_DIR/mos.py" "$MANIFEST" --out "$OUT/mos.json" >"$OUT/mos.md" \
    || die "the MOS judge failed"
  mos_seconds=$((SECONDS - t))
fi

table_args=("$MANIFEST" --json "$OUT/combined.json")
[[ "$RUN_WER" == 1 ]] && table_args+=(--wer "$OUT/wer/results.json")
[[ "$RUN_MOS" == 1 ]] && table_args+=(--mos "$OUT/mos.json")
python3 "$MOS_DIR/table.py" "${table_args[@]}" | tee "$OUT/report.md"
{
  line="$jobs recordings; wall time $((SECONDS - start_all)) s: synthesis $synth_seconds s"
  if [[ "$RUN_WER" == 1 ]]; then line+=", WER judge $wer_seconds s"; fi
  if [[ "$RUN_MOS" == 1 ]]; then line+=", MOS judge $mos_seconds s"; fi
  printf '\n%s.\n' "$line"
  if [[ -f "$OUT/aloud/VERSION" ]]; then sed 's/^/aloud: /' "$OUT/aloud/VERSION"; fi
} | tee -a "$OUT/report.md" >&2
say "bench: in $OUT: report.md, combined.json, mos.json (every window), wer.md and wer/ (transcripts,"
say "       misrecognised words), wav/, ref/, logs/, synth-times.tsv"
