//! A back-off n-gram model over graphone tokens: interpolated modified Kneser–Ney estimation
//! with count cut-offs (back-off weights renormalized after pruning), stored as a compact
//! trie with quantized log probabilities.

use super::table::Table;
use std::collections::HashMap;

/// Token 0: padding, never predicted.
pub const PAD: u16 = 0;
/// Token 1: start of word.
pub const BOS: u16 = 1;
/// Token 2: end of word.
pub const EOS: u16 = 2;
/// Bits of one token in an n-gram key.
const TOKEN_BITS: usize = 12;
/// Number of token ids an n-gram key can hold (ids `0 … MAX_TOKENS − 1`).
pub const MAX_TOKENS: usize = 1 << TOKEN_BITS;
/// Longest supported n-gram order (ten 12-bit tokens in a `u128` key).
pub const MAX_ORDER: usize = 128 / TOKEN_BITS;

/// Scale of quantized natural-log values (1/1024 nat resolution).
const QSCALE: f64 = 1024.0;

type Key = u128;

fn key_len(key: Key) -> usize {
    (128 - key.leading_zeros() as usize).div_ceil(TOKEN_BITS)
}

fn drop_first(key: Key) -> Key {
    let n = key_len(key);
    if n <= 1 {
        0
    } else {
        key & ((1u128 << (TOKEN_BITS * (n - 1))) - 1)
    }
}

fn context(key: Key) -> Key {
    key >> TOKEN_BITS
}

fn last(key: Key) -> u16 {
    (key as u16) & (MAX_TOKENS as u16 - 1)
}

/// One level of the trie: the n-grams of one order, sorted by (parent node, token).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Level {
    /// Last token of each n-gram.
    pub tokens: Table<u16>,
    /// Quantized −ln P(token | context) × 1024.
    pub neg_logp: Table<u16>,
    /// Quantized ln back-off weight × 1024 (empty on the top level).
    pub log_bow: Table<i16>,
    /// Index of the first child in the next level; one extra entry closes the last range
    /// (empty on the top level).
    pub child: Table<u32>,
}

/// The trained n-gram model.
#[derive(Debug, Clone, PartialEq)]
pub struct Ngram {
    /// Levels 0 (unigrams, dense: entry `i` is token `i`) to order − 1.
    pub levels: Vec<Level>,
}

impl Ngram {
    /// The model order (length of the longest n-grams).
    pub fn order(&self) -> usize {
        self.levels.len()
    }

    /// Node of the n-gram `tokens` (at level `tokens.len() − 1`), if stored.
    pub fn find(&self, tokens: &[u16]) -> Option<usize> {
        let (&first, rest) = tokens.split_first()?;
        let mut node = usize::from(first);
        if node >= self.levels.first()?.tokens.len() {
            return None;
        }
        for (depth, &t) in rest.iter().enumerate() {
            node = self.child(depth, node, t)?;
        }
        Some(node)
    }

    /// The child of `node` (at level `depth`) for token `t`.
    pub fn child(&self, depth: usize, node: usize, t: u16) -> Option<usize> {
        let level = self.levels.get(depth)?;
        let next = self.levels.get(depth + 1)?;
        let start = *level.child.get(node)? as usize;
        let end = *level.child.get(node + 1)? as usize;
        let slice = next.tokens.get(start..end)?;
        slice.binary_search(&t).ok().map(|i| start + i)
    }

    /// True when the node has children (is a context of longer n-grams).
    pub fn has_children(&self, depth: usize, node: usize) -> bool {
        let level = &self.levels[depth];
        match (level.child.get(node), level.child.get(node + 1)) {
            (Some(a), Some(b)) => b > a,
            _ => false,
        }
    }

    /// ln P(token | node) of a stored n-gram.
    pub fn logp(&self, depth: usize, node: usize) -> f32 {
        -(f32::from(self.levels[depth].neg_logp[node]) / QSCALE as f32)
    }

    /// ln back-off weight of a stored context.
    pub fn log_bow(&self, depth: usize, node: usize) -> f32 {
        f32::from(self.levels[depth].log_bow.get(node).copied().unwrap_or(0)) / QSCALE as f32
    }

