//! The chaptered WAV writer checked with independent readers: hound for the audio, a chunk walk
//! written here for the layout, the project's chapter reader, ffprobe, serde_json and a small
//! WebVTT parser for the sidecars.

use aloud::edition::{
    frames_to_millis, read_chapters, Channels, EditionError, EditionWriter, FinishReport,
    OutputFormat, WavInfo,
};
use aloud::units::SampleRate;
use std::path::{Path, PathBuf};
use std::process::Command;
#[path = "support/common.rs"]
mod common;
use common::names;

const TITLES: [&str; 4] = [
    "Ab",                                  // labl payload 7 bytes: odd, padded
    "Odd",                                 // 8 bytes: even
    "¿Qué pasó en Almagro? — «sí» 日本語", // non-ASCII UTF-8
    "x",                                   // 6 bytes
];

fn mono(rate: u32) -> OutputFormat {
    OutputFormat {
        rate: SampleRate(rate),
        channels: Channels::Mono,
    }
}

/// A ramp-and-sine test signal with a few values past full scale.
fn signal(n: usize, seed: usize) -> Vec<f32> {
    (0..n)
        .map(|i| {
            let v = 0.6 * ((i + seed) as f32 * 0.05).sin() + 0.0001 * (i % 7) as f32;
            if i % 997 == 5 {
                1.25
            } else {
                v
            }
        })
        .collect()
}

struct Written {
    report: FinishReport,
    audio: Vec<f32>,
    /// (start, end, speaker, text) of every sentence cue.
    cues: Vec<(u64, u64, String, String)>,
}

/// Four chapters of two sentences each, with pauses, one cue per sentence.
fn write_edition(path: &Path, format: OutputFormat) -> Written {
    let mut w = EditionWriter::create(path, format).unwrap();
    let mut audio = Vec::new();
    let mut cues = Vec::new();
    let speakers = ["Ana Ruiz", "Bo <Host> & co"];
    for (c, title) in TITLES.iter().enumerate() {
        w.mark_chapter(title).unwrap();
        for (s, speaker) in speakers.iter().enumerate() {
            let start = w.position();
            let sentence = signal(1000 + 337 * c + 71 * s, c * 10 + s);
            w.write(&sentence).unwrap();
            audio.extend_from_slice(&sentence);
            let end = w.position();
            let text = format!("Sentence {s} of chapter {c}:\nit says <this> & --> that.");
            w.cue(start, end, speaker, &text).unwrap();
            cues.push((start, end, speaker.to_string(), text));
            w.write_silence(123).unwrap();
            audio.extend(std::iter::repeat_n(0.0, 123));
        }
    }
    let mut info = WavInfo::new("An odd title");
    info.artist = "La Gaceta".into();
    info.comment = "Test comment.".into();
    info.date = "2024-05-01".into();
    let report = w.finish(&info).unwrap();
    Written {
        report,
        audio,
        cues,
    }
}

/// The writer's 16-bit conversion: clamp, scale by 32767, round to nearest, ties to even.
fn quantize(s: f32) -> i16 {
    (s.clamp(-1.0, 1.0) * 32767.0).round_ties_even() as i16
}

#[test]
fn hound_reads_back_exactly_the_rounded_samples() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ed.wav");
    let w = write_edition(&path, mono(44_100));
    let mut r = hound::WavReader::open(&path).unwrap();
    let spec = r.spec();
    assert_eq!(
        (spec.channels, spec.sample_rate, spec.bits_per_sample),
        (1, 44_100, 16)
    );
    let got: Vec<i16> = r.samples::<i16>().map(Result::unwrap).collect();
    let want: Vec<i16> = w.audio.iter().map(|&s| quantize(s)).collect();
    assert_eq!(got, want);
    assert_eq!(w.report.frames, want.len() as u64);
    assert_eq!(
        w.report.clipped,
        w.audio.iter().filter(|s| s.abs() > 1.0).count() as u64
    );
    assert!(w.report.clipped > 0);
    assert!(!w.report.rf64);
}

#[test]
fn stereo_duplicates_the_mono_signal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("st.wav");
    let format = OutputFormat {
        rate: SampleRate(48_000),
        channels: Channels::Stereo,
    };
    let w = write_edition(&path, format);
    let mut r = hound::WavReader::open(&path).unwrap();
    assert_eq!(r.spec().channels, 2);
    let got: Vec<i16> = r.samples::<i16>().map(Result::unwrap).collect();
    let want: Vec<i16> = w.audio.iter().flat_map(|&s| [quantize(s); 2]).collect();
    assert_eq!(got, want);
    let chapters = read_chapters(&path).unwrap();
    assert_eq!(chapters, w.report.chapters);
}

