//! Letter-to-sound: a joint-sequence (graphone) model for words not in any lexicon.
//!
//! Training (`aloud lexicon train-lts`, see [`train`]):
//! 1. the CMU words made only of `a`–`z` and `'` are split by a seeded shuffle into a
//!    held-out part (5 %, never seen in training) and a training part;
//! 2. letters of every pronunciation of a training word are aligned to phones by EM
//!    ([`align`]) as graphones of one letter and zero to two phones (optionally re-aligned
//!    afterwards by a trained n-gram, [`realign`]);
//! 3. each training word becomes a graphone sequence whose phones carry stress digits, so
//!    phones and stress are predicted jointly;
//! 4. an n-gram over graphones is estimated with interpolated modified Kneser–Ney and pruned
//!    ([`ngram`]);
//! 5. a look-ahead classifier of each letter's graphone from the letters on both sides and the
//!    previous graphones is trained on the same alignments ([`maxent`]), when asked for;
//! 6. a neural classifier reading the whole word ([`neural`]) is trained outside aloud on the
//!    alignments `train-lts --alignments` writes, and added to the file (`tools/lts-neural`).
//!
//! Pronouncing ([`Lts::pronounce`]) is a beam search over the graphone segmentations of the
//! (accent-folded) spelling, scored by the n-gram plus the classifiers' weighted ln P; final
//! hypotheses that give the same phones add up their probabilities.

pub mod align;
mod kernels;
pub mod letters;
pub mod maxent;
mod maxent_train;
pub mod model;
pub mod neural;
pub mod ngram;
pub mod realign;
pub(crate) mod splitmix;
mod table;
mod training;

use super::error::{io, Result};
use super::phone::{Phone, Phoneme, Stress};
pub use maxent::Features;
use maxent::{Maxent, Padded, State};
pub use maxent_train::MaxentConfig;
use model::Graphone;
use neural::Neural;
use ngram::{Ngram, BOS, EOS, MAX_ORDER};
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
pub use training::{
    evaluate, lts_words, split, train, train_with_alignments, Evaluation, LtsWord, TrainConfig,
};

/// File name of the committed model inside the lexicon folder.
pub const MODEL_FILE: &str = "lts.bin";

/// Hypotheses kept per letter position while decoding.
const BEAM: usize = 32;

/// The trained letter-to-sound model.
#[derive(Debug, Clone)]
pub struct Lts {
    graphones: Vec<Graphone>,
    ngram: Ngram,
    /// The look-ahead classifier, if the model has one.
    maxent: Option<Maxent>,
    /// The neural letter classifiers of the model (none, one or several, added up).
    neural: Vec<Neural>,
    /// Graphone tokens by letter-chunk code.
    by_chunk: Vec<Vec<u16>>,
    header: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct History {
    tokens: [u16; MAX_ORDER],
    len: u8,
}

impl History {
    fn as_slice(&self) -> &[u16] {
        &self.tokens[..usize::from(self.len)]
    }
}

struct Hyp {
    score: f32,
    history: History,
    state: State,
    node: u32,
}

const ROOT: u32 = u32::MAX;

impl Lts {
    /// Loads the committed model `lts.bin` of the data folder.
    pub fn load_default() -> Result<Lts> {
        Lts::load(&crate::data::lexicon_dir()?.join(MODEL_FILE))
    }

    /// Loads a model file written by [`train`]. The file is read through a memory map, and
    /// the classifiers' weight arrays are used where they lie in it (see `table`): no copy
    /// of its megabytes into fresh memory.
    pub fn load(path: &Path) -> Result<Lts> {
        match crate::data::map_data_file(path).map_err(io(path))? {
            Some(map) => {
                let map = Arc::new(map);
                let source = table::Source {
                    data: &map,
                    map: Some(&map),
                };
                Lts::from_source(source, path)
            }
            None => Lts::from_bytes(&[], path),
        }
    }

