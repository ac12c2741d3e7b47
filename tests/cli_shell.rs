//! The shell is part of the interface: standard output closed early or on a full disk, signals
//! at any moment, truncated files, text with nothing to say. Every case runs the built binary
//! with real files, pipes, FIFOs and signals.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};
#[path = "support/common.rs"]
mod common;
use common::names;

const INPUT: i32 = 3;
const INTERNAL: i32 = 4;
const INTERRUPTED: i32 = 130;

const SHORT: &str = "A Short Note\n\nThis is a short article about water. It is read aloud.\n";

fn aloud() -> Command {
    Command::new(env!("CARGO_BIN_EXE_aloud"))
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/keep-almagro-out.txt")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Renders `input` into `dir/out.wav` with `--quiet`, and returns the five files' bytes.
fn render_edition(dir: &Path, input: &Path) -> Vec<Vec<u8>> {
    let out = dir.join("out.wav");
    let o = aloud()
        .args(["render", input.to_str().unwrap(), "--quiet", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    edition_files(dir)
}

/// The bytes of `dir/out.{wav,chapters.json,vtt,chapters.vtt}` (each must exist).
fn edition_files(dir: &Path) -> Vec<Vec<u8>> {
    [
        "out.wav",
        "out.chapters.json",
        "out.vtt",
        "out.chapters.vtt",
        "out.html",
    ]
    .iter()
    .map(|n| std::fs::read(dir.join(n)).unwrap_or_else(|e| panic!("{n}: {e}")))
    .collect()
}

/// A WAV rendered once for the chapter tests (the example: 8 chapters).
fn rendered_example(dir: &Path) -> PathBuf {
    render_edition(dir, &example());
    dir.join("out.wav")
}

/// Every command that prints on standard output, with arguments that make it print a lot.
fn printing_commands(wav: &Path) -> Vec<Vec<String>> {
    let words: Vec<String> = (0..400).map(|i| format!("word{i} Cochabamba")).collect();
    let example = example().to_str().unwrap().to_string();
    let wav = wav.to_str().unwrap().to_string();
    let mut pronounce = vec!["pronounce".to_string()];
    pronounce.extend(words.iter().cloned());
    let mut pronounce_json = pronounce.clone();
    pronounce_json.push("--json".into());
    let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        pronounce,
        pronounce_json,
        v(&["chapters", &wav]),
        v(&["chapters", &wav, "--json"]),
        v(&["plan", &example]),
        v(&["plan", &example, "--json"]),
        v(&["plan", &example, "--pho"]),
        v(&["voices", "--json"]),
    ]
}

#[test]
fn a_reader_that_closed_its_pipe_ends_every_command_quietly_with_exit_0() {
    let d = tempfile::tempdir().unwrap();
    let wav = rendered_example(d.path());
    for args in printing_commands(&wav) {
        // The read end is closed before aloud writes anything: every write meets EPIPE.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = aloud().args(&args).stdout(writer).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(o.stderr.is_empty(), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_reader_that_stops_after_one_byte_ends_every_command_quietly_with_exit_0() {
    let d = tempfile::tempdir().unwrap();
    let wav = rendered_example(d.path());
    for args in printing_commands(&wav) {
        let mut child = aloud()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut one = [0u8; 1];
        child.stdout.take().unwrap().read_exact(&mut one).unwrap();
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(o.stderr.is_empty(), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_fifo_whose_reader_leaves_after_one_byte_ends_the_command_quietly() {
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // Far more than a pipe holds (64 KiB): aloud is still writing when the reader leaves.
    let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
    let path = fifo.clone();
    let reader = std::thread::spawn(move || {
        let mut one = [0u8; 1];
        std::fs::File::open(path)
            .unwrap()
            .read_exact(&mut one)
            .unwrap();
    });
    // Opening a FIFO for writing waits for its reader.
    let writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    let o = aloud()
        .arg("pronounce")
        .args(&words)
        .stdout(writer)
        .output()
        .unwrap();
    reader.join().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn a_full_disk_on_standard_output_is_exit_4_with_one_line() {
    let d = tempfile::tempdir().unwrap();
    let wav = rendered_example(d.path());
    for args in printing_commands(&wav) {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = aloud().args(&args).stdout(full).output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(INTERNAL), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains("standard output"), "{args:?}: {err}");
    }
}

#[test]
fn a_render_summary_that_cannot_be_printed_leaves_a_complete_edition() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("note.txt");
    std::fs::write(&input, SHORT).unwrap();
    let reference = tempfile::tempdir().unwrap();
    let expected = render_edition(reference.path(), &input);
    let readers: [Reader; 3] = [
        ("closed pipe", closed_pipe, Some(0)),
        ("pipe read for one byte", || Stdio::piped(), Some(0)),
        ("/dev/full", dev_full, Some(INTERNAL)),
    ];
    for (what, stdout, code) in readers {
        let dir = tempfile::tempdir().unwrap();
        let mut child = aloud()
            .args(["render", input.to_str().unwrap(), "--json", "-o"])
            .arg(dir.path().join("out.wav"))
            .stdout(stdout())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(mut out) = child.stdout.take() {
            let mut one = [0u8; 1];
            out.read_exact(&mut one).unwrap();
            assert_eq!(&one, b"{", "{what}");
        }
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), code, "{what}: {}", stderr(&o));
        assert_eq!(edition_files(dir.path()), expected, "{what}");
        assert_eq!(names(dir.path()).len(), 5, "{what}: temporary files left");
        let chapters = aloud::edition::read_chapters(&dir.path().join("out.wav")).unwrap();
        assert!(!chapters.is_empty(), "{what}");
    }
}

/// What reads a render's summary, how it is made, and the exit code it must lead to.
type Reader = (&'static str, fn() -> Stdio, Option<i32>);

fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer.into()
}

fn dev_full() -> Stdio {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap()
        .into()
}

/// Waits until `child` catches SIGTERM (`SigCgt` in /proc/PID/status): aloud's first action.
/// Before that the process is still being loaded and nothing can catch a signal.
fn wait_for_handler(child: &Child) {
    let status = format!("/proc/{}/status", child.id());
    let started = Instant::now();
    loop {
        let caught = std::fs::read_to_string(&status)
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("SigCgt:"))
            .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
            .is_some_and(|mask| mask & (1 << (15 - 1)) != 0);
        if caught {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "aloud never installed its SIGTERM handler"
        );
        std::thread::sleep(Duration::from_micros(100));
    }
}

fn kill(child: &Child, signal: &str) {
    let ok = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

#[test]
fn sigterm_at_any_moment_of_a_render_is_exit_130_and_no_files_or_a_complete_edition() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("note.txt");
    std::fs::write(&input, SHORT).unwrap();
    let reference = tempfile::tempdir().unwrap();
    let expected = render_edition(reference.path(), &input);
    let (mut stopped, mut finished) = (0, 0);
    // Milliseconds after aloud's first action: the first ~30 ms (before any set-up is done),
    // then into the render and past its end.
    let delays = [
        0, 0, 1, 1, 2, 3, 4, 6, 8, 10, 13, 16, 20, 25, 30, 45, 70, 110, 170, 260,
    ];
    for (i, delay) in delays.into_iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let child = aloud()
            .args(["render", input.to_str().unwrap(), "--quiet", "-o"])
            .arg(dir.path().join("out.wav"))
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_for_handler(&child);
        std::thread::sleep(Duration::from_millis(delay));
        kill(&child, "-TERM");
        let o = child.wait_with_output().unwrap();
        let err = stderr(&o);
        match o.status.code() {
            Some(0) => {
                finished += 1;
                assert_eq!(edition_files(dir.path()), expected, "run {i}");
                assert_eq!(names(dir.path()).len(), 5, "run {i}");
            }
            Some(INTERRUPTED) => {
                stopped += 1;
                assert_eq!(err.trim_end().lines().count(), 1, "run {i}: {err}");
                assert!(err.contains("error: interrupted: "), "run {i}: {err}");
                assert!(names(dir.path()).is_empty(), "run {i}: files left");
            }
            other => panic!("run {i}: exit {other:?} ({:?}): {err}", o.status),
        }
    }
    eprintln!("{stopped} runs stopped, {finished} finished");
    assert!(stopped > 0, "no run was stopped by the signal");
}

#[test]
fn sigterm_while_a_command_waits_for_its_input_is_exit_130() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out.wav");
    let out = out.to_str().unwrap();
    for args in [
        &["render", "-", "-o", out][..],
        &["say", "-", "-o", out],
        &["plan", "-"],
    ] {
        let mut child = aloud()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The standard input stays open: the command waits for the rest of its text.
        let stdin = child.stdin.take();
        wait_for_handler(&child);
        std::thread::sleep(Duration::from_millis(200));
        let sent = Instant::now();
        kill(&child, "-TERM");
        let o = child.wait_with_output().unwrap();
        drop(stdin);
        let err = stderr(&o);
        assert!(sent.elapsed() < Duration::from_secs(10), "{args:?}");
        assert_eq!(o.status.code(), Some(INTERRUPTED), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains("error: interrupted: "), "{args:?}: {err}");
        assert!(names(d.path()).is_empty(), "{args:?}: files left");
    }
}

