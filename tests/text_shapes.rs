//! Texts of awkward shapes come out as spoken units of bounded length (issue 13): a raw
//! transcript without punctuation, a list of web addresses, one paragraph per line without
//! blank lines. Library level and fast; the memory itself is measured by `bench/shapes.sh`.

use aloud::manuscript;
use aloud::text::phrasing::{MAX_SENTENCE_WORDS, UNIT_WORDS};
use aloud::text::{analyze, Break, NoKnownWords, Sentence};

const EXAMPLE: &str = include_str!("../examples/keep-almagro-out.txt");

/// Every sentence of every paragraph of `text`, as the pipeline will speak them.
fn spoken_units(text: &str) -> Vec<Sentence> {
    let m = manuscript::parse(text).expect("parses");
    m.chapters
        .iter()
        .flat_map(|c| &c.turns)
        .flat_map(|t| &t.paragraphs)
        .flat_map(|p| analyze(&p.text, &NoKnownWords))
        .collect()
}

/// The example's body without speaker labels and footer, one paragraph per line.
fn body_lines() -> Vec<String> {
    let lines: Vec<&str> = EXAMPLE.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[1..lines.len() - 2]
        .iter()
        .map(|l| match l.split_once(": ") {
            Some((label, rest)) if label.len() <= 3 => rest.to_string(),
            _ => l.to_string(),
        })
        .collect()
}

fn assert_bounded(units: &[Sentence], unit_words: usize) {
    assert!(!units.is_empty());
    for u in units {
        assert!(!u.words.is_empty());
        assert!(
            u.words.len() <= unit_words,
            "{} words: {}",
            u.words.len(),
            u.written
        );
        assert_eq!(u.words.last().unwrap().break_after, Break::Sentence);
        assert!(!u.written.trim().is_empty());
    }
}

#[test]
fn a_transcript_without_punctuation_becomes_many_short_units() {
    let body = body_lines().join(" ");
    let flat: String = body
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    let text = format!("Transcript\n\n{flat}\n");
    let units = spoken_units(&text);
    assert_bounded(&units, UNIT_WORDS);
    let words: usize = units.iter().map(|u| u.words.len()).sum();
    // Many units, none a stub on average.
    let mean = words / units.len();
    assert!(
        (10..=UNIT_WORDS).contains(&mean),
        "{} units for {words} words",
        units.len()
    );
}

#[test]
fn one_line_per_paragraph_without_blank_lines_stays_in_bounded_sentences() {
    let lines = body_lines();
    let text = format!(
        "A title\n{}\n",
        [lines.join("\n"), lines.join("\n")].join("\n")
    );
    let units = spoken_units(&text);
    assert_bounded(&units, MAX_SENTENCE_WORDS);
    // The written sentences stay whole: the example's longest (81 words, commas) is not cut.
    assert!(units
        .iter()
        .any(|u| u.written.starts_with("I know that President Evo")
            && u.written.ends_with("the same species.")));
}

#[test]
fn a_list_of_web_addresses_becomes_units_of_whole_addresses() {
    let urls: Vec<String> = (0..300)
        .map(|i| format!("https://www.example.org/news/item-{i}.html"))
        .collect();
    let text = format!("Links\n\nThe sources:\n{}\n", urls.join("\n"));
    let units = spoken_units(&text);
    assert_bounded(&units, UNIT_WORDS);
    assert!(units.len() >= 50, "{} units", units.len());
    let shown: Vec<&str> = units
        .iter()
        .flat_map(|u| u.written.split_whitespace())
        .collect();
    assert_eq!(
        shown.iter().filter(|w| w.starts_with("https://")).count(),
        300
    );
}