    /// Reads a model from bytes (copying what it keeps); `path` is used in error messages.
    pub fn from_bytes(data: &[u8], path: &Path) -> Result<Lts> {
        Lts::from_source(table::Source { data, map: None }, path)
    }

    fn from_source(source: table::Source<'_>, path: &Path) -> Result<Lts> {
        let model::Parts {
            graphones,
            ngram,
            maxent,
            neural,
        } = model::read(source, path)?;
        let by_chunk = by_chunk(&graphones);
        Ok(Lts {
            graphones,
            ngram,
            maxent,
            neural,
            by_chunk,
            header: model::header(source.data).unwrap_or("").to_string(),
        })
    }

    /// Bytes of the model used where they lie in its file's map, not copied (see `table`).
    pub fn mapped_bytes(&self) -> usize {
        let levels = self.ngram.levels.iter().map(|l| {
            l.tokens.mapped_bytes()
                + l.neg_logp.mapped_bytes()
                + l.log_bow.mapped_bytes()
                + l.child.mapped_bytes()
        });
        levels.sum::<usize>()
            + self.maxent.as_ref().map_or(0, |m| m.weights.mapped_bytes())
            + self.neural.iter().map(Neural::mapped_bytes).sum::<usize>()
    }

    /// The `#` header lines of the model file (provenance and training settings).
    pub fn header(&self) -> &str {
        &self.header
    }

    /// Number of graphones in the inventory.
    pub fn graphone_count(&self) -> usize {
        self.graphones.len()
    }

    /// The look-ahead classifier's weight in the decoder, if the model has one.
    pub fn maxent_weight(&self) -> Option<f32> {
        self.maxent.as_ref().map(|m| m.weight)
    }

    /// The look-ahead classifier when it takes part in decoding.
    fn lookahead(&self) -> Option<&Maxent> {
        self.maxent.as_ref().filter(|m| m.weight != 0.0)
    }

    /// Whether the neural classifier takes part in decoding and looks at the hypotheses.
    fn contextual(&self) -> bool {
        self.neural
            .iter()
            .any(|m| m.weight != 0.0 && m.has_context())
    }

    /// Sets the look-ahead classifier's weight (0 decodes with the n-gram alone).
    pub fn set_maxent_weight(&mut self, weight: f32) {
        if let Some(m) = &mut self.maxent {
            m.weight = weight;
        }
    }

    /// The neural letter classifiers' weights in the decoder (empty if the model has none).
    pub fn neural_weights(&self) -> Vec<f32> {
        self.neural.iter().map(|m| m.weight).collect()
    }

    /// Sets the neural letter classifiers' weights (0 decodes without one), in file order;
    /// the last weight given is used for the classifiers after it.
    pub fn set_neural_weights(&mut self, weights: &[f32]) {
        for (k, m) in self.neural.iter_mut().enumerate() {
            if let Some(&w) = weights.get(k).or(weights.last()) {
                m.weight = w;
            }
        }
    }

    /// The model file written again (as [`model::write`] writes it).
    pub fn to_bytes(&self) -> Vec<u8> {
        model::write(
            &self.header,
            &self.graphones,
            &self.ngram,
            self.maxent.as_ref(),
            &self.neural,
        )
    }

    /// Number of stored n-grams, by order.
    pub fn ngram_counts(&self) -> Vec<usize> {
        self.ngram.levels.iter().map(|l| l.tokens.len()).collect()
    }

    /// Predicts the phones (with stress) of a word. Accents are folded (`é` → `e`) and
    /// characters other than letters and apostrophes ignored; the result is empty only when
    /// nothing is left. Exactly one vowel carries primary stress unless the model gave several.
    pub fn pronounce(&self, word: &str) -> Vec<Phoneme> {
        let folded = letters::fold(word);
        let symbols: Vec<u8> = folded.bytes().filter_map(letters::letter_symbol).collect();
        let mut phonemes: Vec<Phoneme> = self
            .decode(&symbols)
            .iter()
            .filter_map(|&t| self.graphones.get(usize::from(t).wrapping_sub(3)))
            .flat_map(|g| g.phonemes().collect::<Vec<_>>())
            .collect();
        ensure_primary_stress(&mut phonemes);
        phonemes
    }

