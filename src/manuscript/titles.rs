//! Chapter titles made from an interviewer's question: the question sentence, without the
//! framing ("Can you tell us about …", "Do you recall …"), as a noun phrase when it is a
//! "what is X" question, cut at a phrase boundary to at most [`MAX_TITLE`] characters.

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
      | (?:can|could|would|will)\s+you\s+(?:please\s+)?(?:talk|speak|say\s+something|comment|elaborate|expand)\s+(?:a\s+(?:little|bit)\s+)?(?:more\s+)?(?:about|on)\s+
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
static WHAT_X_IS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^what\s+((?:\S+\s+){0,5}?\S+)\s+(?:is|are|was|were|will\s+be|would\s+be|has\s+been|have\s+been)\b(.*)$",
    )
});

/// Words a phrase may be cut before.
const BREAK_BEFORE: &[&str] = &[
    "in",
    "on",
    "for",
    "to",
    "with",
    "at",
    "from",
    "by",
    "about",
    "during",
    "against",
    "over",
    "after",
    "before",
    "since",
    "because",
    "while",
    "when",
    "where",
    "which",
    "who",
    "that",
    "and",
    "but",
    "or",
    "as",
    "if",
    "so",
    "including",
    "like",
    "between",
    "into",
    "through",
    "without",
    "of",
    "than",
    "whether",
];

/// Words a title must not end with.
const NO_END: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "for", "to", "with", "at", "from", "by", "about", "and",
    "or", "but", "that", "which", "who", "whose", "as", "is", "are", "was", "were", "be", "been",
    "will", "would", "can", "could", "do", "does", "did", "has", "have", "had", "trying", "going",
    "able", "very", "so", "than", "your", "our", "their", "its", "his", "her", "my", "this",
];

const QUESTION_START: &[&str] = &[
    "what", "how", "why", "who", "when", "where", "which", "do", "does", "did", "is", "are", "can",
    "could", "should", "will", "would", "has", "have", "was", "were",
];

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

/// A short title for a chapter opened by `question` (the interviewer's turn text).
pub(crate) fn from_question(question: &str) -> String {
    let sents = sentences(question);
    let long_enough = |s: &&String| s.split_whitespace().count() >= 3;
    let is_question = |s: &&String| s.trim_end_matches(['"', '”', '’', ')']).ends_with('?');
    let questions: Vec<&String> = sents
        .iter()
        .filter(long_enough)
        .filter(is_question)
        .collect();
    let chosen = questions
        .iter()
        .find(|s| s.split_whitespace().count() >= 5)
        .or_else(|| {
            questions
                .iter()
                .max_by_key(|s| s.split_whitespace().count())
        })
        .copied()
        .or_else(|| sents.iter().rev().find(long_enough))
        .or(sents.last())
        .cloned()
        .unwrap_or_default();
    let topic = topic_of(&chosen);
    let title = if topic.split_whitespace().count() >= 1 {
        topic
    } else {
        chosen.trim_end_matches(['?', '.', '!']).to_string()
    };
    finish(&title)
}

fn topic_of(sentence: &str) -> String {
    let mut s = sentence
        .trim()
        .trim_start_matches(['—', '–', '-', '…', '.', ' '])
        .trim_end_matches(['?', '.', '!', '—', '–', ' '])
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
    if let Some(m) = FRAMING.find(&s) {
        let rest = &s[m.end()..];
        if rest.split_whitespace().count() >= 2 {
            s = rest.to_string();
        }
    }
    if let Some(c) = WHAT_IS.captures(&s) {
        if c[1].split_whitespace().count() >= 2 {
            s = c[1].to_string();
        }
    } else if let Some(c) = WHAT_X_IS.captures(&s) {
        let subject = &c[1];
        let first = subject
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase();
        let aux = [
            "do", "does", "did", "can", "could", "should", "would", "will", "you",
        ];
        if !aux.contains(&first.as_str()) {
            s = format!("{}{}", subject, &c[2]);
        }
    }
    s
}

/// Cuts to the longest phrase boundary within [`MAX_TITLE`], tidies the end, capitalises, and
/// puts back a question mark on titles that are still questions.
fn finish(title: &str) -> String {
    let t = shorten(title.trim(), MAX_TITLE);
    let first = t.split_whitespace().next().unwrap_or("").to_lowercase();
    let mut out = capitalise(&t);
    if QUESTION_START.contains(&first.as_str()) && !out.ends_with('?') {
        out.push('?');
    }
    out
}

/// The longest prefix of `text` within `max` characters that ends at a phrase boundary, with
/// dangling function words removed.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    let mut cut = if text.chars().count() <= max {
        text.to_string()
    } else {
        key_phrase(text, max).unwrap_or_else(|| prefix_at_boundary(text, max))
    };
    loop {
        let trimmed = cut
            .trim_end_matches([',', ';', ':', '—', '–', '-', ' ', '('])
            .to_string();
        let last = trimmed
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_lowercase();
        if trimmed.split_whitespace().count() > 1 && NO_END.contains(&last.as_str()) {
            let n = trimmed.len() - last.len();
            cut = trimmed[..n].to_string();
        } else {
            cut = trimmed;
            break;
        }
    }
    cut
}

fn prefix_at_boundary(text: &str, max: usize) -> String {
    let mut best: Option<usize> = None;
    let mut fallback = 0;
    let mut chars = 0;
    let mut words = 0;
    for (i, w) in text.split(' ').enumerate() {
        let start = chars;
        let lower = w.to_lowercase();
        if i > 0 && start <= max && words >= 3 && BREAK_BEFORE.contains(&lower.as_str()) {
            best = Some(start);
        }
        chars += w.chars().count() + 1;
        words += 1;
        if chars - 1 <= max {
            fallback = chars - 1;
            if w.ends_with([',', ';', ':']) && words >= 3 {
                best = Some(chars - 1);
            }
        }
    }
    let end = best.unwrap_or(fallback);
    text.chars().take(end).collect()
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
        BREAK_BEFORE.contains(&w.as_str()) && w != "of"
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
