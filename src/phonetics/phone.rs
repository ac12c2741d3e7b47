//! The phone set shared by the lexicon, the voices and the synthesizer:
//! CMU ARPAbet without stress, plus `ax` (reduced schwa, used by the Festival
//! diphone voices), `pau` (silence) and `dx` (the American flap of "water", "forty": a
//! surface phone no dictionary writes; the planner writes it for voices whose
//! [`PhoneSet`] has it, see `prosody::flap`).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How a phone is made: the phone classes every stage asks about (durations, cutting units,
/// joining them, test voices), kept in the one table below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Manner {
    /// A vowel (carries stress).
    Vowel,
    /// A stop (`p t k b d g`): closure, then release.
    Stop,
    /// An affricate (`ch jh`): a stop released into a fricative.
    Affricate,
    /// A sibilant fricative (`s z sh zh`): strong noise.
    Sibilant,
    /// A non-sibilant fricative (`f v th dh hh`): weak noise.
    Fricative,
    /// A nasal (`m n ng`).
    Nasal,
    /// A liquid (`l r`).
    Liquid,
    /// A glide (`w y`).
    Glide,
    /// Silence (`pau`).
    Silence,
}

macro_rules! phones {
    ($($variant:ident => $name:literal, $manner:ident, $voiced:literal;)*) => {
        /// One phone of the voice phone set.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum Phone { $(#[doc = $name] $variant,)* }

        impl Phone {
            /// Every phone, in a fixed order.
            pub const ALL: &'static [Phone] = &[$(Phone::$variant,)*];

            /// Lower-case ARPAbet name (`aa`, `pau` …).
            pub fn as_str(self) -> &'static str {
                match self { $(Phone::$variant => $name,)* }
            }

            /// How the phone is made.
            pub fn manner(self) -> Manner {
                match self { $(Phone::$variant => Manner::$manner,)* }
            }

            /// True for phones with voicing (vowels, sonorants, voiced obstruents).
            pub fn is_voiced(self) -> bool {
                match self { $(Phone::$variant => $voiced,)* }
            }
        }

        impl FromStr for Phone {
            type Err = UnknownPhone;
            /// Parses a phone name, case-insensitively, without stress digit.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let lower = s.to_ascii_lowercase();
                match lower.as_str() {
                    $($name => Ok(Phone::$variant),)*
                    _ => Err(UnknownPhone(s.to_string())),
                }
            }
        }
    };
}

phones! {
    Aa => "aa", Vowel, true; Ae => "ae", Vowel, true; Ah => "ah", Vowel, true;
    Ao => "ao", Vowel, true; Aw => "aw", Vowel, true; Ax => "ax", Vowel, true;
    Ay => "ay", Vowel, true; B => "b", Stop, true; Ch => "ch", Affricate, false;
    D => "d", Stop, true; Dh => "dh", Fricative, true; Eh => "eh", Vowel, true;
    Er => "er", Vowel, true; Ey => "ey", Vowel, true; F => "f", Fricative, false;
    G => "g", Stop, true; Hh => "hh", Fricative, false; Ih => "ih", Vowel, true;
    Iy => "iy", Vowel, true; Jh => "jh", Affricate, true; K => "k", Stop, false;
    L => "l", Liquid, true; M => "m", Nasal, true; N => "n", Nasal, true;
    Ng => "ng", Nasal, true; Ow => "ow", Vowel, true; Oy => "oy", Vowel, true;
    P => "p", Stop, false; R => "r", Liquid, true; S => "s", Sibilant, false;
    Sh => "sh", Sibilant, false; T => "t", Stop, false; Th => "th", Fricative, false;
    Uh => "uh", Vowel, true; Uw => "uw", Vowel, true; V => "v", Fricative, true;
    W => "w", Glide, true; Y => "y", Glide, true; Z => "z", Sibilant, true;
    Zh => "zh", Sibilant, true; Pau => "pau", Silence, false; Dx => "dx", Stop, true;
}

/// The phones a voice has units for, named in its `voice.toml` (`phone_set`): every voice
/// has the dictionary's phones plus `ax` and `pau`; ked also has the flap `dx`, recorded
/// as diphones of its own. The planner writes a flap only for a voice
/// that has it: a voice recorded from whole sentences labelled with dictionary phones
/// already has its flaps among its `t` and `d` units, chosen by their context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PhoneSet {
    /// The dictionary's phones plus `ax` and `pau` (`arpabet-ax-pau`).
    #[default]
    Arpabet,
    /// Those and the flap `dx` (`arpabet-ax-pau-dx`).
    ArpabetFlap,
}

