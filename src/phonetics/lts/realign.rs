//! Viterbi re-alignment: training words re-segmented into graphones by a trained graphone
//! n-gram, instead of by the context-free EM aligner (the refinement of joint-sequence
//! models described by Bisani & Ney, 2008).
//!
//! The EM aligner ([`super::align`]) scores each graphone on its own; once an n-gram has been
//! estimated on its segmentations, the segmentation of a word that the n-gram finds most
//! probable may differ (a letter pair read as one phone where context makes it regular).
//! Re-segmenting every word with the n-gram and estimating again moves the alignments
//! towards what the model can predict.

use super::align::SHAPES;
use super::model::Graphone;
use super::ngram::{Ngram, BOS, EOS, MAX_ORDER};
use crate::phonetics::phone::Phoneme;
use std::collections::HashMap;

/// One training word: letter symbols and one pronunciation (with stress).
#[derive(Debug, Clone, Copy)]
pub struct Word<'a> {
    /// Letter symbols (1–27).
    pub letters: &'a [u8],
    /// The pronunciation.
    pub pron: &'a [Phoneme],
}

/// The graphone of letters `i .. i + dl` read as phones `j .. j + dp`.
pub fn graphone(w: Word<'_>, i: usize, dl: usize, j: usize, dp: usize) -> Graphone {
    let mut g = Graphone {
        letters: [w.letters[i], 0],
        len: dp as u8,
        phones: [0, 0],
    };
    if dl == 2 {
        g.letters[1] = w.letters[i + 1];
    }
    for k in 0..dp {
        g.phones[k] = w.pron[j + k].code();
    }
    g
}

/// ln P(BOS tokens EOS) under the n-gram (tokens without BOS and EOS).
pub fn log_likelihood(ngram: &Ngram, tokens: &[u16]) -> f64 {
    let keep = ngram.order().saturating_sub(1);
    let mut history = vec![BOS];
    let mut total = 0.0;
    for &t in tokens.iter().chain(std::iter::once(&EOS)) {
        let start = history.len().saturating_sub(keep);
        total += f64::from(ngram.score(&history[start..], t));
        history.push(t);
    }
    total
}

#[derive(Clone, Copy)]
struct Hyp {
    score: f64,
    history: [u16; MAX_ORDER],
    len: u8,
    node: u32,
}

const ROOT: u32 = u32::MAX;

/// Finds the most probable graphone segmentation of training words under an n-gram.
pub struct Realigner<'a> {
    ngram: &'a Ngram,
    ids: &'a HashMap<Graphone, u16>,
    beam: usize,
}

impl<'a> Realigner<'a> {
    /// A realigner scoring with `ngram`, whose tokens are the graphones of `ids`; `beam`
    /// distinct histories are kept per (letter, phone) position.
    pub fn new(ngram: &'a Ngram, ids: &'a HashMap<Graphone, u16>, beam: usize) -> Self {
        Realigner {
            ngram,
            ids,
            beam: beam.max(1),
        }
    }

    /// The best segmentation found (tokens without BOS and EOS) and its ln probability, or
    /// `None` if no segmentation uses only known graphones.
    pub fn best(&self, w: Word<'_>) -> Option<(Vec<u16>, f64)> {
        let (n, m) = (w.letters.len(), w.pron.len());
        let width = m + 1;
        let keep = self.ngram.order().saturating_sub(1).clamp(1, MAX_ORDER);
        let mut cells: Vec<Vec<Hyp>> = vec![Vec::new(); (n + 1) * width];
        let mut arena: Vec<(u32, u16)> = Vec::new();
        let mut start = Hyp {
            score: 0.0,
            history: [0; MAX_ORDER],
            len: 1,
            node: ROOT,
        };
        start.history[0] = BOS;
        cells[0].push(start);
        for i in 0..n {
            for j in 0..=m {
                let mut hyps = std::mem::take(&mut cells[i * width + j]);
                if hyps.is_empty() {
                    continue;
                }
                self.prune(&mut hyps);
                for h in &hyps {
                    let chain = self.ngram.contexts(&h.history[..usize::from(h.len)]);
                    for (dl, dp) in SHAPES {
                        if i + dl > n || j + dp > m {
                            continue;
                        }
                        let Some(&t) = self.ids.get(&graphone(w, i, dl, j, dp)) else {
                            continue;
                        };
                        let score = h.score + f64::from(self.ngram.score_chain(&chain, t));
                        arena.push((h.node, t));
                        let mut next = Hyp {
                            score,
                            node: (arena.len() - 1) as u32,
                            ..*h
                        };
                        push_token(&mut next, t, keep);
                        cells[(i + dl) * width + j + dp].push(next);
                    }
                }
            }
        }
        let finals = std::mem::take(&mut cells[n * width + m]);
        let (score, node) = finals
            .iter()
            .map(|h| {
                let chain = self.ngram.contexts(&h.history[..usize::from(h.len)]);
                (
                    h.score + f64::from(self.ngram.score_chain(&chain, EOS)),
                    h.node,
                )
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))?;
        let mut tokens = Vec::new();
        let mut node = node;
        while node != ROOT {
            let (parent, t) = arena[node as usize];
            tokens.push(t);
            node = parent;
        }
        tokens.reverse();
        Some((tokens, score))
    }

