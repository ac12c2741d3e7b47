//! The phone set shared by the lexicon, the voices and the synthesizer:
//! CMU ARPAbet without stress, plus `ax` (reduced schwa, used by the Festival
//! diphone voices) and `pau` (silence).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! phones {
    ($($variant:ident => $name:literal, $vowel:literal;)*) => {
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

            /// True for vowels (the phones that carry stress).
            pub fn is_vowel(self) -> bool {
                match self { $(Phone::$variant => $vowel,)* }
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
    Aa => "aa", true; Ae => "ae", true; Ah => "ah", true; Ao => "ao", true;
    Aw => "aw", true; Ax => "ax", true; Ay => "ay", true; B => "b", false;
    Ch => "ch", false; D => "d", false; Dh => "dh", false; Eh => "eh", true;
    Er => "er", true; Ey => "ey", true; F => "f", false; G => "g", false;
    Hh => "hh", false; Ih => "ih", true; Iy => "iy", true; Jh => "jh", false;
    K => "k", false; L => "l", false; M => "m", false; N => "n", false;
    Ng => "ng", false; Ow => "ow", true; Oy => "oy", true; P => "p", false;
    R => "r", false; S => "s", false; Sh => "sh", false; T => "t", false;
    Th => "th", false; Uh => "uh", true; Uw => "uw", true; V => "v", false;
    W => "w", false; Y => "y", false; Z => "z", false; Zh => "zh", false;
    Pau => "pau", false;
}

impl Phone {
    /// Position of the phone in [`Phone::ALL`] (0 … 40).
    pub fn index(self) -> usize {
        self as usize
    }
}

impl Phoneme {
    /// Number of distinct [`Phoneme::code`] values.
    pub const CODES: u8 = 41 * 3;

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
    fn every_phone_round_trips_through_its_name() {
        for &p in Phone::ALL {
            assert_eq!(p.as_str().parse::<Phone>(), Ok(p));
        }
        assert_eq!(Phone::ALL.len(), 41);
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
