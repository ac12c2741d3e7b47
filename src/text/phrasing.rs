//! Cutting a run of spoken words at natural points: clause punctuation first, then a
//! conjunction, then any word boundary, and inside a token (a long web address) only when
//! nothing else is left. Used to split over-long sentences into spoken units
//! ([`split_long`]) and, by the pipeline, sentences into caption cues.

use super::{Break, Sentence, SentenceEnd, Word};
use std::cmp::Reverse;
use std::ops::Range;

/// How good a place before a word is to cut a run of words, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cut {
    /// Between two words read from the same token ("two thousand | two", inside a URL).
    InsideToken,
    /// After a word that leans on the next one (an article, a preposition: "of the").
    Leaning,
    /// Between two words, nothing more.
    Word,
    /// Before a conjunction or a word that opens a clause ("and", "because", "which").
    Clause,
    /// After a comma.
    Minor,
    /// After `;`, `:`, a dash, a parenthesis or at a short line's end.
    Major,
}

/// Words that open a clause; a cut before one of them is heard as natural.
const CLAUSE_OPENERS: &[&str] = &[
    "and",
    "but",
    "or",
    "so",
    "because",
    "which",
    "who",
    "whom",
    "whose",
    "where",
    "when",
    "while",
    "although",
    "though",
    "since",
    "unless",
    "until",
    "if",
    "whereas",
    "then",
    "that",
    "however",
    "therefore",
    "after",
    "before",
    "as",
];

/// Words that lean on the word after them: a line or a unit should not end with one.
const LEANING: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "with", "by", "into", "about",
    "my", "your", "his", "her", "its", "our", "their", "this", "these", "those", "very", "not",
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can",
    "could", "should", "we", "i", "you", "he", "she", "they", "it", "we'll", "i'm",
];

/// A run of spoken words with the text their byte ranges point into.
#[derive(Debug, Clone, Copy)]
pub struct Words<'a> {
    /// The words.
    pub words: &'a [Word],
    /// Text holding the words' spans, from byte `base` of what they index.
    pub text: &'a str,
    /// Where `text` starts in what the words' spans index.
    pub base: usize,
}

impl Words<'_> {
    /// The quality of a cut before word `i` (`i` in `1..words.len()`).
    pub fn cut_before(&self, i: usize) -> Cut {
        let (prev, word) = (&self.words[i - 1], &self.words[i]);
        let gap = (
            prev.source.end.checked_sub(self.base),
            word.source.start.checked_sub(self.base),
        );
        let spaced = match gap {
            (Some(a), Some(b)) if a <= b => self
                .text
                .get(a..b)
                .is_some_and(|g| g.contains(char::is_whitespace)),
            _ => false,
        };
        if !spaced {
            return Cut::InsideToken;
        }
        match prev.break_after {
            Break::Major | Break::Sentence => Cut::Major,
            Break::Minor => Cut::Minor,
            Break::None if CLAUSE_OPENERS.contains(&word.text.as_str()) => Cut::Clause,
            Break::None if LEANING.contains(&prev.text.as_str()) => Cut::Leaning,
            Break::None => Cut::Word,
        }
    }

    /// Splits `words` into consecutive non-empty runs, each accepted by `fits` where possible.
    ///
    /// `fits` must be monotone (a run that fits still fits without its last word). Each run is
    /// cut at the best [`Cut`] in the last two thirds of the longest run that fits (the latest of
    /// equal ones, or of those the one nearest the middle when the rest fits in one more run); a run of one word is kept even if it does not fit. With `tokens_whole`, runs
    /// are never cut inside a token: a run then grows past what fits to the token's end.
    pub fn runs(
        &self,
        fits: impl Fn(Range<usize>) -> bool,
        tokens_whole: bool,
    ) -> Vec<Range<usize>> {
        let n = self.words.len();
        let mut out = Vec::new();
        let mut start = 0;
        while start < n {
            if fits(start..n) {
                out.push(start..n);
                break;
            }
            // The longest run from `start` that fits (at least one word); `end < n` here.
            let mut end = start + 1;
            while end < n && fits(start..end + 1) {
                end += 1;
            }
            let low = start + 1 + (end - start - 1) / 3;
            // When the rest fits in one more run, the two share it evenly (no stub at the end).
            let middle = (start + n) / 2;
            let best = (low..=end).map(|c| self.cut_before(c)).max();
            let mut cut = (low..=end)
                .filter(|&c| Some(self.cut_before(c)) == best && fits(c..n))
                .max_by_key(|&c| (Reverse(c.abs_diff(middle)), c))
                .or_else(|| (low..=end).max_by_key(|&c| (self.cut_before(c), c)))
                .unwrap_or(end);
            if tokens_whole && self.cut_before(cut) == Cut::InsideToken {
                cut = (start + 1..n)
                    .find(|&c| c > end && self.cut_before(c) > Cut::InsideToken)
                    .or_else(|| {
                        (start + 1..low)
                            .rev()
                            .find(|&c| self.cut_before(c) > Cut::InsideToken)
                    })
                    .unwrap_or(n);
            }
            out.push(start..cut);
            start = cut;
        }
        out
    }
}