    fn contexts(&self, h: &History) -> Vec<(usize, usize)> {
        self.ngram.contexts(h.as_slice())
    }

    fn score(&self, chain: &[(usize, usize)], t: u16) -> f32 {
        self.ngram.score_chain(chain, t)
    }

    /// Scores of every token of `tokens` (sorted, with `slot[token]` = its index) after the
    /// context chain, visiting for each context the shorter of its children and the tokens.
    fn score_all(
        &self,
        chain: &[(usize, usize)],
        tokens: &[u16],
        slot: &[u32],
        out: &mut Vec<f32>,
    ) {
        out.clear();
        out.resize(tokens.len(), f32::NAN);
        let mut left = tokens.len();
        let mut acc = 0.0;
        for &(depth, node) in chain {
            if left == 0 {
                break;
            }
            let level = &self.ngram.levels[depth];
            let (start, end) = (level.child[node] as usize, level.child[node + 1] as usize);
            let next = &self.ngram.levels[depth + 1];
            if end - start <= tokens.len() {
                for c in start..end {
                    let k = slot[usize::from(next.tokens[c])];
                    if k != u32::MAX && out[k as usize].is_nan() {
                        out[k as usize] = acc + self.ngram.logp(depth + 1, c);
                        left -= 1;
                    }
                }
            } else {
                for (k, &t) in tokens.iter().enumerate() {
                    if out[k].is_nan() {
                        if let Ok(j) = next.tokens[start..end].binary_search(&t) {
                            out[k] = acc + self.ngram.logp(depth + 1, start + j);
                            left -= 1;
                        }
                    }
                }
            }
            acc += self.ngram.log_bow(depth, node);
        }
        for (k, &t) in tokens.iter().enumerate() {
            if out[k].is_nan() {
                out[k] = acc + self.ngram.logp(0, usize::from(t));
            }
        }
    }

    fn advance(&self, h: &History, t: u16) -> History {
        let mut buf = [0u16; MAX_ORDER + 1];
        let len = usize::from(h.len);
        buf[..len].copy_from_slice(h.as_slice());
        buf[len] = t;
        let v = &buf[..=len];
        let keep = self.ngram.order().saturating_sub(1);
        let mut start = v.len().saturating_sub(keep);
        while start < v.len() {
            let s = &v[start..];
            match self.ngram.find(s) {
                Some(n) if self.ngram.has_children(s.len() - 1, n) => break,
                _ => start += 1,
            }
        }
        let mut out = History {
            tokens: [0; MAX_ORDER],
            len: (v.len() - start) as u8,
        };
        out.tokens[..v.len() - start].copy_from_slice(&v[start..]);
        out
    }

