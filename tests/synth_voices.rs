//! The synthesizer with the bundled voices: signal invariants of real sentences.
//!
//! Voices are read from `voices/` of the data folder (`$ALOUD_VOICES` overrides the
//! folder, for trying voices that are not committed yet).

use aloud::phonetics::phone::Phone;
use aloud::phonetics::{Pronouncer, Pronunciation, UserLexicon};
use aloud::prosody::{plan_sentence, PhoneTarget, ProsodyProfile};
use aloud::synth::{synthesize, Resampler};
use aloud::text::{Break, Sentence, SentenceEnd, Word, WordKind};
use aloud::units::{Hz, Rate, SampleRate};
use aloud::voice::Voice;
use std::path::PathBuf;
use std::sync::OnceLock;

#[path = "support/pitch.rs"]
mod pitch;
use pitch::f0_of;

fn voices_dir() -> PathBuf {
    std::env::var_os("ALOUD_VOICES")
        .map(PathBuf::from)
        .unwrap_or_else(|| aloud::data::voices_dir().unwrap())
}

fn voice(id: &str) -> Voice {
    Voice::load(&voices_dir().join(id)).unwrap_or_else(|e| panic!("voice {id}: {e}"))
}

/// True when the bundled voices are present (they are committed on main; a branch
/// without them skips these tests, loudly).
fn have_voices() -> bool {
    let ok = voices_dir().join("kal").join("voice.toml").exists();
    if !ok {
        eprintln!("SKIPPED: no voices in {}", voices_dir().display());
    }
    ok
}

fn pronouncer() -> &'static Pronouncer {
    static P: OnceLock<Pronouncer> = OnceLock::new();
    P.get_or_init(|| Pronouncer::load_default(UserLexicon::new()).unwrap())
}

/// A rough stand-in for the text stage: words split on spaces, commas make
/// minor breaks, the last character decides the sentence type.
pub fn sentence(text: &str) -> (Sentence, Vec<Pronunciation>) {
    let end = match text.trim_end().chars().last() {
        Some('?') => SentenceEnd::Question,
        Some('!') => SentenceEnd::Exclamation,
        _ => SentenceEnd::Statement,
    };
    let mut words = Vec::new();
    let mut pos = 0;
    for token in text.split_whitespace() {
        let start = text[pos..].find(token).map_or(pos, |i| pos + i);
        pos = start + token.len();
        let clean: String = token
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '\'')
            .flat_map(char::to_lowercase)
            .collect();
        if clean.is_empty() {
            continue;
        }
        let break_after = if token.ends_with(',') {
            Break::Minor
        } else if token.ends_with(';') || token.ends_with(':') {
            Break::Major
        } else {
            Break::None
        };
        words.push(Word {
            text: clean,
            source: start..pos,
            kind: WordKind::Lexical,
            break_after,
        });
    }
    if let Some(w) = words.last_mut() {
        w.break_after = Break::Sentence;
    }
    let prons = words.iter().map(|w| pronouncer().pronounce(w)).collect();
    (
        Sentence {
            source: 0..text.len(),
            written: text.to_string(),
            words,
            end,
        },
        prons,
    )
}

fn plan(text: &str, v: &Voice) -> Vec<PhoneTarget> {
    let (s, p) = sentence(text);
    let profile = ProsodyProfile {
        f0_median: v.meta().f0_median,
        rate: Rate(1.0),
        phones: v.meta().phone_set,
    };
    plan_sentence(&s, &p, &profile).unwrap()
}

/// The sample where the last phone matching `which` ends, given each phone's length in samples.
fn end_of_last(targets: &[PhoneTarget], samples: &[f64], which: impl Fn(Phone) -> bool) -> usize {
    let mut end = 0.0;
    let mut last = 0.0;
    for (t, d) in targets.iter().zip(samples) {
        end += d;
        if which(t.phone) {
            last = end;
        }
    }
    last as usize
}

const SENTENCES: &[&str] = &[
    "The Organization of American States met in Washington on Tuesday.",
    "Do you think the vote will change anything?",
    "Well, the water was cold, and nobody wanted to swim.",
];

#[test]
fn real_voices_render_sentences_of_the_planned_length_without_clipping() {
    if !have_voices() {
        return;
    }
    for id in ["kal", "ked"] {
        let v = voice(id);
        for text in SENTENCES {
            let targets = plan(text, &v);
            let total: f64 = targets.iter().map(|t| t.duration.0).sum();
            let out = synthesize(&targets, &v).unwrap().waveform;
            assert!((out.duration().0 - total).abs() < 0.002, "{id}: {text}");
            let peak = out.samples.iter().fold(0.0f32, |m, x| m.max(x.abs()));
            assert!(peak < 1.0 && peak > 0.05, "{id}: peak {peak} in {text}");
            let clipped = out.samples.iter().filter(|x| x.abs() >= 0.999).count();
            assert_eq!(clipped, 0, "{id}: {text}");
        }
    }
}

