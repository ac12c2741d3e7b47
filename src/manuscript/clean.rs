//! Markup removal: Markdown, HTML and wiki markup → the plain words to be read.

use regex::Regex;
use std::sync::LazyLock;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static pattern")
}

static COMMENT: LazyLock<Regex> = LazyLock::new(|| re(r"(?s)<!--.*?-->"));
static IMAGE: LazyLock<Regex> = LazyLock::new(|| re(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])"));
static LINK: LazyLock<Regex> = LazyLock::new(|| re(r"\[([^\]\[]+)\](?:\([^)]*\)|\[[^\]]*\])"));
static SHORTCUT: LazyLock<Regex> = LazyLock::new(|| re(r"\\?\[([^\[\]\^]+?)\\?\]"));
static WIKI_PIPE: LazyLock<Regex> = LazyLock::new(|| re(r"\[\[([^\]|]+)\|([^\]]+)\]\]"));
static WIKI: LazyLock<Regex> = LazyLock::new(|| re(r"\[\[([^\]]+)\]\]"));
static TAGGED: LazyLock<Regex> =
    LazyLock::new(|| re(r"\[[a-z][a-z_-]*:([^\]|]+)(?:\|([^\]]+))?\]"));
static FOOTNOTE: LazyLock<Regex> = LazyLock::new(|| re(r"\[\^[^\]]+\]"));
static AUTOLINK: LazyLock<Regex> = LazyLock::new(|| re(r"<(?:https?|mailto|ftp):[^<>\s]*>"));
static TAG: LazyLock<Regex> = LazyLock::new(|| re(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"));
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| re(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"));
static UNDERSCORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(^|[^A-Za-z0-9_])_+|_+([^A-Za-z0-9_]|$)"));
static HEADING: LazyLock<Regex> = LazyLock::new(|| re(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$"));
static LINK_DEF: LazyLock<Regex> = LazyLock::new(|| re(r"^\s{0,3}\[[^\]^]+\]:\s*\S+"));
static IMAGE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^\s*(?:\[\s*)?!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])(?:\s*\]\([^)]*\))?\s*$")
});
static RULE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$"));
static LIST: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+"));
static SPACE_PUNCT: LazyLock<Regex> = LazyLock::new(|| re(r" ([.,;:!?])( |$)"));
static QUOTE: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:>\s?)+"));

/// Removes inline markup and collapses whitespace (no-break spaces included).
pub(crate) fn inline(s: &str) -> String {
    let mut t = s.to_string();
    let had_tags = t.contains('<');
    if had_tags {
        t = COMMENT.replace_all(&t, " ").into_owned();
        t = AUTOLINK.replace_all(&t, " ").into_owned();
        t = TAG.replace_all(&t, " ").into_owned();
    }
    if t.contains('[') {
        t = IMAGE.replace_all(&t, " ").into_owned();
        t = FOOTNOTE.replace_all(&t, "").into_owned();
        t = WIKI_PIPE.replace_all(&t, "$2").into_owned();
        t = WIKI.replace_all(&t, "$1").into_owned();
        t = TAGGED
            .replace_all(&t, |c: &regex::Captures| {
                c.get(2).or(c.get(1)).map_or("", |m| m.as_str()).to_string()
            })
            .into_owned();
        t = LINK.replace_all(&t, "$1").into_owned();
        // A shortcut reference link (`the [kubelet] starts`): its text.
        t = SHORTCUT.replace_all(&t, "$1").into_owned();
    }
    if t.contains('&') {
        t = ENTITY
            .replace_all(&t, |c: &regex::Captures| {
                entity(&c[1]).unwrap_or_else(|| c[0].to_string())
            })
            .into_owned();
    }
    t = t.replace(['*', '`'], "");
    if t.contains('_') {
        t = UNDERSCORE.replace_all(&t, "$1$2").into_owned();
    }
    let t = collapse(&t);
    if had_tags {
        // A tag before punctuation leaves "college ." behind.
        return SPACE_PUNCT.replace_all(&t, "$1$2").into_owned();
    }
    t
}

