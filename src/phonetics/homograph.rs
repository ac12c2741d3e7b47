//! Homographs: words the CMU dictionary lists with readings that depend on the word's role
//! in the sentence ("how do you read" `r iy1 d`, "I have read" `r eh1 d`; "a record", "to
//! record"). The dictionary's first variant is one of them, whatever the sentence says; here
//! the word before the homograph tells its role, and the role its reading
//! (`lexicon/homographs.txt`: the cue words and the readings, all of them CMU variants).

use super::error::{LineFault, PhoneticsError, Result};
use super::phone::Phoneme;
use super::{PronSource, Pronunciation};
use crate::text::{Word, WordKind};
use std::collections::HashMap;
use std::path::Path;

/// What the word before a homograph says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A verb's plain form: after "to", a modal, "do" or a subject pronoun.
    Verb,
    /// A past participle or past tense: after a form of "have" or "be", or "he"/"she"/"it".
    Past,
    /// A noun (or adjective): after a determiner, a possessive or a preposition.
    Noun,
}

impl Role {
    fn parse(name: &str) -> Option<Role> {
        match name {
            "verb" => Some(Role::Verb),
            "past" => Some(Role::Past),
            "noun" => Some(Role::Noun),
            _ => None,
        }
    }
}

/// One homograph's readings, the first one the default.
#[derive(Debug, Clone)]
struct Entry {
    readings: Vec<(Role, Vec<Phoneme>)>,
}

impl Entry {
    fn reading(&self, role: Option<Role>) -> &[Phoneme] {
        role.and_then(|r| self.readings.iter().find(|(q, _)| *q == r))
            .unwrap_or(&self.readings[0])
            .1
            .as_slice()
    }
}

/// The homographs and the cue words that tell their role.
#[derive(Debug, Clone, Default)]
pub struct Homographs {
    cues: HashMap<String, Role>,
    entries: HashMap<String, Entry>,
}