#[test]
fn a_truncated_wav_is_bad_input_saying_how_much_is_missing() {
    let d = tempfile::tempdir().unwrap();
    let wav = rendered_example(d.path());
    let bytes = std::fs::read(&wav).unwrap();
    let whole = bytes.len();
    for keep in [whole / 2, 30, whole - 100] {
        let cut = d.path().join(format!("cut-{keep}.wav"));
        std::fs::write(&cut, &bytes[..keep]).unwrap();
        for json in [false, true] {
            let mut c = aloud();
            c.arg("chapters").arg(&cut);
            if json {
                c.arg("--json");
            }
            let o = c.output().unwrap();
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(INPUT), "cut at {keep}: {err}");
            assert!(o.stdout.is_empty(), "cut at {keep}: printed something");
            assert_eq!(err.trim_end().lines().count(), 1, "{err}");
            assert!(err.contains(&format!("cut-{keep}.wav")), "{err}");
            assert!(err.contains("truncated"), "{err}");
            assert!(
                err.contains(&format!("{keep} bytes of the {whole}")),
                "{err}"
            );
        }
    }
}

#[test]
fn text_with_nothing_to_speak_writes_nothing_and_keeps_the_previous_edition() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out.wav");
    // Symbols only (no sentence at all), and letters aloud has no sounds for (refused by the
    // text layer before the pipeline's guard).
    for (text, needle) in [
        ("😀😀", "no speech: "),
        ("★ → ✓", "no speech: "),
        ("你好世界。", "cannot speak"),
    ] {
        std::fs::write(&out, b"previous edition").unwrap();
        let o = aloud()
            .args(["say", text, "--quiet", "-o"])
            .arg(&out)
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(INPUT), "{text}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{text}: {err}");
        assert!(err.contains(needle), "{text}: {err}");
        assert_eq!(std::fs::read(&out).unwrap(), b"previous edition", "{text}");
        assert_eq!(names(d.path()), ["out.wav"], "{text}: files left");
    }
    // Without a previous edition, nothing at all is left.
    std::fs::remove_file(&out).unwrap();
    let o = aloud()
        .args(["say", "你好世界。", "--quiet", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(INPUT), "{}", stderr(&o));
    assert!(names(d.path()).is_empty());
}

#[test]
fn voices_lists_each_voice_phone_set_and_only_ked_has_the_flap() {
    let o = aloud().args(["voices", "--json"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let set = |id: &str| {
        rows.iter()
            .find(|r| r["id"] == id)
            .map(|r| r["phone_set"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(set("ked"), "arpabet-ax-pau-dx");
    for id in ["kal", "slt", "rms"] {
        assert_eq!(set(id), "arpabet-ax-pau", "{id}");
    }
}