#[test]
fn a_real_vowel_follows_the_target_f0_within_5_percent() {
    if !have_voices() {
        return;
    }
    let v = voice("kal");
    for hz in [80.0f32, 100.0, 130.0] {
        let t = |phone, ms: f64, pitch: &[(f32, f32)]| PhoneTarget {
            phone,
            duration: aloud::units::Seconds(ms / 1000.0),
            pitch: pitch
                .iter()
                .map(|&(at, f0)| aloud::prosody::PitchPoint { at, f0: Hz(f0) })
                .collect(),
            place: None,
        };
        let targets = [
            t(Phone::Pau, 60.0, &[]),
            t(Phone::M, 80.0, &[(0.5, hz)]),
            t(Phone::Aa, 400.0, &[(0.5, hz)]),
            t(Phone::M, 80.0, &[(0.5, hz)]),
            t(Phone::Pau, 60.0, &[]),
        ];
        let out = synthesize(&targets, &v).unwrap().waveform.samples;
        // The middle 200 ms of the vowel.
        let (f0, corr) = f0_of(&out[(240 * 16)..(440 * 16)]);
        assert!(corr > 0.5, "{hz}: weak periodicity {corr}");
        assert!(
            (f0 - hz).abs() / hz < 0.05,
            "target {hz} Hz, measured {f0} Hz"
        );
    }
}

#[test]
fn questions_end_higher_than_statements_in_the_audio() {
    if !have_voices() {
        return;
    }
    let v = voice("kal");
    let last_f0 = |text: &str| {
        let targets = plan(text, &v);
        let out = synthesize(&targets, &v).unwrap().waveform.samples;
        // The last vowel's final 60 ms.
        let planned: Vec<f64> = targets.iter().map(|t| t.duration.0 * 16_000.0).collect();
        let stop = end_of_last(&targets, &planned, Phone::is_vowel);
        f0_of(&out[stop - 960..stop]).0
    };
    let statement = last_f0("You are going home.");
    let question = last_f0("You are going home?");
    assert!(
        question > 1.2 * statement,
        "question {question} Hz vs statement {statement} Hz"
    );
}

#[test]
fn one_thread_and_two_threads_give_the_same_bytes_with_a_real_voice() {
    if !have_voices() {
        return;
    }
    use rayon::prelude::*;
    let v = voice("kal");
    let plans: Vec<_> = SENTENCES.iter().map(|s| plan(s, &v)).collect();
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            plans
                .par_iter()
                .map_init(
                    || Resampler::new(SampleRate(16_000), SampleRate(44_100)).unwrap(),
                    |r, p| {
                        r.process(&synthesize(p, &v).unwrap().waveform)
                            .unwrap()
                            .samples
                    },
                )
                .flatten()
                .map(f32::to_bits)
                .collect::<Vec<u32>>()
        })
    };
    assert_eq!(run(1), run(2));
}

/// Writes WAVs of the sentences to `$ALOUD_LISTEN_DIR` (default /tmp) for listening
/// and spectrograms: `cargo test --release --test synth_voices -- --ignored`.
#[test]
#[ignore]
fn write_sentences_for_listening() {
    if !have_voices() {
        return;
    }
    let dir = std::env::var_os("ALOUD_LISTEN_DIR").map_or(PathBuf::from("/tmp"), PathBuf::from);
    for id in ["kal", "ked"] {
        let v = voice(id);
        for (n, text) in SENTENCES.iter().enumerate() {
            let targets = plan(text, &v);
            std::fs::write(
                dir.join(format!("{id}-{n}.pho")),
                aloud::prosody::to_pho(&targets),
            )
            .unwrap();
            let s = synthesize(&targets, &v).unwrap();
            let spec = hound::WavSpec {
                channels: 1,
                sample_rate: 16_000,
                bits_per_sample: 16,
                sample_format: hound::SampleFormat::Int,
            };
            let mut w = hound::WavWriter::create(dir.join(format!("{id}-{n}.wav")), spec).unwrap();
            for x in &s.waveform.samples {
                w.write_sample((x * 32767.0) as i16).unwrap();
            }
            w.finalize().unwrap();
            eprintln!(
                "{id}-{n}: {} substitutions {:?}",
                s.substitutions.len(),
                s.substitutions
            );
        }
    }
}

