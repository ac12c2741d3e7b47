//! HTML input: a saved web page → its article, as the Markdown-like text the line pass reads
//! (`# title`, paragraphs, `**Label:**` for `<strong>`/`<b>`, list items, `>` quotes, table
//! rows read as sentences), with the source line of every line of that text and every block
//! of the page that is not read (see [`rules`] for what is dropped and how the article is
//! found).
//!
//! The page is parsed by html5ever as browsers parse it (entities decoded, broken markup
//! mended); `<br>` ends a line inside a paragraph, so `<b>Q:</b> …<br><b>A:</b> …` is two turns.

mod parse;
mod rules;
mod text;

use super::{markdown, DropReason, Dropped};
use ego_tree::{NodeId, NodeRef};
use rules::{drop_reason, element};
use scraper::{Html, Node, Selector};
use std::collections::{HashMap, HashSet};
use text::{
    cells, describe, inline_plain, is_block, is_note_mark, site_suffix_removed, strip_by,
    without_addresses,
};

/// A web page turned into text for the line pass.
#[derive(Debug, Clone, Default)]
pub(crate) struct Page {
    /// The article as Markdown-like text.
    pub text: String,
    /// The 1-based source line of each line of `text`.
    pub lines: Vec<usize>,
    /// Blocks of the page not read, with their source lines.
    pub dropped: Vec<Dropped>,
    /// `<meta name="author">`, or the text of a byline block.
    pub author: Option<String>,
    /// `og:site_name`, or the site part of `<title>`.
    pub publication: Option<String>,
    /// `<meta property="article:published_time">` or another publication-date `<meta>`.
    pub published: Option<crate::manuscript::Published>,
}

impl Page {
    /// The source line of line `n` (1-based) of [`Page::text`].
    pub(crate) fn source_line(&self, n: usize) -> usize {
        n.checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .copied()
            .unwrap_or(n)
    }
}

/// Whether `text` is an HTML document rather than text or Markdown: it starts (after blank
/// lines and comments) with a doctype or an `<html>`, `<head>` or `<body>` tag.
pub(crate) fn looks_like_html(text: &str) -> bool {
    let mut t = text.trim_start_matches('\u{feff}').trim_start();
    while let Some(rest) = t.strip_prefix("<!--") {
        t = rest.split_once("-->").map_or("", |(_, r)| r).trim_start();
    }
    let head: String = t.chars().take(16).collect::<String>().to_ascii_lowercase();
    if head.starts_with("<?xml") {
        return t
            .chars()
            .take(4096)
            .collect::<String>()
            .to_ascii_lowercase()
            .contains("<html");
    }
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|p| head.starts_with(p))
}

/// Turns a web page into its article.
pub(crate) fn convert(source: &str) -> Page {
    let parsed = parse::parse(source);
    let mut x = Extractor {
        lines: &parsed.lines,
        page: Page::default(),
        quote: 0,
        title: None,
        roots: HashSet::new(),
        holds_root: HashSet::new(),
    };
    let html = &parsed.html;
    let roots = rules::article_roots(html);
    for &r in &roots {
        x.roots.insert(r);
        if let Some(n) = html.tree.get(r) {
            x.holds_root.extend(n.ancestors().map(|a| a.id()));
        }
    }
    let meta = Meta::read(html);
    let title = x.title_of(html, &roots, &meta);
    if let Some((title, line)) = &title {
        x.emit(&format!("# {title}"), *line);
    }
    x.title = title.map(|(t, _)| t);
    x.page.author = meta.author;
    x.page.publication = meta.site;
    x.page.published = meta.published;
    x.outside(html.tree.root());
    if x.page.author.is_none() {
        x.page.author = x
            .page
            .dropped
            .iter()
            .find(|d| d.reason == DropReason::Byline)
            .map(|d| strip_by(&d.text));
    }
    x.page
}

/// What the page's `<head>` says about it.
#[derive(Default)]
struct Meta {
    og_title: Option<String>,
    title: Option<String>,
    author: Option<String>,
    site: Option<String>,
    published: Option<crate::manuscript::Published>,
}

