//! Sentence splitting over tokens, and the prosodic break after each token.

use super::tables::{self, AbbrevClass};
use super::tokens::{is_dotted_initials, is_initial, Token};
use super::{Break, SentenceEnd};
use std::ops::Range;

/// A sentence as a range of token indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SentenceSpan {
    /// Token indices (punctuation-only tokens included).
    pub tokens: Range<usize>,
    /// How it ends.
    pub end: SentenceEnd,
}

/// The punctuation after token `i`: its own trailing punctuation, then any
/// punctuation-only tokens up to the next token with a core.
fn trailing(p: &str, tokens: &[Token], i: usize) -> (String, Option<usize>) {
    let mut s = String::from(tokens[i].post(p));
    let mut j = i + 1;
    while let Some(t) = tokens.get(j) {
        if !t.is_punct() {
            return (s, Some(j));
        }
        s.push_str(&p[t.span.clone()]);
        j += 1;
    }
    (s, None)
}

/// Splits a tokenized paragraph into sentences.
pub(crate) fn split(p: &str, tokens: &[Token]) -> Vec<SentenceSpan> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..tokens.len() {
        if tokens[i].is_punct() {
            continue;
        }
        let (trail, next) = trailing(p, tokens, i);
        let Some(next) = next else {
            break;
        };
        if ends_sentence(p, &tokens[i], &trail, &tokens[next]) {
            out.push(SentenceSpan {
                tokens: start..next,
                end: end_of(&trail),
            });
            start = next;
        }
    }
    if start < tokens.len() {
        let last_core = (start..tokens.len()).rev().find(|&i| !tokens[i].is_punct());
        let end = last_core.map_or(SentenceEnd::Statement, |i| {
            end_of(&trailing(p, tokens, i).0)
        });
        out.push(SentenceSpan {
            tokens: start..tokens.len(),
            end,
        });
    }
    out
}

fn end_of(trail: &str) -> SentenceEnd {
    if trail.contains('?') {
        SentenceEnd::Question
    } else if trail.contains('!') {
        SentenceEnd::Exclamation
    } else {
        SentenceEnd::Statement
    }
}

/// Whether a sentence ends after `token`, given its trailing punctuation and the next token.
fn ends_sentence(p: &str, token: &Token, trail: &str, next: &Token) -> bool {
    let next_text = next.text(p);
    let next_pre = next.pre(p);
    let next_upper = next_text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        || next_pre.starts_with(['(', '[']);
    let strong = trail.contains(['?', '!']) || trail.contains('.') || trail.contains('…');
    if strong {
        return next_upper;
    }
    let core = token.text(p);
    if !core.ends_with('.') {
        return false;
    }
    // The period belongs to an abbreviation or initials.
    match tables::abbreviation(core).map(|a| a.class) {
        Some(AbbrevClass::Final) => next_upper,
        Some(AbbrevClass::Month) => next_text.starts_with(char::is_uppercase),
        Some(AbbrevClass::Place) => next_upper && tables::is_sentence_starter(next_text),
        Some(_) => false,
        None if is_dotted_initials(core) || is_initial(core) => {
            tables::is_sentence_starter(next_text)
        }
        None => next_upper,
    }
}

/// Whether a line break follows token `i` and ends a short line (a heading, a dateline such
/// as "April 24, 2020" above "5:39 P.M. EDT"); hard-wrapped prose lines are longer.
fn header_line_end(p: &str, tokens: &[Token], i: usize, next: Option<usize>) -> bool {
    const SHORT_LINE: usize = 50;
    let Some(next) = next else { return false };
    let gap = &p[tokens[i].span.end..tokens[next].span.start];
    if !gap.contains('\n') {
        return false;
    }
    let line_start = p[..tokens[i].span.end].rfind('\n').map_or(0, |k| k + 1);
    p[line_start..tokens[i].span.end].chars().count() < SHORT_LINE
}

/// The break after token `i` (the sentence end is set by the caller).
pub(crate) fn break_after(p: &str, tokens: &[Token], i: usize) -> Break {
    let (trail, next) = trailing(p, tokens, i);
    let next_pre = next.map_or("", |j| tokens[j].pre(p));
    let major = |s: &str| {
        s.contains([
            ';', ':', '—', '–', '―', '-', '(', ')', '[', ']', '…', '.', '?', '!',
        ])
    };
    if major(&trail)
        || next_pre.contains(['(', '[', '—', '–', '―'])
        || header_line_end(p, tokens, i, next)
    {
        Break::Major
    } else if trail.contains(',') {
        Break::Minor
    } else {
        Break::None
    }
}