impl PhoneSet {
    /// The name `voice.toml` gives it.
    pub fn name(self) -> &'static str {
        match self {
            PhoneSet::Arpabet => "arpabet-ax-pau",
            PhoneSet::ArpabetFlap => "arpabet-ax-pau-dx",
        }
    }

    /// True when the set has the phone.
    pub fn has(self, p: Phone) -> bool {
        p != Phone::Dx || self == PhoneSet::ArpabetFlap
    }

    /// The smallest set that has every phone of `phones`.
    pub fn covering(phones: impl IntoIterator<Item = Phone>) -> PhoneSet {
        if phones.into_iter().any(|p| p == Phone::Dx) {
            PhoneSet::ArpabetFlap
        } else {
            PhoneSet::Arpabet
        }
    }
}

impl FromStr for PhoneSet {
    type Err = UnknownPhoneSet;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [PhoneSet::Arpabet, PhoneSet::ArpabetFlap]
            .into_iter()
            .find(|set| set.name() == s)
            .ok_or_else(|| UnknownPhoneSet(s.to_string()))
    }
}

impl fmt::Display for PhoneSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for PhoneSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// A phone set name aloud does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown phone set `{0}` (expected `arpabet-ax-pau` or `arpabet-ax-pau-dx`)")]
pub struct UnknownPhoneSet(pub String);

impl Phone {
    /// True for vowels (the phones that carry stress).
    pub fn is_vowel(self) -> bool {
        self.manner() == Manner::Vowel
    }

    /// True for the stops (`p t k b d g`), whose units are cut inside the closure.
    pub fn is_stop(self) -> bool {
        self.manner() == Manner::Stop
    }

    /// True for fricatives, sibilant or not (`f v th dh s z sh zh hh`).
    pub fn is_fricative(self) -> bool {
        matches!(self.manner(), Manner::Sibilant | Manner::Fricative)
    }

    /// True for sonorants: vowels, liquids and glides (not nasals).
    pub fn is_sonorant(self) -> bool {
        matches!(
            self.manner(),
            Manner::Vowel | Manner::Liquid | Manner::Glide
        )
    }

    /// Position of the phone in [`Phone::ALL`] (0 … 41).
    pub fn index(self) -> usize {
        self as usize
    }
}

impl Phoneme {
    /// Number of distinct [`Phoneme::code`] values.
    pub const CODES: u8 = 42 * 3;

    /// A phoneme with this phone and stress (consonants are always unstressed).
    pub fn new(phone: Phone, stress: Stress) -> Phoneme {
        let stress = if phone.is_vowel() {
            stress
        } else {
            Stress::Unstressed
        };
        Phoneme { phone, stress }
    }

    /// Compact one-byte code: phone index × 3 + stress (0 unstressed, 1 primary, 2 secondary).
    pub fn code(self) -> u8 {
        let s = match self.stress {
            Stress::Unstressed => 0,
            Stress::Primary => 1,
            Stress::Secondary => 2,
        };
        (self.phone.index() * 3 + s) as u8
    }

    /// Inverse of [`Phoneme::code`]; `None` for codes out of range.
    pub fn from_code(code: u8) -> Option<Phoneme> {
        let phone = *Phone::ALL.get(usize::from(code / 3))?;
        let stress = match code % 3 {
            0 => Stress::Unstressed,
            1 => Stress::Primary,
            _ => Stress::Secondary,
        };
        Some(Phoneme::new(phone, stress))
    }

    /// Parses a CMU dictionary token (`AH0`, `K`, `ER1`): like [`str::parse`], but an
    /// unstressed `AH0` becomes the reduced vowel `ax`, as the voices have it.
    pub fn from_cmu(token: &str) -> Result<Phoneme, UnknownPhone> {
        let p: Phoneme = token.parse()?;
        if p.phone == Phone::Pau {
            return Err(UnknownPhone(token.to_string()));
        }
        Ok(if p.phone == Phone::Ah && p.stress == Stress::Unstressed {
            Phoneme::new(Phone::Ax, Stress::Unstressed)
        } else {
            p
        })
    }
}

