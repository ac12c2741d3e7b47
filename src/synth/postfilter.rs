//! The formant postfilter of Chen and Gersho ("Adaptive postfiltering for quality
//! enhancement of coded speech", IEEE Trans. Speech and Audio Processing 3(1), 1995), the
//! stage that speech codecs (G.729, AMR) and parametric synthesizers put last: every hop
//! ([`hop`]: 20 ms for diphone voices, 10 ms for voices cut from running speech), an LPC fit
//! of 25 ms around it gives the short-term spectrum `1/A(z)`, and the speech goes
//! through `A(z/γn) / A(z/γd)` with `γn < γd`, which deepens the valleys between the formants
//! and leaves the formants and the harmonics where they are; a first-order tilt correction
//! takes back the low-pass slope that filter adds, and a gain per hop keeps each stretch's
//! energy. Concatenated speech carries noise between its formants (the LPC-coded diphones'
//! residual, spectra averaged across a join); this is where the postfilter takes it out.
//!
//! Only where there are formants to sharpen: a codec's postfilter runs on voiced and
//! unvoiced frames alike, but the LPC fit of a fricative or a release is a broad noise
//! envelope, and deepening its "valleys" carves bands into the noise that tells /s/ from
//! /f/ and /t/ from /p/. So the zeros' γ goes from γd (the filter cancels itself: the frame
//! passes as it is) to γn as the frame's normalized first autocorrelation `r1/r0`, the
//! classic voicing feature, goes from [`NOISE_BELOW`] to [`VOICED_ABOVE`]. Measured in
//! `bench/RESULTS.md` (Quality and Intelligibility, session 32): the fricatives' spectral
//! flatness +1.4 to +2.2 dB, quality +0.05 to +0.12 for kal, ked and slt and level for rms,
//! word errors within the judges' noise.
//!
//! Strength: the paper's γn = 0.5, γd = 0.8 and tilt 0.5 are for 8 kHz speech; a pole at
//! radius γ has a bandwidth of `−ln γ · fs / π`, so the same bandwidths at 16 kHz need the
//! square roots, γn ≈ 0.7 and γd ≈ 0.9. aloud uses γn = 0.75, γd = 0.9 and a tilt factor
//! of 0.8 (G.729's), measured in `bench/RESULTS.md` (Quality, session 16). The voices cut
//! from running speech (slt, rms) change their spectrum faster than the diphone voices'
//! careful monotone, so their filter follows them every 10 ms; on the diphone voices 10 ms
//! bought nothing (Quality, sessions 16 and 20).
//!
//! A pure function of one sentence's samples: the same bytes for any thread count.

use super::timing::VoiceKind;
use crate::dsp::{avx2_dispatch, energy, lane_sums, BlockResponses};
use crate::units::{SampleRate, Seconds};
use crate::voice::features::{levinson, LPC_ORDER};

/// Whether the synthesizer's output goes through the formant postfilter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Postfilter {
    /// Through [`formant`] (the default).
    #[default]
    Formant,
    /// As concatenated (for diagnosis and comparison).
    Off,
}

/// LPC order of the analysis (16 kHz speech: two coefficients per kHz), the voices' own.
const ORDER: usize = LPC_ORDER;
/// Hop between analyses for diphone voices.
const HOP_DIPHONES: Seconds = Seconds(0.020);
/// Hop between analyses for voices that choose among recordings of running speech.
const HOP_SELECTION: Seconds = Seconds(0.010);

/// The hop between analyses for a kind of voice: a voice cut from running speech moves its
/// formants faster than one recorded as careful diphones, and a filter that changes every
/// 20 ms lags them.
pub fn hop(kind: VoiceKind) -> Seconds {
    match kind {
        VoiceKind::Diphones => HOP_DIPHONES,
        VoiceKind::Selection => HOP_SELECTION,
    }
}