impl Meta {
    fn read(html: &Html) -> Meta {
        let content = |sel: &str| {
            let sel = Selector::parse(sel).expect("static selector");
            html.select(&sel)
                .filter_map(|e| e.value().attr("content"))
                .map(super::clean::collapse)
                .find(|c| !c.is_empty())
        };
        let first = |sel: &str| {
            let sel = Selector::parse(sel).expect("static selector");
            html.select(&sel)
                .map(|e| super::clean::collapse(&e.text().collect::<String>()))
                .find(|t| !t.is_empty())
        };
        let mut m = Meta {
            author: content(r#"meta[name="author"]"#).map(|a| without_addresses(&a)),
            site: content(r#"meta[property="og:site_name"]"#),
            published: content(
                r#"meta[property="article:published_time"], meta[name="article:published_time"],
                   meta[itemprop="datePublished"], meta[name="date"], meta[name="pubdate"],
                   meta[name="publish-date"], meta[name="dcterms.date"], meta[name="DC.date.issued"],
                   meta[name="dc.date"]"#,
            )
            .and_then(|d| crate::manuscript::Published::find(&d)),
            ..Meta::default()
        };
        let og = Selector::parse(r#"meta[property="og:title"], meta[name="twitter:title"]"#)
            .expect("static selector");
        m.og_title = html.select(&og).find_map(|e| {
            let c = super::clean::collapse(e.value().attr("content")?);
            (!c.is_empty()).then_some(c)
        });
        m.title = first("title");
        m
    }
}

struct Extractor<'a> {
    lines: &'a HashMap<NodeId, usize>,
    page: Page,
    /// Depth of block quotes around what is emitted.
    quote: usize,
    /// The title emitted first; a heading with the same text is not repeated.
    title: Option<String>,
    roots: HashSet<NodeId>,
    /// The article's roots and all their ancestors.
    holds_root: HashSet<NodeId>,
}

impl Extractor<'_> {
    /// The source line of `node` (its own, else its nearest ancestor's).
    fn line(&self, node: NodeRef<'_, Node>) -> usize {
        std::iter::once(node)
            .chain(node.ancestors())
            .find_map(|n| self.lines.get(&n.id()).copied())
            .unwrap_or(1)
    }

    /// Adds a block of text (lines of Markdown) and a blank line after it.
    fn emit(&mut self, block: &str, line: usize) {
        let prefix = "> ".repeat(self.quote);
        for l in block.lines() {
            self.page.text.push_str(&prefix);
            self.page.text.push_str(l);
            self.page.text.push('\n');
            self.page.lines.push(line);
        }
        self.page.text.push('\n');
        self.page.lines.push(line);
    }

    fn drop_node(&mut self, node: NodeRef<'_, Node>, reason: DropReason) {
        let text = describe(node);
        if text.is_empty() {
            return;
        }
        let line = self.line(node);
        self.page.dropped.push(Dropped { text, reason, line });
    }

    /// The page's title: the article's `<h1>`, else `og:title`, else `<title>` without the
    /// site's name, else the page's first `<h1>`.
    fn title_of(&self, html: &Html, roots: &[NodeId], meta: &Meta) -> Option<(String, usize)> {
        let h1 = |n: NodeRef<'_, Node>| {
            n.descendants()
                .filter(|d| element(d).is_some_and(|e| e.name() == "h1"))
                .map(|d| (inline_plain(d), self.line(d)))
                .find(|(t, _)| !t.is_empty())
        };
        let in_article = roots.iter().filter_map(|&r| html.tree.get(r)).find_map(h1);
        in_article
            .or_else(|| meta.og_title.clone().map(|t| (t, 1)))
            .or_else(|| meta.title.as_deref().map(|t| (site_suffix_removed(t), 1)))
            .or_else(|| h1(html.tree.root()))
    }

    /// Walks the page outside the article: every block with text there is dropped.
    fn outside(&mut self, node: NodeRef<'_, Node>) {
        for child in node.children() {
            if self.roots.contains(&child.id()) {
                self.block(child);
            } else if self.holds_root.contains(&child.id()) {
                self.outside(child);
            } else if let Some(e) = element(&child) {
                match e.name() {
                    "head" => self.head(child),
                    "script" | "noscript" | "template" | "style" => {
                        self.drop_node(child, drop_reason(e).unwrap_or(DropReason::Script));
                    }
                    _ => {
                        let reason = drop_reason(e).unwrap_or(DropReason::OutsideArticle);
                        self.drop_node(child, reason);
                    }
                }
            } else if let Node::Text(t) = child.value() {
                if t.trim().chars().any(char::is_alphanumeric) {
                    self.drop_node(child, DropReason::OutsideArticle);
                }
            }
        }
    }

