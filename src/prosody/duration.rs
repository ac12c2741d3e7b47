//! Segment durations: a Klatt-style rule set.
//!
//! Every phone has an inherent duration `INH` and a minimum duration `MIN`
//! (milliseconds, after Klatt 1979 / Allen, Hunnicutt & Klatt 1987, "From Text to
//! Speech: the MITalk system", ch. 9). Context rules multiply a percentage `P`
//! (starting at 1.0), and the duration is
//!
//! ```text
//! DUR = MIN' + (INH − MIN') × P  (+ 20 ms aspiration, see rule 9), then ÷ rate
//! ```
//!
//! The rules, in order (`P ×= factor`):
//!
//! 1. **Phrase-final lengthening**: a phone in the last syllable of a phrase
//!    (its vowel and the consonants after it): ×1.4 at the end of a sentence,
//!    ×1.25 before a comma or a major break.
//! 2. **Non-phrase-final shortening**: a vowel not in a phrase-final syllable: ×0.6.
//! 3. **Non-word-final shortening**: a vowel not in the last syllable of its word: ×0.85.
//! 4. **Polysyllabic shortening**: a vowel in a word of two or more syllables: ×0.8.
//! 5. **Non-initial consonant shortening**: a consonant not at the start of its word: ×0.85.
//! 6. **Unstressed shortening**: an unstressed vowel: ×0.7 and `MIN' = MIN / 2`
//!    (unstressed segments are more compressible); a secondary-stressed vowel ×0.85.
//!    Vowels of one-syllable function words ("the", "of", "is" …) count as unstressed;
//!    a function word of two or more syllables ("under", "over", "about") keeps its
//!    lexical stress: unaccented, but its stressed syllable is not reduced like the rest.
//! 7. **Postvocalic context**: a vowel followed in its word by a voiceless stop ×0.7,
//!    a voiced fricative ×1.6, a voiced stop ×1.2, a nasal ×0.85, or word-final ×1.2;
//!    outside a phrase-final syllable only half the effect (`1 + (f − 1) / 2`).
//! 8. **Clusters**: a vowel followed by a vowel ×1.2, preceded by a vowel ×0.7;
//!    a consonant between consonants ×0.5, followed by a consonant ×0.7, preceded by
//!    one ×0.7 (pauses break clusters).
//! 9. **Aspiration**: a stressed vowel or a sonorant after `p`, `t`, `k` gets +20 ms.
//!
//! With Klatt's inherent durations as they are, fluent reading comes out at about
//! 165 words a minute at rate 1.0 (the example: 1,007 words in 6.1 minutes with its
//! pauses), near the rate of Festival's slt HTS (170) and Flite's kal16 (178) on the
//! same text. An earlier overall factor of 0.85 made it 193.
//!
//! Pauses take their duration from the plan (edge, minor and major pauses) and are
//! divided by the rate like everything else.

use super::Segment;
use crate::phonetics::phone::{Manner, Phone, Stress};
use crate::units::{Rate, Seconds};

/// Inherent and minimum duration of a phone, in milliseconds.
pub fn inherent(phone: Phone) -> (f64, f64) {
    use Phone::*;
    match phone {
        Aa => (240.0, 100.0),
        Ae => (230.0, 80.0),
        Ah => (140.0, 60.0),
        Ao => (240.0, 100.0),
        Aw => (260.0, 100.0),
        Ax => (120.0, 60.0),
        Ay => (250.0, 150.0),
        Eh => (150.0, 70.0),
        Er => (180.0, 80.0),
        Ey => (180.0, 100.0),
        Ih => (135.0, 40.0),
        Iy => (155.0, 55.0),
        Ow => (220.0, 80.0),
        Oy => (280.0, 150.0),
        Uh => (160.0, 60.0),
        Uw => (210.0, 70.0),
        B => (85.0, 60.0),
        Ch => (70.0, 50.0),
        D => (75.0, 50.0),
        Dh => (50.0, 30.0),
        F => (100.0, 80.0),
        G => (80.0, 60.0),
        Hh => (80.0, 20.0),
        Jh => (70.0, 50.0),
        K => (80.0, 60.0),
        L => (80.0, 40.0),
        M => (70.0, 60.0),
        N => (60.0, 50.0),
        Ng => (95.0, 80.0),
        P => (90.0, 50.0),
        R => (80.0, 30.0),
        S => (105.0, 60.0),
        Sh => (105.0, 80.0),
        T => (75.0, 50.0),
        Th => (90.0, 60.0),
        V => (60.0, 40.0),
        W => (80.0, 60.0),
        Y => (80.0, 40.0),
        Z => (75.0, 40.0),
        Zh => (70.0, 40.0),
        Dx => (20.0, 20.0),
        Pau => (200.0, 100.0),
    }
}