    /// The stored suffixes of `history`, longest first, as (depth, node): the chain of
    /// contexts that [`Ngram::score_chain`] backs off along.
    pub fn contexts(&self, history: &[u16]) -> Vec<(usize, usize)> {
        (0..history.len())
            .filter_map(|i| self.find(&history[i..]).map(|n| (history.len() - i - 1, n)))
            .collect()
    }

    /// ln P(w | history) with back-off, given the history's [`Ngram::contexts`].
    pub fn score_chain(&self, chain: &[(usize, usize)], w: u16) -> f32 {
        let mut acc = 0.0;
        for &(depth, node) in chain {
            if let Some(c) = self.child(depth, node, w) {
                return acc + self.logp(depth + 1, c);
            }
            acc += self.log_bow(depth, node);
        }
        if usize::from(w) < self.levels[0].tokens.len() {
            acc + self.logp(0, usize::from(w))
        } else {
            acc - 64.0
        }
    }

    /// ln P(w | history) with back-off.
    pub fn score(&self, history: &[u16], w: u16) -> f32 {
        self.score_chain(&self.contexts(history), w)
    }
}

/// Options of the estimation.
#[derive(Debug, Clone)]
pub struct NgramConfig {
    /// Model order (2 … [`MAX_ORDER`]).
    pub order: usize,
    /// Minimum Kneser–Ney count to keep an n-gram, by order (index 0 = unigrams, which are
    /// always kept); n-grams that are contexts of kept longer ones are kept too.
    pub cutoffs: Vec<u32>,
    /// Weighted-difference pruning (Seymore & Rosenfeld) from order 3 up: an n-gram is
    /// dropped when count × |ln P(w|h) − ln(γ(h) P(w|h'))| is below this (0 = off).
    pub prune: f64,
}

fn discounts(counts: &HashMap<Key, u32>) -> [f64; 4] {
    let mut n = [0f64; 5];
    for &c in counts.values() {
        if (1..=4).contains(&c) {
            n[c as usize] += 1.0;
        }
    }
    if n[1] == 0.0 || n[2] == 0.0 || n[3] == 0.0 || n[4] == 0.0 {
        return [0.0, 0.5, 1.0, 1.5];
    }
    let y = n[1] / (n[1] + 2.0 * n[2]);
    let d1 = (1.0 - 2.0 * y * n[2] / n[1]).clamp(0.05, 0.95);
    let d2 = (2.0 - 3.0 * y * n[3] / n[2]).clamp(0.05, 1.95);
    let d3 = (3.0 - 4.0 * y * n[4] / n[3]).clamp(0.05, 2.95);
    [0.0, d1, d2, d3]
}

fn discount(d: &[f64; 4], c: u32) -> f64 {
    d[(c as usize).min(3)]
}

