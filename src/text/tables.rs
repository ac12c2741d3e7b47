//! The normalizer's word lists, read from `lexicon/*.txt` (compiled in with `include_str!`).

use std::collections::HashMap;
use std::sync::LazyLock;

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

/// Splits a data line into its `|`-separated fields, skipping comments and blanks.
fn fields(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('|').map(str::trim).collect())
}

static ABBREVIATIONS: LazyLock<HashMap<&'static str, Abbrev>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for f in fields(include_str!("../../lexicon/abbreviations.txt")) {
        let (Some(&key), Some(&exp), Some(&class)) = (f.first(), f.get(1), f.get(2)) else {
            continue;
        };
        let class = match class {
            "title" => AbbrevClass::Title,
            "place" => AbbrevClass::Place,
            "final" => AbbrevClass::Final,
            "number" => AbbrevClass::Number,
            "month" => AbbrevClass::Month,
            _ => AbbrevClass::Inner,
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
    map
});

static LOWER_ABBREVIATIONS: LazyLock<HashMap<String, Abbrev>> = LazyLock::new(|| {
    ABBREVIATIONS
        .iter()
        .map(|(k, v)| (k.to_lowercase(), *v))
        .collect()
});

static UNITS: LazyLock<HashMap<&'static str, Unit>> = LazyLock::new(|| {
    fields(include_str!("../../lexicon/units.txt"))
        .filter_map(|f| {
            Some((
                *f.first()?,
                Unit {
                    singular: f.get(1)?,
                    plural: f.get(2)?,
                },
            ))
        })
        .collect()
});

static ACRONYMS: LazyLock<HashMap<&'static str, AcronymReading>> = LazyLock::new(|| {
    fields(include_str!("../../lexicon/acronyms.txt"))
        .filter_map(|f| {
            let reading = match *f.get(1)? {
                "spell" => AcronymReading::Spell,
                _ => AcronymReading::Word,
            };
            Some((*f.first()?, reading))
        })
        .collect()
});

/// Looks up an abbreviation as written (exact case first, then ignoring case).
pub(crate) fn abbreviation(key: &str) -> Option<Abbrev> {
    if let Some(a) = ABBREVIATIONS.get(key) {
        return Some(*a);
    }
    if !key.contains('.') || key.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        // Without a period only exact matches count ("PhD", "vs"): "no" is a word; and
        // "V." is an initial, not "v." (versus).
        return None;
    }
    LOWER_ABBREVIATIONS.get(&key.to_lowercase()).copied()
}

/// Looks up a unit (case-sensitive: "m" is metres, "M" is not a unit).
pub(crate) fn unit(key: &str) -> Option<Unit> {
    UNITS.get(key).copied()
}

/// The listed reading of an all-capital token, if any.
pub(crate) fn acronym(key: &str) -> Option<AcronymReading> {
    ACRONYMS.get(key).copied()
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
        assert!(is_month("April") && is_month("Apr.") && !is_month("april"));
        assert_eq!(month_name(4), Some("april"));
        assert_eq!(month_name(13), None);
        assert_eq!(month_name(0), None);
    }
}
