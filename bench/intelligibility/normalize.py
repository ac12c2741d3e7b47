"""One text normalizer, applied to both the reference and the recognizer's transcript.

Steps, in order:
- Unicode: curly quotes and primes become ASCII, dashes become spaces, no-break spaces become
  spaces, accents are removed ("Chávez" = "Chavez");
- lowercase; dotted acronyms lose their dots ("U.S." = "US");
- numbers become words in one canonical form, whichever way they were written: "$3,400" =
  "three thousand four hundred dollars", "38%" = "38 percent", "19th" = "nineteenth", "1.2" =
  "one point two", four-digit years read as years ("1961" = "nineteen sixty one", "2002" =
  "two thousand two"), no "and" inside a number ("two thousand and two" = "two thousand two");
- contractions are written out, as Whisper's own English normalizer does, so that a reading heard
  as "we are" for "we're" is not two word errors: "n't" = " not" ("can't" = "cannot" = "can not",
  "won't" = "will not"), "'re" = " are", "'m" = " am", "'ll" = " will", "'ve" = " have", "'d" =
  " would", "let's" = "let us", and "'s" = " is" after a pronoun or "that", "there", "here",
  "what", "who", "where", "how" (after a noun "'s" is a possessive and stays);
- the remaining apostrophes are removed ("Venezuela's" = "venezuelas"), hyphens and all other
  punctuation become spaces;
- a few spellings are unified on both sides ("ok" = "okay", "mr" = "mister", "etc" = "et cetera");
- interjections lose their drawn-out letters ("ahh" = "ah", "ohh" = "oh", "umm" = "um"): a
  transcript's "Ah" for a written "Ahh" is the same sound spelled shorter, not a word error;
- a unit written as a ratio after a number is read out ("35 ft/sec" = "thirty five feet per
  second"), as a reader says it.

``unify_compounds(reference, hypothesis)``, applied after both are normalized, writes a compound
in the transcript the way the reference writes it, one word or two ("capcom" for "Cap Com",
"card file" for "cardfile", "liftoff" for "lift-off"): the recognizer heard the word; where it
puts the space is spelling.
"""

from __future__ import annotations

import re
import unicodedata

from num2words import num2words

_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u0060": "'",
    "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": " ", "\u2013": " ", "\u2014": " ", "\u2015": " ",
    "\u00a0": " ", "\u202f": " ", "\u2026": " ",
}
_QUOTE_TABLE = str.maketrans(_QUOTES)

_NUMBER_WORDS = {
    "zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "thousand", "million", "billion", "trillion",
}

_SPELLINGS = {
    "ok": "okay",
    "mr": "mister",
    "mrs": "missus",
    "dr": "doctor",
    "vs": "versus",
    "etc": "et cetera",
    # abbreviated titles, as Whisper's own English normalizer spells them out
    "st": "saint",
    "prof": "professor",
    "gen": "general",
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "pres": "president",
    "rev": "reverend",
    "capt": "captain",
    "lt": "lieutenant",
    "col": "colonel",
    "jr": "junior",
    "sr": "senior",
}

_CONTRACTIONS = [
    (re.compile(r"\bcan't\b|\bcannot\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"\blet's\b"), "let us"),
    (re.compile(r"\by'all\b"), "you all"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"\b(it|that|there|here|what|who|where|how|he|she)'s\b"), r"\1 is"),
]
_INTERJECTION = re.compile(r"^(?:a+h+|o+h+|u+h+|u+m+|h+m+|m+h*m+)$")
_UNIT_NAMES = {
    "ft": "feet", "mi": "miles", "km": "kilometers", "m": "meters", "kg": "kilograms",
    "lb": "pounds", "lbs": "pounds", "g": "grams",
}
_PER_UNIT_NAMES = {
    "sec": "second", "s": "second", "min": "minute", "hr": "hour", "h": "hour", "day": "day",
}
_RATIO_UNIT = re.compile(
    r"(\d)\s*(" + "|".join(_UNIT_NAMES) + r")\s*/\s*(" + "|".join(_PER_UNIT_NAMES) + r")\b"
)
_ACRONYM = re.compile(r"\b(?:[a-z]\.){2,}")
_MONEY = re.compile(r"\$\s?(\d[\d,]*(?:\.\d+)?)(\s*(?:thousand|million|billion|trillion)\b)?")
_PERCENT = re.compile(r"(\d)\s?%")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")  # a group separator: 6,000,000,000
_ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th)\b")
_DECIMAL = re.compile(r"(\d+)\.(\d+)")
_INTEGER = re.compile(r"\d+")


