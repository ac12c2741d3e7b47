//! Training and evaluating the letter-to-sound model (`aloud lexicon train-lts`, `eval-lts`):
//! the maintainer's side of [`super`], apart from the decoding that runs at render time.

use super::align::{AlignWord, Aligner};
use super::model::{self, Graphone};
use super::ngram::{self, NgramConfig, BOS, EOS, MAX_ORDER};
use super::{letters, Lts};
use crate::phonetics::error::{PhoneticsError, Result};
use crate::phonetics::lexicon::CmuEntry;
use crate::phonetics::phone::{Phone, Phoneme};
use std::collections::HashMap;

/// A word of the training or held-out set, with all its dictionary pronunciations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LtsWord {
    /// The spelling (`a`–`z` and `'`).
    pub word: String,
    /// Its pronunciations, first = the dictionary's first variant.
    pub prons: Vec<Vec<Phoneme>>,
}

/// Groups the sorted dictionary entries by word, keeping only words spelled with `a`–`z`
/// and `'` (no abbreviations with dots, no hyphenated compounds).
pub fn lts_words(entries: &[CmuEntry]) -> Vec<LtsWord> {
    let mut out: Vec<LtsWord> = Vec::new();
    for e in entries {
        if e.word.is_empty() || !e.word.bytes().all(|b| letters::letter_symbol(b).is_some()) {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.word == e.word => last.prons.push(e.phonemes.clone()),
            _ => out.push(LtsWord {
                word: e.word.clone(),
                prons: vec![e.phonemes.clone()],
            }),
        }
    }
    out
}

/// SplitMix64: a tiny, fixed pseudo-random generator so that splits never change with a
/// dependency update.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Splits words into (training, held-out) by a seeded Fisher–Yates shuffle; the held-out
/// part is `held_out_percent` % of the words (rounded up), returned in alphabetical order.
pub fn split(
    mut words: Vec<LtsWord>,
    seed: u64,
    held_out_percent: u32,
) -> (Vec<LtsWord>, Vec<LtsWord>) {
    let mut rng = SplitMix(seed);
    for i in (1..words.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        words.swap(i, j);
    }
    let held = (words.len() * held_out_percent as usize).div_ceil(100);
    let mut train = words.split_off(held);
    let mut held_out = words;
    train.sort_by(|a, b| a.word.cmp(&b.word));
    held_out.sort_by(|a, b| a.word.cmp(&b.word));
    (train, held_out)
}

/// Training settings. The defaults produce the committed model.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Seed of the held-out split.
    pub seed: u64,
    /// Percentage of words held out from training.
    pub held_out_percent: u32,
    /// EM iterations of the letter–phone alignment.
    pub em_iterations: usize,
    /// N-gram order over graphones.
    pub order: usize,
    /// Minimum Kneser–Ney count to keep an n-gram, by order (index 0 = unigrams).
    pub cutoffs: Vec<u32>,
    /// Weighted-difference pruning threshold of the n-gram (0 = off).
    pub prune: f64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            seed: 2026,
            held_out_percent: 5,
            em_iterations: 20,
            order: 8,
            cutoffs: vec![1; MAX_ORDER],
            prune: 1.0,
        }
    }
}

