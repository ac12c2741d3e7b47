//! Chapter titles made from an interviewer's question. A title is a complete phrase of at most
//! [`MAX_TITLE`] characters: the topic of a request ("Do you recall X?", "Tell us about X" →
//! X); else the question itself when it is short, without the lead-in before it ("Building on
//! that, what motivated you…?" → "What motivated you…?"); else its noun phrase ("What has been
//! X?" → X) or its main clause, cut at a natural boundary (see [`super::cut`]).

use super::cut;
use regex::Regex;
use std::sync::LazyLock;

/// Longest chapter title, in characters.
pub(crate) const MAX_TITLE: usize = 60;

fn re(p: &str) -> Regex {
    Regex::new(p).expect("static pattern")
}

static VOCATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?:Mr|Mrs|Ms|Dr|Prof|President|Minister|Senator|Governor)\.?\s+)?[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ’'-]*(?:\s+[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ’'-]*){0,2},\s+",
    )
});
static DISCOURSE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:so|and|but|well|now|okay|ok|also|then|right|finally|lastly|next|alright|yes|sure|thank you|thanks)\b[,.]?\s+",
    )
});
static PLEASE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i),?\s*please\s*$"));
static FRAMING: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?ix)^(?:
        (?:can|could|would|will)\s+you\s+(?:please\s+)?(?:tell|give)\s+(?:us|me)\s+(?:a\s+(?:little|bit)\s+)?(?:more\s+)?(?:about\s+)?
      | (?:can|could|would|will)\s+you\s+(?:please\s+)?(?:talk|speak|say\s+something|comment|elaborate|expand)\s+(?:to\s+(?:us|me)\s+)?(?:a\s+(?:little|bit)\s+)?(?:more\s+)?(?:about|on)\s+
      | (?:can|could|would|will)\s+you\s+(?:please\s+)?(?:explain|describe)\s+
      | tell\s+(?:us|me)\s+(?:a\s+(?:little|bit)\s+)?(?:more\s+)?(?:about\s+)?
      | (?:do|did)\s+you\s+(?:still\s+)?(?:recall|remember)\s+
      | what\s+(?:do|did)\s+you\s+(?:think|make)\s+(?:about|of)\s+
      | how\s+do\s+you\s+(?:see|view|feel\s+about|assess)\s+
      | i\s+(?:want|wanted|would\s+like|'d\s+like|’d\s+like)\s+to\s+ask\s+(?:you\s+)?(?:about\s+)?
      | let(?:'s|’s|\s+us)\s+(?:talk|turn|move\s+on)\s+(?:about|to)\s+
      | (?:a|one|my)\s+(?:quick\s+|last\s+|final\s+|follow-up\s+|first\s+|second\s+)?question\s+(?:about|on|regarding|for\s+you\s+(?:about|on))\s+
    )")
});
static WHAT_IS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^what\s+(?:is|are|was|were|has\s+been|have\s+been|will\s+be|would\s+be)\s+(.+)$")
});
static WHAT_X_DONE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^what\s+((?:\S+\s+){1,6}?\S+)\s+(?:has|have|had|did|does|do)\s+\S+"));
static WHAT_X_IS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^what\s+((?:\S+\s+){0,5}?\S+)\s+(?:is|are|was|were|will\s+be|would\s+be|has\s+been|have\s+been)\b(.*)$",
    )
});

const QUESTION_START: &[&str] = &[
    "what", "how", "why", "who", "when", "where", "which", "do", "does", "did", "is", "are", "can",
    "could", "should", "will", "would", "has", "have", "was", "were", "any",
];

/// Words that make a topic refer back rather than name something ("tell us about that").
const BACK_REFERENCE: &[&str] = &[
    "it",
    "that",
    "this",
    "these",
    "those",
    "them",
    "yourself",
    "yourselves",
    "you",
    "us",
    "me",
    "him",
    "her",
    "there",
    "here",
];

