//! TD-PSOLA against the recording it reads: with the units' own pitch and timing (and
//! small time stretches) every window of the output matches the recording.

use super::*;
use crate::prosody::PhoneTarget;
use crate::units::{Frames, Seconds};
use crate::voice::{Diphone, PitchMark};

/// A buzz whose period glides from 150 to 170 samples, marks at its pulses.
fn buzz(len: usize) -> (Vec<f32>, Vec<usize>) {
    let mut x = vec![0.0f32; len];
    let mut marks = Vec::new();
    let mut at = 200.0f64;
    while (at as usize) + 400 < len {
        let c = at as usize;
        marks.push(c);
        for j in 0..300 {
            x[c + j] += 0.5 * (-(j as f32) / 40.0).exp() * (j as f32 * 0.3).sin();
        }
        at += 150.0 + 20.0 * at / len as f64;
    }
    (x, marks)
}

#[test]
fn a_small_time_stretch_at_own_pitch_stays_close_to_the_recording() {
    // dropping or repeating whole periods of a steady buzz leaves every window as
    // close to the recording as the identity does (about 26 dB here)
    for factor in [0.95, 1.05] {
        let worst = resynthesis_snr(factor);
        assert!(
            worst > 20.0,
            "stretch {factor}: worst window SNR {worst:.1} dB"
        );
    }
}

#[test]
fn own_pitch_and_own_timing_give_the_recording_back() {
    let worst = resynthesis_snr(1.0);
    assert!(worst > 20.0, "worst window SNR {worst:.1} dB");
}

#[test]
fn a_run_of_one_recording_plays_every_period_once_in_place() {
    // Units cut from one recording and continuing each other hand over half way
    // between their marks: the output is the recording itself, at one fixed offset,
    // with no period dropped or repeated at the middle of a phone (the old hand-over
    // at each unit's last and first mark dropped one period a phone).
    let (x, marks) = buzz(16_000);
    let (units, durations, y) = own_reading(&x, &marks, 1.0);
    let recorded = units[units.len() - 1].join.0 - units[0].join.0;
    let total: f64 = durations.iter().sum();
    assert!(
        (total - recorded as f64).abs() < 1.0,
        "{total} vs {recorded}"
    );
    let interior = 400..y.len() - 400;
    let snr = |offset: usize| {
        let (mut sig, mut err) = (0.0f64, 0.0f64);
        for k in interior.clone() {
            let (a, b) = (f64::from(y[k]), f64::from(x[k + offset]));
            sig += b * b;
            err += (a - b) * (a - b);
        }
        10.0 * (sig / err.max(1e-12)).log10()
    };
    let best = (0..x.len() - y.len())
        .map(snr)
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(
        best > 40.0,
        "the whole run against the recording: {best:.1} dB"
    );
}

/// The worst SNR of any 400-sample window of a buzz resynthesized at its own pitch
/// with its phones' own lengths times `stretch`, against the best-matching stretch
/// of the recording.
fn resynthesis_snr(stretch: f64) -> f64 {
    let (x, marks) = buzz(16_000);
    let (_, _, y) = own_reading(&x, &marks, stretch);
    // every 400-sample window of the output matches some stretch of the recording
    let mut worst = f64::INFINITY;
    for from in (200..y.len() - 600).step_by(400) {
        let w = &y[from..from + 400];
        let sig: f64 = w.iter().map(|&v| f64::from(v).powi(2)).sum();
        let best = (0..x.len() - 400)
            .map(|s| {
                let err: f64 = w
                    .iter()
                    .zip(&x[s..s + 400])
                    .map(|(a, b)| f64::from(a - b).powi(2))
                    .sum();
                10.0 * (sig / err.max(1e-12)).log10()
            })
            .fold(f64::NEG_INFINITY, f64::max);
        worst = worst.min(best);
    }
    worst
}

/// The recording `x` (pulses at `marks`) cut into units the way a sentence is (mid-phone
/// to mid-phone, 10 ms of context, each unit holding the marks of its own cut), read at
/// its own pitch with its phones' own lengths times `stretch`: the units, the phone
/// lengths and the output.
fn own_reading(x: &[f32], marks: &[usize], stretch: f64) -> (Vec<Unit>, Vec<f64>, Vec<f32>) {
    // phones of 2000 samples from 1000 on; units from mid-phone to mid-phone
    let bounds: Vec<usize> = (0..8).map(|k| 1000 + 2000 * k).collect();
    let mids: Vec<usize> = bounds.windows(2).map(|w| (w[0] + w[1]) / 2).collect();
    let units: Vec<Unit> = mids
        .windows(2)
        .zip(bounds.iter().skip(1))
        .map(|(m, &b)| Unit {
            diphone: Diphone::new(Phone::Aa, Phone::Aa),
            start: Frames(m[0] - 160),
            join: Frames(b),
            end: Frames(m[1] + 160),
            marks: marks
                .iter()
                .filter(|&&c| (m[0]..m[1]).contains(&c))
                .map(|&c| PitchMark {
                    at: Frames(c),
                    voiced: true,
                })
                .collect(),
        })
        .collect();
    let n = units.len() - 1; // phones with units on both sides
    let targets: Vec<PhoneTarget> = (0..n)
        .map(|_| PhoneTarget {
            phone: Phone::Aa,
            duration: Seconds(0.1),
            pitch: Vec::new(),
            place: None,
        })
        .collect();
    let plan: Vec<Option<&Unit>> = units.iter().map(Some).collect();
    let style = super::super::Style {
        timing: super::super::Timing::Units,
        ..Default::default()
    };
    let durations: Vec<f64> = super::super::timing::durations(&targets, &plan, style)
        .iter()
        .map(|d| d * stretch)
        .collect();
    let y = render(
        &targets,
        &durations,
        &plan,
        x,
        1.0,
        PitchSource::Units,
        Semitones(0.0),
    );
    (units, durations, y)
}
