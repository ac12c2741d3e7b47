//! Line-level pass: front matter, code, Markdown blocks, time stamps, metadata lines and
//! speaker labels → a flat list of [`Item`]s (headings, paragraphs, labelled turns).

use super::labels::{self, Candidate, LabelEnd, Strength};
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
    /// `date:`, `published:`, `pubDate:`, `publishDate:` or `date_published:`.
    pub published: Option<super::Published>,
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
    /// Names that labels declare with their initials (`Jane Doe (JD):`), by label key.
    pub label_names: BTreeMap<String, String>,
    /// How each label's turns are written, by label key.
    pub label_styles: BTreeMap<String, TurnStyles>,
    /// The whole text (for name look-ups).
    pub full_text: String,
}

/// How often a label's turns are whole bold paragraphs that ask: in Markdown interviews the
/// interviewer's questions are set in bold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TurnStyles {
    /// Turns of this label.
    pub turns: usize,
    /// Of those, turns whose text is bold and asks (holds a question mark).
    pub bold_questions: usize,
}

impl TurnStyles {
    /// Whether the label's turns are mostly bold questions.
    pub fn asks_in_bold(&self) -> bool {
        self.bold_questions >= 1 && self.bold_questions * 2 >= self.turns
    }
}

/// Whether the text of a block is set in bold as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Weight {
    Plain,
    Bold,
}

struct Builder {
    kind: Kind,
    lines: Vec<String>,
    raw: Vec<String>,
    line: usize,
    weight: Weight,
}

/// Runs the line pass over `text`.
pub(crate) fn scan(text: &str) -> Doc {
    let lines: Vec<&str> = text.lines().collect();
    let mut doc = Doc {
        full_text: text.to_string(),
        ..Doc::default()
    };
    let body_start = super::front::front_matter(&lines, &mut doc);
    let declared = super::names::declared_initials(text);
    let accepted = accepted_labels(&lines[body_start..], text, &declared);
    let bold_questions = unlabelled_bold_questions(&lines, body_start, &accepted, &declared);

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
            drop_block(&mut doc, t.to_string(), reason, no);
            after_image = reason == DropReason::Image;
            continue;
        }
        after_image = false;
        if labels::is_time_line(line) {
            flush(&mut cur, &mut doc);
            continue;
        }
        if super::asides::is_only_directions(t) {
            drop_block(&mut doc, t.to_string(), DropReason::StageDirection, no);
            continue;
        }
        if let Some(c) = labels::candidate(line, &declared) {
            let key = labels::key(&c.label);
            if accepted.contains_key(&key) {
                flush(&mut cur, &mut doc);
                if !doc.labels.iter().any(|(k, _)| *k == key) {
                    doc.labels.push((key.clone(), c.label.clone()));
                }
                if let Some(name) = c.named {
                    doc.label_names.entry(key.clone()).or_insert(name);
                }
                answer_next = c.bold_text && labels::is_question_word(&c.label);
                let weight = if c.bold_text {
                    Weight::Bold
                } else {
                    Weight::Plain
                };
                cur = Some(Builder {
                    kind: Kind::Turn(key),
                    lines: vec![c.rest],
                    raw: vec![line.to_string()],
                    line: no,
                    weight,
                });
                continue;
            }
        }
        if cur.is_none() && bold_questions.contains(&i) {
            // A whole bold paragraph that asks, with no label: the interviewer's question;
            // the unlabelled paragraphs after it are the answer.
            if !doc.labels.iter().any(|(k, _)| k == "Q") {
                doc.labels.push(("Q".into(), "Q".into()));
            }
            answer_next = true;
            cur = Some(Builder {
                kind: Kind::Turn("Q".into()),
                lines: vec![t.to_string()],
                raw: vec![line.to_string()],
                line: no,
                weight: Weight::Bold,
            });
            continue;
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
                weight: Weight::Plain,
            });
        }
        let b = cur.get_or_insert_with(|| Builder {
            kind: Kind::Para,
            lines: Vec::new(),
            raw: Vec::new(),
            line: no,
            weight: Weight::Plain,
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
        let (text, directions) = super::asides::strip(&b.lines.join(" "));
        let text = clean::inline(&text);
        for d in directions {
            drop_block(doc, d, DropReason::StageDirection, b.line);
        }
        if let Kind::Turn(key) = &b.kind {
            let styles = doc.label_styles.entry(key.clone()).or_default();
            styles.turns += 1;
            let bold = b.weight == Weight::Bold && b.raw.join(" ").trim_end().ends_with(['*', '_']);
            styles.bold_questions += usize::from(bold && text.contains('?'));
        }
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

/// `_note: …`, `_meta: …`: metadata keys written after an underscore (not an emphasised
/// lead-in such as `_Update_: …`, which is text).
fn is_metadata(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('_') else {
        return false;
    };
    match rest.find(':') {
        Some(i) => {
            !rest[..i].ends_with('_')
                && rest[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        }
        None => false,
    }
}

/// First lines (0-based) of paragraphs that are wholly bold and ask, without a speaker label:
/// `**Why did you start?**` followed by the answer. Only when the text has at least two of
/// them and at least one is followed by an ordinary paragraph.
fn unlabelled_bold_questions(
    lines: &[&str],
    body_start: usize,
    accepted: &BTreeMap<String, Candidate>,
    declared: &BTreeSet<String>,
) -> BTreeSet<usize> {
    let mut paragraphs: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, l) in lines.iter().enumerate().skip(body_start) {
        match (l.trim().is_empty(), start) {
            (true, Some(s)) => {
                paragraphs.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    paragraphs.extend(start.map(|s| (s, lines.len())));
    let is_question = |&(s, e): &(usize, usize)| {
        let first = lines[s].trim();
        let text = lines[s..e].join(" ");
        let text = text.trim();
        let labelled = labels::candidate(first, declared)
            .is_some_and(|c| accepted.contains_key(&labels::key(&c.label)));
        let bold = (first.starts_with("**") && text.ends_with("**"))
            || (first.starts_with("__") && text.ends_with("__"));
        bold && !labelled && text.contains('?') && !text[2..text.len() - 2].contains("**")
    };
    let questions: Vec<usize> = paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| is_question(p))
        .map(|(i, _)| i)
        .collect();
    let answered = questions.iter().any(|&q| {
        paragraphs.get(q + 1).is_some_and(|&(s, _)| {
            let t = lines[s].trim();
            !t.starts_with(['*', '_', '#'])
        })
    });
    if questions.len() < 2 || !answered {
        return BTreeSet::new();
    }
    questions.into_iter().map(|q| paragraphs[q].0).collect()
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
            if c.end == LabelEnd::Mark {
                e.1.end = LabelEnd::Mark;
            }
        }
    }
    let repeated = groups.values().filter(|(n, _)| *n >= 2).count();
    let mut accepted = BTreeMap::new();
    for (key, (n, c)) in groups {
        let others_repeated = repeated - usize::from(n >= 2);
        // `**JD** text` without a colon is a label only when used so repeatedly, beside other
        // labels or with initials the text declares.
        let bare_ok = n >= 2 && (others_repeated >= 1 || declared.contains(&key));
        let ok = match (n >= 2, c.strength) {
            _ if c.end == LabelEnd::Bold => bare_ok,
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