def _clean(words: str) -> str:
    """num2words output without "and", commas or hyphens."""
    words = words.replace("-", " ").replace(",", " ")
    return " " + re.sub(r"\band\b", " ", words) + " "


def _integer(m: re.Match[str]) -> str:
    digits = m.group(0)
    n = int(digits)
    if len(digits) == 4 and 1100 <= n <= 2099 and n % 100 != 0 or 2000 < n < 2010:
        return _clean(num2words(n, to="year"))
    if len(digits) > 1 and digits.startswith("0"):  # "007": read digit by digit
        return " " + " ".join(num2words(int(d)) for d in digits) + " "
    return _clean(num2words(n))


def _decimal(m: re.Match[str]) -> str:
    whole = _clean(num2words(int(m.group(1))))
    return whole + " point " + " ".join(num2words(int(d)) for d in m.group(2)) + " "


def numbers_to_words(text: str) -> str:
    """Replaces every number written with digits by words (lowercase input expected)."""
    text = _THOUSANDS.sub("", text)
    text = _MONEY.sub(lambda m: f" {m.group(1)}{m.group(2) or ''} dollars ", text)
    text = _PERCENT.sub(r"\1 percent", text)
    text = _ORDINAL.sub(lambda m: " " + _clean(num2words(int(m.group(1)), to="ordinal")) + " ", text)
    text = _DECIMAL.sub(_decimal, text)
    return _INTEGER.sub(_integer, text)


def normalize(text: str) -> str:
    """The canonical, comparable form of ``text``: lowercase words separated by single spaces."""
    text = text.translate(_QUOTE_TABLE)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    text = _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _RATIO_UNIT.sub(
        lambda m: f"{m.group(1)} {_UNIT_NAMES[m.group(2)]} per {_PER_UNIT_NAMES[m.group(3)]} ", text
    )
    text = numbers_to_words(text)
    for pattern, expanded in _CONTRACTIONS:
        text = pattern.sub(expanded, text)
    text = text.replace("'", "")
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    words = text.split()
    out: list[str] = []
    for i, w in enumerate(words):
        w = _SPELLINGS.get(w, w)
        if _INTERJECTION.match(w):
            w = re.sub(r"(.)\1+", r"\1", w)
        if (
            w == "and"
            and out
            and out[-1] in _NUMBER_WORDS
            and i + 1 < len(words)
            and words[i + 1] in _NUMBER_WORDS
        ):
            continue
        out.extend(w.split())
    return " ".join(out)


def unify_compounds(reference: str, hypothesis: str) -> str:
    """``hypothesis`` (normalized) with its compounds spaced as in ``reference`` (normalized).

    A transcript word that the reference writes as two adjacent words, and never as one, is split
    ("capcom" → "cap com"); two adjacent transcript words that the reference writes as one word,
    and never as those two, are joined ("card file" → "cardfile"). Nothing else changes.
    """
    ref = reference.split()
    singles = set(ref)
    pairs = {a + b: (a, b) for a, b in zip(ref, ref[1:])}
    adjacent = set(zip(ref, ref[1:]))
    hyp = hypothesis.split()
    out: list[str] = []
    i = 0
    while i < len(hyp):
        w = hyp[i]
        if i + 1 < len(hyp):
            joined = w + hyp[i + 1]
            if joined in singles and (w, hyp[i + 1]) not in adjacent:
                out.append(joined)
                i += 2
                continue
        if w not in singles and w in pairs:
            out.extend(pairs[w])
        else:
            out.append(w)
        i += 1
    return " ".join(out)
