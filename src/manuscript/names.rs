//! Names in running text: person-like name sequences, initials, the interview phrases
//! ("conducted by", "spoke to") and gender from first names, titles and pronouns.

use crate::data::{self, DataError};
use crate::person::Gender;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{LazyLock, OnceLock};

/// Hand-picked first names, read from the data folder's `lexicon/first_names.txt` (see the
/// file's header for the source and licence).
static FIRST_NAMES: OnceLock<BTreeMap<String, Gender>> = OnceLock::new();

/// Reads and checks `lexicon/first_names.txt` from the data folder, once per process. The
/// gender lookups load it on first use and panic with this error's message if they cannot; a
/// program calls this first to report the error instead.
pub fn load_first_names() -> Result<(), DataError> {
    if FIRST_NAMES.get().is_none() {
        let names = read_first_names()?;
        let _ = FIRST_NAMES.set(names);
    }
    Ok(())
}

fn first_names() -> &'static BTreeMap<String, Gender> {
    FIRST_NAMES.get_or_init(|| read_first_names().unwrap_or_else(|e| panic!("{e}")))
}

fn read_first_names() -> Result<BTreeMap<String, Gender>, DataError> {
    let (path, text) = data::read_lexicon_text(data::FIRST_NAMES_FILE)?;
    let mut map = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (gender, names) = if let Some(n) = line.strip_prefix("female:") {
            (Gender::Female, n)
        } else if let Some(n) = line.strip_prefix("male:") {
            (Gender::Male, n)
        } else {
            return Err(DataError::Line {
                path,
                line: i + 1,
                why: "expected `female:` or `male:` and then names".to_string(),
            });
        };
        for name in names.split_whitespace() {
            map.insert(name.to_lowercase(), gender);
        }
    }
    Ok(map)
}

/// A capitalised word. Latin letters only (with accents): small character classes keep the
/// patterns quick to compile, which matters for a command that runs in milliseconds.
const NAME: &str = r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ’'.-]*";

static CONDUCTED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:conducted|interviewed|moderated|hosted|presented|led)\s+by\s+((?:{NAME})(?:\s+{NAME}){{0,3}}(?:(?:,\s*|\s+and\s+)(?:{NAME})(?:\s+{NAME}){{0,3}})*)"
    ))
    .expect("static pattern")
});

static SPOKE_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"((?:{NAME}\s+){{0,3}}{NAME})\s+(?:spoke|speaks|talked|talks|chatted|chats|sat down)\s+(?:to|with)\s+((?:{NAME})(?:\s+{NAME}){{0,3}})"
    ))
    .expect("static pattern")
});

static INTERVIEW_WITH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:[Ii]nterview(?:ed)?|[Cc]onversation)\s+with\s+((?:{NAME})(?:\s+{NAME}){{0,3}})"
    ))
    .expect("static pattern")
});

static PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*\([^()]{1,12}\)").expect("static pattern"));

/// Words that start sentences or name things, never people.
const NOT_NAME_WORDS: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "Our",
    "My",
    "We",
    "I",
    "He",
    "She",
    "They",
    "It",
    "In",
    "On",
    "At",
    "For",
    "And",
    "But",
    "So",
    "A",
    "An",
    "Today",
    "Yesterday",
    "Here",
];

/// What the intro says about who interviews whom.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct InterviewFacts {
    /// Names after "conducted by", "interviewed by"; subjects of "spoke to".
    pub interviewers: Vec<String>,
    /// Objects of "spoke to", "interview with".
    pub guests: Vec<String>,
}

/// Reads "conducted by A and B", "X spoke to Y", "an interview with Y" in `prose`.
pub(crate) fn interview_facts(prose: &str) -> InterviewFacts {
    let prose = PAREN.replace_all(prose, "");
    let mut f = InterviewFacts::default();
    for c in CONDUCTED_BY.captures_iter(&prose) {
        for part in c[1].split(',').flat_map(|p| p.split(" and ")) {
            let part = trim_name(part);
            if !part.is_empty() {
                f.interviewers.push(part);
            }
        }
    }
    for c in SPOKE_TO.captures_iter(&prose) {
        let subject = strip_leading_function_words(&c[1]);
        if !subject.is_empty() {
            f.interviewers.push(trim_name(&subject));
        }
        f.guests.push(trim_name(&c[2]));
    }
    for c in INTERVIEW_WITH.captures_iter(&prose) {
        f.guests.push(trim_name(&c[1]));
    }
    f
}

fn trim_name(s: &str) -> String {
    s.trim()
        .trim_end_matches(['.', ',', '’', '\''])
        .trim()
        .to_string()
}

