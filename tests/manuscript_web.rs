//! Web pages and Markdown as people write it: real saved pages and articles from
//! tests/fixtures/corpus/ (sources in SOURCES.md) and short fixtures in tests/fixtures/web/,
//! each with its speakers, chapters and dropped blocks.

use aloud::manuscript::{parse_document, read_document, DropReason, Format, Manuscript, Role};

#[path = "support/manuscript.rs"]
mod support;
use support::{dropped, spoken, titles};

fn load(path: &str) -> Manuscript {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let doc = read_document(&full).expect("readable");
    parse_document(&doc.text, None, doc.format).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn saved_blog_page_reads_only_the_post_and_reports_the_sidebar_and_footer() {
    let m = load("corpus/ebb-org-controversial-events.html");
    assert_eq!(m.title, "On Recent Controversial Events");
    assert_eq!(m.publication.as_deref(), Some("Bradley M. Kuhn"));
    assert_eq!(m.speakers.len(), 1);
    assert_eq!(m.speakers[0].role, Role::Narrator);
    assert_eq!(titles(&m), vec!["On Recent Controversial Events"]);
    let text = spoken(&m);
    assert!(text.contains("The last 33 days have been unprecedentedly difficult"));
    assert!(text.ends_with("sexual abuse, gaslighting, and other deplorable actions."));
    for cruft in [
        "Tag Cloud",
        "accounting",
        "Pump.io",
        "Powered by",
        "Creative Commons",
        "disclaimer",
        "service mark",
        "Submit comments",
        "Previous",
        "Posted on",
        "http",
        "**",
    ] {
        assert!(!text.contains(cruft), "{cruft} is read");
    }
    let paragraphs: usize = m.chapters[0].turns[0].paragraphs.len();
    assert_eq!(
        paragraphs,
        1 + 12,
        "the opening and the post's 12 paragraphs"
    );
    assert_eq!(
        dropped(&m),
        vec![
            (19, DropReason::Sidebar),
            (407, DropReason::Byline),
            (446, DropReason::Byline),
            (449, DropReason::Comments),
            (453, DropReason::SiteFooter),
            (460, DropReason::OutsideArticle),
            (464, DropReason::OutsideArticle),
            (470, DropReason::OutsideArticle),
            (473, DropReason::OutsideArticle),
            (477, DropReason::OutsideArticle),
            (480, DropReason::OutsideArticle),
        ]
    );
}

#[test]
fn markdown_blog_post_skips_code_and_images_and_reads_links_as_text() {
    let m = load("corpus/rust-blog-intro-rustc-self-profile.md");
    assert_eq!(m.title, "Intro to rustc's self profiler");
    assert_eq!(m.speakers.len(), 1, "an article: the narrator alone");
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "Setup",
            "Profiling the compiler",
            "summarize",
            "flamegraph",
            "crox",
            "Basic usage",
            "Filtering short events",
            "Capturing event arguments",
            "Profiling an entire crate graph",
        ]
    );
    let text = spoken(&m);
    for never in [
        "$ ",
        "cargo install",
        "+-----",
        "Image of",
        "[",
        "](",
        "```",
    ] {
        assert!(!text.contains(never), "{never:?} is read");
    }
    assert!(text.contains("the Self-Profile Working Group has been building tools"));
    assert!(text.contains("stop by our Zulip stream."));
    let count = |r: DropReason| m.dropped.iter().filter(|d| d.reason == r).count();
    assert_eq!(count(DropReason::CodeBlock), 13);
    assert_eq!(count(DropReason::Image), 5);
    assert_eq!(count(DropReason::LinkReference), 11);
    assert_eq!(count(DropReason::FrontMatter), 1);
    // "[Click here] to try the interactive svg." is a prompt for a reader with a browser.
    assert_eq!(count(DropReason::ShareSubscribe), 1);
    assert_eq!(m.dropped.len(), 31);
}

#[test]
fn web_interview_bold_labels_are_speakers_and_the_page_furniture_is_dropped() {
    let m = load("web/interview-bold-labels.html");
    assert_eq!(m.title, "Water First: A Conversation");
    assert_eq!(m.publication.as_deref(), Some("Riverton Courier"));
    let sp: Vec<(&str, Role)> = m
        .speakers
        .iter()
        .map(|s| (s.name.as_str(), s.role))
        .collect();
    assert_eq!(
        sp,
        vec![
            ("Narrator", Role::Narrator),
            ("Helen Marsh", Role::Host),
            ("Daniel Okafor", Role::Guest)
        ]
    );
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "How did the town end up here?",
            "What happens to the farms?"
        ]
    );
    let answer = &m.chapters[1].turns[1].paragraphs[0].text;
    assert_eq!(
        answer,
        "Slowly, and then all at once. We ignored the pipes for years. Nobody wanted to pay."
    );
    let text = spoken(&m);
    assert!(text.contains("water & farms"), "entities decoded");
    assert!(
        text.contains("Name: Ada. Role: engineer."),
        "table row as a sentence"
    );
    for cruft in [
        "Home",
        "cookies",
        "Photo",
        "Share",
        "Related",
        "Great article",
        "©",
        "var x",
    ] {
        assert!(!text.contains(cruft), "{cruft} is read");
    }
    assert_eq!(
        dropped(&m),
        vec![
            (4, DropReason::Script),
            (4, DropReason::Style),
            (6, DropReason::OutsideArticle),
            (7, DropReason::Navigation),
            (8, DropReason::CookieBanner),
            (11, DropReason::Byline),
            (13, DropReason::Image),
            (13, DropReason::Caption),
            (19, DropReason::ShareSubscribe),
            (21, DropReason::Related),
            (22, DropReason::Comments),
            (23, DropReason::SiteFooter),
        ]
    );
}

