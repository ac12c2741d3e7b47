//! A neural letter classifier for the letter-to-sound decoder: a bidirectional LSTM (Hochreiter
//! & Schmidhuber 1997; Graves & Schmidhuber 2005) over the letters of the whole word gives
//! each letter's graphone a probability among that letter's graphones.
//!
//! The n-gram ([`super::ngram`]) and the look-ahead classifier ([`super::maxent`]) see a few
//! letters around the one they predict; this model reads the whole word in both directions, so
//! it sees what the word's other syllables say (a name's origin, where the stress falls). The
//! decoder adds `weight × ln P(graphone | word)` to the other scores. The probabilities do not
//! depend on the hypothesis, so they are computed once per word (about 0.1 ms).
//!
//! It is trained outside aloud (`tools/lts-neural/train.py`, PyTorch) on the alignments of
//! `aloud lexicon train-lts --alignments`, and stored as the model file's `NEURAL` section
//! (layout in `Neural::read`); inference here is `f32` arithmetic in a fixed order
//! (`super::kernels`).

use super::kernels::{affine, affine_each, dot, dot4};
use super::letters::{self, LETTERS};
use super::table::{Source, Table};

/// Largest dimension a stored network may declare (embedding, hidden size).
const MAX_DIM: usize = 1024;
/// Most layers a stored network may declare.
const MAX_LAYERS: usize = 4;

/// One direction of one LSTM layer (gates in the order input, forget, cell, output).
#[derive(Debug, Clone)]
struct Cell {
    /// Input size.
    input: usize,
    /// `4 hidden × input`, row-major.
    w_ih: Table<f32>,
    /// `4 hidden × hidden`, row-major.
    w_hh: Table<f32>,
    /// `4 hidden` (input and recurrent biases added).
    bias: Table<f32>,
}

/// The hidden layer that also sees the hypothesis: `tanh(pre × encoding + bias + prev1[g₋₁] +
/// prev2[g₋₂] + stressed[s])`, each table `… × size`.
#[derive(Debug, Clone)]
struct Context {
    size: usize,
    /// `size × 2 hidden`, row-major, then its `size` biases.
    pre: Table<f32>,
    pre_b: Table<f32>,
    prev1: Table<f32>,
    prev2: Table<f32>,
    stressed: Table<f32>,
}

/// The neural letter classifier.
#[derive(Debug, Clone)]
pub struct Neural {
    /// Weight of its ln P in the decoder's score.
    pub weight: f32,
    hidden: usize,
    /// Letter embeddings, `LETTERS × emb`.
    embeddings: Table<f32>,
    /// Two cells (forward, backward) per layer.
    cells: Vec<Cell>,
    /// The first layer's input projections (`w_ih × embedding + bias`) by letter symbol and
    /// direction: `LETTERS × 2 × 4 hidden`.
    first: Vec<f32>,
    /// The hidden layer over the encoding and the hypothesis, if the network has one.
    context: Option<Context>,
    /// `vocab × 2 hidden` (`vocab × context size` with a context layer): the output layer,
    /// row = graphone token.
    out_w: Table<f32>,
    out_b: Table<f32>,
}

/// Why a `NEURAL` section was refused.
pub type Refusal = &'static str;

/// Little-endian `f32` reader over a section's bytes (from byte `at` of the model file).
struct Floats<'a> {
    source: Source<'a>,
    at: usize,
}

