//! The CMU Pronouncing Dictionary in a compact, compiled form.
//!
//! `lexicon/cmudict.dict` (text, as published) is compiled by `aloud lexicon compile` into
//! `lexicon/cmudict.bin`, which loads in a few milliseconds: the file is read into memory
//! once and looked up in place by binary search (no per-word allocation at load time).
//!
//! Variants (`read`, `read(2)`) are all kept in dictionary order; [`Lexicon::lookup`] gives
//! the first, which CMUdict lists as the most common reading (`the` → `dh ax`,
//! `read` → `r eh1 d`); [`Lexicon::variants`] gives them all. Stress digits are kept, and an
//! unstressed `AH0` becomes the reduced vowel `ax` (see [`Phoneme::from_cmu`]).

use super::error::{io, LineFault, PhoneticsError, Result};
use super::phone::Phoneme;
use std::path::Path;
use std::sync::Arc;

/// File name of the compiled lexicon inside the lexicon folder.
pub const COMPILED_FILE: &str = "cmudict.bin";
/// File name of the CMU dictionary text inside the lexicon folder.
pub const SOURCE_FILE: &str = "cmudict.dict";

const MAGIC: &[u8] = b"ALOUD-LEXICON 1\n";
const HEADER: &str = "# Derived from the CMU Pronouncing Dictionary (lexicon/cmudict.dict, \
Copyright (C) 1993-2015 Carnegie Mellon University, BSD-2-Clause terms in lexicon/LICENSE.cmudict).\n\
# Modified: compiled to a binary table by aloud; unstressed AH0 written as AX.\n\
# Rebuild with: aloud lexicon compile\n";

/// One pronunciation of the text dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmuEntry {
    /// The word, lower case (`read`).
    pub word: String,
    /// Variant number: 1 for `read`, 2 for `read(2)`.
    pub variant: u32,
    /// The phones with stress.
    pub phonemes: Vec<Phoneme>,
}

/// Parses the CMU dictionary text format (`word(2) PH ON0 EMES # comment`), sorted by word
/// then variant. `path` is only used in error messages.
pub fn parse_cmu_text(text: &str, path: &Path) -> Result<Vec<CmuEntry>> {
    let mut entries = Vec::with_capacity(140_000);
    for (number, line) in super::content_lines(text) {
        let err = |fault| PhoneticsError::Line {
            path: path.to_path_buf(),
            line: number,
            fault,
        };
        let mut tokens = line.split_whitespace();
        let head = tokens.next().ok_or_else(|| err(LineFault::MissingWord))?;
        let (word, variant) = match head.split_once('(') {
            Some((w, rest)) => {
                let n = rest
                    .strip_suffix(')')
                    .and_then(|n| n.parse::<u32>().ok())
                    .ok_or_else(|| err(LineFault::BadWord(head.to_string())))?;
                (w, n)
            }
            None => (head, 1),
        };
        let phonemes = tokens
            .map(|t| Phoneme::from_cmu(t).map_err(|_| err(LineFault::UnknownPhone(t.to_string()))))
            .collect::<Result<Vec<_>>>()?;
        if phonemes.is_empty() {
            return Err(err(LineFault::MissingPronunciation(head.to_string())));
        }
        entries.push(CmuEntry {
            word: word.to_lowercase(),
            variant,
            phonemes,
        });
    }
    entries.sort_by(|a, b| (a.word.as_bytes(), a.variant).cmp(&(b.word.as_bytes(), b.variant)));
    entries.dedup_by(|a, b| a.word == b.word && a.variant == b.variant);
    Ok(entries)
}

/// Reads and parses a CMU dictionary text file.
pub fn read_cmu_text(path: &Path) -> Result<Vec<CmuEntry>> {
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    parse_cmu_text(&text, path)
}

/// Compiles sorted entries (as given by [`parse_cmu_text`]) into the binary form read by
/// [`Lexicon::from_bytes`].
///
/// Layout after the text header and a NUL byte, all integers little-endian `u32`:
/// entry count `n`, word-blob length, phone-blob length; `n` word end offsets; `n` phone end
/// offsets; the words (UTF-8, concatenated); the phones (one [`Phoneme::code`] byte each).
pub fn compile(entries: &[CmuEntry]) -> Vec<u8> {
    let mut words = Vec::new();
    let mut phones = Vec::new();
    let mut word_ends = Vec::with_capacity(entries.len());
    let mut phone_ends = Vec::with_capacity(entries.len());
    for e in entries {
        words.extend_from_slice(e.word.as_bytes());
        phones.extend(e.phonemes.iter().map(|p| p.code()));
        word_ends.push(words.len() as u32);
        phone_ends.push(phones.len() as u32);
    }
    let mut out = Vec::with_capacity(words.len() + phones.len() + entries.len() * 8 + 512);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(HEADER.as_bytes());
    out.push(0);
    for v in [entries.len(), words.len(), phones.len()] {
        out.extend_from_slice(&(v as u32).to_le_bytes());
    }
    for v in word_ends.iter().chain(&phone_ends) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&words);
    out.extend_from_slice(&phones);
    out
}

