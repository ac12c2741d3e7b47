//! Compressed editions through the command line, checked by independent readers: FFmpeg
//! (`ffprobe -show_chapters`, decoding, the `ebur128` meter) for MP3 and Ogg Opus, and Python
//! `mutagen` for the ID3 chapters. A reader that is not installed skips its check with a
//! notice (`.ci/run` installs both). Also a catalogue (`--out-dir`) in each format.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;
#[path = "support/common.rs"]
mod common;
use common::{names, python_with};

const USAGE: i32 = 2;
const INTERRUPTED: i32 = 130;
/// Three chapters (title and intro, two headings): short, so every render takes a moment.
const TEXT: &str = "Water Rights\n\nBy the River Desk.\n\n## Who owns the river?\n\nThe farmers say the water is theirs. The city says it needs more every year.\n\n## What happens next\n\nA court will decide in the spring. Both sides expect to appeal.\n";

fn aloud() -> Command {
    Command::new(env!("CARGO_BIN_EXE_aloud"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn has(tool: &str, arg: &str) -> bool {
    let ok = Command::new(tool)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "CI must have {tool}");
        eprintln!("NOTICE: {tool} not found, skipping its cross-check");
    }
    ok
}

/// Writes the text into `dir` and renders it to `dir/NAME` with extra arguments.
fn render(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let input = dir.join("water.txt");
    std::fs::write(&input, TEXT).unwrap();
    let out = dir.join(name);
    let o = aloud()
        .args(["render", input.to_str().unwrap(), "--quiet", "-o"])
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    out
}

fn sidecar(audio: &Path, ext: &str) -> Vec<u8> {
    std::fs::read(audio.with_extension(ext)).unwrap()
}

/// (start ms, title) of every chapter as ffprobe reads it.
fn ffprobe_chapters(file: &Path) -> Vec<(u64, String)> {
    let o = Command::new("ffprobe")
        .args(["-v", "error", "-of", "json", "-show_chapters"])
        .arg(file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let start: f64 = c["start_time"].as_str().unwrap().parse().unwrap();
            let title = c["tags"]["title"].as_str().unwrap_or("").to_string();
            ((start * 1000.0).round() as u64, title)
        })
        .collect()
}

/// (start ms, title) of every chapter of the sidecar `<stem>.chapters.json`.
fn sidecar_chapters(audio: &Path) -> Vec<(u64, String)> {
    let v: Value = serde_json::from_slice(&sidecar(audio, "chapters.json")).unwrap();
    v["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let start = c["startTime"].as_f64().unwrap();
            let title = c["title"].as_str().unwrap().to_string();
            ((start * 1000.0).round() as u64, title)
        })
        .collect()
}

/// Samples of the decoded audio (first channel's count: mono s16).
fn decoded_samples(file: &Path) -> u64 {
    let o = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(file)
        .args(["-f", "s16le", "-ac", "1", "-"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    o.stdout.len() as u64 / 2
}

/// Integrated loudness (LUFS) and true peak (dBTP) of the decoded file, by FFmpeg's meter.
fn loudness(file: &Path) -> (f64, f64) {
    let o = Command::new("ffmpeg")
        .args(["-nostats", "-i"])
        .arg(file)
        .args(["-af", "ebur128=peak=true", "-f", "null", "-"])
        .output()
        .unwrap();
    let err = stderr(&o);
    let summary = &err[err.rfind("Summary:").expect("an ebur128 summary")..];
    let value = |key: &str| -> f64 {
        let line = summary.lines().find(|l| l.trim().starts_with(key)).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    (value("I:"), value("Peak:"))
}

/// The frames of a WAV's data chunk, by ffprobe.
fn wav_frames(wav: &Path) -> u64 {
    let o = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "stream=duration_ts",
            "-of",
            "csv=p=0",
        ])
        .arg(wav)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).trim().parse().unwrap()
}

fn check_loudness(file: &Path) {
    let (integrated, peak) = loudness(file);
    eprintln!("{}: {integrated} LUFS, {peak} dBTP", file.display());
    assert!(
        (integrated + 19.0).abs() <= 1.0,
        "{}: {integrated} LUFS",
        file.display()
    );
    assert!(peak <= -1.0, "{}: true peak {peak} dBTP", file.display());
}

