//! Signal invariants of the synthesizer, on a synthetic voice with known F0 and
//! formants (no stored audio).

use aloud::phonetics::phone::Phone;
use aloud::prosody::{PhoneTarget, PitchPoint};
use aloud::synth::{plan_units, resample, synthesize, DiphoneBank, Resampler, Waveform};
use aloud::units::{Hz, SampleRate, Seconds};
use aloud::voice::Diphone;
use rayon::prelude::*;

#[path = "support/toy_voice.rs"]
mod toy_voice;
use toy_voice::{ToyVoice, HALF};

#[path = "support/pitch.rs"]
mod pitch;
use pitch::f0_of;

fn t(phone: Phone, ms: f64, pitch: &[(f32, f32)]) -> PhoneTarget {
    PhoneTarget {
        phone,
        duration: Seconds(ms / 1000.0),
        pitch: pitch
            .iter()
            .map(|&(at, hz)| PitchPoint { at, f0: Hz(hz) })
            .collect(),
        place: None,
    }
}

fn voice() -> ToyVoice {
    use Phone::*;
    ToyVoice::new(&[Aa, Iy, M, N, S, Z, L, T, Ax], Hz(100.0))
}

fn rms(x: &[f32]) -> f32 {
    (x.iter().map(|v| v * v).sum::<f32>() / x.len().max(1) as f32).sqrt()
}

fn mid(x: &[f32], from_ms: f32, to_ms: f32) -> &[f32] {
    &x[(from_ms * 16.0) as usize..(to_ms * 16.0) as usize]
}

#[test]
fn output_length_matches_the_planned_durations() {
    use Phone::*;
    let v = voice();
    let targets = vec![
        t(Pau, 60.0, &[]),
        t(M, 71.3, &[]),
        t(Aa, 183.7, &[(0.5, 120.0)]),
        t(S, 95.1, &[]),
        t(Iy, 140.0, &[(0.2, 110.0), (1.0, 90.0)]),
        t(Pau, 60.0, &[]),
    ];
    let total: f64 = targets.iter().map(|t| t.duration.0).sum();
    let out = synthesize(&targets, &v).unwrap().waveform;
    assert_eq!(out.rate, SampleRate(16_000));
    assert!(
        (out.duration().0 - total).abs() < 0.001,
        "{:?} vs {total}",
        out.duration()
    );
    assert!(out.samples.iter().all(|x| x.abs() <= 1.0));
}

#[test]
fn f0_of_a_synthesized_vowel_follows_the_target_within_5_percent() {
    use Phone::*;
    let v = voice();
    for hz in [70.0, 100.0, 130.0, 180.0] {
        let targets = vec![
            t(Pau, 50.0, &[]),
            t(Aa, 500.0, &[(0.5, hz)]),
            t(Pau, 50.0, &[]),
        ];
        let out = synthesize(&targets, &v).unwrap().waveform.samples;
        for (a, b) in [(150.0, 250.0), (350.0, 450.0)] {
            let (f0, _) = f0_of(mid(&out, a, b));
            assert!(
                (f0 - hz).abs() / hz < 0.05,
                "target {hz} Hz, measured {f0} Hz in {a}..{b} ms"
            );
        }
    }
}

#[test]
fn f0_glides_between_pitch_points() {
    use Phone::*;
    let v = voice();
    let targets = vec![
        t(Pau, 50.0, &[]),
        t(Aa, 800.0, &[(0.0, 90.0), (1.0, 150.0)]),
        t(Pau, 50.0, &[]),
    ];
    let out = synthesize(&targets, &v).unwrap().waveform.samples;
    let (early, _) = f0_of(mid(&out, 100.0, 200.0));
    let (late, _) = f0_of(mid(&out, 700.0, 800.0));
    assert!(early < 105.0 && late > 135.0, "{early} → {late}");
}

/// Phone seams (where two units meet) in output samples, for targets whose
/// units all have equal halves.
fn seams(targets: &[PhoneTarget]) -> Vec<usize> {
    let mut acc = 0.0;
    let mut out = Vec::new();
    for t in targets {
        let mid = acc + t.duration.0 / 2.0;
        acc += t.duration.0;
        if t.phone != Phone::Pau {
            out.push((mid * 16_000.0).round() as usize);
        }
    }
    out
}

