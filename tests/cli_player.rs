//! The player page through the command line: `aloud render` writes `<stem>.html` beside the
//! audio with the same chapters and cue times as the sidecars, `--no-player` leaves it out,
//! and a file at the page's path that aloud did not write is never replaced.

use scraper::{Html, Selector};
use std::path::Path;
#[path = "support/common.rs"]
mod common;
use common::{aloud_in, names};

const USAGE: i32 = 2;
const TALK: &str = "# Wells & Water\n\nAn interview for The 'Weekly'.\n\n\
**Ana Ruiz:** Why does water matter so much?\n\n\
**Ben Oduya:** Water is life. Is 3 < 4 and 5 > 2? Every town needs a clean well.\n\n\
**Ana Ruiz:** What comes next?\n\n\
**Ben Oduya:** More wells. The children walk far.\n";

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The cue start times of a WebVTT file, in milliseconds.
fn vtt_starts(vtt: &str) -> Vec<u64> {
    vtt.lines()
        .filter_map(|l| l.split_once(" --> "))
        .map(|(start, _)| {
            let parts: Vec<f64> = start.split(':').map(|p| p.parse().unwrap()).collect();
            ((parts[0] * 3600.0 + parts[1] * 60.0 + parts[2]) * 1000.0).round() as u64
        })
        .collect()
}

fn secs_to_ms(s: &str) -> u64 {
    (s.parse::<f64>().unwrap() * 1000.0).round() as u64
}

