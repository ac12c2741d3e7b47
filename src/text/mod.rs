//! Text analysis: sentence splitting and normalization of a paragraph into
//! spoken words (numbers, abbreviations, acronyms, symbols → words).
//!
//! Input: one paragraph of turn text (`&str`). Output: [`Sentence`]s whose
//! [`Word`]s link back to byte spans of that paragraph.

use serde::Serialize;
use std::ops::Range;

/// A sentence of spoken words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sentence {
    /// Byte range of the sentence in the paragraph it came from.
    pub source: Range<usize>,
    /// The sentence text as written (for transcripts and captions).
    pub written: String,
    /// The spoken words, in order.
    pub words: Vec<Word>,
    /// How the sentence ends (drives the final intonation).
    pub end: SentenceEnd,
}

/// How a sentence ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SentenceEnd {
    /// `.` or no punctuation: final fall.
    Statement,
    /// `?`: a question (yes/no questions rise, wh-questions fall).
    Question,
    /// `!`.
    Exclamation,
}

/// One spoken word after normalization.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Word {
    /// Lower-case spoken form: letters, apostrophes, accented letters kept
    /// (`"nineteenth"`, `"d'etat"`, `"alba"`); for a spelled letter, the letter.
    pub text: String,
    /// Byte range in the paragraph of the token this word was made from
    /// (several words may share a span: "2002" → "two thousand two").
    pub source: Range<usize>,
    /// How the word is to be pronounced.
    pub kind: WordKind,
    /// The prosodic break after this word.
    pub break_after: Break,
}

/// What kind of spoken word this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WordKind {
    /// An ordinary word: look it up.
    Lexical,
    /// A letter spelled out ("O" of "OAS"): say the letter's name.
    Letter,
}

/// Strength of the prosodic break after a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Break {
    /// No break inside a phrase.
    None,
    /// A minor phrase break (comma): short pause, continuation rise.
    Minor,
    /// A major phrase break (`;`, `:`, dash, parenthesis): longer pause.
    Major,
    /// End of the sentence.
    Sentence,
}
