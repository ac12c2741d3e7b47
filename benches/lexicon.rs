//! Load times of the lexicon and letter-to-sound model, and phonetizing the example.
//!
//! `cargo bench --bench lexicon`

use aloud::phonetics::pronouncer::Pronouncer;
use aloud::phonetics::{Lexicon, Lts, UserLexicon};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    c.bench_function("lexicon load", |b| {
        b.iter(|| black_box(Lexicon::load_default().unwrap()))
    });
    c.bench_function("lts model load", |b| {
        b.iter(|| black_box(Lts::load_default().unwrap()))
    });
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/keep-almagro-out.txt"),
    )
    .unwrap();
    let pronouncer = Pronouncer::load_default(UserLexicon::new()).unwrap();
    c.bench_function("normalize and phonetize example", |b| {
        b.iter(|| {
            let n: usize = black_box(&text)
                .lines()
                .flat_map(|line| aloud::text::analyze(line, &pronouncer))
                .flat_map(|s| s.words)
                .map(|w| pronouncer.pronounce(&w).phonemes.len())
                .sum();
            black_box(n)
        })
    });
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(group);
