//! `aloud plan` and `aloud render` on a web page and on Markdown with tables and code, end to
//! end with real files.

use serde_json::Value;
use std::process::{Command, Output};

const PAGE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/web/interview-bold-labels.html"
);
const BLOG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/corpus/ebb-org-controversial-events.html"
);
const MARKDOWN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/web/article-tables-code.md"
);

fn aloud(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args(args)
        .output()
        .expect("run aloud")
}

fn ok_stdout(args: &[&str]) -> String {
    let out = aloud(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn plan_of_a_web_page_lists_speakers_chapters_and_every_dropped_block() {
    let s = ok_stdout(&["plan", PAGE]);
    for needle in [
        "Water First: A Conversation\nfrom Riverton Courier\n",
        "Helen Marsh   → Helen Marsh   → host",
        "Daniel Okafor → Daniel Okafor → guest",
        " 3. What happens to the farms?  (2 turns: Helen Marsh 1, Daniel Okafor 1)",
        "Dropped (12):",
        "line    4  web page script: “var x = 1;”",
        "line    8  cookie or consent banner: “We use cookies. Accept”",
        "line   13  image caption or credit: “Photo: Jane Roe”",
        "line   22  readers' comments: “Great article!",
    ] {
        assert!(s.contains(needle), "missing {needle:?} in\n{s}");
    }
}

#[test]
fn plan_json_of_a_saved_blog_page_has_the_post_only() {
    let v: Value = serde_json::from_str(&ok_stdout(&["plan", BLOG, "--json"])).unwrap();
    assert_eq!(v["title"], "On Recent Controversial Events");
    let chapters = v["chapters"].as_array().unwrap();
    assert_eq!(chapters.len(), 1);
    let text = chapters[0]["turns"][0]["text"].as_str().unwrap();
    assert!(!text.contains("accounting") && !text.contains("Creative Commons"));
    let kinds: Vec<&str> = v["dropped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds[0], "sidebar");
    assert_eq!(kinds.iter().filter(|k| **k == "outside-article").count(), 6);
}

#[test]
fn plan_reads_markdown_tables_as_sentences() {
    let v: Value = serde_json::from_str(&ok_stdout(&["plan", MARKDOWN, "--json"])).unwrap();
    let words: Vec<&str> = v["chapters"][0]["turns"][0]["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    let joined = words.join(" ");
    assert!(
        joined.contains("pump north flow one hundred twenty litres a second note runs at night"),
        "{joined}"
    );
    // The escaped pipe inside a cell is the cell's text; the table's own pipes are not read.
    assert_eq!(joined.matches("pipe").count(), 1, "{joined}");
    assert!(!joined.contains("start") && !joined.contains("level"));
}

#[test]
fn render_of_a_web_page_speaks_and_counts_what_it_did_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("page.wav");
    let o = aloud(&["render", PAGE, "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("12 blocks of the input not read"),
        "no dropped count in\n{err}"
    );
    assert!(std::fs::metadata(&out).unwrap().len() > 44_100);
    let o = aloud(&[
        "render",
        PAGE,
        "-o",
        out.to_str().unwrap(),
        "--quiet",
        "--json",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["dropped_blocks"], 12);
    assert_eq!(v["chapters"].as_array().unwrap().len(), 3);
}

#[test]
fn a_page_with_its_markup_on_one_long_line_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("minified.html");
    let script = format!("var data = \"{}\";", "x".repeat(100_000));
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html><head><script>{script}</script></head><body><article>\
             <h1>One Line</h1><p>The whole page is one line, as minified pages are.</p>\
             </article></body></html>"
        ),
    )
    .unwrap();
    let s = ok_stdout(&["plan", page.to_str().unwrap()]);
    assert!(s.starts_with("One Line\n"), "{s}");
    assert!(s.contains("line    1  web page script: “var data ="), "{s}");
}

#[test]
fn a_page_with_no_article_is_refused_with_no_readable_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("empty.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><nav><a href=/>Home</a></nav><script>x()</script>\
         <form><input></form></body></html>",
    )
    .unwrap();
    let o = aloud(&["plan", page.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no readable sentences"), "{err}");
}
