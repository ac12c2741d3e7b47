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
    if split_camel(text, start, ctx, out) {
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

/// Splits a word written in camel case into its words: "LabCorp" → "lab corp",
/// "camelCase" → "camel case", "XMLHttpRequest" → "X M L http request",
/// "toString" → "to string", "eBay" → "E bay". A part of one letter is spelled, an
/// all-capital part read by the acronym rule. Names with a short capitalized prefix
/// ("McCain", "DeSantis", "LaGuardia") are not split; false when nothing was split.
fn split_camel(text: &str, start: usize, ctx: &Ctx, out: &mut Out) -> bool {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut cuts = vec![0];
    for k in 1..chars.len() {
        let (i, c) = chars[k];
        let prev = chars[k - 1].1;
        let next_lower = chars.get(k + 1).is_some_and(|&(_, n)| n.is_lowercase());
        // The end of a run of two or more capitals: "XML|Http" (not "L|Lorenti").
        let run_end = prev.is_uppercase()
            && next_lower
            && cuts
                .last()
                .is_some_and(|&last| k >= 2 && chars[k - 2].0 >= last);
        if c.is_uppercase() && (prev.is_lowercase() || run_end) {
            cuts.push(i);
        }
    }
    if cuts.len() < 2 {
        return false;
    }
    cuts.push(text.len());
    let first = &text[..cuts[1]];
    let short_prefix = first.chars().count() < 3 && first.chars().any(char::is_lowercase);
    if first.starts_with(char::is_uppercase) && short_prefix {
        return false;
    }
    for w in cuts.windows(2) {
        let part = &text[w[0]..w[1]];
        let span = start + w[0]..start + w[1];
        let mut letters = part.chars();
        match (letters.next(), letters.next()) {
            (Some(c), None) => out.letter(c, "", span),
            _ if part.chars().all(char::is_uppercase) => word(part, span.start, ctx, out, false),
            _ => out.word(part, span),
        }
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
