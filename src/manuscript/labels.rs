//! Speaker labels at the start of a line: `CE:`, `Sacha Llorenti:`, `DR. HAHN:  `, `Q:`, a bare
//! `Q` followed by no-break spaces, `Q.`, `**Name:**`, `**Name**:`, `**Q: question?**` (also
//! when the bold question runs over several lines), a bold label without a colon
//! (`**JD** I think…`), a label that declares the initials used later (`Jane Doe (JD):`,
//! `**Jane Doe (JD)**:`), and any of these after a time stamp (`[00:01:02] P: …`).
//!
//! This module only finds *candidates*; [`super::lines`] accepts a candidate when the document
//! uses it like a label (see `accept`).

use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// How sure the shape of a label is on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Strength {
    /// Name-cased words ("Sacha Llorenti", "Camila"): a label only if the document agrees.
    Weak,
    /// Upper case (`CE`, `THE PRESIDENT`) or a role word (`Q`, `Interviewer`).
    Strong,
}

/// A possible speaker label found at the start of a line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    /// The label as written, trimmed ("DR. HAHN", "Q").
    pub label: String,
    /// The text after the label.
    pub rest: String,
    /// The label was in bold.
    pub bold: bool,
    /// The text after the label was inside the same bold span (`**Q: Why?**`): a bold
    /// question whose answer follows unlabelled.
    pub bold_text: bool,
    /// How label-like its shape is.
    pub strength: Strength,
    /// How the label ends.
    pub end: LabelEnd,
    /// The name a label declares with its initials: "Jane Doe" for `Jane Doe (JD):` (the
    /// label is then `JD`).
    pub named: Option<String>,
}

/// How a label is set off from the text after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LabelEnd {
    /// A colon, a period, a dash or wide spacing (`CE:`, `Q.`, `Q\u{a0}\u{a0}`).
    Mark,
    /// Only the end of a bold span (`**JD** I think…`): a label only when the document uses
    /// it that way repeatedly.
    Bold,
}

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:\[\s*\d{1,3}(?::\d{2}){1,3}(?:[.,]\d+)?\s*\]|\(\s*\d{1,3}(?::\d{2}){1,3}(?:[.,]\d+)?\s*\)|\d{1,3}(?::\d{2}){1,3}(?:[.,]\d+)?(?:\s|$))\s*(?:[-–—]\s+)?",
    )
    .expect("static pattern")
});

/// `Speaker 1 (00:00:03): …`: a label with its time stamp before the colon.
static TIMED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([^:()\[\]]{1,40}?)\s*[(\[]\d{1,3}(?::\d{2}){1,3}(?:[.,]\d+)?[)\]]\s*:(?:\s|$)")
        .expect("static pattern")
});

/// Words that look like labels but introduce prose or metadata ("Note: …", "Update: …").
const NOT_LABELS: &[&str] = &[
    "note",
    "notes",
    "nb",
    "update",
    "updated",
    "source",
    "sources",
    "photo",
    "photos",
    "photograph",
    "image",
    "video",
    "audio",
    "watch",
    "listen",
    "credit",
    "credits",
    "caption",
    "warning",
    "caution",
    "example",
    "examples",
    "tip",
    "tips",
    "tags",
    "tag",
    "category",
    "categories",
    "related",
    "see also",
    "read more",
    "read",
    "editor's note",
    "editor’s note",
    "disclaimer",
    "correction",
    "corrections",
    "posted",
    "published",
    "filed under",
    "share",
    "subscribe",
    "email",
    "e-mail",
    "phone",
    "tel",
    "fax",
    "address",
    "website",
    "web",
    "date",
    "time",
    "location",
    "venue",
    "title",
    "subject",
    "from",
    "to",
    "summary",
    "abstract",
    "keywords",
    "introduction",
    "conclusion",
    "background",
    "chapter",
    "part",
    "figure",
    "table",
    "transcript",
    "interview",
    "exclusive interview",
    "podcast",
    "episode",
    "review",
    "q&a",
    "live",
    "edit",
    "bonus",
    "ps",
    "p.s",
    "update",
    "breaking",
    "exclusive",
    "opinion",
    "analysis",
    "comment",
    "issued on",
    "issued",
    "released",
    "remarks",
    "step",
    "day",
    "how",
    "why",
    "what",
    "when",
    "where",
    "who",
    "the answer",
    "the question",
    "the goal",
    "result",
    "results",
    "yes",
    "no",
    "first",
    "second",
    "third",
    "finally",
    "also",
    "but",
    "and",
    "so",
    "however",
    "meanwhile",
    "today",
    "tomorrow",
    "yesterday",
    "here",
    "there",
    "this",
    "that",
];

