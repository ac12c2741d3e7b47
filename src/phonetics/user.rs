//! The user lexicon: pronunciations the reader supplies for names and unusual words.
//!
//! A plain text file, one entry per line, `#` starts a comment:
//!
//! ```text
//! # ARPAbet with stress digits (AH0 is read as the reduced vowel ax):
//! LLORENTI  Y AO0 R EH1 N T IY0
//! # or a respelling: syllables separated by spaces or hyphens, CAPITALS = stressed:
//! Kawsachun = kow sah CHOON
//! ```
//!
//! Words are matched case-insensitively. Respellings are read by fixed rules (see
//! [`respell`]), not by the lexicon, so they always mean the same thing.

use super::error::{LineFault, PhoneticsError, Result};
use super::phone::{Phone, Phoneme, Stress};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Pronunciations supplied by the user; consulted before the CMU lexicon.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserLexicon {
    entries: HashMap<String, Vec<Phoneme>>,
    path: Option<PathBuf>,
}

/// The lookup key of a word: lower case, typographic apostrophes made plain.
pub fn word_key(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            if matches!(c, '’' | '‘' | 'ʼ') {
                '\''
            } else {
                c
            }
        })
        .collect()
}

fn is_word(word: &str) -> bool {
    word.chars().any(char::is_alphabetic)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
}

impl UserLexicon {
    /// An empty user lexicon.
    pub fn new() -> UserLexicon {
        UserLexicon::default()
    }

    /// Reads a user lexicon file (at most [`crate::hygiene::MAX_SIDE_FILE_BYTES`]; a UTF-8 BOM
    /// is dropped and the text cleaned like the input, see [`crate::hygiene::clean_text`]).
    pub fn load(path: &Path) -> Result<UserLexicon> {
        let text =
            crate::hygiene::read_side_file(path).map_err(|source| PhoneticsError::UserLexicon {
                path: path.to_path_buf(),
                source,
            })?;
        UserLexicon::parse(&text, path)
    }

    /// Parses the text of a user lexicon; `path` names it in error messages. The first
    /// invalid line is an error giving its number and why it is wrong. A word given twice
    /// keeps its last pronunciation.
    pub fn parse(text: &str, path: &Path) -> Result<UserLexicon> {
        let mut lex = UserLexicon {
            entries: HashMap::new(),
            path: Some(path.to_path_buf()),
        };
        for (number, line) in super::content_lines(text) {
            let (word, phonemes) = parse_line(line).map_err(|fault| PhoneticsError::Line {
                path: path.to_path_buf(),
                line: number,
                fault,
            })?;
            lex.entries.insert(word_key(&word), phonemes);
        }
        Ok(lex)
    }

    /// Adds or replaces one entry.
    pub fn insert(&mut self, word: &str, phonemes: Vec<Phoneme>) {
        self.entries.insert(word_key(word), phonemes);
    }

