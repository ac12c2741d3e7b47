//! Properties of the prosody plan: pauses, durations, intonation, `.pho`.

use aloud::phonetics::phone::{Phone, PhoneSet, Phoneme};
use aloud::phonetics::{PronSource, Pronunciation};
use aloud::prosody::{parse_pho, plan_sentence, to_pho, PhoneTarget, ProsodyProfile};
use aloud::text::{Break, Sentence, SentenceEnd, Word, WordKind};
use aloud::units::{Hz, Rate};

/// Builds a sentence from `(word, "ARPABET WITH STRESS", break after)`.
fn sentence(words: &[(&str, &str, Break)], end: SentenceEnd) -> (Sentence, Vec<Pronunciation>) {
    let words_prons: Vec<(Word, Pronunciation)> = words
        .iter()
        .map(|&(text, pron, brk)| {
            (
                Word {
                    text: text.into(),
                    source: 0..text.len(),
                    kind: WordKind::Lexical,
                    break_after: brk,
                },
                Pronunciation {
                    phonemes: pron
                        .split_whitespace()
                        .map(|p| p.parse::<Phoneme>().unwrap())
                        .collect(),
                    source: PronSource::Lexicon,
                },
            )
        })
        .collect();
    let written = words.iter().map(|w| w.0).collect::<Vec<_>>().join(" ");
    let (words, prons) = words_prons.into_iter().unzip();
    (
        Sentence {
            source: 0..written.len(),
            written,
            words,
            end,
        },
        prons,
    )
}

const N: Break = Break::None;

fn profile(f0: f32) -> ProsodyProfile {
    ProsodyProfile {
        f0_median: Hz(f0),
        rate: Rate(1.0),
        phones: PhoneSet::Arpabet,
    }
}

fn going_home(end: SentenceEnd) -> Vec<PhoneTarget> {
    let (s, p) = sentence(
        &[
            ("you", "Y UW1", N),
            ("are", "AA1 R", N),
            ("going", "G OW1 IH0 NG", N),
            ("home", "HH OW1 M", Break::Sentence),
        ],
        end,
    );
    plan_sentence(&s, &p, &profile(100.0)).unwrap()
}

fn last_f0(targets: &[PhoneTarget]) -> f32 {
    targets
        .iter()
        .rev()
        .find_map(|t| t.pitch.last())
        .unwrap()
        .f0
        .0
}

fn total(targets: &[PhoneTarget]) -> f64 {
    targets.iter().map(|t| t.duration.0).sum()
}

#[test]
fn a_plan_has_every_phone_between_two_short_pauses() {
    let plan = going_home(SentenceEnd::Statement);
    let phones: Vec<Phone> = plan.iter().map(|t| t.phone).collect();
    use Phone::*;
    // "are" within the phrase is weak: `er`, not the lexicon's `aa r`
    assert_eq!(phones, [Pau, Y, Uw, Er, G, Ow, Ih, Ng, Hh, Ow, M, Pau]);
    assert!(plan[0].duration.0 > 0.0 && plan[0].duration.0 < 0.1);
    for t in &plan {
        assert!(t.duration.0 > 0.015 && t.duration.0 < 0.4, "{t:?}");
        assert_eq!(t.pitch.is_empty(), !t.phone.is_vowel(), "{t:?}");
    }
}

#[test]
fn yes_no_questions_end_higher_than_statements_and_wh_questions_fall() {
    let statement = last_f0(&going_home(SentenceEnd::Statement));
    let question = last_f0(&going_home(SentenceEnd::Question));
    assert!(
        question > 1.3 * statement,
        "question {question} vs statement {statement}"
    );
    assert!(statement < 90.0 && question > 120.0);
    let (s, p) = sentence(
        &[
            ("where", "W EH1 R", N),
            ("are", "AA1 R", N),
            ("you", "Y UW1", Break::Sentence),
        ],
        SentenceEnd::Question,
    );
    let wh = last_f0(&plan_sentence(&s, &p, &profile(100.0)).unwrap());
    assert!(wh < 90.0, "wh-question ends at {wh}");
}

#[test]
fn a_comma_makes_a_pause_with_a_continuation_rise() {
    let (s, p) = sentence(
        &[
            ("well", "W EH1 L", Break::Minor),
            ("the", "DH AH0", N),
            ("water", "W AO1 T ER0", Break::Sentence),
        ],
        SentenceEnd::Statement,
    );
    let plan = plan_sentence(&s, &p, &profile(100.0)).unwrap();
    let comma = plan
        .iter()
        .position(|t| t.phone == Phone::Pau && t.duration.0 > 0.1)
        .unwrap();
    assert_eq!(plan[comma - 1].phone, Phone::L);
    let before = last_f0(&plan[..comma]);
    assert!(before > 105.0, "continuation rise ends at {before}");
    assert!(last_f0(&plan) < 90.0);
}