/// "…, so why do they need …": a question asked inside a sentence that does not end in one.
static EMBEDDED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:[,;:—–]\s*|\s[-—–]\s*)(?:and\s+|so\s+|but\s+)?((?:why|how|what|when|where|who|which)\b[^,;:—–?]{8,}?)[.?!]?$",
    )
});

/// Splits text into sentences (keeping the end mark), minding "Dr." and "U.S.".
pub(crate) fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
        let core = w.trim_end_matches(['"', '”', '’', ')']);
        let ends =
            core.ends_with(['?', '!', '…']) || (core.ends_with('.') && !is_abbreviation(core));
        let next_upper = words
            .get(i + 1)
            .is_none_or(|n| n.chars().next().is_some_and(|c| !c.is_lowercase()));
        if ends && next_upper {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn is_abbreviation(w: &str) -> bool {
    let core = w.trim_end_matches('.');
    let lower = core.to_lowercase();
    matches!(
        lower.as_str(),
        "dr" | "mr"
            | "mrs"
            | "ms"
            | "st"
            | "prof"
            | "gen"
            | "sen"
            | "rep"
            | "gov"
            | "vs"
            | "etc"
            | "no"
            | "jr"
            | "sr"
            | "mt"
            | "lt"
            | "col"
            | "capt"
    ) || core.contains('.')
        || (core.chars().count() == 1 && core.chars().all(char::is_uppercase))
}

/// Whether `text` holds a direct question ("What is your name?", "Dr. Hahn, will it…?"),
/// rather than only a request to ask ("A question about tests, please?").
pub(crate) fn is_direct_question(text: &str) -> bool {
    sentences(text).iter().any(|s| {
        let t = s.trim_end_matches(['"', '”', '’', ')']);
        if !t.ends_with('?') {
            return false;
        }
        let mut t = DISCOURSE.replace(t.trim(), "").into_owned();
        if let Some(m) = VOCATIVE.find(&t) {
            t = t[m.end()..].to_string();
        }
        let first = t.split_whitespace().next().unwrap_or("").to_lowercase();
        QUESTION_START.contains(&first.as_str())
    })
}

/// The first word of `s`, lower case, without a clitic ("what's" → "what").
fn first_word(s: &str) -> String {
    let w = s.split_whitespace().next().unwrap_or("").to_lowercase();
    w.split(['\'', '’']).next().unwrap_or("").to_string()
}

fn is_question_sentence(s: &str) -> bool {
    s.trim_end_matches(['"', '”', '’', ')']).ends_with('?')
}

/// Whether a sentence's last word only points back ("What are your memories of that?").
fn ends_pointing_back(s: &str) -> bool {
    let last = s
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    BACK_REFERENCE.contains(&last.as_str())
}

/// A short title for a chapter opened by `question` (the interviewer's turn text).
pub(crate) fn from_question(question: &str) -> String {
    let sents = sentences(question);
    let long_enough = |s: &&String| s.split_whitespace().count() >= 3;
    let questions: Vec<&String> = sents
        .iter()
        .filter(long_enough)
        .filter(|s| is_question_sentence(s))
        .collect();
    let chosen = questions
        .iter()
        .find(|s| s.split_whitespace().count() >= 5 && !ends_pointing_back(s))
        .or_else(|| questions.iter().find(|s| !ends_pointing_back(s)))
        .copied()
        .cloned();
    // A question asked inside a statement ("…, so why do they need …") beats one that only
    // points back ("So what would be your response to that?").
    let embedded = || {
        sents.iter().find_map(|s| {
            EMBEDDED
                .captures(s.trim())
                .map(|c| format!("{}?", c[1].trim()))
        })
    };
    let chosen = chosen
        .or_else(|| embedded().filter(|e| !ends_pointing_back(e)))
        .or_else(|| {
            questions
                .iter()
                .max_by_key(|s| s.split_whitespace().count())
                .map(|s| s.to_string())
        })
        .or_else(|| sents.iter().rev().find(long_enough).cloned())
        .or_else(|| sents.last().cloned())
        .unwrap_or_default();
    title_of(&chosen)
}

/// The title of a heading: a question heading is made a title like an interviewer's question;
/// other headings are cut to length.
pub(crate) fn from_heading(heading: &str) -> String {
    if is_question_sentence(heading) {
        title_of(heading)
    } else {
        cut::shorten(heading, MAX_TITLE)
    }
}

/// How a title ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// With a question mark, when it still reads as a question.
    Question,
    /// Without one (a topic, a noun phrase, a statement).
    Statement,
}

