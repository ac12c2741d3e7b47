//! What on a web page is not the article, and where the article is.
//!
//! Blocks are dropped by their element (`<nav>`, `<script>`, `<form>`, `<aside>`…), their ARIA
//! role, `hidden`/`aria-hidden`/`display:none`, or a word in their `class` or `id` ("comments",
//! "share", "related", "cookie", "sidebar", "byline"…; words are the parts of a class name
//! between `-` and `_`). The article is found the way reader modes find it: paragraphs of
//! prose score their parent and grandparent (longer text and commas score more, links less),
//! the best container wins, widened to its `<article>` element when it has one, with siblings
//! that score nearly as well.

use super::super::DropReason;
use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};
use std::collections::HashMap;

/// The words of an element's `class` and `id`, lower-cased: "post-comments__list" →
/// post, comments, list; "topAttributionWithDate" → top, attribution, with, date.
fn name_words(e: &Element) -> Vec<String> {
    let mut out = Vec::new();
    for v in [e.attr("class"), e.attr("id")].into_iter().flatten() {
        for w in v.split(|c: char| !c.is_ascii_alphanumeric()) {
            let mut word = String::new();
            for c in w.chars() {
                if c.is_ascii_uppercase()
                    && word.chars().last().is_some_and(|p| p.is_ascii_lowercase())
                {
                    out.push(std::mem::take(&mut word));
                }
                word.push(c.to_ascii_lowercase());
            }
            if !word.is_empty() {
                out.push(word);
            }
        }
    }
    out
}

/// Why an element is not part of the article, if it is not.
pub(crate) fn drop_reason(e: &Element) -> Option<DropReason> {
    let by_tag = match e.name() {
        "script" | "noscript" | "template" => Some(DropReason::Script),
        "style" => Some(DropReason::Style),
        "nav" | "menu" => Some(DropReason::Navigation),
        "form" | "input" | "button" | "select" | "textarea" | "fieldset" => Some(DropReason::Form),
        "iframe" | "object" | "embed" | "video" | "audio" | "canvas" | "svg" | "map" | "math" => {
            Some(DropReason::Embed)
        }
        "aside" => Some(DropReason::Sidebar),
        "footer" => Some(DropReason::SiteFooter),
        "dialog" => Some(DropReason::CookieBanner),
        _ => None,
    };
    if by_tag.is_some() {
        return by_tag;
    }
    let style: String = e
        .attr("style")
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if e.attr("hidden").is_some()
        || e.attr("aria-hidden") == Some("true")
        || style.contains("display:none")
        || style.contains("visibility:hidden")
        || e.has_class("hidden", scraper::CaseSensitivity::AsciiCaseInsensitive)
    {
        return Some(DropReason::Hidden);
    }
    let by_role = match e.attr("role").map(str::to_ascii_lowercase).as_deref() {
        Some("navigation" | "menu" | "menubar") => Some(DropReason::Navigation),
        Some("banner") => Some(DropReason::OutsideArticle),
        Some("contentinfo") => Some(DropReason::SiteFooter),
        Some("complementary") => Some(DropReason::Sidebar),
        Some("search") => Some(DropReason::Form),
        Some("dialog" | "alertdialog") => Some(DropReason::CookieBanner),
        _ => None,
    };
    if by_role.is_some() {
        return by_role;
    }
    if e.attr("itemprop") == Some("author") {
        return Some(DropReason::Byline);
    }
    let words = name_words(e);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    // A name that also says it holds the content ("contentWithSidebar", "article-meta") is
    // not dropped for its other words.
    if has(&["article", "body", "column", "content", "main"]) {
        return None;
    }
    if words.iter().any(|w| w == "pullquote") || (has(&["pull"]) && has(&["quote"])) {
        return Some(DropReason::Sidebar);
    }
    const RULES: &[(&[&str], DropReason)] = &[
        (
            &["cookie", "cookies", "consent", "gdpr"],
            DropReason::CookieBanner,
        ),
        (
            &[
                "comment",
                "comments",
                "disqus",
                "respond",
                "replies",
                "discussion",
            ],
            DropReason::Comments,
        ),
        (
            &[
                "related",
                "recommended",
                "recommendations",
                "recirc",
                "outbrain",
                "taboola",
                "popular",
                "trending",
                "readmore",
            ],
            DropReason::Related,
        ),
        (
            &[
                "share",
                "sharing",
                "social",
                "sharebar",
                "addthis",
                "sharedaddy",
                "newsletter",
                "subscribe",
                "subscription",
                "signup",
                "follow",
            ],
            DropReason::ShareSubscribe,
        ),
        (
            &[
                "breadcrumb",
                "breadcrumbs",
                "menu",
                "navbar",
                "navigation",
                "nav",
                "pagination",
                "pager",
                "toc",
                "skip",
                "jump",
                "navbox",
                "noprint",
                "editsection",
                "hatnote",
                "tags",
                "catlinks",
            ],
            DropReason::Navigation,
        ),
        (&["sidebar", "widget", "widgets"], DropReason::Sidebar),
        (
            &[
                "ad",
                "ads",
                "advert",
                "adverts",
                "advertisement",
                "sponsor",
                "sponsored",
                "promo",
            ],
            DropReason::Sponsor,
        ),
        (
            &["byline", "author", "authors", "attribution"],
            DropReason::Byline,
        ),
        (
            &[
                "dateline",
                "date",
                "timestamp",
                "published",
                "posted",
                "meta",
            ],
            DropReason::PageHeader,
        ),
        (&["caption", "credit", "credits"], DropReason::Caption),
        (&["footer"], DropReason::SiteFooter),
    ];
    RULES
        .iter()
        .find(|(list, _)| has(list))
        .map(|(_, reason)| *reason)
}