impl Floats<'_> {
    fn u32(&mut self) -> Result<u32, Refusal> {
        let b = self
            .source
            .data
            .get(self.at..self.at + 4)
            .ok_or("truncated neural section")?;
        self.at += 4;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// The next `n` values, used where they lie in the model file's map when they are aligned
    /// there ([`Table`]).
    fn take(&mut self, n: usize) -> Result<Table<f32>, Refusal> {
        let end = n
            .checked_mul(4)
            .and_then(|b| b.checked_add(self.at))
            .ok_or("neural section size overflow")?;
        if end > self.source.data.len() {
            return Err("truncated neural section");
        }
        let v = Table::read(self.source, self.at, n, f32::from_le_bytes);
        self.at = end;
        if v.iter().any(|x| !x.is_finite()) {
            return Err("neural weight not finite");
        }
        Ok(v)
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

impl Neural {
    /// Reads the section after its `NEURAL` tag: `u32` version (1), embedding size, hidden
    /// size, layers, vocabulary (graphone tokens, i.e. graphones + 3), a reserved 0; the
    /// decoder weight (`f32`); then `f32` arrays: the letter embeddings (`28 × emb`), for each
    /// layer and direction (forward, backward) `w_ih` (`4h × in`), `w_hh` (`4h × h`) and the
    /// summed biases (`4h`), and the output layer (`vocab × 2h`, then `vocab` biases).
    /// The section starts at byte `at` of the model file `source`. Returns the network and
    /// the bytes read.
    pub(super) fn read(
        source: Source<'_>,
        at: usize,
        tokens: usize,
    ) -> Result<(Neural, usize), Refusal> {
        let mut r = Floats { source, at };
        let version = r.u32()?;
        if version != 1 {
            return Err("unknown neural section version");
        }
        let [emb, hidden, layers, vocab, context] = [0; 5].map(|_| r.u32().map(|v| v as usize));
        let (emb, hidden, layers, vocab, context) = (emb?, hidden?, layers?, vocab?, context?);
        if !(1..=MAX_DIM).contains(&emb)
            || !(1..=MAX_DIM).contains(&hidden)
            || !(1..=MAX_LAYERS).contains(&layers)
            || context > MAX_DIM
        {
            return Err("neural dimensions out of range");
        }
        if vocab != tokens {
            return Err("neural vocabulary does not match the graphone count");
        }
        let weight = r.take(1)?[0];
        let embeddings = r.take(LETTERS * emb)?;
        let mut cells = Vec::with_capacity(2 * layers);
        for layer in 0..layers {
            let input = if layer == 0 { emb } else { 2 * hidden };
            for _ in 0..2 {
                cells.push(Cell {
                    input,
                    w_ih: r.take(4 * hidden * input)?,
                    w_hh: r.take(4 * hidden * hidden)?,
                    bias: r.take(4 * hidden)?,
                });
            }
        }
        let context = match context {
            0 => None,
            size => Some(Context {
                size,
                pre: r.take(size * 2 * hidden)?,
                pre_b: r.take(size)?,
                prev1: r.take(vocab * size)?,
                prev2: r.take(vocab * size)?,
                stressed: r.take(2 * size)?,
            }),
        };
        let width = context.as_ref().map_or(2 * hidden, |c| c.size);
        let out_w = r.take(vocab * width)?;
        let out_b = r.take(vocab)?;
        let mut first = vec![0.0; LETTERS * 2 * 4 * hidden];
        for (s, block) in first.chunks_exact_mut(2 * 4 * hidden).enumerate() {
            let e = &embeddings[s * emb..(s + 1) * emb];
            for (cell, out) in cells[..2].iter().zip(block.chunks_exact_mut(4 * hidden)) {
                out.copy_from_slice(&cell.bias);
                affine(&cell.w_ih, e, out);
            }
        }
        let net = Neural {
            weight,
            hidden,
            embeddings,
            cells,
            first,
            context,
            out_w,
            out_b,
        };
        Ok((net, r.at - at))
    }

    /// Appends the section as `Neural::read` reads it (without the tag).
    pub fn write(&self, out: &mut Vec<u8>) {
        let emb = self.embeddings.len() / LETTERS;
        let size = self.context.as_ref().map_or(0, |c| c.size);
        let layers = self.cells.len() / 2;
        let dims = [1, emb, self.hidden, layers, self.out_b.len(), size];
        for d in dims {
            out.extend_from_slice(&(d as u32).to_le_bytes());
        }
        let mut arrays: Vec<&[f32]> = vec![std::slice::from_ref(&self.weight), &self.embeddings];
        for c in &self.cells {
            arrays.extend([&c.w_ih[..], &c.w_hh[..], &c.bias[..]]);
        }
        if let Some(c) = &self.context {
            arrays.extend([&c.pre[..], &c.pre_b, &c.prev1, &c.prev2, &c.stressed]);
        }
        arrays.extend([&self.out_w[..], &self.out_b[..]]);
        for a in arrays {
            for x in a {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
    }

    /// Runs one direction of one layer over the inputs' projections `pre` (`n × 4h`, biases
    /// included), writing its hidden states into `out` (`n × 2h`) at offset `side × h`.
    fn run(&self, cell: &Cell, pre: &[f32], backward: bool, out: &mut [f32]) {
        let h = self.hidden;
        let n = pre.len() / (4 * h);
        let (mut state, mut c, mut gates) = (vec![0.0; h], vec![0.0; h], vec![0.0; 4 * h]);
        for step in 0..n {
            let t = if backward { n - 1 - step } else { step };
            gates.copy_from_slice(&pre[t * 4 * h..(t + 1) * 4 * h]);
            if step > 0 {
                affine(&cell.w_hh, &state, &mut gates);
            }
            for k in 0..h {
                let i = sigmoid(gates[k]);
                let f = sigmoid(gates[h + k]);
                let g = gates[2 * h + k].tanh();
                let o = sigmoid(gates[3 * h + k]);
                c[k] = f * c[k] + i * g;
                state[k] = o * c[k].tanh();
            }
            let at = t * 2 * h + usize::from(backward) * h;
            out[at..at + h].copy_from_slice(&state);
        }
    }

    /// Bytes of its weights used where they lie in the model file's map (see `table.rs`).
    pub fn mapped_bytes(&self) -> usize {
        let mut tables: Vec<&Table<f32>> = vec![&self.embeddings, &self.out_w, &self.out_b];
        for c in &self.cells {
            tables.extend([&c.w_ih, &c.w_hh, &c.bias]);
        }
        if let Some(c) = &self.context {
            tables.extend([&c.pre, &c.pre_b, &c.prev1, &c.prev2, &c.stressed]);
        }
        tables.iter().map(|t| t.mapped_bytes()).sum()
    }

    /// Whether the network's output depends on the hypothesis (its previous graphones).
    pub fn has_context(&self) -> bool {
        self.context.is_some()
    }

    /// ln P of each candidate graphone of each letter of `symbols` (letter symbols 1–27):
    /// `result[i][k]` for the `k`-th token of `by_chunk[chunk_code(symbols[i], None)]`.
    /// For a network without a context layer (for one with, see [`Neural::encode`]).
    pub fn log_probs(&self, symbols: &[u8], by_chunk: &[Vec<u16>]) -> Vec<Vec<f32>> {
        let states = self.states(symbols);
        let w = 2 * self.hidden;
        symbols
            .iter()
            .enumerate()
            .map(|(t, &s)| {
                let mut out = Vec::new();
                let tokens = &by_chunk[letters::chunk_code(s, None)];
                self.output(&states[t * w..(t + 1) * w], tokens, &mut out);
                out
            })
            .collect()
    }

    /// The context layer's input from the letters, per letter (`n × size`, biases included);
    /// empty for a network without a context layer.
    pub fn encode(&self, symbols: &[u8]) -> Vec<f32> {
        let Some(c) = &self.context else {
            return Vec::new();
        };
        let states = self.states(symbols);
        let w = 2 * self.hidden;
        let mut pre = Vec::with_capacity(symbols.len() * c.size);
        for x in states.chunks_exact(w) {
            let at = pre.len();
            pre.extend_from_slice(&c.pre_b);
            affine(&c.pre, x, &mut pre[at..]);
        }
        pre
    }

    /// ln P of `tokens` (a letter's candidates) at a letter whose [`Neural::encode`] row is
    /// `pre`, after the graphones `prev` (last first) and with a primary stress before or not.
    pub fn context_log_probs(
        &self,
        pre: &[f32],
        prev: [u16; 2],
        stressed: bool,
        tokens: &[u16],
        hidden: &mut Vec<f32>,
        out: &mut Vec<f32>,
    ) {
        let Some(c) = &self.context else {
            return;
        };
        let (p1, p2) = (usize::from(prev[0]), usize::from(prev[1]));
        let s = usize::from(stressed);
        hidden.clear();
        hidden.extend((0..c.size).map(|k| {
            (pre[k]
                + c.prev1.get(p1 * c.size + k).copied().unwrap_or(0.0)
                + c.prev2.get(p2 * c.size + k).copied().unwrap_or(0.0)
                + c.stressed[s * c.size + k])
                .tanh()
        }));
        self.output(hidden, tokens, out);
    }

    /// Log-softmax of the output layer over `tokens`, from its input `x`.
    fn output(&self, x: &[f32], tokens: &[u16], out: &mut Vec<f32>) {
        let w = x.len();
        out.clear();
        let row = |tok: u16| &self.out_w[usize::from(tok) * w..(usize::from(tok) + 1) * w];
        let quads = tokens.chunks_exact(4);
        let rest = quads.remainder();
        for quad in quads {
            let sums = dot4(std::array::from_fn(|i| row(quad[i])), x);
            out.extend(
                quad.iter()
                    .zip(sums)
                    .map(|(&tok, s)| self.out_b[usize::from(tok)] + s),
            );
        }
        out.extend(
            rest.iter()
                .map(|&tok| self.out_b[usize::from(tok)] + dot(row(tok), x)),
        );
        let top = out.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let norm = top + out.iter().map(|l| (l - top).exp()).sum::<f32>().ln();
        out.iter_mut().for_each(|l| *l -= norm);
    }

    /// The top layer's hidden states (`n × 2 hidden`).
    fn states(&self, symbols: &[u8]) -> Vec<f32> {
        let (h, n) = (self.hidden, symbols.len());
        let mut states = vec![0.0; n * 2 * h];
        let mut pre = vec![0.0; n * 4 * h];
        for (layer, pair) in self.cells.chunks_exact(2).enumerate() {
            let input = std::mem::take(&mut states);
            states = vec![0.0; n * 2 * h];
            for (side, cell) in pair.iter().enumerate() {
                if layer == 0 {
                    for (p, &s) in pre.chunks_exact_mut(4 * h).zip(symbols) {
                        let at = (usize::from(s).min(LETTERS - 1) * 2 + side) * 4 * h;
                        p.copy_from_slice(&self.first[at..at + 4 * h]);
                    }
                } else {
                    for p in pre.chunks_exact_mut(4 * h) {
                        p.copy_from_slice(&cell.bias);
                    }
                    affine_each(&cell.w_ih, cell.input, &input, &mut pre);
                }
                self.run(cell, &pre, side == 1, &mut states);
            }
        }
        states
    }
}

#[cfg(test)]
mod tests {
    use super::super::splitmix::SplitMix;
    use super::*;

    /// The section in `bytes` read from plain bytes (no map).
    fn read(bytes: &[u8], tokens: usize) -> Result<(Neural, usize), Refusal> {
        Neural::read(
            Source {
                data: bytes,
                map: None,
            },
            0,
            tokens,
        )
    }

    /// A `NEURAL` section (without its tag) with seeded random weights in [-0.5, 0.5).
    fn random_section(
        emb: usize,
        hidden: usize,
        layers: usize,
        vocab: usize,
        context: usize,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        for d in [1, emb, hidden, layers, vocab, context] {
            out.extend_from_slice(&(d as u32).to_le_bytes());
        }
        let width = if context > 0 { context } else { 2 * hidden };
        let mut count = 1 + LETTERS * emb + vocab * width + vocab;
        if context > 0 {
            count += context * (2 * hidden + 1 + 2 * vocab + 2);
        }
        for layer in 0..layers {
            let input = if layer == 0 { emb } else { 2 * hidden };
            count += 2 * (4 * hidden * (input + hidden + 1));
        }
        let mut rng = SplitMix(5);
        for _ in 0..count {
            let x = (rng.next() >> 40) as f32 / (1u64 << 24) as f32 - 0.5;
            out.extend_from_slice(&x.to_le_bytes());
        }
        out
    }

    /// Every token of `vocab` as a candidate of letter `a` (symbol 1), the rest empty.
    fn chunks(vocab: usize) -> Vec<Vec<u16>> {
        let mut by_chunk = vec![Vec::new(); letters::LETTER_CHUNKS];
        for s in 1..LETTERS as u8 {
            by_chunk[letters::chunk_code(s, None)] = (3..vocab as u16).collect();
        }
        by_chunk
    }

    #[test]
    fn a_section_round_trips_and_gives_distributions() {
        let bytes = random_section(5, 6, 2, 9, 0);
        let (net, used) = read(&bytes, 9).unwrap();
        assert_eq!(used, bytes.len());
        let mut again = Vec::new();
        net.write(&mut again);
        assert!(again == bytes, "the section is written back as read");
        let lp = net.log_probs(&[1, 2, 27, 3], &chunks(9));
        assert_eq!(lp.len(), 4);
        for letter in &lp {
            assert_eq!(letter.len(), 6);
            let total: f32 = letter.iter().map(|x| x.exp()).sum();
            assert!((total - 1.0).abs() < 1e-5, "{total}");
        }
        // A bidirectional model: a letter's distribution depends on the letters after it.
        let other = net.log_probs(&[1, 2, 27, 4], &chunks(9));
        assert_ne!(lp[0], other[0]);
        assert!(net.log_probs(&[], &chunks(9)).is_empty());
    }

    #[test]
    fn a_context_layer_round_trips_and_depends_on_the_hypothesis() {
        let bytes = random_section(5, 6, 1, 9, 4);
        let (net, used) = read(&bytes, 9).unwrap();
        assert_eq!(used, bytes.len());
        assert!(net.has_context());
        let mut again = Vec::new();
        net.write(&mut again);
        let first = again.iter().zip(&bytes).position(|(a, b)| a != b);
        assert!(
            again == bytes,
            "{} / {} bytes, first difference at {first:?}",
            again.len(),
            bytes.len()
        );
        let pre = net.encode(&[1, 2, 3]);
        assert_eq!(pre.len(), 3 * 4);
        let tokens: Vec<u16> = (3..9).collect();
        let (mut hidden, mut a, mut b) = (Vec::new(), Vec::new(), Vec::new());
        net.context_log_probs(&pre[4..8], [4, 1], false, &tokens, &mut hidden, &mut a);
        let total: f32 = a.iter().map(|x| x.exp()).sum();
        assert!((total - 1.0).abs() < 1e-5, "{total}");
        net.context_log_probs(&pre[4..8], [5, 1], false, &tokens, &mut hidden, &mut b);
        assert_ne!(a, b, "the previous graphone counts");
        net.context_log_probs(&pre[4..8], [4, 1], true, &tokens, &mut hidden, &mut b);
        assert_ne!(a, b, "the stress before counts");
    }

    #[test]
    fn a_bad_section_is_refused_with_a_reason() {
        let bytes = random_section(4, 4, 1, 7, 3);
        let short = read(&bytes[..bytes.len() - 1], 7).unwrap_err();
        assert_eq!(short, "truncated neural section");
        assert_eq!(
            read(&bytes, 8).unwrap_err(),
            "neural vocabulary does not match the graphone count"
        );
        let mut v2 = bytes.clone();
        v2[0] = 2;
        assert_eq!(read(&v2, 7).unwrap_err(), "unknown neural section version");
        let mut huge = bytes.clone();
        huge[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            read(&huge, 7).unwrap_err(),
            "neural dimensions out of range"
        );
        let mut nan = bytes;
        let at = 6 * 4 + 4; // the first embedding weight
        nan[at..at + 4].copy_from_slice(&f32::NAN.to_le_bytes());
        assert_eq!(read(&nan, 7).unwrap_err(), "neural weight not finite");
    }

    /// The committed model's network gives what PyTorch gave for these words when it was
    /// trained (`train.py --probe`: each letter's best graphone token and its ln P).
    #[test]
    fn the_committed_network_reproduces_pytorch() {
        let lts = crate::phonetics::lts::Lts::load_default().unwrap();
        let net = lts
            .neural
            .first()
            .expect("the committed model has a network");
        let expected: [(&str, &[(u16, f32)]); 3] = [
            (
                "kubernetes",
                &[
                    (26, -0.00000),
                    (136, -0.94903),
                    (4, -0.00000),
                    (12, -0.00017),
                    (38, -0.01018),
                    (25, -0.00487),
                    (82, -0.79720),
                    (7, -0.00371),
                    (12, -0.03571),
                    (15, -0.29263),
                ],
            ),
            (
                "cochabamba",
                &[
                    (8, -0.00036),
                    (46, -0.28877),
                    (8, -0.74830),
                    (39, -0.00080),
                    (9, -0.05025),
                    (4, -0.00002),
                    (42, -0.43956),
                    (18, -0.00002),
                    (4, -0.00010),
                    (9, -0.01729),
                ],
            ),
            (
                "phoebe",
                &[
                    (141, -0.00018),
                    (39, -0.00027),
                    (5, -0.25658),
                    (82, -0.77885),
                    (4, -0.00174),
                    (12, -0.10269),
                ],
            ),
        ];
        for (word, best) in expected {
            let symbols: Vec<u8> = word.bytes().filter_map(letters::letter_symbol).collect();
            let lp = net.log_probs(&symbols, &lts.by_chunk);
            for (i, (&s, &(token, value))) in symbols.iter().zip(best).enumerate() {
                let tokens = &lts.by_chunk[letters::chunk_code(s, None)];
                let k = (0..tokens.len())
                    .max_by(|&a, &b| lp[i][a].total_cmp(&lp[i][b]))
                    .unwrap();
                assert_eq!(tokens[k], token, "{word}, letter {i}");
                assert!(
                    (lp[i][k] - value).abs() < 1e-4,
                    "{word}, letter {i}: {}",
                    lp[i][k]
                );
            }
        }
    }

    #[test]
    fn a_model_file_is_used_in_place_and_predicts_as_a_copy_of_it_does() {
        use crate::phonetics::lts::Lts;
        let committed = Lts::load_default().unwrap();
        // The committed file: the look-ahead table and every network weight in place.
        let neural: usize = committed.neural.iter().map(|n| n.mapped_bytes()).sum();
        assert!(
            neural > 9_000_000,
            "{neural} bytes of the networks in place"
        );
        let bytes = committed.to_bytes();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lts.bin");
        std::fs::write(&path, &bytes).unwrap();
        let mapped = Lts::load(&path).unwrap();
        let copied = Lts::from_bytes(&bytes, &path).unwrap();
        assert_eq!(mapped.mapped_bytes(), committed.mapped_bytes());
        assert_eq!(copied.mapped_bytes(), 0);
        // A file written before the padding (one NUL after the header) reads the same, copied
        // where its arrays are not aligned.
        let nul = bytes.iter().position(|&b| b == 0).unwrap();
        let pad = bytes[nul..].iter().take_while(|&&b| b == 0).count() - 1;
        assert!(pad <= 3);
        let mut unpadded = bytes[..nul + 1].to_vec();
        unpadded.extend_from_slice(&bytes[nul + 1 + pad..]);
        let old_path = dir.path().join("old.bin");
        std::fs::write(&old_path, &unpadded).unwrap();
        let old = Lts::load(&old_path).unwrap();
        if pad > 0 {
            assert!(old.mapped_bytes() < mapped.mapped_bytes());
        }
        for word in ["llorenti", "kawsachun", "almagro", "zyxquor", "escalante"] {
            let want = copied.pronounce(word);
            assert_eq!(mapped.pronounce(word), want, "{word}");
            assert_eq!(old.pronounce(word), want, "{word}");
        }
        assert_eq!(old.to_bytes(), bytes);
    }

    #[test]
    fn a_model_file_with_networks_round_trips() {
        let lts = crate::phonetics::lts::Lts::load_default().unwrap();
        let bytes = lts.to_bytes();
        let again = crate::phonetics::lts::Lts::from_bytes(&bytes, std::path::Path::new("x"));
        assert_eq!(again.unwrap().to_bytes(), bytes);
        let path = std::path::Path::new("short.bin");
        let err = crate::phonetics::lts::Lts::from_bytes(&bytes[..bytes.len() - 10], path)
            .unwrap_err()
            .to_string();
        assert!(err.contains("truncated neural section"), "{err}");
    }
}
