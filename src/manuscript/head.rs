//! The head and tail of a document: title, byline, page header, boilerplate, footer.

use super::boiler;
use super::lines::{Doc, Item, Kind, TurnStyles};
use super::{clean, DropReason, Dropped};
use std::collections::BTreeMap;

/// A document with its title found and its non-article blocks removed.
#[derive(Debug, Clone)]
pub(crate) struct Head {
    /// The title.
    pub title: String,
    /// Line of the title (1 when it was not in the text).
    pub title_line: usize,
    /// The title was found in the text (not made up from a file name).
    pub title_found: bool,
    /// Author from front matter or a byline ("By Jane Doe").
    pub author: Option<String>,
    /// Publication from front matter.
    pub publication: Option<String>,
    /// Publication date from front matter or a dated page-header line.
    pub published: Option<super::Published>,
    /// The remaining blocks: intro and body.
    pub items: Vec<Item>,
    /// Blocks not read, in input order.
    pub dropped: Vec<Dropped>,
    /// Accepted labels (key, display form) in order of first use.
    pub labels: Vec<(String, String)>,
    /// Names declared by labels (`Jane Doe (JD):`), by label key.
    pub label_names: BTreeMap<String, String>,
    /// How each label's turns are written, by label key.
    pub label_styles: BTreeMap<String, TurnStyles>,
    /// The whole input.
    pub full_text: String,
}

fn words(t: &str) -> usize {
    t.split_whitespace().count()
}

/// Short, and not a sentence: a title, a kicker, a place line.
fn title_like(t: &str) -> bool {
    let n = words(t);
    (1..=20).contains(&n) && t.chars().count() <= 160 && !t.trim_end().ends_with(['.', ',', ';'])
}

fn drop_item(dropped: &mut Vec<Dropped>, item: &Item, reason: DropReason) {
    dropped.push(Dropped {
        text: item.raw.clone(),
        reason,
        line: item.line,
    });
}