#[test]
fn chapters_round_trip_with_odd_and_non_ascii_titles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ch.wav");
    let w = write_edition(&path, mono(44_100));
    let chapters = read_chapters(&path).unwrap();
    assert_eq!(chapters, w.report.chapters);
    let titles: Vec<&str> = chapters.iter().filter_map(|c| c.title.as_deref()).collect();
    assert_eq!(titles, TITLES);
    assert_eq!(chapters[0].start_frame, 0);
    for pair in chapters.windows(2) {
        assert_eq!(pair[0].end_frame, pair[1].start_frame);
    }
    assert_eq!(chapters[3].end_frame, w.report.frames);
    // chapter 2 starts after chapter 1's two sentences and pauses
    assert_eq!(chapters[1].start_frame, 1000 + 123 + 1071 + 123);
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

/// Walks chunks strictly (every odd chunk followed by a zero pad byte); returns (id, size,
/// offset) of each and checks that the walk ends exactly at `end`.
fn walk(b: &[u8], mut at: usize, end: usize) -> Vec<(String, u32, usize)> {
    let mut out = Vec::new();
    while at < end {
        let id = String::from_utf8_lossy(&b[at..at + 4]).into_owned();
        let size = u32_at(b, at + 4);
        out.push((id, size, at));
        at += 8 + size as usize;
        if size % 2 == 1 {
            assert_eq!(b[at], 0, "pad byte after odd chunk at {at}");
            at += 1;
        }
    }
    assert_eq!(at, end, "chunks overrun their container");
    out
}

#[test]
fn riff_sizes_and_pad_bytes_are_right() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pad.wav");
    let w = write_edition(&path, mono(44_100));
    let b = std::fs::read(&path).unwrap();
    assert_eq!(&b[0..4], b"RIFF");
    assert_eq!(u32_at(&b, 4) as usize, b.len() - 8);
    assert_eq!(w.report.bytes, b.len() as u64);
    let top = walk(&b, 12, b.len());
    let ids: Vec<&str> = top.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(ids, ["JUNK", "fmt ", "data", "cue ", "LIST", "LIST"]);
    let mut labl_sizes = Vec::new();
    for (id, size, at) in &top {
        if id == "LIST" {
            let kind = &b[at + 8..at + 12];
            let subs = walk(&b, at + 12, at + 8 + *size as usize);
            let sub_ids: Vec<&str> = subs.iter().map(|c| c.0.as_str()).collect();
            if kind == b"adtl" {
                assert_eq!(
                    sub_ids,
                    ["labl", "labl", "labl", "labl", "ltxt", "ltxt", "ltxt", "ltxt"]
                );
                labl_sizes = subs.iter().take(4).map(|c| c.1).collect();
                for (i, (_, _, sat)) in subs.iter().take(4).enumerate() {
                    let text = &b[sat + 12..sat + 8 + subs[i].1 as usize];
                    assert_eq!(text, [TITLES[i].as_bytes(), b"\0"].concat());
                }
            } else {
                assert_eq!(kind, b"INFO");
                assert_eq!(sub_ids, ["INAM", "IART", "ICMT", "ICRD", "ISFT"]);
            }
        }
    }
    let want: Vec<u32> = TITLES.iter().map(|t| 4 + t.len() as u32 + 1).collect();
    assert_eq!(labl_sizes, want);
    assert!(want.iter().any(|s| s % 2 == 1) && want.iter().any(|s| s % 2 == 0));
}

/// Parses a WebVTT file into (identifier, start ms, end ms, payload) cues.
fn parse_vtt(text: &str) -> Vec<(Option<String>, u64, u64, String)> {
    let mut blocks = text.split("\n\n");
    assert_eq!(blocks.next().unwrap().trim_end(), "WEBVTT");
    let ms = |t: &str| -> u64 {
        let (hms, milli) = t.split_once('.').unwrap();
        let parts: Vec<u64> = hms.split(':').map(|p| p.parse().unwrap()).collect();
        assert_eq!(milli.len(), 3);
        ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000 + milli.parse::<u64>().unwrap()
    };
    blocks
        .filter(|b| !b.trim().is_empty())
        .map(|block| {
            let mut lines = block.lines().peekable();
            let id = match lines.peek() {
                Some(l) if !l.contains("-->") => lines.next().map(str::to_string),
                _ => None,
            };
            let timing = lines.next().unwrap();
            let (a, b) = timing.split_once(" --> ").unwrap();
            let payload: Vec<&str> = lines.collect();
            assert_eq!(payload.len(), 1, "one payload line: {block:?}");
            (id, ms(a), ms(b), payload[0].to_string())
        })
        .collect()
}

