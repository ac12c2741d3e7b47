//! Loudness levelling (EBU R128 / ITU BS.1770, measured with the `ebur128` crate).
//!
//! Strategy: every turn is levelled on its own to the target, so speakers match and the whole
//! edition (silences are gated out of the integrated loudness) lands on the target while
//! streaming. For one turn [`Leveller::level`]:
//! 1. measures its integrated loudness and applies the gain to the target (capped at +30 dB;
//!    silent turns keep 0 dB);
//! 2. runs a look-ahead peak limiter with a sample-peak ceiling `margin` below the true-peak
//!    ceiling (gain can only go down where a peak needs it, smooth attack and release);
//! 3. re-measures and adds make-up gain if the limiter cost more than 0.1 LU (at most twice);
//! 4. measures the true peak (4× oversampled) once and, if it is still above the ceiling, scales
//!    the turn down by the excess (true peak scales linearly, so this is exact).
//!
//! Everything is plain sequential arithmetic: the same input gives the same bits.

use super::{Channels, EditionError};
use crate::units::SampleRate;
use ebur128::{EbuR128, Mode};

/// Integrated loudness in LUFS (loudness units relative to full scale).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Lufs(pub f64);

/// A level or gain in decibels (dBFS / dBTP for peaks, dB for gains).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Decibels(pub f64);

impl Decibels {
    /// The linear amplitude ratio.
    pub fn ratio(self) -> f64 {
        10f64.powf(self.0 / 20.0)
    }

    /// Decibels of a linear amplitude ratio (−∞ for 0).
    pub fn from_ratio(r: f64) -> Self {
        Decibels(20.0 * r.log10())
    }
}

/// What the edition is levelled to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoudnessTarget {
    /// Integrated loudness of the output file.
    pub integrated: Lufs,
    /// Highest true peak allowed (dBTP).
    pub true_peak: Decibels,
    /// The output's channel layout: a stereo file of two identical channels measures
    /// 3.01 LU louder than its mono signal.
    pub channels: Channels,
}

impl LoudnessTarget {
    /// Podcast targets: −19 LUFS for mono, −16 LUFS for stereo; true peak ≤ −1 dBTP.
    pub fn podcast(channels: Channels) -> Self {
        LoudnessTarget {
            integrated: Lufs(match channels {
                Channels::Mono => -19.0,
                Channels::Stereo => -16.0,
            }),
            true_peak: Decibels(-1.0),
            channels,
        }
    }

    /// The loudness the mono signal must measure so that the output file meets the target.
    pub fn mono_signal(&self) -> Lufs {
        Lufs(self.integrated.0 - 10.0 * f64::from(self.channels.count()).log10())
    }
}

/// What [`Leveller::level`] did to one turn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelReport {
    /// Integrated loudness before levelling (`None` when the turn is silent).
    pub before: Option<Lufs>,
    /// Integrated loudness after levelling (mono signal): the measured loudness plus the gains,
    /// with the limiter's share estimated from its energy ratio.
    pub after: Option<Lufs>,
    /// Total gain applied before limiting (dB).
    pub gain: Decibels,
    /// Deepest gain reduction of the limiter, including any final scale-down (dB, ≤ 0).
    pub limiter: Decibels,
    /// True peak after levelling (dBTP).
    pub true_peak: Decibels,
}

/// Levels turns to a loudness target with a true-peak ceiling. Stateless between turns.
#[derive(Debug, Clone)]
pub struct Leveller {
    rate: SampleRate,
    target: LoudnessTarget,
    /// Sample-peak ceiling of the limiter, below the true-peak ceiling by this margin (dB).
    margin: f64,
    max_gain: f64,
    lookahead: usize,
    release: f32,
}

/// Below this level a turn counts as silent and is not amplified.
const SILENCE: f64 = -70.0;
/// Extra safety below the true-peak target for differences between meters (dB).
const METER_MARGIN: f64 = 0.4;

impl Leveller {
    /// A leveller for audio at `rate` (any rate the meter supports, e.g. the 16 kHz voice rate or
    /// the output rate).
    pub fn new(rate: SampleRate, target: LoudnessTarget) -> Result<Self, EditionError> {
        if rate.0 < 8_000 || rate.0 > 384_000 {
            return Err(EditionError::BadRate(rate.0));
        }
        let lookahead = ((f64::from(rate.0) * 0.0015).round() as usize).max(4);
        let release = (1.0 - (-1.0 / (0.08 * f64::from(rate.0))).exp()) as f32;
        Ok(Leveller {
            rate,
            target,
            margin: 0.5,
            max_gain: 30.0,
            lookahead,
            release,
        })
    }

    /// The target this leveller aims at.
    pub fn target(&self) -> LoudnessTarget {
        self.target
    }

    /// Integrated loudness of a mono signal; `None` when it is silent (below −70 LUFS).
    /// Signals shorter than one 400 ms gating block are measured as if looped to 400 ms.
    pub fn measure(&self, samples: &[f32]) -> Result<Option<Lufs>, EditionError> {
        check_finite(samples)?;
        measure_integrated(self.rate, samples)
    }