#[test]
fn no_sample_jump_at_unit_joins_exceeds_the_jumps_inside_units() {
    use Phone::*;
    // One unit 4× louder than its neighbours: a join without energy matching or
    // windowing would click.
    let v = voice().with_gain(Diphone { left: Aa, right: M }, 4.0);
    let targets = vec![
        t(Pau, 50.0, &[]),
        t(L, 80.0, &[]),
        t(Aa, 200.0, &[(0.5, 110.0)]),
        t(M, 90.0, &[]),
        t(Iy, 200.0, &[(0.5, 100.0)]),
        t(Z, 100.0, &[]),
        t(Aa, 200.0, &[(0.5, 95.0)]),
        t(Pau, 50.0, &[]),
    ];
    let out = synthesize(&targets, &v).unwrap().waveform.samples;
    let seams = seams(&targets);
    let near = |n: usize| seams.iter().any(|&s| n + 32 >= s && n <= s + 32);
    let jump = |n: usize| (out[n] - out[n - 1]).abs();
    let inside = (1..out.len())
        .filter(|&n| !near(n))
        .map(jump)
        .fold(0.0f32, f32::max);
    let at_joins = (1..out.len())
        .filter(|&n| near(n))
        .map(jump)
        .fold(0.0f32, f32::max);
    assert!(
        at_joins <= inside,
        "jump at a join {at_joins} > largest elsewhere {inside}"
    );
    // Energy is matched: the level on both sides of every seam agrees within 2×.
    for &s in &seams {
        let before = rms(&out[s - 160..s]);
        let after = rms(&out[s..s + 160]);
        let ratio = before.max(after) / before.min(after).max(1e-9);
        assert!(ratio < 2.0, "level jump ×{ratio} at sample {s}");
    }
}

#[test]
fn stretched_noise_does_not_buzz() {
    use Phone::*;
    let v = voice();
    // 600 ms of `s` from 100 ms of source: every grain is used about six times.
    let targets = vec![t(Pau, 50.0, &[]), t(S, 600.0, &[]), t(Pau, 50.0, &[])];
    let out = synthesize(&targets, &v).unwrap().waveform.samples;
    let noise = mid(&out, 150.0, 550.0);
    let (_, periodicity) = f0_of(noise);
    assert!(
        periodicity < 0.35,
        "stretched noise is periodic (correlation {periodicity})"
    );
    // … and still as loud as the source noise.
    let src = v
        .unit(Diphone {
            left: S,
            right: Pau,
        })
        .unwrap();
    assert_eq!((src.join - src.start).0, HALF);
    let src_rms = rms(&v.samples()[src.start.to(src.join)]);
    let ratio = rms(noise) / src_rms;
    assert!((0.6..1.6).contains(&ratio), "level ×{ratio} of the source");
}

#[test]
fn pauses_are_silent_and_substitutions_are_reported() {
    use Phone::*;
    let v = voice().without(Diphone { left: Aa, right: M });
    let targets = vec![
        t(Pau, 100.0, &[]),
        t(Aa, 150.0, &[(0.5, 100.0)]),
        t(M, 80.0, &[]),
        t(Pau, 100.0, &[]),
    ];
    let plan = plan_units(&targets, &v).unwrap();
    assert_eq!(plan.units.len(), targets.len() + 1);
    assert_eq!(plan.substitutions.len(), 1);
    assert_eq!(plan.substitutions[0].wanted, Diphone { left: Aa, right: M });
    let s = synthesize(&targets, &v).unwrap();
    assert_eq!(s.substitutions.len(), 1);
    assert!(s.waveform.samples[..1000].iter().all(|&x| x == 0.0));
    let pau_only = synthesize(&[t(Pau, 300.0, &[])], &v).unwrap().waveform;
    assert_eq!(pau_only.samples.len(), 4800);
    assert!(pau_only.samples.iter().all(|&x| x == 0.0));
}

#[test]
fn bad_durations_are_refused() {
    use Phone::*;
    let v = voice();
    let err = synthesize(&[t(Aa, f64::NAN, &[])], &v).unwrap_err();
    assert!(err.to_string().contains("phone 0 (aa)"), "{err}");
}

fn sentence(k: usize) -> Vec<PhoneTarget> {
    use Phone::*;
    let phones = [M, Aa, S, Iy, L, Ax, N, Z, T, Aa, M, Iy];
    let mut v = vec![t(Pau, 60.0, &[])];
    for i in 0..8 + k % 5 {
        let p = phones[(i + k) % phones.len()];
        let pitch: &[(f32, f32)] = if p.is_vowel() {
            &[(0.5, 90.0 + (i * 7 % 40) as f32)]
        } else {
            &[]
        };
        v.push(t(p, 60.0 + (i * 13 % 90) as f64, pitch));
    }
    v.push(t(Pau, 60.0, &[]));
    v
}