#[test]
fn an_mp3_edition_has_id3_chapters_an_info_tag_and_the_wavs_samples() {
    let d = tempfile::tempdir().unwrap();
    // The format comes from the name.
    let mp3 = render(d.path(), "water.mp3", &[]);
    let wav_dir = tempfile::tempdir().unwrap();
    let wav = render(wav_dir.path(), "water.wav", &[]);
    assert_eq!(&std::fs::read(&mp3).unwrap()[..3], b"ID3");
    for ext in ["chapters.json", "vtt", "chapters.vtt"] {
        assert_eq!(sidecar(&mp3, ext), sidecar(&wav, ext), "{ext} differs");
    }
    let expected = sidecar_chapters(&mp3);
    assert_eq!(expected.len(), 3);
    assert_eq!(expected[1].1, "Who owns the river?");
    if has("ffprobe", "-version") {
        assert_eq!(ffprobe_chapters(&mp3), expected);
        assert_eq!(ffprobe_chapters(&wav), expected);
        // The LAME tag's delay and padding make the decoded audio the WAV's, sample for sample.
        assert_eq!(decoded_samples(&mp3), wav_frames(&wav));
        check_loudness(&mp3);
    }
    if let Some(python) = python_with("mutagen") {
        let script = r#"
import json, sys
from mutagen.mp3 import MP3
f = MP3(sys.argv[1])
tags = f.tags
toc = tags.getall("CTOC")[0]
chaps = {c.element_id: c for c in tags.getall("CHAP")}
print(json.dumps({
    "title": str(tags["TIT2"]), "software": str(tags["TSSE"]),
    "toc": [toc.element_id, bool(toc.flags & 1), bool(toc.flags & 2)],
    "chapters": [[chaps[i].start_time, chaps[i].end_time, str(chaps[i].sub_frames["TIT2"])] for i in toc.child_element_ids],
    "encoder": f.info.encoder_info, "bitrate": f.info.bitrate, "channels": f.info.channels,
    "rate": f.info.sample_rate, "mode": str(f.info.bitrate_mode),
}))
"#;
        let o = Command::new(&python)
            .args(["-c", script])
            .arg(&mp3)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        eprintln!("mutagen: {v}");
        assert_eq!(v["title"], "Water Rights");
        assert_eq!(v["toc"], serde_json::json!(["toc", true, true]));
        let chapters = v["chapters"].as_array().unwrap();
        assert_eq!(chapters.len(), expected.len());
        for (i, (c, (start, title))) in chapters.iter().zip(&expected).enumerate() {
            assert_eq!(c[0].as_u64().unwrap(), *start, "chapter {i} start");
            assert_eq!(c[2].as_str().unwrap(), title);
            let next = expected.get(i + 1).map(|e| e.0);
            if let Some(next) = next {
                assert_eq!(c[1].as_u64().unwrap(), next, "chapter {i} end");
            }
        }
        assert!(v["encoder"].as_str().unwrap().starts_with("LAME"), "{v}");
        // mutagen derives the bitrate of a stream with a LAME Info tag from its bytes and
        // length, so a 64 kbit/s CBR stream may read a bit per second off
        let bitrate = v["bitrate"].as_i64().unwrap();
        assert!((bitrate - 64_000).abs() <= 64, "bitrate {bitrate}");
        assert_eq!(v["channels"], 1);
        assert_eq!(v["rate"], 44_100);
        assert_eq!(v["mode"], "BitrateMode.CBR");
    }
}

