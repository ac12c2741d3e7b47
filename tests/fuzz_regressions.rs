//! Inputs that once crashed a fuzz target (fuzz/), kept as regression tests: every file in
//! tests/fixtures/fuzz/<target>/ goes through the same calls as the target and must give a
//! result or an error, without panicking.

use aloud::text::{analyze, KnownWords, NoKnownWords};
use std::collections::HashSet;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// The files of tests/fixtures/fuzz/<target>/, sorted; none when the folder does not exist.
fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("read tests/fixtures/fuzz").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn manuscript(data: &[u8]) {
    if let Ok(text) = aloud::manuscript::decode_input(data, "fuzz") {
        let _ = aloud::manuscript::parse(&text);
    }
}

fn normalize(data: &[u8]) {
    // The target only sees valid UTF-8 (libFuzzer's `&str` skips the rest).
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let known: HashSet<&str> = ["nasa", "alba", "the", "a", "mr", "st", "us", "it", "ok"]
        .into_iter()
        .collect();
    for words in [&NoKnownWords as &dyn KnownWords, &known] {
        for s in analyze(text, words) {
            assert!(!s.words.is_empty());
            for w in &s.words {
                assert!(!w.text.is_empty());
                assert!(text.get(w.source.clone()).is_some(), "{:?}", w.source);
            }
        }
    }
}

fn chapters(data: &[u8]) {
    let _ = aloud::edition::read_chapters_from(Cursor::new(data), Path::new("fuzz"));
}

/// Runs `run` on every input of `target`, naming the file of the one that panics.
fn replay(target: &str, run: fn(&[u8])) -> usize {
    let files = inputs(target);
    for path in &files {
        let data = std::fs::read(path).expect("read a fuzz input");
        if std::panic::catch_unwind(|| run(&data)).is_err() {
            panic!("{} panics again", path.display());
        }
    }
    files.len()
}

#[test]
fn manuscript_crash_inputs_no_longer_panic() {
    replay("manuscript", manuscript);
}

#[test]
fn normalize_crash_inputs_no_longer_panic() {
    replay("normalize", normalize);
}

#[test]
fn chapters_crash_inputs_no_longer_panic() {
    replay("chapters", chapters);
}