    /// Beam search over graphone segmentations; the best token sequence (without BOS/EOS).
    ///
    /// Candidates are scored first and their n-gram histories computed only for the best
    /// ones, in score order, until [`BEAM`] distinct histories are kept at a position.
    fn decode(&self, symbols: &[u8]) -> Vec<u16> {
        let n = symbols.len();
        if n == 0 {
            return Vec::new();
        }
        let mut arena: Vec<(u32, u16)> = Vec::new();
        let mut cands: Vec<Vec<Cand>> = (0..=n).map(|_| Vec::new()).collect();
        let empty = History {
            tokens: [0; MAX_ORDER],
            len: 0,
        };
        let mut slot = vec![u32::MAX; self.ngram.levels[0].tokens.len()];
        let mut scores = Vec::new();
        let mut hyps = vec![Hyp {
            score: 0.0,
            history: self.advance(&empty, BOS),
            state: State::default().next(BOS, None),
            node: ROOT,
        }];
        let maxent = self.lookahead();
        let padded = maxent.map(|m| Padded::new(symbols, &m.features));
        // The neural classifiers: the weighted ln P of those without a context layer, summed
        // (the same for every hypothesis), and the input from the letters of the others.
        let nets = self.neural.iter().filter(|m| m.weight != 0.0);
        let mut neural: Option<Vec<Vec<f32>>> = None;
        for m in nets.clone().filter(|m| !m.has_context()) {
            let lp = m.log_probs(symbols, &self.by_chunk);
            let sum = neural.get_or_insert_with(|| lp.iter().map(|v| vec![0.0; v.len()]).collect());
            for (a, b) in sum.iter_mut().flatten().zip(lp.iter().flatten()) {
                *a += m.weight * b;
            }
        }
        let contexts: Vec<(&Neural, Vec<f32>)> = nets
            .filter(|m| m.has_context())
            .map(|m| (m, m.encode(symbols)))
            .collect();
        let (mut hidden, mut nn) = (Vec::new(), Vec::new());
        let (mut keys, mut base, mut raw, mut extra) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for i in 0..n {
            if i > 0 {
                hyps = self.select(std::mem::take(&mut cands[i]), &mut arena);
            }
            let chains: Vec<Vec<(usize, usize)>> =
                hyps.iter().map(|h| self.contexts(&h.history)).collect();
            if let (Some(m), Some(p)) = (maxent, &padded) {
                p.static_keys(i, &m.features, &mut keys);
                base.clear();
                base.resize(
                    self.by_chunk[letters::chunk_code(symbols[i], None)].len(),
                    0,
                );
                m.accumulate(&keys, &mut base);
            }
            for len in 1..=2 {
                if i + len > n {
                    break;
                }
                let second = (len == 2).then(|| symbols[i + 1]);
                let tokens = &self.by_chunk[letters::chunk_code(symbols[i], second)];
                for (k, &t) in tokens.iter().enumerate() {
                    slot[usize::from(t)] = k as u32;
                }
                for (h, chain) in hyps.iter().zip(&chains) {
                    self.score_all(chain, tokens, &slot, &mut scores);
                    if let (Some(m), Some(p), 1) = (maxent, &padded, len) {
                        p.dynamic_keys(i, &m.features, h.state, &mut keys);
                        raw.clone_from(&base);
                        m.accumulate(&keys, &mut raw);
                        m.weighted_log_probs(&raw, &mut extra);
                        for (s, e) in scores.iter_mut().zip(&extra) {
                            *s += e;
                        }
                    }
                    if let (Some(lp), 1) = (&neural, len) {
                        for (s, e) in scores.iter_mut().zip(&lp[i]) {
                            *s += e;
                        }
                    }
                    for (m, encoded) in contexts.iter().filter(|_| len == 1) {
                        let (prev, stressed) = h.state.parts();
                        let width = encoded.len() / n;
                        let pre = &encoded[i * width..(i + 1) * width];
                        m.context_log_probs(pre, prev, stressed, tokens, &mut hidden, &mut nn);
                        for (s, e) in scores.iter_mut().zip(&nn) {
                            *s += m.weight * e;
                        }
                    }
                    for (&t, &sc) in tokens.iter().zip(&scores) {
                        cands[i + len].push(Cand {
                            score: h.score + sc,
                            history: h.history,
                            state: h.state,
                            node: h.node,
                            token: t,
                        });
                    }
                }
                for &t in tokens {
                    slot[usize::from(t)] = u32::MAX;
                }
            }
        }
        let finals = self.select(std::mem::take(&mut cands[n]), &mut arena);
        // Segmentations that spell the same phones are one reading: their probabilities add
        // up (natural-log scores, taken relative to the best), and the largest sum wins, with
        // the stress of its best segmentation.
        let scored: Vec<(f32, Vec<u16>)> = finals
            .iter()
            .map(|h| {
                let score = h.score + self.score(&self.contexts(&h.history), EOS);
                let mut tokens = Vec::new();
                let mut node = h.node;
                while node != ROOT {
                    let (parent, t) = arena[node as usize];
                    tokens.push(t);
                    node = parent;
                }
                tokens.reverse();
                (score, tokens)
            })
            .collect();
        let top = scored.iter().map(|s| s.0).fold(f32::NEG_INFINITY, f32::max);
        let mut readings: Vec<(Vec<Phone>, f64, f32, Vec<u16>)> = Vec::new();
        for (score, tokens) in scored {
            let weight = f64::from(score - top).exp();
            let phones: Vec<Phone> = self.phonemes(&tokens).iter().map(|p| p.phone).collect();
            match readings.iter_mut().find(|r| r.0 == phones) {
                Some(r) => {
                    r.1 += weight;
                    if score > r.2 {
                        (r.2, r.3) = (score, tokens);
                    }
                }
                None => readings.push((phones, weight, score, tokens)),
            }
        }
        readings
            .into_iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(a.2.total_cmp(&b.2)))
            .map(|r| r.3)
            .unwrap_or_default()
    }