/// The element under `node`, if it is one.
pub(crate) fn element<'a>(node: &NodeRef<'a, Node>) -> Option<&'a Element> {
    node.value().as_element()
}

/// Text a reader sees under `node`: scripts, styles and hidden blocks left out.
pub(crate) fn visible_text(node: NodeRef<'_, Node>, out: &mut String) {
    match node.value() {
        Node::Text(t) => out.push_str(t),
        Node::Element(e) => {
            if matches!(
                e.name(),
                "script" | "noscript" | "template" | "style" | "head" | "title"
            ) || drop_reason(e) == Some(DropReason::Hidden)
            {
                return;
            }
            if matches!(e.name(), "br" | "p" | "div" | "li" | "td" | "th" | "tr") {
                out.push(' ');
            }
            for c in node.children() {
                visible_text(c, out);
            }
        }
        _ => {}
    }
}

fn text_len(node: NodeRef<'_, Node>) -> (usize, usize) {
    let mut all = String::new();
    visible_text(node, &mut all);
    let mut links = 0;
    for d in node.descendants() {
        if element(&d).is_some_and(|e| e.name() == "a") {
            let mut t = String::new();
            visible_text(d, &mut t);
            links += t.trim().chars().count();
        }
    }
    (all.trim().chars().count(), links)
}

