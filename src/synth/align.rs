//! Phase alignment at joins between recordings.
//!
//! TD-PSOLA centres every grain on a pitch mark, so a join between two units is only as
//! smooth as their marks are consistent: if one recording's marks sit on the glottal
//! closure and the other's a quarter period later, the overlap-add across the seam adds
//! two waveforms out of phase, which is heard as a rough, doubled or missing period at
//! every join. Marks found by an epoch detector on different recordings are not always
//! on the same point of the cycle: for slt and rms, 28–49 % of the pairs of units that meet
//! in a vowel or a nasal are off by more than a tenth of a period, against 0–3 % for the
//! Festival-marked diphones of kal and ked (`bench/quality/marks.py`).
//!
//! At every voiced join that does not continue one recording, the right-hand unit's grains
//! are therefore taken [`SEAM_SEARCH`] of a period either side of its marks, at the shift
//! where its first grain best matches the left-hand unit's last grain (normalized
//! cross-correlation of the first's Hann-windowed two-period grain with the second's
//! audio). The shift holds for the whole unit and passes on to the units that continue its
//! recording, so a stretch of one recording is never torn apart; each shift is measured
//! from the unit's own marks, so shifts never add up along a sentence.

use crate::dsp::lane_sums;
/// How far a grain may move, as a share of its period, either way.
const SEAM_SEARCH: f64 = 0.5;
/// Lags are first searched every `COARSE` samples, then refined around the best one.
const COARSE: usize = 2;

/// The shift (in samples) to apply to the grain centred at `b` (period `pb`) so that it
/// best matches the grain centred at `a` (period `pa`) in `audio`; 0 where the two do not
/// correlate positively at any shift or the audio around either is too short.
pub fn seam_shift<S: Copy + Into<f32>>(
    audio: &[S],
    a: usize,
    pa: usize,
    b: usize,
    pb: usize,
) -> isize {
    let p = pa.min(pb);
    let reach = (p as f64 * SEAM_SEARCH).round() as usize;
    if p < 8 || a < p || b < p + reach || a + p > audio.len() || b + p + reach > audio.len() {
        return 0;
    }
    let n = 2 * p;
    let xa: Vec<f32> = with_hann(n, |hann| {
        hann.iter()
            .zip(&audio[a - p..a + p])
            .map(|(&w, &x)| w * x.into())
            .collect()
    });
    let energy_a: f32 = dot(&xa, &xa);
    if energy_a <= f32::EPSILON {
        return 0;
    }
    // the stretch of b's audio every shift reads, and its running energy
    let y: Vec<f32> = audio[b - p - reach..b + p + reach]
        .iter()
        .map(|&v| v.into())
        .collect();
    let mut energy = Vec::with_capacity(y.len() + 1);
    energy.push(0.0f64);
    for v in &y {
        energy.push(energy[energy.len() - 1] + f64::from(*v) * f64::from(*v));
    }
    let score = |lag: isize| -> f32 {
        let at = (lag + reach as isize) as usize;
        let eb = (energy[at + n] - energy[at]) as f32;
        if eb <= f32::EPSILON {
            f32::NEG_INFINITY
        } else {
            dot(&xa, &y[at..at + n]) / (energy_a * eb).sqrt()
        }
    };
    let reach = reach as isize;
    // the best-scoring shift among `lags` (ties go to the smaller shift, then the earlier)
    let best_of = |lags: std::iter::StepBy<std::ops::RangeInclusive<isize>>| {
        lags.map(|lag| (lag, score(lag)))
            .fold((0isize, f32::NEG_INFINITY), |best, x| {
                if x.1 > best.1 || (x.1 == best.1 && x.0.abs() < best.0.abs()) {
                    x
                } else {
                    best
                }
            })
    };
    let coarse = best_of((-reach..=reach).step_by(COARSE));
    let lo = (coarse.0 - COARSE as isize + 1).max(-reach);
    let hi = (coarse.0 + COARSE as isize - 1).min(reach);
    let (lag, r) = best_of((lo..=hi).step_by(1));
    if r > 0.0 {
        lag
    } else {
        0
    }
}

