//! The look-ahead peak limiter the [`Leveller`](super::Leveller) runs after its gain.

use crate::dsp::avx2_dispatch;
use crate::units::Decibels;
use crate::units::SampleRate;

/// A look-ahead limiter with a smooth attack over the look-ahead and an exponential release.
#[derive(Debug, Clone)]
pub(super) struct Limiter {
    lookahead: usize,
    release: f32,
}

impl Limiter {
    /// Look-ahead 1.5 ms, release time constant 80 ms, gain computed every [`BLOCK`] frames.
    pub(super) fn new(rate: SampleRate) -> Self {
        let lookahead = (f64::from(rate.0) * 0.0015 / BLOCK as f64).round() as usize;
        Limiter {
            lookahead: lookahead.max(1),
            release: (1.0 - (-(BLOCK as f64) / (0.08 * f64::from(rate.0))).exp()) as f32,
        }
    }

    /// Look-ahead limiter in place; returns its deepest gain reduction and energy loss.
    /// `energy` is the signal's energy (sum of squares), which the stats return updated.
    ///
    /// The gain is computed at block boundaries (every [`BLOCK`] frames) and interpolated
    /// linearly in between. A boundary needs `ceiling / peak` of the two blocks it touches
    /// (or 1); a forward minimum over the look-ahead, an exponential release, then a moving
    /// average over the same look-ahead give a smooth gain that never exceeds any boundary's
    /// need (every averaged window starts within the look-ahead before the boundary, so its
    /// minimum covers it). Between two boundaries the gain is at most the larger of the two,
    /// which is at most the need of the block between them: no frame ends above the ceiling.
    ///
    /// Blocks whose gain is 1 at both ends are not touched (the release snaps to 1 within
    /// [`RECOVERED`]), so a turn costs little more than one scan for peaks.
    pub(super) fn limit(&self, x: &mut [f32], ceiling: f32, energy: f64) -> LimitStats {
        limit(self, x, ceiling, energy)
    }
}

avx2_dispatch! {
    /// [`Limiter::limit`].
    fn limit(limiter: &Limiter, x: &mut [f32], ceiling: f32, energy: f64) -> LimitStats = limit_in
}

/// The body of [`Limiter::limit`], inlined into each of its builds.
#[inline(always)]
fn limit_in(limiter: &Limiter, x: &mut [f32], ceiling: f32, energy: f64) -> LimitStats {
    let unchanged = LimitStats::new(0.0, energy, energy);
    // Block peaks as the bits of |x| (see `peak_bits`). Most parts have no sample above
    // the ceiling: one pass over the whole part (it vectorizes) says so.
    let limit = ceiling.to_bits();
    if peak_bits(x) <= limit {
        return unchanged;
    }
    let peaks: Vec<u32> = x.chunks(BLOCK).map(peak_bits).collect();
    let blocks = peaks.len();
    let need: Vec<f32> = peaks
        .iter()
        .map(|&p| {
            if p > limit {
                ceiling / f32::from_bits(p)
            } else {
                1.0
            }
        })
        .collect();
    // Boundary k sits before block k (k = blocks is the end) and touches blocks k-1 and k.
    let at: Vec<f32> = (0..=blocks)
        .map(|k| {
            let left = if k > 0 { need[k - 1] } else { 1.0 };
            left.min(need.get(k).copied().unwrap_or(1.0))
        })
        .collect();
    let l = limiter.lookahead;
    // Release position q stands for boundary q - l (the first l lie before the start, so
    // that every boundary's average has l + 1 positions); each looks l boundaries ahead.
    let mut released = Vec::with_capacity(blocks + l + 1);
    let mut r = 1.0f32;
    for q in 0..=blocks + l {
        let window = &at[q.saturating_sub(l)..=q.min(blocks)];
        let ahead = window
            .iter()
            .fold(1.0f32, |m, &v| if v < m { v } else { m });
        if r < 1.0 {
            r += (1.0 - r) * limiter.release;
            if r > 1.0 - RECOVERED {
                r = 1.0;
            }
        }
        if ahead < r {
            r = ahead;
        }
        released.push(r);
    }
    // Boundary k averages release positions k - l ..= k, i.e. q in k ..= k + l.
    let gain: Vec<f32> = released
        .windows(l + 1)
        .map(|w| (w.iter().sum::<f32>() / (l + 1) as f32).min(1.0))
        .collect();
    let mut removed = 0f64;
    let mut deepest = 1.0f32;
    for (k, block) in x.chunks_mut(BLOCK).enumerate() {
        let (g0, g1) = (gain[k], gain[k + 1]);
        if g0 == 1.0 && g1 == 1.0 {
            continue;
        }
        deepest = deepest.min(g0).min(g1);
        let step = (g1 - g0) / BLOCK as f32;
        let mut lost = 0f32;
        for (i, v) in block.iter_mut().enumerate() {
            let g = g0 + step * i as f32;
            lost += *v * *v * (1.0 - g * g);
            *v *= g;
        }
        removed += f64::from(lost);
    }
    let deepest = Decibels::from_ratio(f64::from(deepest)).0;
    LimitStats::new(deepest, energy, (energy - removed).max(0.0))
}

