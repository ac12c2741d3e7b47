# Shared helpers of bench/speed.sh, bench/intelligibility/run.sh and bench/judge.sh (sourced, not run).
# shellcheck shell=bash

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
ALOUD="${ALOUD:-$REPO_DIR/target/release/aloud}"

say() { printf '%s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

# build_aloud: `cargo build --release --locked`; on failure aloud is reported unavailable.
build_aloud() {
  if [[ "${BENCH_NO_BUILD:-0}" == 1 ]]; then
    say "bench: BENCH_NO_BUILD=1, using $ALOUD as it is"
    return 0
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    say "bench: cargo not found; aloud will be skipped"
    return 0
  fi
  say "bench: building aloud (cargo build --release --locked) ..."
  if ! (cd "$REPO_DIR" && cargo build --release --locked --quiet); then
    say "bench: the release build failed; aloud will be skipped"
  fi
}

# text_path NAME: the input file of a benchmark text (example, nasa, whitehouse).
text_path() {
  local file
  case "$1" in
    example) file=keep-almagro-out.txt ;;
    nasa) file=nasa-freedom7-air-ground.txt ;;
    whitehouse) file=whitehouse-briefing-2020-04-24.txt ;;
    *) die "unknown text '$1' (known: example nasa whitehouse)" ;;
  esac
  local dir
  for dir in "$REPO_DIR/examples" "$REPO_DIR/tests/fixtures/corpus"; do
    if [[ -f "$dir/$file" ]]; then
      printf '%s\n' "$dir/$file"
      return 0
    fi
  done
  die "$file not found in examples/ or tests/fixtures/corpus/"
}

# fallback_args NAME: spoken_text.py options approximating aloud's choices for a text.
fallback_args() {
  case "$1" in
    example) echo "--footer 2" ;;
    whitehouse) echo "--skip-preamble" ;;
    *) echo "" ;;
  esac
}

# spoken_text NAME OUT.txt: the text aloud speaks, from `aloud plan --json` when it works,
# else approximated from the raw file. Prints which source it used.
spoken_text() {
  local name="$1" out="$2" input plan
  input="$(text_path "$name")"
  plan="${out%.txt}.plan.json"
  if [[ -x "$ALOUD" ]] && "$ALOUD" plan "$input" --json >"$plan" 2>/dev/null \
    && python3 "$BENCH_DIR/spoken_text.py" "$input" --plan-json "$plan" >"$out" 2>/dev/null; then
    say "bench: $name: spoken text from \`aloud plan --json\`"
  else
    rm -f "$plan"
    # shellcheck disable=SC2046
    python3 "$BENCH_DIR/spoken_text.py" "$input" $(fallback_args "$name") >"$out"
    say "bench: $name: aloud plan --json not available yet; spoken text approximated from the file"
  fi
}

# try_aloud_render INPUT OUT.wav [ARGS...]: renders, or says why not; true when a WAV came out.
try_aloud_render() {
  local input="$1" out="$2" log
  shift 2
  if [[ ! -x "$ALOUD" ]]; then
    say "bench: aloud render not available yet (no binary at $ALOUD)"
    return 1
  fi
  log="$(mktemp)"
  if "$ALOUD" render "$input" -o "$out" "$@" >"$log" 2>&1 && [[ -s "$out" ]]; then
    rm -f "$log"
    return 0
  fi
  say "bench: aloud render not available yet ($(head -n 1 "$log"))"
  rm -f "$log"
  return 1
}

# wav_seconds FILE.wav: the audio length in seconds.
wav_seconds() { python3 "$BENCH_DIR/wavinfo.py" "$1"; }

# has_festival_kal: Festival's text2wave with the kal diphone voice is installed.
has_festival_kal() {
  command -v text2wave >/dev/null 2>&1 \
    && [[ -d /usr/share/festival/voices/english/kal_diphone ]]
}

# has_flite_kal16: flite with its kal16 voice.
has_flite_kal16() {
  command -v flite >/dev/null 2>&1 && flite -lv 2>/dev/null | grep -qw kal16
}

# ensure_venv DIR REQUIREMENTS.txt: a virtual environment at DIR with the pinned requirements,
# created on first use and reused; reinstalled when the requirements file changes (its SHA-256 is
# kept in DIR/.requirements.sha256).
ensure_venv() {
  local venv="$1" requirements="$2" stamp want
  stamp="$venv/.requirements.sha256"
  want="$(sha256sum "$requirements" | cut -d' ' -f1)"
  if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  command -v python3 >/dev/null || die "python3 is needed for the judges"
  say "bench: preparing $venv from $(basename "$requirements") (first run only) ..."
  python3 -m venv "$venv" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" \
    || die "pip install -r $requirements failed"
  printf '%s\n' "$want" >"$stamp"
}

# memory_bench_setup WORDS: the common start of book.sh and shapes.sh: checks the word count and
# GNU time (for the peak memory), builds aloud.
memory_bench_setup() {
  [[ "$1" =~ ^[1-9][0-9]*$ ]] || die "--words takes a positive number"
  [[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is needed for the peak memory"
  build_aloud
  [[ -x "$ALOUD" ]] || die "no aloud binary at $ALOUD"
}

# bench_work_dir GIVEN KEEP: sets DIR to GIVEN (created) if set, else to a new temporary folder
# that is removed at exit unless KEEP is 1.
bench_work_dir() {
  if [[ -n "$1" ]]; then
    mkdir -p "$1"
    DIR="$1"
  else
    DIR="$(mktemp -d)"
    [[ "$2" == 1 ]] || trap 'rm -rf "$DIR"' EXIT
  fi
}

# first_sentences REF WORDS OUT.txt: the first WORDS words of the text in REF, cut at a sentence
# end, one sentence a line, ASCII without quotes or backslashes (safe inside a Festival string).
# The quality probes (quality/probe.sh, quality/probe_flite.sh) read these sentences.
first_sentences() {
  python3 - "$1" "$2" >"$3" <<'PY'
import re, sys, unicodedata
words = open(sys.argv[1], encoding="utf-8").read().split()[: int(sys.argv[2])]
text = unicodedata.normalize("NFKD", " ".join(words)).encode("ascii", "ignore").decode()
for s in re.split(r"(?<=[.?!])\s+", text):
    if s.strip():
        print(s.strip().replace('"', "").replace("\\", ""))
PY
}
