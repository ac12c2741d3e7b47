//! Training the look-ahead classifier ([`super::maxent`]) from the graphone alignments of the
//! training words: multinomial logistic regression over each letter's one-letter graphones,
//! fitted by AdaGrad, one example (letter) at a time in a seeded order, on one thread, so the
//! same words and options give the same weights.

use super::maxent::{bucket, Features, Maxent, Padded, State};
use super::model::Graphone;
use super::splitmix::SplitMix;
use crate::phonetics::error::{PhoneticsError, Result};

/// Settings of the classifier's training.
#[derive(Debug, Clone, PartialEq)]
pub struct MaxentConfig {
    /// Passes over the training letters (0 = no classifier).
    pub epochs: usize,
    /// The weight table has 2^bits entries.
    pub bits: u8,
    /// AdaGrad learning rate.
    pub rate: f32,
    /// Weight of the classifier in the decoder's score.
    pub weight: f32,
    /// Feature settings.
    pub features: Features,
}

impl Default for MaxentConfig {
    fn default() -> Self {
        MaxentConfig {
            epochs: 3,
            bits: 22,
            rate: 0.05,
            weight: 1.0,
            features: Features::default(),
        }
    }
}

/// One training pronunciation: letter symbols and the graphone token of each letter.
pub struct Example<'a> {
    /// Letter symbols (1–27).
    pub letters: &'a [u8],
    /// Graphone tokens, one per letter.
    pub tokens: &'a [u16],
}

