//! The neural letter classifier's arithmetic: dot products and matrix-vector products in
//! `f32`, each sum in one fixed order (eight running sums, then the rest), whichever of these
//! functions computes it, so the classifier gives the same bits on every x86-64 machine.

use crate::dsp::lane_sums;

/// Dot product with eight accumulators ([`lane_sums`]).
pub(super) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let whole = a.len().min(b.len()) / 8 * 8;
    let acc = lane_sums(&a[..whole], &b[..whole]);
    finish(&acc, &a[whole..], &b[whole..])
}

/// A dot product's last step: its eight accumulators and the products past the last full eight.
#[inline(always)]
fn finish(acc: &[f32; 8], ra: &[f32], rb: &[f32]) -> f32 {
    let tail: f32 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    acc.iter().sum::<f32>() + tail
}

/// Four dot products of `x` with the rows `r`, each [`dot`]'s sum term for term (the same
/// bits), but independent, so the processor overlaps them instead of waiting on one chain
/// of additions.
pub(super) fn dot4(r: [&[f32]; 4], x: &[f32]) -> [f32; 4] {
    let split = x.len() / 8 * 8;
    let acc = lanes4(r.map(|row| &row[..split]), &x[..split]);
    std::array::from_fn(|i| finish(&acc[i], &r[i][split..], &x[split..]))
}

/// The eight running sums of [`dot`] for each of four rows over whole groups of eight: eight
/// lanes of one AVX register where the processor has AVX2 (as [`lane_sums`]), else two SSE
/// registers of four (part of every x86-64 processor). Each lane adds the same products in
/// the same order either way (a multiplication, then an addition: no fused multiply-add), so
/// the sums have the same bits on every x86-64 machine. Written out because the compiler
/// would otherwise put the four rows side by side in one register and shuffle every term.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn lanes4(r: [&[f32]; 4], x: &[f32]) -> [[f32; 8]; 4] {
    assert!(r.iter().all(|row| row.len() == x.len()) && x.len().is_multiple_of(8));
    if crate::dsp::avx2() {
        // SAFETY: the processor has AVX2, so AVX (checked just above); the lengths are
        // checked above.
        unsafe { lanes4_avx(r, x) }
    } else {
        lanes4_sse(r, x)
    }
}

/// [`lanes4`] in two SSE registers per row.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn lanes4_sse(r: [&[f32]; 4], x: &[f32]) -> [[f32; 8]; 4] {
    use std::arch::x86_64::*;
    let mut out = [[0.0f32; 8]; 4];
    // SAFETY: SSE is part of every x86-64 processor; every row is as long as `x`, a multiple
    // of eight (checked by `lanes4`), and each group of eight is read unaligned; `out`'s rows
    // hold eight `f32`s.
    unsafe {
        let mut low = [_mm_setzero_ps(); 4];
        let mut high = [_mm_setzero_ps(); 4];
        for c in (0..x.len()).step_by(8) {
            let y = x.as_ptr().add(c);
            let (yl, yh) = (_mm_loadu_ps(y), _mm_loadu_ps(y.add(4)));
            for i in 0..4 {
                let w = r[i].as_ptr().add(c);
                low[i] = _mm_add_ps(low[i], _mm_mul_ps(_mm_loadu_ps(w), yl));
                high[i] = _mm_add_ps(high[i], _mm_mul_ps(_mm_loadu_ps(w.add(4)), yh));
            }
        }
        for i in 0..4 {
            _mm_storeu_ps(out[i].as_mut_ptr(), low[i]);
            _mm_storeu_ps(out[i].as_mut_ptr().add(4), high[i]);
        }
    }
    out
}

/// [`lanes4`] in one AVX register per row.
///
/// # Safety
/// The processor must have AVX; every row must be as long as `x`, a multiple of eight.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn lanes4_avx(r: [&[f32]; 4], x: &[f32]) -> [[f32; 8]; 4] {
    use std::arch::x86_64::*;
    let mut out = [[0.0f32; 8]; 4];
    let mut acc = [_mm256_setzero_ps(); 4];
    for c in (0..x.len()).step_by(8) {
        // SAFETY: `c + 8 <= x.len()`, and every row is as long as `x` (the caller's promise).
        let y = unsafe { _mm256_loadu_ps(x.as_ptr().add(c)) };
        for i in 0..4 {
            let w = unsafe { _mm256_loadu_ps(r[i].as_ptr().add(c)) };
            acc[i] = _mm256_add_ps(acc[i], _mm256_mul_ps(w, y));
        }
    }
    for i in 0..4 {
        // SAFETY: each row of `out` holds eight `f32`s.
        unsafe { _mm256_storeu_ps(out[i].as_mut_ptr(), acc[i]) };
    }
    out
}

