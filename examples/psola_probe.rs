//! A diagnostic for the quality study (bench/quality/probe.sh): what aloud's synthesis makes of
//! a reference recording's own prosody, and what TD-PSOLA alone does to a recording.
//!
//! ```text
//! cargo run --release --example psola_probe -- prosody VOICE_DIR SEGS WAV OUT [F0_SCALE]
//! cargo run --release --example psola_probe -- resynth SEGS WAV OUT [F0_SCALE] [DUR_SCALE] [own-pitch [unit-timing]]
//! ```
//!
//! `SEGS` is a Festival segment file (`end 100 phone` lines) of the 16 kHz mono 16-bit `WAV`.
//! `prosody` reads the phones with the voice in `VOICE_DIR`, with the recording's phone
//! durations and its F0 (tracked every 5 ms, three points per phone, times `F0_SCALE`).
//! `resynth` cuts the recording itself into diphone units (mid-phone to mid-phone, 10 ms of
//! context on each side, pitch marks from aloud's epoch detector) and plays them back through
//! the synthesizer's TD-PSOLA: with `own-pitch` and scales 1 it is a copy of the recording
//! through the analysis and overlap-add alone (no joins between recordings, no modification);
//! `unit-timing` then also plays each phone at the length its two half-units hold (the stretch
//! between the last pitch mark of one unit and the first of the next is left out), so that no
//! grain is repeated or skipped to fit the recording's durations.
//! Output: 16 kHz mono 16-bit WAV.

use aloud::phonetics::phone::Phone;
use aloud::prosody::{PhoneTarget, PitchPoint};
use aloud::synth::{psola, synthesize_with, PitchSource, Style, Timing};
use aloud::units::{Frames, Hz, SampleRate, Seconds, Semitones};
use aloud::voice::build::pitchmark::{f0_track, pitch_marks, EpochConfig};
use aloud::voice::{Diphone, Unit, Voice};
use anyhow::{anyhow, bail, Context};

const RATE: SampleRate = SampleRate(16_000);
/// Context kept around each unit for the grain windows (as `aloud voice build` keeps).
const PAD: usize = 160;

/// One labelled phone of the recording: phone, start and end in seconds.
struct Seg {
    phone: Phone,
    start: f64,
    end: f64,
}

fn read_segs(path: &str) -> anyhow::Result<Vec<Seg>> {
    let text = std::fs::read_to_string(path).with_context(|| path.to_string())?;
    let mut segs = Vec::new();
    let mut start = 0.0;
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 3 {
            continue;
        }
        let end: f64 = f[0].parse().with_context(|| format!("{path}: `{line}`"))?;
        // Festival's US phone set has a few allophones aloud's set folds.
        let name = match f[2] {
            "axr" => "er",
            "dx" => "t",
            "hv" => "hh",
            "ix" => "ih",
            "nx" | "en" => "n",
            "el" => "l",
            "em" => "m",
            n => n,
        };
        let phone: Phone = name
            .parse()
            .map_err(|e| anyhow!("{path}: phone `{name}`: {e}"))?;
        segs.push(Seg { phone, start, end });
        start = end;
    }
    Ok(segs)
}

fn read_wav(path: &str) -> anyhow::Result<Vec<f32>> {
    let mut r = hound::WavReader::open(path).with_context(|| path.to_string())?;
    let spec = r.spec();
    if spec.sample_rate != RATE.0 || spec.channels != 1 || spec.bits_per_sample != 16 {
        bail!("{path}: expected 16 kHz mono 16-bit PCM");
    }
    r.samples::<i16>()
        .map(|s| Ok(f32::from(s?) / 32768.0))
        .collect()
}

fn write_wav(path: &str, samples: &[f32]) -> anyhow::Result<()> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: RATE.0,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec)?;
    for &v in samples {
        w.write_sample((v.clamp(-1.0, 1.0) * 32767.0).round() as i16)?;
    }
    Ok(w.finalize()?)
}

