//! A look-ahead classifier for the letter-to-sound decoder: a maximum-entropy (multinomial
//! logistic) model of the graphone of letter `i` given the letters around it, on both sides,
//! and the graphones predicted before it.
//!
//! The joint n-gram ([`super::ngram`]) predicts each graphone from the graphones before it
//! and so never sees the letters to the right; this model does. The decoder adds
//! `weight × ln P(graphone | letters, history)` to the n-gram's `ln P` (a log-linear
//! combination, the weight chosen on a development split).
//!
//! Features are hashed: each feature (a substring of the letter window at a given offset, the
//! previous graphones, …, always conjoined with the current letter) picks a bucket of the
//! weight table, and the weights of the letter's candidate graphones are the consecutive
//! entries from there (one cache line per feature). Weights are stored as `i8` with one
//! scale.

use super::model::Graphone;
use super::splitmix::mix;

/// Padding symbol outside the word (letters are 1–27).
const PAD: u8 = 28;

/// Feature settings of a classifier (stored in the model file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Features {
    /// Letters on each side of the current one that features look at.
    pub window: u8,
    /// Longest letter substring used as a feature.
    pub span: u8,
    /// Previous graphones conditioned on (0–2).
    pub history: u8,
    /// Letter n-grams of the whole word (of this length, 0 = none) as features of every
    /// letter: they tell what language a name comes from.
    pub bag: u8,
    /// Syllable features (0 = none, 1 = on): the vowel groups before and after the letter,
    /// the consonant–vowel shape around it, the word's first and last letters with them.
    pub shape: u8,
}

impl Default for Features {
    fn default() -> Self {
        Features {
            window: 5,
            span: 7,
            history: 2,
            bag: 3,
            shape: 1,
        }
    }
}

/// Consonant–vowel class of a symbol: 0 outside the word or apostrophe, 1 a vowel, 2 `y`,
/// 3 another consonant.
fn class(symbol: u8) -> u8 {
    match symbol {
        1 | 5 | 9 | 15 | 21 => 1,
        25 => 2,
        2..=26 => 3,
        _ => 0,
    }
}

/// What the classifier remembers of a hypothesis: the last graphones and whether a primary
/// stress has been predicted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct State {
    prev: [u16; 2],
    stressed: bool,
}

impl State {
    /// The last two tokens (last first) and whether a primary stress came before.
    pub fn parts(&self) -> ([u16; 2], bool) {
        (self.prev, self.stressed)
    }

    /// The state after predicting `token` (graphone `g`, if it is one).
    pub fn next(self, token: u16, g: Option<&Graphone>) -> State {
        let primary = g.is_some_and(|g| {
            g.phonemes()
                .any(|p| p.stress == crate::phonetics::phone::Stress::Primary)
        });
        State {
            prev: [token, self.prev[0]],
            stressed: self.stressed || primary,
        }
    }
}

/// The letters of a word with [`PAD`] symbols around them, and feature extraction at each
/// position.
pub struct Padded {
    symbols: Vec<u8>,
    pad: usize,
    len: usize,
    /// Vowel groups before and after each letter (a vowel's own group is in neither).
    groups: Vec<(u8, u8)>,
    /// Vowel groups of the word.
    group_count: u8,
}

impl Padded {
    /// `letters` (symbols 1–27) padded for `features`.
    pub fn new(letters: &[u8], features: &Features) -> Padded {
        let pad = usize::from(features.window) + 1;
        let mut symbols = vec![PAD; letters.len() + 2 * pad];
        symbols[pad..pad + letters.len()].copy_from_slice(letters);
        // `y` is a vowel after a consonant, not at the start.
        let mut vowel = vec![false; letters.len()];
        for (i, &c) in letters.iter().enumerate() {
            vowel[i] = class(c) == 1 || (class(c) == 2 && i > 0 && !vowel[i - 1]);
        }
        let mut started = 0u8;
        let mut groups = Vec::with_capacity(letters.len());
        for i in 0..letters.len() {
            if vowel[i] && (i == 0 || !vowel[i - 1]) {
                started = started.saturating_add(1);
            }
            groups.push((started - u8::from(vowel[i]), started));
        }
        for g in &mut groups {
            g.1 = started - g.1;
        }
        Padded {
            symbols,
            pad,
            len: letters.len(),
            groups,
            group_count: started,
        }
    }

    /// Consonant–vowel shape of the letters from `i - w` to `i + w`, two bits each.
    fn shape(&self, i: usize, w: isize) -> u64 {
        (-w..=w).fold(0, |acc, o| {
            (acc << 2) | u64::from(class(self.symbols[(self.pad + i).wrapping_add_signed(o)]))
        })
    }

    fn at(&self, i: usize, offset: isize) -> u64 {
        u64::from(self.symbols[(self.pad + i).wrapping_add_signed(offset)])
    }

