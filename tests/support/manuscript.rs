//! What the manuscript golden tests read off a parsed text, in one place (included by the
//! `tests/manuscript_*.rs` files with `#[path]`; each uses some of it).
#![allow(dead_code)]

use aloud::manuscript::{parse, DropReason, Manuscript};

/// A short fixture from tests/fixtures/manuscripts/, parsed.
pub fn fixture(name: &str) -> Manuscript {
    let path = format!(
        "{}/tests/fixtures/manuscripts/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The chapter titles.
pub fn titles(m: &Manuscript) -> Vec<&str> {
    m.chapters.iter().map(|c| c.title.as_str()).collect()
}

/// Each turn of a chapter as "LABEL: paragraphs joined by ¶".
pub fn turns(m: &Manuscript, chapter: usize) -> Vec<String> {
    m.chapters[chapter]
        .turns
        .iter()
        .map(|t| {
            let text: Vec<&str> = t.paragraphs.iter().map(|p| p.text.as_str()).collect();
            format!("{}: {}", m.speakers[t.speaker.0].label, text.join(" ¶ "))
        })
        .collect()
}

/// Every paragraph that is read aloud, in order.
pub fn paragraphs(m: &Manuscript) -> Vec<&str> {
    m.chapters
        .iter()
        .flat_map(|c| &c.turns)
        .flat_map(|t| &t.paragraphs)
        .map(|p| p.text.as_str())
        .collect()
}

/// Everything read aloud, one paragraph a line.
pub fn spoken(m: &Manuscript) -> String {
    paragraphs(m).join("\n")
}

/// (line, reason) of every block that is not read.
pub fn dropped(m: &Manuscript) -> Vec<(usize, DropReason)> {
    m.dropped.iter().map(|d| (d.line, d.reason)).collect()
}