/// A phone name that is not in the phone set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown phone `{0}` (expected lower-case ARPAbet such as `aa`, `sh`, `pau`)")]
pub struct UnknownPhone(pub String);

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A pronunciation as ARPAbet with stress digits, space-separated (`K AE1 T`).
pub fn arpabet(phonemes: &[Phoneme]) -> String {
    phonemes
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lexical stress of a vowel (ARPAbet digits 0, 1, 2). Consonants are `Unstressed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Stress {
    /// Digit 0, or a consonant.
    #[default]
    Unstressed,
    /// Digit 1.
    Primary,
    /// Digit 2.
    Secondary,
}

/// A phone with its stress: the unit of a pronunciation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Phoneme {
    /// The phone.
    pub phone: Phone,
    /// Its stress (always `Unstressed` for consonants).
    pub stress: Stress,
}

impl fmt::Display for Phoneme {
    /// ARPAbet with stress digit on vowels: `AH0`, `K`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.phone.as_str().to_ascii_uppercase();
        if self.phone.is_vowel() {
            let d = match self.stress {
                Stress::Unstressed => 0,
                Stress::Primary => 1,
                Stress::Secondary => 2,
            };
            write!(f, "{name}{d}")
        } else {
            f.write_str(&name)
        }
    }
}

impl FromStr for Phoneme {
    type Err = UnknownPhone;
    /// Parses `AH0`, `ah1`, `K`; a vowel without digit is unstressed.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (name, stress) = match s.chars().last() {
            Some('0') => (&s[..s.len() - 1], Stress::Unstressed),
            Some('1') => (&s[..s.len() - 1], Stress::Primary),
            Some('2') => (&s[..s.len() - 1], Stress::Secondary),
            _ => (s, Stress::Unstressed),
        };
        let phone: Phone = name.parse().map_err(|_| UnknownPhone(s.to_string()))?;
        if !phone.is_vowel() && name.len() != s.len() {
            return Err(UnknownPhone(s.to_string()));
        }
        Ok(Phoneme { phone, stress })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phone_classes_are_those_of_english() {
        let named = |m: Manner| -> Vec<&str> {
            Phone::ALL
                .iter()
                .filter(|p| p.manner() == m)
                .map(|p| p.as_str())
                .collect()
        };
        assert_eq!(named(Manner::Stop), ["b", "d", "g", "k", "p", "t", "dx"]);
        assert_eq!(named(Manner::Affricate), ["ch", "jh"]);
        assert_eq!(named(Manner::Sibilant), ["s", "sh", "z", "zh"]);
        assert_eq!(named(Manner::Fricative), ["dh", "f", "hh", "th", "v"]);
        assert_eq!(named(Manner::Nasal), ["m", "n", "ng"]);
        assert_eq!(named(Manner::Liquid), ["l", "r"]);
        assert_eq!(named(Manner::Glide), ["w", "y"]);
        assert_eq!(named(Manner::Vowel).len(), 16);
        let voiceless: Vec<&str> = Phone::ALL
            .iter()
            .filter(|p| !p.is_voiced())
            .map(|p| p.as_str())
            .collect();
        assert_eq!(
            voiceless,
            ["ch", "f", "hh", "k", "p", "s", "sh", "t", "th", "pau"]
        );
    }

    #[test]
    fn every_phone_round_trips_through_its_name() {
        for &p in Phone::ALL {
            assert_eq!(p.as_str().parse::<Phone>(), Ok(p));
        }
        assert_eq!(Phone::ALL.len(), 42);
    }

    #[test]
    fn only_the_flap_set_has_the_flap_and_names_round_trip() {
        for set in [PhoneSet::Arpabet, PhoneSet::ArpabetFlap] {
            assert_eq!(set.name().parse::<PhoneSet>(), Ok(set));
            assert!(set.has(Phone::T) && set.has(Phone::Pau));
        }
        assert!(!PhoneSet::Arpabet.has(Phone::Dx));
        assert!(PhoneSet::ArpabetFlap.has(Phone::Dx));
        assert_eq!(PhoneSet::covering([Phone::T, Phone::Aa]), PhoneSet::Arpabet);
        assert_eq!(PhoneSet::covering([Phone::Dx]), PhoneSet::ArpabetFlap);
        assert!("ipa".parse::<PhoneSet>().is_err());
    }

    #[test]
    fn phoneme_parses_stress_digits_and_rejects_stressed_consonants() {
        let p: Phoneme = "AH0".parse().unwrap();
        assert_eq!((p.phone, p.stress), (Phone::Ah, Stress::Unstressed));
        assert_eq!("ey1".parse::<Phoneme>().unwrap().stress, Stress::Primary);
        assert!("K1".parse::<Phoneme>().is_err());
        assert!("QQ".parse::<Phoneme>().is_err());
        assert_eq!("ER2".parse::<Phoneme>().unwrap().to_string(), "ER2");
    }
}
