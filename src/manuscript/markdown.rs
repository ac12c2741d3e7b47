//! Markdown as people write it, beyond paragraphs and headings: tables (read row by row as
//! sentences), indented code, footnote definitions, HTML comments and figures, images and
//! their captions. The line pass ([`super::lines`]) asks here whether a block starts at a line
//! and what becomes of it.
//!
//! Tables are read, not skipped: each body row becomes one sentence per cell, named by its
//! column ("Name: Ada. Role: engineer."), so a listener hears what the reader sees. Code
//! (fenced or indented), footnote definitions, comments, images and captions are not read and
//! are listed among the dropped blocks.
//!
//! These blocks are recognised line by line rather than with a CommonMark parser such as
//! pulldown-cmark: plain-text transcripts are read by the same pass, and CommonMark would take
//! their indented paragraphs for code and their `1.`/`*` lines for lists; the line pass also
//! keeps every block's input line for `aloud plan`. Indented code is therefore taken as code
//! only when it looks like code.

use super::{clean, DropReason};
use regex::Regex;
use std::sync::LazyLock;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static pattern")
}

static DELIMITER_ROW: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$"));
static FOOTNOTE_DEF: LazyLock<Regex> = LazyLock::new(|| re(r"^\s{0,3}\[\^[^\]]+\]:"));
static INLINE_IMAGE: LazyLock<Regex> =
    LazyLock::new(|| re(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])|<img\b[^>]*>"));
static LINK_LABEL_DEF: LazyLock<Regex> = LazyLock::new(|| re(r"^\s{0,3}\[([^\]^]+)\]:\s*\S+"));
static SHORTCUT_LINK: LazyLock<Regex> = LazyLock::new(|| re(r"\[([^\[\]^]+)\]"));
static IMG_TAG: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:<a\b[^>]*>\s*)?<img\b[^>]*>"));

/// A block of several lines that the line pass does not read as prose.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// Not read: the lines `start..end` (0-based, end exclusive) are dropped for `reason`.
    Dropped { end: usize, reason: DropReason },
    /// A table: one sentence per body row, with the 0-based line of each row; the table
    /// ends before line `end`.
    Table {
        end: usize,
        rows: Vec<(usize, String)>,
    },
}

/// What starts at line `i` of `lines`, when it is one of the blocks of this module.
/// `para_open`: a paragraph is being collected (an indented line then continues it).
pub(crate) fn block_at(lines: &[&str], i: usize, para_open: bool) -> Option<Block> {
    let line = lines[i];
    let t = line.trim();
    if t.starts_with("<!--") {
        let end = until(lines, i, |l| l.contains("-->"));
        // A comment closed on its first line with text after it is inline markup.
        let after = lines[i].split_once("-->").map_or("", |(_, a)| a.trim());
        if end > i + 1 || after.is_empty() {
            return Some(Block::Dropped {
                end,
                reason: DropReason::HtmlComment,
            });
        }
    }
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("<figure") {
        let end = until(lines, i, |l| l.to_ascii_lowercase().contains("</figure>"));
        return Some(Block::Dropped {
            end,
            reason: DropReason::Image,
        });
    }
    if lower.starts_with("<figcaption") {
        let end = until(lines, i, |l| {
            l.to_ascii_lowercase().contains("</figcaption>")
        });
        return Some(Block::Dropped {
            end,
            reason: DropReason::Caption,
        });
    }
    if IMG_TAG.is_match(line) && clean::inline(line).is_empty() {
        return Some(Block::Dropped {
            end: i + 1,
            reason: DropReason::Image,
        });
    }
    if FOOTNOTE_DEF.is_match(line) {
        // The definition, its lazy continuation lines and indented paragraphs after blanks.
        let mut end = i + 1;
        while end < lines.len() {
            let l = lines[end];
            if !l.trim().is_empty() && !FOOTNOTE_DEF.is_match(l) && !starts_block(l) {
                end += 1;
            } else if l.trim().is_empty()
                && lines
                    .get(end + 1)
                    .is_some_and(|n| indent(n) >= 4 && !n.trim().is_empty())
            {
                end += 2;
            } else {
                break;
            }
        }
        return Some(Block::Dropped {
            end,
            reason: DropReason::Footnote,
        });
    }
    if let Some(table) = table_at(lines, i) {
        return Some(table);
    }
    if !para_open && indent(line) >= 4 {
        return indented_code(lines, i);
    }
    None
}

/// The first line after `i` for which `closes` holds (searching from `i` itself), plus one;
/// the end of the text when none does.
fn until(lines: &[&str], i: usize, closes: impl Fn(&str) -> bool) -> usize {
    lines[i..]
        .iter()
        .position(|l| closes(l))
        .map_or(lines.len(), |p| i + p + 1)
}

fn starts_block(l: &str) -> bool {
    let t = l.trim_start();
    t.starts_with('#') || t.starts_with("```") || t.starts_with("~~~") || t.starts_with('>')
}