/// Trains the classifier; `candidates[letter chunk]` are the decoder's graphone tokens of a
/// one-letter chunk, in order. Returns the classifier and the mean training log-loss of the
/// last epoch.
pub fn train(
    examples: &[Example<'_>],
    graphones: &[Graphone],
    candidates: &[Vec<u16>],
    config: &MaxentConfig,
    seed: u64,
) -> Result<(Maxent, f64)> {
    if !(4..=super::model::MAX_TABLE_BITS).contains(&config.bits) {
        return Err(PhoneticsError::Training(
            "classifier table bits out of range",
        ));
    }
    let size = 1usize << config.bits;
    let mask = size - 1;
    // Local index of each token among its letter's candidates.
    let mut local = vec![u32::MAX; graphones.len() + 3];
    for list in candidates {
        for (k, &t) in list.iter().enumerate() {
            local[usize::from(t)] = k as u32;
        }
    }
    let mut w = vec![0f32; size];
    let mut g2 = vec![0f32; size];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = SplitMix(seed ^ 0x4D41_5845_4E54);
    let f = &config.features;
    let (mut keys, mut dyn_keys, mut scores) = (Vec::new(), Vec::new(), Vec::new());
    let mut loss = 0.0;
    for _ in 0..config.epochs {
        rng.shuffle(&mut order);
        let (mut total, mut count) = (0f64, 0usize);
        for &e in &order {
            let ex = &examples[e];
            let padded = Padded::new(ex.letters, f);
            let mut state = State::default().next(super::ngram::BOS, None);
            for (i, (&letter, &token)) in ex.letters.iter().zip(ex.tokens).enumerate() {
                let cands = &candidates[super::letters::chunk_code(letter, None)];
                let gold = local[usize::from(token)] as usize;
                if cands.len() > 1 && gold < cands.len() {
                    padded.static_keys(i, f, &mut keys);
                    padded.dynamic_keys(i, f, state, &mut dyn_keys);
                    keys.extend_from_slice(&dyn_keys);
                    scores.clear();
                    scores.resize(cands.len(), 0f32);
                    for &key in &keys {
                        let b = bucket(key, mask);
                        for (k, s) in scores.iter_mut().enumerate() {
                            *s += w[(b + k) & mask];
                        }
                    }
                    let top = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                    let mut z = 0f32;
                    for s in scores.iter_mut() {
                        *s = (*s - top).exp();
                        z += *s;
                    }
                    total -= f64::from((scores[gold] / z).ln());
                    count += 1;
                    for (k, s) in scores.iter_mut().enumerate() {
                        *s = *s / z - if k == gold { 1.0 } else { 0.0 };
                    }
                    for &key in &keys {
                        let b = bucket(key, mask);
                        for (k, &grad) in scores.iter().enumerate() {
                            let j = (b + k) & mask;
                            g2[j] += grad * grad;
                            w[j] -= config.rate * grad / (g2[j].sqrt() + 1e-6);
                        }
                    }
                }
                state = state.next(token, graphones.get(usize::from(token).wrapping_sub(3)));
            }
        }
        loss = total / count.max(1) as f64;
    }
    let top = w.iter().fold(0f32, |m, &x| m.max(x.abs()));
    let scale = if top > 0.0 { top / 127.0 } else { 1.0 };
    let weights = w
        .iter()
        .map(|&x| (x / scale).round().clamp(-127.0, 127.0) as i8)
        .collect();
    Ok((
        Maxent {
            features: *f,
            weight: config.weight,
            scale,
            weights,
        },
        loss,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phonetics::lexicon::parse_cmu_text;
    use crate::phonetics::lts::{lts_words, train as train_lts, Lts, TrainConfig};
    use crate::phonetics::phone::arpabet as show;
    use std::path::Path;

    /// `c` reads K when the word ends in `b`, `d` or `t` and S when it ends in `z`, `s` or
    /// `n`, with the same vowel between: a bigram over graphones, predicting the `c`, sees
    /// neither the final letter nor anything that depends on it.
    const FAR_C: &str = "cab K AE1 B\ncad K AE1 D\ncat K AE1 T\ncaz S AE1 Z\ncas S AE1 S\n\
        can S AE1 N\ncib K IH1 B\ncid K IH1 D\ncit K IH1 T\nciz S IH1 Z\ncis S IH1 S\n\
        cin S IH1 N\nab AE1 B\naz AE1 Z\n";

    fn config(epochs: usize) -> TrainConfig {
        TrainConfig {
            order: 2,
            held_out_percent: 0,
            maxent: MaxentConfig {
                epochs,
                bits: 12,
                ..MaxentConfig::default()
            },
            ..TrainConfig::default()
        }
    }

    fn words() -> Vec<crate::phonetics::lts::LtsWord> {
        lts_words(&parse_cmu_text(FAR_C, Path::new("toy")).unwrap())
    }

    #[test]
    fn the_classifier_sees_the_letters_to_the_right() {
        let plain = train_lts(&words(), &config(0)).unwrap();
        let plain = Lts::from_bytes(&plain, Path::new("plain.bin")).unwrap();
        let reads = |lts: &Lts| ["cab", "caz", "cit", "cis"].map(|w| show(&lts.pronounce(w)));
        let right = ["K AE1 B", "S AE1 Z", "K IH1 T", "S IH1 S"];
        assert_ne!(reads(&plain), right, "a bigram alone cannot tell");
        let bytes = train_lts(&words(), &config(10)).unwrap();
        let lts = Lts::from_bytes(&bytes, Path::new("lookahead.bin")).unwrap();
        assert_eq!(reads(&lts), right);
    }

    #[test]
    fn training_with_a_classifier_is_deterministic_and_the_file_round_trips() {
        let bytes = train_lts(&words(), &config(3)).unwrap();
        assert_eq!(bytes, train_lts(&words(), &config(3)).unwrap());
        let lts = Lts::from_bytes(&bytes, Path::new("toy.bin")).unwrap();
        assert_eq!(lts.maxent_weight(), Some(1.0));
        assert!(lts.header().contains("Look-ahead classifier"));
        for cut in [1, 3, 1 << 12] {
            assert!(Lts::from_bytes(&bytes[..bytes.len() - cut], Path::new("toy.bin")).is_err());
        }
    }

    #[test]
    fn a_classifier_section_of_the_format_before_shapes_still_loads() {
        let mut c = config(3);
        c.maxent.features.shape = 0;
        let bytes = train_lts(&words(), &c).unwrap();
        let at = bytes.windows(6).rposition(|w| w == b"MAXEN2").unwrap();
        assert_eq!(bytes[at + 10], 0, "the shape byte");
        let mut old = bytes[..at].to_vec();
        old.extend_from_slice(b"MAXENT");
        old.extend_from_slice(&bytes[at + 6..at + 10]);
        old.extend_from_slice(&bytes[at + 11..]);
        let new = Lts::from_bytes(&bytes, Path::new("new.bin")).unwrap();
        let old = Lts::from_bytes(&old, Path::new("old.bin")).unwrap();
        for w in ["cab", "caz", "cit", "cinz"] {
            assert_eq!(old.pronounce(w), new.pronounce(w), "{w}");
        }
    }

    #[test]
    fn weight_zero_is_the_ngram_alone() {
        let plain = train_lts(&words(), &config(0)).unwrap();
        let plain = Lts::from_bytes(&plain, Path::new("plain.bin")).unwrap();
        let mut lts =
            Lts::from_bytes(&train_lts(&words(), &config(3)).unwrap(), Path::new("toy")).unwrap();
        lts.set_maxent_weight(0.0);
        for w in ["cab", "caz", "cit", "cinz", "accent", "zq"] {
            assert_eq!(lts.pronounce(w), plain.pronounce(w), "{w}");
        }
    }
}
