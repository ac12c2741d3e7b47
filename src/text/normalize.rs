//! Token → spoken words: the dispatcher that tries each reading in turn.
//!
//! [`token`] reads a whole token; [`part`] reads a piece of one, and is where the
//! readings of numbers ([`super::numeric`]) and symbols ([`super::symbols`]) come back
//! for the pieces they do not read themselves (the grammar is recursive: "N95-style"
//! is "N95" and "style"). All of them share the context of [`super::context`].

use super::context::{is_apostrophe, Ctx, Out};
use super::tables::{self, AbbrevClass};
use super::tokens::{is_dotted_initials, is_initial};
use super::{acronyms, numbers, numeric, symbols};
use std::ops::Range;

/// Reads one token core starting at byte `start` of the paragraph.
pub(crate) fn token(core: &str, start: usize, ctx: &Ctx, out: &mut Out) {
    let span = start..start + core.len();
    if let Some(unit) = tables::unit(core).filter(|_| ctx.prev.is_some_and(numeric::is_amount)) {
        let one = ctx.prev.is_some_and(|p| matches!(p, "1" | "one" | "One"));
        out.expansion(if one { unit.singular } else { unit.plural }, &span);
        return;
    }
    if let Some(currency) = ctx.prev.and_then(numeric::currency_before_scale) {
        if numeric::is_scale_word(core) {
            out.word(core, span.clone());
            out.word(currency, span);
            return;
        }
    }
    if let Some((words, len)) = symbols::leading_sign(core) {
        out.expansion(words, &(start..start + len));
        token(&core[len..], start + len, ctx, out);
        return;
    }
    if roman(core, ctx, &span, out) {
        return;
    }
    if let Some(a) = tables::abbreviation(core) {
        let text = match a.class {
            AbbrevClass::Place
                if !ctx.next_is_capitalized()
                    || ctx.next.is_some_and(tables::is_sentence_starter) =>
            {
                a.otherwise.unwrap_or(a.expansion)
            }
            AbbrevClass::Number if !ctx.next.is_some_and(numeric::is_amount) => core,
            _ => a.expansion,
        };
        out.expansion(text, &span);
        return;
    }
    if symbols::read(core, start, ctx, out) || numeric::read(core, start, ctx, out) {
        return;
    }
    part(core, start, ctx, out);
}

/// Reads a part of a token (no URL or abbreviation handling).
pub(crate) fn part(text: &str, start: usize, ctx: &Ctx, out: &mut Out) {
    if text.is_empty() {
        return;
    }
    if let Some(words) = tables::numeronym(text) {
        out.expansion(words, &(start..start + text.len()));
        return;
    }
    if is_dotted_initials(text) || is_initial(text) || is_dotted_initials(&format!("{text}.")) {
        for (i, c) in text.char_indices().filter(|(_, c)| c.is_alphabetic()) {
            out.letter(c, "", start + i..start + i + c.len_utf8());
        }
        return;
    }
    if numeric::read(text, start, ctx, out) {
        return;
    }
    // Split at anything that is not a letter, digit, apostrophe or a sign numbers carry
    // ("$", "%", "°"); some joiners are said ("&" → "and").
    let mut piece_start = 0;
    let mut pieces = Vec::new();
    for (i, c) in text.char_indices() {
        if !(c.is_alphanumeric() || is_apostrophe(c) || numeric::is_number_sign(c)) {
            pieces.push((piece_start, i, Some(c)));
            piece_start = i + c.len_utf8();
        }
    }
    if pieces.is_empty() {
        alnum(text, start, ctx, out);
        return;
    }
    pieces.push((piece_start, text.len(), None));
    for (a, b, joiner) in pieces {
        if a < b {
            part(&text[a..b], start + a, ctx, out);
        }
        if let Some(j) = joiner.and_then(symbols::joiner_word) {
            let len = joiner.map_or(1, char::len_utf8);
            out.word(j, start + b..start + b + len);
        }
    }
}

/// Reads letters and digits mixed ("N95", "mp3"): letter runs and digit runs in turn.
fn alnum(text: &str, start: usize, ctx: &Ctx, out: &mut Out) {
    let has_digit = text.bytes().any(|b| b.is_ascii_digit());
    if !has_digit {
        acronyms::word(text, start, ctx, out, false);
        return;
    }
    let mut run_start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let boundary = match chars.peek() {
            Some(&(_, n)) => n.is_ascii_digit() != c.is_ascii_digit(),
            None => true,
        };
        if boundary {
            let end = i + c.len_utf8();
            let run = &text[run_start..end];
            if c.is_ascii_digit() {
                numeric::read(run, start + run_start, ctx, out);
            } else {
                acronyms::word(run, start + run_start, ctx, out, true);
            }
            run_start = end;
        }
    }
}

/// Roman numerals after a capitalized word: "World War II" → "two",
/// "Henry VIII" → "the eighth". Single letters ("I", "V", "X") are never numerals.
fn roman(core: &str, ctx: &Ctx, span: &Range<usize>, out: &mut Out) -> bool {
    const CARDINAL_AFTER: [&str; 14] = [
        "war", "part", "chapter", "phase", "title", "type", "class", "stage", "level", "act",
        "book", "volume", "episode", "apollo",
    ];
    let Some(prev) = ctx.prev.filter(|p| p.starts_with(char::is_uppercase)) else {
        return false;
    };
    let Some(value) = numbers::roman(core).filter(|&v| v >= 2 && core.len() >= 2) else {
        return false;
    };
    let mut words = Vec::new();
    if CARDINAL_AFTER.contains(&prev.to_lowercase().as_str()) {
        numbers::cardinal(value, &mut words);
    } else {
        words.push("the");
        numbers::ordinal(value, &mut words);
    }
    out.statics(&words, span);
    true
}