/// A sentence with more spoken words than this is split into spoken units (about 36 s of
/// speech at the default rate): long written sentences with commas stay whole below it.
pub const MAX_SENTENCE_WORDS: usize = 100;

/// A sentence with a run of more words than this without any punctuation (a raw transcript,
/// a list of web addresses) is split into spoken units.
pub const MAX_PHRASE_WORDS: usize = 40;

/// Most words in one spoken unit cut from a long sentence (about 11 s of speech).
pub const UNIT_WORDS: usize = 30;

/// Splits an over-long sentence (more than [`MAX_SENTENCE_WORDS`] words, or a run of more
/// than [`MAX_PHRASE_WORDS`] without a break) into sentences of at most [`UNIT_WORDS`] words,
/// cut at the most natural points; other sentences come back unchanged.
///
/// `paragraph` is the text the sentence's byte ranges index. Each unit keeps the words'
/// spans; its `written` text runs from its first token to the next unit's first token (or to
/// the sentence end), or is its spoken words when it starts or ends inside a token. Only the
/// last unit keeps the sentence's end (question, exclamation).
pub fn split_long(sentence: Sentence, paragraph: &str) -> Vec<Sentence> {
    if !is_over_long(&sentence.words) {
        return vec![sentence];
    }
    let words = &sentence.words;
    let run = Words {
        words,
        text: paragraph,
        base: 0,
    };
    let cuts = run.runs(|r| r.len() <= UNIT_WORDS, false);
    let last = cuts.len() - 1;
    cuts.iter()
        .enumerate()
        .map(|(k, r)| {
            let whole_tokens = (r.start == 0 || run.cut_before(r.start) > Cut::InsideToken)
                && (r.end == words.len() || run.cut_before(r.end) > Cut::InsideToken);
            let from = if r.start == 0 {
                sentence.source.start
            } else {
                token_start(
                    paragraph,
                    sentence.source.start,
                    words[r.start].source.start,
                )
            };
            let to = if r.end == words.len() {
                sentence.source.end
            } else {
                token_start(paragraph, sentence.source.start, words[r.end].source.start)
            };
            let written = if whole_tokens {
                paragraph[from..to].trim_end().to_string()
            } else {
                spoken_text(&words[r.clone()])
            };
            let mut unit_words = words[r.clone()].to_vec();
            if let Some(w) = unit_words.last_mut() {
                w.break_after = Break::Sentence;
            }
            Sentence {
                source: from..to.max(from),
                written,
                words: unit_words,
                end: if k == last {
                    sentence.end
                } else {
                    SentenceEnd::Statement
                },
            }
        })
        .collect()
}

/// Whether a run of words is too long to be one spoken unit.
fn is_over_long(words: &[Word]) -> bool {
    if words.len() > MAX_SENTENCE_WORDS {
        return true;
    }
    let mut phrase = 0;
    for w in words {
        phrase += 1;
        if phrase > MAX_PHRASE_WORDS {
            return true;
        }
        if w.break_after != Break::None {
            phrase = 0;
        }
    }
    false
}

/// Where the written token holding byte `core` starts: back over leading punctuation to the
/// whitespace before it, but not before `floor`.
pub fn token_start(text: &str, floor: usize, core: usize) -> usize {
    text[floor..core]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(floor, |(i, c)| floor + i + c.len_utf8())
}

/// The spoken words joined by spaces.
pub fn spoken_text(words: &[Word]) -> String {
    words
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{analyze, NoKnownWords};

    #[test]
    fn short_sentences_are_left_alone() {
        let p = "I know that it would be a very important meeting, not just for us. Yes.";
        let s = analyze(p, &NoKnownWords);
        assert_eq!(s.len(), 2);
        assert_eq!(
            s[0].written,
            "I know that it would be a very important meeting, not just for us."
        );
    }

    #[test]
    fn a_long_run_without_punctuation_is_cut_before_conjunctions() {
        let clause = "we went down to the river early in the morning";
        let p = [clause; 12].join(" and ");
        let s = analyze(&p, &NoKnownWords);
        assert!(s.len() > 3, "{} sentences", s.len());
        for u in &s {
            assert!(u.words.len() <= UNIT_WORDS);
            assert_eq!(u.words.last().unwrap().break_after, Break::Sentence);
        }
        // Every unit after the first starts with the conjunction.
        assert!(
            s[1..].iter().all(|u| u.written.starts_with("and ")),
            "{s:#?}"
        );
        let rebuilt: Vec<&str> = s.iter().map(|u| u.written.as_str()).collect();
        assert_eq!(rebuilt.join(" "), p);
    }

    #[test]
    fn cuts_rank_punctuation_over_conjunctions_over_words() {
        assert!(Cut::Major > Cut::Minor);
        assert!(Cut::Minor > Cut::Clause);
        assert!(Cut::Clause > Cut::Word);
        assert!(Cut::Word > Cut::Leaning);
        assert!(Cut::Leaning > Cut::InsideToken);
    }

    #[test]
    fn token_start_keeps_leading_punctuation_with_its_word() {
        let t = "the States (OAS), which";
        assert_eq!(
            token_start(t, 0, t.find("OAS").unwrap()),
            t.find('(').unwrap()
        );
        assert_eq!(token_start(t, 0, 0), 0);
    }
}