/// Positive and negative words in class names, and the weight of a container by its tag.
fn base_score(e: &Element) -> f64 {
    let tag = match e.name() {
        "article" => 10.0,
        "div" | "section" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "ol" | "ul" | "dl" | "form" | "address" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let words = name_words(e);
    const GOOD: &[&str] = &[
        "article",
        "body",
        "content",
        "entry",
        "main",
        "page",
        "post",
        "text",
        "blog",
        "story",
        "transcript",
        "interview",
        "prose",
    ];
    let class = if words.iter().any(|w| GOOD.contains(&w.as_str())) {
        25.0
    } else {
        0.0
    };
    let bad = if drop_reason(e).is_some() { -25.0 } else { 0.0 };
    tag + class + bad
}

/// Whether `node` or any ancestor is a block that is not the article.
fn in_dropped(node: NodeRef<'_, Node>) -> bool {
    node.ancestors()
        .chain(std::iter::once(node))
        .filter_map(|a| a.value().as_element())
        .any(|e| drop_reason(e).is_some())
}

/// The article's top-level blocks in document order (one, or a few siblings).
pub(crate) fn article_roots(html: &Html) -> Vec<NodeId> {
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    let tree = &html.tree;
    for node in tree.root().descendants() {
        let Some(e) = element(&node) else { continue };
        let own_text: usize = node
            .children()
            .filter_map(|c| c.value().as_text().map(|t| t.trim().chars().count()))
            .sum();
        let paragraph = matches!(e.name(), "p" | "pre" | "td" | "blockquote" | "dd")
            || (matches!(e.name(), "div" | "section") && own_text >= 25);
        if !paragraph || in_dropped(node) {
            continue;
        }
        let mut text = String::new();
        visible_text(node, &mut text);
        let len = text.trim().chars().count();
        if len < 25 {
            continue;
        }
        let content = 1.0 + text.matches(',').count() as f64 + (len as f64 / 100.0).min(3.0);
        let own = if e.name() == "div" || e.name() == "section" {
            vec![node]
        } else {
            Vec::new()
        };
        let ups = own.into_iter().chain(node.ancestors().take(3));
        for (level, a) in ups.enumerate() {
            let Some(ae) = element(&a) else { break };
            if matches!(ae.name(), "body" | "html") {
                break;
            }
            let entry = scores.entry(a.id()).or_insert_with(|| base_score(ae));
            *entry += content / (level as f64 + 1.0);
        }
    }
    let final_score = |id: NodeId, s: f64| {
        let node = tree.get(id).expect("scored node");
        let (len, links) = text_len(node);
        let density = if len == 0 {
            1.0
        } else {
            links as f64 / len as f64
        };
        s * (1.0 - density)
    };
    let mut ranked: Vec<(NodeId, f64)> = scores
        .iter()
        .map(|(&id, &s)| (id, final_score(id, s)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let Some(&(top, top_score)) = ranked.first() else {
        return body(html).into_iter().collect();
    };
    let top_node = tree.get(top).expect("scored node");
    if let Some(article) = top_node
        .ancestors()
        .find(|a| element(a).is_some_and(|e| e.name() == "article"))
    {
        return vec![article.id()];
    }
    let Some(parent) = top_node.parent() else {
        return vec![top];
    };
    let threshold = (top_score * 0.2).max(10.0);
    let ranked: HashMap<NodeId, f64> = ranked.into_iter().collect();
    parent
        .children()
        .filter(|c| {
            if c.id() == top {
                return true;
            }
            let Some(e) = element(c) else { return false };
            if drop_reason(e).is_some() {
                return false;
            }
            if ranked.get(&c.id()).is_some_and(|&s| s >= threshold) {
                return true;
            }
            let (len, links) = text_len(*c);
            e.name() == "p" && len > 80 && links * 4 < len
        })
        .map(|c| c.id())
        .collect()
}

fn body(html: &Html) -> Option<NodeId> {
    html.tree
        .root()
        .descendants()
        .find(|n| element(n).is_some_and(|e| e.name() == "body"))
        .map(|n| n.id())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(fragment: &str) -> Option<DropReason> {
        let html = Html::parse_fragment(fragment);
        let el = html
            .root_element()
            .descendants()
            .filter_map(|n| n.value().as_element())
            .find(|e| e.name() != "html")
            .expect("an element");
        drop_reason(el)
    }

    #[test]
    fn blocks_are_dropped_by_tag_role_state_and_class_words() {
        assert_eq!(reason("<nav>x</nav>"), Some(DropReason::Navigation));
        assert_eq!(
            reason(r#"<div class="post-comments__list">x</div>"#),
            Some(DropReason::Comments)
        );
        assert_eq!(
            reason(r#"<div id="cookie-banner">x</div>"#),
            Some(DropReason::CookieBanner)
        );
        assert_eq!(
            reason(r#"<div style="display: none">x</div>"#),
            Some(DropReason::Hidden)
        );
        assert_eq!(
            reason(r#"<div role="complementary">x</div>"#),
            Some(DropReason::Sidebar)
        );
        assert_eq!(
            reason(r#"<section class="related-posts">x</section>"#),
            Some(DropReason::Related)
        );
        assert_eq!(reason(r#"<div class="entry-content">x</div>"#), None);
        assert_eq!(reason(r#"<div class="shadow header">x</div>"#), None);
    }
}
