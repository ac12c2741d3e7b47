//! Boilerplate: text on a web page that is not the article (sponsors, footers, share prompts,
//! navigation crumbs, dates above the text).

use super::DropReason;
use regex::Regex;
use std::sync::LazyLock;

const SPONSOR: &[&str] = &[
    "sponsored by",
    "sponsor:",
    "advertisement",
    "brought to you by",
    "paid partnership",
    "paid content",
    "promoted content",
];

const FOOTER: &[&str] = &[
    "©",
    "copyright",
    "all rights reserved",
    "privacy policy",
    "terms of use",
    "terms of service",
    "cookie policy",
    "website design",
    "website designer",
    "website developer",
    "web design",
    "web designer",
    "web developer",
    "site by",
    "site designed by",
    "designed by",
    "developed by",
    "powered by",
    "website hosting",
    "web hosting",
];

const SHARE_START: &[&str] = &[
    "share this",
    "share on",
    "share:",
    "subscribe",
    "sign up for",
    "sign up to",
    "follow us",
    "follow @",
    "like us on",
    "join our",
    "get our newsletter",
    "read more",
    "read also",
    "continue reading",
    "click here",
    "support our",
    "support independent",
    "donate",
    "download the app",
    "print this",
    "email this",
    "leave a comment",
    "related articles",
    "related posts",
    "you may also like",
    "more from",
];

const NAV: &[&str] = &[
    "skip to content",
    "skip to main content",
    "back to top",
    "menu",
    "previous article",
    "next article",
    "previous post",
    "next post",
    "home",
];

/// "Editor's note: …", "This interview has been edited for length."
static EDITORIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:editor[’']?s note\b|ed\. note\b)|\b(?:edited (?:for (?:length|clarity|brevity))|condensed (?:and|&) edited|edited (?:and|&) condensed|lightly edited|transcript (?:was |is )?(?:generated|machine|automatically))")
        .expect("static pattern")
});

static CRUMB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^.!?]{1,40}(?:(?:\s[>»›]\s[^.!?]{1,40}){1,6}|(?:\s[/|]\s[^.!?]{1,40}){2,6})$")
        .expect("static pattern")
});

/// Words that may sit beside a date in a date line ("Published 12 June 2022 | 6 min read").
const DATE_WORDS: &[&str] = &[
    "published",
    "issued",
    "updated",
    "posted",
    "last",
    "modified",
    "on",
    "at",
    "by",
    "min",
    "mins",
    "minute",
    "minutes",
    "read",
    "edt",
    "est",
    "utc",
    "gmt",
    "bst",
    "cet",
    "pdt",
    "pst",
    "am",
    "pm",
    "a.m",
    "p.m",
    "date",
    "time",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b|\b\d{1,2}:\d{2}\s*(?:[ap]\.?\s?m\.?)|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    )
    .expect("static pattern")
});

fn words(t: &str) -> usize {
    t.split_whitespace().count()
}

/// Classifies a block as boilerplate, if it is.
pub(crate) fn classify(text: &str) -> Option<DropReason> {
    let n = words(text);
    if n == 0 || n > 40 {
        return None;
    }
    let lower = text.to_lowercase();
    let lower = lower.trim();
    if n <= 30 && EDITORIAL.is_match(lower) {
        return Some(DropReason::EditorialNote);
    }
    if n <= 25 && SPONSOR.iter().any(|p| lower.contains(p)) {
        return Some(DropReason::Sponsor);
    }
    if n <= 25 && FOOTER.iter().any(|p| lower.contains(p)) {
        return Some(DropReason::SiteFooter);
    }
    if matches!(
        lower,
        "share" | "tweet" | "print" | "email" | "comments" | "facebook" | "twitter"
    ) {
        return Some(DropReason::ShareSubscribe);
    }
    if n <= 15 && SHARE_START.iter().any(|p| starts_with_word(lower, p)) {
        return Some(DropReason::ShareSubscribe);
    }
    // A crumb trail needs a separator; without one the pattern is neither compiled nor run.
    let may_be_crumb = lower.contains(['>', '»', '›', '/', '|']);
    if n <= 20 && ((may_be_crumb && CRUMB.is_match(lower)) || NAV.contains(&lower)) {
        return Some(DropReason::Navigation);
    }
    None
}