/// Renders a text file (`$ALOUD_LISTEN_TEXT`, one sentence per line or split at
/// `.?!`) with `$ALOUD_LISTEN_VOICE` (default kal) into `$ALOUD_LISTEN_DIR/listen.wav`,
/// and the words spoken into `listen.txt`, for an intelligibility self-check.
#[test]
#[ignore]
fn write_text_for_listening() {
    use aloud::prosody::{pause, PauseKind};
    let Some(path) = std::env::var_os("ALOUD_LISTEN_TEXT") else {
        return;
    };
    let dir = std::env::var_os("ALOUD_LISTEN_DIR").map_or(PathBuf::from("/tmp"), PathBuf::from);
    let id = std::env::var("ALOUD_LISTEN_VOICE").unwrap_or_else(|_| "kal".into());
    let v = voice(&id);
    let text = std::fs::read_to_string(path).unwrap();
    let mut samples = Vec::new();
    let mut words = Vec::new();
    let mut plans = Vec::new();
    let gap = vec![
        0.0f32;
        SampleRate(16_000)
            .frames(pause(PauseKind::Sentence, Rate(1.0)))
            .0
    ];
    for sentence_text in text.split_inclusive(['.', '?', '!', '\n']) {
        let (s, p) = sentence(sentence_text);
        if s.words.is_empty() {
            continue;
        }
        words.extend(s.words.iter().map(|w| w.text.clone()));
        let profile = ProsodyProfile {
            f0_median: v.meta().f0_median,
            rate: Rate(1.0),
            phones: v.meta().phone_set,
        };
        let targets = plan_sentence(&s, &p, &profile).unwrap();
        samples.extend(synthesize(&targets, &v).unwrap().waveform.samples);
        samples.extend(&gap);
        plans.push(targets);
    }
    // Timing, one thread, best of three: synthesis, then resampling to 44.1 kHz.
    let mut r = Resampler::new(SampleRate(16_000), SampleRate(44_100)).unwrap();
    let (mut synth_best, mut resample_best) = (f64::MAX, f64::MAX);
    // CPU time of this thread (the machine may be busy with other work).
    let cpu = || -> f64 {
        let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
        s.split_whitespace()
            .next()
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1e9
    };
    for _ in 0..3 {
        let t0 = cpu();
        let waves: Vec<_> = plans
            .iter()
            .map(|p| synthesize(p, &v).unwrap().waveform)
            .collect();
        let t1 = cpu();
        let n: usize = waves
            .iter()
            .map(|w| r.process(w).unwrap().samples.len())
            .sum();
        let t2 = cpu();
        assert!(n > 0);
        synth_best = synth_best.min(t1 - t0);
        resample_best = resample_best.min(t2 - t1);
    }
    eprintln!(
        "{} s of audio in {} sentences: synthesis {:.1} ms, resampling {:.1} ms (CPU time, one thread)",
        samples.len() / 16_000,
        plans.len(),
        synth_best * 1e3,
        resample_best * 1e3
    );
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(dir.join("listen.wav"), spec).unwrap();
    for x in &samples {
        w.write_sample((x * 32767.0) as i16).unwrap();
    }
    w.finalize().unwrap();
    std::fs::write(dir.join("listen.txt"), words.join(" ")).unwrap();
}

/// Median F0 of the clearly periodic 40 ms windows of `x` (16 kHz).
fn median_f0(x: &[f32]) -> f32 {
    let mut f: Vec<f32> = x
        .chunks_exact(640)
        .filter(|w| w.iter().map(|v| v * v).sum::<f32>() > 640.0 * 1e-4)
        .map(f0_of)
        .filter(|&(_, corr)| corr > 0.6)
        .map(|(hz, _)| hz)
        .collect();
    f.sort_by(f32::total_cmp);
    f[f.len() / 2]
}

#[test]
fn a_voice_that_chooses_keeps_its_own_timing_within_bounds_and_follows_the_speaker() {
    use aloud::synth::{synthesize_with, Style};
    use aloud::units::Semitones;
    if !have_voices() {
        return;
    }
    let v = voice("slt");
    let text = "The Organization of American States met in Washington on Tuesday, and nobody wanted to swim.";
    let targets = plan(text, &v);
    let speak = |rate: f32, shift: f32| {
        let style = Style::default().speaking(Rate(rate), Semitones(shift));
        synthesize_with(&targets, &v, style).unwrap()
    };
    let plain = speak(1.0, 0.0);
    // guided timing: no phone longer than 1.5 times its plan, pauses as planned
    for (t, d) in targets.iter().zip(&plain.durations) {
        let planned = t.duration.0 * 16_000.0;
        assert!(*d <= 1.5 * planned + 1e-6, "{}: {d} for {planned}", t.phone);
        if t.phone == Phone::Pau {
            assert!((d - planned).abs() < 1e-6);
        }
    }
    // the speaker's rate divides the units' lengths; the pitch shift moves the units' pitch
    let fast = speak(1.25, 0.0);
    let ratio = fast.waveform.duration().0 / plain.waveform.duration().0;
    assert!((0.72..0.88).contains(&ratio), "rate 1.25 gave {ratio}");
    let high = speak(1.0, 3.0);
    let (f0, f0_high) = (
        median_f0(&plain.waveform.samples),
        median_f0(&high.waveform.samples),
    );
    // three semitones are a factor 1.19
    assert!(
        (1.1..1.32).contains(&(f0_high / f0)),
        "{f0} Hz → {f0_high} Hz"
    );
}

