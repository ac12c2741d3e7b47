//! The words of recorded sentences (`aloud voice build --sentences DIR --prompts FILE`):
//! where each recorded phone stood in its word and how it was stressed, so that unit
//! selection can match a unit's place ([`crate::voice::UnitPlace`]) to the sentence's.
//!
//! The label files give phones and times but no words. The prompt list (Festvox form,
//! `( id "text" )` per line; the recording `ID.wav` read prompt `ID`) gives the text, which
//! aloud's own front end pronounces (normalization, lexicon, letter-to-sound). The
//! recorded phones and the pronounced ones are then aligned by the least number of edits
//! (a synthesizer's post-lexical rules and lexicon differ from aloud's here and there),
//! and each recorded phone that lines up with a pronounced one takes its word start and
//! stress; the others stay unknown.

use super::recordings::BuildError;
use crate::phonetics::phone::{Phone, Phoneme};
use crate::phonetics::pronouncer::Pronouncer;
use crate::prosody::PhonePlace;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Reads a Festvox prompt list: id → text.
pub fn read_prompts(path: &Path) -> Result<BTreeMap<String, String>, BuildError> {
    let text = std::fs::read_to_string(path).map_err(|source| BuildError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut prompts = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bad = |message: &str| BuildError::Prompts {
            file: PathBuf::from(path),
            line: n + 1,
            message: message.to_string(),
        };
        let inner = line
            .strip_prefix('(')
            .and_then(|l| l.strip_suffix(')'))
            .ok_or_else(|| bad("expected `( id \"text\" )`"))?
            .trim();
        let (id, rest) = inner
            .split_once(char::is_whitespace)
            .ok_or_else(|| bad("no text after the id"))?;
        let text = rest
            .trim()
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .ok_or_else(|| bad("the text must be in double quotes"))?;
        prompts.insert(id.to_string(), text.to_string());
    }
    Ok(prompts)
}

/// The words of `text` as aloud pronounces them, in order (every sentence of it).
pub fn pronounce_text(text: &str, pronouncer: &Pronouncer) -> Vec<Vec<Phoneme>> {
    crate::text::analyze(text, pronouncer)
        .into_iter()
        .flat_map(|s| {
            pronouncer
                .pronounce_sentence(&s.words)
                .into_iter()
                .map(|p| p.phonemes)
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The place of every recorded phone of `phones` (`None` for pauses and for phones that
/// line up with none of `words`' phones).
pub fn phone_places(phones: &[Phone], words: &[Vec<Phoneme>]) -> Vec<Option<PhonePlace>> {
    let said: Vec<(Phoneme, bool)> = words
        .iter()
        .flat_map(|w| w.iter().enumerate().map(|(i, &p)| (p, i == 0)))
        .collect();
    let heard: Vec<usize> = (0..phones.len())
        .filter(|&i| phones[i] != Phone::Pau)
        .collect();
    let mut out = vec![None; phones.len()];
    for (h, s) in align(&heard.iter().map(|&i| phones[i]).collect::<Vec<_>>(), &said) {
        let (p, start) = said[s];
        out[heard[h]] = Some(PhonePlace {
            word_start: start,
            stress: if phones[heard[h]].is_vowel() {
                p.stress
            } else {
                Default::default()
            },
        });
    }
    out
}

/// Pairs (recorded index, pronounced index) of a least-edit alignment: equal phones cost
/// nothing, a substitution costs 1 (½ between two vowels, which a reduction or a dialect
/// swaps), an insertion or a deletion 1. Only substituted or equal pairs are returned, in
/// order; ties go to the diagonal, so the result is a pure function of its input.
fn align(a: &[Phone], b: &[(Phoneme, bool)]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let sub = |i: usize, j: usize| {
        let (x, y) = (a[i], b[j].0.phone);
        if x == y {
            0.0
        } else if x.is_vowel() && y.is_vowel() {
            0.5
        } else {
            1.0
        }
    };
    let mut d = vec![0.0f64; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in 0..=n {
        d[at(i, 0)] = i as f64;
    }
    for j in 0..=m {
        d[at(0, j)] = j as f64;
    }
    for i in 1..=n {
        for j in 1..=m {
            let diag = d[at(i - 1, j - 1)] + sub(i - 1, j - 1);
            let up = d[at(i - 1, j)] + 1.0;
            let left = d[at(i, j - 1)] + 1.0;
            d[at(i, j)] = diag.min(up).min(left);
        }
    }
    let (mut i, mut j) = (n, m);
    let mut pairs = Vec::new();
    while i > 0 && j > 0 {
        if d[at(i, j)] == d[at(i - 1, j - 1)] + sub(i - 1, j - 1) {
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if d[at(i, j)] == d[at(i - 1, j)] + 1.0 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phonetics::phone::Stress;

    fn word(s: &str) -> Vec<Phoneme> {
        s.split_whitespace()
            .map(|p| Phoneme::from_cmu(p).unwrap())
            .collect()
    }

    fn phones(s: &str) -> Vec<Phone> {
        s.split_whitespace().map(|p| p.parse().unwrap()).collect()
    }

    #[test]
    fn recorded_phones_take_the_word_start_and_stress_of_the_words_they_line_up_with() {
        // "the retro rockets", recorded with a pause, a reduced vowel and a dropped /t/
        let words = [
            word("DH AH0"),
            word("R EH1 T R OW0"),
            word("R AA1 K AH0 T S"),
        ];
        let rec = phones("pau dh ax r eh t r ow pau r aa k ax s pau");
        let places = phone_places(&rec, &words);
        let start = |i: usize| places[i].map(|p| p.word_start);
        let stress = |i: usize| places[i].map(|p| p.stress);
        assert_eq!(places[0], None);
        assert_eq!(
            (start(1), start(2), start(3)),
            (Some(true), Some(false), Some(true))
        );
        assert_eq!(stress(2), Some(Stress::Unstressed), "ax lined up with AH0");
        assert_eq!(stress(4), Some(Stress::Primary));
        assert_eq!(stress(5), Some(Stress::Unstressed), "a consonant");
        assert_eq!((start(6), start(7)), (Some(false), Some(false)));
        assert_eq!(places[8], None);
        assert_eq!((start(9), stress(10)), (Some(true), Some(Stress::Primary)));
        // k ax s against K AH0 T S: the missing /t/ is skipped, /s/ still lines up
        assert_eq!(start(13), Some(false));
        assert!(places[13].is_some());
    }

    #[test]
    fn a_prompt_list_reads_as_id_and_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.data");
        std::fs::write(
            &path,
            "( arctic_a0001 \"Author of the danger trail, Philip Steels, etc.\" )\n\n( b2 \"Two.\" )\n",
        )
        .unwrap();
        let p = read_prompts(&path).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(
            p["arctic_a0001"],
            "Author of the danger trail, Philip Steels, etc."
        );
        std::fs::write(&path, "( a0001 no quotes )\n").unwrap();
        assert!(matches!(
            read_prompts(&path),
            Err(BuildError::Prompts { line: 1, .. })
        ));
    }
}