    /// Levels one turn in place (see the module documentation for the steps).
    pub fn level(&self, samples: &mut [f32]) -> Result<LevelReport, EditionError> {
        check_finite(samples)?;
        let target = self.target.mono_signal().0;
        let ceiling = self.target.true_peak.0 - METER_MARGIN;
        let before = measure_integrated(self.rate, samples)?;
        let Some(before_l) = before else {
            let tp = true_peak(self.rate, samples)?;
            return Ok(LevelReport {
                before,
                after: before,
                gain: Decibels(0.0),
                limiter: Decibels(0.0),
                true_peak: tp,
            });
        };
        let mut gain = (target - before_l.0).min(self.max_gain);
        scale(samples, Decibels(gain).ratio());
        let sample_ceiling = Decibels(ceiling - self.margin).ratio() as f32;
        // The limiter's loudness cost is estimated from its energy ratio (it only touches
        // peaks, so weighting and gating hardly change the ratio): no second meter pass.
        let first = self.limit(samples, sample_ceiling);
        let (mut deepest, mut loss, mut pending) = (first.deepest, first.loss, first.loss);
        for _ in 0..2 {
            let makeup = (-pending).min(self.max_gain - gain);
            if makeup <= 0.1 {
                break;
            }
            gain += makeup;
            scale(samples, Decibels(makeup).ratio());
            let again = self.limit(samples, sample_ceiling);
            deepest = deepest.min(again.deepest);
            loss += again.loss;
            pending = again.loss;
        }
        let mut after = before_l.0 + gain + loss;
        let mut tp = true_peak(self.rate, samples)?;
        if tp.0 > ceiling {
            let excess = ceiling - tp.0;
            scale(samples, Decibels(excess).ratio());
            deepest = deepest.min(excess);
            after += excess;
            tp = Decibels(ceiling);
        }
        Ok(LevelReport {
            before,
            after: Some(Lufs(after)),
            gain: Decibels(gain),
            limiter: Decibels(deepest),
            true_peak: tp,
        })
    }

    /// Look-ahead limiter in place; returns its deepest gain reduction and energy loss.
    ///
    /// For each frame the required gain is `ceiling / |x|` (or 1). A forward minimum over the
    /// look-ahead window, an exponential release, then a moving average over the same window
    /// give a smooth gain that is never above the required gain at any frame: every window
    /// averaged at frame i starts within the look-ahead before i, so its minimum covers frame i.
    fn limit(&self, x: &mut [f32], ceiling: f32) -> LimitStats {
        let n = x.len();
        let l = self.lookahead;
        let unchanged = LimitStats {
            deepest: 0.0,
            loss: 0.0,
        };
        if x.iter().all(|v| v.abs() <= ceiling) {
            return unchanged;
        }
        let (mut e_in, mut e_out) = (0f64, 0f64);
        let need = |v: f32| {
            let a = v.abs();
            if a > ceiling {
                ceiling / a
            } else {
                1.0
            }
        };
        // Monotonic deque (indices with increasing need) for the forward minimum.
        let mut window: std::collections::VecDeque<(usize, f32)> = Default::default();
        let mut released = 1.0f32;
        let mut history = vec![1.0f32; l]; // last l released gains (ring)
        let mut sum = l as f64;
        let mut deepest = 1.0f32;
        // Step k feeds frame k (if any) and emits frame k - (l - 1).
        for k in 0..n + l - 1 {
            if k < n {
                let g = need(x[k]);
                while window.back().is_some_and(|&(_, v)| v >= g) {
                    window.pop_back();
                }
                window.push_back((k, g));
            }
            // Window for the release position j = k - (l - 1) covers frames j..=k.
            let j = k as isize - (l as isize - 1);
            while window.front().is_some_and(|&(i, _)| (i as isize) < j) {
                window.pop_front();
            }
            let m = window.front().map_or(1.0, |&(_, v)| v);
            released = m.min(released + (1.0 - released) * self.release);
            let slot = k % l;
            sum += f64::from(released) - f64::from(history[slot]);
            history[slot] = released;
            if slot == 0 {
                // Recompute now and then so the running sum cannot drift.
                sum = history.iter().map(|&g| f64::from(g)).sum();
            }
            if j >= 0 {
                // Frame j: the average covers release positions j-(l-1)..=j = steps j..=k.
                let s = ((sum / l as f64) as f32).min(1.0);
                let j = j as usize;
                e_in += f64::from(x[j]) * f64::from(x[j]);
                x[j] *= s;
                e_out += f64::from(x[j]) * f64::from(x[j]);
                deepest = deepest.min(s);
            }
        }
        LimitStats {
            deepest: Decibels::from_ratio(f64::from(deepest)).0,
            loss: if e_in > 0.0 {
                10.0 * (e_out / e_in).log10()
            } else {
                0.0
            },
        }
    }
}

