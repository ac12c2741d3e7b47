//! Connected-speech forms: how a word's pronunciation changes with the word after it.
//!
//! The lexicon gives every word in isolation; a few frequent function words are said
//! differently in running speech, and a synthesizer that ignores it runs two reduced
//! vowels together ("the alliance" as `dh ax ax l ay …`, which is heard as "the lines"):
//!
//! - **"the" before a vowel** is `dh iy` ("the alliance", "the OAS", "the eruption"),
//!   before a consonant it stays `dh ax`.
//! - **"and" keeps its full vowel** `ae n d` (short and unaccented all the same, as a
//!   function word): the reduced `ax n d` of the lexicon, with a diphone voice's weak
//!   final `d`, is heard as "in" or "an" ("Saint Vincent and the Grenadines" → "… in the …").
//! - **"to" before a consonant is weak** `t ax` ("sending to France", "going to be"): the
//!   lexicon's full `t uw`, said as such in the middle of a phrase, is heard as "two"
//!   ("sending two France"). Before a vowel and at the end of the sentence ("what it's
//!   used to") it keeps `t uw`, as speakers do.
//!
//! - **"are" within a phrase is weak** `er` ("the labs that are open", "we are planning"):
//!   the lexicon's full `aa r`, unaccented after a word ending in a stop, is heard as a
//!   word of its own ("that are" as "that tar", the `t` released as before a stressed
//!   vowel). Where a phrase ends ("I know where they are.", "here we are, at …") it keeps
//!   `aa r`, as speakers do.
//!
//! Only the lexicon's forms (`dh ax`, `ax n d`, `t uw`, `aa r`) are replaced; any other
//! pronunciation of the word (a user lexicon's, say) is left as it is.

use crate::phonetics::phone::{Phone, Phoneme, Stress};

/// The pronunciation `phonemes` of `word` (lower case) takes when the next word of the
/// phrase starts with `next` (`None` where the phrase ends), or `None` when it
/// keeps its own.
pub fn in_context(word: &str, phonemes: &[Phoneme], next: Option<Phone>) -> Option<Vec<Phoneme>> {
    let before_vowel = next.is_some_and(Phone::is_vowel);
    let before_consonant = next.is_some_and(|n| !n.is_vowel() && n != Phone::Pau);
    match (word, phonemes) {
        ("the", [dh, ax]) if before_vowel && dh.phone == Phone::Dh && ax.phone == Phone::Ax => {
            Some(vec![
                *dh,
                Phoneme {
                    phone: Phone::Iy,
                    stress: Stress::Unstressed,
                },
            ])
        }
        ("and", [ax, n, d])
            if ax.phone == Phone::Ax && n.phone == Phone::N && d.phone == Phone::D =>
        {
            Some(vec![
                Phoneme {
                    phone: Phone::Ae,
                    stress: Stress::Unstressed,
                },
                *n,
                *d,
            ])
        }
        ("to", [t, uw]) if before_consonant && t.phone == Phone::T && uw.phone == Phone::Uw => {
            Some(vec![
                *t,
                Phoneme {
                    phone: Phone::Ax,
                    stress: Stress::Unstressed,
                },
            ])
        }
        ("are", [aa, r]) if next.is_some() && aa.phone == Phone::Aa && r.phone == Phone::R => {
            Some(vec![Phoneme {
                phone: Phone::Er,
                stress: Stress::Unstressed,
            }])
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ph(phone: Phone) -> Phoneme {
        Phoneme {
            phone,
            stress: Stress::Unstressed,
        }
    }

    #[test]
    fn the_before_a_vowel_is_dh_iy() {
        let the = [ph(Phone::Dh), ph(Phone::Ax)];
        let got = in_context("the", &the, Some(Phone::Ax)).unwrap();
        assert_eq!(got, vec![ph(Phone::Dh), ph(Phone::Iy)]);
        assert!(in_context("the", &the, Some(Phone::Ow)).is_some());
    }

    #[test]
    fn the_before_a_consonant_or_at_the_end_is_unchanged() {
        let the = [ph(Phone::Dh), ph(Phone::Ax)];
        assert_eq!(in_context("the", &the, Some(Phone::K)), None);
        assert_eq!(in_context("the", &the, None), None);
    }

    #[test]
    fn and_keeps_its_full_vowel_everywhere() {
        let and = [ph(Phone::Ax), ph(Phone::N), ph(Phone::D)];
        let full = vec![ph(Phone::Ae), ph(Phone::N), ph(Phone::D)];
        assert_eq!(in_context("and", &and, Some(Phone::Dh)), Some(full.clone()));
        assert_eq!(in_context("and", &and, None), Some(full));
    }

    #[test]
    fn to_is_weak_before_a_consonant_only() {
        let to = [ph(Phone::T), ph(Phone::Uw)];
        let weak = vec![ph(Phone::T), ph(Phone::Ax)];
        assert_eq!(in_context("to", &to, Some(Phone::F)), Some(weak));
        assert_eq!(in_context("to", &to, Some(Phone::Ae)), None);
        assert_eq!(in_context("to", &to, None), None);
        assert_eq!(in_context("two", &to, Some(Phone::F)), None);
    }

    #[test]
    fn are_is_weak_within_a_phrase_only() {
        let are = [ph(Phone::Aa), ph(Phone::R)];
        let weak = vec![ph(Phone::Er)];
        assert_eq!(in_context("are", &are, Some(Phone::Aa)), Some(weak.clone()));
        assert_eq!(in_context("are", &are, Some(Phone::P)), Some(weak));
        assert_eq!(in_context("are", &are, None), None);
        assert_eq!(in_context("our", &are, Some(Phone::P)), None);
    }

    #[test]
    fn other_words_and_other_forms_are_unchanged() {
        let a = [ph(Phone::Ax)];
        assert_eq!(in_context("a", &a, Some(Phone::Aa)), None);
        let strong = [ph(Phone::Dh), ph(Phone::Iy)];
        assert_eq!(in_context("the", &strong, Some(Phone::Aa)), None);
    }
}
