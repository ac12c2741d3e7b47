//! Cutting a phrase to a length at a natural boundary: after a comma or a dash, before a
//! clause ("and how did you…", "which…", "when…"), before a prepositional phrase, never leaving
//! an article, preposition, conjunction, auxiliary or question word at the end.

/// Words that open a subordinate or relative clause: a cut before them leaves a whole clause.
const CLAUSE_OPENERS: &[&str] = &[
    "because",
    "while",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "whether",
    "if",
    "that",
    "so",
    "than",
    "although",
    "though",
    "unless",
    "since",
    "until",
    "including",
    "especially",
    "particularly",
];

/// Words that, after "and", "or" or "but", start a new clause or request ("…, or did you…",
/// "and how…", "and tell us…").
const CLAUSE_STARTS: &[&str] = &[
    "i", "you", "we", "they", "he", "she", "it", "what", "how", "why", "who", "when", "where",
    "which", "do", "does", "did", "is", "are", "was", "were", "can", "could", "would", "will",
    "should", "has", "have", "had", "if", "so", "tell", "explain", "describe", "share", "talk",
    "give", "walk",
];

/// Subject pronouns: after a noun they open a reduced relative clause ("the projects you are
/// working on").
const SUBJECTS: &[&str] = &["i", "you", "we", "they", "he", "she"];

/// Words after which a subject pronoun is not a new clause ("did you", "to you", "and you").
const NOT_BEFORE_SUBJECT: &[&str] = &[
    "do", "does", "did", "is", "are", "was", "were", "can", "could", "would", "will", "should",
    "have", "has", "had", "what", "how", "why", "who", "when", "where", "which", "that", "if",
    "and", "or", "but", "so", "as", "than", "because", "while", "let", "thank", "tell", "ask",
    "give", "help", "see", "make", "get",
];

/// Prepositions: a cut before them drops a modifier.
const PREPOSITIONS: &[&str] = &[
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
    "between",
    "into",
    "through",
    "without",
    "of",
    "within",
    "across",
    "among",
    "around",
    "under",
    "beyond",
    "towards",
    "toward",
    "via",
    "per",
    "regarding",
    "concerning",
    "as",
    "like",
];

/// Words a title must not end with.
const NO_END: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "for", "to", "with", "at", "from", "by", "about", "and",
    "or", "but", "nor", "that", "which", "who", "whom", "whose", "as", "is", "are", "was", "were",
    "be", "been", "being", "am", "will", "would", "can", "could", "shall", "should", "may",
    "might", "must", "do", "does", "did", "has", "have", "had", "trying", "going", "able", "very",
    "so", "than", "your", "our", "their", "its", "his", "her", "my", "this", "these", "those",
    "how", "what", "why", "when", "where", "whether", "if", "into", "within", "between", "through",
    "during", "over", "against", "via", "like", "because", "while", "just", "also", "not", "more",
    "most", "any", "some", "every", "each", "such", "even",
];

/// Words after which a dropped final preposition is stranded on purpose ("What should I look
/// out for?"): questions whose first word asks for the object.
const OBJECT_QUESTIONS: &[&str] = &["what", "who", "whom", "which", "where"];

/// Auxiliaries and prepositions before which an "-ing" word is part of the verb, not the start
/// of a modifier ("are you working", "for testing").
const ING_BOUND: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "am", "of", "for", "to", "about", "by", "in", "on",
    "at", "from", "with", "without", "keep", "keeps", "kept", "start", "started", "stop",
    "stopped", "enjoy", "enjoyed", "like", "love", "before", "after", "while", "when", "you", "i",
    "we", "they", "he", "she", "it",
];

/// How good a place to cut is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Boundary {
    /// Before a participle or a prepositional phrase: the phrase so far is complete but loses
    /// a modifier.
    Modifier,
    /// After a comma, semicolon, colon or dash, or before a clause: the clause so far is whole.
    Clause,
}

/// The longest prefix of `text` within `max` characters that ends at a natural boundary, with
/// dangling function words removed. A cut after a whole clause is preferred when it keeps at
/// least half of `max`.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        // Whole: complete as written.
        return text
            .trim_end_matches([',', ';', ':', '—', '–', '-', ' '])
            .to_string();
    }
    tidy_end(&prefix_at_boundary(text, max), asks_for_object(text))
}

/// Whether a question asks for an object, so that a final preposition belongs to it ("What
/// kind of physics did you work on?").
fn asks_for_object(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("").to_lowercase();
    let first = first.split(['\'', '’']).next().unwrap_or("");
    OBJECT_QUESTIONS.contains(&first)
}

