//! Loudness levelling checked with an independent meter pass over the written file (ebur128 on
//! what hound reads back) and, when installed, FFmpeg's ebur128 filter.

use aloud::edition::{
    Channels, EditionWriter, Leveller, LoudnessTarget, OutputFormat, ProgramLoudness, WavInfo,
};
use aloud::units::SampleRate;
use ebur128::{EbuR128, Mode};
use std::process::Command;

/// A deterministic speech-like signal: a harmonic buzz with a wandering pitch, shaped into
/// syllables (about 4 per second) with short noise bursts, at peak amplitude about `level`.
fn speechlike(rate: u32, seconds: f64, level: f32, seed: u32) -> Vec<f32> {
    let n = (f64::from(rate) * seconds) as usize;
    let mut noise = seed.wrapping_mul(2_654_435_761).max(1);
    let mut phase = 0f64;
    let mut weights = [0f64; 11];
    (0..n)
        .map(|i| {
            let t = i as f64 / f64::from(rate);
            let f0 = 120.0 + 40.0 * (t * 1.3 + f64::from(seed)).sin() + 20.0 * (t * 7.0).sin();
            phase += 2.0 * std::f64::consts::PI * f0 / f64::from(rate);
            if i % 64 == 0 {
                for (h, w) in weights.iter_mut().enumerate() {
                    let h = (h + 1) as f64;
                    *w = (-((h * f0 - 700.0) / 600.0).powi(2)).exp() + 0.3 / h;
                }
            }
            let mut v = 0.0;
            for (h, w) in weights.iter().enumerate() {
                v += w * (phase * (h + 1) as f64).sin();
            }
            let syllable = (t * 4.1 * std::f64::consts::PI).sin().abs().powf(1.5);
            noise ^= noise << 13;
            noise ^= noise >> 17;
            noise ^= noise << 5;
            let hiss = (noise as f64 / f64::from(u32::MAX) - 0.5) * 0.4;
            let fricative = if (t * 4.1).fract() > 0.85 { hiss } else { 0.0 };
            (level as f64 * (0.35 * v * syllable + fricative)) as f32
        })
        .collect()
}

/// Adds a plosive-like burst every 0.7 s: 3 ms of a Hann-windowed 3 kHz tone at 1.5 × `level`,
/// which raises the crest factor so the limiter has work to do.
fn with_bursts(audio: &mut [f32], rate: u32, level: f32) {
    let period = rate as usize * 7 / 10;
    let len = rate as usize * 3 / 1000;
    for (i, v) in audio.iter_mut().enumerate() {
        let k = i % period;
        if k < len {
            let w = (std::f32::consts::PI * k as f32 / len as f32).sin().powi(2);
            let phase = 2.0 * std::f32::consts::PI * 3000.0 * k as f32 / rate as f32;
            *v += level * 1.5 * w * phase.sin();
        }
    }
}

struct Measured {
    integrated: f64,
    true_peak_db: f64,
}

fn measure_file(path: &std::path::Path) -> Measured {
    let mut r = hound::WavReader::open(path).expect("hound opens the edition");
    let spec = r.spec();
    let samples: Vec<i16> = r.samples::<i16>().map(|s| s.unwrap()).collect();
    let mut m = EbuR128::new(
        u32::from(spec.channels),
        spec.sample_rate,
        Mode::I | Mode::TRUE_PEAK,
    )
    .unwrap();
    m.add_frames_i16(&samples).unwrap();
    let tp = (0..u32::from(spec.channels))
        .map(|c| m.true_peak(c).unwrap())
        .fold(0.0, f64::max);
    Measured {
        integrated: m.loudness_global().unwrap(),
        true_peak_db: 20.0 * tp.log10(),
    }
}

