//! A catalogue through the command line, with real files: many documents rendered into one
//! folder, one failure not stopping the others, editions that are up to date left alone, files
//! aloud did not make never replaced, shards that render every document exactly once, and the
//! podcast feed as an independent parser (Python feedparser) reads it.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
#[path = "support/common.rs"]
mod common;
use common::{aloud_in, python_with};

const DATED: &str = "---\ntitle: Water Notes\ndate: 2024-05-01\nauthor: Ana Ruiz\n---\n\n\
                     This is a short article about water. It is read aloud.\n";
const CHAPTERED: &str =
    "Another Note\n\n## First\n\nOne chapter here.\n\n## Second\n\nAnd a second one.\n";
const PAGE: &str = "<!DOCTYPE html><html><head><title>Rivers | The Site</title>\
    <meta property=\"article:published_time\" content=\"2023-11-20T08:15:00+01:00\">\
    <meta property=\"og:site_name\" content=\"The Site\"></head><body><article>\
    <h1>Rivers</h1><p>Rivers carry water to the sea, slowly and surely.</p></article></body></html>";
const PLAIN: &str = "A Third Text\n\nIt has one sentence only.\n";

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A folder with four good documents (two of them named `intro.md`) and an empty one.
fn documents() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "news/intro.md", DATED);
    write(d, "talks/intro.md", CHAPTERED);
    write(d, "page.html", PAGE);
    write(d, "note.txt", PLAIN);
    write(d, "broken.txt", "");
    dir
}

