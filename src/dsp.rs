//! Signal arithmetic shared by the synthesizer and the edition: all-pole recursions computed
//! a block at a time ([`BlockResponses`]), sums of squares in running sums ([`energy`]), the
//! eight running sums of a dot product ([`lane_sums`]), and hot loops compiled twice, for
//! every x86-64 processor and for those with AVX2 ([`avx2_dispatch`]).
//!
//! The recursion `v[n] = u[n] − Σ a[m]·v[n − m]` (m = 1 … P) makes every output wait on the
//! one before. Over a block of `B` outputs it is a fixed linear map instead: each output is a
//! sum of the block's `B` inputs (through the filter's impulse response) and of the `P`
//! outputs before the block (through the filter's response to each of them with no input).
//! Those sums do not wait on each other, so they run as vector operations. Used by the formant
//! postfilter (`synth::postfilter`) and the loudness meter's K-weighting (`edition::meter`).

/// The coefficients of a block of `B` outputs of an all-pole recursion of order `P`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BlockResponses<const B: usize, const P: usize> {
    /// `input[j][k]`: how input `j` of a block reaches its output `k` (`h[k − j]`, 0 for
    /// `k < j`, where `h` is the impulse response).
    pub(crate) input: [[f64; B]; B],
    /// `past[i][k]`: how the output `i + 1` samples before a block reaches its output `k`.
    pub(crate) past: [[f64; B]; P],
}

impl<const B: usize, const P: usize> BlockResponses<B, P> {
    /// The block form of `1 / A(z)` with `A(z) = 1 + Σ a[m]·z^-m`: `a` holds `a[0]` (1, not
    /// read) to `a[P]`.
    pub(crate) fn new(a: &[f64]) -> Self {
        assert_eq!(a.len(), P + 1, "an all-pole filter of order {P}");
        // y[k] = drive(k) − Σ a[m]·y[k − m] over the block's own earlier outputs: the impulse
        // response (drive 1 at 0), and the response to the output `back` samples before the
        // block (its term `a[k + back]` moved into the drive)
        let respond = |drive: &dyn Fn(usize) -> f64| {
            let mut y = [0.0f64; B];
            for k in 0..B {
                let mut v = drive(k);
                for m in 1..=k.min(P) {
                    v -= a[m] * y[k - m];
                }
                y[k] = v;
            }
            y
        };
        let h = respond(&|k| if k == 0 { 1.0 } else { 0.0 });
        BlockResponses {
            input: std::array::from_fn(|j| {
                std::array::from_fn(|k| if k >= j { h[k - j] } else { 0.0 })
            }),
            past: std::array::from_fn(|i| respond(&|k| -a.get(k + i + 1).copied().unwrap_or(0.0))),
        }
    }
}

