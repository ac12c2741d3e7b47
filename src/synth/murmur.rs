//! The murmur some recordings end their phrase-final vowels with.
//!
//! The voices recorded from statistical synthesizers (slt from HTS, rms from clustergen) end
//! most vowels before a pause with 40–80 ms of voicing that has nothing above its first
//! harmonics: a murmur, often louder than the vowel's end. Played at full level, a phrase-final
//! "Ahh" is heard as "on". PSOLA lets such a vowel die away through its murmur instead (see
//! `psola`'s `Envelope::DieAway`). The diphone voices (kal, ked) have none.

use crate::phonetics::phone::Phone;
use crate::voice::Unit;

/// The analysis step: 10 ms at the voices' 16 kHz.
const HOP: usize = 160;
/// The shortest murmur a vowel dies away through (30 ms).
const SHORTEST: usize = 480;
/// How much of the vowel a murmur must leave before it (20 ms).
const VOWEL_LEFT: usize = 320;
/// Energy of the differenced signal against the signal's under which a step is murmur. The
/// difference weighs each component by its frequency squared, so the ratio is about that of a
/// sine of 360 Hz; a vowel's formants keep it near 0.1–0.3.
const RATIO: f64 = 0.02;

/// Where the part of `b` (a unit into a pause) that `phone` plays, from `from` to its join,
/// starts to die away: a vowel whose recording ends in a murmur dies away from the murmur's
/// start ([`start`]); any other phone, or a vowel without one, plays to its end (`None`).
/// PSOLA fades there, and `aloud plan --units` shows it.
pub(super) fn dies_from<S: Copy + Into<f32>>(
    audio: &[S],
    phone: Phone,
    b: &Unit,
    from: usize,
) -> Option<usize> {
    if phone.is_vowel() {
        start(audio, from, b.join.0)
    } else {
        None
    }
}

/// Where a murmur that runs up to `join` (a vowel's labelled end) starts in `audio`, if it
/// lasts at least [`SHORTEST`] and leaves [`VOWEL_LEFT`] of the vowel after `start`. Steps of
/// [`HOP`] are taken back from `join` while each is murmur (see [`RATIO`]); silence ends the
/// walk.
pub(super) fn start<S: Copy + Into<f32>>(audio: &[S], start: usize, join: usize) -> Option<usize> {
    let join = join.min(audio.len());
    let mut m = join;
    while m >= start + HOP + VOWEL_LEFT && m > HOP {
        let mut prev: f32 = audio[m - HOP - 1].into();
        let (mut energy, mut change) = (0.0f64, 0.0f64);
        for &x in &audio[m - HOP..m] {
            let x: f32 = x.into();
            energy += f64::from(x * x);
            change += f64::from((x - prev) * (x - prev));
            prev = x;
        }
        if energy <= 1e-9 || change / energy >= RATIO {
            break;
        }
        m -= HOP;
    }
    (join - m >= SHORTEST).then_some(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f32::consts::TAU;

    /// A vowel-like buzz: harmonics of 120 Hz up to 4 kHz with falling amplitude.
    fn vowel(n: usize) -> Vec<f32> {
        (0..n)
            .map(|i| {
                let t = i as f32 / 16_000.0;
                (1..=33)
                    .map(|k| (TAU * 120.0 * k as f32 * t).sin() / k as f32)
                    .sum::<f32>()
                    * 0.1
            })
            .collect()
    }

    /// A murmur: the first two harmonics of 120 Hz only.
    fn murmur(n: usize, from: usize) -> Vec<f32> {
        (from..from + n)
            .map(|i| {
                let t = i as f32 / 16_000.0;
                0.3 * (TAU * 120.0 * t).sin() + 0.1 * (TAU * 240.0 * t).sin()
            })
            .collect()
    }

    #[test]
    fn a_vowel_ending_in_murmur_is_found_within_a_step_of_where_the_murmur_begins() {
        let mut audio = vowel(3_200);
        audio.extend(murmur(1_120, 3_200));
        let found = start(&audio, 0, audio.len()).expect("a 70 ms murmur");
        assert!((3_200..3_200 + HOP).contains(&found), "found at {found}");
    }

    #[test]
    fn a_plain_vowel_a_short_murmur_and_silence_have_no_murmur() {
        let plain = vowel(4_000);
        assert_eq!(start(&plain, 0, plain.len()), None);
        let mut short = vowel(3_200);
        short.extend(murmur(320, 3_200));
        assert_eq!(start(&short, 0, short.len()), None, "20 ms is too short");
        let silent = vec![0.0f32; 4_000];
        assert_eq!(start(&silent, 0, silent.len()), None);
    }

    #[test]
    fn a_murmur_never_takes_the_whole_vowel() {
        let whole = murmur(2_000, 0);
        let found = start(&whole, 0, whole.len()).expect("murmur to the start");
        assert!(found >= VOWEL_LEFT, "left {found} samples of vowel");
        assert!(
            start(&whole[..700], 0, 700).is_none(),
            "too short to leave any vowel"
        );
    }
}