#[test]
fn render_writes_a_player_page_that_agrees_with_the_sidecars() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("talk.md"), TALK).unwrap();
    let o = aloud_in(d, &["render", "talk.md", "-o", "talk.wav", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(summary["outputs"]["player_html"], "talk.html");

    let html = std::fs::read_to_string(d.join("talk.html")).unwrap();
    let doc = Html::parse_document(&html);
    let title: String = doc.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(title, "Wells & Water");
    let src = doc.select(&sel("audio source")).next().unwrap();
    assert_eq!(src.value().attr("src"), Some("./talk.wav"));

    // Chapters: the JSON sidecar's titles and times.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("talk.chapters.json")).unwrap())
            .unwrap();
    let want: Vec<(u64, String)> = json["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                (c["startTime"].as_f64().unwrap() * 1000.0).round() as u64,
                c["title"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let got: Vec<(u64, String)> = doc
        .select(&sel("#chapter-list button.chapter"))
        .map(|b| {
            (
                secs_to_ms(b.value().attr("data-start").unwrap()),
                b.select(&sel(".title")).next().unwrap().text().collect(),
            )
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(got.len(), 3);

    // Sentences: the WebVTT transcript's cues, same starts, same text.
    let vtt = std::fs::read_to_string(d.join("talk.vtt")).unwrap();
    let cues: Vec<(u64, String)> = doc
        .select(&sel("#transcript .cue"))
        .map(|c| {
            (
                secs_to_ms(c.value().attr("data-start").unwrap()),
                c.text().collect(),
            )
        })
        .collect();
    assert_eq!(
        cues.iter().map(|c| c.0).collect::<Vec<_>>(),
        vtt_starts(&vtt)
    );
    assert!(
        cues.iter().any(|c| c.1 == "Is 3 < 4 and 5 > 2?"),
        "{cues:?}"
    );
    let speakers: Vec<String> = doc
        .select(&sel(".speaker"))
        .map(|s| s.text().collect())
        .collect();
    assert!(speakers.contains(&"Ben Oduya:".to_string()), "{speakers:?}");
}

#[test]
fn no_player_leaves_the_page_out() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("talk.md"), TALK).unwrap();
    let o = aloud_in(
        d,
        &["render", "talk.md", "-o", "t.wav", "--no-player", "--json"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(summary["outputs"]["player_html"].is_null());
    assert!(d.join("t.wav").is_file() && !d.join("t.html").exists());
    let o = aloud_in(d, &["say", "Hello there.", "-o", "s.wav", "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(d.join("s.html").is_file(), "say writes the page too");
}

#[test]
fn a_page_aloud_did_not_write_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("talk.md"), TALK).unwrap();
    let mine = "<!DOCTYPE html><title>My own page</title><p>Hand written.</p>\n";
    std::fs::write(d.join("talk.html"), mine).unwrap();
    let o = aloud_in(d, &["render", "talk.md", "-o", "talk.wav", "-q"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(USAGE), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("talk.html") && err.contains("--no-player"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(d.join("talk.html")).unwrap(), mine);
    assert!(
        !d.join("talk.wav").exists(),
        "nothing of the set was written"
    );

    // Without the page the render goes ahead and leaves the file alone.
    let o = aloud_in(
        d,
        &["render", "talk.md", "-o", "talk.wav", "-q", "--no-player"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(d.join("talk.html")).unwrap(), mine);

    // A page aloud wrote is replaced by the next render.
    std::fs::remove_file(d.join("talk.html")).unwrap();
    let o = aloud_in(d, &["render", "talk.md", "-o", "talk.wav", "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::write(d.join("talk.md"), TALK.replace("Wells", "Pumps")).unwrap();
    let o = aloud_in(d, &["render", "talk.md", "-o", "talk.wav", "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(d.join("talk.html")).unwrap();
    assert!(page.contains("<h1>Pumps &amp; Water</h1>"), "the new page");
}

#[test]
fn a_web_page_input_is_not_replaced_by_its_own_player_page() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let input = "<!DOCTYPE html><html><head><title>Wells</title></head><body><article>\
                 <h1>Wells</h1><p>Water is life, and every town needs a clean well.</p>\
                 </article></body></html>\n";
    std::fs::write(d.join("wells.html"), input).unwrap();
    let o = aloud_in(d, &["render", "wells.html", "-o", "wells.wav", "-q"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(USAGE), "{err}");
    assert!(err.contains("wells.html"), "{err}");
    assert_eq!(
        std::fs::read_to_string(d.join("wells.html")).unwrap(),
        input
    );
    // The default output folder keeps them apart.
    let o = aloud_in(d, &["render", "wells.html", "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(d.join("output/wells.html").is_file());
    assert_eq!(
        std::fs::read_to_string(d.join("wells.html")).unwrap(),
        input
    );
}

/// The `<audio>` source of a page: its `src` and `type`.
fn page_source(page: &Path) -> (String, String) {
    let doc = Html::parse_document(&std::fs::read_to_string(page).unwrap());
    let src = doc.select(&sel("audio source")).next().unwrap();
    let attr = |a| src.value().attr(a).unwrap().to_string();
    (attr("src"), attr("type"))
}

#[test]
fn a_compressed_edition_s_page_plays_its_own_audio_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("talk.md"), TALK).unwrap();
    let o = aloud_in(
        d,
        &["render", "talk.md", "--format", "mp3", "-o", "talk.mp3"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        page_source(&d.join("talk.html")),
        ("./talk.mp3".into(), "audio/mpeg".into())
    );
    let o = aloud_in(d, &["render", "talk.md", "-o", "other.opus"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        page_source(&d.join("other.html")),
        ("./other.opus".into(), "audio/ogg; codecs=opus".into())
    );
    let o = aloud_in(d, &["render", "talk.md", "-o", "bare.mp3", "--no-player"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(d.join("bare.mp3").exists());
    assert!(!d.join("bare.html").exists());
}

#[test]
fn a_catalogue_s_pages_follow_the_format_and_no_player() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("talk.md"), TALK).unwrap();
    let site = d.join("site");
    let run = |extra: &[&str]| -> (u64, u64) {
        let o = aloud_in(
            d,
            &[&["render", "talk.md", "--out-dir", "site", "--json"], extra].concat(),
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{extra:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        (
            v["rendered"].as_u64().unwrap(),
            v["up_to_date"].as_u64().unwrap(),
        )
    };
    let files = |exts: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = ["aloud.json", "chapters.json", "chapters.vtt", "vtt"]
            .iter()
            .chain(exts)
            .map(|e| format!("talk.{e}"))
            .collect();
        v.sort();
        v
    };
    assert_eq!(run(&["--format", "mp3"]), (1, 0));
    assert_eq!(names(&site), files(&["mp3", "html"]));
    assert_eq!(
        page_source(&site.join("talk.html")),
        ("./talk.mp3".into(), "audio/mpeg".into())
    );
    let record = std::fs::read_to_string(site.join("talk.aloud.json")).unwrap();
    assert!(record.contains("\"player-page\""), "{record}");
    // --no-player is part of the key; the page and the MP3 both go when Opus without a page
    // replaces them.
    assert_eq!(run(&["--format", "mp3"]), (0, 1));
    assert_eq!(run(&["--format", "opus", "--no-player"]), (1, 0));
    assert_eq!(names(&site), files(&["opus"]));
    assert_eq!(run(&["--format", "opus", "--no-player"]), (0, 1));
    // Back to WAV with a page: the Opus goes, the page comes back and plays the WAV.
    assert_eq!(run(&[]), (1, 0));
    assert_eq!(names(&site), files(&["wav", "html"]));
    assert_eq!(
        page_source(&site.join("talk.html")),
        ("./talk.wav".into(), "audio/wav".into())
    );
    assert_eq!(run(&[]), (0, 1));
    // A page of the user's where aloud's was: the edition without a page leaves it alone.
    assert_eq!(run(&["--no-player"]), (1, 0));
    std::fs::write(site.join("talk.html"), "<p>mine</p>").unwrap();
    assert_eq!(run(&["--format", "mp3", "--no-player"]), (1, 0));
    assert_eq!(
        std::fs::read_to_string(site.join("talk.html")).unwrap(),
        "<p>mine</p>"
    );
    assert!(!site.join("talk.wav").exists());
}