/// The recording's phones as targets: its durations (times `dur_scale`) and its F0 at 20, 50
/// and 80 % of each voiced phone (times `f0_scale`).
fn targets(segs: &[Seg], x: &[f32], f0_scale: f32, dur_scale: f64) -> Vec<PhoneTarget> {
    let (track, hop) = f0_track(x, RATE, &EpochConfig::new(Hz(70.0), Hz(400.0)));
    let f0_at = |t: f64| {
        let i = (t * f64::from(RATE.0) / hop as f64).round() as usize;
        track.get(i).copied().flatten()
    };
    segs.iter()
        .map(|s| PhoneTarget {
            phone: s.phone,
            duration: Seconds((s.end - s.start) * dur_scale),
            pitch: if s.phone == Phone::Pau {
                Vec::new()
            } else {
                [0.2f32, 0.5, 0.8]
                    .into_iter()
                    .filter_map(|at| {
                        let hz = f0_at(s.start + (s.end - s.start) * f64::from(at))?;
                        Some(PitchPoint {
                            at,
                            f0: Hz(hz.0 * f0_scale),
                        })
                    })
                    .collect()
            },
            place: None,
        })
        .collect()
}

fn scale(args: &[String], i: usize) -> anyhow::Result<f64> {
    args.get(i).map_or(Ok(1.0), |s| {
        s.parse().with_context(|| format!("scale `{s}`"))
    })
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("prosody") if args.len() >= 5 => {
            let voice = Voice::load(std::path::Path::new(&args[1]))?;
            let x = read_wav(&args[3])?;
            let t = targets(&read_segs(&args[2])?, &x, scale(&args, 5)? as f32, 1.0);
            let style = Style {
                timing: Timing::Targets,
                pitch: PitchSource::Targets,
                ..Style::default()
            };
            let out = synthesize_with(&t, &voice, style)?;
            write_wav(&args[4], &out.waveform.samples)
        }
        Some("resynth") if args.len() >= 4 => {
            let segs = read_segs(&args[1])?;
            let x = read_wav(&args[2])?;
            let marks = pitch_marks(&x, RATE, &EpochConfig::new(Hz(70.0), Hz(400.0)));
            let at = |s: f64| ((s * f64::from(RATE.0)).round() as usize).min(x.len());
            let mid = |s: &Seg| at((s.start + s.end) / 2.0);
            // unit k lies between phone k−1 and phone k; none before the first or after the last
            let mut owned: Vec<Option<Unit>> = vec![None];
            for w in segs.windows(2) {
                let (s, e) = (mid(&w[0]), mid(&w[1]));
                owned.push(Some(Unit {
                    diphone: Diphone {
                        left: w[0].phone,
                        right: w[1].phone,
                    },
                    start: Frames(s.saturating_sub(PAD)),
                    join: Frames(at(w[1].start)),
                    end: Frames((e + PAD).min(x.len())),
                    marks: marks
                        .iter()
                        .copied()
                        .filter(|m| (s..e).contains(&m.at.0))
                        .collect(),
                }));
            }
            owned.push(None);
            let units: Vec<Option<&Unit>> = owned.iter().map(Option::as_ref).collect();
            let t = targets(&segs, &x, scale(&args, 4)? as f32, scale(&args, 5)?);
            let mut durations: Vec<f64> = t.iter().map(|p| p.duration.0 * f64::from(RATE.0)).collect();
            if args.get(7).map(String::as_str) == Some("unit-timing") {
                let style = Style {
                    timing: Timing::Units,
                    ..Style::default()
                };
                durations = aloud::synth::timing::durations(&t, &units, style);
            }
            let pitch = match args.get(6).map(String::as_str) {
                Some("own-pitch") => PitchSource::Units,
                _ => PitchSource::Targets,
            };
            write_wav(
                &args[3],
                &psola::render(&t, &durations, &units, &x, 1.0, pitch, Semitones(0.0)),
            )
        }
        _ => bail!("usage: psola_probe prosody VOICE_DIR SEGS WAV OUT [F0_SCALE] | resynth SEGS WAV OUT [F0_SCALE] [DUR_SCALE] [own-pitch [unit-timing]]"),
    }
}
