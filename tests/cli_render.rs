//! End-to-end: `aloud render` on a short interview, checked with independent readers
//! (hound for the audio, ffprobe for the chapters, serde_json for the sidecars, ebur128 for
//! loudness), plus determinism across thread counts and an interrupted render.

use aloud::edition::read_chapters;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const INTERVIEW: &str = "\
Water First: An Interview with the Mayor

The Valley Courier spoke to Ana Ruiz (AR) about the drought. The interview was conducted by Tom Reed (TR).

TR: How much water is left in the reservoir this week?

AR: About 40% of what we had in 2019. We are asking everyone to save water.

TR: What happens next, and when will the new pipeline open?

AR: The pipeline opens in May. Until then, trucks will deliver water to the farms.

Share this article on social media
";

fn aloud(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args(args)
        .output()
        .expect("run aloud")
}

fn render(dir: &Path, name: &str, extra: &[&str]) -> (PathBuf, Output) {
    let input = dir.join("interview.txt");
    std::fs::write(&input, INTERVIEW).unwrap();
    let out = dir.join(name);
    let mut args = vec![
        "render",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let o = aloud(&args);
    assert!(
        o.status.success(),
        "render failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    (out, o)
}

fn ms(seconds: f64) -> i64 {
    (seconds * 1000.0).round() as i64
}

#[test]
fn rendered_interview_has_speech_chapters_and_matching_sidecars() {
    let dir = tempfile::tempdir().unwrap();
    let (wav, _) = render(dir.path(), "edition.wav", &["--json"]);

    // Audio: hound reads it; 16-bit mono 44.1 kHz; speech, no clipping.
    let mut reader = hound::WavReader::open(&wav).unwrap();
    let spec = reader.spec();
    assert_eq!(
        (spec.channels, spec.sample_rate, spec.bits_per_sample),
        (1, 44_100, 16)
    );
    let samples: Vec<i16> = reader.samples::<i16>().map(Result::unwrap).collect();
    let seconds = samples.len() as f64 / 44_100.0;
    assert!(
        (15.0..120.0).contains(&seconds),
        "{seconds} s of audio for a short interview"
    );
    let clipped = samples
        .iter()
        .filter(|s| s.unsigned_abs() >= 32_767)
        .count();
    assert_eq!(clipped, 0, "clipped samples");

    // Loudness: −19 LUFS ±1, true peak ≤ −1 dBTP.
    let mut meter =
        ebur128::EbuR128::new(1, 44_100, ebur128::Mode::I | ebur128::Mode::TRUE_PEAK).unwrap();
    let f: Vec<f32> = samples.iter().map(|&s| f32::from(s) / 32_768.0).collect();
    meter.add_frames_f32(&f).unwrap();
    let lufs = meter.loudness_global().unwrap();
    let tp = 20.0 * meter.true_peak(0).unwrap().log10();
    assert!(
        (lufs + 19.0).abs() <= 1.0,
        "integrated loudness {lufs:.2} LUFS"
    );
    assert!(tp <= -1.0, "true peak {tp:.2} dBTP");

    // Chapters: the opening plus one per question, with titles made from the questions.
    let chapters = read_chapters(&wav).unwrap();
    assert_eq!(chapters.len(), 3, "{chapters:?}");
    assert_eq!(chapters[0].start_frame, 0);
    for c in &chapters {
        let t = c.title.as_deref().unwrap_or("");
        assert!(!t.is_empty() && t.chars().count() <= 64, "title {t:?}");
    }
    assert!(chapters[1]
        .title
        .as_deref()
        .unwrap()
        .to_lowercase()
        .contains("water"));
    // Every question chapter starts with speech soon after its marker (not in silence).
    for c in &chapters[1..] {
        let s = c.start_frame as usize;
        let window = &samples[s..(s + 44_100).min(samples.len())];
        let peak = window.iter().map(|x| x.unsigned_abs()).max().unwrap_or(0);
        assert!(
            peak > 1_000,
            "no speech in the first second of {:?}",
            c.title
        );
    }

    // Chapters JSON agrees with the cue points to the millisecond.
    let stem = wav.with_extension("");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(stem.with_extension("chapters.json")).unwrap(),
    )
    .unwrap();
    let list = json["chapters"].as_array().unwrap();
    assert_eq!(json["version"], "1.2.0");
    assert_eq!(list.len(), chapters.len());
    for (j, c) in list.iter().zip(&chapters) {
        assert_eq!(ms(j["startTime"].as_f64().unwrap()), ms(c.start.0));
        assert_eq!(j["title"].as_str(), c.title.as_deref());
    }

    // WebVTT chapters agree too; the transcript has voice tags and cues inside the audio.
    let vtt = std::fs::read_to_string(stem.with_extension("chapters.vtt")).unwrap();
    assert!(vtt.starts_with("WEBVTT"));
    for c in &chapters {
        let t = c.start.0;
        let stamp = format!(
            "{:02}:{:02}:{:02}.{:03}",
            (t / 3600.0) as u64,
            ((t / 60.0) as u64) % 60,
            (t as u64) % 60,
            ms(t) % 1000
        );
        assert!(vtt.contains(&stamp), "chapters.vtt lacks {stamp}");
    }
    let transcript = std::fs::read_to_string(stem.with_extension("vtt")).unwrap();
    assert!(transcript.contains("<v Ana Ruiz>"), "{transcript}");
    assert!(transcript.contains("<v Tom Reed>"));
    assert!(!transcript.contains("Share this article"));
    assert!(!transcript.contains("TR:"));

    // ffprobe, an independent reader, sees the same chapters (skipped if not installed).
    match Command::new("ffprobe")
        .args(["-v", "error", "-show_chapters", "-of", "json"])
        .arg(&wav)
        .output()
    {
        Ok(o) if o.status.success() => {
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            let ff = v["chapters"].as_array().unwrap();
            assert_eq!(ff.len(), chapters.len());
            for (f, c) in ff.iter().zip(&chapters) {
                assert_eq!(f["start"].as_u64().unwrap(), c.start_frame);
                assert_eq!(f["tags"]["title"].as_str(), c.title.as_deref());
            }
        }
        _ => {
            assert!(std::env::var_os("CI").is_none(), "CI must have ffprobe");
            eprintln!("ffprobe not available: skipping the FFmpeg cross-check")
        }
    }
}

#[test]
fn renders_are_byte_identical_across_runs_and_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    let (one, _) = render(dir.path(), "one.wav", &["--jobs", "1"]);
    let (two, _) = render(dir.path(), "two.wav", &["--jobs", "2"]);
    let (again, _) = render(dir.path(), "again.wav", &["--jobs", "2"]);
    let a = std::fs::read(&one).unwrap();
    assert_eq!(a, std::fs::read(&two).unwrap(), "1 vs 2 threads differ");
    assert_eq!(a, std::fs::read(&again).unwrap(), "two runs differ");
    for ext in ["vtt", "chapters.json", "chapters.vtt"] {
        assert_eq!(
            std::fs::read(one.with_extension(ext)).unwrap(),
            std::fs::read(two.with_extension(ext)).unwrap(),
            "{ext} differs"
        );
    }
}

