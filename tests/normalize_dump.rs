//! Prints the normalized words of a file (ALOUD_DUMP=path cargo test --test normalize_dump -- --nocapture).
use aloud::text::{analyze, WordKind};
use std::collections::HashSet;

#[test]
fn dump() {
    let Ok(path) = std::env::var("ALOUD_DUMP") else { return };
    let dict = std::fs::read_to_string("lexicon/cmudict.dict").unwrap();
    let known: HashSet<String> = dict.lines().filter_map(|l| l.split_whitespace().next()).map(|w| w.split('(').next().unwrap().to_string()).collect();
    let text = std::fs::read_to_string(path).unwrap();
    for para in text.split(if std::env::var("ALOUD_LINES").is_ok() { "\n" } else { "\n\n" }) {
        for s in analyze(para, &known) {
            let words: Vec<String> = s.words.iter().map(|w| {
                let t = if w.kind == WordKind::Letter { w.text.to_uppercase() } else { w.text.clone() };
                let b = match w.break_after { aloud::text::Break::None => "", aloud::text::Break::Minor => ",", aloud::text::Break::Major => ";", aloud::text::Break::Sentence => "" };
                format!("{t}{b}")
            }).collect();
            println!("[{:?}] {}\n    {}", s.end, s.written, words.join(" "));
        }
    }
}

#[test]
fn one() {
    let Ok(p) = std::env::var("ALOUD_ONE") else { return };
    for s in analyze(&p, &aloud::text::NoKnownWords) {
        for w in s.words { println!("{:?} {:?}", w, p.get(w.source.clone())); }
    }
}
