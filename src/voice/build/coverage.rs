//! Which phone pairs the lexicon needs, and how many of them a voice has.
//!
//! The pair set of a lexicon (CMU dictionary format: `word PH1 PH2 …`, stress
//! digits on vowels, `#` comments) holds every within-word pair, with `AH0`
//! read as `ax`, plus `pau`→first phone and last phone→`pau` of every word.

use super::SourceError;
use crate::phonetics::phone::{Phone, Phoneme, Stress};
use crate::voice::Diphone;
use std::collections::BTreeSet;
use std::path::Path;

/// The phone pairs a lexicon's pronunciations use.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PairSet {
    /// The pairs, sorted.
    pub pairs: BTreeSet<Diphone>,
}

/// Maps a lexicon phoneme to the voice phone set: unstressed `AH` is `ax`.
pub fn voice_phone(p: Phoneme) -> Phone {
    if p.phone == Phone::Ah && p.stress == Stress::Unstressed {
        Phone::Ax
    } else {
        p.phone
    }
}

impl PairSet {
    /// Reads the pair set of a CMU-format dictionary file.
    pub fn from_cmudict(path: &Path) -> Result<PairSet, SourceError> {
        let text = std::fs::read_to_string(path).map_err(|source| SourceError::Io {
            file: path.to_path_buf(),
            source,
        })?;
        PairSet::parse(path, &text)
    }

    /// Parses CMU-format dictionary text (`path` is used in error messages).
    pub fn parse(path: &Path, text: &str) -> Result<PairSet, SourceError> {
        let mut pairs = BTreeSet::new();
        let mut phones: Vec<Phone> = Vec::with_capacity(24);
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("");
            let mut fields = line.split_ascii_whitespace();
            if fields.next().is_none() {
                continue;
            }
            phones.clear();
            phones.push(Phone::Pau);
            for f in fields {
                let p: Phoneme = f.parse().map_err(|e| SourceError::Lexicon {
                    file: path.to_path_buf(),
                    line: i + 1,
                    message: format!("{e}"),
                })?;
                phones.push(voice_phone(p));
            }
            phones.push(Phone::Pau);
            if phones.len() == 2 {
                continue;
            }
            for w in phones.windows(2) {
                pairs.insert(Diphone::new(w[0], w[1]));
            }
        }
        Ok(PairSet { pairs })
    }

    /// Share of the pairs for which `has` is true (1.0 for an empty set).
    pub fn coverage(&self, has: impl Fn(Diphone) -> bool) -> f64 {
        if self.pairs.is_empty() {
            return 1.0;
        }
        self.pairs.iter().filter(|&&d| has(d)).count() as f64 / self.pairs.len() as f64
    }

    /// The pairs for which `has` is false.
    pub fn missing(&self, has: impl Fn(Diphone) -> bool) -> Vec<Diphone> {
        self.pairs.iter().copied().filter(|&d| !has(d)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_include_word_edges_and_map_unstressed_ah_to_ax() {
        let s = PairSet::parse(Path::new("x"), "about AH0 B AW1 T\nbut B AH1 T # c\n\n").unwrap();
        let has = |l: Phone, r: Phone| s.pairs.contains(&Diphone::new(l, r));
        assert!(has(Phone::Pau, Phone::Ax));
        assert!(has(Phone::Ax, Phone::B));
        assert!(has(Phone::T, Phone::Pau));
        assert!(has(Phone::B, Phone::Ah));
        assert!(!has(Phone::Pau, Phone::Ah));
        assert_eq!(s.pairs.len(), 8);
        assert_eq!(s.coverage(|d| d.left == Phone::Pau), 2.0 / 8.0);
        let e = PairSet::parse(Path::new("lex"), "ok OW1\nbad QQ1\n").unwrap_err();
        assert!(e.to_string().contains("lex: line 2"), "{e}");
    }
}
