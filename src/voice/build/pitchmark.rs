//! A small epoch (pitch mark) detector for building voices from recordings.
//!
//! 1. The signal is band-passed (50–900 Hz, second-order Butterworth sections run
//!    forwards and backwards, so without phase shift), which leaves mostly the
//!    fundamental and the first harmonics.
//! 2. Every 5 ms a frame is analysed: quiet frames (more than 35 dB below the
//!    loudest frame, or below −60 dBFS) are unvoiced; otherwise the normalised
//!    autocorrelation over the lags of the allowed F0 range gives the period
//!    (smallest lag within 85 % of the best one, against octave errors, refined
//!    by a parabola). A frame is voiced when that correlation reaches 0.6.
//!    Periods are median-smoothed over five frames.
//! 3. The marks are walked from left to right over the short-time RMS envelope
//!    of the signal (above 50 Hz, 2 ms window), which peaks where each excitation
//!    pulse starts ringing. In voiced stretches each mark is the envelope peak
//!    between 0.7 and 1.3 periods after the previous mark, weighted by closeness to
//!    one period (half weight at the window's edges); the first mark of a voiced
//!    stretch is the largest peak within one period. A peak below a fifth of the
//!    largest envelope value within two periods (ringing at an onset or offset) does
//!    not count and an unvoiced mark is placed instead. In unvoiced stretches marks
//!    are placed every 10 ms and flagged unvoiced.
//!
//! Everything is computed in `f64` in a fixed order, so results are reproducible.

use crate::units::{Frames, Hz, SampleRate, Seconds};
use crate::voice::PitchMark;

/// Settings of the epoch detector.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochConfig {
    /// Lowest F0 searched for.
    pub f0_min: Hz,
    /// Highest F0 searched for.
    pub f0_max: Hz,
    /// Spacing of the marks in unvoiced stretches.
    pub unvoiced_step: Seconds,
}

impl EpochConfig {
    /// A detector for F0 between `f0_min` and `f0_max`, 10 ms unvoiced spacing.
    pub fn new(f0_min: Hz, f0_max: Hz) -> EpochConfig {
        EpochConfig {
            f0_min,
            f0_max,
            unvoiced_step: Seconds(0.010),
        }
    }
}

/// Hop between analysis frames.
const HOP: Seconds = Seconds(0.005);
/// Minimum normalised autocorrelation of a voiced frame.
const VOICING: f64 = 0.6;
/// Frames this far below the loudest frame (as an RMS ratio, −35 dB) are unvoiced.
const QUIET_RELATIVE: f64 = 0.0178;
/// A voiced mark's peak is at least this share of the largest peak within two
/// periods around it.
const STRONG_PEAK: f64 = 0.2;
/// Frames below this RMS (−60 dBFS, after the band-pass) are unvoiced.
const QUIET_ABSOLUTE: f64 = 1e-3;

/// A second-order IIR section (RBJ cookbook coefficients), normalised so a0 = 1.
#[derive(Debug, Clone, Copy)]
struct Biquad {
    b: [f64; 3],
    a: [f64; 2],
}

impl Biquad {
    fn butterworth(cutoff: f64, rate: f64, high_pass: HighOrLow) -> Biquad {
        let w0 = 2.0 * std::f64::consts::PI * cutoff / rate;
        let alpha = w0.sin() / (2.0 * std::f64::consts::FRAC_1_SQRT_2);
        let cos = w0.cos();
        let a0 = 1.0 + alpha;
        let (b0, b1) = match high_pass {
            HighOrLow::Low => ((1.0 - cos) / 2.0, 1.0 - cos),
            HighOrLow::High => ((1.0 + cos) / 2.0, -(1.0 + cos)),
        };
        Biquad {
            b: [b0 / a0, b1 / a0, b0 / a0],
            a: [-2.0 * cos / a0, (1.0 - alpha) / a0],
        }
    }