/// The compiled CMU dictionary, looked up in place.
#[derive(Debug, Clone)]
pub struct Lexicon {
    data: Bytes,
    len: usize,
    word_ends: usize,
    phone_ends: usize,
    words: usize,
    phones: usize,
}

/// A compiled lexicon's bytes: its file mapped into memory (the pages a lookup reads come
/// from the page cache, with no copy of the file's megabytes into fresh memory), or bytes
/// made in memory.
#[derive(Debug, Clone)]
enum Bytes {
    Mapped(Arc<memmap2::Mmap>),
    Owned(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(map) => map,
            Bytes::Owned(bytes) => bytes,
        }
    }
}

fn u32_at(data: &[u8], at: usize) -> Option<usize> {
    let b = data.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

impl Lexicon {
    /// Loads the compiled lexicon `cmudict.bin` of the data folder ([`crate::data::lexicon_dir`]).
    pub fn load_default() -> Result<Lexicon> {
        Lexicon::load(&crate::data::lexicon_dir()?.join(COMPILED_FILE))
    }

    /// Loads a compiled lexicon file (made by [`compile`]).
    pub fn load(path: &Path) -> Result<Lexicon> {
        match crate::data::map_data_file(path).map_err(io(path))? {
            Some(map) => Lexicon::checked(Bytes::Mapped(Arc::new(map)), path),
            None => Lexicon::from_bytes(Vec::new(), path),
        }
    }

    /// Checks and wraps the bytes of a compiled lexicon; `path` is used in error messages.
    pub fn from_bytes(data: Vec<u8>, path: &Path) -> Result<Lexicon> {
        Lexicon::checked(Bytes::Owned(data), path)
    }

    fn checked(data: Bytes, path: &Path) -> Result<Lexicon> {
        let bad = |offset, why| PhoneticsError::Format {
            path: path.to_path_buf(),
            offset,
            why,
        };
        if !data.starts_with(MAGIC) {
            return Err(bad(
                0,
                "expected `ALOUD-LEXICON 1` (rebuild with `aloud lexicon compile`)",
            ));
        }
        let nul = data
            .iter()
            .position(|&b| b == 0)
            .ok_or_else(|| bad(0, "missing end of header"))?;
        let counts = nul + 1;
        let (len, nwords, nphones) = match (
            u32_at(&data, counts),
            u32_at(&data, counts + 4),
            u32_at(&data, counts + 8),
        ) {
            (Some(a), Some(b), Some(c)) => (a, b, c),
            _ => return Err(bad(counts, "truncated counts")),
        };
        let word_ends = counts + 12;
        let phone_ends = word_ends + 4 * len;
        let words = phone_ends + 4 * len;
        let phones = words + nwords;
        if data.len() != phones + nphones {
            return Err(bad(data.len(), "file length does not match its counts"));
        }
        let lex = Lexicon {
            data,
            len,
            word_ends,
            phone_ends,
            words,
            phones,
        };
        // Offsets must be non-decreasing and inside their blobs, so lookups cannot fail.
        let (mut w, mut p) = (0, 0);
        for i in 0..len {
            let (we, pe) = (lex.end(lex.word_ends, i), lex.end(lex.phone_ends, i));
            if we < w || we > nwords || pe < p || pe > nphones {
                return Err(bad(lex.word_ends + 4 * i, "offsets out of order"));
            }
            (w, p) = (we, pe);
        }
        if let Some(i) = lex.data[phones..].iter().position(|&c| c >= Phoneme::CODES) {
            return Err(bad(phones + i, "phone code out of range"));
        }
        Ok(lex)
    }

    fn end(&self, table: usize, i: usize) -> usize {
        u32_at(&self.data, table + 4 * i).unwrap_or(0)
    }

    fn span(&self, table: usize, i: usize) -> (usize, usize) {
        let start = if i == 0 { 0 } else { self.end(table, i - 1) };
        (start, self.end(table, i))
    }

    fn word(&self, i: usize) -> &[u8] {
        let (s, e) = self.span(self.word_ends, i);
        &self.data[self.words + s..self.words + e]
    }

    fn phonemes(&self, i: usize) -> Vec<Phoneme> {
        let (s, e) = self.span(self.phone_ends, i);
        self.data[self.phones + s..self.phones + e]
            .iter()
            .filter_map(|&c| Phoneme::from_code(c))
            .collect()
    }

    /// Index of the first entry whose word is `>= word`.
    fn lower_bound(&self, word: &[u8]) -> usize {
        let (mut lo, mut hi) = (0, self.len);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.word(mid) < word {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Number of pronunciations (variants included).
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// True when the lower-case `word` is in the dictionary.
    pub fn contains(&self, word: &str) -> bool {
        let i = self.lower_bound(word.as_bytes());
        i < self.len && self.word(i) == word.as_bytes()
    }

    /// The first (most common) pronunciation of a lower-case word.
    pub fn lookup(&self, word: &str) -> Option<Vec<Phoneme>> {
        self.contains(word)
            .then(|| self.phonemes(self.lower_bound(word.as_bytes())))
    }

    /// Every pronunciation of a lower-case word, in dictionary order (empty if unknown).
    pub fn variants(&self, word: &str) -> Vec<Vec<Phoneme>> {
        let start = self.lower_bound(word.as_bytes());
        (start..self.len)
            .take_while(|&i| self.word(i) == word.as_bytes())
            .map(|i| self.phonemes(i))
            .collect()
    }

    /// Every entry as (word, pronunciation), in order, variants included.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Vec<Phoneme>)> + '_ {
        (0..self.len).map(|i| {
            (
                std::str::from_utf8(self.word(i)).unwrap_or(""),
                self.phonemes(i),
            )
        })
    }
}

impl crate::text::KnownWords for Lexicon {
    /// True when the CMU dictionary has the word.
    fn is_word(&self, lowercase: &str) -> bool {
        self.contains(lowercase)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phonetics::phone::{Phone, Stress};

    const SAMPLE: &str = "the DH AH0\nthe(2) DH AH1\nthe(3) DH IY0\n\
        aalborg AO1 L B AO0 R G # place, danish\nread R EH1 D\nread(2) R IY1 D\n";

    fn sample() -> Lexicon {
        let entries = parse_cmu_text(SAMPLE, Path::new("sample")).unwrap();
        Lexicon::from_bytes(compile(&entries), Path::new("sample")).unwrap()
    }

    #[test]
    fn a_compiled_file_read_through_its_map_looks_up_as_the_bytes_do() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sample.bin");
        let entries = parse_cmu_text(SAMPLE, Path::new("sample")).unwrap();
        std::fs::write(&path, compile(&entries)).unwrap();
        let (mapped, owned) = (Lexicon::load(&path).unwrap(), sample());
        assert!(matches!(mapped.data, Bytes::Mapped(_)));
        assert_eq!(mapped.len(), owned.len());
        for word in ["the", "read", "aalborg", "zzz", ""] {
            assert_eq!(mapped.variants(word), owned.variants(word), "{word}");
        }
        // an empty file is refused as a bad lexicon, not mapped
        let empty = dir.path().join("empty.bin");
        std::fs::write(&empty, b"").unwrap();
        assert!(matches!(
            Lexicon::load(&empty),
            Err(PhoneticsError::Format { .. })
        ));
    }

    #[test]
    fn first_variant_is_the_default_and_ah0_is_ax() {
        let lex = sample();
        assert_eq!(lex.len(), 6);
        let the = lex.lookup("the").unwrap();
        assert_eq!(the[1], Phoneme::new(Phone::Ax, Stress::Unstressed));
        assert_eq!(lex.variants("the").len(), 3);
        assert_eq!(
            lex.variants("the")[1][1],
            Phoneme::new(Phone::Ah, Stress::Primary)
        );
        assert_eq!(lex.lookup("read").unwrap()[1].phone, Phone::Eh);
        assert_eq!(lex.lookup("aalborg").unwrap().len(), 6);
        assert!(lex.lookup("th").is_none());
        assert!(lex.lookup("zzz").is_none());
        assert!(lex.lookup("").is_none());
    }

    #[test]
    fn damaged_files_are_rejected() {
        let entries = parse_cmu_text(SAMPLE, Path::new("sample")).unwrap();
        let mut bytes = compile(&entries);
        bytes.pop();
        assert!(Lexicon::from_bytes(bytes, Path::new("x")).is_err());
        assert!(Lexicon::from_bytes(b"nonsense".to_vec(), Path::new("x")).is_err());
    }

    #[test]
    fn bad_text_lines_name_the_line() {
        let e = parse_cmu_text("ok K\nbad QX\n", Path::new("d.dict")).unwrap_err();
        assert_eq!(e.to_string(), "d.dict:2: unknown phone `QX`");
    }
}
