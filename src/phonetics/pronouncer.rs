//! Words to pronunciations: user lexicon → CMU lexicon → letter-to-sound, and letter names
//! for spelled letters.

use super::error::Result;
use super::homograph::Homographs;
use super::lexicon::Lexicon;
use super::lts::{letters::fold, Lts};
use super::phone::{Phone, Phoneme, Stress};
use super::user::UserLexicon;
use super::{PronSource, Pronunciation};
use crate::text::{Word, WordKind};

/// Finds the pronunciation of every word, with where it came from.
///
/// For an ordinary word, in order: the user lexicon; the technical names of
/// `lexicon/technical.txt` ("kubernetes", "nginx"); the CMU lexicon; the CMU lexicon with
/// accents folded (`café` → `cafe`); for a possessive `…'s`, the stem plus `s`/`z`/`ih z`;
/// for a hyphenated word, each part on its own; else the letters' names for a word without a
/// vowel letter (`sl`, `tcp`), or letter-to-sound (the letters' names again if it finds no
/// vowel). A spelled letter
/// ([`WordKind::Letter`]) is said by its name. In a sentence, [`Pronouncer::in_context`]
/// then gives the dictionary's homographs ("read", "record") the reading of their role.
#[derive(Debug, Clone)]
pub struct Pronouncer {
    user: UserLexicon,
    technical: UserLexicon,
    homographs: Homographs,
    lexicon: Lexicon,
    lts: Lts,
}

impl Pronouncer {
    /// Combines the sources (no technical names: see [`Pronouncer::with_technical`]).
    pub fn new(lexicon: Lexicon, lts: Lts, user: UserLexicon) -> Pronouncer {
        Pronouncer {
            user,
            technical: UserLexicon::new(),
            homographs: Homographs::default(),
            lexicon,
            lts,
        }
    }

    /// Adds the list of technical and product names, consulted after the user lexicon.
    pub fn with_technical(mut self, technical: UserLexicon) -> Pronouncer {
        self.technical = technical;
        self
    }

    /// Adds the homographs, read by their role in the sentence ([`Pronouncer::in_context`]).
    pub fn with_homographs(mut self, homographs: Homographs) -> Pronouncer {
        self.homographs = homographs;
        self
    }

    /// Loads the committed lexicon, technical names, homographs and letter-to-sound model
    /// from the data folder.
    pub fn load_default(user: UserLexicon) -> Result<Pronouncer> {
        Ok(
            Pronouncer::new(Lexicon::load_default()?, Lts::load_default()?, user)
                .with_technical(load_technical()?)
                .with_homographs(Homographs::load_default()?),
        )
    }

    /// The pronunciations `prons` of one sentence's `words` (one each, from
    /// [`Pronouncer::pronounce`]) with each homograph the dictionary pronounced given the
    /// reading of its role, told by the word before it (`lexicon/homographs.txt`).
    pub fn in_context(&self, words: &[Word], prons: &mut [Pronunciation]) {
        self.homographs.choose(words, prons);
    }

    /// The pronunciations of one sentence's `words`: each word's ([`Pronouncer::pronounce`])
    /// with its homographs read in context ([`Pronouncer::in_context`]).
    pub fn pronounce_sentence(&self, words: &[Word]) -> Vec<Pronunciation> {
        let mut prons: Vec<Pronunciation> = words.iter().map(|w| self.pronounce(w)).collect();
        self.in_context(words, &mut prons);
        prons
    }

    /// The CMU lexicon.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The user lexicon.
    pub fn user(&self) -> &UserLexicon {
        &self.user
    }