/// The same sums without SSE.
#[cfg(not(target_arch = "x86_64"))]
fn lanes4(r: [&[f32]; 4], x: &[f32]) -> [[f32; 8]; 4] {
    r.map(|row| {
        let mut acc = [0.0f32; 8];
        for (w, y) in row.chunks_exact(8).zip(x.chunks_exact(8)) {
            for k in 0..8 {
                acc[k] += w[k] * y[k];
            }
        }
        acc
    })
}

/// `out += w × x` for a row-major `out.len() × x.len()` matrix, four rows at a time.
pub(super) fn affine(w: &[f32], x: &[f32], out: &mut [f32]) {
    affine_each(w, x.len(), x, out);
}

/// [`affine`] for every input at once: `outs[t] += w × xs[t]` for a row-major `rows × cols`
/// matrix (`xs` is `n × cols`, `outs` `n × rows`), each sum [`dot`]'s bits. Four rows are read
/// from memory once for all the inputs, not once per input.
pub(super) fn affine_each(w: &[f32], cols: usize, xs: &[f32], outs: &mut [f32]) {
    let rows = w.len() / cols;
    assert!(xs.len().is_multiple_of(cols) && outs.len() == xs.len() / cols * rows);
    let full = rows / 4 * 4;
    for q in (0..full).step_by(4) {
        let quad: [&[f32]; 4] = std::array::from_fn(|i| &w[(q + i) * cols..(q + i + 1) * cols]);
        for (x, out) in xs.chunks_exact(cols).zip(outs.chunks_exact_mut(rows)) {
            for (o, s) in out[q..q + 4].iter_mut().zip(dot4(quad, x)) {
                *o += s;
            }
        }
    }
    for r in full..rows {
        let row = &w[r * cols..(r + 1) * cols];
        for (x, out) in xs.chunks_exact(cols).zip(outs.chunks_exact_mut(rows)) {
            out[r] += dot(row, x);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx_and_sse_give_the_same_bits() {
        if !std::is_x86_feature_detected!("avx") {
            return;
        }
        let value = |i: usize| ((i * 7919 % 1000) as f32 - 500.0) * 1.7e-3;
        for cols in [8usize, 64, 192, 384] {
            let rows: Vec<Vec<f32>> = (0..4)
                .map(|r| (0..cols).map(|i| value(i * 13 + r * 101)).collect())
                .collect();
            let x: Vec<f32> = (0..cols).map(|i| value(i * 31 + 5)).collect();
            let r: [&[f32]; 4] = std::array::from_fn(|i| rows[i].as_slice());
            // SAFETY: AVX is there (checked above); rows as long as `x`, a multiple of eight.
            let avx = unsafe { lanes4_avx(r, &x) };
            let sse = lanes4_sse(r, &x);
            let bits = |a: &[[f32; 8]; 4]| a.map(|row| row.map(f32::to_bits));
            assert_eq!(bits(&avx), bits(&sse), "{cols} columns");
        }
    }

    #[test]
    fn four_rows_at_once_give_the_bits_of_one_at_a_time() {
        let value = |i: usize| ((i * 7919 % 1000) as f32 - 500.0) * 1e-3;
        for (rows, cols) in [(1, 3), (4, 8), (5, 17), (8, 64), (11, 100), (768, 192)] {
            let w: Vec<f32> = (0..rows * cols).map(value).collect();
            let x: Vec<f32> = (0..cols).map(|i| value(i * 31 + 5)).collect();
            let mut out = vec![0.25f32; rows];
            affine(&w, &x, &mut out);
            for (r, o) in out.iter().enumerate() {
                let one = 0.25 + dot(&w[r * cols..(r + 1) * cols], &x);
                assert_eq!(o.to_bits(), one.to_bits(), "{rows}×{cols}, row {r}");
            }
            // three inputs at once: each as `affine` gives it
            let xs: Vec<f32> = (0..3 * cols).map(|i| value(i * 13 + 1)).collect();
            let mut outs = vec![0.5f32; 3 * rows];
            affine_each(&w, cols, &xs, &mut outs);
            for (x, out) in xs.chunks_exact(cols).zip(outs.chunks_exact(rows)) {
                let mut one = vec![0.5f32; rows];
                affine(&w, x, &mut one);
                let bits = |v: &[f32]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(out), bits(&one), "{rows}×{cols}");
            }
        }
    }
}
