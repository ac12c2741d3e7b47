//! The overlap-add of PSOLA's grains, with half-Hann windows made once per half length.

/// Resolution of the half-Hann lookup table.
const TABLE: usize = 1024;

/// The rising and falling halves of a Hann window for every half length a grain uses, each
/// made on first use from a table of `TABLE + 1` points: sample `j` of a half `n` samples long
/// takes the table's point `⌊j · ⌊TABLE · 2¹⁶ / n⌋ / 2¹⁶⌋` (the falling half counts from the
/// table's end). A half's values are the same whichever grain asks for them; kept as slices,
/// the overlap-add loops vectorize over them.
#[derive(Debug, Clone)]
pub(super) struct HalfHann {
    table: Vec<f32>,
    /// `rise[n]` and `fall[n]`: the halves `n` samples long (empty until first asked for).
    rise: Vec<Vec<f32>>,
    fall: Vec<Vec<f32>>,
}

impl HalfHann {
    pub(super) fn new() -> Self {
        let table = (0..=TABLE)
            .map(|i| (0.5 - 0.5 * (std::f64::consts::PI * i as f64 / TABLE as f64).cos()) as f32)
            .collect();
        HalfHann {
            table,
            rise: Vec::new(),
            fall: Vec::new(),
        }
    }

    /// The table's point for step `j` of a half `n` samples long (0 at `j = 0`).
    fn point(n: usize, j: usize) -> usize {
        let step = (TABLE << 16) / n;
        ((j * step) >> 16).min(TABLE)
    }

    /// The rising half `n` samples long (from 0 towards 1).
    fn rise(&mut self, n: usize) -> &[f32] {
        let table = &self.table;
        made(&mut self.rise, n, |j| table[Self::point(n, j)])
    }

    /// The falling half `n` samples long (from 1 towards 0).
    fn fall(&mut self, n: usize) -> &[f32] {
        let table = &self.table;
        made(&mut self.fall, n, |j| table[TABLE - Self::point(n, j)])
    }
}

/// `halves[n]`, made from `value(j)` for `j` in `0..n` the first time it is asked for.
fn made(halves: &mut Vec<Vec<f32>>, n: usize, value: impl Fn(usize) -> f32) -> &[f32] {
    if halves.len() <= n {
        halves.resize(n + 1, Vec::new());
    }
    if halves[n].len() != n {
        halves[n] = (0..n).map(value).collect();
    }
    &halves[n]
}

/// Adds the grain of `audio` centred at `center` (`left` samples before it, `right` after),
/// windowed and scaled by `gain`, to `out` centred at `at`; time-reversed if `reversed`. Each
/// sample's arithmetic is `gain × w × s` whatever the loop's form, so the bits do not depend
/// on how the compiler vectorizes it.
pub(super) fn add_grain<S: Copy + Into<f32>>(
    out: &mut [f32],
    at: usize,
    audio: &[S],
    (center, left, right): (usize, usize, usize),
    gain: f32,
    reversed: bool,
    windows: &mut HalfHann,
) {
    let c = center;
    // Rising half: output samples at−l .. at; falling half: at .. at+r.
    let (l, r) = if reversed {
        (right, left)
    } else {
        (left, right)
    };
    if l > 0 {
        let (dst, w) = (&mut out[at - l..at], windows.rise(l));
        if reversed {
            // source c + l − j for j = 0..l: c + l down to c + 1
            mix(dst, audio[c + 1..=c + l].iter().rev(), w, gain);
        } else {
            mix(dst, &audio[c - l..c], w, gain);
        }
    }
    if r > 0 {
        let (dst, w) = (&mut out[at..at + r], windows.fall(r));
        if reversed {
            // source c − j for j = 0..r: c down to c − r + 1
            mix(dst, audio[c + 1 - r..=c].iter().rev(), w, gain);
        } else {
            mix(dst, &audio[c..c + r], w, gain);
        }
    }
}

/// `dst[j] += gain × w[j] × src[j]`, over slices of one length (the reversed source as an
/// iterator over one), so the loop vectorizes.
fn mix<'a, S: Copy + Into<f32> + 'a>(
    dst: &mut [f32],
    src: impl IntoIterator<Item = &'a S>,
    w: &[f32],
    gain: f32,
) {
    for ((o, &x), &w) in dst.iter_mut().zip(src).zip(w) {
        *o += gain * w * x.into();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every half of every length a grain can have holds, sample by sample, the table's point
    /// the per-sample lookup took before halves were kept; asked in any order, the same.
    #[test]
    fn each_half_is_the_table_looked_up_sample_by_sample() {
        let mut forwards = HalfHann::new();
        let mut backwards = HalfHann::new();
        let table = forwards.table.clone();
        for n in 1..=400 {
            let step = (TABLE << 16) / n;
            let rise: Vec<f32> = (0..n)
                .map(|j| table[((j * step) >> 16).min(TABLE)])
                .collect();
            let fall: Vec<f32> = (0..n)
                .map(|j| table[TABLE - ((j * step) >> 16).min(TABLE)])
                .collect();
            assert_eq!(forwards.rise(n), &rise[..], "rise {n}");
            assert_eq!(forwards.fall(n), &fall[..], "fall {n}");
            assert_eq!(rise[0], 0.0);
            assert_eq!(fall[0], 1.0);
        }
        for n in (1..=400).rev() {
            assert_eq!(backwards.fall(n), forwards.fall(n));
            assert_eq!(backwards.rise(n), forwards.rise(n));
        }
    }
}
