//! Loudness levelling (EBU R128 / ITU BS.1770: integrated loudness measured by [`super::meter`],
//! true peak with the `ebur128` crate).
//!
//! Strategy: every turn is levelled on its own to the target, so speakers match and the whole
//! edition (silences are gated out of the integrated loudness) lands on the target while
//! streaming. For one turn [`Leveller::level`] (or [`Leveller::level_parts`] for a turn whose
//! sentences were measured one by one, as they were synthesized):
//! 1. measures its integrated loudness (BS.1770 gating over the blocks of all its parts) and
//!    applies the gain to the target (capped at +30 dB; silent turns keep 0 dB);
//! 2. runs a look-ahead peak limiter with a sample-peak ceiling `margin` below the true-peak
//!    ceiling (gain can only go down where a peak needs it, smooth attack and release);
//! 3. re-measures and adds make-up gain if the limiter cost more than 0.1 LU (at most twice);
//! 4. measures the true peak (4× oversampled) once and, if it is still above the ceiling, scales
//!    the turn down by the excess (true peak scales linearly, so this is exact).
//!
//! The parts are limited and peak-checked in parallel, and their results combined in order:
//! the same input gives the same bits for any number of threads.

use super::limiter::{peak_bits, LimitStats, Limiter};
use super::meter::{self, Blocks};
use super::{Channels, EditionError};
use crate::dsp::energy;
use crate::units::{Decibels, Lufs, SampleRate};
use ebur128::{EbuR128, Mode};
use rayon::prelude::*;

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

    /// The target for the audio handed to an encoder: the true-peak ceiling lowered by the
    /// codec's overshoot ([`Encoding::true_peak_headroom`](super::Encoding::true_peak_headroom)) and the loudness raised by what
    /// the codec loses ([`Encoding::loudness_compensation`](super::Encoding::loudness_compensation)), so the decoded file meets this
    /// target. Unchanged for WAV.
    pub fn before(self, encoding: super::Encoding) -> Self {
        LoudnessTarget {
            integrated: Lufs(self.integrated.0 + encoding.loudness_compensation()),
            true_peak: Decibels(self.true_peak.0 - encoding.true_peak_headroom().0),
            ..self
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

/// The integrated loudness of a whole edition, estimated from its levelled parts: the
/// duration-weighted energy mean of each part's loudness after levelling, for the output's
/// channel layout. Pauses between parts are gated out of the integrated loudness anyway, so
/// this agrees with a meter over the written file to a few tenths of a LU (tested against
/// ebur128 and FFmpeg) without a second meter pass over every output sample.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ProgramLoudness {
    energy: f64,
    frames: u64,
}

impl ProgramLoudness {
    /// Adds one levelled part of `frames` frames (silent parts do not count).
    pub fn add(&mut self, report: &LevelReport, frames: usize) {
        if let Some(Lufs(after)) = report.after {
            self.energy += frames as f64 * 10f64.powf(after / 10.0);
            self.frames += frames as u64;
        }
    }

    /// The estimate for a file with `channels` (`None` when every part was silent).
    pub fn estimate(&self, channels: Channels) -> Option<Lufs> {
        (self.frames > 0).then(|| {
            Lufs(
                10.0 * (self.energy / self.frames as f64).log10()
                    + 10.0 * f64::from(channels.count()).log10(),
            )
        })
    }
}

/// Levels turns to a loudness target with a true-peak ceiling. Stateless between turns.
#[derive(Debug, Clone)]
pub struct Leveller {
    rate: SampleRate,
    target: LoudnessTarget,
    /// Sample-peak ceiling of the limiter, below the true-peak ceiling by this margin (dB).
    margin: f64,
    max_gain: f64,
    limiter: Limiter,
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
        Ok(Leveller {
            rate,
            target,
            margin: 0.5,
            max_gain: 30.0,
            limiter: Limiter::new(rate),
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
        Ok(combined_loudness(&[PartLoudness(Blocks::measure(
            self.rate, samples,
        ))]))
    }

    /// Measures one part of a turn (a sentence) on its own, so that parts can be measured in
    /// parallel and combined by [`level_parts`](Self::level_parts). Parts shorter than one
    /// 400 ms gating block are measured as if looped to 400 ms.
    pub fn measure_part(&self, part: &[f32]) -> Result<PartLoudness, EditionError> {
        check_finite(part)?;
        Ok(PartLoudness(Blocks::measure(self.rate, part)))
    }

    /// Levels one turn in place (see the module documentation for the steps).
    pub fn level(&self, samples: &mut [f32]) -> Result<LevelReport, EditionError> {
        let measured = self.measure_part(samples)?;
        self.level_parts(&mut [samples], &[measured])
    }

    /// Levels a turn made of parts separated by silence (its sentences), each measured with
    /// [`measure_part`](Self::measure_part): one gain for the whole turn from the gated
    /// loudness of all the parts' blocks, then the limiter and the true-peak check part by
    /// part, in parallel. The result does not depend on the number of threads.
    pub fn level_parts(
        &self,
        parts: &mut [&mut [f32]],
        measured: &[PartLoudness],
    ) -> Result<LevelReport, EditionError> {
        let target = self.target.mono_signal().0;
        let ceiling = self.target.true_peak.0 - METER_MARGIN;
        let before = combined_loudness(measured);
        let Some(before_l) = before else {
            return Ok(LevelReport {
                before,
                after: before,
                gain: Decibels(0.0),
                limiter: Decibels(0.0),
                true_peak: self.true_peak_parts(parts)?,
            });
        };
        let mut gain = (target - before_l.0).min(self.max_gain);
        let sample_ceiling = Decibels(ceiling - self.margin).ratio() as f32;
        let ratio = Decibels(gain).ratio();
        let mut energies: Vec<f64> = parts
            .par_iter_mut()
            .map(|p| {
                scale(p, ratio);
                energy(p)
            })
            .collect();
        // The limiter's loudness cost is estimated from its energy ratio (it only touches
        // peaks, so weighting and gating hardly change the ratio): no second meter pass.
        let first = self.limit_parts(parts, sample_ceiling, &mut energies);
        let (mut deepest, mut loss, mut pending) = (first.deepest, first.loss, first.loss);
        for _ in 0..2 {
            let makeup = (-pending).min(self.max_gain - gain);
            if makeup <= 0.1 {
                break;
            }
            gain += makeup;
            let ratio = Decibels(makeup).ratio();
            parts.par_iter_mut().for_each(|p| scale(p, ratio));
            energies.iter_mut().for_each(|e| *e *= ratio * ratio);
            let again = self.limit_parts(parts, sample_ceiling, &mut energies);
            deepest = deepest.min(again.deepest);
            loss += again.loss;
            pending = again.loss;
        }
        let mut after = before_l.0 + gain + loss;
        let mut tp = self.true_peak_parts(parts)?;
        if tp.0 > ceiling {
            let excess = ceiling - tp.0;
            let ratio = Decibels(excess).ratio();
            parts.par_iter_mut().for_each(|p| scale(p, ratio));
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

    /// One limiter pass over every part; `energies` (one per part) are updated.
    fn limit_parts(
        &self,
        parts: &mut [&mut [f32]],
        ceiling: f32,
        energies: &mut [f64],
    ) -> LimitStats {
        let before: f64 = energies.iter().sum();
        let stats: Vec<LimitStats> = parts
            .par_iter_mut()
            .zip(energies.par_iter())
            .map(|(p, &e)| self.limiter.limit(p, ceiling, e))
            .collect();
        for (e, s) in energies.iter_mut().zip(&stats) {
            *e = s.energy;
        }
        let after: f64 = energies.iter().sum();
        let deepest = stats.iter().map(|s| s.deepest).fold(0.0, f64::min);
        LimitStats::new(deepest, before, after)
    }

    /// The highest true peak of the parts, each preceded and followed by silence. Only
    /// samples above half the loudest sample of all the parts can have interpolated values
    /// above it (see [`true_peak`]), so the meter skips the quieter parts altogether.
    fn true_peak_parts(&self, parts: &[&mut [f32]]) -> Result<Decibels, EditionError> {
        let sample_peaks: Vec<f32> = parts.iter().map(|p| f32::from_bits(peak_bits(p))).collect();
        let loudest = sample_peaks.iter().copied().fold(0.0, f32::max);
        let peaks = parts
            .par_iter()
            .zip(&sample_peaks)
            .map(|(p, &peak)| true_peak_near(self.rate, p, peak, loudest))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(peaks.into_iter().fold(
            Decibels(f64::NEG_INFINITY),
            |a, b| if b.0 > a.0 { b } else { a },
        ))
    }
}

/// The loudness measurement of one part of a turn (its gating blocks), to be combined with
/// the others.
pub struct PartLoudness(Blocks);

impl std::fmt::Debug for PartLoudness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let l = meter::gated_loudness(std::iter::once(&self.0));
        f.debug_tuple("PartLoudness").field(&l).finish()
    }
}

/// The gated loudness over all the parts' blocks; `None` when silent (below −70 LUFS).
fn combined_loudness(parts: &[PartLoudness]) -> Option<Lufs> {
    meter::gated_loudness(parts.iter().map(|p| &p.0)).filter(|l| l.0.is_finite() && l.0 > SILENCE)
}

fn scale(samples: &mut [f32], ratio: f64) {
    let r = ratio as f32;
    for s in samples {
        *s *= r;
    }
}

fn check_finite(samples: &[f32]) -> Result<(), EditionError> {
    // One branch-free pass over the exponents (it vectorizes) says whether to look further.
    let exponents = samples.iter().fold(0u32, |all, s| {
        all | u32::from(s.to_bits() & 0x7f80_0000 == 0x7f80_0000)
    });
    if exponents == 0 {
        return Ok(());
    }
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

/// True peak (dBTP, 4× oversampled below 96 kHz) of a mono signal preceded and followed by
/// silence (all of it measured: [`true_peak_near`] with its own sample peak).
#[cfg(test)]
fn true_peak(rate: SampleRate, samples: &[f32]) -> Result<Decibels, EditionError> {
    let peak = f32::from_bits(peak_bits(samples));
    true_peak_near(rate, samples, peak, peak)
}

/// The true peak (dBTP, 4× oversampled below 96 kHz) of a mono signal preceded and followed
/// by silence, where it can reach `loudest` (at least the signal's own sample peak S = `peak`;
/// e.g. the loudest sample of several signals): exact when it is at least `loudest`, else some
/// value below `loudest` and at least S.
///
/// Exact but cheap: the meter's interpolator (ebur128: a 48-tap Hann-windowed sinc, 12 taps
/// per phase) has phase gain sums |h| of at most 1.87, so an interpolated value can exceed
/// `loudest` only where one of the 12 samples under the filter exceeds `loudest / 2`. Only
/// the stretches within [`REACH`] frames of such samples go through the meter, each followed
/// by zeros (no meter at all when there are none); everything else stays below `loudest`.
fn true_peak_near(
    rate: SampleRate,
    samples: &[f32],
    peak: f32,
    loudest: f32,
) -> Result<Decibels, EditionError> {
    let loud = |s: &f32| s.abs() > loudest / 2.0;
    let mut next = samples.iter().position(loud);
    if peak == 0.0 || next.is_none() {
        return Ok(Decibels::from_ratio(f64::from(peak)));
    }
    let mut m = EbuR128::new(1, rate.0, Mode::TRUE_PEAK).map_err(meter_err)?;
    let zeros = [0f32; REACH];
    let n = samples.len();
    while let Some(first) = next {
        // Grow the stretch while the next loud sample is close enough for the windows to meet.
        let mut last = first;
        next = None;
        while let Some(p) = samples[last + 1..].iter().position(loud) {
            let p = last + 1 + p;
            if p - last > 2 * REACH {
                next = Some(p);
                break;
            }
            last = p;
        }
        let stretch = &samples[first.saturating_sub(REACH)..(last + REACH + 1).min(n)];
        m.add_frames_f32(stretch).map_err(meter_err)?;
        m.add_frames_f32(&zeros).map_err(meter_err)?;
    }
    let tp = m.true_peak(0).map_err(meter_err)?;
    Ok(Decibels::from_ratio(tp.max(f64::from(peak))))
}

/// Frames around a loud sample that [`true_peak`] measures: at least the interpolator's taps
/// per phase (12) twice over, so every interpolated value that can reach the sample peak sees
/// its whole support.
const REACH: usize = 24;

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

    /// The whole signal through the meter, as `true_peak` did before it skipped quiet stretches.
    fn true_peak_everywhere(samples: &[f32]) -> f64 {
        let mut m = EbuR128::new(1, 16_000, Mode::TRUE_PEAK).unwrap();
        m.add_frames_f32(samples).unwrap();
        m.add_frames_f32(&[0.0; 128]).unwrap();
        let peak = samples.iter().fold(0f32, |p, s| p.max(s.abs()));
        m.true_peak(0).unwrap().max(f64::from(peak))
    }

    #[test]
    fn true_peak_of_loud_stretches_equals_the_whole_signal_measured() {
        let mut seed = 7u32;
        let mut noise = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as f32 / u32::MAX as f32 - 0.5
        };
        for case in 0..6 {
            // Tones, noise and isolated clicks next to quiet stretches, some at the very ends.
            let x: Vec<f32> = (0..20_000)
                .map(|i| {
                    let t = i as f32;
                    let tone = 0.4 * (t * (0.3 + 0.4 * case as f32)).sin();
                    let env = if (i / 1500) % 3 == case % 3 {
                        1.0
                    } else {
                        0.05
                    };
                    let click = if i % 4099 == case * 7 { 0.9 } else { 0.0 };
                    env * tone + 0.1 * noise() + click
                })
                .collect();
            let fast = true_peak(SampleRate(16_000), &x).unwrap();
            let full = Decibels::from_ratio(true_peak_everywhere(&x));
            assert_eq!(fast, full, "case {case}");
        }
        let silent = true_peak(SampleRate(16_000), &[0.0; 100]).unwrap();
        assert_eq!(silent.0, f64::NEG_INFINITY);
    }

    #[test]
    fn true_peak_of_parts_is_the_highest_of_each_measured_whole() {
        // Parts 0 to 30 dB below the loudest, tones that peak between samples.
        let mut parts: Vec<Vec<f32>> = (0..7)
            .map(|k| {
                let level = 0.9 * 10f32.powf(-(k as f32 * 5.0) / 20.0);
                (0..9_000)
                    .map(|i| level * (i as f32 * (0.9 + 0.3 * k as f32)).sin())
                    .collect()
            })
            .collect();
        let whole = parts
            .iter()
            .map(|p| true_peak_everywhere(p))
            .fold(f64::NEG_INFINITY, f64::max);
        for first in 0..parts.len() {
            parts.rotate_left(first.min(1));
            let slices: Vec<&mut [f32]> = parts.iter_mut().map(|p| &mut p[..]).collect();
            let tp = leveller().true_peak_parts(&slices).unwrap();
            assert_eq!(tp, Decibels::from_ratio(whole), "rotation {first}");
        }
        let none: Vec<&mut [f32]> = Vec::new();
        assert_eq!(
            leveller().true_peak_parts(&none).unwrap().0,
            f64::NEG_INFINITY
        );
    }

    #[test]
    fn program_loudness_is_the_energy_mean_of_the_parts() {
        let part = |after: Option<f64>| LevelReport {
            before: after.map(Lufs),
            after: after.map(Lufs),
            gain: Decibels(0.0),
            limiter: Decibels(0.0),
            true_peak: Decibels(-3.0),
        };
        let mut p = ProgramLoudness::default();
        assert_eq!(p.estimate(Channels::Mono), None);
        p.add(&part(Some(-19.0)), 1000);
        p.add(&part(None), 5000); // silent parts do not count
        assert!((p.estimate(Channels::Mono).unwrap().0 + 19.0).abs() < 1e-9);
        assert!((p.estimate(Channels::Stereo).unwrap().0 + 15.99).abs() < 0.01);
        p.add(&part(Some(-22.0103)), 1000); // half the power
        let mean = 10.0 * ((1.0 + 0.5) / 2.0f64).log10() - 19.0;
        assert!((p.estimate(Channels::Mono).unwrap().0 - mean).abs() < 1e-3);
    }
}