#[test]
fn sidecars_parse_and_agree_with_the_cue_points_to_the_millisecond() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("side.wav");
    let w = write_edition(&path, mono(44_100));
    let rate = SampleRate(44_100);
    let chapters = read_chapters(&path).unwrap();
    let p = &w.report.paths;
    assert_eq!(p.chapters_json, dir.path().join("side.chapters.json"));
    assert_eq!(p.transcript_vtt, dir.path().join("side.vtt"));
    assert_eq!(p.chapters_vtt, dir.path().join("side.chapters.vtt"));

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p.chapters_json).unwrap()).unwrap();
    assert_eq!(json["version"], "1.2.0");
    let jc = json["chapters"].as_array().unwrap();
    assert_eq!(jc.len(), chapters.len());
    for (j, c) in jc.iter().zip(&chapters) {
        let start = j["startTime"].as_f64().unwrap();
        let end = j["endTime"].as_f64().unwrap();
        assert!(
            (start - c.start.0).abs() <= 0.0005,
            "{start} vs {:?}",
            c.start
        );
        assert!((end - c.end.0).abs() <= 0.0005);
        assert_eq!(j["title"].as_str(), c.title.as_deref());
    }

    let vc = parse_vtt(&std::fs::read_to_string(&p.chapters_vtt).unwrap());
    assert_eq!(vc.len(), chapters.len());
    for (i, (v, c)) in vc.iter().zip(&chapters).enumerate() {
        assert_eq!(v.0.as_deref(), Some((i + 1).to_string().as_str()));
        assert_eq!(v.1, frames_to_millis(c.start_frame, rate));
        assert_eq!(v.2, frames_to_millis(c.end_frame, rate));
    }
    assert_eq!(vc[2].3, TITLES[2]);

    let tc = parse_vtt(&std::fs::read_to_string(&p.transcript_vtt).unwrap());
    assert_eq!(tc.len(), w.cues.len());
    for (v, (start, end, _, _)) in tc.iter().zip(&w.cues) {
        assert_eq!(v.1, frames_to_millis(*start, rate));
        assert_eq!(v.2, frames_to_millis(*end, rate));
    }
    assert_eq!(
        tc[1].3,
        "<v Bo &lt;Host&gt; &amp; co>Sentence 1 of chapter 0: it says &lt;this&gt; &amp; --&gt; that."
    );
    assert!(tc[0].3.starts_with("<v Ana Ruiz>Sentence 0"));
    // each chapter's first sentence starts with the chapter
    for c in &chapters {
        assert!(w.cues.iter().any(|q| q.0 == c.start_frame));
    }
}