    /// Keys of the features of letter `i` that depend only on the letters.
    pub fn static_keys(&self, i: usize, f: &Features, out: &mut Vec<u64>) {
        out.clear();
        let cur = self.at(i, 0);
        let w = isize::from(f.window);
        let tag = |kind: u64| (kind << 58) | (cur << 53);
        out.push(tag(0));
        // Every substring of the window up to `span` letters, keyed by where it starts.
        for start in -w..=w {
            let mut letters = 0u64;
            for len in 1..=isize::from(f.span) {
                let end = start + len - 1;
                if end > w {
                    break;
                }
                letters = (letters << 5) | self.at(i, end);
                if len == 1 && start == 0 {
                    continue;
                }
                out.push(tag(1) | (((start + 8) as u64) << 49) | ((len as u64) << 45) | letters);
            }
        }
        // Where the letter is: distance to both ends (capped), with the word's end letters.
        let from_start = i.min(7) as u64;
        let to_end = (self.len - 1 - i).min(7) as u64;
        out.push(tag(2) | (from_start << 3) | to_end);
        let last = self.len - 1;
        let suffix = (self.at(last, 0) << 10) | (self.at(last, -1) << 5) | self.at(last, -2);
        out.push(tag(3) | (to_end << 15) | suffix);
        if f.bag > 0 {
            let n = usize::from(f.bag);
            let start = self.pad - 1;
            let end = self.pad + self.len + 1;
            for s in start..=end.saturating_sub(n) {
                let gram = self.symbols[s..s + n]
                    .iter()
                    .fold(0u64, |acc, &c| (acc << 5) | u64::from(c));
                out.push(tag(10) | gram);
            }
        }
        if f.shape > 0 {
            let (before, after) = self.groups[i];
            let (b, a) = (u64::from(before.min(4)), u64::from(after.min(4)));
            let count = u64::from(self.group_count.min(6));
            out.push(tag(11) | (b << 6) | (a << 3) | count);
            let end2 = (self.at(last, 0) << 5) | self.at(last, -1);
            out.push(tag(12) | (a << 10) | end2);
            out.push(tag(13) | self.shape(i, 3));
            out.push(tag(14) | (self.shape(i, 2) << 6) | (b << 3) | a);
            let suffix4 = (suffix << 5) | self.at(last, -3);
            out.push(tag(15) | (a << 20) | suffix4);
            let prefix = (self.at(0, 0) << 10) | (self.at(0, 1) << 5) | self.at(0, 2);
            out.push(tag(16) | (b << 15) | prefix);
        }
    }

    /// Keys of the features of letter `i` that depend on the hypothesis.
    pub fn dynamic_keys(&self, i: usize, f: &Features, state: State, out: &mut Vec<u64>) {
        out.clear();
        let cur = self.at(i, 0);
        let tag = |kind: u64| (kind << 58) | (cur << 53);
        let next = (self.at(i, 1) << 5) | self.at(i, 2);
        out.push(tag(4) | u64::from(state.stressed) | (next << 1));
        if f.history == 0 {
            return;
        }
        let p1 = u64::from(state.prev[0]);
        let p2 = u64::from(state.prev[1]);
        out.push(tag(5) | p1);
        out.push(tag(6) | (p1 << 12) | (self.at(i, 1) << 5) | self.at(i, -1));
        out.push(tag(7) | (p1 << 15) | next);
        if f.history >= 2 {
            out.push(tag(8) | (p2 << 12) | p1);
            out.push(tag(9) | (p2 << 22) | (p1 << 10) | next);
        }
    }
}

/// First weight index of a feature's bucket.
pub fn bucket(key: u64, mask: usize) -> usize {
    (mix(key) as usize) & mask
}

/// The trained classifier.
#[derive(Debug, Clone, PartialEq)]
pub struct Maxent {
    /// Feature settings.
    pub features: Features,
    /// Weight of the classifier's ln P in the decoder's score.
    pub weight: f32,
    /// Scale of the quantized weights.
    pub scale: f32,
    /// Quantized weights (length a power of two).
    pub weights: super::table::Table<i8>,
}

impl Maxent {
    fn mask(&self) -> usize {
        self.weights.len() - 1
    }

    /// Adds the weights of `keys` to `scores` (one per candidate, unscaled).
    pub fn accumulate(&self, keys: &[u64], scores: &mut [i32]) {
        let mask = self.mask();
        for &key in keys {
            let base = bucket(key, mask);
            if base + scores.len() <= self.weights.len() {
                for (s, &w) in scores.iter_mut().zip(&self.weights[base..]) {
                    *s += i32::from(w);
                }
            } else {
                for (k, s) in scores.iter_mut().enumerate() {
                    *s += i32::from(self.weights[(base + k) & mask]);
                }
            }
        }
    }

    /// `weight × ln P(candidate)` for raw summed scores, written to `out`.
    pub fn weighted_log_probs(&self, raw: &[i32], out: &mut Vec<f32>) {
        out.clear();
        let top = raw.iter().copied().max().unwrap_or(0);
        let z: f32 = raw
            .iter()
            .map(|&r| ((r - top) as f32 * self.scale).exp())
            .sum();
        let lz = z.ln();
        out.extend(
            raw.iter()
                .map(|&r| self.weight * ((r - top) as f32 * self.scale - lz)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbols(word: &str) -> Vec<u8> {
        word.bytes()
            .filter_map(crate::phonetics::lts::letters::letter_symbol)
            .collect()
    }

    #[test]
    fn vowel_groups_count_syllables_on_both_sides() {
        let f = Features::default();
        // b-a-n-a-n-a: three vowel groups; a vowel's own group is on neither side.
        let p = Padded::new(&symbols("banana"), &f);
        assert_eq!(p.group_count, 3);
        assert_eq!(p.groups, [(0, 3), (0, 2), (1, 2), (1, 1), (2, 1), (2, 0)]);
        // `ea` is one group; `y` after a consonant is a vowel, at the start it is not.
        let p = Padded::new(&symbols("yearly"), &f);
        assert_eq!(p.group_count, 2);
        assert_eq!(p.groups[0], (0, 2));
        assert_eq!(p.groups[5], (1, 0));
    }

    #[test]
    fn shape_features_are_added_only_when_asked_for() {
        let letters = symbols("stressed");
        let with = Features::default();
        let without = Features { shape: 0, ..with };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        Padded::new(&letters, &with).static_keys(3, &with, &mut a);
        Padded::new(&letters, &without).static_keys(3, &without, &mut b);
        assert_eq!(a.len(), b.len() + 6);
        assert_eq!(a[..b.len()], b[..]);
    }
}
