#!/usr/bin/env bash
# Rebuilds the bundled voices from their Debian sources (maintainer tool; normal
# use and CI never need Festival). Reproduces the committed files byte for byte.
#
#   voices/rebuild.sh            rebuild voices/kal and voices/ked (and slt) in place
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
for pkg in festvox-kallpc16k festvox-kdlpc16k; do
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

# kal: festvox-kallpc16k (Alan W Black and Kevin Lenzo, 1998)
"$aloud" voice import-festvox \
  /usr/share/festival/voices/english/kal_diphone/group/kallpc16k.group \
  --id kal --name Kal --gender male --out "$out/kal" \
  --copyright /usr/share/doc/festvox-kallpc16k/copyright \
  --source "Debian festvox-kallpc16k $(version festvox-kallpc16k)" \
  --licence "Festvox kal diphone licence (Black & Lenzo 1998; permissive: keep notice, mark changes)" \
  --lexicon "$repo/lexicon/cmudict.dict"

# ked: festvox-kdlpc16k (CSTR, University of Edinburgh, 1997)
"$aloud" voice import-festvox \
  /usr/share/festival/voices/english/ked_diphone/group/kedlpc16k.group \
  --id ked --name Ked --gender male --out "$out/ked" \
  --copyright /usr/share/doc/festvox-kdlpc16k/copyright \
  --source "Debian festvox-kdlpc16k $(version festvox-kdlpc16k)" \
  --licence "Festvox ked diphone licence (CSTR Edinburgh 1997; permissive: keep notice, mark changes)" \
  --lexicon "$repo/lexicon/cmudict.dict"

# slt: recorded from festvox-us-slt-hts with carrier words (added by the slt build).

if ((check)); then
  status=0
  for v in kal ked; do
    for f in voice.toml units.wav units.idx LICENSE NOTICE; do
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