/// The largest |x| of finite samples, as the bits of an `f32` (they order like |x|, and the
/// integer maximum vectorizes where a float one cannot); 0 for no samples.
#[inline(always)]
pub(super) fn peak_bits(x: &[f32]) -> u32 {
    x.iter().fold(0u32, |p, v| p.max(v.to_bits() & 0x7fff_ffff))
}

/// Frames per limiter block: the gain is computed at block boundaries.
const BLOCK: usize = 8;

/// How close to 1 the limiter's release gain snaps back to exactly 1 (−0.0009 dB).
const RECOVERED: f32 = 1e-4;

/// What one limiter pass did (dB).
pub(super) struct LimitStats {
    pub(super) deepest: f64,
    /// Loudness cost estimated from the energy ratio (dB, ≤ 0).
    pub(super) loss: f64,
    /// Energy of the signal after the pass.
    pub(super) energy: f64,
}

impl LimitStats {
    /// A pass with its deepest gain reduction (dB) that took the energy from `before` to
    /// `after`.
    pub(super) fn new(deepest: f64, before: f64, after: f64) -> Self {
        let loss = if before > 0.0 {
            10.0 * (after / before).log10()
        } else {
            0.0
        };
        LimitStats {
            deepest,
            loss,
            energy: after,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::energy;

    fn limiter() -> Limiter {
        Limiter::new(SampleRate(16_000))
    }

    #[test]
    fn limiter_never_exceeds_the_ceiling() {
        let l = limiter();
        let mut x: Vec<f32> = (0..4000)
            .map(|i| {
                if i == 3000 {
                    3.0
                } else {
                    0.3 * ((i as f32) * 0.3).sin()
                }
            })
            .collect();
        let e = energy(&x);
        let reduction = l.limit(&mut x, 0.5, e).deepest;
        assert!(x.iter().all(|v| v.abs() <= 0.5 + 1e-6), "{reduction}");
        assert!((reduction - Decibels::from_ratio(0.5 / 3.0).0).abs() < 0.01);
        // quiet parts before the look-ahead of the spike are untouched
        assert!((x[2900] - 0.3 * (2900f32 * 0.3).sin()).abs() < 1e-6);
        assert!(x[2990].abs() < 0.3 * (2990f32 * 0.3).sin().abs());
    }

    #[test]
    fn limiter_handles_peaks_at_both_ends_and_tiny_buffers() {
        let l = limiter();
        for len in [1usize, 2, 5, 30, 100] {
            let mut x = vec![0.1f32; len];
            x[0] = -2.0;
            x[len - 1] = 2.0;
            let e = energy(&x);
            let stats = l.limit(&mut x, 0.8, e);
            assert!(
                (stats.energy - energy(&x)).abs() < 1e-5 * e.max(1.0),
                "len {len}"
            );
            assert!(x.iter().all(|v| v.abs() <= 0.8 + 1e-6), "len {len}: {x:?}");
        }
    }
}
