//! Text analysis: sentence splitting and normalization of a paragraph into
//! spoken words (numbers, abbreviations, acronyms, symbols → words).
//!
//! Input: one paragraph of turn text (`&str`). Output: [`Sentence`]s whose
//! [`Word`]s link back to byte spans of that paragraph. The entry point is [`analyze`].
//!
//! Readings chosen (see `tests/golden/normalize.txt` for the full set):
//! - years: 1961 → "nineteen sixty one", 1900 → "nineteen hundred", 2002 → "two thousand
//!   two", 2010 and later → "twenty ten" (pair reading); a 4-digit number 1000–2099 without a
//!   comma is a year unless a unit follows;
//! - acronyms: listed readings (`lexicon/acronyms.txt`) first; then tokens without a vowel or of
//!   at most three letters are spelled ("OAS", "FDA"); longer ones are words when the lexicon
//!   knows them or they look pronounceable ("ALBA", "NASA", "COVID"), else spelled ("ASCS");
//!   in an all-capital paragraph, tokens the lexicon knows are words;
//! - "g" after a number is the letter G (g-force: "1.2g" → "one point two G"), grams are "gr";
//! - abbreviations come from `lexicon/abbreviations.txt`; "St." / "Dr." before a capitalized
//!   word are "saint" / "doctor", otherwise "street" / "drive";
//! - URLs drop the scheme and say "dot" and "slash"; e-mail addresses say "at"; paths with two
//!   slashes or a backslash are read as paths;
//! - numeronyms come from `lexicon/numeronyms.txt` ("k8s" → "kubernetes"); a sign before a
//!   number or word is said ("≅2.2" → "approximately two point two", "<10" → "less than ten");
//! - versions read their groups as numbers ("v1.32" → "version one point thirty two",
//!   "2.2.10" → "two point two point ten"), IP addresses say "dot";
//! - camel-case identifiers are split ("XMLHttpRequest" → "X M L http request"), snake case at
//!   its underscores;
//! - emoji and unknown symbols are dropped; accents are kept in [`Word::text`].

mod acronyms;
mod context;
mod joined;
mod normalize;
mod numbers;
mod numeric;
pub mod phrasing;
mod sentences;
mod symbols;
mod tables;
mod tokens;

pub use tables::load as load_word_lists;

use serde::Serialize;
use std::collections::HashSet;
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
    /// (`"nineteenth"`, `"d'etat"`, `"alba"`); never empty, never a hyphen or digit.
    /// For a spelled letter ([`WordKind::Letter`]), the letter (`"o"`), or the letter with
    /// `'s` for a plural or possessive ("CEOs", "OAS's" → `"o's"`, `"s's"`).
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
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

/// Tells the normalizer which lower-case words the lexicon knows, so that an all-capital
/// token can be read as a word ("ALBA" → "alba") rather than spelled.
pub trait KnownWords {
    /// Whether `lowercase` is a word of the lexicon.
    fn is_word(&self, lowercase: &str) -> bool;
}

impl KnownWords for HashSet<String> {
    fn is_word(&self, lowercase: &str) -> bool {
        self.contains(lowercase)
    }
}

impl KnownWords for HashSet<&str> {
    fn is_word(&self, lowercase: &str) -> bool {
        self.contains(lowercase)
    }
}

/// A lexicon that knows no words: all-capital tokens are decided by the rules alone.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoKnownWords;

impl KnownWords for NoKnownWords {
    fn is_word(&self, _lowercase: &str) -> bool {
        false
    }
}

/// Splits a paragraph into sentences of spoken words.
///
/// Every [`Word`] has non-empty `text` and a `source` byte range of `paragraph` on char
/// boundaries; sentences without any spoken word (only emoji or punctuation) are dropped.
/// The last word of each sentence has [`Break::Sentence`]. Over-long sentences (a raw
/// transcript without punctuation, a list of web addresses) come out as several sentences of
/// at most [`phrasing::UNIT_WORDS`] words, cut at natural points ([`phrasing::split_long`]).
pub fn analyze(paragraph: &str, words: &dyn KnownWords) -> Vec<Sentence> {
    let tokens = tokens::tokenize(paragraph);
    let shouting = is_shouting(paragraph, &tokens);
    let core_idx: Vec<usize> = (0..tokens.len())
        .filter(|&i| !tokens[i].is_punct())
        .collect();
    let mut neighbours = vec![(None, None); tokens.len()];
    for (k, &i) in core_idx.iter().enumerate() {
        let prev = k
            .checked_sub(1)
            .map(|j| tokens[core_idx[j]].text(paragraph));
        let next = core_idx.get(k + 1).map(|&j| tokens[j].text(paragraph));
        neighbours[i] = (prev, next);
    }
    let mut out = Vec::new();
    for s in sentences::split(paragraph, &tokens) {
        let mut spoken = Vec::new();
        for i in s.tokens.clone() {
            let t = &tokens[i];
            if t.is_punct() {
                continue;
            }
            let (prev, next) = neighbours[i];
            let mut ctx = context::Ctx {
                prev,
                next,
                known: words,
                shouting,
                caps_run: false,
            };
            ctx.caps_run = [prev, next]
                .into_iter()
                .flatten()
                .any(|n| acronyms::is_caps_word(n, &ctx));
            let before = spoken.len();
            normalize::token(
                t.text(paragraph),
                t.core.start,
                &ctx,
                &mut context::Out { words: &mut spoken },
            );
            if spoken.len() > before {
                if let Some(last) = spoken.last_mut() {
                    last.break_after = sentences::break_after(paragraph, &tokens, i);
                }
            }
        }
        let Some(last) = spoken.last_mut() else {
            continue;
        };
        last.break_after = Break::Sentence;
        let first = &tokens[s.tokens.start];
        let source = first.span.start..tokens[s.tokens.end - 1].span.end;
        let sentence = Sentence {
            written: paragraph[source.clone()].to_string(),
            source,
            words: spoken,
            end: s.end,
        };
        out.extend(phrasing::split_long(sentence, paragraph));
    }
    out
}

/// Whether the paragraph is written in capitals (at least two words of two or more letters,
/// four in five of them in capitals).
fn is_shouting(p: &str, tokens: &[tokens::Token]) -> bool {
    let (mut caps, mut total) = (0, 0);
    for t in tokens {
        let text = t.text(p);
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2 {
            continue;
        }
        total += 1;
        if !text.chars().any(char::is_lowercase) {
            caps += 1;
        }
    }
    total >= 2 && caps * 5 >= total * 4
}
