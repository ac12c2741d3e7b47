//! Signal arithmetic shared by the synthesizer and the edition: all-pole recursions computed
//! a block at a time ([`BlockResponses`]) and sums of squares in running sums ([`energy`]).
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

#[cfg(test)]
mod tests {
    use super::*;

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