/// Calls `f` with the `n`-point Hann window (sampled at the middle of each point) that
/// grains at a join are weighed by, computed once per length and thread: the cosines were
/// about 1.5 % of a render's instructions.
fn with_hann<R>(n: usize, f: impl FnOnce(&[f32]) -> R) -> R {
    thread_local! {
        static WINDOWS: std::cell::RefCell<Vec<Vec<f32>>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    WINDOWS.with(|windows| {
        let mut windows = windows.borrow_mut();
        if windows.len() <= n {
            windows.resize(n + 1, Vec::new());
        }
        if windows[n].len() != n {
            windows[n] = (0..n)
                .map(|j| {
                    let x = 2.0 * std::f64::consts::PI * (j as f64 + 0.5) / n as f64;
                    (0.5 - 0.5 * x.cos()) as f32
                })
                .collect();
        }
        f(&windows[n])
    })
}

/// Σ x·y of two slices of one length: eight running sums ([`lane_sums`]) added in order,
/// then the products past the last whole eight.
fn dot(x: &[f32], y: &[f32]) -> f32 {
    debug_assert_eq!(x.len(), y.len());
    let whole = x.len() / 8 * 8;
    let tail: f32 = x[whole..].iter().zip(&y[whole..]).map(|(a, b)| a * b).sum();
    lane_sums(&x[..whole], &y[..whole]).iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A glottal-pulse-like periodic wave: a decaying resonance restarted every `period`.
    fn pulses(len: usize, period: usize, phase: usize) -> Vec<f32> {
        (0..len)
            .map(|n| {
                let t = ((n + period - phase % period) % period) as f32;
                (-t / 20.0).exp() * (t * 0.35).sin()
            })
            .collect()
    }

    #[test]
    fn a_grain_marked_off_phase_is_moved_onto_the_other_units_phase() {
        // Unit A's mark sits on a pulse; unit B (same wave, offset by 30 samples) is marked
        // 30 samples after its pulse: B must move back by 30.
        let mut audio = pulses(2000, 100, 0);
        audio.extend(pulses(2000, 100, 70));
        let shift = seam_shift(&audio, 1000, 100, 2000 + 1000, 100);
        assert_eq!(shift, -30);
    }

    #[test]
    fn consistent_marks_stay_where_they_are_and_silence_is_left_alone() {
        let mut audio = pulses(2000, 100, 0);
        audio.extend(pulses(2000, 100, 0));
        assert_eq!(seam_shift(&audio, 1000, 100, 3000, 100), 0);
        let quiet = vec![0.0f32; 4000];
        assert_eq!(seam_shift(&quiet, 1000, 100, 3000, 100), 0);
        // Too close to the ends of the audio to search: no shift.
        assert_eq!(seam_shift(&audio, 1000, 100, 3990, 100), 0);
    }

    #[test]
    fn a_join_between_differently_marked_recordings_keeps_the_period() {
        use crate::phonetics::phone::Phone;
        use crate::prosody::PhoneTarget;
        use crate::synth::{psola, PitchSource};
        use crate::units::{Frames, Seconds, Semitones};
        use crate::voice::{Diphone, PitchMark, Unit};
        // Two recordings of one periodic sound (a pulse every 100 samples); the second
        // is marked 30 samples after each pulse. Played back at their own periods across
        // the join, the output must keep one pulse every 100 samples.
        let mut audio = pulses(4000, 100, 0);
        audio.extend(pulses(4000, 100, 0));
        let unit = |start: usize, first_mark: usize, left: Phone, right: Phone| Unit {
            diphone: Diphone { left, right },
            start: Frames(start),
            join: Frames(start + 2000),
            end: Frames(start + 4000),
            marks: (0..39)
                .map(|k| PitchMark {
                    at: Frames(first_mark + 100 * k),
                    voiced: true,
                })
                .collect(),
        };
        let a = unit(0, 100, Phone::M, Phone::Aa);
        let b = unit(4000, 4130, Phone::Aa, Phone::M);
        let targets = [PhoneTarget {
            phone: Phone::Aa,
            duration: Seconds(0.25),
            pitch: Vec::new(),
            place: None,
        }];
        let out = psola::render(
            &targets,
            &[4000.0],
            &[Some(&a), Some(&b)],
            &audio,
            1.0,
            PitchSource::Units,
            Semitones(0.0),
        );
        let top = out.iter().fold(0.0f32, |m, x| m.max(*x));
        let peaks: Vec<usize> = (40..out.len() - 40)
            .filter(|&n| out[n] > 0.5 * top && out[n - 40..=n + 40].iter().all(|&x| x <= out[n]))
            .collect();
        assert!(peaks.len() > 30, "{} peaks", peaks.len());
        for w in peaks.windows(2) {
            assert!((w[1] - w[0]).abs_diff(100) <= 3, "pulses at {w:?}");
        }
    }
}