fn entity(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).map(String::from);
    }
    let s = match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => " ",
        "mdash" => "—",
        "ndash" => "–",
        "hellip" => "…",
        "rsquo" => "’",
        "lsquo" => "‘",
        "ldquo" => "“",
        "rdquo" => "”",
        _ => return None,
    };
    Some(s.to_string())
}

/// Collapses every run of whitespace (no-break and other Unicode spaces too) into one space.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace() || c == '\u{200b}') {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// `# Heading` → (level, text).
pub(crate) fn heading(line: &str) -> Option<(u8, &str)> {
    let c = HEADING.captures(line)?;
    let level = c.get(1)?.as_str().len() as u8;
    Some((level, c.get(2)?.as_str()))
}

/// A Markdown link reference definition (`[1]: https://example.org`).
pub(crate) fn is_link_definition(line: &str) -> bool {
    LINK_DEF.is_match(line)
}

/// A line holding only an image (possibly wrapped in a link).
pub(crate) fn is_image_line(line: &str) -> bool {
    IMAGE_LINE.is_match(line)
}

/// A thematic break (`---`, `***`, `___`).
pub(crate) fn is_rule(line: &str) -> bool {
    RULE.is_match(line)
}

/// A setext underline (`===` or `---`).
pub(crate) fn setext_level(line: &str) -> Option<u8> {
    let t = line.trim();
    if t.len() >= 2 && t.chars().all(|c| c == '=') {
        Some(1)
    } else if t.len() >= 2 && t.chars().all(|c| c == '-') {
        Some(2)
    } else {
        None
    }
}

/// Removes list markers and block-quote markers at the start of a line.
pub(crate) fn strip_line_markers(line: &str) -> &str {
    let mut s = line;
    if let Some(m) = QUOTE.find(s) {
        s = &s[m.end()..];
    }
    if let Some(m) = LIST.find(s) {
        s = &s[m.end()..];
    }
    s
}

/// Removes quotation marks around a title: “ ” " and ‘, and ’ unless it is an apostrophe
/// between letters.
pub(crate) fn unquote_title(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let next_alpha = chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        let prev_alpha = i > 0 && chars[i - 1].is_alphabetic();
        match c {
            '“' | '”' | '"' | '‘' | '«' | '»' => {}
            '’' | '\'' if !(prev_alpha && next_alpha) => {}
            _ => out.push(c),
        }
    }
    collapse(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup_is_removed() {
        assert_eq!(
            inline("**Bold** and _em_ with [a link](http://x.org) and <b>tag</b>"),
            "Bold and em with a link and tag"
        );
        assert_eq!(inline("[glossary:Capsep] is green"), "Capsep is green");
        assert_eq!(
            inline("see [[Page|the page]] &amp; ![img](a.png)"),
            "see the page &"
        );
        assert_eq!(inline("snake_case stays"), "snake_case stays");
        assert_eq!(
            inline("the <a href=\"x\">college</a>. Next"),
            "the college. Next"
        );
        assert_eq!(inline("Q\u{a0}\u{a0} two  spaces"), "Q two spaces");
    }

    #[test]
    fn title_quotes_go_apostrophes_stay() {
        assert_eq!(
            unquote_title("‘Keep Almagro Out’: Interview"),
            "Keep Almagro Out: Interview"
        );
        assert_eq!(unquote_title("Bolivia’s “Future”"), "Bolivia’s Future");
    }

    #[test]
    fn markdown_lines() {
        assert_eq!(heading("## Early years ##"), Some((2, "Early years")));
        assert!(is_link_definition("[1]: https://example.org/x"));
        assert!(is_image_line("![A photo](photo.jpg)"));
        assert!(is_rule("* * *"));
        assert_eq!(strip_line_markers("> - item"), "item");
    }
}