/// Analysis window (Hann), in seconds, centred on each hop.
const WINDOW_SECONDS: f64 = 0.025;
/// Bandwidth expansion of the zeros, `A(z/γn)`.
const GAMMA_ZEROS: f64 = 0.75;
/// Bandwidth expansion of the poles, `1/A(z/γd)`.
const GAMMA_POLES: f64 = 0.9;
/// A frame whose normalized first autocorrelation `r1/r0` is at most this is noise-like
/// (a fricative, a release, breath): it passes the postfilter unchanged.
const NOISE_BELOW: f64 = 0.3;
/// From this `r1/r0` up a frame is voiced (a vowel, a nasal, a liquid): full strength.
const VOICED_ABOVE: f64 = 0.8;
/// How much of the filter's spectral tilt (its first reflection coefficient) is taken
/// back, when that tilt is a low-pass one.
const TILT: f64 = 0.8;
/// Samples of the filter's impulse response that measure its tilt.
const IMPULSE: usize = 24;
/// Gaussian lag window of the autocorrelation (Hz): smooths the LPC spectrum so that the
/// poles do not lock onto single harmonics.
const LAG_WINDOW_HZ: f64 = 60.0;
/// White-noise correction of the autocorrelation (keeps the fit well conditioned).
const WHITE_NOISE: f64 = 1.0001;
/// An analysis frame with less energy than this (sum of squares) is left as it is.
const SILENT_ENERGY: f64 = 1e-10;

avx2_dispatch! {
    /// The postfiltered copy of `samples` (mono, at `rate`), analysed every `hop`: as many
    /// samples, silence left as it is (exact zeros stay exact zeros), none louder than full scale.
    pub fn formant(samples: &[f32], rate: SampleRate, hop: Seconds) -> Vec<f32> = formant_in
}

/// The body of [`formant`], inlined into each of its builds.
#[inline(always)]
fn formant_in(samples: &[f32], rate: SampleRate, hop: Seconds) -> Vec<f32> {
    let rate_hz = f64::from(rate.0);
    let hop = ((hop.0 * rate_hz).round() as usize).max(1);
    let window = ((WINDOW_SECONDS * rate_hz).round() as usize).max(ORDER + 1);
    let hann: Vec<f32> = (0..window)
        .map(|i| {
            (0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / (window - 1) as f64).cos()) as f32
        })
        .collect();
    let lag: [f64; ORDER + 1] = std::array::from_fn(|k| {
        let x = 2.0 * std::f64::consts::PI * LAG_WINDOW_HZ / rate_hz * k as f64;
        (-0.5 * x * x).exp()
    });

    let mut out = Vec::with_capacity(samples.len());
    // the windowed frame, then `ORDER` zeros (so that every lag reads a whole slice)
    let mut frame = vec![0.0f32; window + ORDER];
    let mut filtered = vec![0.0f32; hop];
    // the pole filter's last `ORDER` outputs, the newest first
    let mut past = [0.0f32; ORDER];
    let mut last = 0.0f32;
    let mut gain = 1.0f64;
    for start in (0..samples.len()).step_by(hop) {
        let seg = &samples[start..(start + hop).min(samples.len())];
        let m = seg.len();
        // the analysis window, centred on the hop, zeros outside the signal
        let first = (start + hop / 2) as isize - (window / 2) as isize;
        frame.fill(0.0);
        let from = first.max(0) as usize;
        let to = ((first + window as isize).max(0) as usize).min(samples.len());
        if from < to {
            let at = (from as isize - first) as usize;
            for ((f, &x), &w) in frame[at..at + (to - from)]
                .iter_mut()
                .zip(&samples[from..to])
                .zip(&hann[at..])
            {
                *f = x * w;
            }
        }
        let given = energy(seg);
        let lpc = (given > 0.0).then(|| fit(&frame, window, &lag)).flatten();
        let Some((a, voicing)) = lpc else {
            // Silence, or nothing to fit: the samples as they are, the filter at rest.
            out.extend_from_slice(seg);
            past = [0.0; ORDER];
            last = 0.0;
            continue;
        };
        let gamma_zeros = GAMMA_POLES + voicing * (GAMMA_ZEROS - GAMMA_POLES);
        let zeros: [f32; ORDER + 1] =
            std::array::from_fn(|i| (a[i] * gamma_zeros.powi(i as i32)) as f32);
        let poles: [f64; ORDER + 1] = std::array::from_fn(|i| a[i] * GAMMA_POLES.powi(i as i32));
        let mu = tilt(&zeros, &poles) as f32;
        let fir = &mut filtered[..m];
        zeros_filter(&zeros, samples, start, fir);
        // the poles, `BLOCK` samples at a time and the rest one by one; then the tilt
        AllPole::new(&poles).run(fir, &mut past);
        for f in fir.iter_mut() {
            let y = *f;
            *f = y + mu * last;
            last = y;
        }
        let kept = energy(fir);
        let target = if kept > 0.0 {
            (given / kept).sqrt()
        } else {
            1.0
        };
        // the gain, from the last hop's to this hop's over the hop, never taking a sample
        // past full scale (sharper formants raise the peaks a little at the same energy)
        let step = (target - gain) / m as f64;
        let peak = fir.iter().fold(0.0f32, |p, y| p.max(y.abs()));
        let cap = if peak > 0.0 {
            1.0 / f64::from(peak)
        } else {
            f64::INFINITY
        };
        out.extend(
            fir.iter()
                .enumerate()
                .map(|(n, &y)| (f64::from(y) * (gain + step * (n + 1) as f64).min(cap)) as f32),
        );
        gain = target;
    }
    out
}

