//! Golden normalization tests: tests/golden/normalize.txt (input => expected words).

use aloud::text::{analyze, Sentence, WordKind};
use std::collections::HashSet;
use std::sync::OnceLock;

/// The words of the CMU dictionary and of aloud's technical names (the lexicons the
/// normalizer asks about all-caps tokens, as `aloud render` does).
fn cmu_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let read = |name: &str| {
            let path = format!("{}/lexicon/{name}", env!("CARGO_MANIFEST_DIR"));
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
        };
        let (cmu, technical) = (read("cmudict.dict"), read("technical.txt"));
        let entries = cmu
            .lines()
            .chain(technical.lines().filter(|l| !l.starts_with('#')));
        entries
            .filter_map(|l| l.split_whitespace().next())
            .map(|w| w.split('(').next().unwrap_or(w).to_string())
            .collect()
    })
}

/// Words of the analysis: spelled letters in capitals, others as they are.
fn spoken(sentences: &[Sentence]) -> String {
    sentences
        .iter()
        .flat_map(|s| &s.words)
        .map(|w| match w.kind {
            WordKind::Letter => w.text.to_uppercase().replace("'S", "'s"),
            WordKind::Lexical => w.text.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn golden_normalization() {
    let text = include_str!("golden/normalize.txt");
    let mut cases = 0;
    let mut failures = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((input, expected)) = line.split_once(" => ") else {
            panic!("golden/normalize.txt:{}: no ` => ` in {line:?}", n + 1);
        };
        cases += 1;
        let got = spoken(&analyze(input, cmu_words()));
        if got != expected.trim() {
            failures.push(format!(
                "line {}: {input:?}\n   expected: {expected}\n   got:      {got}",
                n + 1
            ));
        }
    }
    assert!(cases >= 150, "only {cases} golden cases");
    assert!(
        failures.is_empty(),
        "{} of {cases} golden cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
