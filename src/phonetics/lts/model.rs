//! The letter-to-sound model file: header, graphone inventory and n-gram trie.
//!
//! Layout: the text header (`ALOUD-LTS 1` and `#` lines saying where the model comes from), a NUL
//! byte and up to three more (so that the neural classifier's `f32` arrays start at a multiple of 4
//! bytes and can be used where they lie in the file's map, see `table.rs`; files written before
//! have one), then little-endian integers: order, graphone count, the graphones (letter symbol 1,
//! letter symbol 2 or 0, phone count, phone codes ×2 — five bytes each), and for each trie level
//! its entry count, tokens (`u16`), negative log probabilities (`u16`), back-off weights (`i16`)
//! and child offsets (`u32`, count + 1) — the last two only below the top level. An optional
//! look-ahead classifier ([`Maxent`]) follows: the bytes `MAXEN2`, window, span, history, bag,
//! shape and table bits (`u8` each), its weight and weight scale (`f32`), and 2^bits weights
//! (`i8`). Files written before the syllable features have the bytes `MAXENT` and no shape byte;
//! they read as shape 0 (an older aloud refuses a `MAXEN2` file with "unexpected data after the
//! last level").

use super::maxent::{Features, Maxent};
use super::neural::Neural;
use super::ngram::{Level, Ngram, MAX_ORDER};
use super::table::{Source, Table};
use crate::phonetics::error::{PhoneticsError, Result};
use crate::phonetics::phone::Phoneme;
use std::path::Path;

pub(crate) const MAGIC: &[u8] = b"ALOUD-LTS 1\n";
const MAXENT_TAG: &[u8] = b"MAXENT";
/// The classifier section since the syllable features (one more feature byte, `shape`).
const MAXENT2_TAG: &[u8] = b"MAXEN2";
/// The neural letter classifier's section (written by `tools/lts-neural/train.py`).
const NEURAL_TAG: &[u8] = b"NEURAL";
/// Largest weight table a model may hold (2^bits entries).
pub const MAX_TABLE_BITS: u8 = 26;

/// One graphone: one or two letters pronounced as zero to two phones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Graphone {
    /// Letter symbols (second is 0 for a one-letter graphone).
    pub letters: [u8; 2],
    /// Number of phones (0–2).
    pub len: u8,
    /// Phone codes ([`Phoneme::code`]).
    pub phones: [u8; 2],
}

impl Graphone {
    /// The phones of this graphone.
    pub fn phonemes(&self) -> impl Iterator<Item = Phoneme> + '_ {
        self.phones[..usize::from(self.len.min(2))]
            .iter()
            .filter_map(|&c| Phoneme::from_code(c))
    }
}

/// Serializes a model.
pub fn write(
    header: &str,
    graphones: &[Graphone],
    ngram: &Ngram,
    maxent: Option<&Maxent>,
    neural: &[Neural],
) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(&(ngram.order() as u32).to_le_bytes());
    body.extend_from_slice(&(graphones.len() as u32).to_le_bytes());
    for g in graphones {
        body.extend_from_slice(&[g.letters[0], g.letters[1], g.len, g.phones[0], g.phones[1]]);
    }
    for (depth, level) in ngram.levels.iter().enumerate() {
        body.extend_from_slice(&(level.tokens.len() as u32).to_le_bytes());
        for &t in &level.tokens {
            body.extend_from_slice(&t.to_le_bytes());
        }
        for &p in &level.neg_logp {
            body.extend_from_slice(&p.to_le_bytes());
        }
        if depth + 1 < ngram.order() {
            for &b in &level.log_bow {
                body.extend_from_slice(&b.to_le_bytes());
            }
            for &c in &level.child {
                body.extend_from_slice(&c.to_le_bytes());
            }
        }
    }
    if let Some(m) = maxent {
        body.extend_from_slice(MAXENT2_TAG);
        let bits = m.weights.len().trailing_zeros() as u8;
        let f = &m.features;
        body.extend_from_slice(&[f.window, f.span, f.history, f.bag, f.shape, bits]);
        body.extend_from_slice(&m.weight.to_le_bytes());
        body.extend_from_slice(&m.scale.to_le_bytes());
        body.extend_from_slice(bytemuck::cast_slice(&m.weights));
    }
    // The NUL bytes after the header: enough that the first neural section's arrays (after
    // its tag and six `u32`), or those of one appended later (`tools/lts-neural`), start at a
    // multiple of 4.
    let first_neural = body.len();
    for n in neural {
        body.extend_from_slice(NEURAL_TAG);
        n.write(&mut body);
    }
    let before = MAGIC.len() + header.len() + 1;
    let pad = (4 - (before + first_neural + NEURAL_TAG.len() + 24) % 4) % 4;
    let mut file = Vec::with_capacity(before + pad + body.len());
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(header.as_bytes());
    file.resize(before + pad, 0);
    file.extend_from_slice(&body);
    file
}