/// The zeros `A(z/γn)` over `fir.len()` samples of `samples` from `start`: every output from
/// its input and the `ORDER` inputs before it (none before the signal), in that order,
/// `BLOCK` outputs at a time where whole blocks have their past (they vectorize).
#[inline(always)]
fn zeros_filter(zeros: &[f32; ORDER + 1], samples: &[f32], start: usize, fir: &mut [f32]) {
    let m = fir.len();
    let seg = &samples[start..start + m];
    if start >= ORDER {
        let mut outs = fir.chunks_exact_mut(BLOCK);
        for (b, y) in (&mut outs).enumerate() {
            let n = start + b * BLOCK;
            // the block's inputs and the `ORDER` before them
            let w: &[f32; ORDER + BLOCK] = samples[n - ORDER..n + BLOCK]
                .try_into()
                .expect("a block and its past");
            let mut acc: [f32; BLOCK] = std::array::from_fn(|k| w[ORDER + k]);
            for (i, &z) in zeros.iter().enumerate().skip(1) {
                let x: &[f32; BLOCK] = w[ORDER - i..ORDER - i + BLOCK]
                    .try_into()
                    .expect("inside the window");
                for k in 0..BLOCK {
                    acc[k] += z * x[k];
                }
            }
            y.copy_from_slice(&acc);
        }
        let done = m - outs.into_remainder().len();
        for (k, y) in fir.iter_mut().enumerate().skip(done) {
            let n = start + k;
            *y = zeros
                .iter()
                .enumerate()
                .skip(1)
                .fold(samples[n], |a, (i, &z)| a + z * samples[n - i]);
        }
    } else {
        fir.copy_from_slice(seg);
        for (i, &z) in zeros.iter().enumerate().skip(1) {
            let ahead = i.saturating_sub(start).min(m);
            let past = &samples[start + ahead - i..start + m - i];
            for (f, &x) in fir[ahead..].iter_mut().zip(past) {
                *f += z * x;
            }
        }
    }
}

/// Outputs of the all-pole filter worked out together by [`AllPole::run`].
const BLOCK: usize = 8;

/// The all-pole filter `1 / A(z)` of one hop, `A(z) = 1 + Σ a[i]·z^-i`, in block form
/// ([`BlockResponses`]): no output of a block of [`BLOCK`] waits on another, so they run as
/// vector operations, element by element in a fixed order on every machine.
struct AllPole {
    /// `a[1..=ORDER]`, for the samples after the last whole block.
    a: [f32; ORDER],
    /// `input[j][k]`: how input `j` of a block reaches its output `k` (`h[k − j]`, 0 for `k < j`).
    input: [[f32; BLOCK]; BLOCK],
    /// `past[i][k]`: how the output `i + 1` samples before a block reaches its output `k`.
    past: [[f32; BLOCK]; ORDER],
}