/// Removes trailing punctuation and function words.
fn tidy_end(cut: &str, stranded_ok: bool) -> String {
    let mut cut = cut.to_string();
    let mut first_pass = true;
    // The preposition removed last: one before it is a verb's particle ("weigh in on").
    let mut removed_preposition = false;
    loop {
        let trimmed = cut
            .trim_end_matches([',', ';', ':', '—', '–', '-', ' ', '(', '/'])
            .to_string();
        let last = trimmed
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_lowercase();
        let is_preposition = PREPOSITIONS.contains(&last.as_str());
        let keep_preposition =
            is_preposition && ((first_pass && stranded_ok) || removed_preposition);
        first_pass = false;
        removed_preposition = is_preposition;
        // "into that": a pronoun object, not a relative "that".
        let before_last = trimmed
            .split_whitespace()
            .rev()
            .nth(1)
            .unwrap_or("")
            .to_lowercase();
        let pronoun_object = matches!(last.as_str(), "that" | "this")
            && PREPOSITIONS.contains(&before_last.as_str());
        if trimmed.split_whitespace().count() > 1
            && NO_END.contains(&last.as_str())
            && !keep_preposition
            && !pronoun_object
        {
            let n = trimmed.len() - last.len();
            cut = trimmed[..n].to_string();
        } else {
            return trimmed;
        }
    }
}

/// Cut points of `text`: (byte offset of the end of the kept part, kind).
fn boundaries(text: &str) -> Vec<(usize, Boundary)> {
    let words: Vec<(usize, &str)> = text
        .split(' ')
        .scan(0usize, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, &(start, w)) in words.iter().enumerate() {
        let lower = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let prev = i
            .checked_sub(1)
            .map(|j| words[j].1)
            .unwrap_or("")
            .to_lowercase();
        let next = words
            .get(i + 1)
            .map(|(_, w)| w.to_lowercase())
            .unwrap_or_default();
        if i >= 2 && w.ends_with([',', ';', ':']) {
            out.push((start + w.len() - 1, Boundary::Clause));
        }
        if i >= 2 && matches!(w, "—" | "–" | "-" | "--") {
            out.push((start, Boundary::Clause));
        }
        if i < 3 {
            continue;
        }
        let prev_comma = prev.ends_with(',');
        let prev_word = prev.trim_matches(|c: char| !c.is_alphanumeric());
        let clause = CLAUSE_OPENERS.contains(&lower.as_str())
            || (matches!(lower.as_str(), "and" | "or" | "but")
                && (prev_comma || CLAUSE_STARTS.contains(&next.as_str())))
            || (SUBJECTS.contains(&lower.as_str())
                && !NOT_BEFORE_SUBJECT.contains(&prev_word)
                && !PREPOSITIONS.contains(&prev_word));
        // "beginners looking to…": a participle after a plural noun starts a modifier; a
        // capitalised word ("SIG Scheduling") is a name.
        let participle = lower.len() > 5
            && lower.ends_with("ing")
            && w.starts_with(char::is_lowercase)
            && prev_word.len() > 3
            && prev_word.ends_with('s')
            && !ING_BOUND.contains(&prev_word);
        if clause {
            out.push((start, Boundary::Clause));
        } else if PREPOSITIONS.contains(&lower.as_str()) || participle {
            out.push((start, Boundary::Modifier));
        }
    }
    out
}

fn prefix_at_boundary(text: &str, max: usize) -> String {
    let fits = |end: usize| text[..end].trim_end().chars().count() <= max;
    let cuts = boundaries(text);
    let best_of = |kind: Option<Boundary>| {
        cuts.iter()
            .filter(|(end, k)| fits(*end) && kind.is_none_or(|want| *k == want))
            .map(|(end, _)| *end)
            .max()
    };
    let clause =
        best_of(Some(Boundary::Clause)).filter(|&e| text[..e].chars().count() * 5 >= max * 2);
    let end = clause.or_else(|| best_of(None)).unwrap_or_else(|| {
        // No boundary fits: the longest run of whole words.
        let mut end = 0;
        for (i, _) in text.match_indices(' ') {
            if fits(i) {
                end = i;
            }
        }
        end
    });
    text[..end].trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_keep_whole_clauses() {
        assert_eq!(
            shorten(
                "Did you take a tour into that, or did you decide to go elsewhere directly",
                59
            ),
            "Did you take a tour into that"
        );
        assert_eq!(
            shorten(
                "How crucial is the role of allies within the DHHWG, and what contributions have they made",
                59
            ),
            "How crucial is the role of allies within the DHHWG"
        );
    }

    #[test]
    fn cuts_drop_modifiers_and_dangling_words() {
        assert_eq!(
            shorten(
                "Do you have any final thoughts or a call to action for our readers",
                59
            ),
            "Do you have any final thoughts or a call to action"
        );
        assert_eq!(
            shorten(
                "Can you point us to specific examples of how that has changed",
                59
            ),
            "Can you point us to specific examples"
        );
        assert_eq!(
            shorten(
                "Any recommendations for new contributors or beginners looking to get involved and contribute",
                59
            ),
            "Any recommendations for new contributors or beginners"
        );
    }

    #[test]
    fn a_particle_stays_with_its_verb() {
        assert_eq!(
            shorten(
                "Can both of you weigh in on whether or not you believe the minimum wage should be included",
                59
            ),
            "Can both of you weigh in"
        );
    }

    #[test]
    fn a_stranded_preposition_stays_in_a_question_about_an_object() {
        assert_eq!(
            shorten(
                "What should I look out for when changing CRI implementations",
                59
            ),
            "What should I look out for"
        );
    }
}
