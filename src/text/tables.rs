//! The normalizer's word lists, read at run time from the data folder's `lexicon/*.txt`
//! ([`crate::data`]).

use crate::data::{self, DataError};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

/// How an abbreviation behaves in context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    /// Precedes a name; never ends a sentence.
    Title,
    /// "Saint / Street": first reading before a capitalized name, second otherwise.
    Place,
    /// May end a sentence when a capitalized word follows.
    Final,
    /// Never ends a sentence.
    Inner,
    /// Only an abbreviation when a number follows.
    Number,
    /// A month or day name.
    Month,
}

/// One abbreviation entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Abbrev {
    /// Spoken words (a lone upper-case letter is spelled).
    pub expansion: &'static str,
    /// Second reading for [`AbbrevClass::Place`] ("street").
    pub otherwise: Option<&'static str>,
    /// Behaviour in context.
    pub class: AbbrevClass,
}

/// A unit's spoken forms.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unit {
    /// Form after "one".
    pub singular: &'static str,
    /// Form after any other number.
    pub plural: &'static str,
}

/// How an all-capital token is read when the list overrides the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AcronymReading {
    /// Letter by letter.
    Spell,
    /// As a word.
    Word,
}

/// The word lists, parsed. Their text lives as long as the process (read once), so the
/// entries borrow from it.
struct Tables {
    abbreviations: HashMap<&'static str, Abbrev>,
    lower_abbreviations: HashMap<String, Abbrev>,
    units: HashMap<&'static str, Unit>,
    acronyms: HashMap<&'static str, AcronymReading>,
    /// Keyed by the lower-case numeronym.
    numeronyms: HashMap<String, &'static str>,
}

static TABLES: OnceLock<Tables> = OnceLock::new();

/// Reads and checks the normalizer's word lists (`lexicon/abbreviations.txt`, `units.txt`,
/// `acronyms.txt`, `numeronyms.txt`) from the data folder, once per process. The normalizer's lookups load
/// them on first use and panic with this error's message if they cannot; a program calls
/// this first to report the error instead.
pub fn load() -> Result<(), DataError> {
    if TABLES.get().is_none() {
        let tables = read_tables()?;
        let _ = TABLES.set(tables);
    }
    Ok(())
}

fn tables() -> &'static Tables {
    TABLES.get_or_init(|| read_tables().unwrap_or_else(|e| panic!("{e}")))
}

fn read_tables() -> Result<Tables, DataError> {
    let abbreviations = parse_abbreviations(&read(data::ABBREVIATIONS_FILE)?)?;
    let lower_abbreviations = abbreviations
        .iter()
        .map(|(k, v)| (k.to_lowercase(), *v))
        .collect();
    Ok(Tables {
        abbreviations,
        lower_abbreviations,
        units: parse_units(&read(data::UNITS_FILE)?)?,
        acronyms: parse_acronyms(&read(data::ACRONYMS_FILE)?)?,
        numeronyms: parse_numeronyms(&read(data::NUMERONYMS_FILE)?)?,
    })
}

/// A word list's path and text, kept for the rest of the process.
struct List {
    path: PathBuf,
    text: &'static str,
}

fn read(name: &str) -> Result<List, DataError> {
    let (path, text) = data::read_lexicon_text(name)?;
    // Read once per process: the tables borrow from the text for as long as it runs.
    let text = Box::leak(text.into_boxed_str());
    Ok(List { path, text })
}

/// A data line split into its `|`-separated fields, with its line number.
struct Line {
    number: usize,
    fields: Vec<&'static str>,
}

impl List {
    /// The lines holding data (not comments or blanks), each with at least `min` fields.
    fn lines(&self, min: usize) -> Result<Vec<Line>, DataError> {
        let mut out = Vec::new();
        for (i, line) in self.text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&'static str> = line.split('|').map(str::trim).collect();
            if fields.len() < min || fields[..min].iter().any(|f| f.is_empty()) {
                return Err(self.bad(
                    i + 1,
                    format!("expected {min} fields separated by `|`, found `{line}`"),
                ));
            }
            out.push(Line {
                number: i + 1,
                fields,
            });
        }
        Ok(out)
    }

    fn bad(&self, line: usize, why: String) -> DataError {
        DataError::Line {
            path: self.path.clone(),
            line,
            why,
        }
    }
}

fn parse_abbreviations(list: &List) -> Result<HashMap<&'static str, Abbrev>, DataError> {
    let mut map = HashMap::new();
    for Line { number, fields } in list.lines(3)? {
        let (key, exp) = (fields[0], fields[1]);
        let class = match fields[2] {
            "title" => AbbrevClass::Title,
            "place" => AbbrevClass::Place,
            "final" => AbbrevClass::Final,
            "inner" => AbbrevClass::Inner,
            "number" => AbbrevClass::Number,
            "month" => AbbrevClass::Month,
            other => {
                return Err(list.bad(
                    number,
                    format!(
                        "unknown class `{other}` (title, place, final, inner, number or month)"
                    ),
                ))
            }
        };
        let (expansion, otherwise) = match exp.split_once('/') {
            Some((a, b)) => (a.trim(), Some(b.trim())),
            None => (exp, None),
        };
        map.insert(
            key,
            Abbrev {
                expansion,
                otherwise,
                class,
            },
        );
    }
    Ok(map)
}

