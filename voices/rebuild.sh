#!/usr/bin/env bash
# Rebuilds the bundled voices from their Debian sources (maintainer tool; normal
# use and CI never need Festival). Reproduces the committed files byte for byte.
#
#   voices/rebuild.sh            rebuild voices/kal, voices/ked, voices/slt and voices/rms in place
#   voices/rebuild.sh --check    rebuild into a temporary folder and compare with
#                                the committed files (exit 1 on any difference)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

out="$repo/voices"
check=0
if [[ "${1:-}" == "--check" ]]; then
  check=1
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
fi

need=()
for pkg in flite flite1-dev gcc festvox-kallpc16k festvox-kdlpc16k festival festvox-us-slt-hts python3; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if ((${#need[@]})); then
  echo "installing ${need[*]}" >&2
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get install -y --no-install-recommends "${need[@]}"
fi

cargo build --release --quiet
aloud="$repo/target/release/aloud"
version() { dpkg-query -W -f='${Version}' "$1"; }

# kal: Flite's cmu_us_kal16 (CMU; the kal diphones of Black & Lenzo 1998, coded by
# Flite's own LPC analysis). Its compiled data are written as a Festival group file
# by voices/import-flite/flite_group.c (a C program against Debian flite1-dev), then
# decoded like ked. Flite's coding of kal is cleaner than festvox-kallpc16k's (see
# bench/RESULTS.md, "Where the quality goes").
work="$(mktemp -d)"
cc -O2 -Wall "$repo/voices/import-flite/flite_group.c" -o "$work/flite_group" \
  -lflite_cmu_us_kal16 -lflite_usenglish -lflite_cmulex -lflite -lm
"$work/flite_group" "$work/cmu_us_kal16.group" 2>"$work/flite_group.log"
cat /usr/share/doc/libflite1/copyright > "$work/kal-copyright"
printf '\n\n===== The kal diphone recordings (as distributed with Festival, Debian festvox-kallpc16k) =====\n\n' >> "$work/kal-copyright"
cat /usr/share/doc/festvox-kallpc16k/copyright >> "$work/kal-copyright"
"$aloud" voice import-festvox "$work/cmu_us_kal16.group" \
  --id kal --name Kal --gender male --out "$out/kal" \
  --copyright "$work/kal-copyright" \
  --source "Debian libflite1 $(version libflite1) (cmu_us_kal16)" \
  --licence "CMU Flite licence and Festvox kal diphone licence (Black & Lenzo 1998; permissive: keep notice, mark changes)" \
  --method "Flite cmu_us_kal16 residual-excited LPC diphones, written as a group file by voices/import-flite/flite_group.c, decoded by \`aloud voice import-festvox\` and re-encoded as 16-bit PCM" \
  --changes "Flite's compiled cmu_us_kal16 data (LPC frames and mu-law residuals) were written as a Festival group file by voices/import-flite/flite_group.c, unchanged but for the frame layout; $(grep -c '^skipped' "$work/flite_group.log") unit(s) with no frame on one side of the phone boundary were left out ($(sed -n 's/^skipped \([^:]*\):.*/\1/p' "$work/flite_group.log" | paste -sd, -))" \
  --lexicon "$repo/lexicon/cmudict.dict"
rm -rf "$work"

# ked: festvox-kdlpc16k (CSTR, University of Edinburgh, 1997)
"$aloud" voice import-festvox \
  /usr/share/festival/voices/english/ked_diphone/group/kedlpc16k.group \
  --id ked --name Ked --gender male --out "$out/ked" \
  --copyright /usr/share/doc/festvox-kdlpc16k/copyright \
  --source "Debian festvox-kdlpc16k $(version festvox-kdlpc16k)" \
  --licence "Festvox ked diphone licence (CSTR Edinburgh 1997; permissive: keep notice, mark changes)" \
  --lexicon "$repo/lexicon/cmudict.dict"

# slt: festvox-us-slt-hts (CMU 2003), an HTS voice: one nonsense carrier word per
# phone pair recorded with Festival (voices/record-slt/record.py; about 2-5 minutes),
# then cut into diphones. $SLT_RECORDINGS keeps the recordings in that folder.
slt_rec="${SLT_RECORDINGS:-$(mktemp -d)}"
[[ -n "${SLT_RECORDINGS:-}" ]] || trap 'rm -rf "$slt_rec"; if ((check)); then rm -rf "$out"; fi' EXIT
python3 "$repo/voices/record-slt/record.py" "$slt_rec"
# ... and whole sentences, for unit selection over running speech: the CMU ARCTIC prompts
# read by the same voice, 900 s of speech chosen for diphone coverage and for /s/ + voiceless
# stop clusters (voices/record-sentences/record.py --clusters; about 2-20 minutes). $SLT_SENTENCES keeps them there.
slt_sent="${SLT_SENTENCES:-$(mktemp -d)}"
python3 "$repo/voices/record-sentences/record.py" --clusters "$repo/voices/record-sentences/cmuarctic.data" "$slt_sent" 900
"$aloud" voice build "$slt_rec" --sentences "$slt_sent" \
  --prompts "$repo/voices/record-sentences/cmuarctic.data" \
  --id slt --name Slt --gender female --out "$out/slt" \
  --licence-file /usr/share/doc/festvox-us-slt-hts/copyright \
  --source "Debian festvox-us-slt-hts $(version festvox-us-slt-hts) (cmu_us_slt_arctic_hts) synthesized by Debian festival $(version festival)" \
  --licence "EST-2003 (CMU 2003; permissive: keep notice, mark changes)" \
  --method "diphones recorded from the HTS voice with carrier words (voices/record-slt/record.py) and whole sentences (voices/record-sentences/record.py), resampled to 16 kHz and cut into diphones by aloud voice build" \
  --changes "recorded from the HTS voice with carrier words: one nonsense word per phone pair (X Y between t-aa carrier syllables, HTS speed 0.8), synthesized by Festival at 32 kHz with its phone end times (voices/record-slt/record.py); words that clipped were recorded again with other carrier syllables; and recorded reading $(grep -cE '^arctic_[ab][0-9]{4}$' "$slt_sent/record.log") sentences of the CMU ARCTIC prompt list, chosen for phone pairs and /s/ + voiceless stop clusters (Festival's own pronunciation, prosody and phone end times; voices/record-sentences/record.py --clusters)" \
  --lexicon "$repo/lexicon/cmudict.dict"
[[ -n "${SLT_SENTENCES:-}" ]] || rm -rf "$slt_sent"

# rms: Flite's cmu_us_rms clustergen voice (Debian flite; CMU), one nonsense carrier word per
# phone pair recorded by Flite itself with its phone end times (voices/record-flite/record.py;
# about 1-2 minutes), then cut into diphones. $RMS_RECORDINGS keeps the recordings there.
# ... and whole sentences read by Flite rms (the CMU ARCTIC prompts, 900 s of speech chosen for
# diphone and /s/ + voiceless stop cluster coverage; voices/record-sentences/record.py --flite rms
# --clusters; about 2-8 minutes).
# $RMS_SENTENCES keeps them there.
rms_rec="${RMS_RECORDINGS:-$(mktemp -d)}"
python3 "$repo/voices/record-flite/record.py" rms "$rms_rec" 1
rms_sent="${RMS_SENTENCES:-$(mktemp -d)}"
python3 "$repo/voices/record-sentences/record.py" --flite rms --clusters "$repo/voices/record-sentences/cmuarctic.data" "$rms_sent" 900
"$aloud" voice build "$rms_rec" --sentences "$rms_sent" \
  --prompts "$repo/voices/record-sentences/cmuarctic.data" \
  --id rms --name Rms --gender male --out "$out/rms" \
  --licence-file /usr/share/doc/libflite1/copyright \
  --source "Debian flite $(version flite) (cmu_us_rms clustergen voice)" \
  --licence "CMU Flite licence (permissive: keep notice, mark changes)" \
  --method "diphones recorded from Flite's rms clustergen voice with carrier words (voices/record-flite/record.py) and whole sentences (voices/record-sentences/record.py --flite rms --clusters), cut into diphones by aloud voice build" \
  --changes "recorded from Flite's cmu_us_rms with carrier words: one nonsense word per phone pair (X Y between carrier syllables), given to Flite as a lexicon addendum and synthesized with duration_stretch 1.25, with Flite's own phone end times (flite -psdur) (voices/record-flite/record.py); and recorded reading $(grep -cE '^arctic_[ab][0-9]{4}$' "$rms_sent/record.log") sentences of the CMU ARCTIC prompt list at its own speed, chosen for phone pairs and /s/ + voiceless stop clusters (Flite's own pronunciation, prosody and phone end times; voices/record-sentences/record.py --flite rms --clusters); resampled, cut into diphones, pitch-marked and levelled by aloud voice build" \
  --lexicon "$repo/lexicon/cmudict.dict"
[[ -n "${RMS_RECORDINGS:-}" ]] || rm -rf "$rms_rec"
[[ -n "${RMS_SENTENCES:-}" ]] || rm -rf "$rms_sent"

if ((check)); then
  status=0
  for v in kal ked slt rms; do
    for f in voice.toml units.wav units.idx units.feat units.blocks LICENSE NOTICE; do
      [[ -e "$out/$v/$f" || -e "$repo/voices/$v/$f" ]] || continue
      if cmp -s "$out/$v/$f" "$repo/voices/$v/$f"; then
        echo "same      $v/$f"
      else
        echo "DIFFERENT $v/$f"; status=1
      fi
    done
  done
  exit $status
fi
sha256sum "$out"/*/units.wav "$out"/*/units.idx