    /// Scripts and styles in `<head>` are reported; its metadata is used, not reported.
    fn head(&mut self, node: NodeRef<'_, Node>) {
        for child in node.children() {
            if let Some(reason) = element(&child).and_then(drop_reason) {
                if matches!(reason, DropReason::Script | DropReason::Style) {
                    self.drop_node(child, reason);
                }
            }
        }
    }

    /// A block of the article.
    fn block(&mut self, node: NodeRef<'_, Node>) {
        match node.value() {
            Node::Element(e) => {
                if !self.roots.contains(&node.id()) {
                    if let Some(reason) = drop_reason(e) {
                        return self.drop_node(node, reason);
                    }
                }
                match e.name() {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading(node, e.name()),
                    "ul" | "ol" => self.list(node),
                    "blockquote" => {
                        self.quote += 1;
                        self.mixed(node);
                        self.quote -= 1;
                    }
                    "pre" => self.drop_node(node, DropReason::CodeBlock),
                    "figure" | "picture" => self.figure(node),
                    "img" => self.drop_node(node, DropReason::Image),
                    "table" => self.table(node),
                    "hr" | "br" | "head" | "link" | "meta" | "title" => {}
                    _ => self.mixed(node),
                }
            }
            Node::Comment(_) => self.drop_node(node, DropReason::HtmlComment),
            _ => {}
        }
    }

    fn heading(&mut self, node: NodeRef<'_, Node>, tag: &str) {
        let text = inline_plain(node);
        if text.is_empty() {
            return;
        }
        if self.title.as_deref() == Some(text.as_str()) {
            self.title = None;
            return;
        }
        let level = tag[1..].parse::<usize>().unwrap_or(2);
        let line = self.line(node);
        self.emit(&format!("{} {text}", "#".repeat(level)), line);
    }

    /// A container holding blocks and runs of inline content; each run is a paragraph.
    fn mixed(&mut self, node: NodeRef<'_, Node>) {
        let mut run: Vec<NodeRef<'_, Node>> = Vec::new();
        for child in node.children() {
            if is_block(child) {
                self.paragraph(&run, None);
                run.clear();
                self.block(child);
            } else {
                run.push(child);
            }
        }
        self.paragraph(&run, None);
    }