/// Label words that name a role rather than a person.
const ROLE_WORDS: &[&str] = &[
    "q",
    "a",
    "question",
    "answer",
    "interviewer",
    "interviewee",
    "host",
    "guest",
    "moderator",
    "reporter",
    "narrator",
    "audience",
    "participant",
    "caller",
    "speaker",
    "unknown",
    "unidentified",
    "respondent",
    "announcer",
    "anchor",
    "presenter",
    "panelist",
];

/// Lower-case particles inside names ("Luis de la Fuente").
const PARTICLES: &[&str] = &[
    "de", "da", "del", "della", "di", "do", "dos", "das", "du", "la", "le", "van", "von", "der",
    "den", "ter", "bin", "al", "el", "y", "e", "ibn",
];

/// Whether a label (any case) is a role word (`Q`, `Interviewer`, `Speaker 2`).
pub(crate) fn is_role_word(label: &str) -> bool {
    let k = label.trim_end_matches('.').to_lowercase();
    let first = k.split_whitespace().next().unwrap_or("");
    ROLE_WORDS.contains(&k.as_str()) || (first == "speaker" && k.split_whitespace().count() <= 2)
}

/// Whether a label asks (`Q`, `Question`).
pub(crate) fn is_question_word(label: &str) -> bool {
    matches!(key(label).as_str(), "Q" | "QUESTION")
}

/// The comparison key of a label: upper case, single spaces, no trailing dot.
pub(crate) fn key(label: &str) -> String {
    super::clean::collapse(label)
        .trim_end_matches('.')
        .to_uppercase()
}

/// Strips a leading time stamp (`[00:01:02]`, `(01:02)`, `00:01:02 -`), if any.
pub(crate) fn strip_time(line: &str) -> &str {
    if !may_start_with_time(line) {
        return line;
    }
    match TIME.find(line) {
        Some(m) => &line[m.end()..],
        None => line,
    }
}

/// A line holding only a time stamp (`[00:00:02:15]`).
pub(crate) fn is_time_line(line: &str) -> bool {
    may_start_with_time(line) && TIME.is_match(line) && strip_time(line).trim().is_empty()
}

/// Whether [`TIME`] can match: it starts (after white space) with `[`, `(` or a digit. Most
/// lines fail this check, and then the pattern is neither compiled nor run.
fn may_start_with_time(line: &str) -> bool {
    line.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c == '[' || c == '(' || c.is_numeric())
}

/// Finds a label candidate at the start of `line` (raw, with its Markdown). `declared` holds
/// the initials the text declares for names ("Nora Olsen (NO)", see
/// [`super::names::declared_initials`]): those are labels even when they spell a word that
/// is otherwise never a label (`NO:`, `PS:`).
pub(crate) fn candidate(line: &str, declared: &BTreeSet<String>) -> Option<Candidate> {
    let shape = |label: &str| shape(label, declared);
    let s = strip_time(line).trim_start();
    let s = super::clean::strip_line_markers(s);
    if let Some(c) = bold_label(s, declared) {
        return Some(c);
    }
    if let Some(c) = bare_letter(s) {
        return Some(c);
    }
    // The pattern needs a colon and a digit; most lines have no digit.
    let may_be_timed = s.contains(':') && s.chars().any(char::is_numeric);
    if let Some(c) = may_be_timed.then(|| TIMED_LABEL.captures(s)).flatten() {
        let label = c.get(1).map_or("", |m| m.as_str()).trim();
        let rest = &s[c.get(0).map_or(0, |m| m.end())..];
        return shape(label).map(|strength| Candidate {
            label: super::clean::collapse(label),
            rest: rest.trim().to_string(),
            bold: false,
            bold_text: false,
            strength,
            end: LabelEnd::Mark,
            named: None,
        });
    }
    let colon = s.find(':').filter(|&i| i <= 64)?;
    let after = &s[colon + 1..];
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    let (label, named, strength) = label_parts(s[..colon].trim(), declared)?;
    Some(Candidate {
        label,
        rest: strip_time(after).trim().to_string(),
        bold: false,
        bold_text: false,
        strength,
        end: LabelEnd::Mark,
        named,
    })
}

/// The label, the name it declares and its strength: `Jane Doe (JD)` → (`JD`, "Jane Doe",
/// strong); `CE` → (`CE`, none, strong).
fn label_parts(
    label: &str,
    declared: &BTreeSet<String>,
) -> Option<(String, Option<String>, Strength)> {
    if let Some((name, initials)) = declaring(label) {
        return Some((initials, Some(name), Strength::Strong));
    }
    let strength = shape(label, declared)?;
    Some((super::clean::collapse(label), None, strength))
}