/// Estimates the model from token sequences (each `BOS … EOS`); `tokens` is the number of
/// token ids (ids are `0 … tokens − 1`, at most [`MAX_TOKENS`]).
pub fn estimate(seqs: &[Vec<u16>], tokens: usize, config: &NgramConfig) -> Ngram {
    let order = config.order.clamp(1, MAX_ORDER);
    // Raw counts of every n-gram ending at a predicted position.
    let mut raw: Vec<HashMap<Key, u32>> = vec![HashMap::new(); order];
    for seq in seqs {
        for t in 1..seq.len() {
            let mut key: Key = 0;
            for k in 1..=order.min(t + 1) {
                key |= Key::from(seq[t + 1 - k]) << (TOKEN_BITS * (k - 1));
                *raw[k - 1].entry(key).or_insert(0) += 1;
            }
        }
    }
    // Kneser–Ney counts: continuation counts below the top order, except after BOS.
    let mut kn: Vec<HashMap<Key, u32>> = vec![HashMap::new(); order];
    kn[order - 1] = std::mem::take(&mut raw[order - 1]);
    for k in (0..order - 1).rev() {
        let mut m: HashMap<Key, u32> = HashMap::new();
        for &key in kn[k + 1].keys() {
            *m.entry(drop_first(key)).or_insert(0) += 1;
        }
        for (&key, &c) in &raw[k] {
            if key >> (TOKEN_BITS * k) == Key::from(BOS) {
                m.insert(key, c);
            }
        }
        kn[k] = m;
        raw[k] = HashMap::new();
    }
    let d: Vec<[f64; 4]> = kn.iter().map(discounts).collect();

    // Interpolated probabilities.
    let mut uni = vec![0f64; tokens];
    {
        let total: f64 = kn[0]
            .iter()
            .filter(|(&k, _)| k != Key::from(BOS))
            .map(|(_, &c)| f64::from(c))
            .sum::<f64>()
            .max(1.0);
        let mut gamma = 0.0;
        for (&key, &c) in &kn[0] {
            if key != Key::from(BOS) {
                let dc = discount(&d[0], c).min(f64::from(c));
                uni[key as usize] = (f64::from(c) - dc) / total;
                gamma += dc / total;
            }
        }
        let v = tokens.saturating_sub(2).max(1) as f64;
        for (t, p) in uni.iter_mut().enumerate() {
            if t as u16 != PAD && t as u16 != BOS {
                *p += gamma / v;
            }
        }
    }
    let mut prob: Vec<HashMap<Key, f64>> = vec![HashMap::new(); order];
    let mut gain: Vec<HashMap<Key, f64>> = vec![HashMap::new(); order];
    for k in 1..order {
        let mut stats: HashMap<Key, [f64; 4]> = HashMap::new();
        for (&key, &c) in &kn[k] {
            let s = stats.entry(context(key)).or_insert([0.0; 4]);
            s[0] += f64::from(c);
            s[(c as usize).min(3)] += 1.0;
        }
        let mut pk = HashMap::with_capacity(kn[k].len());
        for (&key, &c) in &kn[k] {
            let s = stats[&context(key)];
            let gamma = (d[k][1] * s[1] + d[k][2] * s[2] + d[k][3] * s[3]) / s[0];
            let lower = lower_prob(&prob, &uni, drop_first(key));
            let p = (f64::from(c) - discount(&d[k], c)).max(0.0) / s[0] + gamma * lower;
            pk.insert(key, p);
            if k >= 2 && config.prune > 0.0 {
                let diff = (p.ln() - (gamma * lower).ln()).abs();
                gain[k].insert(key, f64::from(c) * diff);
            }
        }
        prob[k] = pk;
    }

    // Pruning, top down: keep by count, and every context of a kept n-gram.
    let mut kept: Vec<Vec<Key>> = vec![Vec::new(); order];
    let mut needed: std::collections::HashSet<Key> = std::collections::HashSet::new();
    for k in (1..order).rev() {
        let cut = config.cutoffs.get(k).copied().unwrap_or(1);
        let mut keys: Vec<Key> = kn[k]
            .iter()
            .filter(|(key, &c)| {
                let worth = gain[k].get(*key).is_none_or(|&g| g >= config.prune);
                (c >= cut && worth) || needed.contains(*key)
            })
            .map(|(&key, _)| key)
            .collect();
        keys.sort_unstable();
        needed = keys.iter().map(|&k| context(k)).collect();
        kept[k] = keys;
    }
    let kept_set: Vec<std::collections::HashSet<Key>> =
        kept.iter().map(|v| v.iter().copied().collect()).collect();

    // Back-off weights, renormalized over the pruned model, shortest contexts first.
    let mut bows: Vec<HashMap<Key, f64>> = vec![HashMap::new(); order];
    for k in 1..order {
        let mut sums: HashMap<Key, (f64, f64)> = HashMap::new();
        for &key in &kept[k] {
            let ctx = context(key);
            let p = prob[k][&key];
            let lower = backoff_prob(&prob, &uni, &kept_set, &bows, drop_first(key));
            let s = sums.entry(ctx).or_insert((0.0, 0.0));
            s.0 += p;
            s.1 += lower;
        }
        for (ctx, (p, lower)) in sums {
            let bow = (1.0 - p).max(1e-9) / (1.0 - lower).max(1e-9);
            bows[k - 1].insert(ctx, bow);
        }
    }
    build_trie(tokens, order, &uni, &prob, &kept, &bows)
}

fn lower_prob(prob: &[HashMap<Key, f64>], uni: &[f64], key: Key) -> f64 {
    let n = key_len(key);
    if n <= 1 {
        uni.get(key as usize).copied().unwrap_or(0.0)
    } else {
        prob[n - 1].get(&key).copied().unwrap_or(0.0)
    }
}

