//! Line-level pass: front matter, code, Markdown blocks, time stamps, metadata lines and
//! speaker labels → a flat list of [`Item`]s (headings, paragraphs, labelled turns).

use super::labels::{self, Candidate, Strength};
use super::markdown::{self, Block};
use super::{clean, DropReason, Dropped};
use std::collections::{BTreeMap, BTreeSet};

/// What a block of the input is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// A heading of the given level (1 = `#`).
    Heading(u8),
    /// A paragraph without a speaker label.
    Para,
    /// A paragraph opened by a speaker label (the key of the label, see [`labels::key`]).
    Turn(String),
}

/// A block of text with its first line number.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    /// What it is.
    pub kind: Kind,
    /// The text to read (markup removed, whitespace collapsed).
    pub text: String,
    /// The block as written (for the dropped list).
    pub raw: String,
    /// 1-based line number.
    pub line: usize,
}

/// Metadata from Markdown front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FrontMatter {
    /// `title:`
    pub title: Option<String>,
    /// `author:` or `authors:`.
    pub author: Option<String>,
    /// `publication:`, `site:`, `source:` or `publisher:`.
    pub publication: Option<String>,
}

/// The result of the line pass.
#[derive(Debug, Clone, Default)]
pub(crate) struct Doc {
    /// Blocks in order.
    pub items: Vec<Item>,
    /// Front matter values.
    pub front: FrontMatter,
    /// Blocks not read, so far.
    pub dropped: Vec<Dropped>,
    /// Display form of each accepted label, by key, in order of first use.
    pub labels: Vec<(String, String)>,
    /// The whole text (for name look-ups).
    pub full_text: String,
}

struct Builder {
    kind: Kind,
    lines: Vec<String>,
    raw: Vec<String>,
    line: usize,
}

/// Runs the line pass over `text`.
pub(crate) fn scan(text: &str) -> Doc {
    let lines: Vec<&str> = text.lines().collect();
    let mut doc = Doc {
        full_text: text.to_string(),
        ..Doc::default()
    };
    let body_start = front_matter(&lines, &mut doc);
    let declared = super::names::declared_initials(text);
    let accepted = accepted_labels(&lines[body_start..], text, &declared);

    let mut cur: Option<Builder> = None;
    // After a bold question (`**Q: Why?**`) the next unlabelled paragraph is the answer.
    let mut answer_next = false;
    let mut fence: Option<(String, usize, Vec<String>)> = None;
    // Lines before this one belong to a block already handled (a table, a comment…).
    let mut skip_to = 0;
    // The last block was an image: an emphasised line after it is its caption.
    let mut after_image = false;
    for (i, &line) in lines.iter().enumerate().skip(body_start) {
        let no = i + 1;
        if i < skip_to {
            continue;
        }
        if let Some((marker, start, mut body)) = fence.take() {
            body.push(line.to_string());
            if line.trim_start().starts_with(marker.as_str()) {
                drop_block(&mut doc, body.join("\n"), DropReason::CodeBlock, start);
            } else {
                fence = Some((marker, start, body));
            }
            continue;
        }
        let t = line.trim();
        if t.is_empty() {
            flush(&mut cur, &mut doc);
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            flush(&mut cur, &mut doc);
            fence = Some((t[..3].to_string(), no, vec![line.to_string()]));
            continue;
        }
        if let Some(block) = markdown::block_at(&lines, i, cur.is_some()) {
            flush(&mut cur, &mut doc);
            match block {
                Block::Dropped { end, reason } => {
                    after_image = reason == DropReason::Image;
                    drop_block(&mut doc, lines[i..end].join("\n"), reason, no);
                    skip_to = end;
                }
                Block::Table { end, rows } => {
                    after_image = false;
                    for (row, text) in rows {
                        push(&mut doc, Kind::Para, text, lines[row], row + 1);
                    }
                    skip_to = end;
                }
            }
            continue;
        }
        if cur.is_none() && markdown::is_caption(line, after_image) {
            drop_block(&mut doc, t.to_string(), DropReason::Caption, no);
            after_image = false;
            continue;
        }
        if let Some((level, h)) = clean::heading(line) {
            flush(&mut cur, &mut doc);
            push(&mut doc, Kind::Heading(level), clean::inline(h), line, no);
            continue;
        }
        if let Some(level) = clean::setext_level(line) {
            if let Some(b) = cur
                .as_mut()
                .filter(|b| b.kind == Kind::Para && b.lines.len() == 1)
            {
                b.kind = Kind::Heading(level);
                flush(&mut cur, &mut doc);
                continue;
            }
        }
        if clean::is_rule(line) {
            flush(&mut cur, &mut doc);
            continue;
        }
        let reason = if clean::is_link_definition(line) {
            Some(DropReason::LinkReference)
        } else if clean::is_image_line(line) {
            Some(DropReason::Image)
        } else if is_metadata(t) {
            Some(DropReason::Metadata)
        } else {
            None
        };
        if let Some(reason) = reason {
            flush(&mut cur, &mut doc);
            after_image = reason == DropReason::Image;
            drop_block(&mut doc, t.to_string(), reason, no);
            continue;
        }
        after_image = false;
        if labels::is_time_line(line) {
            flush(&mut cur, &mut doc);
            continue;
        }
        if let Some(c) = labels::candidate(line, &declared) {
            let key = labels::key(&c.label);
            if accepted.contains_key(&key) {
                flush(&mut cur, &mut doc);
                if !doc.labels.iter().any(|(k, _)| *k == key) {
                    doc.labels.push((key.clone(), c.label.clone()));
                }
                answer_next = c.bold_text && labels::is_question_word(&c.label);
                cur = Some(Builder {
                    kind: Kind::Turn(key),
                    lines: vec![c.rest],
                    raw: vec![line.to_string()],
                    line: no,
                });
                continue;
            }
        }
        let starts_item = clean::strip_line_markers(line).len() != line.len()
            && !line.trim_start().starts_with('>');
        if starts_item {
            flush(&mut cur, &mut doc);
        }
        if cur.is_none() && answer_next {
            answer_next = false;
            if !doc.labels.iter().any(|(k, _)| k == "A") {
                doc.labels.push(("A".into(), "A".into()));
            }
            cur = Some(Builder {
                kind: Kind::Turn("A".into()),
                lines: Vec::new(),
                raw: Vec::new(),
                line: no,
            });
        }
        let b = cur.get_or_insert_with(|| Builder {
            kind: Kind::Para,
            lines: Vec::new(),
            raw: Vec::new(),
            line: no,
        });
        b.lines.push(clean::strip_line_markers(line).to_string());
        b.raw.push(line.to_string());
    }
    flush(&mut cur, &mut doc);
    if let Some((_, start, body)) = fence {
        drop_block(&mut doc, body.join("\n"), DropReason::CodeBlock, start);
    }
    let link_labels = markdown::link_labels(&lines[body_start..]);
    for item in &mut doc.items {
        item.text = markdown::resolve_shortcut_links(&item.text, &link_labels);
    }
    doc
}

