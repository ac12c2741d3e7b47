//! The epoch detector on synthetic signals with a known F0.

use aloud::units::{Hz, SampleRate};
use aloud::voice::build::pitchmark::{f0_track, pitch_marks, EpochConfig};
use aloud::voice::PitchMark;
use std::f64::consts::PI;

const RATE: SampleRate = SampleRate(16_000);

fn female() -> EpochConfig {
    EpochConfig::new(Hz(100.0), Hz(400.0))
}

/// A glottal-pulse-like signal: impulses every `period` samples, each ringing
/// through a decaying 600 Hz resonance, with a slowly varying period.
fn pulse_train(f0: f64, seconds: f64) -> (Vec<f32>, Vec<usize>) {
    let n = (seconds * 16000.0) as usize;
    let mut x = vec![0f32; n];
    let mut pulses = Vec::new();
    let mut t = 200.0;
    while (t as usize) < n {
        pulses.push(t as usize);
        t += 16000.0 / f0;
    }
    for &p in &pulses {
        for k in 0..200.min(n - p) {
            let kf = k as f64;
            x[p + k] += (0.5 * (-kf / 40.0).exp() * (2.0 * PI * 600.0 * kf / 16000.0).cos()) as f32;
        }
    }
    (x, pulses)
}

fn voiced_spacings(marks: &[PitchMark]) -> Vec<usize> {
    marks
        .windows(2)
        .filter(|w| w[0].voiced && w[1].voiced)
        .map(|w| (w[1].at - w[0].at).0)
        .collect()
}

#[test]
fn pulse_train_marks_are_one_period_apart() {
    for f0 in [120.0, 170.0, 250.0] {
        let (x, pulses) = pulse_train(f0, 0.5);
        let marks = pitch_marks(&x, RATE, &female());
        let period = 16000.0 / f0;
        let gaps = voiced_spacings(&marks);
        assert!(
            gaps.len() as f64 > 0.8 * pulses.len() as f64,
            "f0 {f0}: only {} voiced gaps",
            gaps.len()
        );
        for g in &gaps {
            assert!(
                (*g as f64 - period).abs() <= 2.0,
                "f0 {f0}: gap {g} vs period {period:.1}"
            );
        }
        // every voiced mark sits at a fixed short delay after a pulse
        let delays: Vec<i64> = marks
            .iter()
            .filter(|m| m.voiced)
            .map(|m| {
                let p = pulses
                    .iter()
                    .rev()
                    .find(|&&p| p <= m.at.0)
                    .copied()
                    .unwrap_or(0);
                (m.at.0 - p) as i64
            })
            .collect();
        let (lo, hi) = (delays.iter().min().unwrap(), delays.iter().max().unwrap());
        assert!(
            hi - lo <= 3,
            "f0 {f0}: mark delays after the pulses vary from {lo} to {hi}"
        );
    }
}

#[test]
fn sine_marks_sit_on_its_peaks() {
    let f0 = 170.0;
    let x: Vec<f32> = (0..8000)
        .map(|n| (0.3 * (2.0 * PI * f0 * n as f64 / 16000.0).sin()) as f32)
        .collect();
    let marks = pitch_marks(&x, RATE, &female());
    let gaps = voiced_spacings(&marks);
    assert!(gaps.len() > 75, "{} voiced gaps", gaps.len());
    let period = 16000.0 / f0;
    assert!(
        gaps.iter().all(|&g| (g as f64 - period).abs() <= 1.5),
        "{gaps:?}"
    );
    let (track, _) = f0_track(&x, RATE, &female());
    let voiced: Vec<f32> = track.iter().flatten().map(|h| h.0).collect();
    assert!(voiced.len() > track.len() * 9 / 10);
    assert!(
        voiced.iter().all(|&f| (f - 170.0).abs() < 2.0),
        "{voiced:?}"
    );
    // marks on the same phase of each cycle: all on peaks (or all on troughs) of the sine
    let phases: Vec<f64> = marks
        .iter()
        .filter(|m| m.voiced && m.at.0 > 400 && m.at.0 < 7600)
        .map(|m| x[m.at.0] as f64 / 0.3)
        .collect();
    assert!(phases.iter().all(|p| p.abs() > 0.95), "{phases:?}");
}

#[test]
fn unvoiced_stretches_get_ten_ms_marks_and_voicing_resumes() {
    let (mut x, _) = pulse_train(200.0, 0.6);
    // silence in the middle, 200 ms
    for s in &mut x[3200..6400] {
        *s = 0.0;
    }
    let marks = pitch_marks(&x, RATE, &female());
    assert!(marks.windows(2).all(|w| w[0].at < w[1].at));
    let silent: Vec<&PitchMark> = marks
        .iter()
        .filter(|m| m.at.0 > 3600 && m.at.0 < 6000)
        .collect();
    assert!(!silent.is_empty() && silent.iter().all(|m| !m.voiced));
    assert!(silent.windows(2).all(|w| (w[1].at - w[0].at).0 == 160));
    assert!(
        marks.iter().any(|m| m.voiced && m.at.0 > 7000),
        "voicing resumes after the gap"
    );
}
