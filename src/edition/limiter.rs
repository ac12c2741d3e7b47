//! The look-ahead peak limiter the [`Leveller`](super::Leveller) runs after its gain.

use super::loudness::Decibels;
use crate::units::SampleRate;

/// A look-ahead limiter with a smooth attack over the look-ahead and an exponential release.
#[derive(Debug, Clone)]
pub(super) struct Limiter {
    lookahead: usize,
    release: f32,
}

impl Limiter {
    /// Look-ahead 1.5 ms, release time constant 80 ms.
    pub(super) fn new(rate: SampleRate) -> Self {
        Limiter {
            lookahead: ((f64::from(rate.0) * 0.0015).round() as usize).max(4),
            release: (1.0 - (-1.0 / (0.08 * f64::from(rate.0))).exp()) as f32,
        }
    }

    /// Look-ahead limiter in place; returns its deepest gain reduction and energy loss.
    ///
    /// For each frame the required gain is `ceiling / |x|` (or 1). A forward minimum over the
    /// look-ahead window, an exponential release, then a moving average over the same window
    /// give a smooth gain that is never above the required gain at any frame: every window
    /// averaged at frame i starts within the look-ahead before i, so its minimum covers frame i.
    ///
    /// Speech peaks are sparse: once the gain has recovered to 1 (the release snaps to 1 within
    /// [`RECOVERED`]) and the averaging window holds only 1s, the limiter jumps straight to the
    /// next frame above the ceiling, so a turn costs little more than one scan for peaks.
    /// `energy` is the signal's energy (sum of squares), which the stats return updated.
    pub(super) fn limit(&self, x: &mut [f32], ceiling: f32, energy: f64) -> LimitStats {
        let n = x.len();
        let l = self.lookahead;
        let Some(first) = x.iter().position(|v| v.abs() > ceiling) else {
            return LimitStats {
                deepest: 0.0,
                loss: 0.0,
                energy,
            };
        };
        let mut removed = 0f64;
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
        let mut ones = l; // consecutive released gains equal to 1 (history is all 1s when ≥ l)
        let mut deepest = 1.0f32;
        // Step k feeds frame k (if any) and emits frame k - (l - 1). Steps before the first
        // peak emit unchanged frames, so the loop starts at the first peak.
        let mut k = first;
        let mut slot = k % l;
        let mut wraps = 0u32;
        while k < n + l - 1 {
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
            if released > 1.0 - RECOVERED {
                released = 1.0;
            }
            ones = if released == 1.0 { ones + 1 } else { 0 };
            sum += f64::from(released) - f64::from(history[slot]);
            history[slot] = released;
            slot += 1;
            if slot == l {
                slot = 0;
                wraps += 1;
                if wraps.is_multiple_of(64) {
                    // Recompute now and then so the running sum cannot drift (it is exact
                    // while gains stay above 2^-24, as f64 holds their sum without rounding).
                    sum = history.iter().map(|&g| f64::from(g)).sum();
                }
            }
            if j >= 0 {
                // Frame j: the average covers release positions j-(l-1)..=j = steps j..=k.
                let s = ((sum / l as f64) as f32).min(1.0);
                let j = j as usize;
                if s < 1.0 {
                    let before = f64::from(x[j]) * f64::from(x[j]);
                    x[j] *= s;
                    removed += before - f64::from(x[j]) * f64::from(x[j]);
                    deepest = deepest.min(s);
                }
            }
            k += 1;
            if ones >= l && m == 1.0 && k < n {
                // Idle: every frame up to the next peak is emitted unchanged.
                match x[k..].iter().position(|v| v.abs() > ceiling) {
                    Some(p) => {
                        k += p;
                        slot = k % l;
                        window.clear();
                        history.fill(1.0);
                        sum = l as f64;
                    }
                    None => break,
                }
            }
        }
        LimitStats {
            deepest: Decibels::from_ratio(f64::from(deepest)).0,
            loss: if energy > 0.0 {
                10.0 * ((energy - removed).max(0.0) / energy).log10()
            } else {
                0.0
            },
            energy: (energy - removed).max(0.0),
        }
    }
}

/// How close to 1 the limiter's release gain snaps back to exactly 1 (−0.0009 dB).
const RECOVERED: f32 = 1e-4;

/// What one limiter pass did (dB).
pub(super) struct LimitStats {
    pub(super) deepest: f64,
    pub(super) loss: f64,
    /// Energy of the signal after the pass.
    pub(super) energy: f64,
}

/// Sum of squares, in eight lanes so it vectorizes (the order is fixed, so the bits are too).
pub(super) fn energy(x: &[f32]) -> f64 {
    let mut lanes = [0f64; 8];
    let chunks = x.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for (acc, &v) in lanes.iter_mut().zip(c) {
            *acc += f64::from(v) * f64::from(v);
        }
    }
    lanes.iter().sum::<f64>()
        + rest
            .iter()
            .map(|&v| f64::from(v) * f64::from(v))
            .sum::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;

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
                (stats.energy - energy(&x)).abs() < 1e-9 * e.max(1.0),
                "len {len}"
            );
            assert!(x.iter().all(|v| v.abs() <= 0.8 + 1e-6), "len {len}: {x:?}");
        }
    }
}
