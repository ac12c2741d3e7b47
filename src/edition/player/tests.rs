use super::*;
use scraper::{Html, Selector};

const HOSTILE: &str =
    "</script><script>window.pwned=1</script><img src=x onerror=\"alert('x')\"> & \"q\" 'a'";

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// A page with two chapters written through the writer, as a string.
fn page(title: &str, speaker: &str, text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut w = PageWriter::new(&dir.path().join("t.html"), dir.path()).unwrap();
    w.chapter("Opening").unwrap();
    w.cue(0, 1_200, "Narrator", title).unwrap();
    w.paragraph();
    w.cue(1_800, 3_000, "Narrator", "A second paragraph.")
        .unwrap();
    w.chapter(text).unwrap();
    w.cue(4_000, 5_500, speaker, text).unwrap();
    w.cue(5_500, 6_250, speaker, "Same speaker, same paragraph.")
        .unwrap();
    w.cue(7_000, 9_000, "Host", "Another speaker.").unwrap();
    let chapters = [
        PageChapter {
            start_ms: 0,
            end_ms: 3_500,
            title: "Opening".into(),
        },
        PageChapter {
            start_ms: 3_500,
            end_ms: 9_000,
            title: text.into(),
        },
    ];
    let wav = dir.path().join("t \"x\".wav");
    let vtt = dir.path().join("t.vtt");
    let files = [(wav.as_path(), "audio"), (vtt.as_path(), "transcript")];
    let facts = PageFacts {
        title,
        publication: speaker,
        duration_ms: 9_000,
        chapters: &chapters,
        files: &files,
    };
    let mut out = w.finish(dir.path(), &facts).unwrap();
    out.seek(SeekFrom::Start(0)).unwrap();
    let mut s = String::new();
    out.read_to_string(&mut s).unwrap();
    s
}

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<String>())
        .collect()
}

#[test]
fn hostile_text_stays_text() {
    let html = page(HOSTILE, HOSTILE, HOSTILE);
    let doc = Html::parse_document(&html);
    // Parsed by a browser's parser, every hostile string comes back as the text it was.
    assert_eq!(texts(&doc, "title"), [HOSTILE]);
    assert_eq!(texts(&doc, "h1"), [HOSTILE]);
    assert_eq!(texts(&doc, ".chapter .title")[1], HOSTILE);
    assert_eq!(texts(&doc, ".transcript h3")[1], HOSTILE);
    assert_eq!(texts(&doc, ".cue")[2], HOSTILE);
    assert_eq!(texts(&doc, ".speaker")[1], format!("{HOSTILE}:"));
    assert!(texts(&doc, ".byline")[0].starts_with(HOSTILE));
    // No element came from the text: one script (the page's own), no image.
    assert_eq!(doc.select(&sel("script")).count(), 1);
    assert_eq!(doc.select(&sel("img")).count(), 0);
    assert!(!html.contains("pwned=1</script>"));
    assert!(!html.contains("<img"));
    // The audio's name with quotes stays inside its attribute.
    let src = doc.select(&sel("audio source")).next().unwrap();
    assert_eq!(src.value().attr("src"), Some("./t%20%22x%22.wav"));
    assert_eq!(src.value().attr("type"), Some("audio/wav"));
}

#[test]
fn chapters_and_cues_carry_their_times() {
    let html = page("Title", "Guest", "Second chapter");
    let doc = Html::parse_document(&html);
    let chapters: Vec<(String, String, String)> = doc
        .select(&sel("#chapter-list button.chapter"))
        .map(|b| {
            (
                b.value().attr("data-start").unwrap().to_string(),
                b.value().attr("data-end").unwrap().to_string(),
                b.select(&sel(".title")).next().unwrap().text().collect(),
            )
        })
        .collect();
    assert_eq!(
        chapters,
        [
            ("0.000".into(), "3.500".into(), "Opening".into()),
            ("3.500".into(), "9.000".into(), "Second chapter".into())
        ]
    );
    assert_eq!(texts(&doc, ".chapter time"), ["0:00", "0:03"]);
    let cues: Vec<(&str, &str)> = doc
        .select(&sel(".cue"))
        .map(|c| {
            (
                c.value().attr("data-start").unwrap(),
                c.value().attr("data-end").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        cues,
        [
            ("0.000", "1.200"),
            ("1.800", "3.000"),
            ("4.000", "5.500"),
            ("5.500", "6.250"),
            ("7.000", "9.000")
        ]
    );
    // Paragraphs: the narrator's two, the guest's two sentences together, then the host.
    assert_eq!(doc.select(&sel("p.turn")).count(), 4);
    assert_eq!(texts(&doc, ".speaker"), ["Narrator:", "Guest:", "Host:"]);
    assert_eq!(texts(&doc, ".byline")[0], "Guest · 9 s · 2 chapters");
}

#[test]
fn the_page_loads_nothing_from_elsewhere() {
    let html = page("Title", "Guest", "Text");
    let doc = Html::parse_document(&html);
    assert!(!html.contains("://"), "no absolute URL anywhere");
    assert!(!html.contains("@import") && !html.contains("url("));
    for e in doc.select(&sel("[src], [href]")) {
        for attr in ["src", "href"] {
            if let Some(url) = e.value().attr(attr) {
                assert!(
                    url.starts_with("./") || url.starts_with('#'),
                    "{attr}={url}"
                );
            }
        }
    }
    let csp = doc
        .select(&sel("meta[http-equiv=Content-Security-Policy]"))
        .next()
        .unwrap();
    let policy = csp.value().attr("content").unwrap();
    assert!(policy.starts_with("default-src 'none'; style-src 'sha256-"));
    assert!(policy.contains("media-src 'self'"));
}

#[test]
fn only_pages_aloud_wrote_are_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours.html");
    std::fs::write(&ours, page("T", "S", "X")).unwrap();
    assert!(check_replaceable(&ours).is_ok());
    assert!(check_replaceable(&dir.path().join("missing.html")).is_ok());
    for (name, text) in [
        ("mine.html", "<!DOCTYPE html><title>My page</title>"),
        ("empty.html", ""),
        (
            "late.html",
            &format!("{}{}", " ".repeat(2000), template::GENERATOR),
        ),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        assert!(
            matches!(check_replaceable(&p), Err(PlayerError::NotOurs { path }) if path == p),
            "{name}"
        );
    }
}
