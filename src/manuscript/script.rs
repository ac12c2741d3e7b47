//! Scripts aloud can read. Latin letters (accented or not) are read as they are; words in
//! Cyrillic or Greek letters are transliterated into Latin letters (with `deunicode`) and
//! reported, so "Путин" is read "Putin"; letters of any other script (Arabic, Hebrew, the Indic
//! scripts, Chinese, Japanese, Korean…) cannot be spoken, and the text is refused with an error
//! that names the first line holding them. Symbols and emoji are not letters: they are left to
//! the normalizer, as before.

use super::ManuscriptError;
use serde::Serialize;

/// One word written in another script and the Latin spelling it is read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transliteration {
    /// 1-based line in the input.
    pub line: usize,
    /// The word as written ("Москва").
    pub from: String,
    /// What is read ("Moskva").
    pub to: String,
}

/// Which scripts a letter belongs to, as far as reading is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    /// Latin letters, digits, punctuation, symbols, marks: read as they are.
    Readable,
    /// Cyrillic or Greek: transliterated.
    Transliterated,
    /// A letter of a script aloud has no sounds for.
    Unspeakable,
}

fn script(c: char) -> Script {
    let u = u32::from(c);
    let transliterated = matches!(u,
        0x0370..=0x03FF | 0x1F00..=0x1FFF // Greek
        | 0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F // Cyrillic
    );
    if transliterated {
        return Script::Transliterated;
    }
    // Latin and everything around it that is not a letter of another script: Latin-1 and the
    // Latin extensions, IPA, modifier letters and combining marks, general punctuation, letterlike
    // symbols and number forms, fullwidth forms, mathematical letters.
    let latin = matches!(u,
        0x0000..=0x036F | 0x1D00..=0x1EFF | 0x2000..=0x2BFF | 0x2C60..=0x2C7F
        | 0xA720..=0xA7FF | 0xAB30..=0xAB6F | 0xFB00..=0xFB06 | 0xFE00..=0xFE0F
        | 0xFF00..=0xFFEF | 0x1D400..=0x1D7FF
    );
    if latin || !c.is_alphabetic() {
        Script::Readable
    } else {
        Script::Unspeakable
    }
}

/// The text with every word in Cyrillic or Greek letters transliterated, and the list of what
/// was transliterated; an error naming the first line with letters aloud cannot speak.
/// `source_name` names the input in the error.
pub fn transliterate(
    text: &str,
    source_name: &str,
) -> Result<(String, Vec<Transliteration>), ManuscriptError> {
    if text.is_ascii() {
        return Ok((text.to_string(), Vec::new()));
    }
    let mut out = String::with_capacity(text.len());
    let mut report = Vec::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if let Some(c) = line.chars().find(|&c| script(c) == Script::Unspeakable) {
            return Err(ManuscriptError::Unspeakable {
                source_name: source_name.to_string(),
                line: i + 1,
                letter: c,
                text: line.trim().chars().take(60).collect(),
            });
        }
        if !line.chars().any(|c| script(c) == Script::Transliterated) {
            out.push_str(line);
            continue;
        }
        // Word by word, so that what is reported reads as words.
        let mut rest = line;
        while let Some(start) = rest.find(|c: char| script(c) == Script::Transliterated) {
            // back to the start of the word, forward to its end
            let word_start = rest[..start]
                .rfind(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .map_or(0, |p| {
                    p + rest[p..].chars().next().map_or(1, char::len_utf8)
                });
            // A sign of those scripts that is not a letter (the Greek tonos `΄`) is a word of
            // its own: every step moves past at least one character.
            let first = rest[start..].chars().next().map_or(1, char::len_utf8);
            let word_end = rest[start..]
                .find(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .map_or(rest.len(), |p| start + p)
                .max(start + first);
            out.push_str(&rest[..word_start]);
            let word = &rest[word_start..word_end];
            let latin = deunicode::deunicode(word);
            report.push(Transliteration {
                line: i + 1,
                from: word.to_string(),
                to: latin.clone(),
            });
            out.push_str(&latin);
            rest = &rest[word_end..];
        }
        out.push_str(rest);
    }
    Ok((out, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_and_greek_words_become_latin_and_are_reported() {
        let (text, report) =
            transliterate("We met in Москва.\nThen Αθήνα, café and Núñez.\n", "t").unwrap();
        assert!(text.starts_with("We met in Moskva.\n"), "{text}");
        assert!(text.contains("caf\u{e9} and N\u{fa}\u{f1}ez"), "{text}");
        assert_eq!(report.len(), 2);
        assert_eq!((report[0].line, report[0].from.as_str()), (1, "Москва"));
        assert_eq!(report[1].line, 2);
        assert!(!report[1].to.is_empty() && report[1].to.is_ascii());
    }

    #[test]
    fn a_sign_of_those_scripts_that_is_no_letter_ends_too() {
        // Found by the `parse_never_panics` property: the Greek tonos between a `%` and a
        // quote made an empty word again and again until memory ran out.
        let (text, report) =
            transliterate("%c.=\"\u{1f3cd}%\u{384}'T\u{1d4ce}\"t:G\u{a5}", "t").unwrap();
        assert_eq!(report.len(), 1, "{report:?}");
        assert_eq!(report[0].from, "\u{384}");
        assert!(text.starts_with("%c.=\"\u{1f3cd}%"), "{text}");
        let (text, report) = transliterate("(\u{384}) \u{385}\u{384}\n", "t").unwrap();
        assert_eq!(report.len(), 3, "{report:?}");
        assert!(text.len() < 20 && text.ends_with('\n'), "{text:?}");
    }

    #[test]
    fn letters_of_other_scripts_are_an_error_naming_the_line() {
        for (text, line) in [
            ("Hello.\nمرحبا بالعالم\n", 2),
            ("你好\n", 1),
            ("One.\nTwo.\nשלום\n", 3),
        ] {
            match transliterate(text, "in.txt") {
                Err(ManuscriptError::Unspeakable { line: l, .. }) => assert_eq!(l, line, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn symbols_emoji_and_latin_pass_unchanged() {
        let text = "Prices rose 5 % → €3 ½ 😀 ﬁne Æsir ß ŀ ×÷ “quoted” — fine.\n";
        let (out, report) = transliterate(text, "t").unwrap();
        assert_eq!(out, text);
        assert!(report.is_empty());
    }
}