/// P(last | rest) under the pruned back-off model.
fn backoff_prob(
    prob: &[HashMap<Key, f64>],
    uni: &[f64],
    kept: &[std::collections::HashSet<Key>],
    bows: &[HashMap<Key, f64>],
    key: Key,
) -> f64 {
    let n = key_len(key);
    if n <= 1 {
        return uni.get(key as usize).copied().unwrap_or(0.0);
    }
    if kept[n - 1].contains(&key) {
        return prob[n - 1][&key];
    }
    let bow = bows[n - 2].get(&context(key)).copied().unwrap_or(1.0);
    bow * backoff_prob(prob, uni, kept, bows, drop_first(key))
}

fn quant_neg_logp(p: f64) -> u16 {
    if p <= 0.0 {
        return u16::MAX;
    }
    (-p.ln() * QSCALE).round().clamp(0.0, f64::from(u16::MAX)) as u16
}

fn quant_log_bow(b: f64) -> i16 {
    (b.ln() * QSCALE)
        .round()
        .clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16
}

fn build_trie(
    tokens: usize,
    order: usize,
    uni: &[f64],
    prob: &[HashMap<Key, f64>],
    kept: &[Vec<Key>],
    bows: &[HashMap<Key, f64>],
) -> Ngram {
    let mut levels: Vec<Level> = Vec::with_capacity(order);
    let mut index: HashMap<Key, u32> = HashMap::new();
    // Level 0: dense.
    levels.push(Level {
        tokens: (0..tokens as u16).collect(),
        neg_logp: uni.iter().map(|&p| quant_neg_logp(p)).collect(),
        log_bow: (0..tokens)
            .map(|t| quant_log_bow(bows[0].get(&(t as Key)).copied().unwrap_or(1.0)))
            .collect(),
        child: Table::default(),
    });
    let mut parent_index: HashMap<Key, u32> =
        (0..tokens as u32).map(|t| (Key::from(t), t)).collect();
    for k in 1..order {
        let mut entries: Vec<(u32, u16, Key)> = kept[k]
            .iter()
            .filter_map(|&key| {
                parent_index
                    .get(&context(key))
                    .map(|&p| (p, last(key), key))
            })
            .collect();
        entries.sort_unstable();
        let parents = levels[k - 1].tokens.len();
        let mut child = Vec::with_capacity(parents + 1);
        let mut e = 0usize;
        for p in 0..parents as u32 {
            while e < entries.len() && entries[e].0 < p {
                e += 1;
            }
            child.push(e as u32);
        }
        child.push(entries.len() as u32);
        levels[k - 1].child = child.into();
        index.clear();
        let top = k == order - 1;
        let (mut tokens, mut neg_logp, mut log_bow) = (Vec::new(), Vec::new(), Vec::new());
        for (i, &(_, t, key)) in entries.iter().enumerate() {
            tokens.push(t);
            neg_logp.push(quant_neg_logp(prob[k][&key]));
            if !top {
                log_bow.push(quant_log_bow(bows[k].get(&key).copied().unwrap_or(1.0)));
            }
            index.insert(key, i as u32);
        }
        levels.push(Level {
            tokens: tokens.into(),
            neg_logp: neg_logp.into(),
            log_bow: log_bow.into(),
            child: Table::default(),
        });
        parent_index = std::mem::take(&mut index);
    }
    Ngram { levels }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_pack_and_unpack() {
        let b = TOKEN_BITS;
        let key: Key = (5u128 << (2 * b)) | (7 << b) | 9;
        assert_eq!(key_len(key), 3);
        assert_eq!(drop_first(key), (7 << b) | 9);
        assert_eq!(context(key), (5 << b) | 7);
        assert_eq!(last(key), 9);
        assert_eq!(drop_first(9), 0);
    }

    #[test]
    fn a_small_model_prefers_what_it_saw() {
        let seqs = vec![
            vec![BOS, 3, 4, EOS],
            vec![BOS, 3, 4, EOS],
            vec![BOS, 5, 4, EOS],
        ];
        let config = NgramConfig {
            order: 3,
            cutoffs: vec![1, 1, 1],
            prune: 0.0,
        };
        let m = estimate(&seqs, 6, &config);
        assert_eq!(m.order(), 3);
        assert!(m.score(&[BOS], 3) > m.score(&[BOS], 5));
        assert!(m.score(&[BOS, 3], 4) > m.score(&[BOS, 3], 3));
        assert!(m.score(&[3, 4], EOS) > -0.5);
    }
}