struct Reader<'a> {
    source: Source<'a>,
    at: usize,
    path: &'a Path,
}

impl Reader<'_> {
    fn bad(&self, why: &'static str) -> PhoneticsError {
        PhoneticsError::Format {
            path: self.path.to_path_buf(),
            offset: self.at,
            why,
        }
    }

    fn bytes(&mut self, n: usize) -> Result<&[u8]> {
        let end = self
            .at
            .checked_add(n)
            .ok_or_else(|| self.bad("size overflow"))?;
        let s = self
            .source
            .data
            .get(self.at..end)
            .ok_or_else(|| self.bad("truncated file"))?;
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn vec<T: bytemuck::Pod, const N: usize>(
        &mut self,
        n: usize,
        f: fn([u8; N]) -> T,
    ) -> Result<Vec<T>> {
        let b = self.bytes(n.checked_mul(N).ok_or_else(|| self.bad("size overflow"))?)?;
        Ok(from_le(b, f))
    }

    /// The next `n` values as a [`Table`] (in place in the file's map where they can be).
    fn table<T: bytemuck::Pod, const N: usize>(
        &mut self,
        n: usize,
        f: fn([u8; N]) -> T,
    ) -> Result<Table<T>> {
        let start = self.at;
        self.bytes(n.checked_mul(N).ok_or_else(|| self.bad("size overflow"))?)?;
        Ok(Table::read(self.source, start, n, f))
    }
}

/// The little-endian values `f` reads from each `N` bytes of `b`, in order. On a
/// little-endian processor, where those bytes are the values' own, one copy of the bytes
/// into the new vector (a `memcpy`, not a loop over the values).
pub(super) fn from_le<T: bytemuck::Pod, const N: usize>(b: &[u8], f: fn([u8; N]) -> T) -> Vec<T> {
    if cfg!(target_endian = "little") && std::mem::size_of::<T>() == N {
        let n = b.len() / N;
        let mut v: Vec<T> = Vec::with_capacity(n);
        // SAFETY: `T` is `Pod` (every byte pattern is a `T`) and `N` bytes long, so the
        // `n × N` bytes copied into the new vector's room are `n` whole values, there before
        // the length says so.
        unsafe {
            std::ptr::copy_nonoverlapping(b.as_ptr(), v.as_mut_ptr().cast::<u8>(), n * N);
            v.set_len(n);
        }
        return v;
    }
    b.chunks_exact(N)
        .map(|c| {
            let mut a = [0u8; N];
            a.copy_from_slice(c);
            f(a)
        })
        .collect()
}

/// The header text (between the magic line and the NUL byte) of a model file.
pub fn header(data: &[u8]) -> Option<&str> {
    let rest = data.strip_prefix(MAGIC)?;
    let nul = rest.iter().position(|&b| b == 0)?;
    std::str::from_utf8(&rest[..nul]).ok()
}

/// The parts of a model file.
pub struct Parts {
    /// The graphone inventory (token = index + 3).
    pub graphones: Vec<Graphone>,
    /// The joint n-gram.
    pub ngram: Ngram,
    /// The look-ahead classifier, if any.
    pub maxent: Option<Maxent>,
    /// The neural letter classifiers, in file order.
    pub neural: Vec<Neural>,
}

