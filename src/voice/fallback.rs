//! The fallback chain for phone pairs a voice lacks.
//!
//! For a wanted diphone `x-y` the chain tries, in order, and stops at the first
//! unit the voice has:
//!
//! 1. `x-y` itself (no substitution);
//! 2. `x-y'` for each `y'` in [`similar`]`(y)` ([`SubstitutionRule::SimilarRight`]);
//! 3. `x'-y` for each `x'` in `similar(x)` ([`SubstitutionRule::SimilarLeft`]);
//! 4. `x'-y'` (left alternatives outer, right inner) ([`SubstitutionRule::SimilarBoth`]);
//! 5. `x-pau` (keeps the first phone, fades to silence) ([`SubstitutionRule::PauseRight`]);
//! 6. `pau-y` (keeps the second phone) ([`SubstitutionRule::PauseLeft`]);
//! 7. `pau-pau` ([`SubstitutionRule::Silence`]).
//!
//! Every step after the first is reported as a [`Substitution`]; a voice
//! without `pau-pau` fails the lookup with [`super::VoiceError::NoUnit`].
//! The similar-phone lists are ordered closest first: reduced vowels swap with
//! each other (`ax`↔`ah`, `er`→`ax`, as Festival does), other vowels with their
//! neighbours in the vowel space, consonants with their voicing partner, then
//! the same manner of articulation.

use super::Diphone;
use crate::phonetics::phone::Phone;
use serde::Serialize;

/// Which rule of the fallback chain produced a substitute unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SubstitutionRule {
    /// The second phone was replaced by a similar phone.
    SimilarRight,
    /// The first phone was replaced by a similar phone.
    SimilarLeft,
    /// Both phones were replaced by similar phones.
    SimilarBoth,
    /// The pair of the first phone with a following pause (`x-pau`).
    PauseRight,
    /// The pair of a pause with the second phone (`pau-y`).
    PauseLeft,
    /// Silence (`pau-pau`).
    Silence,
}

/// A unit used in place of a diphone the voice lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Substitution {
    /// The diphone asked for.
    pub wanted: Diphone,
    /// The diphone of the unit returned.
    pub used: Diphone,
    /// The rule that chose it.
    pub rule: SubstitutionRule,
}

/// Phones that may stand in for `p`, closest first (never `p` itself, never `pau`).
pub fn similar(p: Phone) -> &'static [Phone] {
    use Phone::*;
    match p {
        Ax => &[Ah, Ih, Er, Uh],
        Ah => &[Ax, Aa, Uh],
        Er => &[Ax, Ah, R],
        Aa => &[Ao, Ah],
        Ao => &[Aa, Ow],
        Ae => &[Eh, Aa],
        Eh => &[Ae, Ih, Ey],
        Ih => &[Iy, Ax, Eh],
        Iy => &[Ih, Ey, Y],
        Uh => &[Uw, Ax, Ah],
        Uw => &[Uh, Ow, W],
        Ey => &[Eh, Iy],
        Ay => &[Aa, Ah, Ey],
        Aw => &[Aa, Ao, Ow],
        Ow => &[Ao, Uw],
        Oy => &[Ao, Ow],
        P => &[B, T, K],
        B => &[P, D, G],
        T => &[D, K, P],
        D => &[T, G, B],
        K => &[G, T, P],
        G => &[K, D, B],
        F => &[V, Th],
        V => &[F, Dh],
        Th => &[Dh, F],
        Dh => &[Th, V, D],
        S => &[Z, Sh],
        Z => &[S, Zh],
        Sh => &[Zh, S, Ch],
        Zh => &[Sh, Z, Jh],
        Ch => &[Jh, Sh, T],
        Jh => &[Ch, Zh, D],
        Hh => &[F, Th],
        M => &[N, Ng],
        N => &[M, Ng],
        Ng => &[N, M],
        L => &[R, W],
        R => &[Er, L, W],
        W => &[Uw, L],
        Y => &[Iy, Ih],
        Dx => &[D, T],
        Pau => &[],
    }
}

/// Runs the fallback chain for `wanted` against `has` (does the voice have
/// this diphone?). Returns the diphone to use and the substitution, if any;
/// `None` when even `pau-pau` is missing.
pub fn resolve(
    wanted: Diphone,
    has: impl Fn(Diphone) -> bool,
) -> Option<(Diphone, Option<Substitution>)> {
    if has(wanted) {
        return Some((wanted, None));
    }
    let Diphone { left: x, right: y } = wanted;
    let sub = |used: Diphone, rule| Some((used, Some(Substitution { wanted, used, rule })));
    for &y2 in similar(y) {
        if has(Diphone::new(x, y2)) {
            return sub(Diphone::new(x, y2), SubstitutionRule::SimilarRight);
        }
    }
    for &x2 in similar(x) {
        if has(Diphone::new(x2, y)) {
            return sub(Diphone::new(x2, y), SubstitutionRule::SimilarLeft);
        }
    }
    for &x2 in similar(x) {
        for &y2 in similar(y) {
            if has(Diphone::new(x2, y2)) {
                return sub(Diphone::new(x2, y2), SubstitutionRule::SimilarBoth);
            }
        }
    }
    let steps = [
        (Diphone::new(x, Phone::Pau), SubstitutionRule::PauseRight),
        (Diphone::new(Phone::Pau, y), SubstitutionRule::PauseLeft),
        (
            Diphone::new(Phone::Pau, Phone::Pau),
            SubstitutionRule::Silence,
        ),
    ];
    steps
        .into_iter()
        .find(|(d, _)| has(*d))
        .and_then(|(d, rule)| sub(d, rule))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Phone::*;

    #[test]
    fn similar_lists_never_name_the_phone_itself_or_pau() {
        for &p in Phone::ALL {
            assert!(!similar(p).contains(&p), "{p}");
            assert!(!similar(p).contains(&Pau), "{p}");
        }
    }

    #[test]
    fn chain_prefers_the_closest_substitute_and_reports_it() {
        let have = [
            Diphone::new(W, Ax),
            Diphone::new(Ah, T),
            Diphone::new(Pau, Pau),
        ];
        let has = |d: Diphone| have.contains(&d);
        assert_eq!(
            resolve(Diphone::new(W, Ax), has),
            Some((Diphone::new(W, Ax), None))
        );
        let (used, s) = resolve(Diphone::new(W, Er), has).unwrap();
        assert_eq!(used, Diphone::new(W, Ax));
        assert_eq!(s.unwrap().rule, SubstitutionRule::SimilarRight);
        let (used, s) = resolve(Diphone::new(Ax, T), has).unwrap();
        assert_eq!(used, Diphone::new(Ah, T));
        assert_eq!(s.unwrap().rule, SubstitutionRule::SimilarLeft);
        let (used, s) = resolve(Diphone::new(Zh, Zh), has).unwrap();
        assert_eq!(used, Diphone::new(Pau, Pau));
        assert_eq!(s.unwrap().rule, SubstitutionRule::Silence);
        assert_eq!(resolve(Diphone::new(Zh, Zh), |_| false), None);
    }
}