#[test]
fn an_opus_edition_has_chapter_comments_and_the_48_khz_wavs_samples() {
    let d = tempfile::tempdir().unwrap();
    let opus = render(d.path(), "water.ogg", &["--format", "opus"]);
    let wav_dir = tempfile::tempdir().unwrap();
    let wav = render(wav_dir.path(), "water.wav", &["--sample-rate", "48000"]);
    let bytes = std::fs::read(&opus).unwrap();
    assert_eq!(&bytes[..4], b"OggS");
    // FFmpeg turns the chapter comments into chapters; the comments themselves, as stored:
    for comment in [
        "CHAPTER001=00:00:00.000",
        "CHAPTER002NAME=Who owns the river?",
    ] {
        let found = bytes
            .windows(comment.len())
            .any(|w| w == comment.as_bytes());
        assert!(found, "{comment} not in the OpusTags header");
    }
    for ext in ["chapters.json", "vtt", "chapters.vtt"] {
        assert_eq!(sidecar(&opus, ext), sidecar(&wav, ext), "{ext} differs");
    }
    let expected = sidecar_chapters(&opus);
    assert_eq!(expected.len(), 3);
    if has("ffprobe", "-version") {
        assert_eq!(ffprobe_chapters(&opus), expected);
        let o = Command::new("ffprobe")
            .args(["-v", "error", "-of", "json", "-show_streams"])
            .arg(&opus)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        let s = &v["streams"][0];
        assert_eq!(s["codec_name"], "opus");
        assert_eq!(s["channels"], 1);
        assert_eq!(s["tags"]["TITLE"], "Water Rights");
        // Pre-skip and the last page's granule position trim the codec's delay and padding.
        assert_eq!(decoded_samples(&opus), wav_frames(&wav));
        check_loudness(&opus);
    }
}

#[test]
fn compressed_editions_are_the_same_bytes_for_any_jobs_and_stereo_works() {
    for (name, extra) in [("a.mp3", &[][..]), ("a.opus", &["--bit-rate", "48"][..])] {
        let one = tempfile::tempdir().unwrap();
        let two = tempfile::tempdir().unwrap();
        let a = render(one.path(), name, &[&["--jobs", "1"], extra].concat());
        let b = render(two.path(), name, &[&["--jobs", "2"], extra].concat());
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(&b).unwrap(),
            "{name}"
        );
    }
    let d = tempfile::tempdir().unwrap();
    let mp3 = render(d.path(), "s.mp3", &["--channels", "2", "--bit-rate", "96"]);
    if has("ffprobe", "-version") {
        let o = Command::new("ffprobe")
            .args(["-v", "error", "-of", "json", "-show_streams"])
            .arg(&mp3)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["streams"][0]["channels"], 2);
        assert_eq!(v["streams"][0]["bit_rate"], "96000");
        assert_eq!(ffprobe_chapters(&mp3).len(), 3);
    }
}

/// Runs `aloud ARGS` in a folder holding only the text; expects a usage error naming every
/// needle on one line, and no file written.
fn refused(args: &[&str], needles: &[&str]) {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("water.txt"), TEXT).unwrap();
    let o = aloud()
        .arg("render")
        .arg("water.txt")
        .args(args)
        .current_dir(d.path())
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(USAGE), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: {err:?} lacks {n:?}");
    }
    let left: Vec<_> = std::fs::read_dir(d.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "{args:?} wrote files");
}