#[test]
fn ffprobe_lists_the_same_chapters() {
    if Command::new("ffprobe").arg("-version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI must have ffprobe");
        eprintln!("NOTICE: ffprobe not found, skipping the FFmpeg cross-check");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, limit) in [("riff.wav", None), ("rf64.wav", Some(1000))] {
        let path = dir.path().join(name);
        let mut w = EditionWriter::create(&path, mono(44_100)).unwrap();
        if let Some(l) = limit {
            w = w.with_riff_limit(l);
        }
        for (i, t) in TITLES.iter().enumerate() {
            w.mark_chapter(t).unwrap();
            w.write(&signal(4410 + 999 * i, i)).unwrap();
        }
        let report = w.finish(&WavInfo::new("Probe")).unwrap();
        assert_eq!(report.rf64, limit.is_some());
        let out = Command::new("ffprobe")
            .args([
                "-v",
                "error",
                "-show_chapters",
                "-show_format",
                "-of",
                "json",
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let theirs = v["chapters"].as_array().unwrap();
        let ours = read_chapters(&path).unwrap();
        assert_eq!(theirs.len(), ours.len(), "{name}");
        for (t, o) in theirs.iter().zip(&ours) {
            let start: f64 = t["start_time"].as_str().unwrap().parse().unwrap();
            let end: f64 = t["end_time"].as_str().unwrap().parse().unwrap();
            assert!(
                (start - o.start.0).abs() < 0.0005,
                "{name}: {start} vs {:?}",
                o.start
            );
            assert!(
                (end - o.end.0).abs() < 0.0005,
                "{name}: {end} vs {:?}",
                o.end
            );
            assert_eq!(t["tags"]["title"].as_str(), o.title.as_deref());
        }
        let duration: f64 = v["format"]["duration"].as_str().unwrap().parse().unwrap();
        assert!(
            (duration - report.duration.0).abs() < 0.001,
            "{name}: {duration}"
        );
        assert_eq!(v["format"]["tags"]["title"], "Probe");
    }
}

#[test]
fn rf64_header_carries_64_bit_sizes_and_the_reader_follows_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.wav");
    let mut w = EditionWriter::create(&path, mono(48_000))
        .unwrap()
        .with_riff_limit(5000);
    w.mark_chapter("Only").unwrap();
    w.write(&signal(3000, 1)).unwrap();
    let report = w.finish(&WavInfo::new("Big")).unwrap();
    assert!(report.rf64);
    let b = std::fs::read(&path).unwrap();
    assert_eq!(&b[0..4], b"RF64");
    assert_eq!(u32_at(&b, 4), u32::MAX);
    assert_eq!(&b[12..16], b"ds64");
    let le64 = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap());
    assert_eq!(le64(20), b.len() as u64 - 8);
    assert_eq!(le64(28), 6000);
    assert_eq!(le64(36), 3000);
    assert_eq!(&b[72..76], b"data");
    assert_eq!(u32_at(&b, 76), u32::MAX);
    let c = read_chapters(&path).unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].start_frame, c[0].end_frame), (0, 3000));
}

#[test]
fn a_dropped_writer_leaves_the_previous_output_intact_and_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keep.wav");
    let old = write_edition(&path, mono(44_100));
    let before = names(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    let json = std::fs::read(&old.report.paths.chapters_json).unwrap();
    {
        let mut w = EditionWriter::create(&path, mono(44_100)).unwrap();
        w.mark_chapter("New").unwrap();
        w.write(&signal(50_000, 3)).unwrap();
        w.cue(0, 100, "A", "New text").unwrap();
        assert!(names(dir.path()).iter().any(|n| n.ends_with(".partial")));
        // dropped here, unfinished
    }
    assert_eq!(names(dir.path()), before);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(
        std::fs::read(&old.report.paths.chapters_json).unwrap(),
        json
    );
}

#[test]
fn a_dropped_writer_leaves_nothing_when_there_was_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.wav");
    let mut w = EditionWriter::create(&path, mono(44_100)).unwrap();
    w.write(&signal(1000, 0)).unwrap();
    drop(w);
    assert!(names(dir.path()).is_empty());
}

#[test]
fn a_failed_finish_leaves_nothing_at_the_output_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fail.wav");
    let mut w = EditionWriter::create(&path, mono(44_100)).unwrap();
    w.write(&signal(100, 0)).unwrap();
    w.cue(50, 500, "A", "ends past the audio").unwrap();
    let e = w.finish(&WavInfo::new("t")).unwrap_err();
    assert!(
        e.to_string().contains("ends past the end of the audio"),
        "{e}"
    );
    assert!(names(dir.path()).is_empty());
}

#[test]
fn bad_output_paths_fail_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/folder/x.wav");
    let e = EditionWriter::create(&missing, mono(44_100))
        .err()
        .expect("missing folder is an error");
    assert!(matches!(e, EditionError::OutputFolder { .. }), "{e}");
    assert!(e.to_string().contains("no/such/folder"), "{e}");
    std::fs::create_dir(dir.path().join("d.wav")).unwrap();
    let e = EditionWriter::create(&dir.path().join("d.wav"), mono(44_100))
        .err()
        .expect("directory is an error");
    assert!(e.to_string().contains("is a folder"), "{e}");
    let e = EditionWriter::create(Path::new(""), mono(44_100))
        .err()
        .expect("empty path is an error");
    assert!(matches!(e, EditionError::BadOutputPath { .. }), "{e}");
}