    fn phonemes(&self, tokens: &[u16]) -> Vec<Phoneme> {
        tokens
            .iter()
            .filter_map(|&t| self.graphones.get(usize::from(t).wrapping_sub(3)))
            .flat_map(|g| g.phonemes().collect::<Vec<_>>())
            .collect()
    }

    /// The best candidates with distinct histories, at most [`BEAM`].
    fn select(&self, mut cands: Vec<Cand>, arena: &mut Vec<(u32, u16)>) -> Vec<Hyp> {
        let by_score = |a: &Cand, b: &Cand| b.score.total_cmp(&a.score);
        // Sort only the head: distinct histories are nearly always found among the first few.
        let head = (BEAM * 8).min(cands.len());
        if head < cands.len() {
            cands.select_nth_unstable_by(head, by_score);
        }
        cands[..head].sort_unstable_by(by_score);
        let mut seen = HashSet::new();
        let mut hyps = Vec::with_capacity(BEAM);
        for k in 0..cands.len() {
            if hyps.len() == BEAM {
                break;
            }
            if k == head {
                cands[head..].sort_unstable_by(by_score);
            }
            let c = &cands[k];
            let history = self.advance(&c.history, c.token);
            let state = match self.lookahead().is_some() || self.contextual() {
                true => c.state.next(
                    c.token,
                    self.graphones.get(usize::from(c.token).wrapping_sub(3)),
                ),
                false => c.state,
            };
            if seen.insert((history, state)) {
                arena.push((c.node, c.token));
                hyps.push(Hyp {
                    score: c.score,
                    history,
                    state,
                    node: (arena.len() - 1) as u32,
                });
            }
        }
        hyps
    }
}

/// An extension of a hypothesis by one graphone, before its history is computed.
struct Cand {
    score: f32,
    history: History,
    state: State,
    node: u32,
    token: u16,
}

/// Graphone tokens by letter-chunk code, in token order (the classifier's candidates of a
/// letter are its one-letter graphones in this order).
fn by_chunk(graphones: &[Graphone]) -> Vec<Vec<u16>> {
    let mut by_chunk = vec![Vec::new(); letters::LETTER_CHUNKS];
    for (i, g) in graphones.iter().enumerate() {
        let code = usize::from(g.letters[0]) * letters::LETTERS + usize::from(g.letters[1]);
        by_chunk[code].push((i + 3) as u16);
    }
    by_chunk
}

