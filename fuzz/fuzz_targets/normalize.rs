//! The normalizer on arbitrary UTF-8, with no known words and with a small word set (so that
//! all-capital tokens take both paths), never panics and keeps the invariants that
//! tests/normalize_sentences.rs checks.
#![no_main]

use aloud::text::{analyze, Break, KnownWords, NoKnownWords};
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;

/// Sentences in order, not overlapping, on char boundaries, `written` equal to their span;
/// words non-empty lower-case letters with inner apostrophes, inside their sentence.
fn check(p: &str, words: &dyn KnownWords) {
    let mut last_end = 0;
    for s in analyze(p, words) {
        assert!(s.source.start >= last_end && s.source.end <= p.len());
        assert!(p.is_char_boundary(s.source.start) && p.is_char_boundary(s.source.end));
        assert_eq!(s.written, p[s.source.clone()]);
        last_end = s.source.end;
        assert_eq!(s.words.last().map(|w| w.break_after), Some(Break::Sentence));
        for w in &s.words {
            assert!(!w.text.is_empty());
            assert!(
                !w.text.starts_with('\'') && !w.text.ends_with('\''),
                "{:?}",
                w.text
            );
            assert!(
                w.text.chars().all(|c| c == '\'' || c.is_alphabetic()),
                "{:?}",
                w.text
            );
            assert_eq!(w.text, w.text.to_lowercase());
            assert!(w.source.start <= w.source.end && w.source.end <= p.len());
            assert!(p.is_char_boundary(w.source.start) && p.is_char_boundary(w.source.end));
            assert!(w.source.start >= s.source.start && w.source.end <= s.source.end);
        }
    }
}

fuzz_target!(|text: &str| {
    check(text, &NoKnownWords);
    let known: HashSet<&str> = ["nasa", "alba", "the", "a", "mr", "st", "us", "it", "ok"]
        .into_iter()
        .collect();
    check(text, &known);
});
