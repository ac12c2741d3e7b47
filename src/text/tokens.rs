//! Tokenizer: whitespace-separated chunks, cut at dashes and ellipses, each split into
//! leading punctuation, a core, and trailing punctuation (all byte ranges into the paragraph).

use super::tables::{self, AbbrevClass};
use std::ops::Range;

/// One token of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// The whole token, punctuation included.
    pub span: Range<usize>,
    /// The part that is read (may be empty for a punctuation-only token like "—").
    pub core: Range<usize>,
}

impl Token {
    /// Leading punctuation.
    pub fn pre<'a>(&self, p: &'a str) -> &'a str {
        &p[self.span.start..self.core.start]
    }
    /// Trailing punctuation.
    pub fn post<'a>(&self, p: &'a str) -> &'a str {
        &p[self.core.end..self.span.end]
    }
    /// The core text.
    pub fn text<'a>(&self, p: &'a str) -> &'a str {
        &p[self.core.clone()]
    }
    /// Whether the token has nothing to read.
    pub fn is_punct(&self) -> bool {
        self.core.is_empty()
    }
}

/// Characters stripped from the start of a chunk.
fn is_leading_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '”'
            | '„'
            | '«'
            | '»'
            | '‘'
            | '’'
            | '\''
            | '`'
            | '('
            | '['
            | '{'
            | '¿'
            | '¡'
            | '—'
            | '–'
            | '―'
            | '-'
            | '…'
            | '*'
            | '.'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
    )
}

/// Characters stripped from the end of a chunk.
fn is_trailing_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '"'
            | '“'
            | '”'
            | '»'
            | '«'
            | '‘'
            | '’'
            | '\''
            | '`'
            | ')'
            | ']'
            | '}'
            | '…'
            | '—'
            | '–'
            | '―'
            | '-'
            | '*'
            | '('
            | '['
    )
}

/// A dash or ellipsis that separates words even without spaces ("hospitals—so", "your...is").
/// Returns the byte length of the separator starting at `s`, if any.
fn separator_len(s: &str, prev: Option<char>) -> Option<usize> {
    let mut chars = s.chars();
    let c = chars.next()?;
    let next = chars.next();
    match c {
        '—' | '―' | '…' => Some(c.len_utf8()),
        '–' => {
            // An en dash between digits is a range ("2019–2021"): keep it.
            let digit_range = prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit() || n == '$');
            (!digit_range).then_some(c.len_utf8())
        }
        '-' if next == Some('-') => Some(s.bytes().take_while(|&b| b == b'-').count()),
        '.' if s.starts_with("...") => Some(s.bytes().take_while(|&b| b == b'.').count()),
        ',' | ';' => {
            // "word,word" (not "20,000").
            let letters =
                prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic);
            letters.then_some(1)
        }
        _ => None,
    }
}

/// Cuts a chunk at internal separators; separators become their own pieces.
fn cut_chunk(p: &str, chunk: Range<usize>, out: &mut Vec<Range<usize>>) {
    let text = &p[chunk.clone()];
    let mut start = 0;
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let prev = text[..i].chars().next_back();
        if let Some(len) = separator_len(&text[i..], prev) {
            // "--release" at the start of a chunk is a command-line flag, not a dash.
            let flag = i == 0 && c == '-' && text[len..].starts_with(char::is_alphanumeric);
            if !flag {
                if i > start {
                    out.push(chunk.start + start..chunk.start + i);
                }
                out.push(chunk.start + i..chunk.start + i + len);
                start = i + len;
            }
            i += len;
            continue;
        }
        i += c.len_utf8();
    }
    if start < text.len() {
        out.push(chunk.start + start..chunk.end);
    }
}

/// Whether `s` begins a decade written with an apostrophe ("'80s").
fn is_decade_apostrophe(s: &str) -> bool {
    let mut chars = s.chars();
    let q = chars.next();
    let rest: Vec<char> = chars.take(3).collect();
    matches!(q, Some('\'' | '’' | '‘'))
        && rest.len() == 3
        && rest[0].is_ascii_digit()
        && rest[1].is_ascii_digit()
        && rest[2] == 's'
}