#[test]
fn bad_audio_titles_and_cues_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = EditionWriter::create(&dir.path().join("e.wav"), mono(44_100)).unwrap();
    w.write(&[0.0; 10]).unwrap();
    let e = w.write(&[0.0, f32::NAN]).unwrap_err();
    assert!(e.to_string().contains("sample 11"), "{e}");
    assert!(w.mark_chapter("nul\0inside").is_err());
    assert!(w.mark_chapter(&"x".repeat(5000)).is_err());
    assert!(w.cue(5, 5, "A", "empty").is_err());
    w.cue(5, 8, "A", "fine").unwrap();
    let e = w.cue(4, 8, "A", "earlier").unwrap_err();
    assert!(e.to_string().contains("before the previous cue"), "{e}");
    let mut info = WavInfo::new("ok");
    info.artist = "A\0B".into();
    let e = info.validate().unwrap_err();
    assert!(
        e.to_string()
            .starts_with("artist \"A\\0B\" cannot be stored"),
        "{e}"
    );
    assert!(w.finish(&info).is_err());
}

#[cfg(unix)]
#[test]
fn outputs_are_readable_by_others_like_normal_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("perm.wav");
    let w = write_edition(&path, mono(44_100));
    for p in [&w.report.paths.audio, &w.report.paths.transcript_vtt] {
        let mode = std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{}", p.display());
    }
}

#[test]
fn same_input_gives_byte_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let a: PathBuf = dir.path().join("a.wav");
    let b: PathBuf = dir.path().join("b.wav");
    let wa = write_edition(&a, mono(44_100));
    let wb = write_edition(&b, mono(44_100));
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    for (x, y) in [
        (
            &wa.report.paths.chapters_json,
            &wb.report.paths.chapters_json,
        ),
        (
            &wa.report.paths.transcript_vtt,
            &wb.report.paths.transcript_vtt,
        ),
        (&wa.report.paths.chapters_vtt, &wb.report.paths.chapters_vtt),
    ] {
        assert_eq!(std::fs::read(x).unwrap(), std::fs::read(y).unwrap());
    }
}

#[test]
fn libsndfile_reads_the_cue_points_and_labels() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sf.wav");
    write_edition(&path, mono(44_100));
    let Ok(out) = Command::new("sndfile-info").arg(&path).output() else {
        eprintln!("NOTICE: sndfile-info not found, skipping the libsndfile cross-check");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Count : 4"), "{text}");
    for (i, t) in TITLES.iter().enumerate() {
        let line = format!("labl : {} : {t}", i + 1);
        assert!(text.contains(&line), "missing {line:?} in {text}");
    }
    assert!(text.contains("INAM : An odd title"), "{text}");
}

/// Child side of the kill test: writes to `$ALOUD_KILL_TEST_OUT` until killed.
#[test]
#[ignore]
fn child_writes_until_killed() {
    let Some(out) = std::env::var_os("ALOUD_KILL_TEST_OUT") else {
        return;
    };
    let mut w = EditionWriter::create(Path::new(&out), mono(44_100)).unwrap();
    w.mark_chapter("Never finished").unwrap();
    for _ in 0..6000 {
        w.write(&signal(4410, 0)).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[test]
fn a_killed_writer_process_leaves_the_previous_output_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("killed.wav");
    write_edition(&path, mono(44_100));
    let before = std::fs::read(&path).unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "child_writes_until_killed"])
        .env("ALOUD_KILL_TEST_OUT", &path)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the child has written a good part of a new edition, then kill it (SIGKILL:
    // no destructor runs).
    // The largest of the writer's temporary files (the WAV's; the transcript's is small).
    let partial = |d: &Path| {
        names(d)
            .into_iter()
            .filter(|n| n.starts_with(".aloud-") && n.ends_with(".partial"))
            .max_by_key(|n| std::fs::metadata(d.join(n)).map_or(0, |m| m.len()))
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        if let Some(p) = partial(dir.path()) {
            let len = std::fs::metadata(dir.path().join(p)).map_or(0, |m| m.len());
            if len > 200_000 {
                break;
            }
        }
        assert!(std::time::Instant::now() < deadline, "child never wrote");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(read_chapters(&path).unwrap().len(), TITLES.len());
    // The killed writer's temporary file stays until the next edition written into the folder,
    // which removes it (its owner is gone: nobody holds its lock).
    assert!(partial(dir.path()).is_some());
    let next = dir.path().join("next.wav");
    let w = EditionWriter::create(&next, mono(44_100)).unwrap();
    let orphans: Vec<String> = names(dir.path())
        .into_iter()
        .filter(|n| n.starts_with(".aloud-"))
        .collect();
    assert_eq!(
        orphans.len(),
        3,
        "only the new writer's own three files (the WAV's, the transcript's and the page's transcript's): {orphans:?}"
    );
    drop(w);
    assert!(partial(dir.path()).is_none());
}