/// Six turns alternating a quiet and a hot speaker, levelled and written with pauses.
fn render(dir: &std::path::Path, channels: Channels) -> (std::path::PathBuf, Vec<f64>) {
    let rate = SampleRate(44_100);
    let target = LoudnessTarget::podcast(channels);
    let leveller = Leveller::new(rate, target).unwrap();
    let path = dir.join(format!("levelled-{}.wav", channels.count()));
    let format = OutputFormat { rate, channels };
    let mut w = EditionWriter::create(&path, format).unwrap();
    let mut after = Vec::new();
    let mut limited = false;
    let mut program = ProgramLoudness::default();
    for turn in 0..6u32 {
        if turn % 2 == 0 {
            w.mark_chapter(&format!("Question {}", turn / 2 + 1))
                .unwrap();
        }
        let level = if turn % 2 == 0 { 0.03 } else { 1.8 };
        let mut audio = speechlike(rate.0, 3.0 + f64::from(turn), level, turn);
        with_bursts(&mut audio, rate.0, level);
        let report = leveller.level(&mut audio).unwrap();
        assert!(report.true_peak.0 <= target.true_peak.0, "{report:?}");
        limited |= report.limiter.0 < -1.0;
        let measured = leveller.measure(&audio).unwrap().unwrap().0;
        let estimated = report.after.unwrap().0;
        assert!(
            (measured - estimated).abs() < 0.3,
            "{measured} vs {report:?}"
        );
        after.push(measured);
        program.add(&report, audio.len());
        w.write(&audio).unwrap();
        w.write_silence(u64::from(rate.0) * 3 / 4).unwrap();
    }
    assert!(limited, "the test signal should exercise the limiter");
    let report = w.finish(&WavInfo::new("Levelled")).unwrap();
    assert_eq!(report.clipped, 0);
    let estimated = program.estimate(channels).unwrap().0;
    let measured = measure_file(&path).integrated;
    assert!(
        (estimated - measured).abs() <= 0.5,
        "estimated {estimated} vs measured {measured}"
    );
    (path, after)
}

#[test]
fn levelled_mono_edition_is_minus_19_lufs_with_true_peak_below_minus_1() {
    let dir = tempfile::tempdir().unwrap();
    let (path, turns) = render(dir.path(), Channels::Mono);
    let spread = turns.iter().cloned().fold(f64::MIN, f64::max)
        - turns.iter().cloned().fold(f64::MAX, f64::min);
    assert!(spread <= 1.0, "speakers differ by {spread} LU: {turns:?}");
    let m = measure_file(&path);
    assert!(
        (m.integrated + 19.0).abs() <= 1.0,
        "integrated {}",
        m.integrated
    );
    assert!(m.true_peak_db <= -1.0, "true peak {}", m.true_peak_db);
    ffmpeg_agrees(&path, -19.0);
}

#[test]
fn levelled_stereo_edition_is_minus_16_lufs() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = render(dir.path(), Channels::Stereo);
    let m = measure_file(&path);
    assert!(
        (m.integrated + 16.0).abs() <= 1.0,
        "integrated {}",
        m.integrated
    );
    assert!(m.true_peak_db <= -1.0, "true peak {}", m.true_peak_db);
    ffmpeg_agrees(&path, -16.0);
}

/// Resamples mono audio with rubato's synchronous FFT resampler (as the pipeline does).
fn resample(samples: &[f32], from: u32, to: u32) -> Vec<f32> {
    use rubato::audioadapter_buffers::direct::SequentialSlice;
    use rubato::{Fft, FixedSync, Resampler as _};
    let n = samples.len();
    let mut fft = Fft::<f32>::new(from as usize, to as usize, 2048, 1, FixedSync::Input).unwrap();
    let input = SequentialSlice::new(samples, 1, n).unwrap();
    let needed = fft.process_all_needed_output_len(n);
    let mut out = vec![0.0f32; needed];
    let mut output = SequentialSlice::new_mut(&mut out, 1, needed).unwrap();
    let (_, len) = fft
        .process_all_into_buffer(&input, &mut output, n, None)
        .unwrap();
    out.truncate(len);
    out
}