/// Parses and checks a model file.
pub(super) fn read(source: Source<'_>, path: &Path) -> Result<Parts> {
    let data = source.data;
    let mut r = Reader {
        source,
        at: 0,
        path,
    };
    if !data.starts_with(MAGIC) {
        return Err(r.bad("expected `ALOUD-LTS 1` (retrain with `aloud lexicon train-lts`)"));
    }
    r.at = data
        .iter()
        .position(|&b| b == 0)
        .ok_or_else(|| r.bad("missing end of header"))?
        + 1;
    // Up to three NUL bytes of padding (the order, at least 1, starts with a non-zero byte).
    for _ in 0..3 {
        if data.get(r.at) == Some(&0) {
            r.at += 1;
        }
    }
    let order = r.u32()? as usize;
    if !(1..=MAX_ORDER).contains(&order) {
        return Err(r.bad("n-gram order out of range"));
    }
    let count = r.u32()? as usize;
    let raw = r.bytes(count.checked_mul(5).ok_or_else(|| r.bad("size overflow"))?)?;
    let graphones: Vec<Graphone> = raw
        .chunks_exact(5)
        .map(|c| Graphone {
            letters: [c[0], c[1]],
            len: c[2],
            phones: [c[3], c[4]],
        })
        .collect();
    if graphones.iter().any(|g| {
        g.len > 2
            || !(1..=27).contains(&g.letters[0])
            || g.letters[1] > 27
            || g.phones[..usize::from(g.len)]
                .iter()
                .any(|&p| p >= Phoneme::CODES)
    }) {
        return Err(r.bad("invalid graphone"));
    }
    let mut levels = Vec::with_capacity(order);
    for depth in 0..order {
        let n = r.u32()? as usize;
        let mut level = Level {
            tokens: r.table(n, u16::from_le_bytes)?,
            neg_logp: r.table(n, u16::from_le_bytes)?,
            ..Level::default()
        };
        if depth + 1 < order {
            level.log_bow = r.table(n, i16::from_le_bytes)?;
            level.child = r.table(n + 1, u32::from_le_bytes)?;
        }
        levels.push(level);
    }
    let mut maxent = None;
    let mut neural = Vec::new();
    while r.at < data.len() {
        // A section written before the syllable features (`MAXENT`) has no `shape` byte.
        let tag: [u8; 6] = r.bytes(MAXENT_TAG.len())?.try_into().unwrap_or_default();
        match &tag[..] {
            t if t == NEURAL_TAG => {
                let (net, used) =
                    Neural::read(r.source, r.at, count + 3).map_err(|why| r.bad(why))?;
                r.at += used;
                neural.push(net);
            }
            t if (t == MAXENT2_TAG || t == MAXENT_TAG) && maxent.is_none() && neural.is_empty() => {
                maxent = Some(read_maxent(&mut r, t == MAXENT2_TAG)?);
            }
            _ => return Err(r.bad("unexpected data after the last level")),
        }
    }
    // Structural checks, so that lookups cannot go out of bounds.
    if levels[0].tokens.len() != count + 3 {
        return Err(r.bad("unigram level does not match the graphone count"));
    }
    for depth in 0..order - 1 {
        let next_len = levels[depth + 1].tokens.len() as u32;
        let child = &levels[depth].child;
        if child.windows(2).any(|w| w[0] > w[1]) || child.last() != Some(&next_len) {
            return Err(r.bad("child offsets out of order"));
        }
    }
    if levels
        .iter()
        .any(|l| l.tokens.iter().any(|&t| usize::from(t) >= count + 3))
    {
        return Err(r.bad("token out of range"));
    }
    Ok(Parts {
        graphones,
        ngram: Ngram { levels },
        maxent,
        neural,
    })
}

fn read_maxent(r: &mut Reader<'_>, has_shape: bool) -> Result<Maxent> {
    let b = r.bytes(5 + usize::from(has_shape))?;
    let features = Features {
        window: b[0],
        span: b[1],
        history: b[2],
        bag: b[3],
        shape: if has_shape { b[4] } else { 0 },
    };
    let bits = b[b.len() - 1];
    if features.window > 7
        || features.span > 9
        || features.history > 2
        || features.bag > 9
        || features.shape > 1
    {
        return Err(r.bad("classifier features out of range"));
    }
    if !(4..=MAX_TABLE_BITS).contains(&bits) {
        return Err(r.bad("classifier table size out of range"));
    }
    let weight = r.vec(1, f32::from_le_bytes)?[0];
    let scale = r.vec(1, f32::from_le_bytes)?[0];
    if !weight.is_finite() || !scale.is_finite() {
        return Err(r.bad("classifier weight not finite"));
    }
    let weights = r.table(1usize << bits, i8::from_le_bytes)?;
    Ok(Maxent {
        features,
        weight,
        scale,
        weights,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_padded_so_that_a_neural_section_appended_later_is_aligned() {
        let ngram = Ngram {
            levels: vec![Level {
                tokens: vec![0, 1, 2].into(),
                neg_logp: vec![7, 8, 9].into(),
                ..Level::default()
            }],
        };
        for header in ["", "#", "# a", "# ab", "# abc\n"] {
            let bytes = write(header, &[], &ngram, None, &[]);
            // tools/lts-neural appends `NEURAL` and six u32 before the f32 arrays
            assert_eq!((bytes.len() + NEURAL_TAG.len() + 24) % 4, 0, "{header:?}");
            let source = Source {
                data: &bytes,
                map: None,
            };
            let parts = read(source, Path::new("m.bin")).unwrap();
            assert_eq!(parts.ngram.levels[0].neg_logp[..], [7, 8, 9], "{header:?}");
            assert_eq!(super::header(&bytes), Some(header));
        }
    }

    #[test]
    fn values_read_from_any_offset_equal_those_read_one_by_one() {
        let bytes: Vec<u8> = (0..203u32).map(|i| (i * 37 % 251) as u8).collect();
        // from an odd offset, with bytes left over after the last whole value
        let b = &bytes[1..];
        let u16s: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        assert_eq!(from_le(b, u16::from_le_bytes), u16s);
        let u32s: Vec<u32> = b
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        assert_eq!(from_le(b, u32::from_le_bytes), u32s);
        let f32s: Vec<u32> = from_le(b, f32::from_le_bytes)
            .iter()
            .map(|x| x.to_bits())
            .collect();
        assert_eq!(f32s, u32s);
        assert!(from_le::<u16, 2>(&[], u16::from_le_bytes).is_empty());
    }
}
