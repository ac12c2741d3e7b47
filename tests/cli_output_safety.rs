//! Output safety through the command line: aloud refuses, before any work, an output set that
//! would replace a file the render reads or something that is not a regular file; it leaves
//! nothing behind when it fails; and two renders to one output leave one whole edition.

use std::path::Path;
use std::process::Command;
#[path = "support/common.rs"]
mod common;
use common::{aloud_in, names};

const USAGE: i32 = 2;
const SHORT: &str = "A Short Note\n\nThis is a short article about water. It is read aloud.\n";
const OTHER: &str =
    "Another Note\n\n## First\n\nOne chapter here.\n\n## Second\n\nAnd a second one.\n";

/// Runs `aloud ARGS` in `dir`, expects a usage error whose one line holds every needle, and
/// that no file in `dir` changed.
fn refused(dir: &Path, args: &[&str], needles: &[&str]) {
    let before: Vec<(String, Vec<u8>)> = names(dir)
        .into_iter()
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).unwrap_or_default();
            (n, bytes)
        })
        .collect();
    let o = aloud_in(dir, args);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(USAGE), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: {err:?} lacks {n:?}");
    }
    let after: Vec<(String, Vec<u8>)> = names(dir)
        .into_iter()
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).unwrap_or_default();
            (n, bytes)
        })
        .collect();
    assert_eq!(before, after, "{args:?} changed the folder");
}

#[test]
fn an_output_set_that_touches_a_file_the_render_reads_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("talk.txt"), SHORT).unwrap();
    std::fs::write(
        d.join("meeting.vtt"),
        "WEBVTT\n\n00:00.000 --> 00:01.000\nHello there.\n",
    )
    .unwrap();
    std::fs::write(d.join("words.txt"), "water  W AO1 T ER0\n").unwrap();
    std::fs::write(d.join("cast.toml"), "").unwrap();
    // the WAV itself over the input, in another spelling
    std::fs::hard_link(d.join("talk.txt"), d.join("copy.wav")).unwrap();
    refused(
        d,
        &["render", "./talk.txt", "-o", "copy.wav"],
        &["copy.wav", "./talk.txt"],
    );
    // a sidecar (the transcript) over the input
    refused(
        d,
        &["render", "meeting.vtt", "-o", "meeting.wav"],
        &["meeting.vtt"],
    );
    // a sidecar over the user lexicon, or over the cast file through a link
    std::fs::hard_link(d.join("words.txt"), d.join("e.vtt")).unwrap();
    refused(
        d,
        &[
            "render",
            "talk.txt",
            "--lexicon",
            "words.txt",
            "-o",
            "e.wav",
        ],
        &["e.vtt", "words.txt"],
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink("cast.toml", d.join("c.chapters.json")).unwrap();
    #[cfg(unix)]
    refused(
        d,
        &[
            "render",
            "talk.txt",
            "--cast-file",
            "cast.toml",
            "-o",
            "c.wav",
        ],
        &["c.chapters.json", "cast.toml"],
    );
    // `say` has the same door
    refused(
        d,
        &["say", "Hello.", "--lexicon", "words.txt", "-o", "e.wav"],
        &["words.txt"],
    );
}

#[test]
fn output_names_that_are_not_wav_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("talk.txt"), SHORT).unwrap();
    for out in ["talk.txt", "x.vtt", "x.chapters.json", "x", "sub/"] {
        refused(d, &["render", "talk.txt", "-o", out], &[out, ".wav"]);
    }
}

#[cfg(unix)]
#[test]
fn devices_fifos_sockets_and_folders_are_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("talk.txt"), SHORT).unwrap();
    let fifo = d.join("pipe.wav");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let _socket = std::os::unix::net::UnixListener::bind(d.join("sock.wav")).unwrap();
    std::os::unix::fs::symlink("/dev/null", d.join("null.wav")).unwrap();
    std::fs::create_dir(d.join("folder.wav")).unwrap();
    // a sidecar name that is a FIFO refuses the whole set
    assert!(Command::new("mkfifo")
        .arg(d.join("side.vtt"))
        .status()
        .unwrap()
        .success());
    for (out, kind) in [
        ("pipe.wav", "FIFO"),
        ("sock.wav", "socket"),
        ("null.wav", "character device"),
        ("folder.wav", "folder"),
        ("side.wav", "FIFO"),
    ] {
        let o = aloud_in(d, &["render", "talk.txt", "-o", out, "-q"]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(USAGE), "{out}: {err}");
        assert!(err.contains(kind), "{out}: {err}");
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(std::fs::metadata(d.join("side.vtt"))
        .unwrap()
        .file_type()
        .is_fifo());
    assert!(!d.join("side.wav").exists());
}

#[test]
fn the_default_output_folder_is_named_when_blocked_and_not_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("talk.txt"), SHORT).unwrap();
    std::fs::write(d.join("output"), "a file, not a folder").unwrap();
    refused(d, &["render", "talk.txt"], &["output", "-o"]);
    std::fs::remove_file(d.join("output")).unwrap();
    // a failed render does not leave an empty output/ behind
    std::fs::write(d.join("empty.txt"), "").unwrap();
    let o = aloud_in(d, &["render", "empty.txt", "-q"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(!d.join("output").exists());
    // a successful one keeps it
    let o = aloud_in(d, &["render", "talk.txt", "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(d.join("output/talk.wav").is_file());
}

#[test]
fn a_long_legal_output_name_works() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("talk.txt"), SHORT).unwrap();
    // 236 + ".wav" = 240 bytes; the longest sidecar name, ".chapters.json", makes 250 (< 255)
    let name = format!("{}.wav", "n".repeat(236));
    let o = aloud_in(d, &["render", "talk.txt", "-o", &name, "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(d.join(&name).is_file());
}

/// The chapter titles of the WAV (as `aloud chapters --json` reads them) and of the JSON
/// sidecar.
fn titles(d: &Path) -> (Vec<String>, Vec<String>) {
    let o = aloud_in(d, &["chapters", "out.wav", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let wav: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let side: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("out.chapters.json")).unwrap())
            .unwrap();
    let list = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .or_else(|| v["chapters"].as_array())
            .unwrap()
            .iter()
            .map(|c| c["title"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    (list(&wav), list(&side))
}

#[test]
fn concurrent_renders_to_one_output_leave_one_whole_edition() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), SHORT).unwrap();
    std::fs::write(d.join("b.txt"), OTHER).unwrap();
    for round in 0..4 {
        let spawn = |input: &str| {
            Command::new(env!("CARGO_BIN_EXE_aloud"))
                .args(["render", input, "-o", "out.wav", "-q", "--jobs", "1"])
                .current_dir(d)
                .spawn()
                .unwrap()
        };
        let (mut a, mut b) = (spawn("a.txt"), spawn("b.txt"));
        assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
        let (wav, side) = titles(d);
        assert_eq!(wav, side, "round {round}: a mixed edition");
        let vtt = std::fs::read_to_string(d.join("out.vtt")).unwrap();
        let from_a = vtt.contains("water");
        assert_eq!(
            from_a,
            wav.len() == 1,
            "round {round}: transcript of the other render"
        );
        let left: Vec<String> = names(d)
            .into_iter()
            .filter(|n| n.starts_with(".aloud-"))
            .collect();
        assert!(left.is_empty(), "temporary files left: {left:?}");
    }
}
