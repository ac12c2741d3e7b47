//! Load times of the lexicon and letter-to-sound model, and phonetizing the example.
//!
//! `cargo bench --bench lexicon`

use aloud::phonetics::pronouncer::{plain_words, Pronouncer};
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
    c.bench_function("phonetize example", |b| {
        b.iter(|| {
            let words = plain_words(black_box(&text));
            let n: usize = words
                .iter()
                .map(|w| pronouncer.pronounce(w).phonemes.len())
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