/// The pipeline levels at the 16 kHz voice rate and resamples afterwards: the true-peak margin
/// must survive resampling, even for clicks with energy up to the 8 kHz band edge.
#[test]
fn levelling_at_16_khz_then_resampling_keeps_true_peak_below_minus_1() {
    let leveller =
        Leveller::new(SampleRate(16_000), LoudnessTarget::podcast(Channels::Mono)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("resampled.wav");
    let format = OutputFormat {
        rate: SampleRate(44_100),
        channels: Channels::Mono,
    };
    let mut w = EditionWriter::create(&path, format).unwrap();
    for turn in 0..4u32 {
        let level = [0.05f32, 0.9][turn as usize % 2];
        let mut audio = speechlike(16_000, 4.0, level, turn);
        for (i, v) in audio.iter_mut().enumerate() {
            let k = i % 11_200;
            if k < 40 {
                *v += level * 1.5 * if k % 2 == 0 { 1.0 } else { -0.7 };
            }
        }
        leveller.level(&mut audio).unwrap();
        w.write(&resample(&audio, 16_000, 44_100)).unwrap();
        w.write_silence(22_050).unwrap();
    }
    w.finish(&WavInfo::new("Resampled")).unwrap();
    let m = measure_file(&path);
    eprintln!(
        "ebur128: {} I {:.2} LUFS, true peak {:.2} dBTP",
        path.display(),
        m.integrated,
        m.true_peak_db
    );
    assert!(
        (m.integrated + 19.0).abs() <= 1.0,
        "integrated {}",
        m.integrated
    );
    assert!(m.true_peak_db <= -1.0, "true peak {}", m.true_peak_db);
    ffmpeg_agrees(&path, -19.0);
}

/// `ffmpeg -af ebur128=peak=true`: integrated within ±1 LU, true peak ≤ −1 dBTP.
fn ffmpeg_agrees(path: &std::path::Path, target: f64) {
    let Ok(out) = Command::new("ffmpeg")
        .args(["-hide_banner", "-nostats", "-i"])
        .arg(path)
        .args(["-af", "ebur128=peak=true", "-f", "null", "-"])
        .output()
    else {
        assert!(std::env::var_os("CI").is_none(), "CI must have ffmpeg");
        eprintln!("NOTICE: ffmpeg not found, skipping its loudness cross-check");
        return;
    };
    let log = String::from_utf8_lossy(&out.stderr);
    let summary = log.split("Summary:").nth(1).expect("ebur128 summary");
    let value = |key: &str| -> f64 {
        let line = summary
            .lines()
            .find(|l| l.trim_start().starts_with(key))
            .unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    let (i, peak) = (value("I:"), value("Peak:"));
    eprintln!(
        "ffmpeg ebur128: {} I {i} LUFS, true peak {peak} dBTP",
        path.display()
    );
    assert!((i - target).abs() <= 1.0, "ffmpeg integrated {i}");
    assert!(peak <= -1.0, "ffmpeg true peak {peak}");
}

/// CPU time of this thread (the machine is shared, so wall time says little).
fn cpu_time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let now = || -> f64 {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
            / 1e9
    };
    let t = now();
    let out = f();
    (out, now() - t)
}

/// Timings for about five minutes of audio (run with `--ignored --nocapture`).
#[test]
#[ignore]
fn timing_five_minutes() {
    for rate in [16_000u32, 44_100, 48_000] {
        let audio = speechlike(rate, 300.0, 0.5, 7);
        let l = Leveller::new(SampleRate(rate), LoudnessTarget::podcast(Channels::Mono)).unwrap();
        let (_, measure) = cpu_time(|| l.measure(&audio).unwrap());
        let (_, tp) = cpu_time(|| {
            let mut m = EbuR128::new(1, rate, Mode::TRUE_PEAK).unwrap();
            m.add_frames_f32(&audio).unwrap();
        });
        // Levelled in 20-second turns, as the pipeline would.
        let mut copy = audio.clone();
        let (_, level) = cpu_time(|| {
            for turn in copy.chunks_mut(rate as usize * 20) {
                l.level(turn).unwrap();
            }
        });
        let dir = tempfile::tempdir().unwrap();
        let format = OutputFormat {
            rate: SampleRate(rate),
            channels: Channels::Mono,
        };
        let (_, write) = cpu_time(|| {
            let mut w = EditionWriter::create(&dir.path().join("t.wav"), format).unwrap();
            for chunk in copy.chunks(rate as usize) {
                w.write(chunk).unwrap();
            }
            w.finish(&WavInfo::new("t")).unwrap();
        });
        println!(
            "{rate} Hz, 300 s, CPU seconds: integrated {measure:.3}, true peak {tp:.3}, \
             level (20 s turns) {level:.3}, write+meter {write:.3}"
        );
    }
}