/// Columns of indentation (a tab counts four).
fn indent(line: &str) -> usize {
    let mut n = 0;
    for c in line.chars() {
        match c {
            ' ' => n += 1,
            '\t' => n += 4,
            _ => break,
        }
    }
    n
}

/// An indented code block: lines indented four or more, blank lines between them; taken as
/// code only when it looks like code (symbols of programs and shells on most lines), since
/// plain-text transcripts indent their paragraphs too.
fn indented_code(lines: &[&str], i: usize) -> Option<Block> {
    let mut end = i;
    let mut last_code = i;
    while end < lines.len() {
        let l = lines[end];
        if l.trim().is_empty() {
            end += 1;
            continue;
        }
        if indent(l) < 4 {
            break;
        }
        last_code = end;
        end += 1;
    }
    let body: Vec<&str> = lines[i..=last_code]
        .iter()
        .copied()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let code_like = body.iter().filter(|l| looks_like_code(l)).count();
    (code_like * 2 > body.len()).then_some(Block::Dropped {
        end: last_code + 1,
        reason: DropReason::CodeBlock,
    })
}

/// A line of a program, a shell session or a configuration file rather than prose.
fn looks_like_code(line: &str) -> bool {
    let t = line.trim();
    if t.starts_with("$ ") || t.starts_with("# ") || t.starts_with("//") || t.starts_with("> ") {
        return true;
    }
    let symbols = t
        .chars()
        .filter(|c| matches!(c, '{' | '}' | ';' | '=' | '(' | ')' | '<' | '>' | '[' | ']'))
        .count();
    let words = t.split_whitespace().count().max(1);
    let ends_sentence = t.ends_with(['.', '?', '!', '"', '”']) && words > 3;
    (symbols > 0 && !ends_sentence) || t.contains("::") || t.contains("->") || t.contains("=>")
}

/// A GitHub-style table: a header row, a delimiter row (`|---|:--:|`), then body rows.
fn table_at(lines: &[&str], i: usize) -> Option<Block> {
    let header = lines[i];
    if !header.contains('|') {
        return None;
    }
    let delimiter = lines.get(i + 1)?;
    if !delimiter.contains('-') || !DELIMITER_ROW.is_match(delimiter) {
        return None;
    }
    let names = cells(header);
    let columns = cells(delimiter).len();
    if names.len() != columns || (columns == 1 && !header.contains('|')) {
        return None;
    }
    let mut end = i + 2;
    let mut rows = Vec::new();
    while end < lines.len() && lines[end].contains('|') && !lines[end].trim().is_empty() {
        let sentence = row_sentence(&names, &cells(lines[end]));
        if !sentence.is_empty() {
            rows.push((end, sentence));
        }
        end += 1;
    }
    Some(Block::Table { end, rows })
}

/// The cells of a table row, markup removed; `\|` and pipes inside `code` stay in the cell.
fn cells(row: &str) -> Vec<String> {
    let t = row.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_code = false;
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '`' => {
                in_code = !in_code;
                cur.push(c);
            }
            '|' if !in_code => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out.iter().map(|c| clean::inline(c.trim())).collect()
}

/// One body row read as sentences: "Name: Ada. Role: engineer." A cell under an empty
/// header is read alone; empty cells are left out.
pub(crate) fn row_sentence(header: &[String], row: &[String]) -> String {
    let mut parts = Vec::new();
    for (k, cell) in row.iter().enumerate() {
        let cell = cell.trim();
        if cell.is_empty() || !cell.chars().any(char::is_alphanumeric) {
            continue;
        }
        let name = header.get(k).map_or("", |h| h.trim());
        let mut sentence = if name.is_empty() || name.eq_ignore_ascii_case(cell) {
            cell.to_string()
        } else {
            format!("{}: {cell}", name.trim_end_matches(':'))
        };
        if !sentence.ends_with(['.', '!', '?', '…']) {
            sentence.push('.');
        }
        parts.push(sentence);
    }
    parts.join(" ")
}

/// The labels of the document's link reference definitions (`[measureme repository]: …`),
/// lower-cased.
pub(crate) fn link_labels(lines: &[&str]) -> std::collections::BTreeSet<String> {
    lines
        .iter()
        .filter_map(|l| LINK_LABEL_DEF.captures(l))
        .map(|c| clean::collapse(&c[1]).to_lowercase())
        .collect()
}

/// Shortcut reference links read as their text: "the [measureme repository]" → "the
/// measureme repository" when `[measureme repository]: …` is defined; other brackets
/// ("[laughter]") stay.
pub(crate) fn resolve_shortcut_links(
    text: &str,
    labels: &std::collections::BTreeSet<String>,
) -> String {
    if labels.is_empty() || !text.contains('[') {
        return text.to_string();
    }
    SHORTCUT_LINK
        .replace_all(text, |c: &regex::Captures| {
            if labels.contains(&clean::collapse(&c[1]).to_lowercase()) {
                c[1].to_string()
            } else {
                c[0].to_string()
            }
        })
        .into_owned()
}