/// What one limiter pass did (dB).
struct LimitStats {
    deepest: f64,
    loss: f64,
}

fn scale(samples: &mut [f32], ratio: f64) {
    let r = ratio as f32;
    for s in samples {
        *s *= r;
    }
}

fn check_finite(samples: &[f32]) -> Result<(), EditionError> {
    match samples.iter().position(|s| !s.is_finite()) {
        Some(i) => Err(EditionError::NonFiniteSample {
            index: i as u64,
            value: samples[i],
        }),
        None => Ok(()),
    }
}

fn meter_err(e: ebur128::Error) -> EditionError {
    EditionError::Meter(e.to_string())
}

fn measure_integrated(rate: SampleRate, samples: &[f32]) -> Result<Option<Lufs>, EditionError> {
    if samples.is_empty() {
        return Ok(None);
    }
    let mut m = EbuR128::new(1, rate.0, Mode::I).map_err(meter_err)?;
    let block = (rate.0 as usize * 2).div_ceil(5);
    if samples.len() < block {
        let mut left = block;
        while left > 0 {
            let take = left.min(samples.len());
            m.add_frames_f32(&samples[..take]).map_err(meter_err)?;
            left -= take;
        }
    } else {
        m.add_frames_f32(samples).map_err(meter_err)?;
    }
    let l = m.loudness_global().map_err(meter_err)?;
    Ok((l.is_finite() && l > SILENCE).then_some(Lufs(l)))
}

/// True peak (dBTP, 4× oversampled below 96 kHz) of a mono signal preceded and followed by
/// silence (zeros are fed after it so the interpolator also sees the step into the pause).
pub fn true_peak(rate: SampleRate, samples: &[f32]) -> Result<Decibels, EditionError> {
    let mut m = EbuR128::new(1, rate.0, Mode::TRUE_PEAK).map_err(meter_err)?;
    m.add_frames_f32(samples).map_err(meter_err)?;
    m.add_frames_f32(&[0.0; 128]).map_err(meter_err)?;
    Ok(Decibels::from_ratio(m.true_peak(0).map_err(meter_err)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leveller() -> Leveller {
        Leveller::new(SampleRate(16_000), LoudnessTarget::podcast(Channels::Mono)).unwrap()
    }

    #[test]
    fn stereo_target_is_mono_minus_3_db() {
        let t = LoudnessTarget::podcast(Channels::Stereo);
        assert!((t.mono_signal().0 + 19.01).abs() < 0.01);
        assert_eq!(
            LoudnessTarget::podcast(Channels::Mono).mono_signal().0,
            -19.0
        );
    }

    #[test]
    fn limiter_never_exceeds_the_ceiling() {
        let l = leveller();
        let mut x: Vec<f32> = (0..4000)
            .map(|i| {
                if i == 3000 {
                    3.0
                } else {
                    0.3 * ((i as f32) * 0.3).sin()
                }
            })
            .collect();
        let reduction = l.limit(&mut x, 0.5).deepest;
        assert!(x.iter().all(|v| v.abs() <= 0.5 + 1e-6), "{reduction}");
        assert!((reduction - Decibels::from_ratio(0.5 / 3.0).0).abs() < 0.01);
        // quiet parts before the look-ahead of the spike are untouched
        assert!((x[2900] - 0.3 * (2900f32 * 0.3).sin()).abs() < 1e-6);
        assert!(x[2990].abs() < 0.3 * (2990f32 * 0.3).sin().abs());
    }

    #[test]
    fn limiter_handles_peaks_at_both_ends_and_tiny_buffers() {
        let l = leveller();
        for len in [1usize, 2, 5, 30, 100] {
            let mut x = vec![0.1f32; len];
            x[0] = -2.0;
            x[len - 1] = 2.0;
            l.limit(&mut x, 0.8);
            assert!(x.iter().all(|v| v.abs() <= 0.8 + 1e-6), "len {len}: {x:?}");
        }
    }

    #[test]
    fn silence_is_left_alone() {
        let mut x = vec![0.0f32; 16_000];
        let r = leveller().level(&mut x).unwrap();
        assert_eq!(r.before, None);
        assert_eq!(r.gain, Decibels(0.0));
        assert!(x.iter().all(|&v| v == 0.0));
    }

    #[test]
    fn nan_is_an_error_naming_the_sample() {
        let mut x = vec![0.0f32; 10];
        x[7] = f32::NAN;
        let e = leveller().level(&mut x).unwrap_err();
        assert!(e.to_string().contains("sample 7"), "{e}");
    }

    #[test]
    fn short_turns_are_measured_by_looping() {
        let l = leveller();
        let tone: Vec<f32> = (0..16_000).map(|i| 0.1 * (i as f32 * 0.2).sin()).collect();
        let long = l.measure(&tone).unwrap().unwrap();
        let short = l.measure(&tone[..1600]).unwrap().unwrap();
        assert!((long.0 - short.0).abs() < 0.5, "{long:?} {short:?}");
    }
}
