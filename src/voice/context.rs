//! The phones around a unit in the sentence it was cut from: the phone before the
//! diphone's first phone and the phone after its second. A diphone `eh-t` cut from
//! "metro" was spoken with the /t/ heading into an /r/; cut from "get up" it heads into a
//! vowel across a word boundary. The outer halves of a diphone carry these neighbours'
//! colouring (a stop's release, a vowel's formant glides), so unit selection prefers units
//! whose recorded neighbours are the ones the sentence wants (the classic phonetic-context
//! target feature of Hunt & Black 1996 and of Festival's clunits).
//!
//! Nothing is stored for it: a voice cut from running speech holds every phone pair of
//! each of its sentences, and neighbouring pairs of one sentence overlap in the voice
//! audio ([`Unit::is_continued_by`]), so the index alone says which unit came before and
//! after which.

use super::Unit;
use crate::phonetics::phone::Phone;

/// The recorded neighbours of one unit; `None` where the unit had no neighbouring unit
/// in its recording (the index does not say).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Context {
    /// The phone before the diphone's first phone.
    pub before: Option<Phone>,
    /// The phone after the diphone's second phone.
    pub after: Option<Phone>,
}

/// The context of every unit of `units` (parallel to it). Units are ordered by where
/// their two phones meet in the voice audio; two units next to each other in that order
/// whose ranges show them cut from neighbouring pairs of one sentence are each other's
/// neighbours. Ties in place keep index order, so the result is a pure function of the
/// index.
pub fn contexts(units: &[Unit]) -> Vec<Context> {
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by_key(|&i| (units[i].join, i));
    let mut out = vec![Context::default(); units.len()];
    for w in order.windows(2) {
        let (a, b) = (&units[w[0]], &units[w[1]]);
        if a.is_continued_by(b) && a.diphone.right == b.diphone.left {
            out[w[0]].after = Some(b.diphone.right);
            out[w[1]].before = Some(a.diphone.left);
        }
    }
    out
}

/// How unlike the phone `want` next to a diphone is the phone recorded there (0–1):
/// nothing for the same phone, half for one made the same way (manner and voicing: `t`
/// for `k`, `iy` for `ih`), all for anything else or for a neighbour not known (a unit
/// of a carrier word was spoken between nonsense syllables).
pub fn mismatch(want: Phone, have: Option<Phone>) -> f64 {
    match have {
        Some(h) if h == want => 0.0,
        Some(h) if h.manner() == want.manner() && h.is_voiced() == want.is_voiced() => 0.5,
        Some(_) | None => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Frames;
    use crate::voice::Diphone;

    fn unit(left: Phone, right: Phone, start: usize) -> Unit {
        Unit {
            diphone: Diphone::new(left, right),
            start: Frames(start),
            join: Frames(start + 800),
            end: Frames(start + 1600),
            marks: Vec::new(),
        }
    }

    #[test]
    fn neighbours_in_one_recording_are_each_others_context() {
        // "m eh t r": pau-m, m-eh, eh-t, t-r cut from one sentence (each starting in the
        // middle of the previous one's second phone, so the ranges overlap), listed by diphone as an index does;
        // a second eh-t from elsewhere in the audio.
        let units = [
            unit(Phone::Eh, Phone::T, 2_000),
            unit(Phone::Eh, Phone::T, 50_000),
            unit(Phone::M, Phone::Eh, 1_000),
            unit(Phone::Pau, Phone::M, 0),
            unit(Phone::T, Phone::R, 3_000),
        ];
        let c = contexts(&units);
        assert_eq!(
            c[0],
            Context {
                before: Some(Phone::M),
                after: Some(Phone::R)
            }
        );
        assert_eq!(c[1], Context::default());
        assert_eq!(c[2].before, Some(Phone::Pau));
        assert_eq!(c[2].after, Some(Phone::T));
        assert_eq!(c[3].before, None);
        assert_eq!(c[4].before, Some(Phone::Eh));
        assert_eq!(c[4].after, None);
    }

    #[test]
    fn the_same_phone_matches_and_a_phone_made_alike_half_matches() {
        assert_eq!(mismatch(Phone::R, Some(Phone::R)), 0.0);
        assert_eq!(mismatch(Phone::T, Some(Phone::K)), 0.5);
        assert_eq!(mismatch(Phone::Iy, Some(Phone::Ih)), 0.5);
        assert_eq!(mismatch(Phone::T, Some(Phone::D)), 1.0);
        assert_eq!(mismatch(Phone::R, Some(Phone::Aa)), 1.0);
        assert_eq!(mismatch(Phone::R, None), 1.0);
    }
}