fn is_voiceless_stop(p: Phone) -> bool {
    p.is_stop() && !p.is_voiced()
}

fn is_voiced_stop(p: Phone) -> bool {
    p.is_stop() && p.is_voiced()
}

/// Voiced fricatives and the voiced affricate `jh`.
fn is_voiced_fricative(p: Phone) -> bool {
    p.is_voiced() && (p.is_fricative() || p.manner() == Manner::Affricate)
}

fn is_nasal(p: Phone) -> bool {
    p.manner() == Manner::Nasal
}

/// Durations of every segment (see the module documentation for the rules).
pub fn durations(segments: &[Segment], rate: Rate) -> Vec<Seconds> {
    let rate = f64::from(rate.0);
    (0..segments.len())
        .map(|i| {
            let s = &segments[i];
            let ms = if s.phone == Phone::Pau {
                s.pause.0 * 1000.0
            } else {
                phone_ms(segments, i)
            };
            Seconds(ms / 1000.0 / rate)
        })
        .collect()
}

fn phone_ms(segments: &[Segment], i: usize) -> f64 {
    let s = &segments[i];
    let prev = i.checked_sub(1).map(|j| &segments[j]);
    let next = segments.get(i + 1);
    let (inh, mut min) = inherent(s.phone);
    let mut p = 1.0;
    let vowel = s.phone.is_vowel();
    // 1. phrase-final lengthening
    if s.phrase_final_syllable {
        p *= match s.phrase_end {
            super::PhraseEnd::Fall | super::PhraseEnd::Rise => 1.4,
            super::PhraseEnd::Minor | super::PhraseEnd::Major => 1.25,
        };
    }
    if vowel {
        // 2.–4.
        if !s.phrase_final_syllable {
            p *= 0.6;
        }
        if !s.word_final_syllable {
            p *= 0.85;
        }
        if s.word_syllables >= 2 {
            p *= 0.8;
        }
        // 6. unstressed shortening
        let stress = if s.content || s.word_syllables >= 2 {
            s.stress
        } else {
            Stress::Unstressed
        };
        match stress {
            Stress::Unstressed => {
                p *= 0.7;
                min /= 2.0;
            }
            Stress::Secondary => p *= 0.85,
            Stress::Primary => {}
        }
        // 7. postvocalic context, within the word
        let same_word = next.filter(|n| n.word == s.word && n.word.is_some());
        let f: f64 = match same_word.map(|n| n.phone) {
            None => 1.2,
            Some(n) if is_voiceless_stop(n) => 0.7,
            Some(n) if is_voiced_fricative(n) => 1.6,
            Some(n) if is_voiced_stop(n) => 1.2,
            Some(n) if is_nasal(n) => 0.85,
            Some(_) => 1.0,
        };
        p *= if s.phrase_final_syllable {
            f
        } else {
            1.0 + (f - 1.0) / 2.0
        };
        // 8. vowel clusters
        if next.is_some_and(|n| n.phone.is_vowel()) {
            p *= 1.2;
        }
        if prev.is_some_and(|n| n.phone.is_vowel()) {
            p *= 0.7;
        }
    } else {
        // 5. non-initial consonant shortening
        if !s.word_initial {
            p *= 0.85;
        }
        // 8. consonant clusters (pauses and vowels break them)
        let cons =
            |o: Option<&Segment>| o.is_some_and(|n| !n.phone.is_vowel() && n.phone != Phone::Pau);
        p *= match (cons(prev), cons(next)) {
            (true, true) => 0.5,
            (true, false) | (false, true) => 0.7,
            (false, false) => 1.0,
        };
    }
    let mut ms = min + (inh - min) * p;
    // 9. aspiration after a voiceless stop
    let stressed = vowel && s.content && s.stress != Stress::Unstressed;
    if (stressed || (!vowel && s.phone.is_sonorant()))
        && prev.is_some_and(|n| is_voiceless_stop(n.phone))
    {
        ms += 20.0;
    }
    ms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phone_has_min_below_inherent() {
        for &p in Phone::ALL {
            let (inh, min) = inherent(p);
            assert!(min > 0.0 && min <= inh, "{p}");
        }
    }
}