fn push(doc: &mut Doc, kind: Kind, text: String, raw: &str, line: usize) {
    if text.is_empty() && kind == Kind::Para {
        return;
    }
    doc.items.push(Item {
        kind,
        text,
        raw: raw.to_string(),
        line,
    });
}

fn flush(cur: &mut Option<Builder>, doc: &mut Doc) {
    if let Some(b) = cur.take() {
        for image in b.raw.iter().flat_map(|r| markdown::inline_images(r)) {
            drop_block(doc, image, DropReason::Image, b.line);
        }
        let text = clean::inline(&b.lines.join(" "));
        let is_heading = matches!(b.kind, Kind::Heading(_));
        if is_heading && text.is_empty() {
            return;
        }
        push(doc, b.kind, text, &b.raw.join("\n"), b.line);
    }
}

fn drop_block(doc: &mut Doc, text: String, reason: DropReason, line: usize) {
    doc.dropped.push(Dropped { text, reason, line });
}

/// `_note: …`, `_meta: …`: metadata keys written in lower case after an underscore.
fn is_metadata(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('_') else {
        return false;
    };
    match rest.find(':') {
        Some(i) => rest[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
        None => false,
    }
}

/// Reads YAML (`---`) or TOML (`+++`) front matter; returns the first line after it.
fn front_matter(lines: &[&str], doc: &mut Doc) -> usize {
    let Some(first) = lines.first().map(|l| l.trim()) else {
        return 0;
    };
    if first != "---" && first != "+++" {
        return 0;
    }
    let end = lines
        .iter()
        .enumerate()
        .skip(1)
        .take(80)
        .find(|(_, l)| matches!(l.trim(), "---" | "+++" | "..."));
    let Some((end, _)) = end else {
        return 0;
    };
    for l in &lines[1..end] {
        let Some((k, v)) = l.split_once(':').or_else(|| l.split_once('=')) else {
            continue;
        };
        let v = v.trim().trim_matches(['"', '\'']).trim();
        if v.is_empty() {
            continue;
        }
        match k.trim().to_lowercase().as_str() {
            "title" => doc.front.title = Some(clean::inline(v)),
            "author" | "authors" => {
                doc.front.author.get_or_insert_with(|| clean::inline(v));
            }
            "publication" | "site" | "source" | "publisher" => {
                doc.front
                    .publication
                    .get_or_insert_with(|| clean::inline(v));
            }
            _ => {}
        }
    }
    drop_block(doc, lines[..=end].join("\n"), DropReason::FrontMatter, 1);
    end + 1
}

/// Decides which label candidates the document really uses as labels: strong shapes used
/// twice, or once beside other labels used repeatedly; name-like shapes used twice, or once
/// beside repeated labels when bold or mentioned elsewhere in the text.
fn accepted_labels(
    lines: &[&str],
    text: &str,
    declared: &BTreeSet<String>,
) -> BTreeMap<String, Candidate> {
    let mut groups: BTreeMap<String, (usize, Candidate)> = BTreeMap::new();
    for line in lines {
        if let Some(c) = labels::candidate(line, declared) {
            let e = groups
                .entry(labels::key(&c.label))
                .or_insert((0, c.clone()));
            e.0 += 1;
            e.1.bold |= c.bold;
            e.1.strength = e.1.strength.max(c.strength);
        }
    }
    let repeated = groups.values().filter(|(n, _)| *n >= 2).count();
    let mut accepted = BTreeMap::new();
    for (key, (n, c)) in groups {
        let others_repeated = repeated - usize::from(n >= 2);
        let ok = match (n >= 2, c.strength) {
            (true, _) => true,
            (false, Strength::Strong) => others_repeated >= 1,
            (false, Strength::Weak) => {
                others_repeated >= 1 && (c.bold || text.matches(c.label.as_str()).count() >= 2)
            }
        };
        if ok {
            accepted.insert(key, (n, c));
        }
    }
    let total: usize = accepted.values().map(|(n, _)| n).sum();
    if total < 2 {
        return BTreeMap::new();
    }
    accepted.into_iter().map(|(k, (_, c))| (k, c)).collect()
}