/// `Jane Doe (JD)`, `Frederico (FSM)`: a name followed by the initials that will label the
/// speaker's later turns. The initials are two to five capitals and start with the name's
/// first letter (a first name alone may be followed by the initials of the full name).
fn declaring(label: &str) -> Option<(String, String)> {
    let inner = label.strip_suffix(')')?;
    let open = inner.rfind(" (")?;
    let (name, initials) = (inner[..open].trim(), &inner[open + 2..]);
    let n = initials.chars().count();
    let capitals = (2..=5).contains(&n) && initials.chars().all(|c| c.is_ascii_uppercase());
    let same_start = name.chars().next() == initials.chars().next();
    let name_like = shape(name, &BTreeSet::new()) == Some(Strength::Weak);
    (capitals && same_start && name_like).then(|| (super::clean::collapse(name), initials.into()))
}

/// `**Name:** text`, `**Name**: text`, `**Q: question?**`, `**Q: a question that goes on`
/// (closed on a later line), `**JD** text` (also with `__`).
fn bold_label(s: &str, declared: &BTreeSet<String>) -> Option<Candidate> {
    let marker = if s.starts_with("**") {
        "**"
    } else if s.starts_with("__") {
        "__"
    } else {
        return None;
    };
    let inner_start = marker.len();
    let Some(close) = s[inner_start..].find(marker).map(|c| c + inner_start) else {
        // A bold span that goes on past this line: `**FSM: Given this breadth, how do`.
        let inner = &s[inner_start..];
        let colon = inner.find(':').filter(|&i| i <= 64)?;
        let (label, named, strength) = label_parts(inner[..colon].trim(), declared)?;
        return Some(Candidate {
            label,
            rest: format!("{marker}{}", inner[colon + 1..].trim()),
            bold: true,
            bold_text: true,
            strength,
            end: LabelEnd::Mark,
            named,
        });
    };
    let inner = s[inner_start..close].trim();
    let after = &s[close + marker.len()..];
    // `**Speaker 1** (00:00:03): …`
    let after = match strip_time(after).trim_start() {
        t if t.starts_with(':') => t,
        _ => after,
    };
    let mut bold_text = false;
    let mut end = LabelEnd::Mark;
    let (label, rest) = if let Some(l) = inner.strip_suffix(':') {
        bold_text = after.trim_start().starts_with(marker);
        (l.to_string(), after.to_string())
    } else if let Some(a) = after.strip_prefix(':') {
        bold_text = a.trim_start().starts_with(marker);
        (inner.to_string(), a.to_string())
    } else if let Some(i) = inner.find(':') {
        bold_text = after.trim().is_empty();
        (
            inner[..i].to_string(),
            format!("{} {}", &inner[i + 1..], after),
        )
    } else if after.starts_with(char::is_whitespace) && !after.trim().is_empty() {
        // `**JD** I think…`
        end = LabelEnd::Bold;
        (inner.to_string(), after.to_string())
    } else {
        return None;
    };
    let (label, named, strength) = label_parts(label.trim(), declared)?;
    Some(Candidate {
        label,
        rest: strip_time(rest.trim()).trim().to_string(),
        bold: true,
        bold_text,
        strength,
        end,
        named,
    })
}

/// A bare `Q` or `A` followed by no-break spaces, two spaces, a tab, a dot or a dash.
fn bare_letter(s: &str) -> Option<Candidate> {
    let mut chars = s.chars();
    let letter = chars.next()?;
    if letter != 'Q' && letter != 'A' {
        return None;
    }
    let rest = chars.as_str();
    let spaced = rest.starts_with(['\u{a0}', '\t']) || rest.starts_with("  ");
    let marked = rest.starts_with(". ") || rest.starts_with(" — ") || rest.starts_with(" – ");
    if !(spaced || marked || (letter == 'Q' && rest.trim().is_empty())) {
        return None;
    }
    let after = if marked { &rest[1..] } else { rest };
    let after = after
        .trim_start()
        .strip_prefix(['—', '–'])
        .filter(|_| marked)
        .unwrap_or(after)
        .trim();
    Some(Candidate {
        label: letter.to_string(),
        rest: after.to_string(),
        bold: false,
        bold_text: false,
        strength: Strength::Strong,
        end: LabelEnd::Mark,
        named: None,
    })
}