    /// The words aloud itself knows (the technical names and the CMU lexicon, not the user
    /// lexicon): these decide whether an all-capital token is a word ("ALBA", "JSON") or
    /// spelled ("OAS"), whatever lexicon the reader brings.
    pub fn reference_words(&self) -> ReferenceWords<'_> {
        ReferenceWords {
            technical: &self.technical,
            lexicon: &self.lexicon,
        }
    }

    /// The pronunciation of one spoken word.
    pub fn pronounce(&self, word: &Word) -> Pronunciation {
        self.pronounce_str(&word.text, word.kind)
    }

    /// The pronunciation of a word given as text (lower or mixed case).
    pub fn pronounce_str(&self, text: &str, kind: WordKind) -> Pronunciation {
        match kind {
            WordKind::Letter => spell(text),
            WordKind::Lexical => {
                let key = super::user::word_key(text);
                self.lexical(&key).unwrap_or_else(|| spell(&key))
            }
        }
    }

    fn dictionary(&self, key: &str) -> Option<Pronunciation> {
        if let Some(p) = self.user.lookup(key) {
            return Some(pron(p.to_vec(), PronSource::User));
        }
        if let Some(p) = self.technical.lookup(key) {
            return Some(pron(p.to_vec(), PronSource::Technical));
        }
        if let Some(p) = self.lexicon.lookup(key) {
            return Some(pron(p, PronSource::Lexicon));
        }
        let folded = fold(key);
        if folded != key {
            if let Some(p) = self.lexicon.lookup(&folded) {
                return Some(pron(p, PronSource::Lexicon));
            }
        }
        None
    }

    fn lexical(&self, key: &str) -> Option<Pronunciation> {
        let key = key.trim_matches(|c| c == '-' || c == '\'');
        if key.is_empty() {
            return None;
        }
        if let Some(p) = self.dictionary(key) {
            return Some(p);
        }
        if let Some(stem) = key.strip_suffix("'s") {
            if let Some(mut p) = self.dictionary(stem) {
                p.phonemes.extend(possessive(&p.phonemes));
                return Some(p);
            }
        }
        if key.contains('-') {
            let mut phonemes = Vec::new();
            let mut source = PronSource::User;
            for part in key.split('-').filter(|p| !p.is_empty()) {
                let p = self.lexical(part)?;
                source = weaker(source, p.source);
                phonemes.extend(p.phonemes);
            }
            return Some(pron(phonemes, source));
        }
        // No vowel letter (`sl`, `tcp`), or no vowel in what letter-to-sound makes of it:
        // an abbreviation, read letter by letter.
        let vowel_letter = |c: char| {
            matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
                || (!c.is_ascii() && c.is_alphabetic())
        };
        if !key.chars().any(vowel_letter) {
            return Some(spell(key));
        }
        let phonemes = self.lts.pronounce(key);
        if !phonemes.iter().any(|p| p.phone.is_vowel()) {
            return Some(spell(key));
        }
        Some(pron(phonemes, PronSource::Lts))
    }
}

impl crate::text::KnownWords for Pronouncer {
    /// True when the user lexicon, the technical names or the CMU dictionary has the word.
    fn is_word(&self, lowercase: &str) -> bool {
        self.user.lookup(lowercase).is_some()
            || self.technical.lookup(lowercase).is_some()
            || self.lexicon.contains(lowercase)
    }
}

/// The words of aloud's own lexicons: see [`Pronouncer::reference_words`].
#[derive(Debug, Clone, Copy)]
pub struct ReferenceWords<'a> {
    technical: &'a UserLexicon,
    lexicon: &'a Lexicon,
}

impl crate::text::KnownWords for ReferenceWords<'_> {
    fn is_word(&self, lowercase: &str) -> bool {
        self.technical.lookup(lowercase).is_some() || self.lexicon.contains(lowercase)
    }
}

/// Reads `lexicon/technical.txt` of the data folder (the user-lexicon format).
pub fn load_technical() -> Result<UserLexicon> {
    let (path, text) = crate::data::read_lexicon_text(crate::data::TECHNICAL_FILE)?;
    UserLexicon::parse(&text, &path)
}

fn pron(phonemes: Vec<Phoneme>, source: PronSource) -> Pronunciation {
    Pronunciation { phonemes, source }
}

