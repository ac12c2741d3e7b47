//! Where a unit's two phones stood in the words of the sentence it was cut from: whether
//! a word ends between them, and how their vowels were stressed. A /t r/ spoken inside
//! "retro" runs on into the /r/; across "get rid" it is released before a word boundary.
//! A stressed /eh/ is longer and fuller than an unstressed one. Unit selection weighs both
//! against what the sentence wants ([`crate::prosody::PhonePlace`] on each phone target),
//! as Hunt & Black (1996) and Festival's clunits do with word position and stress.
//!
//! Known only for units cut from recorded sentences whose text the voice builder had
//! (`aloud voice build --prompts`); stored in the voice's unit features file.

use crate::phonetics::phone::Stress;

/// The place of a unit's phones in the words of its recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitPlace {
    /// A word boundary lies between the two phones (the second begins a word).
    pub word_break: bool,
    /// The lexical stress of the first and second phone (`Unstressed` for consonants).
    pub stress: [Stress; 2],
}

impl UnitPlace {
    /// The place as one byte (bit 0 set: known; bit 1: word break; bits 2–3 and 4–5: the
    /// two stresses as 0 unstressed, 1 primary, 2 secondary); 0 for an unknown place.
    pub fn to_byte(place: Option<UnitPlace>) -> u8 {
        let Some(p) = place else { return 0 };
        let s = |s: Stress| match s {
            Stress::Unstressed => 0u8,
            Stress::Primary => 1,
            Stress::Secondary => 2,
        };
        1 | u8::from(p.word_break) << 1 | s(p.stress[0]) << 2 | s(p.stress[1]) << 4
    }

    /// The place a byte of [`UnitPlace::to_byte`] holds; `Err` for a byte it never writes.
    pub fn from_byte(b: u8) -> Result<Option<UnitPlace>, u8> {
        if b == 0 {
            return Ok(None);
        }
        let s = |v: u8| match v {
            0 => Ok(Stress::Unstressed),
            1 => Ok(Stress::Primary),
            2 => Ok(Stress::Secondary),
            _ => Err(b),
        };
        if b & 1 == 0 || b >> 6 != 0 {
            return Err(b);
        }
        Ok(Some(UnitPlace {
            word_break: b & 2 != 0,
            stress: [s(b >> 2 & 3)?, s(b >> 4 & 3)?],
        }))
    }
}

/// True for a stressed vowel (primary or secondary stress).
pub fn stressed(s: Stress) -> bool {
    s != Stress::Unstressed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_place_survives_its_byte() {
        let all = [Stress::Unstressed, Stress::Primary, Stress::Secondary];
        let mut seen = std::collections::BTreeSet::new();
        assert_eq!(UnitPlace::from_byte(UnitPlace::to_byte(None)), Ok(None));
        for word_break in [false, true] {
            for a in all {
                for b in all {
                    let p = Some(UnitPlace {
                        word_break,
                        stress: [a, b],
                    });
                    let byte = UnitPlace::to_byte(p);
                    assert!(seen.insert(byte), "two places share byte {byte}");
                    assert_eq!(UnitPlace::from_byte(byte), Ok(p));
                }
            }
        }
        for bad in [2u8, 0b1101, 0b11_0001, 0x41] {
            assert!(UnitPlace::from_byte(bad).is_err(), "{bad:#b}");
        }
    }
}