impl AllPole {
    fn new(a: &[f64; ORDER + 1]) -> Self {
        let block = BlockResponses::<BLOCK, ORDER>::new(a);
        AllPole {
            a: std::array::from_fn(|i| a[i + 1] as f32),
            input: block.input.map(|column| column.map(|v| v as f32)),
            past: block.past.map(|column| column.map(|v| v as f32)),
        }
    }

    /// Filters `x` in place, `past` holding the last [`ORDER`] outputs before it (newest
    /// first), and after it those of `x`.
    #[inline(always)]
    fn run(&self, x: &mut [f32], past: &mut [f32; ORDER]) {
        let mut blocks = x.chunks_exact_mut(BLOCK);
        for u in &mut blocks {
            let mut y = [0.0f32; BLOCK];
            for (column, &v) in self.input.iter().zip(u.iter()) {
                for (y, c) in y.iter_mut().zip(column) {
                    *y += c * v;
                }
            }
            // the oldest output first, the newest last
            for (column, &v) in self.past.iter().zip(past.iter()).rev() {
                for (y, c) in y.iter_mut().zip(column) {
                    *y += c * v;
                }
            }
            u.copy_from_slice(&y);
            past.copy_within(..ORDER - BLOCK, BLOCK);
            for (p, &v) in past[..BLOCK].iter_mut().zip(y.iter().rev()) {
                *p = v;
            }
        }
        for f in blocks.into_remainder() {
            let mut y = *f;
            for (a, v) in self.a.iter().zip(past.iter()).rev() {
                y -= a * v;
            }
            *f = y;
            past.copy_within(..ORDER - 1, 1);
            past[0] = y;
        }
    }
}

/// The LPC polynomial `a[0] = 1, a[1..=ORDER]` of a windowed frame (its first `window`
/// samples, `ORDER` zeros after them; autocorrelation method, the voices' Levinson–Durbin)
/// and how voiced the frame is, 0 (noise-like) to 1 ([`voicing`]); or `None` for a silent
/// or ill-conditioned frame.
fn fit(frame: &[f32], window: usize, lag: &[f64; ORDER + 1]) -> Option<([f64; ORDER + 1], f64)> {
    let sums: [f32; ORDER + 1] =
        std::array::from_fn(|k| dot(&frame[..window], &frame[k..window + k]));
    let mut r: [f64; ORDER + 1] = std::array::from_fn(|k| f64::from(sums[k]) * lag[k]);
    if r[0] <= SILENT_ENERGY {
        return None;
    }
    r[0] *= WHITE_NOISE;
    let voiced = voicing(f64::from(sums[1]) / f64::from(sums[0]));
    levinson(&r).map(|a| (a, voiced))
}

/// How voiced a frame is from its normalized first autocorrelation: 0 up to
/// [`NOISE_BELOW`], 1 from [`VOICED_ABOVE`], in proportion between.
fn voicing(first_autocorrelation: f64) -> f64 {
    ((first_autocorrelation - NOISE_BELOW) / (VOICED_ABOVE - NOISE_BELOW)).clamp(0.0, 1.0)
}

/// The tilt correction: `TILT` times the first reflection coefficient of the filter
/// `zeros/poles` (from its impulse response), when that is a low-pass tilt; else 0.
fn tilt(zeros: &[f32; ORDER + 1], poles: &[f64; ORDER + 1]) -> f64 {
    let mut h = [0.0f64; IMPULSE];
    for n in 0..IMPULSE {
        let mut y = zeros.get(n).map_or(0.0, |&z| f64::from(z));
        for i in 1..=ORDER.min(n) {
            y -= poles[i] * h[n - i];
        }
        h[n] = y;
    }
    let r0: f64 = h.iter().map(|x| x * x).sum();
    let r1: f64 = h.windows(2).map(|w| w[0] * w[1]).sum();
    let k1 = if r0 > 0.0 { -r1 / r0 } else { 0.0 };
    if k1 < 0.0 {
        TILT * k1
    } else {
        0.0
    }
}

