//! The context the normalizer's readings share: what is known around a token
//! ([`Ctx`], read-only) and where its words go ([`Out`]). The readings
//! ([`super::normalize`], [`super::numeric`], [`super::symbols`], [`super::acronyms`],
//! [`super::joined`]) take both and pass them on when they hand a piece of a token to
//! another reading.

use super::{Break, KnownWords, Word, WordKind};
use std::ops::Range;

/// What the normalizer knows around a token.
pub(crate) struct Ctx<'a> {
    /// Core text of the previous token of the paragraph.
    pub prev: Option<&'a str>,
    /// Core text of the next token of the paragraph.
    pub next: Option<&'a str>,
    /// The lexicon's word list.
    pub known: &'a dyn KnownWords,
    /// The paragraph is written in capitals (a headline, a shouted line): all-capital
    /// tokens that are words are read as words.
    pub shouting: bool,
    /// A neighbouring token is an all-capital word of four letters or more that the lexicon
    /// knows ("THE PRESIDENT"), so a known short all-capital token is a word too.
    pub caps_run: bool,
}

impl Ctx<'_> {
    /// Whether the next token starts with a capital letter (a name follows).
    pub fn next_is_capitalized(&self) -> bool {
        self.next.is_some_and(|n| n.starts_with(char::is_uppercase))
    }
}

/// Collects the words of a token.
pub(crate) struct Out<'w> {
    /// Words so far.
    pub words: &'w mut Vec<Word>,
}

impl Out<'_> {
    /// Pushes an ordinary word, cleaned to lower-case letters and internal apostrophes.
    pub fn word(&mut self, text: &str, span: Range<usize>) {
        let clean = clean_word(text);
        if !clean.is_empty() {
            self.push(clean, span, WordKind::Lexical);
        }
    }

    /// Pushes a spelled letter (`suffix` is "" or "'s" for a plural/possessive: "o's").
    pub fn letter(&mut self, c: char, suffix: &str, span: Range<usize>) {
        if !c.is_alphabetic() {
            return;
        }
        let mut text: String = c.to_lowercase().filter(|l| l.is_alphabetic()).collect();
        if text.is_empty() {
            return;
        }
        text.push_str(suffix);
        self.push(text, span, WordKind::Letter);
    }

    /// Pushes words like "twenty thousand".
    pub fn statics(&mut self, words: &[&str], span: &Range<usize>) {
        for w in words {
            self.push((*w).to_string(), span.clone(), WordKind::Lexical);
        }
    }

    /// Pushes an expansion from a data file: a lone capital letter is spelled.
    pub fn expansion(&mut self, text: &str, span: &Range<usize>) {
        for w in text.split_whitespace() {
            let mut chars = w.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_uppercase() => self.letter(c, "", span.clone()),
                _ => self.word(w, span.clone()),
            }
        }
    }

    fn push(&mut self, text: String, source: Range<usize>, kind: WordKind) {
        self.words.push(Word {
            text,
            source,
            kind,
            break_after: Break::None,
        });
    }
}

/// Whether `c` is an apostrophe (straight or typographic).
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '′')
}

/// Lower-case letters and internal apostrophes only ("I’m" → "i'm").
pub(crate) fn clean_word(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_apostrophe = false;
    for c in text.chars() {
        if c.is_alphabetic() {
            if pending_apostrophe && !out.is_empty() {
                out.push('\'');
            }
            pending_apostrophe = false;
            out.extend(c.to_lowercase().filter(|l| l.is_alphabetic()));
        } else if is_apostrophe(c) {
            pending_apostrophe = true;
        }
    }
    out
}