fn strip_leading_function_words(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let start = words
        .iter()
        .position(|w| !NOT_NAME_WORDS.contains(w))
        .unwrap_or(words.len());
    words[start..].join(" ")
}

/// Sequences of two to four capitalised words ("Sacha Llorenti", "Luis Almagro").
pub(crate) fn name_sequences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut flush = |cur: &mut Vec<&str>| {
        if cur.len() >= 2 && cur.len() <= 4 {
            out.push(cur.join(" "));
        }
        cur.clear();
    };
    for raw in text.split_whitespace() {
        // A parenthesis opens an aside ("David Eads (Red Hat)"); a Markdown link's target
        // ends the name ("[David Eads](https://…)").
        if raw.starts_with('(') {
            flush(&mut cur);
        }
        let (raw, link_ends) = match raw.find("](") {
            Some(i) => (&raw[..i], true),
            None => (raw, false),
        };
        let w =
            raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-');
        let w = w.trim_end_matches(['’', '\'']).trim_end_matches("’s");
        let capital = w.chars().next().is_some_and(|c| c.is_uppercase())
            && w.chars().skip(1).any(|c| c.is_lowercase())
            && !NOT_NAME_WORDS.contains(&w);
        if capital {
            cur.push(w);
        } else {
            flush(&mut cur);
        }
        let ends = link_ends || raw.ends_with([',', '.', ';', ':', '?', '!', ')', '”']);
        if ends {
            flush(&mut cur);
        }
    }
    flush(&mut cur);
    out
}

/// The initials of a name, upper case ("Sacha Llorenti" → "SL").
pub(crate) fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

/// The full name written just before "(LABEL)" in `text` ("Camila Escalante (CE)").
pub(crate) fn defined_name(text: &str, label: &str) -> Option<String> {
    let needle = format!("({label})");
    let at = text.find(&needle)?;
    name_before(&text[..at])
}

/// Initials the text declares for a name: "Paul Smith (PS)", "Nora Olsen (NO)". Two to four
/// capitals in brackets that are the initials of the name just before them; these are
/// speaker labels even when they spell a word.
pub(crate) fn declared_initials(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices('(') {
        let inside = &text[at + 1..];
        let Some((close, _)) = inside.char_indices().take(6).find(|&(_, c)| c == ')') else {
            continue;
        };
        let label = &inside[..close];
        let n = label.chars().count();
        if !(2..=4).contains(&n) || !label.chars().all(char::is_uppercase) {
            continue;
        }
        let Some(name) = name_before(&text[..at]) else {
            continue;
        };
        let words: Vec<&str> = name.split_whitespace().collect();
        let last = &words[words.len().saturating_sub(n)..];
        if initials(&last.join(" ")) == label {
            out.insert(label.to_string());
        }
    }
    out
}

/// The capitalised words (at most four) just before the end of `before`.
fn name_before(before: &str) -> Option<String> {
    let words: Vec<&str> = before.split_whitespace().collect();
    let mut taken = Vec::new();
    for w in words.iter().rev() {
        let w = &w.trim_start_matches(['*', '_', '[', '"', '“']);
        let is_name = w.chars().next().is_some_and(|c| c.is_uppercase())
            && !w.ends_with([',', '.', ';', ':'])
            && !NOT_NAME_WORDS.contains(w);
        if !is_name || taken.len() == 4 {
            break;
        }
        taken.push(*w);
    }
    if taken.is_empty() {
        return None;
    }
    taken.reverse();
    Some(taken.join(" "))
}

/// Gender from a courtesy title or a listed first name.
pub(crate) fn gender_of_name(name: &str) -> Option<Gender> {
    let mut words = name.split_whitespace();
    let first = words.next()?;
    let t = first.trim_end_matches('.').to_lowercase();
    match t.as_str() {
        "mr" | "sir" | "lord" | "mister" | "señor" | "sr" => return Some(Gender::Male),
        "mrs" | "ms" | "miss" | "lady" | "madam" | "dame" | "señora" | "sra" => {
            return Some(Gender::Female)
        }
        "dr" | "prof" | "professor" | "the" | "gen" | "sen" | "rep" | "gov" => {
            return words
                .next()
                .and_then(|w| first_names().get(&w.to_lowercase()).copied());
        }
        _ => {}
    }
    first_names().get(&t).copied()
}

