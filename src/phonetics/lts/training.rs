//! Training and evaluating the letter-to-sound model (`aloud lexicon train-lts`, `eval-lts`):
//! the maintainer's side of [`super`], apart from the decoding that runs at render time.

use super::align::{AlignWord, Aligner};
use super::maxent_train::{self, Example, MaxentConfig};
use super::model::{self, Graphone};
use super::ngram::{self, NgramConfig, BOS, EOS, MAX_ORDER};
use super::realign::{self, Realigner, Word};
use super::splitmix::SplitMix;
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

/// Splits words into (training, held-out) by a seeded Fisher–Yates shuffle; the held-out
/// part is `held_out_percent` % of the words (rounded up), returned in alphabetical order.
pub fn split(
    mut words: Vec<LtsWord>,
    seed: u64,
    held_out_percent: u32,
) -> (Vec<LtsWord>, Vec<LtsWord>) {
    SplitMix(seed).shuffle(&mut words);
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
    /// Pronunciations trained on per word, in dictionary order (1 = the first only,
    /// 0 = all).
    pub variants: usize,
    /// Viterbi re-alignment passes with a trained n-gram (0 = the EM alignment is final).
    pub realign_passes: usize,
    /// Order of the n-gram that re-aligns.
    pub realign_order: usize,
    /// Histories kept per (letter, phone) position while re-aligning.
    pub realign_beam: usize,
    /// Parts the training words are cut into for re-alignment: each part is re-aligned by
    /// an n-gram estimated on the others (1 = every word by an n-gram that saw it).
    pub realign_folds: usize,
    /// The look-ahead classifier (`epochs` 0 = none).
    pub maxent: MaxentConfig,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            seed: 2026,
            held_out_percent: 5,
            em_iterations: 20,
            order: 8,
            cutoffs: vec![1; MAX_ORDER],
            prune: 0.5,
            variants: 0,
            realign_passes: 0,
            realign_order: 4,
            realign_beam: 8,
            realign_folds: 5,
            maxent: MaxentConfig::default(),
        }
    }
}

/// A graphone inventory (token = index + 3) and the training words as token sequences.
struct Interned {
    graphones: Vec<Graphone>,
    ids: HashMap<Graphone, u16>,
    /// Token sequences without BOS and EOS.
    seqs: Vec<Vec<u16>>,
}

impl Interned {
    fn new() -> Self {
        Interned {
            graphones: Vec::new(),
            ids: HashMap::new(),
            seqs: Vec::new(),
        }
    }

    fn id(&mut self, g: Graphone) -> Result<u16> {
        if let Some(&id) = self.ids.get(&g) {
            return Ok(id);
        }
        if self.graphones.len() + 3 >= ngram::MAX_TOKENS {
            return Err(PhoneticsError::Training("too many graphones"));
        }
        let id = (self.graphones.len() + 3) as u16;
        self.graphones.push(g);
        self.ids.insert(g, id);
        Ok(id)
    }

    /// The same words re-interned: graphones no longer used leave the inventory.
    fn compact(&self, seqs: &[Vec<u16>]) -> Result<Interned> {
        let mut out = Interned::new();
        for seq in seqs {
            let mut s = Vec::with_capacity(seq.len());
            for &t in seq {
                s.push(out.id(self.graphones[usize::from(t) - 3])?);
            }
            out.seqs.push(s);
        }
        Ok(out)
    }

    /// Sequences with BOS and EOS, as the n-gram estimation wants them.
    fn bounded(&self) -> Vec<Vec<u16>> {
        self.seqs
            .iter()
            .map(|s| {
                let mut v = Vec::with_capacity(s.len() + 2);
                v.push(BOS);
                v.extend_from_slice(s);
                v.push(EOS);
                v
            })
            .collect()
    }
}

/// One training pronunciation, coded for alignment.
struct Coded<'a> {
    letters: Vec<u8>,
    /// The phones without stress.
    phones: Vec<Phone>,
    pron: &'a [Phoneme],
    /// Index of the word in the training list.
    index: usize,
}

/// Trains a model on `train` (every pronunciation of each word, or the first
/// `config.variants`) and returns the model file.
pub fn train(train: &[LtsWord], config: &TrainConfig) -> Result<Vec<u8>> {
    train_with_alignments(train, config).map(|(bytes, _)| bytes)
}