/// The less certain of two sources (for words made of parts).
fn weaker(a: PronSource, b: PronSource) -> PronSource {
    let rank = |s| match s {
        PronSource::User | PronSource::Technical => 0,
        PronSource::Lexicon => 1,
        PronSource::Spelled => 2,
        PronSource::Lts => 3,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

/// The ending of a possessive after a word ending in these phones.
fn possessive(stem: &[Phoneme]) -> Vec<Phoneme> {
    use Phone::*;
    let un = |p| Phoneme::new(p, Stress::Unstressed);
    match stem.last().map(|p| p.phone) {
        Some(S | Z | Sh | Zh | Ch | Jh) => vec![un(Ih), un(Z)],
        Some(P | T | K | F | Th) => vec![un(S)],
        _ => vec![un(Z)],
    }
}

/// The name of a letter (`a` → `ey1`, `w` → `d ah1 b ax l y uw0`), accents folded.
pub fn letter_name(letter: char) -> Vec<Phoneme> {
    use Phone::*;
    let p = |phone, stress| Phoneme::new(phone, stress);
    let (u, s) = (Stress::Unstressed, Stress::Primary);
    let folded = fold(&letter.to_string());
    match folded.chars().next().unwrap_or(letter) {
        'a' => vec![p(Ey, s)],
        'b' => vec![p(B, u), p(Iy, s)],
        'c' => vec![p(S, u), p(Iy, s)],
        'd' => vec![p(D, u), p(Iy, s)],
        'e' => vec![p(Iy, s)],
        'f' => vec![p(Eh, s), p(F, u)],
        'g' => vec![p(Jh, u), p(Iy, s)],
        'h' => vec![p(Ey, s), p(Ch, u)],
        'i' => vec![p(Ay, s)],
        'j' => vec![p(Jh, u), p(Ey, s)],
        'k' => vec![p(K, u), p(Ey, s)],
        'l' => vec![p(Eh, s), p(L, u)],
        'm' => vec![p(Eh, s), p(M, u)],
        'n' => vec![p(Eh, s), p(N, u)],
        'o' => vec![p(Ow, s)],
        'p' => vec![p(P, u), p(Iy, s)],
        'q' => vec![p(K, u), p(Y, u), p(Uw, s)],
        'r' => vec![p(Aa, s), p(R, u)],
        's' => vec![p(Eh, s), p(S, u)],
        't' => vec![p(T, u), p(Iy, s)],
        'u' => vec![p(Y, u), p(Uw, s)],
        'v' => vec![p(V, u), p(Iy, s)],
        'w' => vec![
            p(D, u),
            p(Ah, s),
            p(B, u),
            p(Ax, u),
            p(L, u),
            p(Y, u),
            p(Uw, u),
        ],
        'x' => vec![p(Eh, s), p(K, u), p(S, u)],
        'y' => vec![p(W, u), p(Ay, s)],
        'z' => vec![p(Z, u), p(Iy, s)],
        _ => Vec::new(),
    }
}

/// Spells a word letter by letter (digits and symbols are skipped).
pub fn spell(text: &str) -> Pronunciation {
    let phonemes = text
        .chars()
        .flat_map(char::to_lowercase)
        .flat_map(letter_name)
        .collect();
    pron(phonemes, PronSource::Spelled)
}

/// A stand-in for the text stage: splits text on anything that is not a letter, an
/// apostrophe or a hyphen, lower-cases, and reads each digit by its name. Every word is
/// [`WordKind::Lexical`] with no break after it. Use [`crate::text::analyze`] for real
/// text; this is only for quick checks of raw word lists.
pub fn plain_words(text: &str) -> Vec<Word> {
    const DIGITS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let push = |words: &mut Vec<Word>, s: usize, e: usize| {
        let t = text[s..e].trim_matches(|c: char| matches!(c, '\'' | '’' | '‘' | '-'));
        if t.chars().any(char::is_alphabetic) {
            words.push(Word {
                text: super::user::word_key(t),
                source: s..e,
                kind: WordKind::Lexical,
                break_after: crate::text::Break::None,
            });
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_alphabetic() || matches!(c, '\'' | '’' | '-') {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            push(&mut words, s, i);
        }
        if let Some(d) = c.to_digit(10) {
            words.push(Word {
                text: DIGITS[d as usize].to_string(),
                source: i..i + 1,
                kind: WordKind::Lexical,
                break_after: crate::text::Break::None,
            });
        }
    }
    if let Some(s) = start {
        push(&mut words, s, text.len());
    }
    words
}