/// Gender from the other names in `all_names` (name sequences of the whole text) that end
/// in `name`'s surname, when there are some that tell a gender and they all agree: a speaker
/// labelled "DR. HAHN" whom the text also calls "Stephen Hahn" is a man. A one-word role
/// label ("Q", "Moderator") has no surname and gives nothing.
pub(crate) fn gender_of_namesakes(name: &str, all_names: &[String]) -> Option<Gender> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let surname = words.last()?.trim_end_matches('.');
    let mut found = all_names
        .iter()
        .filter(|n| !n.eq_ignore_ascii_case(name))
        .filter(|n| {
            n.split_whitespace()
                .last()
                .is_some_and(|w| w.eq_ignore_ascii_case(surname))
        })
        .filter_map(|n| {
            // the name's own title or first name, else the word before the surname
            // ("Then Anna Berg" at a sentence's start)
            let words: Vec<&str> = n.split_whitespace().collect();
            gender_of_name(n).or_else(|| {
                let given = words.get(words.len().checked_sub(2)?)?;
                first_names().get(&given.to_lowercase()).copied()
            })
        });
    let first = found.next()?;
    found.all(|g| g == first).then_some(first)
}

/// Gender from pronouns in the sentence that names `name` and the one after it, when only
/// one person is named there and the pronouns agree.
pub(crate) fn gender_from_pronouns(prose: &str, name: &str) -> Option<Gender> {
    let surname = name.split_whitespace().last()?;
    let sentences: Vec<&str> = prose.split_inclusive(['.', '!', '?']).collect();
    let mut he = 0;
    let mut she = 0;
    for (i, s) in sentences.iter().enumerate() {
        if !s.contains(surname) || name_sequences(s).len() > 1 {
            continue;
        }
        for t in sentences[i..sentences.len().min(i + 2)].iter() {
            for w in t.split(|c: char| !c.is_alphabetic()) {
                match w.to_lowercase().as_str() {
                    "he" | "him" | "his" | "himself" => he += 1,
                    "she" | "her" | "hers" | "herself" => she += 1,
                    _ => {}
                }
            }
        }
    }
    match (he, she) {
        (h, 0) if h > 0 => Some(Gender::Male),
        (0, s) if s > 0 => Some(Gender::Female),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interview_phrases() {
        let f = interview_facts(
            "Kawsachun News spoke to Sacha Llorenti, General Secretary. This interview was conducted by Camila Escalante (CE) and Oliver Vargas.",
        );
        assert_eq!(
            f.interviewers,
            vec!["Camila Escalante", "Oliver Vargas", "Kawsachun News"]
        );
        assert_eq!(f.guests, vec!["Sacha Llorenti"]);
    }

    #[test]
    fn names_and_initials() {
        let n = name_sequences("We spoke to Sacha Llorenti, and Luis Almagro’s allies.");
        assert!(n.contains(&"Sacha Llorenti".to_string()), "{n:?}");
        assert!(n.contains(&"Luis Almagro".to_string()), "{n:?}");
        assert_eq!(initials("Sacha Llorenti"), "SL");
        assert_eq!(
            defined_name("conducted by Camila Escalante (CE) and", "CE").as_deref(),
            Some("Camila Escalante")
        );
        let declared = declared_initials(
            "With Paul Smith (PS), Nora Olsen (NO), Dr. Ian Smith (IS), the sea (OK) and (NATO).",
        );
        let declared: Vec<&str> = declared.iter().map(String::as_str).collect();
        assert_eq!(declared, vec!["IS", "NO", "PS"]);
    }

    #[test]
    fn a_title_and_surname_takes_the_gender_of_the_full_name_in_the_text() {
        let all = |s: &str| name_sequences(s);
        let text = "And Dr. Stephen Hahn is here. Stephen Hahn will speak. Then Anna Berg.";
        assert_eq!(
            gender_of_namesakes("Dr. Hahn", &all(text)),
            Some(Gender::Male)
        );
        assert_eq!(
            gender_of_namesakes("Dr. Berg", &all(text)),
            Some(Gender::Female)
        );
        // no full name, two that disagree, or a one-word label: nothing
        assert_eq!(gender_of_namesakes("Dr. Olsen", &all(text)), None);
        let both = "Stephen Hahn and Anna Hahn spoke.";
        assert_eq!(gender_of_namesakes("Dr. Hahn", &all(both)), None);
        assert_eq!(gender_of_namesakes("Hahn", &all(text)), None);
    }

    #[test]
    fn genders() {
        assert_eq!(gender_of_name("Camila Escalante"), Some(Gender::Female));
        assert_eq!(gender_of_name("Sacha Llorenti"), None);
        assert_eq!(gender_of_name("Mr. Smith"), Some(Gender::Male));
        assert_eq!(
            gender_from_pronouns("We met Ana Ruiz. She runs a farm.", "Ana Ruiz"),
            Some(Gender::Female)
        );
    }
}
