//! Expectation-maximization alignment of letters to phone chunks.
//!
//! Each word is cut into graphones: one letter with zero, one or two phones (the shapes in
//! [`SHAPES`]; two-letter graphones such as `ph`→F were tried and predict worse: a one-letter
//! inventory lets the n-gram learn `ph` from context). The joint probability of a (letter chunk, phone chunk) pair is
//! estimated by forward–backward over all segmentations of every training word, on phones
//! without stress; the final alignment of each word is its most probable segmentation.

use super::letters::{chunk_code, LETTER_CHUNKS};
use crate::phonetics::phone::Phone;

/// Allowed (letters, phones) shapes of a graphone. The decoder also reads models with
/// two-letter graphones (shape 2:1).
pub const SHAPES: [(usize, usize); 3] = [(1, 0), (1, 1), (1, 2)];

const PHONE_SYMBOLS: usize = 42; // phone index + 1; 0 = none
const PHONE_CHUNKS: usize = PHONE_SYMBOLS * PHONE_SYMBOLS;

/// One training word: letter symbols and phones (stress ignored for alignment).
pub struct AlignWord<'a> {
    /// Letter symbols (1–27).
    pub letters: &'a [u8],
    /// The phones.
    pub phones: &'a [Phone],
}

/// One graphone of an alignment: `letters` letters and `phones` phones starting at the
/// given positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Index of the first letter.
    pub letter_start: usize,
    /// Number of letters (1 or 2).
    pub letters: usize,
    /// Index of the first phone.
    pub phone_start: usize,
    /// Number of phones (0–2).
    pub phones: usize,
}

fn phone_chunk(phones: &[Phone]) -> usize {
    match phones {
        [] => 0,
        [a] => a.index() + 1,
        [a, b, ..] => (a.index() + 1) * PHONE_SYMBOLS + b.index() + 1,
    }
}

fn letter_chunk(letters: &[u8]) -> usize {
    chunk_code(letters[0], letters.get(1).copied())
}

/// Joint graphone probabilities, learned by EM.
pub struct Aligner {
    prob: Vec<f64>,
}

impl Aligner {
    fn p(&self, letters: &[u8], phones: &[Phone]) -> f64 {
        self.prob[letter_chunk(letters) * PHONE_CHUNKS + phone_chunk(phones)]
    }

    /// Runs `iterations` EM iterations over the words, from a uniform start.
    pub fn train(words: &[AlignWord<'_>], iterations: usize) -> Aligner {
        let mut aligner = Aligner {
            prob: vec![1.0; LETTER_CHUNKS * PHONE_CHUNKS],
        };
        let mut alpha = Vec::new();
        let mut beta = Vec::new();
        for _ in 0..iterations {
            let mut counts = vec![0.0f64; LETTER_CHUNKS * PHONE_CHUNKS];
            for w in words {
                let (n, m) = (w.letters.len(), w.phones.len());
                let width = m + 1;
                alpha.clear();
                alpha.resize((n + 1) * width, 0.0);
                beta.clear();
                beta.resize((n + 1) * width, 0.0);
                alpha[0] = 1.0;
                for i in 0..=n {
                    for j in 0..=m {
                        let a = alpha[i * width + j];
                        if a == 0.0 {
                            continue;
                        }
                        for (dl, dp) in SHAPES {
                            if i + dl <= n && j + dp <= m {
                                let p = aligner.p(&w.letters[i..i + dl], &w.phones[j..j + dp]);
                                alpha[(i + dl) * width + j + dp] += a * p;
                            }
                        }
                    }
                }
                let z = alpha[n * width + m];
                if z <= 0.0 || !z.is_finite() {
                    continue;
                }
                beta[n * width + m] = 1.0;
                for i in (0..=n).rev() {
                    for j in (0..=m).rev() {
                        let mut b = beta[i * width + j];
                        for (dl, dp) in SHAPES {
                            if i + dl <= n && j + dp <= m {
                                let p = aligner.p(&w.letters[i..i + dl], &w.phones[j..j + dp]);
                                b += p * beta[(i + dl) * width + j + dp];
                            }
                        }
                        beta[i * width + j] = b;
                    }
                }
                for i in 0..=n {
                    for j in 0..=m {
                        let a = alpha[i * width + j];
                        if a == 0.0 {
                            continue;
                        }
                        for (dl, dp) in SHAPES {
                            if i + dl <= n && j + dp <= m {
                                let (l, ph) = (&w.letters[i..i + dl], &w.phones[j..j + dp]);
                                let p = aligner.p(l, ph);
                                let post = a * p * beta[(i + dl) * width + j + dp] / z;
                                counts[letter_chunk(l) * PHONE_CHUNKS + phone_chunk(ph)] += post;
                            }
                        }
                    }
                }
            }
            let total: f64 = counts.iter().sum();
            if total > 0.0 {
                for c in &mut counts {
                    *c /= total;
                }
            }
            aligner.prob = counts;
        }
        aligner
    }

    /// The most probable segmentation of a word, or `None` if no segmentation fits the
    /// allowed shapes (e.g. one letter read as three phones).
    pub fn align(&self, w: &AlignWord<'_>) -> Option<Vec<Segment>> {
        let (n, m) = (w.letters.len(), w.phones.len());
        let width = m + 1;
        let mut best = vec![f64::NEG_INFINITY; (n + 1) * width];
        let mut back = vec![(0usize, 0usize); (n + 1) * width];
        best[0] = 0.0;
        for i in 0..=n {
            for j in 0..=m {
                let s = best[i * width + j];
                if s == f64::NEG_INFINITY {
                    continue;
                }
                for (dl, dp) in SHAPES {
                    if i + dl <= n && j + dp <= m {
                        let p = self.p(&w.letters[i..i + dl], &w.phones[j..j + dp]);
                        if p <= 0.0 {
                            continue;
                        }
                        let cell = (i + dl) * width + j + dp;
                        let cand = s + p.ln();
                        if cand > best[cell] {
                            best[cell] = cand;
                            back[cell] = (dl, dp);
                        }
                    }
                }
            }
        }
        if best[n * width + m] == f64::NEG_INFINITY {
            return None;
        }
        let mut segments = Vec::new();
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let (dl, dp) = back[i * width + j];
            if dl == 0 {
                return None;
            }
            i -= dl;
            j -= dp;
            segments.push(Segment {
                letter_start: i,
                letters: dl,
                phone_start: j,
                phones: dp,
            });
        }
        segments.reverse();
        Some(segments)
    }
}