#[test]
fn synthesis_is_deterministic_across_threads() {
    let v = voice();
    let sentences: Vec<_> = (0..24).map(sentence).collect();
    let serial: Vec<Vec<f32>> = sentences
        .iter()
        .map(|s| synthesize(s, &v).unwrap().waveform.samples)
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap();
    let parallel: Vec<Vec<f32>> = pool.install(|| {
        sentences
            .par_iter()
            .map(|s| synthesize(s, &v).unwrap().waveform.samples)
            .collect()
    });
    let bits =
        |w: &Vec<Vec<f32>>| -> Vec<u32> { w.iter().flatten().map(|x| x.to_bits()).collect() };
    assert_eq!(bits(&serial), bits(&parallel));
}

fn sine(hz: f32, rate: u32, secs: f32) -> Waveform {
    let n = (rate as f32 * secs) as usize;
    Waveform {
        rate: SampleRate(rate),
        samples: (0..n)
            .map(|i| 0.5 * (2.0 * std::f32::consts::PI * hz * i as f32 / rate as f32).sin())
            .collect(),
    }
}

/// Frequency from rising zero crossings over the middle of the signal.
fn zero_crossing_hz(w: &Waveform) -> f32 {
    let x = &w.samples[w.samples.len() / 10..w.samples.len() * 9 / 10];
    let ups: Vec<usize> = (1..x.len())
        .filter(|&i| x[i - 1] < 0.0 && x[i] >= 0.0)
        .collect();
    let span = (ups[ups.len() - 1] - ups[0]) as f32 / w.rate.0 as f32;
    (ups.len() - 1) as f32 / span
}

#[test]
fn resampling_a_sine_keeps_its_frequency_level_and_scales_the_length() {
    let wave = sine(440.0, 16_000, 1.37);
    for to in [44_100u32, 48_000] {
        let out = resample(&wave, SampleRate(to)).unwrap();
        let expected = (wave.samples.len() as f64 * f64::from(to) / 16_000.0).ceil() as usize;
        assert_eq!(out.samples.len(), expected);
        assert_eq!(out.rate, SampleRate(to));
        let hz = zero_crossing_hz(&out);
        assert!((hz - 440.0).abs() < 1.0, "{hz} Hz at {to}");
        let level = rms(&out.samples[to as usize / 10..out.samples.len() - to as usize / 10]);
        assert!((level - 0.5 / 2f32.sqrt()).abs() < 0.01, "rms {level}");
        // The delay is trimmed: the sine starts rising at the start.
        let first_peak = out.samples.iter().position(|&x| x > 0.45).unwrap();
        let expected_peak = to as f32 / 440.0 / 4.0;
        assert!(
            (first_peak as f32 - expected_peak).abs() < expected_peak * 0.3,
            "{first_peak}"
        );
    }
}

#[test]
fn resampling_keeps_the_voice_band_up_to_7_khz_and_adds_no_images() {
    // Fricatives reach the top of the 16 kHz voices' band: a 7 kHz tone keeps its level
    // (within 0.5 dB), and nothing of it is mirrored above 8 kHz.
    let wave = sine(7_000.0, 16_000, 1.0);
    let out = resample(&wave, SampleRate(44_100)).unwrap();
    let mid = &out.samples[4_410..out.samples.len() - 4_410];
    let level = 20.0 * (rms(mid) / (0.5 / 2f32.sqrt())).log10();
    assert!(level.abs() < 0.5, "7 kHz comes out at {level:.2} dB");
    // The image of 7 kHz about 8 kHz would sit at 9 kHz: correlate with it.
    let (mut re, mut im) = (0f64, 0f64);
    for (i, &x) in mid.iter().enumerate() {
        let ph = 2.0 * std::f64::consts::PI * 9_000.0 * i as f64 / 44_100.0;
        re += f64::from(x) * ph.cos();
        im += f64::from(x) * ph.sin();
    }
    let image = 2.0 * (re * re + im * im).sqrt() / mid.len() as f64;
    assert!(image < 0.5 * 1e-3, "image at 9 kHz: amplitude {image:.2e}");
}

#[test]
fn a_kept_resampler_gives_the_same_result_as_a_fresh_one() {
    let mut r = Resampler::new(SampleRate(16_000), SampleRate(44_100)).unwrap();
    let a = sine(300.0, 16_000, 0.5);
    let b = sine(1000.0, 16_000, 0.2);
    let first = r.process(&a).unwrap();
    let _ = r.process(&b).unwrap();
    assert_eq!(r.process(&a).unwrap(), first);
    assert_eq!(resample(&a, SampleRate(44_100)).unwrap(), first);
    assert!(r.process(&sine(1.0, 22_050, 0.1)).is_err());
    assert!(r
        .process(&Waveform {
            rate: SampleRate(16_000),
            samples: vec![]
        })
        .unwrap()
        .samples
        .is_empty());
}