#[test]
fn a_voice_that_chooses_still_ends_a_question_higher_than_a_statement() {
    if !have_voices() {
        return;
    }
    let v = voice("slt");
    let last_f0 = |text: &str| {
        let targets = plan(text, &v);
        let out = synthesize(&targets, &v).unwrap();
        // the final 80 ms before the closing pause (the last vowel and its coda), where
        // the phones really are: from the last vowel on, the units' own pitch is held
        // within a factor 1.1 of the contour (the boundary tone)
        let stop = end_of_last(&targets, &out.durations, |p| p != Phone::Pau);
        f0_of(&out.waveform.samples[stop - 1280..stop]).0
    };
    let statement = last_f0("You are going home.");
    let question = last_f0("You are going home?");
    assert!(
        question > 1.25 * statement,
        "question {question} Hz vs statement {statement} Hz"
    );
}

#[test]
fn the_postfilter_keeps_length_level_and_pitch_and_only_reshapes_the_spectrum() {
    use aloud::synth::{synthesize_with, Postfilter, Style};
    if !have_voices() {
        return;
    }
    for name in ["kal", "slt"] {
        let v = voice(name);
        // the comma's pause, and the one before the sentence, are silence (the last phone
        // before a pause dies away into its first 50 ms)
        let targets = plan("Nobody wanted to swim in the lake, on Tuesday.", &v);
        let speak = |postfilter| {
            let style = Style {
                postfilter,
                ..Style::default()
            };
            synthesize_with(&targets, &v, style).unwrap().waveform
        };
        let (raw, shaped) = (speak(Postfilter::Off), speak(Postfilter::Formant));
        assert_eq!(raw.samples.len(), shaped.samples.len(), "{name}");
        assert_ne!(raw.samples, shaped.samples, "{name}");
        let level = |x: &[f32]| x.iter().map(|v| v * v).sum::<f32>().sqrt();
        let db = 20.0 * (level(&shaped.samples) / level(&raw.samples)).log10();
        assert!(db.abs() < 1.0, "{name}: level changed by {db:.2} dB");
        let (f0, f0_shaped) = (median_f0(&raw.samples), median_f0(&shaped.samples));
        assert!(
            (f0_shaped / f0 - 1.0).abs() < 0.03,
            "{name}: {f0} Hz → {f0_shaped} Hz"
        );
        // pauses stay exact silence, all but the one 20 ms hop that each edge of a pause
        // shares with speech
        let hop = (raw.rate.0 / 50) as usize;
        let silent = |x: &[f32]| x.iter().filter(|&&s| s == 0.0).count();
        let pauses = raw
            .samples
            .chunk_by(|a, b| (*a == 0.0) == (*b == 0.0))
            .filter(|run| run[0] == 0.0 && run.len() >= hop)
            .count();
        assert!(pauses >= 2, "{name}: {pauses} pauses");
        let lost = silent(&raw.samples) - silent(&shaped.samples);
        assert!(
            lost <= 2 * pauses * hop,
            "{name}: {lost} of {} zeros lost over {pauses} pauses",
            silent(&raw.samples)
        );
    }
}

#[test]
fn a_diphone_voice_reads_ih_before_ng_with_its_iy_and_a_voice_of_running_speech_keeps_ih() {
    use aloud::synth::plan_units;
    if !have_voices() {
        return;
    }
    let pairs = |id: &str| {
        let v = voice(id);
        let targets = plan("Keep reading.", &v);
        assert!(targets
            .windows(2)
            .any(|w| w[0].phone == Phone::Ih && w[1].phone == Phone::Ng));
        plan_units(&targets, &v)
            .unwrap()
            .units
            .iter()
            .flatten()
            .map(|u| u.diphone.to_string())
            .collect::<Vec<_>>()
    };
    // ked says the `d` of "reading" as the flap it recorded; rms has none of its own.
    let ked = pairs("ked");
    assert!(
        ked.contains(&"dx-iy".to_string()) && ked.contains(&"iy-ng".to_string()),
        "{ked:?}"
    );
    assert!(!ked.iter().any(|d| d.contains("ih")), "{ked:?}");
    let rms = pairs("rms");
    assert!(
        rms.contains(&"d-ih".to_string()) && rms.contains(&"ih-ng".to_string()),
        "{rms:?}"
    );
}