fn parse_units(list: &List) -> Result<HashMap<&'static str, Unit>, DataError> {
    Ok(list
        .lines(3)?
        .into_iter()
        .map(|l| {
            let unit = Unit {
                singular: l.fields[1],
                plural: l.fields[2],
            };
            (l.fields[0], unit)
        })
        .collect())
}

fn parse_acronyms(list: &List) -> Result<HashMap<&'static str, AcronymReading>, DataError> {
    let mut map = HashMap::new();
    for Line { number, fields } in list.lines(2)? {
        let reading = match fields[1] {
            "spell" => AcronymReading::Spell,
            "word" => AcronymReading::Word,
            other => {
                return Err(list.bad(number, format!("unknown reading `{other}` (spell or word)")))
            }
        };
        map.insert(fields[0], reading);
    }
    Ok(map)
}

fn parse_numeronyms(list: &List) -> Result<HashMap<String, &'static str>, DataError> {
    let mut map = HashMap::new();
    for Line { number, fields } in list.lines(2)? {
        let key = fields[0];
        let digits = key.bytes().any(|b| b.is_ascii_digit());
        if !digits || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(list.bad(
                number,
                format!("`{key}` is not a numeronym (letters and a number, like k8s)"),
            ));
        }
        map.insert(key.to_ascii_lowercase(), fields[1]);
    }
    Ok(map)
}

/// The words a numeronym stands for ("k8s", "K8s" → "kubernetes"), ignoring case.
pub(crate) fn numeronym(key: &str) -> Option<&'static str> {
    if !key.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    tables().numeronyms.get(&key.to_ascii_lowercase()).copied()
}

/// Looks up an abbreviation as written (exact case first, then ignoring case).
pub(crate) fn abbreviation(key: &str) -> Option<Abbrev> {
    let t = tables();
    if let Some(a) = t.abbreviations.get(key) {
        return Some(*a);
    }
    if !key.contains('.') || key.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        // Without a period only exact matches count ("PhD", "vs"): "no" is a word; and
        // "V." is an initial, not "v." (versus).
        return None;
    }
    t.lower_abbreviations.get(&key.to_lowercase()).copied()
}

/// Looks up a unit (case-sensitive: "m" is metres, "M" is not a unit).
pub(crate) fn unit(key: &str) -> Option<Unit> {
    tables().units.get(key).copied()
}

/// The listed reading of an all-capital token, if any.
pub(crate) fn acronym(key: &str) -> Option<AcronymReading> {
    tables().acronyms.get(key).copied()
}

/// Month names, for dates ("April 24" → "april twenty fourth").
pub(crate) fn is_month(word: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    MONTHS.contains(&word)
        || abbreviation(word).is_some_and(|a| a.class == AbbrevClass::Month && word.len() <= 6)
}

/// Month name for a month number (1–12).
pub(crate) fn month_name(n: u64) -> Option<&'static str> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    NAMES.get(usize::try_from(n).ok()?.checked_sub(1)?).copied()
}

/// Words that, capitalized after an abbreviation's period, show a new sentence began
/// ("… the U.S. They …"), unlike names ("U.S. Army", "P.M. EDT").
pub(crate) fn is_sentence_starter(word: &str) -> bool {
    const STARTERS: [&str; 44] = [
        "The", "A", "An", "I", "We", "You", "He", "She", "It", "They", "This", "That", "These",
        "Those", "There", "Here", "In", "On", "At", "But", "And", "So", "Or", "If", "When", "What",
        "Why", "How", "Who", "Where", "Which", "Our", "My", "Your", "Their", "His", "Her", "Its",
        "As", "For", "Then", "Now", "Yes", "No",
    ];
    STARTERS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load() {
        assert_eq!(abbreviation("Mr.").map(|a| a.expansion), Some("mister"));
        assert_eq!(abbreviation("ETC.").map(|a| a.expansion), Some("et cetera"));
        assert_eq!(
            abbreviation("St.").and_then(|a| a.otherwise),
            Some("street")
        );
        assert!(abbreviation("no").is_none());
        assert!(abbreviation("V.").is_none());
        assert_eq!(unit("psi").map(|u| u.plural), Some("P S I"));
        assert!(unit("M").is_none());
        assert_eq!(acronym("USDA"), Some(AcronymReading::Spell));
        assert_eq!(numeronym("K8s"), Some("kubernetes"));
        assert_eq!(numeronym("a11y"), Some("accessibility"));
        assert!(numeronym("mp3").is_none() && numeronym("kubernetes").is_none());
        assert!(is_month("April") && is_month("Apr.") && !is_month("april"));
        assert_eq!(month_name(4), Some("april"));
        assert_eq!(month_name(13), None);
        assert_eq!(month_name(0), None);
    }
}