#[test]
fn markdown_tables_are_read_by_row_and_code_images_captions_notes_are_not() {
    let m = load("web/article-tables-code.md");
    assert_eq!(m.title, "Measuring the New Pumps");
    let paragraphs: Vec<&str> = m.chapters[0].turns[0]
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        &paragraphs[1..],
        &[
            "The town replaced its three pumps this spring. Here is what the engineers measured.",
            "Pump: North. Flow: 120 litres a second. Note: runs at night.",
            "Pump: South | East. Flow: 95 litres a second.",
            "The control program is short:",
            "The new pumps paid for themselves in a year, the mayor said.",
        ]
    );
    assert_eq!(
        dropped(&m),
        vec![
            (1, DropReason::FrontMatter),
            (6, DropReason::Image),
            (8, DropReason::Caption),
            (19, DropReason::CodeBlock),
            (23, DropReason::HtmlComment),
            (28, DropReason::Caption),
            (30, DropReason::Footnote),
        ]
    );
}

#[test]
fn a_saved_page_named_txt_is_still_read_as_a_web_page() {
    let dir = tempfile::tempdir().unwrap();
    let src = format!(
        "{}/tests/fixtures/web/interview-bold-labels.html",
        env!("CARGO_MANIFEST_DIR")
    );
    let txt = dir.path().join("saved.txt");
    std::fs::copy(src, &txt).unwrap();
    let doc = read_document(&txt.to_string_lossy()).unwrap();
    assert_eq!(doc.format, Format::Html);
    let md = format!(
        "{}/tests/fixtures/web/article-tables-code.md",
        env!("CARGO_MANIFEST_DIR")
    );
    assert_eq!(read_document(&md).unwrap().format, Format::Text);
}

#[test]
fn markdown_podcast_transcript_has_its_bold_speakers_and_reads_the_link_as_text() {
    let m = load("corpus/changelog-news-1.md");
    let sp: Vec<(&str, Role)> = m
        .speakers
        .iter()
        .map(|s| (s.label.as_str(), s.role))
        .collect();
    assert_eq!(
        sp,
        vec![
            ("narrator", Role::Narrator),
            ("Jerod Santo", Role::Guest),
            ("David Starsky", Role::Guest)
        ]
    );
    assert_eq!(titles(&m), vec!["Introduction", "Transcript"]);
    let who: Vec<&str> = m.chapters[1]
        .turns
        .iter()
        .map(|t| m.speakers[t.speaker.0].label.as_str())
        .collect();
    assert_eq!(who, vec!["Jerod Santo", "David Starsky", "Jerod Santo"]);
    assert_eq!(m.chapters[1].turns[0].paragraphs.len(), 17);
    assert_eq!(
        m.chapters[1].turns[1].paragraphs[0].text,
        "Seriously, do it. Do it!"
    );
    let text = spoken(&m);
    assert!(!text.contains("**") && !text.contains("youtube"));
    assert!(m.dropped.is_empty());
}

#[test]
fn markdown_postmortem_reads_its_timeline_list_and_drops_the_link_definitions() {
    let m = load("corpus/rust-blog-docsrs-outage-postmortem.md");
    assert_eq!(m.title, "docs.rs outage postmortem");
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "Root cause of the outage",
            "Resolution",
            "Postmortem",
            "Timeline of events",
            "Action items"
        ]
    );
    let timeline: Vec<&str> = m.chapters[4].turns[0]
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        timeline.len(),
        1 + 13,
        "the note and one paragraph per event"
    );
    assert_eq!(
        timeline[2],
        "01:38: alerts fired for the docs.rs website being down, ashleygwilliams (backup contact) got paged"
    );
    assert_eq!(
        dropped(&m),
        vec![
            (1, DropReason::FrontMatter),
            (70, DropReason::LinkReference),
            (71, DropReason::LinkReference),
            (72, DropReason::LinkReference),
            (73, DropReason::LinkReference),
        ]
    );
    assert!(!spoken(&m).contains('['));
}