/// `Σ a[i]·b[i]` over the shorter length, in a fixed order whatever the machine: eight
/// running sums ([`lane_sums`]: element `j` into sum `j % 8`), added as `((s0+s4)+(s2+s6)) +
/// ((s1+s5)+(s3+s7))`, then the elements after the last whole eight one by one.
#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let whole = n - n % 8;
    let s = lane_sums(&a[..whole], &b[..whole]);
    let mut sum = ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]));
    for (x, y) in a[whole..n].iter().zip(&b[whole..n]) {
        sum += x * y;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: SampleRate = SampleRate(16_000);

    /// A vowel-like sound: a 120 Hz pulse train through two resonances (700 and 2,200 Hz).
    fn vowel(seconds: f64) -> Vec<f32> {
        let n = (seconds * 16_000.0) as usize;
        let mut x: Vec<f64> = (0..n)
            .map(|i| if i % 133 == 0 { 1.0 } else { 0.0 })
            .collect();
        for (f, bw) in [(700.0, 130.0), (2_200.0, 200.0)] {
            let r = (-std::f64::consts::PI * bw / 16_000.0_f64).exp();
            let c = 2.0 * r * (2.0 * std::f64::consts::PI * f / 16_000.0_f64).cos();
            let (mut y1, mut y2) = (0.0, 0.0);
            for v in &mut x {
                let y = *v + c * y1 - r * r * y2;
                y2 = y1;
                y1 = y;
                *v = y;
            }
        }
        let peak = x.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        x.iter().map(|v| (0.5 * v / peak) as f32).collect()
    }

    /// Power of `x` at `hz` (a single DFT bin over the whole signal, Hann-windowed).
    fn power_at(x: &[f32], hz: f64) -> f64 {
        let n = x.len() as f64;
        let (mut re, mut im) = (0.0, 0.0);
        for (i, &v) in x.iter().enumerate() {
            let w = 0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / n).cos();
            let ph = 2.0 * std::f64::consts::PI * hz * i as f64 / 16_000.0;
            re += f64::from(v) * w * ph.cos();
            im += f64::from(v) * w * ph.sin();
        }
        re * re + im * im
    }

    #[test]
    fn the_valley_between_formants_deepens_and_the_level_stays() {
        for kind in [VoiceKind::Diphones, VoiceKind::Selection] {
            valley_deepens(hop(kind));
        }
        assert_eq!(hop(VoiceKind::Selection), Seconds(0.010));
    }

    fn valley_deepens(hop: Seconds) {
        let x = vowel(0.5);
        let y = formant(&x, RATE, hop);
        assert_eq!(y.len(), x.len());
        // harmonics of 120.3 Hz next to the formants and in the valley between them
        let f0 = 16_000.0 / 133.0;
        let harmonic = |near: f64| (near / f0).round() * f0;
        let contrast = |s: &[f32]| power_at(s, harmonic(700.0)) / power_at(s, harmonic(1_450.0));
        let (before, after) = (contrast(&x), contrast(&y));
        assert!(
            after > 2.0 * before,
            "peak-to-valley ratio {before:.1} -> {after:.1} ({hop:?})"
        );
        let rms = |s: &[f32]| (s.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>()).sqrt();
        let db = 20.0 * (rms(&y) / rms(&x)).log10();
        assert!(db.abs() < 1.0, "level changed by {db:.2} dB ({hop:?})");
        assert!(y.iter().all(|v| v.is_finite() && v.abs() < 1.0));
    }

    /// A fricative-like hiss: white noise (a fixed linear congruential sequence),
    /// differenced so that its energy lies high, as in /s/.
    fn hiss(seconds: f64) -> Vec<f32> {
        let n = (seconds * 16_000.0) as usize;
        let mut state = 0x2545_f491_u32;
        let white: Vec<f32> = (0..=n)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 8) as f32 / (1u32 << 24) as f32 - 0.5
            })
            .collect();
        white.windows(2).map(|w| 0.4 * (w[1] - w[0])).collect()
    }

    #[test]
    fn noise_passes_unchanged_and_voicing_is_graded() {
        assert_eq!(voicing(-0.5), 0.0);
        assert_eq!(voicing(NOISE_BELOW), 0.0);
        assert_eq!(voicing(VOICED_ABOVE), 1.0);
        assert!((voicing(0.55) - 0.5).abs() < 1e-12);
        for hop in [HOP_DIPHONES, HOP_SELECTION] {
            let x = hiss(0.3);
            let y = formant(&x, RATE, hop);
            let error: f64 = x
                .iter()
                .zip(&y)
                .map(|(&a, &b)| f64::from(a - b).powi(2))
                .sum();
            let power: f64 = x.iter().map(|&a| f64::from(a).powi(2)).sum();
            let db = 10.0 * (error / power).log10();
            assert!(db < -40.0, "a hiss changed by {db:.1} dB ({hop:?})");
        }
    }

    #[test]
    fn silence_stays_exact_silence_and_nothing_stays_nothing() {
        for hop in [HOP_DIPHONES, HOP_SELECTION] {
            assert!(formant(&[], RATE, hop).is_empty());
            let mut x = vec![0.0f32; 4_000];
            x.extend(vowel(0.2));
            x.extend(vec![0.0f32; 4_000]);
            let y = formant(&x, RATE, hop);
            assert_eq!(y.len(), x.len());
            // the hops wholly before the sound and those wholly after its last hop stay zero
            assert!(y[..3_840].iter().all(|&v| v == 0.0));
            assert!(y[x.len() - 3_000..].iter().all(|&v| v == 0.0));
        }
    }

    #[test]
    fn the_block_form_is_the_recursion() {
        // a stable all-pole filter: the LPC fit of a vowel, its poles bandwidth-expanded
        let x = vowel(0.1);
        let window = 400;
        let mut frame: Vec<f32> = x[..window].to_vec();
        frame.extend([0.0; ORDER]);
        let lag = [1.0; ORDER + 1];
        let (a, _) = fit(&frame, window, &lag).expect("a vowel fits");
        let poles: [f64; ORDER + 1] = std::array::from_fn(|i| a[i] * GAMMA_POLES.powi(i as i32));
        // 83 samples: whole blocks and a rest, from a state left by earlier outputs
        let input: Vec<f32> = x[1_000..1_083].to_vec();
        let start: [f32; ORDER] = std::array::from_fn(|i| x[999 - i]);
        let mut fast = input.clone();
        let mut past = start;
        AllPole::new(&poles).run(&mut fast, &mut past);
        let mut slow: Vec<f64> = start.iter().rev().map(|&v| f64::from(v)).collect();
        for &u in &input {
            let n = slow.len();
            let y = f64::from(u) - (1..=ORDER).map(|i| poles[i] * slow[n - i]).sum::<f64>();
            slow.push(y);
        }
        let slow = &slow[ORDER..];
        let scale = slow.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        for (k, (&f, &s)) in fast.iter().zip(slow).enumerate() {
            assert!(
                (f64::from(f) - s).abs() < 1e-5 * scale,
                "sample {k}: {f} against {s}"
            );
        }
        let newest: [f32; ORDER] = std::array::from_fn(|i| fast[fast.len() - 1 - i]);
        assert_eq!(past, newest);
    }

    #[test]
    fn the_same_samples_give_the_same_bytes() {
        let x = vowel(0.3);
        let a = formant(&x, RATE, HOP_DIPHONES);
        let b = formant(&x, RATE, HOP_DIPHONES);
        assert!(a.iter().zip(&b).all(|(p, q)| p.to_bits() == q.to_bits()));
    }
}