/// Makes sure a pronunciation with vowels has a primary stress: the first secondary-stressed
/// vowel is promoted, else the first full vowel (a lone `ax` becomes a stressed `ah`).
pub fn ensure_primary_stress(phonemes: &mut [Phoneme]) {
    if phonemes.iter().any(|p| p.stress == Stress::Primary) {
        return;
    }
    let pick = phonemes
        .iter()
        .position(|p| p.stress == Stress::Secondary)
        .or_else(|| {
            phonemes
                .iter()
                .position(|p| p.phone.is_vowel() && p.phone != Phone::Ax)
        })
        .or_else(|| phonemes.iter().position(|p| p.phone == Phone::Ax));
    if let Some(i) = pick {
        let phone = if phonemes[i].phone == Phone::Ax {
            Phone::Ah
        } else {
            phonemes[i].phone
        };
        phonemes[i] = Phoneme::new(phone, Stress::Primary);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phonetics::lexicon::parse_cmu_text;

    const TOY: &str = "cat K AE1 T\nbat B AE1 T\ntab T AE1 B\ncab K AE1 B\nbit B IH1 T\n\
        kit K IH1 T\ntick T IH1 K\nback B AE1 K\nbackache B AE1 K EY2 K\nx-ray EH1 K S R EY2\n";

    use crate::phonetics::phone::arpabet as show;

    #[test]
    fn split_is_seeded_disjoint_and_complete() {
        let entries = parse_cmu_text(TOY, Path::new("toy")).unwrap();
        let words = lts_words(&entries);
        assert_eq!(words.len(), 9, "x-ray has a hyphen and is left out");
        let (a, b) = split(words.clone(), 7, 20);
        let (c, d) = split(words.clone(), 7, 20);
        assert_eq!((&a, &b), (&c, &d));
        assert_eq!(b.len(), 2);
        assert!(b.iter().all(|w| !a.contains(w)));
        let (_, e) = split(words, 8, 20);
        assert_ne!(b, e, "another seed gives another split");
    }

    #[test]
    fn a_toy_model_round_trips_and_reads_its_training_words() {
        let entries = parse_cmu_text(TOY, Path::new("toy")).unwrap();
        let config = TrainConfig {
            order: 3,
            ..TrainConfig::default()
        };
        let bytes = train(&lts_words(&entries), &config).unwrap();
        assert_eq!(
            bytes,
            train(&lts_words(&entries), &config).unwrap(),
            "deterministic"
        );
        let lts = Lts::from_bytes(&bytes, Path::new("toy.bin")).unwrap();
        assert_eq!(show(&lts.pronounce("cat")), "K AE1 T");
        assert_eq!(show(&lts.pronounce("Báck")), "B AE1 K");
        assert!(Lts::from_bytes(&bytes[..bytes.len() - 3], Path::new("toy.bin")).is_err());
    }

    #[test]
    fn a_toy_model_trained_with_variants_and_realignment_reads_its_training_words() {
        let text = format!("{TOY}either IY1 DH ER0\neither(2) AY1 DH ER0\n");
        let entries = parse_cmu_text(&text, Path::new("toy")).unwrap();
        let config = TrainConfig {
            order: 3,
            realign_passes: 2,
            realign_folds: 2,
            ..TrainConfig::default()
        };
        let bytes = train(&lts_words(&entries), &config).unwrap();
        let lts = Lts::from_bytes(&bytes, Path::new("toy.bin")).unwrap();
        assert_eq!(show(&lts.pronounce("cat")), "K AE1 T");
        assert_eq!(show(&lts.pronounce("back")), "B AE1 K");
        let either = show(&lts.pronounce("either"));
        assert!(
            either == "IY1 DH ER0" || either == "AY1 DH ER0",
            "either read as {either}"
        );
    }

    #[test]
    fn a_missing_primary_stress_is_added() {
        let mut p: Vec<Phoneme> = ["K", "AX0", "T", "IY2"]
            .iter()
            .map(|t| t.parse().unwrap())
            .collect();
        ensure_primary_stress(&mut p);
        assert_eq!(show(&p), "K AX0 T IY1");
        let mut q: Vec<Phoneme> = ["K", "AX0"].iter().map(|t| t.parse().unwrap()).collect();
        ensure_primary_stress(&mut q);
        assert_eq!(show(&q), "K AH1");
    }
}
