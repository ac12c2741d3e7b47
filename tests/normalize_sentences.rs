//! Sentence splitting, breaks, spans and robustness of `text::analyze`.

use aloud::text::{analyze, Break, NoKnownWords, SentenceEnd};
use proptest::prelude::*;

fn end_mark(e: SentenceEnd) -> char {
    match e {
        SentenceEnd::Statement => '.',
        SentenceEnd::Question => '?',
        SentenceEnd::Exclamation => '!',
    }
}

#[test]
fn golden_sentences() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for (n, line) in include_str!("golden/normalize_sentences.txt")
        .lines()
        .enumerate()
    {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((input, expected)) = line.split_once(" => ") else {
            panic!("golden/normalize_sentences.txt:{}: no ` => `", n + 1);
        };
        cases += 1;
        let got = analyze(input, &NoKnownWords)
            .iter()
            .map(|s| format!("{}{}", end_mark(s.end), s.written))
            .collect::<Vec<_>>()
            .join(" | ");
        if got != expected.trim_end() {
            failures.push(format!(
                "line {}: {input:?}\n   expected: {expected}\n   got:      {got}",
                n + 1
            ));
        }
    }
    assert!(cases >= 20);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn breaks_follow_punctuation() {
    let s = analyze(
        "Well, first; then (maybe) later — or not: done.",
        &NoKnownWords,
    );
    let breaks: Vec<(&str, Break)> = s[0]
        .words
        .iter()
        .map(|w| (w.text.as_str(), w.break_after))
        .collect();
    assert_eq!(
        breaks,
        [
            ("well", Break::Minor),
            ("first", Break::Major),
            ("then", Break::Major),
            ("maybe", Break::Major),
            ("later", Break::Major),
            ("or", Break::None),
            ("not", Break::Major),
            ("done", Break::Sentence),
        ]
    );
}

#[test]
fn a_short_line_ends_with_a_major_break() {
    let s = analyze("April 24, 2020\n5:39 P.M. EDT", &NoKnownWords);
    let twenty = s[0]
        .words
        .iter()
        .rev()
        .find(|w| w.text == "twenty")
        .map(|w| w.break_after);
    assert_eq!(twenty, Some(Break::Major));
    let wrapped =
        "This line of hard-wrapped prose is long enough to be a wrapped line and\nit goes on.";
    let s = analyze(wrapped, &NoKnownWords);
    let and = s[0]
        .words
        .iter()
        .find(|w| w.text == "and")
        .map(|w| w.break_after);
    assert_eq!(and, Some(Break::None));
}

#[test]
fn words_point_back_to_their_source() {
    let p = "On the 19th anniversary, ALBA-TCP met the OAS.";
    let s = analyze(p, &NoKnownWords);
    let spans: Vec<(&str, &str)> = s[0]
        .words
        .iter()
        .map(|w| (w.text.as_str(), &p[w.source.clone()]))
        .collect();
    assert_eq!(
        spans,
        [
            ("on", "On"),
            ("the", "the"),
            ("nineteenth", "19th"),
            ("anniversary", "anniversary"),
            ("alba", "ALBA"),
            ("t", "T"),
            ("c", "C"),
            ("p", "P"),
            ("met", "met"),
            ("the", "the"),
            ("o", "O"),
            ("a", "A"),
            ("s", "S"),
        ]
    );
    assert_eq!(s[0].source, 0..p.len());
    assert_eq!(s[0].written, p);
}

/// Every word is non-empty lower-case letters with internal apostrophes, and its span is a
/// char-boundary range of the paragraph; sentences are in order and do not overlap; a
/// sentence's written text is its stretch of the paragraph, or, for a piece of an over-long
/// run cut inside one token (a long web address or symbol string, see `phrasing`), its
/// spoken words.
fn check_invariants(p: &str) -> Result<(), TestCaseError> {
    let sentences = analyze(p, &NoKnownWords);
    let mut last_end = 0;
    for s in &sentences {
        prop_assert!(s.source.start >= last_end && s.source.end <= p.len());
        prop_assert!(p.is_char_boundary(s.source.start) && p.is_char_boundary(s.source.end));
        let spoken: Vec<&str> = s.words.iter().map(|w| w.text.as_str()).collect();
        let inside_a_token = s.written != p[s.source.clone()];
        prop_assert!(
            !inside_a_token || s.written == spoken.join(" "),
            "written {:?} is neither {:?} nor the spoken words",
            s.written,
            &p[s.source.clone()]
        );
        last_end = s.source.end;
        prop_assert!(!s.words.is_empty());
        prop_assert_eq!(s.words.last().map(|w| w.break_after), Some(Break::Sentence));
        for w in &s.words {
            prop_assert!(!w.text.is_empty());
            prop_assert!(
                !w.text.starts_with('\'') && !w.text.ends_with('\''),
                "{:?}",
                w.text
            );
            prop_assert!(
                w.text.chars().all(|c| c == '\'' || c.is_alphabetic()),
                "{:?}",
                w.text
            );
            prop_assert_eq!(&w.text, &w.text.to_lowercase());
            prop_assert!(w.source.start <= w.source.end && w.source.end <= p.len());
            prop_assert!(p.is_char_boundary(w.source.start) && p.is_char_boundary(w.source.end));
            // (a piece cut inside a token starts where that token does)
            prop_assert!(
                inside_a_token
                    || (w.source.start >= s.source.start && w.source.end <= s.source.end)
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_any_string(p in any::<String>()) {
        check_invariants(&p)?;
    }

    #[test]
    fn never_panics_on_texty_strings(p in "[a-zA-Z0-9 .,;:!?'’‘“”\"()$€£%&/+#@°½–—…-]{0,60}") {
        check_invariants(&p)?;
    }
}

#[test]
fn corpus_texts_give_clean_words() {
    let texts = [
        include_str!("../examples/keep-almagro-out.txt"),
        include_str!("fixtures/corpus/nasa-freedom7-air-ground.txt"),
        include_str!("fixtures/corpus/whitehouse-briefing-2020-04-24.txt"),
    ];
    for text in texts {
        for para in text.split("\n\n") {
            check_invariants(para).unwrap_or_else(|e| panic!("{e} in {para:?}"));
        }
    }
}