/// `Σ x²` in `f64`, in eight running sums (element `j` into sum `j % 8`, then the rest one by
/// one), so that the additions need not wait on each other and the order is the same on
/// every machine.
pub(crate) fn energy(x: &[f32]) -> f64 {
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

/// Defines `fn NAME(args) -> T` that calls `INNER(args)` (an `#[inline(always)]` function)
/// compiled for AVX2 where the processor has it (checked once, then cached by the standard
/// library), else as built. Only the width of the vectors the compiler makes changes: each
/// value goes through the same operations in the same order (Rust never fuses a
/// multiplication and an addition, and AVX2 does not bring FMA), so the results have the
/// same bits either way (the tests compare the example's bytes with and without).
macro_rules! avx2_dispatch {
    (
        $(#[$attr:meta])*
        $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty = $inner:path
    ) => {
        $(#[$attr])*
        $vis fn $name($($arg: $ty),*) -> $ret {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx2")]
                unsafe fn wide($($arg: $ty),*) -> $ret {
                    $inner($($arg),*)
                }
                if $crate::dsp::avx2() {
                    // SAFETY: the processor has AVX2 (checked just above).
                    return unsafe { wide($($arg),*) };
                }
            }
            $inner($($arg),*)
        }
    };
}
pub(crate) use avx2_dispatch;

/// Whether the code [`avx2_dispatch`] defines runs its AVX2 build: the processor has AVX2
/// and `ALOUD_NO_AVX2` is not set (a switch for comparing the two builds' output).
#[cfg(target_arch = "x86_64")]
pub(crate) fn avx2() -> bool {
    static WIDE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *WIDE.get_or_init(|| {
        std::is_x86_feature_detected!("avx2") && std::env::var_os("ALOUD_NO_AVX2").is_none()
    })
}

/// The eight running sums of `Σ a[i]·b[i]` over two slices of one length, a multiple of
/// eight: element `i` goes into sum `i % 8`, a multiplication then an addition (no fused
/// multiply-add), so the sums have the same bits however they are computed. In one AVX
/// register where [`avx2_dispatch`]'s code runs its AVX2 build, else in whatever vectors the
/// compiler makes of eight lanes (SSE on every x86-64). Each caller adds the eight sums in
/// its own order.
#[inline]
pub(crate) fn lane_sums(a: &[f32], b: &[f32]) -> [f32; 8] {
    assert!(a.len() == b.len() && a.len().is_multiple_of(8));
    #[cfg(target_arch = "x86_64")]
    if avx2() {
        // SAFETY: the processor has AVX2, so AVX (checked just above); the lengths are
        // checked above.
        return unsafe { lane_sums_avx(a, b) };
    }
    lane_sums_plain(a, b)
}

/// [`lane_sums`] as the compiler vectorizes it for the build's target.
#[inline(always)]
fn lane_sums_plain(a: &[f32], b: &[f32]) -> [f32; 8] {
    let mut lanes = [0.0f32; 8];
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for k in 0..8 {
            lanes[k] += x[k] * y[k];
        }
    }
    lanes
}

/// [`lane_sums`] in one AVX register.
///
/// # Safety
/// The processor must have AVX; `a` and `b` must be of one length, a multiple of eight.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn lane_sums_avx(a: &[f32], b: &[f32]) -> [f32; 8] {
    use std::arch::x86_64::*;
    let mut acc = _mm256_setzero_ps();
    for c in (0..a.len()).step_by(8) {
        // SAFETY: `c + 8 <= a.len() == b.len()` (the caller's promise); unaligned reads.
        let (x, y) = unsafe {
            (
                _mm256_loadu_ps(a.as_ptr().add(c)),
                _mm256_loadu_ps(b.as_ptr().add(c)),
            )
        };
        acc = _mm256_add_ps(acc, _mm256_mul_ps(x, y));
    }
    let mut out = [0.0f32; 8];
    // SAFETY: `out` holds eight `f32`s.
    unsafe { _mm256_storeu_ps(out.as_mut_ptr(), acc) };
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lane_sums_have_the_same_bits_whichever_way_they_are_computed() {
        let value = |i: usize| ((i * 7919 % 1000) as f32 - 500.0) * 1.3e-3;
        for n in [0usize, 8, 64, 400, 1_024] {
            let a: Vec<f32> = (0..n).map(|i| value(i * 17 + 3)).collect();
            let b: Vec<f32> = (0..n).map(|i| value(i * 29 + 11)).collect();
            let mut one_by_one = [0.0f32; 8];
            for (i, (x, y)) in a.iter().zip(&b).enumerate() {
                one_by_one[i % 8] += x * y;
            }
            let bits = |s: [f32; 8]| s.map(f32::to_bits);
            assert_eq!(bits(lane_sums(&a, &b)), bits(one_by_one), "{n} elements");
            assert_eq!(
                bits(lane_sums_plain(&a, &b)),
                bits(one_by_one),
                "{n} elements"
            );
        }
    }

    #[test]
    fn a_block_is_the_recursion_from_any_state() {
        // a stable second-order resonance
        let a = [1.0, -1.6, 0.81];
        let blocks = BlockResponses::<5, 2>::new(&a);
        let u = [0.3, -0.1, 0.7, 0.0, 0.2];
        let before = [0.5, -0.25]; // the newest first
        let mut v = vec![before[1], before[0]];
        for &x in &u {
            let n = v.len();
            v.push(x - a[1] * v[n - 1] - a[2] * v[n - 2]);
        }
        for k in 0..5 {
            let from_input: f64 = blocks.input.iter().zip(&u).map(|(c, x)| c[k] * x).sum();
            let from_past: f64 = blocks.past.iter().zip(&before).map(|(c, x)| c[k] * x).sum();
            let y = from_input + from_past;
            assert!(
                (y - v[k + 2]).abs() < 1e-12,
                "output {k}: {y} against {}",
                v[k + 2]
            );
        }
    }
}