    /// The pronunciation of a word, if the user gave one.
    pub fn lookup(&self, word: &str) -> Option<&[Phoneme]> {
        self.entries.get(&word_key(word)).map(Vec::as_slice)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The file it was read from, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

fn parse_line(line: &str) -> std::result::Result<(String, Vec<Phoneme>), LineFault> {
    if let Some((word, spelling)) = line.split_once('=') {
        let word = word.trim();
        if word.is_empty() {
            return Err(LineFault::MissingWord);
        }
        if !is_word(word) {
            return Err(LineFault::BadWord(word.to_string()));
        }
        if spelling.trim().is_empty() {
            return Err(LineFault::MissingPronunciation(word.to_string()));
        }
        return Ok((word.to_string(), respell(spelling)?));
    }
    let mut tokens = line.split_whitespace();
    let word = tokens.next().ok_or(LineFault::MissingWord)?;
    if !is_word(word) {
        return Err(LineFault::BadWord(word.to_string()));
    }
    let phonemes = tokens
        .map(|t| match Phoneme::from_cmu(t) {
            Ok(p) => Ok(p),
            Err(_) if t.eq_ignore_ascii_case("pau") => Err(LineFault::PauseInWord),
            Err(_) => Err(LineFault::UnknownPhone(t.to_string())),
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    if phonemes.is_empty() {
        return Err(LineFault::MissingPronunciation(word.to_string()));
    }
    Ok((word.to_string(), phonemes))
}

use Phone::*;

/// Respelling rules, longest first: letters → phones. Vowel spellings follow the common
/// newspaper respelling keys (`ay` as in *say*, `ee` *see*, `eye` *eye*, `oh` *go*,
/// `oo` *too*, `uu` *book*, `ow` *now*, `oy` *boy*, `aw` *law*, `ah` *father*, `uh` *cup*,
/// `ur`/`er` *fur*, `a` *cat*, `e`/`eh` *bed*, `i`/`ih` *sit*, `o` *lot*, `u` *cup*).
const RULES: &[(&str, &[Phone])] = &[
    ("eye", &[Ay]),
    ("igh", &[Ay]),
    ("air", &[Eh, R]),
    ("ear", &[Ih, R]),
    ("eer", &[Ih, R]),
    ("ay", &[Ey]),
    ("ey", &[Ey]),
    ("ee", &[Iy]),
    ("oh", &[Ow]),
    ("oa", &[Ow]),
    ("oo", &[Uw]),
    ("uu", &[Uh]),
    ("ow", &[Aw]),
    ("oy", &[Oy]),
    ("aw", &[Ao]),
    ("ah", &[Aa]),
    ("uh", &[Ah]),
    ("ih", &[Ih]),
    ("eh", &[Eh]),
    ("ur", &[Er]),
    ("er", &[Er]),
    ("ir", &[Er]),
    ("ar", &[Aa, R]),
    ("or", &[Ao, R]),
    ("ch", &[Ch]),
    ("sh", &[Sh]),
    ("th", &[Th]),
    ("dh", &[Dh]),
    ("zh", &[Zh]),
    ("ng", &[Ng]),
    ("nk", &[Ng, K]),
    ("wh", &[W]),
    ("ck", &[K]),
    ("ph", &[F]),
    ("kh", &[K]),
    ("a", &[Ae]),
    ("e", &[Eh]),
    ("i", &[Ih]),
    ("o", &[Aa]),
    ("u", &[Ah]),
    ("b", &[B]),
    ("c", &[K]),
    ("d", &[D]),
    ("f", &[F]),
    ("g", &[G]),
    ("h", &[Hh]),
    ("j", &[Jh]),
    ("k", &[K]),
    ("l", &[L]),
    ("m", &[M]),
    ("n", &[N]),
    ("p", &[P]),
    ("q", &[K]),
    ("r", &[R]),
    ("s", &[S]),
    ("t", &[T]),
    ("v", &[V]),
    ("w", &[W]),
    ("x", &[K, S]),
    ("z", &[Z]),
];

/// Reads a respelling (`yor EN tee`) as phones. Syllables are separated by spaces or
/// hyphens; a syllable written in capitals is stressed (its vowels get primary stress),
/// other vowels are unstressed, and an unstressed `uh`/`u` is the reduced vowel `ax`.
/// `y` is the consonant before a vowel and the vowel of *my* otherwise; doubled consonant
/// letters are read once.
pub fn respell(spelling: &str) -> std::result::Result<Vec<Phoneme>, LineFault> {
    let mut out = Vec::new();
    for syllable in spelling.split(|c: char| c.is_whitespace() || c == '-') {
        if syllable.is_empty() {
            continue;
        }
        let stressed = syllable.chars().all(|c| !c.is_lowercase());
        let lower = syllable.to_lowercase();
        let bad = || LineFault::BadRespelling(syllable.to_string());
        if !lower.chars().all(|c| c.is_ascii_lowercase()) {
            return Err(bad());
        }
        let b = lower.as_bytes();
        let mut i = 0;
        let mut phones: Vec<Phone> = Vec::new();
        while i < b.len() {
            if b[i] == b'y' {
                let vowel_next = b.get(i + 1).is_some_and(|c| b"aeiou".contains(c));
                phones.push(if vowel_next { Y } else { Ay });
                i += 1;
                continue;
            }
            let (spelled, ph) = RULES
                .iter()
                .find(|(s, _)| lower[i..].starts_with(s))
                .ok_or_else(bad)?;
            let doubled = spelled.len() == 1
                && ph.len() == 1
                && !ph[0].is_vowel()
                && phones.last() == Some(&ph[0]);
            if !doubled {
                phones.extend_from_slice(ph);
            }
            i += spelled.len();
        }
        if !phones.iter().any(|p| p.is_vowel()) {
            return Err(bad());
        }
        for p in phones {
            out.push(match (p.is_vowel(), stressed) {
                (true, true) => Phoneme::new(p, Stress::Primary),
                (true, false) if p == Ah => Phoneme::new(Ax, Stress::Unstressed),
                _ => Phoneme::new(p, Stress::Unstressed),
            });
        }
    }
    if out.is_empty() {
        return Err(LineFault::MissingPronunciation(spelling.trim().to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::phonetics::phone::arpabet as show;

    #[test]
    fn respellings_follow_the_rules() {
        assert_eq!(show(&respell("yor EN tee").unwrap()), "Y AO0 R EH1 N T IY0");
        assert_eq!(
            show(&respell("kow sah CHOON").unwrap()),
            "K AW0 S AA0 CH UW1 N"
        );
        assert_eq!(
            show(&respell("al-MAH-groh").unwrap()),
            "AE0 L M AA1 G R OW0"
        );
        assert_eq!(show(&respell("suh MY").unwrap()), "S AX0 M AY1");
        assert_eq!(
            show(&respell("boh lih VAIR ee uhn").unwrap()),
            "B OW0 L IH0 V EH1 R IY0 AX0 N"
        );
        assert!(respell("x9").is_err());
        assert!(respell("str").is_err());
    }
}