/// Splits a piece into leading punctuation, core and trailing punctuation.
fn split_piece(p: &str, piece: Range<usize>) -> Token {
    let text = &p[piece.clone()];
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let rest = &text[i..];
        let starts_number = matches!(c, '-' | '.')
            && rest[1..].starts_with(|n: char| n.is_ascii_digit() || n == '$');
        let flag = c == '-'
            && rest[1..].starts_with(|n: char| n.is_alphanumeric() || n == '-' || n == '>');
        // "./run.sh", "../lib": a relative path, not an ellipsis.
        let path = c == '.' && (rest[1..].starts_with('/') || rest[1..].starts_with("./"));
        if !is_leading_punct(c) || starts_number || flag || path || is_decade_apostrophe(rest) {
            break;
        }
        start = i + c.len_utf8();
    }
    let mut end = text.len();
    for (i, c) in text[start..].char_indices().rev() {
        let at = start + i;
        if !is_trailing_punct(c) {
            break;
        }
        // Keep the arrow "<-".
        if c == '-' && text[start..at].ends_with('<') {
            break;
        }
        // Keep a closing parenthesis that belongs to the core ("kHz(s)" no, "f(x)" yes).
        if c == ')' && text[start..at].contains('(') && !text[start..at].starts_with('(') {
            break;
        }
        end = at;
    }
    if end < start {
        end = start;
    }
    Token {
        span: piece.clone(),
        core: piece.start + start..piece.start + end,
    }
}

/// Tokenizes a paragraph.
pub(crate) fn tokenize(p: &str) -> Vec<Token> {
    let mut pieces = Vec::new();
    let mut chunk_start = None;
    for (i, c) in p.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = chunk_start.take() {
                cut_chunk(p, s..i, &mut pieces);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        cut_chunk(p, s..p.len(), &mut pieces);
    }
    let mut tokens: Vec<Token> = pieces.into_iter().map(|r| split_piece(p, r)).collect();
    attach_periods(p, &mut tokens);
    tokens
}

/// Whether `s` is dotted initials with the final period: "U.S.", "P.M.", "e.g.".
pub(crate) fn is_dotted_initials(s: &str) -> bool {
    let mut letters = 0;
    let mut expect_letter = true;
    for c in s.chars() {
        if expect_letter && c.is_alphabetic() {
            letters += 1;
            expect_letter = false;
        } else if !expect_letter && c == '.' {
            expect_letter = true;
        } else {
            return false;
        }
    }
    letters >= 2 && expect_letter
}

/// Whether `s` is a single initial with its period: "J.".
pub(crate) fn is_initial(s: &str) -> bool {
    let mut chars = s.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_uppercase())
}

/// Moves a trailing period into the core when the core is an abbreviation or initials.
fn attach_periods(p: &str, tokens: &mut [Token]) {
    for i in 0..tokens.len() {
        let t = &tokens[i];
        let post = t.post(p);
        if t.is_punct() || !post.starts_with('.') || post.starts_with("..") {
            continue;
        }
        let with = &p[t.core.start..t.core.end + 1];
        let attach = match tables::abbreviation(with) {
            Some(a) if a.class == AbbrevClass::Number => tokens[i + 1..]
                .iter()
                .find(|n| !n.is_punct())
                .is_some_and(|n| n.text(p).starts_with(|c: char| c.is_ascii_digit())),
            Some(_) => true,
            None => is_dotted_initials(with) || is_initial(with) || tables::unit(with).is_some(),
        };
        if attach {
            tokens[i].core.end += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cores(p: &str) -> Vec<(&str, &str, &str)> {
        tokenize(p)
            .iter()
            .map(|t| (t.pre(p), t.text(p), t.post(p)))
            .collect()
    }

    #[test]
    fn punctuation_is_peeled() {
        assert_eq!(
            cores("‘Keep Almagro Out’: (ALBA-TCP) etc. U.S. officials."),
            [
                ("‘", "Keep", ""),
                ("", "Almagro", ""),
                ("", "Out", "’:"),
                ("(", "ALBA-TCP", ")"),
                ("", "etc.", ""),
                ("", "U.S.", ""),
                ("", "officials", "."),
            ]
        );
    }

    #[test]
    fn dashes_cut_words() {
        assert_eq!(
            cores("hospitals—so 2019–2021 your...is --release -5 '80s"),
            [
                ("", "hospitals", ""),
                ("—", "", ""),
                ("", "so", ""),
                ("", "2019–2021", ""),
                ("", "your", ""),
                ("...", "", ""),
                ("", "is", ""),
                ("", "--release", ""),
                ("", "-5", ""),
                ("", "'80s", ""),
            ]
        );
    }

    #[test]
    fn initials() {
        assert!(is_dotted_initials("U.S.") && is_dotted_initials("e.g."));
        assert!(!is_dotted_initials("U.S") && !is_dotted_initials("5.5."));
        assert!(is_initial("J.") && !is_initial("a."));
    }
}