#[test]
fn clashing_or_impossible_format_options_are_refused_before_any_work() {
    refused(
        &["--format", "mp3", "-o", "x.opus"],
        &["x.opus", "--format mp3", ".opus"],
    );
    refused(&["--format", "wav", "-o", "x.ogg"], &["x.ogg"]);
    let o = aloud()
        .args(["render", "x.txt", "--format", "flac"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(USAGE));
    assert!(stderr(&o).contains("`flac` is not a format (wav, mp3 or opus)"));
    refused(&["-o", "x.flac"], &["x.flac", ".mp3"]);
    refused(&["--format", "mp3", "--bit-rate", "500"], &["500", "8–320"]);
    refused(&["--bit-rate", "64"], &["MP3 and Opus only"]);
    refused(
        &["--format", "opus", "--sample-rate", "44100"],
        &["48000 Hz", "44100"],
    );
}

#[test]
fn sigterm_during_a_compressed_render_keeps_the_previous_edition_or_completes_a_new_one() {
    for name in ["old.mp3", "old.opus"] {
        let d = tempfile::tempdir().unwrap();
        let out = render(d.path(), name, &[]);
        let before = std::fs::read(&out).unwrap();
        let files = |d: &Path| {
            let mut v: Vec<String> = std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        let listed = files(d.path());
        let mut stopped = 0;
        for delay in [0, 2, 5, 10, 20, 40, 80] {
            let child = aloud()
                .args(["render", "water.txt", "--quiet", "-o", name])
                .current_dir(d.path())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(delay));
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let o = child.wait_with_output().unwrap();
            match o.status.code() {
                Some(0) | Some(INTERRUPTED) => {}
                // Killed before the handler was installed: nothing was written yet.
                None => {}
                other => panic!("{name}: exit {other:?}: {}", stderr(&o)),
            }
            stopped += usize::from(o.status.code() != Some(0));
            assert_eq!(files(d.path()), listed, "{name} after {delay} ms");
            // Either untouched or rewritten whole: the same text gives the same bytes.
            assert_eq!(
                std::fs::read(&out).unwrap(),
                before,
                "{name} after {delay} ms"
            );
        }
        assert!(stopped > 0, "{name}: no run was stopped");
    }
}

#[test]
fn a_catalogue_renders_in_the_format_asked_and_again_when_the_format_changes() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("water.txt"), TEXT).unwrap();
    std::fs::write(
        d.path().join("note.txt"),
        "A Note\n\nIt has one sentence.\n",
    )
    .unwrap();
    let site = d.path().join("site");
    let run = |extra: &[&str]| -> Output {
        aloud()
            .args([
                "render",
                "water.txt",
                "note.txt",
                "--out-dir",
                "site",
                "--json",
            ])
            .args(extra)
            .current_dir(d.path())
            .output()
            .unwrap()
    };
    let counts = |o: &Output| -> (u64, u64) {
        assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        (
            v["rendered"].as_u64().unwrap(),
            v["up_to_date"].as_u64().unwrap(),
        )
    };
    let files = |ext: &str| -> Vec<String> {
        let mut v: Vec<String> = ["note", "water"]
            .iter()
            .flat_map(|s| {
                [
                    "aloud.json",
                    "chapters.json",
                    "chapters.vtt",
                    "html",
                    ext,
                    "vtt",
                ]
                .map(|e| format!("{s}.{e}"))
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(counts(&run(&["--format", "mp3"])), (2, 0));
    assert_eq!(names(&site), files("mp3"));
    assert_eq!(&std::fs::read(site.join("water.mp3")).unwrap()[..3], b"ID3");
    let record: Value =
        serde_json::from_slice(&std::fs::read(site.join("water.aloud.json")).unwrap()).unwrap();
    let audio = &record["files"][0];
    assert_eq!(
        (&audio["role"], &audio["name"]),
        (&"audio".into(), &"water.mp3".into())
    );
    assert_eq!(counts(&run(&["--format", "mp3"])), (0, 2));
    // The format and its bit rate are part of the edition's key.
    assert_eq!(
        counts(&run(&["--format", "mp3", "--bit-rate", "96"])),
        (2, 0)
    );
    assert_eq!(counts(&run(&["--format", "opus"])), (2, 0));
    // The MP3s the Opus editions replaced are gone; nothing else is left over.
    assert_eq!(names(&site), files("opus"));
    assert_eq!(
        &std::fs::read(site.join("note.opus")).unwrap()[..4],
        b"OggS"
    );
    if has("ffprobe", "-version") {
        assert_eq!(ffprobe_chapters(&site.join("water.opus")).len(), 3);
    }
    // Options that cannot make an Opus edition are refused before anything is touched.
    let before = names(&site);
    let o = run(&["--format", "opus", "--sample-rate", "44100"]);
    assert_eq!(o.status.code(), Some(USAGE), "{}", stderr(&o));
    assert_eq!(names(&site), before);
    // The feed carries the Opus files.
    let o = aloud()
        .args([
            "feed",
            "site",
            "--feed-title",
            "T",
            "--base-url",
            "https://example.org/p",
        ])
        .current_dir(d.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let feed = std::fs::read_to_string(site.join("feed.xml")).unwrap();
    assert!(feed.contains("https://example.org/p/water.opus"), "{feed}");
    assert!(feed.contains("type=\"audio/ogg\""), "{feed}");
}