/// The title made from one sentence.
fn title_of(sentence: &str) -> String {
    let asked = is_question_sentence(sentence);
    let s = unframed(sentence);
    let s = question_clause(&s);
    if let Some(topic) = requested_topic(&s) {
        return finish(&topic, Ending::Statement);
    }
    let ending = if asked {
        Ending::Question
    } else {
        Ending::Statement
    };
    if s.chars().count() < MAX_TITLE {
        return finish(&s, ending);
    }
    if let Some(phrase) = noun_phrase(&s) {
        return finish(&phrase, Ending::Statement);
    }
    finish(&s, ending)
}

/// The sentence without its end mark, discourse words, vocative and "please".
fn unframed(sentence: &str) -> String {
    let mut s = sentence
        .trim()
        .trim_start_matches(['—', '–', '-', '…', '.', ' '])
        .trim_end_matches(['?', '.', '!', '—', '–', ' ', '"', '”', '’'])
        .to_string();
    for _ in 0..3 {
        let before = s.clone();
        s = DISCOURSE.replace(&s, "").into_owned();
        if let Some(m) = VOCATIVE.find(&s) {
            if s[m.end()..].split_whitespace().count() >= 2 {
                s = s[m.end()..].to_string();
            }
        }
        s = PLEASE.replace(&s, "").into_owned();
        if before == s {
            break;
        }
    }
    s
}

/// The question proper after a lead-in: "I have to ask, what kind of physics…" → "what kind
/// of physics…"; "Building on your passion, what motivated you…" → "what motivated you…". A
/// sentence that starts as a question keeps its start.
fn question_clause(s: &str) -> String {
    if QUESTION_START.contains(&first_word(s).as_str()) {
        return s.to_string();
    }
    for (i, mark) in s
        .match_indices([',', ':', '—', '–'])
        .chain(s.match_indices("--"))
    {
        let rest = s[i + mark.len()..].trim_start();
        if QUESTION_START.contains(&first_word(rest).as_str())
            && rest.split_whitespace().count() >= 3
            && !(ends_pointing_back(rest) && rest.split_whitespace().count() <= 4)
        {
            return rest.to_string();
        }
    }
    s.to_string()
}

/// The topic of a request: "Do you recall the failed coup…" → "the failed coup…", "Tell us
/// what the role of ALBA will be…" → "the role of ALBA…". None when the topic only points
/// back ("tell us about yourself").
fn requested_topic(s: &str) -> Option<String> {
    let m = FRAMING.find(s)?;
    let rest = &s[m.end()..];
    let first = first_word(rest);
    if rest.split_whitespace().count() < 2 || BACK_REFERENCE.contains(&first.as_str()) {
        return None;
    }
    let topic = noun_phrase(rest).unwrap_or_else(|| rest.to_string());
    if topic.chars().count() > MAX_TITLE {
        if let Some(k) = key_phrase(&topic, MAX_TITLE) {
            return Some(k);
        }
    }
    Some(topic)
}

/// "What is X" / "What X is" → X, when X is a phrase of two words or more; "What X has
/// (someone) done…" → X.
fn noun_phrase(s: &str) -> Option<String> {
    if let Some(c) = WHAT_IS.captures(s) {
        return (c[1].split_whitespace().count() >= 2).then(|| c[1].to_string());
    }
    let aux = [
        "do", "does", "did", "can", "could", "should", "would", "will", "you", "is", "are", "was",
        "were", "has", "have", "had",
    ];
    if let Some(c) = WHAT_X_DONE.captures(s) {
        let x = &c[1];
        let ok = x.split_whitespace().count() >= 2 && !aux.contains(&first_word(x).as_str());
        return ok.then(|| x.to_string());
    }
    let c = WHAT_X_IS.captures(s)?;
    let subject = &c[1];
    (!aux.contains(&first_word(subject).as_str())).then(|| format!("{}{}", subject, &c[2]))
}

