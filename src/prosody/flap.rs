//! The American English flap: `t` and `d` between a vowel and an unstressed vowel are said
//! as one quick tap of the tongue (IPA ɾ; Kahn 1976; ARPAbet `dx`). "water" is `w ao dx er`,
//! "forty" `f ao r dx iy`, "ready" `r eh dx iy`. The dictionary writes the underlying `t` or
//! `d`; a synthesizer that says them as full stops, with a closure and an aspirated release,
//! is heard saying something else ("forty" as "four tea").
//!
//! The rule, inside a word: a `t` or `d` that follows a vowel or an `r` and comes before an
//! unstressed vowel becomes `dx`. Not before a syllabic `n` ("button", "written",
//! "certainly": American English stops those in the glottis, it does not flap them), not
//! after `n` or `l` ("twenty", "salty"), and not before a stressed vowel ("attack",
//! "today"), where the stop is aspirated. Across words it is left alone.
//!
//! [`flap`] rewrites only for a voice whose [`PhoneSet`] has `dx`: ked recorded it as
//! diphones of its own (kal has none; its `d` pairs said as the flap were not clearer to both
//! judges, see bench/RESULTS.md). A voice recorded from whole sentences labelled
//! with dictionary phones has its flaps among its `t` and `d` units, recorded in these
//! very contexts, and unit selection finds them by context.

use super::Segment;
use crate::phonetics::phone::{Phone, PhoneSet, Stress};

/// Rewrites every `t` and `d` of `segments` that English says as a flap into `dx`, where
/// `phones` has it.
pub fn flap(segments: &mut [Segment], phones: PhoneSet) {
    if !phones.has(Phone::Dx) {
        return;
    }
    for i in 1..segments.len().saturating_sub(1) {
        if is_flapped(segments, i) {
            segments[i].phone = Phone::Dx;
        }
    }
}

fn is_flapped(s: &[Segment], i: usize) -> bool {
    let (prev, this, next) = (&s[i - 1], &s[i], &s[i + 1]);
    let same_word = |o: &Segment| o.word.is_some() && o.word == this.word;
    let after = prev.phone.is_vowel() || prev.phone == Phone::R;
    let before = next.phone.is_vowel() && next.stress == Stress::Unstressed;
    // `prev` in the same word: `this` does not start it.
    matches!(this.phone, Phone::T | Phone::D)
        && same_word(prev)
        && same_word(next)
        && after
        && before
        && !syllabic_n(s, i + 1)
}

/// The vowel at `v` and an `n` after it make a syllabic `n`: no vowel of the word follows
/// ("button", "buttons": `b ah t ax n z`; not "retina").
fn syllabic_n(s: &[Segment], v: usize) -> bool {
    let word = s[v].word;
    s.get(v + 1)
        .is_some_and(|n| n.word == word && n.phone == Phone::N)
        && !s[v + 2..]
            .iter()
            .take_while(|o| o.word == word)
            .any(|o| o.phone.is_vowel())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phonetics::phone::Phoneme;
    use crate::phonetics::{PronSource, Pronunciation};
    use crate::text::{Break, Sentence, SentenceEnd, Word, WordKind};

    /// The phones `text` (words with ARPAbet, `forty=F AO1 R T IY0`) is said with on a voice
    /// of `phones`.
    fn said(text: &str, phones: PhoneSet) -> String {
        let words: Vec<(&str, Vec<Phoneme>)> = text
            .split(' ')
            .map(|w| {
                let (word, arpabet) = w.split_once('=').unwrap();
                let ph = arpabet.split('_').map(|p| p.parse().unwrap()).collect();
                (word, ph)
            })
            .collect();
        let sentence = Sentence {
            source: 0..text.len(),
            written: text.to_string(),
            words: words
                .iter()
                .map(|(w, _)| Word {
                    text: w.to_string(),
                    source: 0..0,
                    kind: WordKind::Lexical,
                    break_after: Break::None,
                })
                .collect(),
            end: SentenceEnd::Statement,
        };
        let prons: Vec<Pronunciation> = words
            .into_iter()
            .map(|(_, phonemes)| Pronunciation {
                phonemes,
                source: PronSource::Lexicon,
            })
            .collect();
        let mut segments = super::super::segments(&sentence, &prons);
        flap(&mut segments, phones);
        segments
            .iter()
            .filter(|s| s.phone != Phone::Pau)
            .map(|s| s.phone.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Checks each `(words, phones)` pair on a voice with the flap.
    fn check(cases: &[(&str, &str)]) {
        for (words, phones) in cases {
            assert_eq!(said(words, PhoneSet::ArpabetFlap), *phones, "{words}");
        }
    }

    #[test]
    fn t_and_d_between_a_vowel_or_r_and_an_unstressed_vowel_are_flapped() {
        check(&[
            ("water=W_AO1_T_ER0", "w ao dx er"),
            ("forty=F_AO1_R_T_IY0", "f ao r dx iy"),
            ("ready=R_EH1_D_IY0", "r eh dx iy"),
            ("little=L_IH1_T_AX0_L", "l ih dx ax l"),
            ("retina=R_EH1_T_AX0_N_AX0", "r eh dx ax n ax"),
        ]);
    }

    #[test]
    fn stops_before_stress_after_n_or_before_a_syllabic_n_are_kept() {
        check(&[
            ("attack=AX0_T_AE1_K", "ax t ae k"),
            ("today=T_AX0_D_EY1", "t ax d ey"),
            ("twenty=T_W_EH1_N_T_IY0", "t w eh n t iy"),
            ("button=B_AH1_T_AX0_N", "b ah t ax n"),
            ("buttons=B_AH1_T_AX0_N_Z", "b ah t ax n z"),
        ]);
    }

    #[test]
    fn words_are_not_flapped_across_their_boundary_nor_for_a_voice_without_the_flap() {
        check(&[("at=AE1_T all=AO1_L", "ae t ao l")]);
        assert_eq!(said("water=W_AO1_T_ER0", PhoneSet::Arpabet), "w ao t er");
    }
}
