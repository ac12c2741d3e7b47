//! The committed CMU lexicon and letter-to-sound model: up to date, correct lookups,
//! letter-to-sound accuracy on held-out words.

use aloud::data;
use aloud::phonetics::lexicon::{self, Lexicon};
use aloud::phonetics::lts::{self, Lts, TrainConfig};
use aloud::phonetics::phone::{Phone, Phoneme, Stress};

use aloud::phonetics::phone::arpabet as show;

#[test]
fn committed_compiled_lexicon_matches_the_dictionary_text() {
    let dir = data::lexicon_dir().unwrap();
    let entries = lexicon::read_cmu_text(&dir.join(lexicon::SOURCE_FILE)).unwrap();
    let committed = std::fs::read(dir.join(lexicon::COMPILED_FILE)).unwrap();
    assert!(
        lexicon::compile(&entries) == committed,
        "lexicon/cmudict.bin is stale: run `aloud lexicon compile`"
    );
}

#[test]
fn lookups_keep_stress_choose_the_first_variant_and_reduce_ah0() {
    let lex = Lexicon::load_default().unwrap();
    assert!(lex.len() > 130_000);
    assert_eq!(show(&lex.lookup("the").unwrap()), "DH AX0");
    assert_eq!(lex.variants("the").len(), 3);
    assert_eq!(show(&lex.variants("the")[2]), "DH IY0");
    assert_eq!(show(&lex.lookup("read").unwrap()), "R EH1 D");
    assert_eq!(show(&lex.lookup("tomato").unwrap()), "T AX0 M EY1 T OW2");
    // Stressed AH stays ah.
    assert_eq!(show(&lex.lookup("but").unwrap()), "B AH1 T");
    assert_eq!(
        show(&lex.lookup("escalante").unwrap()),
        "EH0 S K AA0 L AA1 N T IY0"
    );
    assert!(lex.lookup("kawsachun").is_none());
    assert!(lex.contains("'cause"));
}

#[test]
fn lexicon_loads_quickly() {
    let t = std::time::Instant::now();
    let lex = Lexicon::load_default().unwrap();
    let elapsed = t.elapsed();
    assert!(lex.contains("interview"));
    // The budget is 50 ms in release builds; leave room for a loaded CI machine.
    assert!(elapsed.as_millis() < 500, "lexicon load took {elapsed:?}");
}

fn in_phone_set(p: &[Phoneme]) -> bool {
    !p.is_empty()
        && p.iter()
            .all(|x| x.phone != Phone::Pau && Phone::ALL.contains(&x.phone))
        && p.iter().any(|x| x.stress == Stress::Primary)
}

#[test]
fn committed_model_pronounces_names_with_voice_phones() {
    let lts = Lts::load_default().unwrap();
    assert!(lts
        .header()
        .contains("Derived from the CMU Pronouncing Dictionary"));
    for word in [
        "kawsachun",
        "llorenti",
        "cochabamba",
        "almagro",
        "escalante",
        "movimientos",
        "d'état",
    ] {
        let p = lts.pronounce(word);
        assert!(in_phone_set(&p), "{word}: {}", show(&p));
    }
    assert_eq!(show(&lts.pronounce("cochabamba")[..2]), "K OW2");
    assert!(lts.pronounce("").is_empty());
}

/// Word accuracy (phones exact, stress ignored) on the 500 held-out words (every 12th) of the
/// committed split. `aloud lexicon eval-lts` reports the full held-out set.
#[test]
fn letter_to_sound_accuracy_on_held_out_words() {
    let lts = Lts::load_default().unwrap();
    let config = TrainConfig::default();
    assert!(lts.header().contains(&format!("--seed {}", config.seed)));
    let entries =
        lexicon::read_cmu_text(&data::lexicon_dir().unwrap().join(lexicon::SOURCE_FILE)).unwrap();
    let (train, held) = lts::split(
        lts::lts_words(&entries),
        config.seed,
        config.held_out_percent,
    );
    assert_eq!(held.len(), (train.len() + held.len()).div_ceil(20));
    let sample: Vec<_> = held.iter().step_by(12).take(500).cloned().collect();
    assert_eq!(sample.len(), 500);
    let e = lts::evaluate(&lts, &sample);
    let acc = lts::Evaluation::percent(e.correct, e.words);
    let stress = lts::Evaluation::percent(e.correct_with_stress, e.words);
    println!("held-out sample: {acc:.1} % words right, {stress:.1} % with stress");
    assert!(acc >= MIN_WORD_ACCURACY, "word accuracy {acc:.1} %");
    assert!(
        stress >= MIN_WORD_ACCURACY - 8.0,
        "with stress {stress:.1} %"
    );
}

/// A few points under the accuracy measured on this sample with the committed model
/// (79.4 % words, 73.4 % with stress; 79.0 % and 71.8 % before the neural classifier; 76.4 %
/// and 70.2 % with the n-gram alone, 75.2 % and 69.2 % with the model before 2026-12-01).
const MIN_WORD_ACCURACY: f64 = 72.0;
