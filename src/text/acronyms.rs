//! Words and acronyms: spelled letter by letter ("OAS" → O A S) or read as a word
//! ("NASA" → "nasa"), CamelCase names split ("LabCorp" → "lab corp").

use super::context::{is_apostrophe, Ctx, Out};
use super::tables::{self, AcronymReading};

/// Reads a run of letters (with apostrophes) starting at byte `start`.
/// `near_digits`: the run is glued to digits ("mp3", "N95"), so short runs are spelled.
pub(crate) fn word(text: &str, start: usize, ctx: &Ctx, out: &mut Out, near_digits: bool) {
    // Split off a possessive or plural "'s" / "s" after capitals: "ALBA’s", "CEOs".
    let (stem, suffix) = split_suffix(text);
    let letters: Vec<char> = stem.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return;
    }
    let caps = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    if caps {
        let lower = stem.to_lowercase();
        if is_spelled(stem, &lower, ctx) {
            spell(stem, start, suffix, out);
        } else {
            out.word(&format!("{lower}{suffix}"), start..start + text.len());
        }
        return;
    }
    if letters.len() == 1 {
        let c = letters[0];
        if !near_digits && (matches!(c, 'a' | 'A' | 'I') || !suffix.is_empty()) {
            out.word(text, start..start + text.len());
        } else {
            spell(stem, start, suffix, out);
        }
        return;
    }
    let lower = text.to_lowercase();
    if ctx.known.is_word(&lower) {
        out.word(text, start..start + text.len());
        return;
    }
    if split_camel(text, start, out) {
        return;
    }
    let vowel_less = !letters.iter().any(|c| is_vowel(c.to_ascii_lowercase()));
    if vowel_less
        && letters.iter().all(char::is_ascii_alphabetic)
        && (near_digits || letters.len() <= 4)
    {
        spell(text, start, "", out);
        return;
    }
    out.word(text, start..start + text.len());
}

/// Splits "CEOs" → ("CEO", "'s"), "ALBA’s" → ("ALBA", "'s"); otherwise (text, "").
fn split_suffix(text: &str) -> (&str, &'static str) {
    let mut rev = text.char_indices().rev();
    match (rev.next(), rev.next()) {
        (Some((_, 's')), Some((i, a))) if is_apostrophe(a) => {
            let stem = &text[..i];
            if stem.chars().filter(|c| c.is_alphabetic()).count() >= 1
                && stem.chars().all(|c| c.is_uppercase())
            {
                return (stem, "'s");
            }
            (text, "")
        }
        (Some((i, 's')), Some(_)) => {
            let stem = &text[..i];
            if stem.chars().count() >= 2 && stem.chars().all(|c| c.is_uppercase()) {
                return (stem, "'s");
            }
            (text, "")
        }
        _ => (text, ""),
    }
}

/// Whether `text` is an all-capital word of four letters or more that the lexicon knows
/// and no list spells.
pub(crate) fn is_caps_word(text: &str, ctx: &Ctx) -> bool {
    text.chars().count() >= 4
        && text.chars().all(|c| c.is_uppercase())
        && tables::acronym(text) != Some(AcronymReading::Spell)
        && ctx.known.is_word(&text.to_lowercase())
}

/// Whether an all-capital token is spelled letter by letter.
fn is_spelled(stem: &str, lower: &str, ctx: &Ctx) -> bool {
    match tables::acronym(stem) {
        Some(AcronymReading::Spell) => return true,
        Some(AcronymReading::Word) => return false,
        None => {}
    }
    if (ctx.shouting || ctx.caps_run) && ctx.known.is_word(lower) {
        return false;
    }
    let n = lower.chars().count();
    if !lower.chars().all(|c| c.is_ascii_lowercase()) {
        return n <= 3;
    }
    if !lower.chars().any(is_vowel) || n <= 3 {
        return true;
    }
    !(ctx.known.is_word(lower) || pronounceable(lower))
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Spells each letter of `text` with its own span; the last letter carries `suffix`.
pub(crate) fn spell(text: &str, start: usize, suffix: &str, out: &mut Out) {
    let letters: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| c.is_alphabetic())
        .collect();
    for (k, &(i, c)) in letters.iter().enumerate() {
        let s = if k + 1 == letters.len() { suffix } else { "" };
        out.letter(c, s, start + i..start + i + c.len_utf8());
    }
}

/// Splits "LabCorp" → "lab corp" when each part has at least three letters.
fn split_camel(text: &str, start: usize, out: &mut Out) -> bool {
    let mut cuts = vec![0];
    let mut prev_lower = false;
    for (i, c) in text.char_indices() {
        if c.is_uppercase() && prev_lower {
            cuts.push(i);
        }
        prev_lower = c.is_lowercase();
    }
    if cuts.len() < 2 {
        return false;
    }
    cuts.push(text.len());
    if cuts
        .windows(2)
        .any(|w| text[w[0]..w[1]].chars().count() < 3)
    {
        return false;
    }
    for w in cuts.windows(2) {
        out.word(&text[w[0]..w[1]], start + w[0]..start + w[1]);
    }
    true
}

/// Consonant clusters that can begin an English syllable.
const ONSETS: [&str; 30] = [
    "bl", "br", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "pl", "pr", "sc", "sk", "sl", "sm", "sn",
    "sp", "st", "sw", "tr", "tw", "th", "sh", "ch", "ph", "wh", "qu", "str", "spr", "scr",
];
/// Consonant clusters that can end an English syllable.
const CODAS: [&str; 30] = [
    "ck", "ct", "ft", "ld", "lf", "lk", "lm", "lp", "lt", "mp", "nd", "ng", "nk", "nt", "ns", "rb",
    "rd", "rf", "rg", "rk", "rm", "rn", "rp", "rs", "rt", "sk", "sp", "st", "ts", "ds",
];

fn valid_onset(c: &str) -> bool {
    c.len() <= 1 || ONSETS.contains(&c)
}
fn valid_coda(c: &str) -> bool {
    c.len() <= 1 || CODAS.contains(&c) || matches!(c, "sh" | "ch" | "th" | "ps" | "ks" | "rds")
}

/// Whether a lower-case ASCII string looks pronounceable as a word ("covid", not "ascs").
pub(crate) fn pronounceable(w: &str) -> bool {
    let b = w.as_bytes();
    let mut i = 0;
    let mut first = true;
    while i < b.len() {
        let cons_start = i;
        while i < b.len() && !is_vowel(char::from(b[i])) {
            i += 1;
        }
        let cluster = &w[cons_start..i];
        let at_end = i == b.len();
        let ok = match (first, at_end) {
            (true, true) => false,
            (true, false) => valid_onset(cluster),
            (false, true) => valid_coda(cluster),
            (false, false) => {
                cluster.len() <= 3
                    && (0..=cluster.len())
                        .any(|k| valid_coda(&cluster[..k]) && valid_onset(&cluster[k..]))
            }
        };
        if !ok {
            return false;
        }
        let vowel_start = i;
        while i < b.len() && is_vowel(char::from(b[i])) {
            i += 1;
        }
        if i - vowel_start > 2 {
            return false;
        }
        first = false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pronounceability() {
        for w in [
            "covid", "cardfile", "nasa", "fema", "unicef", "nafta", "opec",
        ] {
            assert!(pronounceable(w), "{w}");
        }
        for w in ["ascs", "ncaa", "html", "naacp", "lgbtq"] {
            assert!(!pronounceable(w), "{w}");
        }
    }
}