    /// Filters `x` in place (direct form I, zero initial state).
    fn run(&self, x: &mut [f64]) {
        let (mut x1, mut x2, mut y1, mut y2) = (0.0, 0.0, 0.0, 0.0);
        for v in x.iter_mut() {
            let y =
                self.b[0] * *v + self.b[1] * x1 + self.b[2] * x2 - self.a[0] * y1 - self.a[1] * y2;
            (x2, x1, y2, y1) = (x1, *v, y1, y);
            *v = y;
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum HighOrLow {
    High,
    Low,
}

/// Band-passes `signal` to 50–900 Hz without phase shift.
fn band_pass(signal: &[f32], rate: SampleRate) -> Vec<f64> {
    let r = f64::from(rate.0);
    let sections = [
        Biquad::butterworth(50.0, r, HighOrLow::High),
        Biquad::butterworth(900.0, r, HighOrLow::Low),
    ];
    let mut x: Vec<f64> = signal.iter().map(|&s| f64::from(s)).collect();
    for s in &sections {
        s.run(&mut x);
    }
    x.reverse();
    for s in &sections {
        s.run(&mut x);
    }
    x.reverse();
    x
}

/// Short-time RMS of the signal above 50 Hz, over a 2 ms Hann window without
/// delay: it peaks where each excitation pulse starts ringing.
fn energy_envelope(signal: &[f32], rate: SampleRate) -> Vec<f64> {
    let r = f64::from(rate.0);
    let hp = Biquad::butterworth(50.0, r, HighOrLow::High);
    let mut x: Vec<f64> = signal.iter().map(|&s| f64::from(s)).collect();
    hp.run(&mut x);
    x.reverse();
    hp.run(&mut x);
    x.reverse();
    let half = (rate.frames(Seconds(0.001)).0).max(1) as isize;
    let w: Vec<f64> = (-half..=half)
        .map(|k| 0.5 + 0.5 * (std::f64::consts::PI * k as f64 / (half + 1) as f64).cos())
        .collect();
    let n = x.len() as isize;
    (0..n)
        .map(|i| {
            (-half..=half)
                .filter(|k| (0..n).contains(&(i + k)))
                .map(|k| w[(k + half) as usize] * x[(i + k) as usize].powi(2))
                .sum::<f64>()
                .sqrt()
        })
        .collect()
}

/// The F0 track of a signal: one entry per 5 ms frame (frame `i` is centred on
/// sample `i · hop`), `None` where unvoiced. Returns the hop in samples too.
pub fn f0_track(
    signal: &[f32],
    rate: SampleRate,
    config: &EpochConfig,
) -> (Vec<Option<Hz>>, usize) {
    let filtered = band_pass(signal, rate);
    let (periods, hop) = periods(&filtered, rate, config);
    let r = f64::from(rate.0);
    let track = periods
        .iter()
        .map(|p| p.map(|t| Hz((r / t) as f32)))
        .collect();
    (track, hop)
}

/// Per-frame periods in samples (fractional), median-smoothed.
fn periods(x: &[f64], rate: SampleRate, config: &EpochConfig) -> (Vec<Option<f64>>, usize) {
    let r = f64::from(rate.0);
    let hop = rate.frames(HOP).0.max(1);
    let min_lag = ((r / f64::from(config.f0_max.0)).floor() as usize).max(2);
    let max_lag = ((r / f64::from(config.f0_min.0)).ceil() as usize).max(min_lag + 2);
    let window = 2 * max_lag;
    let frames = x.len().div_ceil(hop).max(1);
    let frame = |i: usize| -> Vec<f64> {
        let centre = (i * hop) as isize;
        (0..window as isize)
            .map(|k| {
                let at = centre - window as isize / 2 + k;
                if at >= 0 && (at as usize) < x.len() {
                    x[at as usize]
                } else {
                    0.0
                }
            })
            .collect()
    };
    let rms: Vec<f64> = (0..frames)
        .map(|i| {
            let f = frame(i);
            (f.iter().map(|v| v * v).sum::<f64>() / window as f64).sqrt()
        })
        .collect();
    let loudest = rms.iter().copied().fold(0.0, f64::max);
    let raw: Vec<Option<f64>> = (0..frames)
        .map(|i| {
            if rms[i] < QUIET_ABSOLUTE || rms[i] < loudest * QUIET_RELATIVE {
                return None;
            }
            best_period(&frame(i), min_lag, max_lag)
        })
        .collect();
    let smoothed = (0..frames)
        .map(|i| {
            raw[i]?;
            let mut near: Vec<f64> = raw[i.saturating_sub(2)..(i + 3).min(frames)]
                .iter()
                .flatten()
                .copied()
                .collect();
            near.sort_by(f64::total_cmp);
            Some(near[near.len() / 2])
        })
        .collect();
    (smoothed, hop)
}

/// The period of one frame by normalised autocorrelation, or `None` if unvoiced.
fn best_period(f: &[f64], min_lag: usize, max_lag: usize) -> Option<f64> {
    let max_lag = max_lag.min(f.len().saturating_sub(2));
    if max_lag <= min_lag + 1 {
        return None;
    }
    let corr = |lag: usize| -> f64 {
        let (mut xy, mut xx, mut yy) = (0.0, 0.0, 0.0);
        for n in 0..f.len() - lag {
            xy += f[n] * f[n + lag];
            xx += f[n] * f[n];
            yy += f[n + lag] * f[n + lag];
        }
        if xx <= 0.0 || yy <= 0.0 {
            0.0
        } else {
            xy / (xx * yy).sqrt()
        }
    };
    let r: Vec<f64> = (min_lag - 1..=max_lag + 1).map(corr).collect();
    // r[k] is the correlation at lag min_lag - 1 + k
    let peaks: Vec<usize> = (1..r.len() - 1)
        .filter(|&k| r[k] >= r[k - 1] && r[k] >= r[k + 1])
        .collect();
    let best = peaks.iter().map(|&k| r[k]).fold(f64::MIN, f64::max);
    if best < VOICING {
        return None;
    }
    let k = *peaks.iter().find(|&&k| r[k] >= 0.85 * best)?;
    let (a, b, c) = (r[k - 1], r[k], r[k + 1]);
    let denom = a - 2.0 * b + c;
    let shift = if denom < 0.0 {
        0.5 * (a - c) / denom
    } else {
        0.0
    };
    Some((min_lag - 1 + k) as f64 + shift.clamp(-0.5, 0.5))
}

/// Finds the pitch marks of `signal`. Positions are sample indices into `signal`,
/// strictly increasing; voiced marks are one period apart, unvoiced ones
/// `config.unvoiced_step` apart.
pub fn pitch_marks(signal: &[f32], rate: SampleRate, config: &EpochConfig) -> Vec<PitchMark> {
    if signal.is_empty() {
        return Vec::new();
    }
    let x = band_pass(signal, rate);
    let (periods, hop) = periods(&x, rate, config);
    let period_at = |at: usize| periods[((at + hop / 2) / hop).min(periods.len() - 1)];
    let y = energy_envelope(signal, rate);
    let step = rate.frames(config.unvoiced_step).0.max(1);
    let n = x.len();
    let is_peak = |i: usize| i > 0 && i + 1 < n && y[i] >= y[i - 1] && y[i] > y[i + 1];
    let largest_in = |lo: usize, hi: usize| (lo..hi.min(n)).map(|i| y[i]).fold(0.0, f64::max);
    // the local maximum of the envelope in lo..hi with the best score
    let pick = |lo: usize, hi: usize, score: &dyn Fn(usize) -> f64| -> Option<usize> {
        (lo..hi.min(n))
            .filter(|&i| is_peak(i))
            .fold(None, |best: Option<usize>, i| match best {
                Some(b) if score(b) >= score(i) => Some(b),
                _ => Some(i),
            })
    };
    let mut marks: Vec<PitchMark> = Vec::new();
    loop {
        let last = marks.last().copied();
        let guess = match last {
            None => 0,
            Some(m) if m.voiced => m.at.0 + period_at(m.at.0).map_or(step, |t| t.round() as usize),
            Some(m) => m.at.0 + step,
        };
        if guess >= n {
            break;
        }
        let unvoiced = PitchMark {
            at: Frames(last.map_or(guess, |m| m.at.0 + step)),
            voiced: false,
        };
        let Some(t) = period_at(guess) else {
            marks.push(unvoiced);
            continue;
        };
        let picked = match last {
            // one period on, weighted by closeness to where it is expected
            // (weight 1 there, 0.5 at the edges of the window)
            Some(m) if m.voiced => {
                let expected = m.at.0 as f64 + t;
                let score = |i: usize| {
                    let d = (i as f64 - expected) / (0.3 * t);
                    y[i] * (1.0 - 0.5 * d * d)
                };
                let lo = m.at.0 + ((0.7 * t).round() as usize).max(1);
                pick(lo, m.at.0 + (1.3 * t).round() as usize + 1, &score)
            }
            // the first voiced mark: the largest peak within a period
            _ => {
                let lo = last.map_or(0, |m| m.at.0 + ((0.5 * t).round() as usize).max(1));
                pick(lo, lo + t.ceil() as usize, &|i| y[i])
            }
        };
        // a voiced mark must be a real excitation, not ringing next to an onset or
        // offset: at least a fifth of the largest envelope value within two periods
        let reach = (2.0 * t).round() as usize;
        let next = match picked {
            Some(at) if y[at] >= STRONG_PEAK * largest_in(at.saturating_sub(reach), at + reach) => {
                PitchMark {
                    at: Frames(at),
                    voiced: true,
                }
            }
            _ => unvoiced,
        };
        marks.push(next);
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: SampleRate = SampleRate(16_000);

    #[test]
    fn silence_gets_evenly_spaced_unvoiced_marks() {
        let marks = pitch_marks(
            &vec![0.0; 1600],
            RATE,
            &EpochConfig::new(Hz(100.0), Hz(400.0)),
        );
        assert_eq!(marks.len(), 10);
        assert!(marks.iter().all(|m| !m.voiced));
        assert!(marks.windows(2).all(|w| w[1].at - w[0].at == Frames(160)));
    }

    #[test]
    fn octave_guard_prefers_the_true_period() {
        let f: Vec<f64> = (0..640)
            .map(|n| (2.0 * std::f64::consts::PI * 200.0 * n as f64 / 16000.0).sin())
            .collect();
        let p = best_period(&f, 40, 320).unwrap();
        assert!((p - 80.0).abs() < 0.5, "{p}");
    }
}