/// Pictographs, emoji and their joiners and variation selectors.
fn is_symbol(c: char) -> bool {
    matches!(c as u32, 0x2600..=0x27BF | 0x1F000..=0x1FAFF | 0xFE0F | 0x200D)
}

fn starts_with_word(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix).is_some_and(|rest| {
        prefix.ends_with([':', '@']) || rest.is_empty() || !rest.starts_with(char::is_alphanumeric)
    })
}

/// A short line that is a date, a time or an "Issued on …" line.
pub(crate) fn is_date_line(text: &str) -> bool {
    let n = words(text);
    // Every form of date the pattern knows has a digit.
    if n == 0 || n > 9 || !text.chars().any(char::is_numeric) || !DATE.is_match(text) {
        return false;
    }
    if ends_sentence(text) {
        return false;
    }
    // Other words beside the date make it a headline that mentions a date.
    let rest = DATE.replace_all(text, " ");
    let other = rest
        .split(|c: char| !c.is_alphabetic() && c != '.')
        .map(|w| w.trim_matches('.').to_lowercase())
        .filter(|w| w.chars().count() >= 2 && !DATE_WORDS.contains(&w.as_str()))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .count();
    other < 2
}

/// Whether the text ends like a sentence (., !, ?, …, or a closing quote after one).
pub(crate) fn ends_sentence(text: &str) -> bool {
    // Emoji and other symbols after the end mark ("Always!  🤗🤗") do not end it.
    let t = text.trim_end_matches(|c: char| {
        matches!(c, '"' | '”' | '’' | '\'' | ')' | ']') || c.is_whitespace() || is_symbol(c)
    });
    t.ends_with(['.', '!', '?', '…', ':', ';'])
        && !(t.ends_with('.') && t.split_whitespace().last().is_some_and(is_abbreviation))
}

/// Words like "P.M." or "Ltd." whose dot does not end a sentence.
fn is_abbreviation(w: &str) -> bool {
    let core = w.trim_end_matches('.');
    (core.contains('.') && core.len() <= 6)
        || matches!(
            core.to_lowercase().as_str(),
            "ltd" | "inc" | "co" | "corp" | "edt" | "est"
        )
}

/// An end-of-transcript marker.
pub(crate) fn is_end_marker(text: &str) -> bool {
    matches!(
        text.trim(),
        "END" | "###" | "# # #" | "-30-" | "— END —" | "[END]" | "End."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footers_and_prompts() {
        assert_eq!(
            classify("Website hosting sponsored by Metro Imaging (UK) Ltd. Large Photo Printing"),
            Some(DropReason::Sponsor)
        );
        assert_eq!(
            classify("Website Designer Developer Colchester Essex"),
            Some(DropReason::SiteFooter)
        );
        assert_eq!(
            classify("Share this article"),
            Some(DropReason::ShareSubscribe)
        );
        assert_eq!(
            classify("Home > News > World"),
            Some(DropReason::Navigation)
        );
        assert_eq!(classify("Share prices rose."), None);
        assert_eq!(
            classify("Update: this interview was edited for length."),
            Some(DropReason::EditorialNote)
        );
        assert_eq!(
            classify("Transcript generated automatically and lightly edited."),
            Some(DropReason::EditorialNote)
        );
        assert_eq!(classify("They share a border and a river."), None);
        assert_eq!(classify("The goal: water."), None);
    }

    #[test]
    fn dates() {
        assert!(is_date_line("April 24, 2020 5:39 P.M. EDT"));
        assert!(is_date_line("Issued on: April 27, 2020"));
        assert!(is_date_line("6:01 P.M. EDT"));
        assert!(!is_date_line(
            "We met on May 5 and talked for hours about the future."
        ));
        assert!(is_date_line("Published 12 June 2022 | 6 min read"));
        assert!(!is_date_line("Transcript: Council Meeting, 4 May"));
        assert!(!is_date_line("By Rosa Delgado | March 14, 2023"));
        assert_eq!(classify("By Rosa Delgado | March 14, 2023"), None);
        assert_eq!(
            classify("Home | News | World"),
            Some(DropReason::Navigation)
        );
    }
}
