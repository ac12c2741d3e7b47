//! Stage directions in transcripts: `[LAUGHING]`, `(Laughter.)`, `[crosstalk]`, `(Speaks in
//! Spanish.)`, and the editor's `[sic]`. They describe the recording or the transcript; they
//! are not words anyone said, so they are not read (and `aloud plan` lists them).

use regex::Regex;
use std::sync::LazyLock;

/// A stage direction in brackets or parentheses, from a closed list of the usual ones.
static DIRECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\s*\\?[\[(]\s*(?:sic|laughter|laughing|laughs|laugh|chuckles?|applause|crosstalk|cross-talk|inaudible|unintelligible|indiscernible|off[- ]mic|pause|long pause|sighs?|coughs?|music|music playing|silence|speaks in [a-z]+|no translation provided|audio (?:cuts out|drops)|break in (?:audio|recording)|technical difficulties)\s*\.?\s*\\?[\])]",
    )
    .expect("static pattern")
});

/// Whether `text` is nothing but stage directions (`[LAUGHING]`, `(Laughter.) (Applause.)`).
pub(crate) fn is_only_directions(text: &str) -> bool {
    let t = text.trim();
    may_hold(t) && !t.is_empty() && DIRECTION.replace_all(t, "").trim().is_empty()
}

/// `text` without its stage directions, and the directions removed (as written).
pub(crate) fn strip(text: &str) -> (String, Vec<String>) {
    if !may_hold(text) {
        return (text.to_string(), Vec::new());
    }
    let found: Vec<String> = DIRECTION
        .find_iter(text)
        .map(|m| m.as_str().trim().to_string())
        .collect();
    if found.is_empty() {
        return (text.to_string(), found);
    }
    let kept = DIRECTION.replace_all(text, "");
    (super::clean::collapse(kept.trim()), found)
}

/// Cheap check before the pattern runs: a bracket or parenthesis.
fn may_hold(text: &str) -> bool {
    text.contains(['[', '('])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_are_found_and_removed() {
        assert!(is_only_directions("[LAUGHING]"));
        assert!(is_only_directions("(Laughter.)  (Applause.)"));
        assert!(!is_only_directions("(the Red Hat distribution)"));
        let (text, found) = strip("Don’t worry.  (Laughter.)  It was productive.");
        assert_eq!(text, "Don’t worry. It was productive.");
        assert_eq!(found, vec!["(Laughter.)"]);
        let (text, found) = strip("Yeah.  (Speaks in Spanish.)  (No translation provided.)");
        assert_eq!(text, "Yeah.");
        assert_eq!(found.len(), 2);
        let (text, _) = strip(r"Mayor Dooggan’s \[sic\] — Duggan’s");
        assert_eq!(text, "Mayor Dooggan’s — Duggan’s");
    }
}
