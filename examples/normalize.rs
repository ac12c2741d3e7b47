//! Prints the sentences and spoken words of a text, one paragraph per blank-line block:
//! `cargo run --release --example normalize -- FILE` (spelled letters in capitals,
//! `,` / `;` after a word mark a minor / major break).

use aloud::text::{analyze, Break, WordKind};
use std::collections::HashSet;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: normalize FILE"))?;
    let dict =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/lexicon/cmudict.dict"))?;
    let known: HashSet<String> = dict
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(|w| w.split('(').next().unwrap_or(w).to_string())
        .collect();
    let text = std::fs::read_to_string(&path)?;
    let start = std::time::Instant::now();
    let analyzed: Vec<_> = text.split("\n\n").map(|p| analyze(p, &known)).collect();
    let elapsed = start.elapsed();
    for sentences in analyzed {
        for s in sentences {
            let words: Vec<String> = s
                .words
                .iter()
                .map(|w| {
                    let t = match w.kind {
                        WordKind::Letter => w.text.to_uppercase(),
                        WordKind::Lexical => w.text.clone(),
                    };
                    let b = match w.break_after {
                        Break::Minor => ",",
                        Break::Major => ";",
                        Break::None | Break::Sentence => "",
                    };
                    format!("{t}{b}")
                })
                .collect();
            println!("[{:?}] {}\n    {}", s.end, s.written, words.join(" "));
        }
    }
    eprintln!("normalized {} bytes in {:?}", text.len(), elapsed);
    Ok(())
}