/// Trains a model on `train` (first pronunciation of each word) and returns the model file.
pub fn train(train: &[LtsWord], config: &TrainConfig) -> Result<Vec<u8>> {
    let coded: Vec<(Vec<u8>, Vec<Phone>, &[Phoneme])> = train
        .iter()
        .filter_map(|w| {
            let pron = w.prons.first()?;
            let letters: Vec<u8> = w.word.bytes().filter_map(letters::letter_symbol).collect();
            let phones: Vec<Phone> = pron.iter().map(|p| p.phone).collect();
            Some((letters, phones, pron.as_slice()))
        })
        .collect();
    let align_words: Vec<AlignWord<'_>> = coded
        .iter()
        .map(|(l, p, _)| AlignWord {
            letters: l,
            phones: p,
        })
        .collect();
    let aligner = Aligner::train(&align_words, config.em_iterations);

    let mut graphones: Vec<Graphone> = Vec::new();
    let mut ids: HashMap<Graphone, u16> = HashMap::new();
    let mut seqs: Vec<Vec<u16>> = Vec::with_capacity(coded.len());
    for ((letters, _, pron), aw) in coded.iter().zip(&align_words) {
        let Some(segments) = aligner.align(aw) else {
            continue;
        };
        let mut seq = vec![BOS];
        for s in segments {
            let mut g = Graphone {
                letters: [letters[s.letter_start], 0],
                len: s.phones as u8,
                phones: [0, 0],
            };
            if s.letters == 2 {
                g.letters[1] = letters[s.letter_start + 1];
            }
            for k in 0..s.phones {
                g.phones[k] = pron[s.phone_start + k].code();
            }
            let next = graphones.len() + 3;
            let id = *ids.entry(g).or_insert_with(|| {
                graphones.push(g);
                next as u16
            });
            seq.push(id);
        }
        seq.push(EOS);
        seqs.push(seq);
        if graphones.len() + 3 >= usize::from(u16::MAX) {
            return Err(PhoneticsError::Training("too many graphones"));
        }
    }
    if seqs.is_empty() {
        return Err(PhoneticsError::Training(
            "no training word could be aligned",
        ));
    }
    // Every single letter needs at least one graphone, or words containing it could not be
    // decoded: give a letter never seen alone a silent graphone.
    for symbol in 1..=27u8 {
        if !graphones.iter().any(|g| g.letters == [symbol, 0]) {
            graphones.push(Graphone {
                letters: [symbol, 0],
                len: 0,
                phones: [0, 0],
            });
        }
    }
    let ngram = ngram::estimate(
        &seqs,
        graphones.len() + 3,
        &NgramConfig {
            order: config.order,
            cutoffs: config.cutoffs.clone(),
            prune: config.prune,
        },
    );
    let header = format!(
        "# Derived from the CMU Pronouncing Dictionary (lexicon/cmudict.dict, Copyright (C) \
         1993-2015 Carnegie Mellon University, BSD-2-Clause terms in lexicon/LICENSE.cmudict).\n\
         # Modified: a letter-to-sound graphone model trained from it by aloud.\n\
         # Rebuild with: aloud lexicon train-lts --seed {seed}\n\
         # Training: {words} words ({held} % held out by seed {seed}), {em} EM iterations, \
         order {order}, cut-offs {cut:?}, pruning {prune}, {g} graphones.\n",
        seed = config.seed,
        words = seqs.len(),
        held = config.held_out_percent,
        em = config.em_iterations,
        order = config.order,
        cut = config.cutoffs,
        prune = config.prune,
        g = graphones.len(),
    );
    Ok(model::write(&header, &graphones, &ngram))
}

/// Accuracy of a model on held-out words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evaluation {
    /// Words evaluated.
    pub words: usize,
    /// Words whose phones (stress ignored) equal one of the dictionary's variants.
    pub correct: usize,
    /// Words whose phones (stress ignored) equal the first variant.
    pub correct_first: usize,
    /// Words whose phones and stress equal one of the variants.
    pub correct_with_stress: usize,
    /// Phone edit distance to the closest variant, summed (stress ignored).
    pub phone_errors: usize,
    /// Phones in the closest variants, summed.
    pub phones: usize,
}

impl Evaluation {
    /// Percentage helper.
    pub fn percent(part: usize, whole: usize) -> f64 {
        if whole == 0 {
            0.0
        } else {
            100.0 * part as f64 / whole as f64
        }
    }
}

fn edit_distance(a: &[Phone], b: &[Phone]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Evaluates the model on words it was not trained on.
pub fn evaluate(lts: &Lts, held_out: &[LtsWord]) -> Evaluation {
    let mut e = Evaluation::default();
    for w in held_out {
        let guess = lts.pronounce(&w.word);
        let phones: Vec<Phone> = guess.iter().map(|p| p.phone).collect();
        e.words += 1;
        let mut best = (usize::MAX, 0);
        for (i, pron) in w.prons.iter().enumerate() {
            let reference: Vec<Phone> = pron.iter().map(|p| p.phone).collect();
            let d = edit_distance(&phones, &reference);
            if d < best.0 {
                best = (d, reference.len());
            }
            if d == 0 && i == 0 {
                e.correct_first += 1;
            }
        }
        e.phone_errors += best.0;
        e.phones += best.1;
        if best.0 == 0 {
            e.correct += 1;
        }
        if w.prons.contains(&guess) {
            e.correct_with_stress += 1;
        }
    }
    e
}