    /// Keeps the best hypothesis of each history, at most `beam` of them.
    fn prune(&self, hyps: &mut Vec<Hyp>) {
        hyps.sort_by(|a, b| b.score.total_cmp(&a.score));
        let mut kept: Vec<Hyp> = Vec::with_capacity(self.beam);
        for h in hyps.iter() {
            if kept.len() == self.beam {
                break;
            }
            let same = |k: &Hyp| k.len == h.len && k.history[..] == h.history[..];
            if !kept.iter().any(same) {
                kept.push(*h);
            }
        }
        *hyps = kept;
    }
}

fn push_token(h: &mut Hyp, t: u16, keep: usize) {
    let len = usize::from(h.len);
    if len < keep {
        h.history[len] = t;
        h.len += 1;
    } else {
        h.history.copy_within(1..keep, 0);
        h.history[keep - 1] = t;
    }
}

/// Re-segments every word with the n-gram: a word takes the best segmentation found when it
/// is more probable than its current one (`seqs[k]`, tokens without BOS and EOS), so the
/// total ln probability of the training words under `ngram` never decreases.
pub fn realign_all(
    realigner: &Realigner<'_>,
    words: &[Word<'_>],
    seqs: &[Vec<u16>],
) -> Vec<Vec<u16>> {
    words
        .iter()
        .zip(seqs)
        .map(|(&w, current)| {
            let now = log_likelihood(realigner.ngram, current);
            match realigner.best(w) {
                Some((tokens, score)) if score > now + 1e-6 => tokens,
                _ => current.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phonetics::lts::ngram::{self, NgramConfig};

    fn pron(s: &str) -> Vec<Phoneme> {
        s.split_whitespace().map(|t| t.parse().unwrap()).collect()
    }

    fn letters(w: &str) -> Vec<u8> {
        w.bytes()
            .filter_map(crate::phonetics::lts::letters::letter_symbol)
            .collect()
    }

    /// A word's letter symbols and pronunciation.
    type Entry = (Vec<u8>, Vec<Phoneme>);

    /// Toy words with hand-made segmentations (phones read by each letter).
    fn toy() -> (Vec<Entry>, Vec<Vec<usize>>) {
        let data = [
            ("cat", "K AE1 T", vec![1, 1, 1]),
            ("bat", "B AE1 T", vec![1, 1, 1]),
            ("tab", "T AE1 B", vec![1, 1, 1]),
            ("back", "B AE1 K", vec![1, 1, 1, 0]),
            ("tack", "T AE1 K", vec![1, 1, 1, 0]),
            ("kit", "K IH1 T", vec![1, 1, 1]),
            // A poor segmentation: "c" silent and "k" read as both phones.
            ("tick", "T IH1 K", vec![1, 1, 0, 1]),
            ("tic", "T IH1 K", vec![1, 1, 1]),
        ];
        let words = data.iter().map(|(w, p, _)| (letters(w), pron(p))).collect();
        (words, data.iter().map(|d| d.2.clone()).collect())
    }

    #[test]
    fn realigning_never_lowers_the_likelihood_and_fixes_a_poor_alignment() {
        let (words, shapes) = toy();
        let mut ids: HashMap<Graphone, u16> = HashMap::new();
        let mut seqs: Vec<Vec<u16>> = Vec::new();
        let view: Vec<Word<'_>> = words
            .iter()
            .map(|(l, p)| Word {
                letters: l,
                pron: p,
            })
            .collect();
        for (w, per_letter) in view.iter().zip(&shapes) {
            let mut j = 0;
            let mut seq = Vec::new();
            for (i, &dp) in per_letter.iter().enumerate() {
                let g = graphone(*w, i, 1, j, dp);
                let next = (ids.len() + 3) as u16;
                seq.push(*ids.entry(g).or_insert(next));
                j += dp;
            }
            seqs.push(seq);
        }
        // The n-gram is estimated without "tick", as in cross-validated re-alignment: a word
        // whose own alignment is in the model is rarely moved.
        let bounded: Vec<Vec<u16>> = seqs
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != 6)
            .map(|(_, s)| [&[BOS][..], s, &[EOS][..]].concat())
            .collect();
        let model = ngram::estimate(
            &bounded,
            ids.len() + 3,
            &NgramConfig {
                order: 2,
                cutoffs: vec![1; MAX_ORDER],
                prune: 0.0,
            },
        );
        let realigner = Realigner::new(&model, &ids, 4);
        let total = |s: &[Vec<u16>]| s.iter().map(|t| log_likelihood(&model, t)).sum::<f64>();
        let better = realign_all(&realigner, &view, &seqs);
        assert!(total(&better) >= total(&seqs));
        for (new, old) in better.iter().zip(&seqs) {
            assert!(log_likelihood(&model, new) >= log_likelihood(&model, old));
        }
        // "tick": c→K and k silent, as in "back" and "tack".
        let c_k = ids[&graphone(view[6], 2, 1, 2, 1)];
        assert_eq!(better[6][2], c_k);
        assert_eq!(better[0], seqs[0], "a good alignment stays");
    }
}
