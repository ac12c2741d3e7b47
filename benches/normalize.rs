//! Normalizing the whole example (every paragraph): `cargo bench --bench normalize`.

use aloud::text::analyze;
use criterion::{criterion_group, criterion_main, Criterion};
use std::collections::HashSet;
use std::hint::black_box;

fn cmu_words() -> HashSet<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/lexicon/cmudict.dict");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(|w| w.split('(').next().unwrap_or(w).to_string())
        .collect()
}

fn normalize_example(c: &mut Criterion) {
    let known = cmu_words();
    let text = include_str!("../examples/keep-almagro-out.txt");
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    c.bench_function("normalize keep-almagro-out (all paragraphs)", |b| {
        b.iter(|| {
            let n: usize = paragraphs
                .iter()
                .map(|p| analyze(black_box(p), &known).len())
                .sum();
            black_box(n)
        })
    });
    let briefing = include_str!("../tests/fixtures/corpus/whitehouse-briefing-2020-04-24.txt");
    let paragraphs: Vec<&str> = briefing.split("\n\n").collect();
    c.bench_function("normalize whitehouse briefing (all paragraphs)", |b| {
        b.iter(|| {
            let n: usize = paragraphs
                .iter()
                .map(|p| analyze(black_box(p), &known).len())
                .sum();
            black_box(n)
        })
    });
}

/// The CMU lexicon as the normalizer's word list (a local adapter for the bench).
struct LexiconWords<'a>(&'a aloud::phonetics::Lexicon);

impl aloud::text::KnownWords for LexiconWords<'_> {
    fn is_word(&self, lowercase: &str) -> bool {
        self.0.contains(lowercase)
    }
}

fn normalize_and_phonetize(c: &mut Criterion) {
    let Ok(pronouncer) =
        aloud::phonetics::Pronouncer::load_default(aloud::phonetics::user::UserLexicon::new())
    else {
        eprintln!("lexicon or letter-to-sound model missing: skipping the phonetization bench");
        return;
    };
    let known = LexiconWords(pronouncer.lexicon());
    let text = include_str!("../examples/keep-almagro-out.txt");
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    c.bench_function("normalize + phonetize keep-almagro-out", |b| {
        b.iter(|| {
            let mut phones = 0;
            for p in &paragraphs {
                for s in analyze(black_box(p), &known) {
                    for w in &s.words {
                        phones += pronouncer.pronounce(w).phonemes.len();
                    }
                }
            }
            black_box(phones)
        })
    });
}

criterion_group!(benches, normalize_example, normalize_and_phonetize);
criterion_main!(benches);