/// [`train`], also returning the final alignments as text for outside training tools
/// (`tools/lts-neural`): first one line `@ token letter phones…` per graphone of the
/// inventory (phones `-` for none), then one line per aligned pronunciation, the spelling,
/// a tab and its graphone tokens (one per letter) separated by spaces.
pub fn train_with_alignments(train: &[LtsWord], config: &TrainConfig) -> Result<(Vec<u8>, String)> {
    let coded: Vec<Coded<'_>> = train
        .iter()
        .enumerate()
        .flat_map(|(index, w)| {
            let letters: Vec<u8> = w.word.bytes().filter_map(letters::letter_symbol).collect();
            w.prons
                .iter()
                .take(if config.variants == 0 {
                    usize::MAX
                } else {
                    config.variants
                })
                .map(move |pron| {
                    let phones: Vec<Phone> = pron.iter().map(|p| p.phone).collect();
                    Coded {
                        letters: letters.clone(),
                        phones,
                        pron: pron.as_slice(),
                        index,
                    }
                })
        })
        .collect();
    let align_words: Vec<AlignWord<'_>> = coded
        .iter()
        .map(|c| AlignWord {
            letters: &c.letters,
            phones: &c.phones,
        })
        .collect();
    let aligner = Aligner::train(&align_words, config.em_iterations);

    let mut interned = Interned::new();
    let mut words: Vec<Word<'_>> = Vec::with_capacity(coded.len());
    let mut folds: Vec<usize> = Vec::with_capacity(coded.len());
    for (c, aw) in coded.iter().zip(&align_words) {
        let Some(segments) = aligner.align(aw) else {
            continue;
        };
        let word = Word {
            letters: &c.letters,
            pron: c.pron,
        };
        let mut seq = Vec::with_capacity(segments.len());
        for s in segments {
            seq.push(interned.id(realign::graphone(
                word,
                s.letter_start,
                s.letters,
                s.phone_start,
                s.phones,
            ))?);
        }
        interned.seqs.push(seq);
        words.push(word);
        folds.push(c.index % config.realign_folds.max(1));
    }
    if interned.seqs.is_empty() {
        return Err(PhoneticsError::Training(
            "no training word could be aligned",
        ));
    }
    let realign_config = NgramConfig {
        order: config.realign_order,
        cutoffs: vec![1; MAX_ORDER],
        prune: 0.0,
    };
    for _ in 0..config.realign_passes {
        let mut seqs = interned.seqs.clone();
        let parts = config.realign_folds.max(1);
        for part in 0..parts {
            // Each part is re-aligned by an n-gram estimated on the other parts (on all
            // words when there is one part), so that a word's own alignment does not vote
            // for itself.
            let others: Vec<Vec<u16>> = interned
                .bounded()
                .into_iter()
                .zip(&folds)
                .filter(|&(_, &f)| parts == 1 || f != part)
                .map(|(s, _)| s)
                .collect();
            let ngram = ngram::estimate(&others, interned.graphones.len() + 3, &realign_config);
            let realigner = Realigner::new(&ngram, &interned.ids, config.realign_beam);
            let members: Vec<usize> = (0..words.len()).filter(|&i| folds[i] == part).collect();
            let part_words: Vec<Word<'_>> = members.iter().map(|&i| words[i]).collect();
            let current: Vec<Vec<u16>> = members.iter().map(|&i| seqs[i].clone()).collect();
            let better = realign::realign_all(&realigner, &part_words, &current);
            for (&i, s) in members.iter().zip(better) {
                seqs[i] = s;
            }
        }
        interned = interned.compact(&seqs)?;
    }
    let seqs = interned.bounded();
    let mut graphones = interned.graphones;
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
    if graphones.len() + 3 > ngram::MAX_TOKENS {
        return Err(PhoneticsError::Training("too many graphones"));
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
    let maxent = if config.maxent.epochs > 0 {
        let examples: Vec<Example<'_>> = words
            .iter()
            .zip(&interned.seqs)
            .filter(|(w, s)| w.letters.len() == s.len())
            .map(|(w, s)| Example {
                letters: w.letters,
                tokens: s,
            })
            .collect();
        Some(maxent_train::train(
            &examples,
            &graphones,
            &super::by_chunk(&graphones),
            &config.maxent,
            config.seed,
        )?)
    } else {
        None
    };
    let classifier = match &maxent {
        None => String::new(),
        Some((_, loss)) => {
            let m = &config.maxent;
            format!(
                "# Look-ahead classifier: window {}, span {}, history {}, bag {}, shape {}, 2^{} weights, \
                 {} epochs (rate {}, last training log-loss {loss:.4}), weight {} in the decoder.\n",
                m.features.window,
                m.features.span,
                m.features.history,
                m.features.bag,
                m.features.shape,
                m.bits,
                m.epochs,
                m.rate,
                m.weight
            )
        }
    };
    let header = format!(
        "# Derived from the CMU Pronouncing Dictionary (lexicon/cmudict.dict, Copyright (C) \
         1993-2015 Carnegie Mellon University, BSD-2-Clause terms in lexicon/LICENSE.cmudict).\n\
         # Modified: a letter-to-sound graphone model trained from it by aloud.\n\
         # Rebuild with: aloud lexicon train-lts --seed {seed}\n\
         # Training: {words} pronunciations ({held} % of the words held out by seed \
         {seed}), {em} EM iterations, order {order}, cut-offs {cut:?}, pruning {prune}, variants {variants}, \
         {passes} re-alignment pass(es) (order {ro}, beam {rb}), {g} graphones.\n{classifier}",
        seed = config.seed,
        words = seqs.len(),
        held = config.held_out_percent,
        em = config.em_iterations,
        order = config.order,
        cut = config.cutoffs,
        prune = config.prune,
        variants = match config.variants {
            0 => "all".to_string(),
            n => format!("first {n}"),
        },
        passes = config.realign_passes,
        ro = config.realign_order,
        rb = config.realign_beam,
        g = graphones.len(),
    );
    let bytes = model::write(
        &header,
        &graphones,
        &ngram,
        maxent.as_ref().map(|m| &m.0),
        &[],
    );
    Ok((bytes, alignment_text(&graphones, &words, &interned.seqs)))
}

/// The text written by [`train_with_alignments`].
fn alignment_text(graphones: &[Graphone], words: &[Word<'_>], seqs: &[Vec<u16>]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (i, g) in graphones.iter().enumerate() {
        let phones: Vec<String> = g.phonemes().map(|p| p.to_string()).collect();
        let phones = if phones.is_empty() {
            "-".to_string()
        } else {
            phones.join(" ")
        };
        let _ = writeln!(out, "@ {} {} {phones}", i + 3, g.letters[0]);
    }
    for (w, s) in words.iter().zip(seqs) {
        if w.letters.len() != s.len() {
            continue;
        }
        let spelling: String = w
            .letters
            .iter()
            .map(|&c| {
                if c == 27 {
                    '\''
                } else {
                    char::from(b'a' + c - 1)
                }
            })
            .collect();
        let tokens: Vec<String> = s.iter().map(u16::to_string).collect();
        let _ = writeln!(out, "{spelling}\t{}", tokens.join(" "));
    }
    out
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