    /// Inline nodes as a paragraph (or several, where `<br><br>` parts them); `marker`
    /// opens its first line ("- " for a list item).
    fn paragraph(&mut self, run: &[NodeRef<'_, Node>], marker: Option<&str>) {
        let Some(first) = run.first() else { return };
        let mut text = String::new();
        for n in run {
            self.inline(*n, &mut text, false);
        }
        let line = self.line(*first);
        let mut marker = marker;
        for part in text.split("\n\n") {
            let lines: Vec<String> = part
                .lines()
                .map(super::clean::collapse)
                .filter(|l| !l.is_empty() && l != "****")
                .collect();
            if lines.is_empty() || !lines.iter().any(|l| l.chars().any(char::is_alphanumeric)) {
                continue;
            }
            let block = lines.join("\n");
            let block = match marker.take() {
                Some(m) => format!("{m}{block}"),
                None => block,
            };
            self.emit(&block, line);
        }
    }

    /// Inline content as text: `<strong>`/`<b>` become `**…**` (for speaker labels),
    /// `<br>` a line end; images, scripts and other dropped inline blocks are reported.
    fn inline(&mut self, node: NodeRef<'_, Node>, out: &mut String, in_bold: bool) {
        match node.value() {
            Node::Text(t) => out.push_str(&t.replace('\n', " ")),
            Node::Element(e) => {
                if let Some(reason) = drop_reason(e) {
                    return self.drop_node(node, reason);
                }
                match e.name() {
                    "br" => out.push('\n'),
                    "img" => self.drop_node(node, DropReason::Image),
                    "sup" if is_note_mark(node) => {}
                    "strong" | "b" if !in_bold => {
                        let mut inner = String::new();
                        for c in node.children() {
                            self.inline(c, &mut inner, true);
                        }
                        let core = inner.trim();
                        if core.is_empty() || core.contains('\n') {
                            out.push_str(&inner);
                        } else {
                            let lead = &inner[..inner.len() - inner.trim_start().len()];
                            let trail = &inner[inner.trim_end().len()..];
                            out.push_str(&format!("{lead}**{core}**{trail}"));
                        }
                    }
                    _ => {
                        if is_block(node) {
                            out.push(' ');
                        }
                        for c in node.children() {
                            self.inline(c, out, in_bold);
                        }
                        if is_block(node) {
                            out.push(' ');
                        }
                    }
                }
            }
            Node::Comment(_) => {}
            _ => {}
        }
    }

    fn list(&mut self, node: NodeRef<'_, Node>) {
        let ordered = element(&node).is_some_and(|e| e.name() == "ol");
        let mut n = 0;
        for item in node.children() {
            let Some(e) = element(&item) else { continue };
            if e.name() != "li" {
                self.block(item);
                continue;
            }
            if let Some(reason) = drop_reason(e) {
                self.drop_node(item, reason);
                continue;
            }
            n += 1;
            let marker = if ordered {
                format!("{n}. ")
            } else {
                "- ".to_string()
            };
            let mut run = Vec::new();
            let mut marker = Some(marker);
            for child in item.children() {
                if is_block(child) {
                    if !run.is_empty() {
                        self.paragraph(&run, marker.take().as_deref());
                        run.clear();
                    }
                    self.block(child);
                } else {
                    run.push(child);
                }
            }
            self.paragraph(&run, marker.as_deref());
        }
    }

    /// A figure: its image (or video) and its caption are reported, not read; a figure
    /// without a picture (a quotation with its source) is read.
    fn figure(&mut self, node: NodeRef<'_, Node>) {
        let media = node.descendants().any(|d| {
            element(&d).is_some_and(|e| {
                matches!(
                    e.name(),
                    "img" | "picture" | "svg" | "video" | "iframe" | "canvas"
                )
            })
        });
        if !media {
            return self.mixed(node);
        }
        let line = self.line(node);
        let alt = node
            .descendants()
            .filter_map(|d| element(&d))
            .find(|e| e.name() == "img")
            .and_then(|e| e.attr("alt").or(e.attr("src")))
            .map(super::clean::collapse)
            .unwrap_or_else(|| "figure".to_string());
        self.page.dropped.push(Dropped {
            text: alt,
            reason: DropReason::Image,
            line,
        });
        for cap in node
            .descendants()
            .filter(|d| element(d).is_some_and(|e| e.name() == "figcaption"))
        {
            self.drop_node(cap, DropReason::Caption);
        }
    }

    /// A data table is read row by row ("Name: Ada. Role: engineer."); a layout table (cells
    /// holding paragraphs or other blocks) is read as the blocks in its cells.
    fn table(&mut self, node: NodeRef<'_, Node>) {
        let rows: Vec<NodeRef<'_, Node>> = node
            .descendants()
            .filter(|d| element(d).is_some_and(|e| e.name() == "tr"))
            .filter(|r| {
                r.ancestors()
                    .find(|a| element(a).is_some_and(|e| e.name() == "table"))
                    .is_some_and(|t| t.id() == node.id())
            })
            .collect();
        let layout = element(&node).is_some_and(|e| e.attr("role") == Some("presentation"))
            || rows
                .iter()
                .flat_map(|r| cells(*r))
                .any(|c| c.descendants().skip(1).any(is_block));
        if layout {
            for r in rows {
                for c in cells(r) {
                    self.mixed(c);
                }
            }
            return;
        }
        for cap in node
            .children()
            .filter(|c| element(c).is_some_and(|e| e.name() == "caption"))
        {
            self.mixed(cap);
        }
        let text_of = |c: NodeRef<'_, Node>| inline_plain(c);
        let header_row = rows.first().filter(|r| {
            let cs = cells(**r);
            !cs.is_empty()
                && cs
                    .iter()
                    .all(|c| element(c).is_some_and(|e| e.name() == "th"))
        });
        let header: Vec<String> = header_row
            .map(|r| cells(*r).into_iter().map(text_of).collect())
            .unwrap_or_default();
        for r in rows.iter().skip(usize::from(header_row.is_some())) {
            let row: Vec<String> = cells(*r).into_iter().map(text_of).collect();
            let sentence = markdown::row_sentence(&header, &row);
            if !sentence.is_empty() {
                let line = self.line(*r);
                self.emit(&sentence, line);
            }
        }
    }
}

#[cfg(test)]
mod tests;