impl Homographs {
    /// Parses the text of `lexicon/homographs.txt`; `path` names it in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Homographs> {
        let mut h = Homographs::default();
        for (number, line) in super::content_lines(text) {
            let fault = |fault| PhoneticsError::Line {
                path: path.to_path_buf(),
                line: number,
                fault,
            };
            if let Some(rest) = line.strip_prefix('@') {
                let mut words = rest.split_whitespace();
                let name = words.next().unwrap_or("");
                let role =
                    Role::parse(name).ok_or_else(|| fault(LineFault::BadRole(name.into())))?;
                for w in words {
                    h.cues.insert(w.to_lowercase(), role);
                }
                continue;
            }
            let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let mut readings = Vec::new();
            for reading in rest.split('|') {
                let (name, phones) = reading
                    .split_once(':')
                    .ok_or_else(|| fault(LineFault::MissingPronunciation(word.into())))?;
                let name = name.trim();
                let role =
                    Role::parse(name).ok_or_else(|| fault(LineFault::BadRole(name.into())))?;
                let phonemes = phones
                    .split_whitespace()
                    .map(|t| Phoneme::from_cmu(t).map_err(|_| LineFault::UnknownPhone(t.into())))
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map_err(fault)?;
                if phonemes.is_empty() {
                    return Err(fault(LineFault::MissingPronunciation(word.into())));
                }
                readings.push((role, phonemes));
            }
            h.entries.insert(word.to_lowercase(), Entry { readings });
        }
        Ok(h)
    }

    /// Reads `lexicon/homographs.txt` of the data folder.
    pub fn load_default() -> Result<Homographs> {
        let (path, text) = crate::data::read_lexicon_text(crate::data::HOMOGRAPHS_FILE)?;
        Homographs::parse(&text, &path)
    }

    /// The role the word `before` a homograph gives it, if it is a cue.
    fn role_after(&self, before: Option<&Word>) -> Option<Role> {
        before.and_then(|w| self.cues.get(w.text.as_str()).copied())
    }

    /// Every homograph word of `words` (pronounced `prons`, one each) that the dictionary
    /// pronounced is given the reading of its role in context. Words pronounced by the user
    /// lexicon, the technical names or letter-to-sound are left as they are.
    pub fn choose(&self, words: &[Word], prons: &mut [Pronunciation]) {
        for (i, (word, pron)) in words.iter().zip(prons.iter_mut()).enumerate() {
            if word.kind != WordKind::Lexical || pron.source != PronSource::Lexicon {
                continue;
            }
            let Some(entry) = self.entries.get(word.text.as_str()) else {
                continue;
            };
            let role = self.role_after(i.checked_sub(1).map(|j| &words[j]));
            let reading = entry.reading(role);
            if pron.phonemes != reading {
                pron.phonemes = reading.to_vec();
            }
        }
    }

    /// Every homograph with its readings, for checks against the dictionary.
    pub fn readings(&self) -> impl Iterator<Item = (&str, Role, &[Phoneme])> {
        self.entries.iter().flat_map(|(w, e)| {
            e.readings
                .iter()
                .map(move |(r, p)| (w.as_str(), *r, p.as_slice()))
        })
    }

    /// Number of homographs.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Break;

    const SAMPLE: &str = "@verb to do you\n@past have was\n@noun the a\n\
        read  verb: R IY1 D | past: R EH1 D\nrecord noun: R EH1 K ER0 D | verb: R IH0 K AO1 R D\n";

    fn words(text: &str) -> Vec<Word> {
        text.split_whitespace()
            .map(|w| Word {
                text: w.to_string(),
                source: 0..0,
                kind: WordKind::Lexical,
                break_after: Break::None,
            })
            .collect()
    }

    fn said(h: &Homographs, text: &str) -> Vec<String> {
        let ws = words(text);
        let mut prons: Vec<Pronunciation> = ws
            .iter()
            .map(|_| Pronunciation {
                phonemes: vec![Phoneme::from_cmu("AA1").unwrap()],
                source: PronSource::Lexicon,
            })
            .collect();
        h.choose(&ws, &mut prons);
        prons
            .iter()
            .map(|p| {
                p.phonemes
                    .iter()
                    .map(|q| q.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn the_word_before_chooses_the_reading_and_no_cue_gives_the_first() {
        let h = Homographs::parse(SAMPLE, Path::new("h.txt")).unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(said(&h, "do you read")[2], "R IY1 D");
        assert_eq!(said(&h, "have read")[1], "R EH1 D");
        assert_eq!(said(&h, "rog read")[1], "R IY1 D");
        assert_eq!(said(&h, "read")[0], "R IY1 D");
        assert_eq!(said(&h, "the record")[1], "R EH1 K ER0 D");
        assert_eq!(said(&h, "to record")[1], "R IH0 K AO1 R D");
        // a role the entry does not list: its first reading
        assert_eq!(said(&h, "was record")[1], "R EH1 K ER0 D");
        // other words untouched
        assert_eq!(said(&h, "to reed")[1], "AA1");
    }

    #[test]
    fn the_user_lexicon_and_spelled_words_are_left_alone() {
        let h = Homographs::parse(SAMPLE, Path::new("h.txt")).unwrap();
        let ws = words("to read");
        let mut prons = vec![
            Pronunciation {
                phonemes: vec![],
                source: PronSource::Lexicon,
            },
            Pronunciation {
                phonemes: vec![Phoneme::from_cmu("EH1").unwrap()],
                source: PronSource::User,
            },
        ];
        h.choose(&ws, &mut prons);
        assert_eq!(prons[1].phonemes, vec![Phoneme::from_cmu("EH1").unwrap()]);
    }

    #[test]
    fn a_bad_line_names_its_file_and_line() {
        let err = Homographs::parse("@verb to\nread  verb R IY1 D\n", Path::new("h.txt"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("h.txt:2:"), "{err}");
        let err = Homographs::parse("@adverb so\n", Path::new("h.txt"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("h.txt:1:") && err.contains("adverb"), "{err}");
    }
}