#[test]
fn stressed_and_phrase_final_vowels_are_longer() {
    let plan = going_home(SentenceEnd::Statement);
    let dur = |i: usize| plan[i].duration.0;
    // "going": OW1 (5) is longer than IH0 (6); the final OW1 of "home" (9) is longer still.
    assert_eq!(
        (plan[5].phone, plan[6].phone, plan[9].phone),
        (Phone::Ow, Phone::Ih, Phone::Ow)
    );
    assert!(dur(5) > dur(6), "{} vs {}", dur(5), dur(6));
    assert!(dur(9) > 1.3 * dur(5), "{} vs {}", dur(9), dur(5));
}

#[test]
fn a_function_word_of_two_syllables_keeps_its_stress_one_of_one_syllable_does_not() {
    // the first vowel's length of `word` read as `pron` in "it is WORD here"
    let first_vowel = |word: &str, pron: &str| {
        let (s, p) = sentence(
            &[
                ("it", "IH1 T", N),
                ("is", "IH1 Z", N),
                (word, pron, N),
                ("here", "HH IY1 R", Break::Sentence),
            ],
            SentenceEnd::Statement,
        );
        let plan = plan_sentence(&s, &p, &profile(100.0)).unwrap();
        // pau, it (2), is (2): the word starts at 5
        assert_eq!(plan[5].phone, Phone::Ah);
        plan[5].duration.0
    };
    // "under" is a function word, "onder" a content word with the same phones
    let under = first_vowel("under", "AH1 N D ER0");
    assert_eq!(under, first_vowel("onder", "AH1 N D ER0"));
    assert!(under > first_vowel("under", "AH0 N D ER0"));
    // one syllable: the function word's vowel counts as unstressed, the content word's not
    let up = first_vowel("up", "AH1 P");
    assert_eq!(up, first_vowel("up", "AH0 P"));
    assert!(first_vowel("upp", "AH1 P") > up);
}

#[test]
fn rate_scales_durations_and_profile_pitch_scales_f0() {
    let (s, p) = sentence(
        &[("freedom", "F R IY1 D AH0 M", Break::Sentence)],
        SentenceEnd::Statement,
    );
    let base = plan_sentence(&s, &p, &profile(100.0)).unwrap();
    let fast = plan_sentence(
        &s,
        &p,
        &ProsodyProfile {
            f0_median: Hz(100.0),
            rate: Rate(1.25),
            phones: PhoneSet::Arpabet,
        },
    )
    .unwrap();
    assert!((total(&base) / total(&fast) - 1.25).abs() < 1e-6);
    let high = plan_sentence(&s, &p, &profile(200.0)).unwrap();
    for (a, b) in base.iter().zip(&high) {
        for (x, y) in a.pitch.iter().zip(&b.pitch) {
            assert!((y.f0.0 - 2.0 * x.f0.0).abs() < 1e-3);
        }
    }
}

#[test]
fn accents_decline_through_a_long_statement() {
    let words = [
        ("many", "M EH1 N IY0"),
        ("people", "P IY1 P AH0 L"),
        ("visited", "V IH1 Z IH0 T IH0 D"),
        ("beautiful", "B Y UW1 T AH0 F AH0 L"),
        ("gardens", "G AA1 R D AH0 N Z"),
        ("today", "T AH0 D EY1"),
    ];
    let list: Vec<(&str, &str, Break)> = words
        .iter()
        .enumerate()
        .map(|(i, &(w, p))| {
            (
                w,
                p,
                if i == words.len() - 1 {
                    Break::Sentence
                } else {
                    N
                },
            )
        })
        .collect();
    let (s, p) = sentence(&list, SentenceEnd::Statement);
    let plan = plan_sentence(&s, &p, &profile(100.0)).unwrap();
    let peaks: Vec<f32> = plan
        .iter()
        .filter(|t| t.pitch.len() == 2)
        .map(|t| t.pitch.iter().map(|p| p.f0.0).fold(0.0, f32::max))
        .collect();
    assert!(peaks.len() >= 4);
    assert!(peaks[0] > peaks[3], "{peaks:?}");
    // Total length is plausible for six words, 14 syllables, with the sentence's edge
    // pauses: 4–7 syllables a second (fluent reading is about 5).
    assert!(total(&plan) < 3.5 && total(&plan) > 2.0, "{}", total(&plan));
}

#[test]
fn mismatched_pronunciations_are_an_error() {
    let (s, mut p) = sentence(
        &[("home", "HH OW1 M", Break::Sentence)],
        SentenceEnd::Statement,
    );
    p.clear();
    let err = plan_sentence(&s, &p, &profile(100.0)).unwrap_err();
    assert!(
        err.to_string().contains("1 words but 0 pronunciations"),
        "{err}"
    );
}

#[test]
fn the_pho_text_round_trips() {
    let plan = going_home(SentenceEnd::Question);
    let text = to_pho(&plan);
    assert!(text.starts_with("pau 60\ny "), "{text}");
    let back = parse_pho(&text).unwrap();
    assert_eq!(back.len(), plan.len());
    assert_eq!(to_pho(&back), text);
}
