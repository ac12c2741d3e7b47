//! Text of a page's nodes: inline text without markup, what a dropped block shows, and the
//! small clean-ups of titles and names.

use super::rules::{drop_reason, element, visible_text};
use ego_tree::NodeRef;
use scraper::Node;

pub(super) fn strip_by(t: &str) -> String {
    let t = t.trim();
    let lower = t.to_lowercase();
    let rest = lower.strip_prefix("by ").map_or(t, |_| t[3..].trim_start());
    rest.split(['|', '—', '–', '\u{b7}'])
        .next()
        .unwrap_or(rest)
        .trim()
        .to_string()
}

/// The cells of a table row.
pub(super) fn cells<'a>(row: NodeRef<'a, Node>) -> Vec<NodeRef<'a, Node>> {
    row.children()
        .filter(|c| element(c).is_some_and(|e| matches!(e.name(), "td" | "th")))
        .collect()
}

/// Elements that start a block of their own (everything else flows inside a paragraph).
pub(super) fn is_block(node: NodeRef<'_, Node>) -> bool {
    match node.value() {
        Node::Element(e) => matches!(
            e.name(),
            "address"
                | "article"
                | "aside"
                | "blockquote"
                | "body"
                | "dd"
                | "details"
                | "dialog"
                | "div"
                | "dl"
                | "dt"
                | "fieldset"
                | "figcaption"
                | "figure"
                | "footer"
                | "form"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "header"
                | "hgroup"
                | "hr"
                | "li"
                | "main"
                | "nav"
                | "ol"
                | "p"
                | "pre"
                | "section"
                | "table"
                | "ul"
                | "script"
                | "style"
                | "noscript"
                | "template"
                | "iframe"
                | "video"
                | "audio"
                | "picture"
                | "summary"
                | "center"
                | "caption"
                | "tr"
                | "td"
                | "th"
                | "tbody"
                | "thead"
                | "tfoot"
        ),
        Node::Comment(_) => true,
        _ => false,
    }
}

/// A footnote or citation mark: `<sup><a href="#note-1">1</a></sup>`.
pub(super) fn is_note_mark(node: NodeRef<'_, Node>) -> bool {
    node.descendants().any(|d| {
        element(&d)
            .is_some_and(|e| e.name() == "a" && e.attr("href").is_some_and(|h| h.starts_with('#')))
    }) || node
        .value()
        .as_element()
        .is_some_and(|e| e.classes().any(|c| c == "reference" || c == "footnote-ref"))
}

/// Inline text without markup, whitespace collapsed.
pub(super) fn inline_plain(node: NodeRef<'_, Node>) -> String {
    let mut t = String::new();
    plain(node, &mut t);
    super::super::clean::collapse(&t)
}

pub(super) fn plain(node: NodeRef<'_, Node>, out: &mut String) {
    match node.value() {
        Node::Text(t) => out.push_str(t),
        Node::Element(e) => {
            if drop_reason(e).is_some() || (e.name() == "sup" && is_note_mark(node)) {
                return;
            }
            if e.name() == "br" {
                out.push(' ');
            }
            for c in node.children() {
                plain(c, out);
            }
        }
        _ => {}
    }
}

/// A dropped block as shown in the plan: its visible text, or for blocks without text what
/// they are (`<script src="…">`, an image's alt text).
pub(super) fn describe(node: NodeRef<'_, Node>) -> String {
    let mut t = String::new();
    match node.value() {
        Node::Comment(c) => t.push_str(c),
        Node::Element(e) if matches!(e.name(), "script" | "style" | "noscript" | "template") => {
            match e.attr("src") {
                Some(src) => t = format!("<{} src=\"{src}\">", e.name()),
                None => {
                    for c in node.descendants() {
                        if let Node::Text(x) = c.value() {
                            t.push_str(x);
                        }
                    }
                }
            }
        }
        Node::Element(e) if e.name() == "img" => {
            t = e
                .attr("alt")
                .or(e.attr("src"))
                .unwrap_or("image")
                .to_string();
        }
        Node::Element(e) if matches!(e.name(), "iframe" | "video" | "audio" | "embed") => {
            visible_text(node, &mut t);
            if t.trim().is_empty() {
                t = e
                    .attr("title")
                    .or(e.attr("src"))
                    .unwrap_or(e.name())
                    .to_string();
            }
        }
        _ => visible_text(node, &mut t),
    }
    let t = super::super::clean::collapse(&t);
    if t.chars().count() > 300 {
        t.chars().take(299).collect::<String>() + "…"
    } else {
        t
    }
}

/// "Bradley M. Kuhn (http://ebb.org/bkuhn/)" → "Bradley M. Kuhn": web and mail addresses
/// (and the brackets around them) left out of a name.
pub(super) fn without_addresses(name: &str) -> String {
    let kept: Vec<&str> = name
        .split_whitespace()
        .filter(|w| {
            let w = w.trim_matches(['(', ')', '<', '>', '[', ']']);
            !(w.contains("://") || w.contains('@') || w.starts_with("www."))
        })
        .collect();
    kept.join(" ").replace("()", "").trim().to_string()
}

/// "The Interview | Example News" → "The Interview" (when the rest still has two words).
pub(super) fn site_suffix_removed(t: &str) -> String {
    for sep in [" | ", " - ", " — ", " – ", " :: ", " » "] {
        if let Some(i) = t.rfind(sep) {
            let head = t[..i].trim();
            if head.split_whitespace().count() >= 2 {
                return head.to_string();
            }
        }
    }
    t.to_string()
}