const GOOD: [&str; 4] = ["news/intro.md", "talks/intro.md", "page.html", "note.txt"];

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `--json` summary: source → status.
fn statuses(o: &Output) -> BTreeMap<String, String> {
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["source"].as_str().unwrap().to_string(),
                d["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn with_status(s: &BTreeMap<String, String>, status: &str) -> Vec<String> {
    s.iter()
        .filter(|(_, v)| *v == status)
        .map(|(k, _)| k.clone())
        .collect()
}

fn record(site: &Path, stem: &str) -> Value {
    let text = std::fs::read(site.join(format!("{stem}.aloud.json"))).unwrap();
    serde_json::from_slice(&text).unwrap()
}

/// The roles of a record's files, in order.
fn roles(r: &Value) -> Vec<&str> {
    r["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["role"].as_str().unwrap())
        .collect()
}

const FIVE_ROLES: [&str; 5] = [
    "audio",
    "chapters",
    "transcript",
    "chapter-track",
    "player-page",
];

#[test]
fn a_broken_document_does_not_stop_the_others() {
    let dir = documents();
    let d = dir.path();
    let mut args = vec!["render"];
    args.extend(GOOD);
    args.extend(["broken.txt", "--out-dir", "site"]);
    let o = aloud_in(d, &args);
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(3),
        "bad input decides the code: {err}"
    );
    assert!(
        err.contains("4 rendered, 0 up to date, 1 failed (of 5)"),
        "{err}"
    );
    assert!(err.contains("failed: broken.txt"), "{err}");
    assert!(
        err.trim_end()
            .ends_with("aloud: error: 1 of 5 documents failed: broken.txt"),
        "{err}"
    );
    let site = d.join("site");
    // Same-named documents from different folders get their folder in the stem.
    for stem in ["news-intro", "talks-intro", "page", "note"] {
        for ext in [
            "wav",
            "chapters.json",
            "vtt",
            "chapters.vtt",
            "html",
            "aloud.json",
        ] {
            assert!(site.join(format!("{stem}.{ext}")).is_file(), "{stem}.{ext}");
        }
        let r = record(&site, stem);
        assert_eq!(r["state"], "complete");
        assert_eq!(roles(&r), FIVE_ROLES, "{stem}");
        for f in r["files"].as_array().unwrap() {
            let len = std::fs::metadata(site.join(f["name"].as_str().unwrap()))
                .unwrap()
                .len();
            assert_eq!(f["bytes"].as_u64(), Some(len));
        }
    }
    let left: Vec<String> = std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("broken") || n.starts_with(".aloud-"))
        .collect();
    assert!(left.is_empty(), "nothing of the failed document: {left:?}");
    assert_eq!(record(&site, "news-intro")["published"], "2024-05-01");
    assert_eq!(
        record(&site, "page")["published"],
        "2023-11-20T08:15:00+01:00"
    );
    assert_eq!(
        record(&site, "talks-intro")["chapters"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn only_what_changed_is_rendered_again() {
    let dir = documents();
    let d = dir.path();
    let run = |extra: &[&str]| {
        let mut args = vec!["render", "--json", "--out-dir", "site"];
        args.extend(GOOD);
        args.extend(extra);
        let o = aloud_in(d, &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        statuses(&o)
    };
    let first = run(&[]);
    assert_eq!(with_status(&first, "rendered").len(), 4);
    let wav = d.join("site/note.wav");
    let stamp = std::fs::metadata(&wav).unwrap().modified().unwrap();
    let again = run(&[]);
    assert_eq!(with_status(&again, "up-to-date").len(), 4, "{again:?}");
    assert_eq!(std::fs::metadata(&wav).unwrap().modified().unwrap(), stamp);
    // Same bytes, new time: the content decides, not the clock.
    std::fs::write(d.join("note.txt"), PLAIN).unwrap();
    assert_eq!(with_status(&run(&[]), "rendered").len(), 0);
    // One text changed: only it.
    write(
        d,
        "note.txt",
        &format!("{PLAIN}\nAnd now a second sentence.\n"),
    );
    assert_eq!(with_status(&run(&[]), "rendered"), ["note.txt"]);
    // A user lexicon appears beside the two documents at the top.
    write(d, "aloud-lexicon.txt", "water  W AO1 T ER0\n");
    assert_eq!(
        with_status(&run(&[]), "rendered"),
        ["note.txt", "page.html"]
    );
    // An option that changes the sound: everything.
    assert_eq!(with_status(&run(&["--rate", "1.1"]), "rendered").len(), 4);
    assert_eq!(with_status(&run(&["--rate", "1.1"]), "up-to-date").len(), 4);
    // --force: everything, and the first render's time is kept.
    let before = record(&d.join("site"), "note")["first_rendered"].clone();
    assert_eq!(
        with_status(&run(&["--rate", "1.1", "--force"]), "rendered").len(),
        4
    );
    assert_eq!(record(&d.join("site"), "note")["first_rendered"], before);
}

#[test]
fn files_aloud_did_not_make_are_never_replaced() {
    let dir = documents();
    let d = dir.path();
    std::fs::create_dir(d.join("site")).unwrap();
    write(d, "site/note.wav", "my own recording");
    write(d, "site/page.aloud.json", "{\"mine\": true}");
    let o = aloud_in(
        d,
        &[
            "render",
            "note.txt",
            "page.html",
            "talks/intro.md",
            "--out-dir",
            "site",
        ],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("site/note.wav: aloud will not replace this file"),
        "{err}"
    );
    assert!(
        err.contains("site/page.aloud.json: aloud will not replace this file"),
        "{err}"
    );
    assert!(err.contains("1 rendered, 0 up to date, 2 failed"), "{err}");
    assert_eq!(
        std::fs::read_to_string(d.join("site/note.wav")).unwrap(),
        "my own recording"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("site/page.aloud.json")).unwrap(),
        "{\"mine\": true}"
    );
    assert!(!d.join("site/page.wav").exists());
    // A file of an edition changed by hand is no longer aloud's, even with --force (alone in
    // its list, talks/intro.md has the stem `intro`).
    write(d, "site/intro.vtt", "WEBVTT\n\nmy edits\n");
    let o = aloud_in(
        d,
        &["render", "talks/intro.md", "--out-dir", "site", "--force"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("changed since aloud wrote it"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(d.join("site/intro.vtt")).unwrap(),
        "WEBVTT\n\nmy edits\n"
    );
    // Usage errors, before any work.
    let o = aloud_in(d, &["render", "note.txt", "page.html"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("need --out-dir DIR"), "{}", stderr(&o));
    let o = aloud_in(d, &["render", "note.txt", "--out-dir", "x", "-o", "y.wav"]);
    assert_eq!(o.status.code(), Some(2));
    let o = aloud_in(
        d,
        &["render", "note.txt", "--out-dir", "x", "--shard", "3/3"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("from 0 to N-1"), "{}", stderr(&o));
}

#[test]
fn the_player_page_is_part_of_the_edition_unless_left_out() {
    let dir = documents();
    let d = dir.path();
    std::fs::create_dir(d.join("site")).unwrap();
    let site = d.join("site");
    let run = |extra: &[&str]| {
        let mut args = vec!["render", "--json", "note.txt", "--out-dir", "site"];
        args.extend(extra);
        let o = aloud_in(d, &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        statuses(&o)["note.txt"].clone()
    };
    let page = site.join("note.html");
    assert_eq!(run(&[]), "rendered");
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("A Third Text"));
    assert_eq!(roles(&record(&site, "note")), FIVE_ROLES);
    // A page changed by hand makes the edition out of date, and then no longer aloud's.
    let original = std::fs::read(&page).unwrap();
    std::fs::write(&page, b"<p>my notes</p>").unwrap();
    let o = aloud_in(d, &["render", "note.txt", "--out-dir", "site"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("note.html: aloud will not replace this file"));
    std::fs::write(&page, &original).unwrap();
    assert_eq!(run(&[]), "up-to-date");
    // --no-player is another edition: rendered again, without the page (aloud's, so removed).
    assert_eq!(run(&["--no-player"]), "rendered");
    assert!(!page.exists());
    assert_eq!(roles(&record(&site, "note")), FIVE_ROLES[..4]);
    assert_eq!(run(&["--no-player"]), "up-to-date");
    // A page aloud did not make stops a render that would write one, not one without.
    std::fs::write(&page, b"<p>my own page</p>").unwrap();
    let o = aloud_in(d, &["render", "note.txt", "--out-dir", "site", "--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no edition record of aloud's names it"));
    assert_eq!(run(&["--no-player", "--force"]), "rendered");
    assert_eq!(std::fs::read(&page).unwrap(), b"<p>my own page</p>");
    std::fs::remove_file(&page).unwrap();
    assert_eq!(run(&[]), "rendered");
    assert_eq!(roles(&record(&site, "note")), FIVE_ROLES);
}

#[test]
fn shards_render_every_document_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let names: Vec<String> = (1..=7).map(|i| format!("texts/part-{i}.txt")).collect();
    for (i, n) in names.iter().enumerate() {
        write(
            d,
            &format!("lists/{n}"),
            &format!("Part {}\n\nThis is part number {}.\n", i + 1, i + 1),
        );
    }
    let manifest = |order: &[String]| {
        let mut text = "# the back catalogue\n\n".to_string();
        for n in order {
            text += &format!("{n}\n");
        }
        write(d, "lists/manifest.txt", &text);
    };
    manifest(&names);
    let shards = |expect: &str| -> Vec<BTreeSet<String>> {
        (0..3)
            .map(|i| {
                let shard = format!("{i}/3");
                let o = aloud_in(
                    d,
                    &[
                        "render",
                        "--manifest",
                        "lists/manifest.txt",
                        "--shard",
                        &shard,
                        "--out-dir",
                        "site",
                        "--json",
                    ],
                );
                assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
                let s = statuses(&o);
                assert!(s.values().all(|v| v == expect), "{s:?}");
                s.into_keys().collect()
            })
            .collect()
    };
    let first = shards("rendered");
    let mut all = BTreeSet::new();
    for s in &first {
        for doc in s {
            assert!(all.insert(doc.clone()), "{doc} rendered by two shards");
        }
    }
    assert_eq!(all, names.iter().cloned().collect(), "every document once");
    // The share does not depend on the order of the manifest.
    let mut reversed = names.clone();
    reversed.reverse();
    manifest(&reversed);
    assert_eq!(shards("up-to-date"), first);
    // The feed is built afterwards from the folder.
    let o = aloud_in(
        d,
        &[
            "feed",
            "site",
            "--feed-title",
            "Parts",
            "--base-url",
            "https://example.org/parts",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("feed: 7 items in site/feed.xml"),
        "{}",
        stderr(&o)
    );
    // --feed with --shard would list one shard only.
    let o = aloud_in(
        d,
        &[
            "render",
            "--manifest",
            "lists/manifest.txt",
            "--shard",
            "0/3",
            "--out-dir",
            "site",
            "--feed",
            "site/f.xml",
            "--feed-title",
            "P",
            "--base-url",
            "https://example.org/",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

fn hms(seconds: f64) -> String {
    let s = seconds.round() as u64;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

#[test]
fn the_feed_reads_back_with_feedparser() {
    let dir = documents();
    let d = dir.path();
    let base = "https://example.org/pod/";
    let mut args = vec!["render"];
    args.extend(GOOD);
    args.extend([
        "--out-dir",
        "site",
        "--feed",
        "site/feed.xml",
        "--feed-title",
        "Test & Co",
        "--base-url",
        "https://example.org/pod",
    ]);
    let o = aloud_in(d, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let site = d.join("site");
    let written = std::fs::read(site.join("feed.xml")).unwrap();
    // Built again from the folder: the same bytes.
    let o = aloud_in(
        d,
        &[
            "feed",
            "site",
            "--feed-title",
            "Test & Co",
            "--base-url",
            base,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(site.join("feed.xml")).unwrap(), written);
    let Some(python) = python_with("feedparser") else {
        return;
    };
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/feed_items.py");
    let read = || -> Value {
        let o = Command::new(&python)
            .arg(&script)
            .arg(site.join("feed.xml"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let feed = read();
    assert_eq!(feed["bozo"], false, "{}", feed["bozo_exception"]);
    assert_eq!(feed["format"], "rss20");
    assert_eq!(feed["title"], "Test & Co");
    let items = feed["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    let mut guids = BTreeSet::new();
    let mut by_stem = BTreeMap::new();
    for item in items {
        let enc = &item["enclosures"].as_array().unwrap()[0];
        let url = enc["url"].as_str().unwrap();
        let name = url.strip_prefix(base).expect("under the base URL");
        let stem = name.strip_suffix(".wav").unwrap().to_string();
        let size = std::fs::metadata(site.join(name)).unwrap().len();
        assert_eq!(
            enc["length"].as_str(),
            Some(size.to_string().as_str()),
            "{name}"
        );
        assert_eq!(enc["type"], "audio/wav");
        let r = record(&site, &stem);
        assert_eq!(item["title"], r["title"]);
        assert_eq!(
            item["link"].as_str(),
            Some(format!("{base}{stem}.html").as_str()),
            "the item links its player page"
        );
        assert_eq!(
            item["duration"].as_str(),
            Some(hms(r["duration_seconds"].as_f64().unwrap()).as_str())
        );
        assert_eq!(
            item["chapters"]["url"].as_str(),
            Some(format!("{base}{stem}.chapters.json").as_str())
        );
        assert_eq!(item["chapters"]["type"], "application/json+chapters");
        assert_eq!(
            item["transcript"]["url"].as_str(),
            Some(format!("{base}{stem}.vtt").as_str())
        );
        assert_eq!(item["transcript"]["type"], "text/vtt");
        for sidecar in [format!("{stem}.chapters.json"), format!("{stem}.vtt")] {
            assert!(site.join(sidecar).is_file());
        }
        assert!(guids.insert(item["guid"].as_str().unwrap().to_string()));
        by_stem.insert(stem, item.clone());
    }
    // Dates from the article; without one, the first render (newest first).
    assert_eq!(by_stem["news-intro"]["published"], "2024-05-01T12:00:00Z");
    assert_eq!(by_stem["page"]["published"], "2023-11-20T07:15:00Z");
    let first_rendered = record(&site, "note")["first_rendered"].clone();
    assert_eq!(by_stem["note"]["published"], first_rendered);
    assert_eq!(items[3]["title"], "Rivers", "oldest last");
    // The GUID stays when the text changes and the edition is rendered again.
    write(
        d,
        "note.txt",
        &format!("{PLAIN}\nAnd now a second sentence.\n"),
    );
    let o = aloud_in(d, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let again = read();
    let note_again = again["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            i["enclosures"][0]["url"]
                .as_str()
                .unwrap()
                .ends_with("/note.wav")
        })
        .unwrap()
        .clone();
    assert_eq!(note_again["guid"], by_stem["note"]["guid"]);
    assert_ne!(note_again["enclosures"], by_stem["note"]["enclosures"]);
    // A feed path holding someone else's file is refused.
    write(
        d,
        "site/mine.xml",
        "<rss><channel><title>mine</title></channel></rss>",
    );
    let o = aloud_in(
        d,
        &[
            "feed",
            "site",
            "-o",
            "site/mine.xml",
            "--feed-title",
            "T",
            "--base-url",
            base,
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(std::fs::read_to_string(d.join("site/mine.xml"))
        .unwrap()
        .contains("mine"));
}