/// Images inside a paragraph (`![alt](src)`, `<img …>`): not read, reported.
pub(crate) fn inline_images(raw: &str) -> Vec<String> {
    INLINE_IMAGE
        .find_iter(raw)
        .map(|m| m.as_str().to_string())
        .collect()
}

/// A caption or credit line: "Photo: …", "Image by …", "(Photo: …)"; right after an image
/// (`after_image`) also a line wholly in emphasis (`*The workshop in 1998*`).
pub(crate) fn is_caption(line: &str, after_image: bool) -> bool {
    let t = line.trim();
    if t.split_whitespace().count() > 40 {
        return false;
    }
    let inner = t.trim_start_matches(['(', '[', '*', '_']).to_lowercase();
    const STARTS: &[&str] = &[
        "photo:",
        "photo by ",
        "photo credit",
        "photos:",
        "photos by ",
        "photograph:",
        "photograph by ",
        "photography by ",
        "image:",
        "image by ",
        "image credit",
        "image source:",
        "illustration:",
        "illustration by ",
        "caption:",
        "credit:",
        "credits:",
        "pictured:",
        "picture:",
        "source image:",
    ];
    if STARTS.iter().any(|s| inner.starts_with(s)) {
        return true;
    }
    let emphasised = |m: &str| t.len() > 2 * m.len() && t.starts_with(m) && t.ends_with(m);
    after_image && (emphasised("*") || emphasised("_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    #[test]
    fn table_rows_become_sentences_named_by_their_column() {
        let l = lines(
            "| Name | Role |\n|:-----|-----:|\n| Ada | engineer |\n| Grace | admiral. |\n\nAfter.",
        );
        let Some(Block::Table { end, rows }) = block_at(&l, 0, false) else {
            panic!("a table");
        };
        assert_eq!(end, 4);
        assert_eq!(
            rows,
            vec![
                (2, "Name: Ada. Role: engineer.".to_string()),
                (3, "Name: Grace. Role: admiral.".to_string())
            ]
        );
    }

    #[test]
    fn table_cells_keep_escaped_pipes_and_code_and_lose_markup() {
        assert_eq!(
            cells(r"| **a** | b \| c | `x|y` |"),
            vec!["a".to_string(), "b | c".into(), "x|y".into()]
        );
        assert_eq!(
            row_sentence(&["".into(), "Q".into()], &["1".into(), "".into()]),
            "1."
        );
    }

    #[test]
    fn a_pipe_in_prose_is_not_a_table() {
        let l = lines("Left | right\nno delimiter here");
        assert_eq!(block_at(&l, 0, false), None);
    }

    #[test]
    fn indented_code_is_dropped_but_indented_prose_is_not() {
        let l = lines("    fn main() {\n        println!(\"hi\");\n    }\n\nText.");
        assert_eq!(
            block_at(&l, 0, false),
            Some(Block::Dropped {
                end: 3,
                reason: DropReason::CodeBlock
            })
        );
        let l =
            lines("    We went to the shore, and the sea was calm that day.\n    Then we left.");
        assert_eq!(block_at(&l, 0, false), None);
        let l = lines("    x = 1;");
        assert_eq!(block_at(&l, 0, true), None, "continues a paragraph");
    }

    #[test]
    fn footnote_definitions_and_comments_are_blocks() {
        let l = lines("[^1]: A note\n  that goes on.\n\n    Second paragraph.\n\nText.");
        assert_eq!(
            block_at(&l, 0, false),
            Some(Block::Dropped {
                end: 4,
                reason: DropReason::Footnote
            })
        );
        let l = lines("<!-- draft:\nnot for print -->\nText.");
        assert_eq!(
            block_at(&l, 0, false),
            Some(Block::Dropped {
                end: 2,
                reason: DropReason::HtmlComment
            })
        );
        let l = lines("<!-- x --> Text goes on.");
        assert_eq!(block_at(&l, 0, false), None);
    }

    #[test]
    fn shortcut_links_with_a_definition_are_read_as_their_text() {
        let labels = link_labels(&lines("[Zulip stream]: https://x.org\n[a]: /a"));
        assert_eq!(
            resolve_shortcut_links("our [Zulip stream] and [laughter]", &labels),
            "our Zulip stream and [laughter]"
        );
    }

    #[test]
    fn captions_and_credits() {
        assert!(is_caption("Photo: Jane Doe/Reuters", false));
        assert!(is_caption("*(Photo by NASA)*", false));
        assert!(is_caption("*The garage in 2019.*", true));
        assert!(!is_caption("*The garage in 2019.*", false));
        assert!(!is_caption("Photos were taken, she said.", true));
        assert_eq!(
            inline_images("see ![a map](m.png) and <img src=x alt=y>"),
            vec!["![a map](m.png)".to_string(), "<img src=x alt=y>".into()]
        );
    }
}