#[test]
fn renders_are_byte_identical_with_and_without_the_avx2_builds_of_the_hot_loops() {
    // The postfilter, the meter, the limiter and the dot products run a build for AVX2 where
    // the processor has it; ALOUD_NO_AVX2 makes them run the build for every x86-64. The two
    // must agree to the bit (on a processor without AVX2 both renders take the same path).
    let dir = tempfile::tempdir().unwrap();
    let (wide, _) = render(dir.path(), "wide.wav", &[]);
    let input = dir.path().join("interview.txt");
    let narrow = dir.path().join("narrow.wav");
    let o = Command::new(env!("CARGO_BIN_EXE_aloud"))
        .env("ALOUD_NO_AVX2", "1")
        .args(["render", input.to_str().unwrap(), "-o"])
        .arg(&narrow)
        .arg("--quiet")
        .output()
        .expect("run aloud");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read(&wide).unwrap(),
        std::fs::read(&narrow).unwrap(),
        "the AVX2 and the plain builds differ"
    );
}

#[test]
fn json_summary_lists_outputs_chapters_and_speakers() {
    let dir = tempfile::tempdir().unwrap();
    let (wav, o) = render(dir.path(), "summary.wav", &["--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["outputs"]["wav"].as_str().unwrap(), wav.to_str().unwrap());
    assert_eq!(v["chapters"].as_array().unwrap().len(), 3);
    let speakers = v["speakers"].as_array().unwrap();
    let voice = |label: &str| {
        speakers
            .iter()
            .find(|s| s["label"] == label)
            .map(|s| s["voice"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_ne!(voice("AR"), voice("TR"), "host and guest share a voice");
    assert!(v["duration_seconds"].as_f64().unwrap() > 10.0);
}

#[test]
fn say_speaks_one_voice_through_the_same_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("say.wav");
    let o = aloud(&[
        "say",
        "Hello world. Is this working?",
        "--voice",
        "kal",
        "-o",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let reader = hound::WavReader::open(&out).unwrap();
    let secs = reader.duration() as f64 / 44_100.0;
    assert!((1.0..8.0).contains(&secs), "{secs} s");
}