/// Cuts to a natural boundary within [`MAX_TITLE`] (keeping room for the question mark),
/// capitalises, and puts back a question mark on titles that still ask.
fn finish(title: &str, ending: Ending) -> String {
    let t = cut::shorten(title.trim(), MAX_TITLE - 1);
    let mut out = capitalise(&t);
    let still_asks = QUESTION_START.contains(&first_word(&t).as_str()) || t == title.trim();
    if ending == Ending::Question && still_asks && !out.ends_with('?') {
        out.push('?');
    }
    out
}

/// "head noun phrase" + "final phrase naming a place or a person" when that fits:
/// "the role of ALBA in trying to support the efforts there in Saint Vincent" →
/// "the role of ALBA in Saint Vincent".
fn key_phrase(text: &str, max: usize) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let capital = |w: &str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    let joiner = |w: &str| matches!(w, "and" | "the" | "of" | "de" | "&");
    // The last preposition followed only by a proper-noun phrase.
    let mut tail_start = None;
    for i in (1..words.len().saturating_sub(1)).rev() {
        let w = words[i].to_lowercase();
        if [
            "in", "on", "for", "against", "with", "at", "from", "about", "to",
        ]
        .contains(&w.as_str())
            && words[i + 1..].iter().all(|w| capital(w) || joiner(w))
            && capital(words[i + 1])
        {
            tail_start = Some(i);
            break;
        }
    }
    let tail_start = tail_start?;
    let head_end = (2..tail_start).find(|&i| {
        let w = words[i].to_lowercase();
        matches!(
            w.as_str(),
            "in" | "on"
                | "for"
                | "to"
                | "with"
                | "at"
                | "from"
                | "by"
                | "about"
                | "during"
                | "which"
                | "that"
                | "who"
                | "when"
                | "where"
                | "because"
                | "while"
                | "and"
        )
    })?;
    let phrase = format!(
        "{} {}",
        words[..head_end].join(" "),
        words[tail_start..].join(" ")
    );
    (phrase.chars().count() <= max).then_some(phrase)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_questions() {
        assert_eq!(
            from_question("Do you recall the failed coup against Hugo Chavez in 2002? What are your memories of that?"),
            "The failed coup against Hugo Chavez in 2002"
        );
        assert_eq!(
            from_question("Dr. Hahn, a question about antibody tests, please?"),
            "Antibody tests"
        );
        assert_eq!(
            from_question("What has been the overall response to everything that went on here, on the part of ALBA states?"),
            "The overall response to everything that went on here"
        );
        assert_eq!(
            from_question("So what does the council plan to do about water in the dry season?"),
            "What does the council plan to do about water?"
        );
        let t = from_question("Tell us what the role of ALBA will be in trying to support the efforts there in Saint Vincent and the Grenadines.");
        assert_eq!(t, "The role of ALBA in Saint Vincent and the Grenadines");
    }

    #[test]
    fn a_real_question_beats_an_echo() {
        assert_eq!(
            from_question("A whole year? Did you ever want to quit?"),
            "Did you ever want to quit?"
        );
    }

    #[test]
    fn direct_questions() {
        assert!(is_direct_question("What is your name?"));
        assert!(is_direct_question("Okay. Dr. Hahn, will it work?"));
        assert!(!is_direct_question(
            "Dr. Hahn, a question about antibody tests, please?"
        ));
        assert!(!is_direct_question("It's a quick question —"));
    }

    #[test]
    fn titles_stay_short() {
        let q = "Why is it that the people who live along the river keep losing their homes every single spring?";
        let t = from_question(q);
        assert!(t.chars().count() <= MAX_TITLE, "{t}");
        assert!(t.starts_with("Why is it"), "{t}");
    }

    #[test]
    fn sentences_mind_abbreviations() {
        assert_eq!(sentences("Dr. Hahn said so. Did he?").len(), 2);
    }
}