/// Finds the title, byline and page header, and drops boilerplate and the footer.
pub(crate) fn analyse(doc: Doc, name: Option<&str>) -> Head {
    let Doc {
        items,
        front,
        mut dropped,
        labels,
        label_names,
        label_styles,
        full_text,
    } = doc;
    let has_turns = items.iter().any(|i| matches!(i.kind, Kind::Turn(_)));

    // Boilerplate anywhere (never inside a labelled turn's first paragraph).
    let mut kept = Vec::with_capacity(items.len());
    for item in items {
        let reason = match item.kind {
            Kind::Turn(_) => None,
            _ => boiler::classify(&item.text),
        };
        match reason {
            Some(r) => drop_item(&mut dropped, &item, r),
            None => kept.push(item),
        }
    }
    let mut items = kept;

    // Tail: end markers, time stamps and short non-sentences after the text. A footer only
    // follows text: short lines with no sentence before them are the text (a single line
    // without final punctuation is still a sentence to read).
    let first_text = items.iter().position(|i| match i.kind {
        Kind::Turn(_) => true,
        Kind::Heading(_) => false,
        Kind::Para => !title_like(&i.text) || boiler::ends_sentence(&i.text),
    });
    let mut seen_end = false;
    while let Some(last) = items.last() {
        let after_text = first_text.is_some_and(|f| f + 1 < items.len());
        let reason = match last.kind {
            Kind::Turn(_) => break,
            _ if boiler::is_end_marker(&last.text) => {
                seen_end = true;
                DropReason::EndMarker
            }
            _ if boiler::is_date_line(&last.text) => DropReason::EndMarker,
            _ if !after_text => break,
            Kind::Heading(_) => DropReason::SiteFooter,
            Kind::Para if title_like(&last.text) && !boiler::ends_sentence(&last.text) => {
                DropReason::SiteFooter
            }
            Kind::Para => break,
        };
        if let Some(item) = items.pop() {
            drop_item(&mut dropped, &item, reason);
        }
    }
    // Anything after an END marker is not the transcript either.
    if !seen_end {
        if let Some(pos) = items.iter().position(|i| boiler::is_end_marker(&i.text)) {
            for item in items.split_off(pos) {
                drop_item(&mut dropped, &item, DropReason::EndMarker);
            }
        }
    }

    // Title.
    let mut title: Option<(String, usize)> = front.title.clone().map(|t| (t, 1));
    let mut pending_kickers = Vec::new();
    let i = 0;
    while title.is_none() && i < items.len() && i < 6 {
        let item = &items[i];
        match item.kind {
            Kind::Turn(_) => break,
            Kind::Heading(_) => {
                title = Some((item.text.clone(), item.line));
                items.remove(i);
            }
            Kind::Para if boiler::is_date_line(&item.text) => {
                let item = items.remove(i);
                drop_item(&mut dropped, &item, DropReason::PageHeader);
            }
            Kind::Para if title_like(&item.text) => {
                let next_title_like = items
                    .get(i + 1)
                    .is_some_and(|n| n.kind != Kind::Para || title_like(&n.text));
                if words(&item.text) == 1 && next_title_like {
                    pending_kickers.push(items.remove(i));
                } else {
                    title = Some((item.text.clone(), item.line));
                    items.remove(i);
                }
            }
            Kind::Para => break,
        }
    }
    for k in &pending_kickers {
        if title.is_some() {
            drop_item(&mut dropped, k, DropReason::Navigation);
        }
    }
    if title.is_none() {
        // The kickers were all there was: give them back.
        for (j, k) in pending_kickers.into_iter().enumerate() {
            items.insert(j, k);
        }
    }
    let title_found = title.is_some();
    let (title, title_line) = match title {
        Some((t, line)) => (clean::unquote_title(&t), line),
        None => (fallback_title(&items, name), 1),
    };

    // Byline and page header: between the title and the first turn (or first sentence).
    let mut author = front.author.clone();
    let mut i = 0;
    while i < items.len() {
        let item = &items[i];
        if item.kind != Kind::Para {
            break;
        }
        if let Some(by) = byline(&item.text) {
            author.get_or_insert(by);
            let item = items.remove(i);
            drop_item(&mut dropped, &item, DropReason::Byline);
            continue;
        }
        let header = boiler::is_date_line(&item.text)
            || (has_turns
                && title_like(&item.text)
                && words(&item.text) <= 12
                && !boiler::ends_sentence(&item.text));
        if header {
            let item = items.remove(i);

            drop_item(&mut dropped, &item, DropReason::PageHeader);
            continue;
        }
        i += 1;
        if !has_turns {
            break;
        }
    }
    dropped.sort_by_key(|d| d.line);
    // The date: from front matter, else the first dated line of the page header.
    let published = front.published.or_else(|| {
        dropped
            .iter()
            .filter(|d| d.reason == DropReason::PageHeader && boiler::is_date_line(&d.text))
            .find_map(|d| super::Published::find(&d.text))
    });
    Head {
        title,
        title_line,
        title_found,
        author,
        publication: front.publication.clone(),
        published,
        items,
        dropped,
        labels,
        label_names,
        label_styles,
        full_text,
    }
}

/// "By Jane Doe" → "Jane Doe".
fn byline(text: &str) -> Option<String> {
    let t = text.trim();
    let lower = t.to_lowercase();
    for p in [
        "by ",
        "written by ",
        "words by ",
        "interview by ",
        "posted by ",
    ] {
        if lower.starts_with(p) && words(t) <= 10 {
            let rest = t[p.len()..].trim();
            let rest = rest.split(['|', '—', '–']).next().unwrap_or(rest).trim();
            if rest.starts_with(char::is_uppercase) {
                return Some(rest.trim_end_matches(['.', ',']).to_string());
            }
        }
    }
    None
}

/// A title for a text that has none: the file name, else its first words.
fn fallback_title(items: &[Item], name: Option<&str>) -> String {
    if let Some(n) = name.filter(|n| !n.trim().is_empty() && *n != "-") {
        let words: Vec<String> = n
            .split(['-', '_', ' ', '.'])
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut c = w.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().chain(c).collect(),
                    None => String::new(),
                }
            })
            .collect();
        return words.join(" ");
    }
    let first = items.iter().find(|i| !i.text.is_empty());
    match first {
        Some(i) => {
            let w: Vec<&str> = i.text.split_whitespace().take(8).collect();
            w.join(" ")
                .trim_end_matches([',', '.', ';', ':'])
                .to_string()
        }
        None => "Untitled".to_string(),
    }
}