/// Whether `label` is shaped like a speaker label, and how strongly. Initials in `declared`
/// are labels even when they spell a word.
fn shape(label: &str, declared: &BTreeSet<String>) -> Option<Strength> {
    let label = label.trim();
    let words: Vec<&str> = label.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 || label.chars().count() > 40 {
        return None;
    }
    let first = label.chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '\'' | '’');
    if !label.chars().all(allowed) {
        return None;
    }
    let initials: String = label.chars().filter(|c| c.is_alphabetic()).collect();
    if declared.contains(&initials) && initials.chars().all(char::is_uppercase) {
        return Some(Strength::Strong);
    }
    let lower = label.trim_end_matches('.').to_lowercase();
    if NOT_LABELS.contains(&lower.as_str()) {
        return None;
    }
    if is_role_word(label) {
        return Some(Strength::Strong);
    }
    if label.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let letters = || label.chars().filter(|c| c.is_alphabetic());
    if letters().all(|c| c.is_uppercase()) {
        return Some(Strength::Strong);
    }
    let name_like = words.iter().enumerate().all(|(i, w)| {
        let c = w.chars().next().unwrap_or(' ');
        (c.is_uppercase() && w.chars().skip(1).any(|c| c.is_lowercase() || c == '.'))
            || (i > 0 && PARTICLES.contains(w))
    });
    if name_like && words.len() <= 4 {
        Some(Strength::Weak)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(line: &str) -> Option<(String, String, Strength)> {
        candidate(line, &BTreeSet::new()).map(|c| (c.label, c.rest, c.strength))
    }

    #[test]
    fn label_styles_are_candidates() {
        let strong = Strength::Strong;
        assert_eq!(
            label("CE: We heard"),
            Some(("CE".into(), "We heard".into(), strong))
        );
        assert_eq!(
            label("THE PRESIDENT:\u{a0} Thank you."),
            Some(("THE PRESIDENT".into(), "Thank you.".into(), strong))
        );
        assert_eq!(
            label("Q\u{a0} \u{a0} \u{a0} Dr. Hahn, a question?"),
            Some(("Q".into(), "Dr. Hahn, a question?".into(), strong))
        );
        assert_eq!(label("[00:01:02] P: Roger").map(|l| l.0), Some("P".into()));
        assert_eq!(
            label("**Maria Lopez:** Yes.").map(|l| l.1),
            Some("Yes.".into())
        );
        assert_eq!(
            label("**Maria Lopez**: Yes.").map(|l| l.0),
            Some("Maria Lopez".into())
        );
        assert_eq!(
            label("**Q: Why water?**").map(|l| (l.0, l.1)),
            Some(("Q".into(), "Why water?".into()))
        );
        assert_eq!(
            label("Sacha Llorenti: Well").map(|l| l.2),
            Some(Strength::Weak)
        );
        assert_eq!(
            label("Speaker 2 (00:00:10): Thanks.").map(|l| (l.0, l.1)),
            Some(("Speaker 2".into(), "Thanks.".into()))
        );
        assert_eq!(
            label("**Speaker 1** (00:01:05): And?").map(|l| (l.0, l.1)),
            Some(("Speaker 1".into(), "And?".into()))
        );
    }

    #[test]
    fn prose_colons_are_not_candidates() {
        assert_eq!(label("The goal: water."), None);
        assert_eq!(label("Note: this is an aside."), None);
        assert_eq!(label("Issued on: April 27, 2020"), None);
        assert_eq!(label("A little bit of context: You may recall"), None);
        assert_eq!(label("At 5:39 we met"), None);
        assert_eq!(label("See https://example.org"), None);
        assert_eq!(label("A good day."), None);
        assert_eq!(label("_note: HF was not received"), None);
    }

    #[test]
    fn declared_initials_are_labels_even_when_they_spell_words() {
        let declared: BTreeSet<String> = ["NO".to_string(), "PS".to_string()].into();
        assert_eq!(label("NO: Not at all."), None);
        let with = |l: &str| candidate(l, &declared).map(|c| (c.label, c.strength));
        assert_eq!(
            with("NO: Not at all."),
            Some(("NO".into(), Strength::Strong))
        );
        assert_eq!(with("P S: Why?"), Some(("P S".into(), Strength::Strong)));
        assert_eq!(with("**PS:** Why?").map(|c| c.0), Some("PS".into()));
        assert_eq!(with("No: not a label."), None);
        assert_eq!(with("Note: an aside."), None);
    }

    #[test]
    fn time_lines() {
        assert!(is_time_line("[00:00:00:00]"));
        assert!(is_time_line("  (01:02) "));
        assert!(!is_time_line("5:39 P.M. EDT"));
        assert_eq!(strip_time("[00:01:02] P: x"), "P: x");
    }
}
