//! What unit selection knows about a unit: the spectrum, level and pitch period at
//! its two edges (where it meets its neighbours in the middle of a phone) and its
//! median F0. Computed when a voice with several units per diphone is written, and
//! stored beside it ([`FEATURES_FILE`]); computed at load for a voice without that file.
//!
//! The spectrum is an LPC cepstrum (order 16, coefficients 1..=[`CEPSTRA`],
//! the level left out) of a Hann-windowed 20 ms frame inside the part of the unit the
//! synthesizer plays next to the seam: from the first pitch mark on at the left edge,
//! up to the last pitch mark at the right edge. The cepstral distance between the
//! right edge of one unit and the left edge of the next is the classic spectral join
//! cost (Hunt & Black 1996).

use super::{Context, Unit, UnitPlace};
use crate::units::{Hz, VOICE_RATE};

/// Number of cepstral coefficients kept (c1..c12).
pub const CEPSTRA: usize = 12;
/// Order of the LPC analysis.
pub(crate) const LPC_ORDER: usize = 16;
/// Analysis frame (20 ms at 16 kHz).
const FRAME: usize = 320;

/// The sound at one edge of a unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// LPC cepstrum c1..c12 (zeros for silence).
    pub cepstrum: [f32; CEPSTRA],
    /// Natural log of the frame's RMS (full scale 1).
    pub log_rms: f32,
    /// The pitch period at the edge, in samples, when the two marks next to it are voiced.
    pub period: Option<f32>,
}

/// A unit's features for unit selection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitFeatures {
    /// At the first pitch mark (where the unit's first phone is joined).
    pub left: Edge,
    /// At the last pitch mark (where the unit's second phone is joined).
    pub right: Edge,
    /// Median F0 of the unit's voiced periods.
    pub f0: Option<Hz>,
    /// The phones recorded next to the unit. Not stored in [`FEATURES_FILE`]: worked out
    /// from the index when a voice loads ([`super::context::contexts`]); unknown until then.
    pub context: Context,
    /// Where its phones stood in the words of its recording, when the voice builder knew
    /// the recording's text (stored in [`FEATURES_FILE`]).
    pub place: Option<UnitPlace>,
    /// How bright the release of a voiceless stop, affricate or sibilant into a vowel is
    /// ([`super::release::release_centroid`]; `None` for other units).
    pub release: Option<Hz>,
    /// How far a /t/ release lies below the brightness the voice's /t/ needs not to be
    /// heard as its /tʃ/ ([`super::release::release_gaps`]). Not stored: worked out when a
    /// voice loads; 0 until then, for other units and for voices whose /t/ is clear.
    pub release_gap: Hz,
}

/// The features of `unit` in the voice audio `pcm`.
pub fn unit_features(unit: &Unit, pcm: &[i16]) -> UnitFeatures {
    let (start, end) = (unit.start.0, unit.end.0);
    let first = unit.marks.first().map_or(start, |m| m.at.0);
    let last = unit.marks.last().map_or(end, |m| m.at.0);
    let frame = |from: usize| {
        let from = from.clamp(start, end.saturating_sub(FRAME).max(start));
        &pcm[from..(from + FRAME).min(end)]
    };
    let voiced_pairs: Vec<f32> = unit
        .marks
        .windows(2)
        .filter(|w| w[0].voiced && w[1].voiced)
        .map(|w| (w[1].at - w[0].at).0 as f32)
        .collect();
    let left = edge(frame(first), unit.first_period().map(|p| p.0 as f32));
    let right = edge(
        frame(last.saturating_sub(FRAME)),
        unit.last_period().map(|p| p.0 as f32),
    );
    let f0 = (!voiced_pairs.is_empty()).then(|| {
        let mut p = voiced_pairs;
        p.sort_by(f32::total_cmp);
        Hz(VOICE_RATE.0 as f32 / p[p.len() / 2])
    });
    UnitFeatures {
        left,
        right,
        f0,
        context: Context::default(),
        place: None,
        release: super::release::release_centroid(unit, pcm),
        release_gap: Hz(0.0),
    }
}

fn edge(frame: &[i16], period: Option<f32>) -> Edge {
    let n = frame.len();
    let x: Vec<f64> = frame
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let w = 0.5 - 0.5 * (std::f64::consts::TAU * (i as f64 + 0.5) / n as f64).cos();
            f64::from(s) / 32768.0 * w
        })
        .collect();
    let mut r = [0.0f64; LPC_ORDER + 1];
    for (lag, r) in r.iter_mut().enumerate() {
        *r = x.iter().zip(x.iter().skip(lag)).map(|(a, b)| a * b).sum();
    }
    // Hann window power is 3/8 of the frame
    let log_rms = (0.5 * (r[0] / (0.375 * n.max(1) as f64)).max(1e-12).ln()) as f32;
    let mut cepstrum = [0.0f32; CEPSTRA];
    let lifted = {
        // a little lag-0 lift keeps the recursion stable on near-tonal frames
        let mut l = r;
        l[0] *= 1.0 + 1e-6;
        l
    };
    if let Some(a) = (r[0] >= 1e-9).then(|| levinson(&lifted)).flatten() {
        // cepstrum of 1/A(z), A(z) = 1 + Σ a_k z^-k
        let mut c = [0.0f64; CEPSTRA + 1];
        for m in 1..=CEPSTRA {
            let am = if m <= LPC_ORDER { a[m] } else { 0.0 };
            let mut acc = -am;
            for k in 1..m {
                let amk = if m - k <= LPC_ORDER { a[m - k] } else { 0.0 };
                acc -= (k as f64 / m as f64) * c[k] * amk;
            }
            c[m] = acc;
            cepstrum[m - 1] = acc as f32;
        }
    }
    Edge {
        cepstrum,
        log_rms,
        period,
    }
}

/// File name of the stored features in a voice folder with several units per
/// diphone (written at build time so a voice need not compute them when it loads).
pub const FEATURES_FILE: &str = "units.feat";
/// First bytes of [`FEATURES_FILE`], written now: the values with the release, then one
/// byte per unit for its place ([`UnitPlace::to_byte`]).
const FEATURES_MAGIC: &[u8; 8] = b"ALOUDFT3";
/// First bytes of the older [`FEATURES_FILE`] without releases (still read).
const FEATURES_MAGIC_2: &[u8; 8] = b"ALOUDFT2";
/// First bytes of the oldest [`FEATURES_FILE`], without releases or places (still read).
const FEATURES_MAGIC_1: &[u8; 8] = b"ALOUDFT1";
/// Values per unit in [`FEATURES_FILE`]: two edges of (cepstrum, level, period), F0 and
/// the release (the older files stop after F0).
const VALUES: usize = 2 * (CEPSTRA + 2) + 2;

/// The bytes of [`FEATURES_FILE`] for `features`: the magic, the unit count (u32),
/// per unit [`VALUES`] little-endian `f32` (left edge, right edge, F0, release; NaN for
/// none), then per unit one byte for its place.
pub(crate) fn encode(features: &[UnitFeatures]) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 + features.len() * (VALUES * 4 + 1));
    out.extend_from_slice(FEATURES_MAGIC);
    out.extend_from_slice(&(features.len() as u32).to_le_bytes());
    for f in features {
        for e in [&f.left, &f.right] {
            for c in e.cepstrum {
                out.extend_from_slice(&c.to_le_bytes());
            }
            out.extend_from_slice(&e.log_rms.to_le_bytes());
            out.extend_from_slice(&e.period.unwrap_or(f32::NAN).to_le_bytes());
        }
        out.extend_from_slice(&f.f0.map_or(f32::NAN, |h| h.0).to_le_bytes());
        out.extend_from_slice(&f.release.map_or(f32::NAN, |h| h.0).to_le_bytes());
    }
    out.extend(features.iter().map(|f| UnitPlace::to_byte(f.place)));
    out
}

/// Reads [`FEATURES_FILE`] bytes written by [`encode`] for `units` units.
pub(crate) fn decode(bytes: &[u8], units: usize) -> Result<Vec<UnitFeatures>, String> {
    let versions = [
        (FEATURES_MAGIC, true, VALUES),
        (FEATURES_MAGIC_2, true, VALUES - 1),
        (FEATURES_MAGIC_1, false, VALUES - 1),
    ];
    let (body, placed, per_unit) = versions
        .iter()
        .find_map(|&(magic, placed, n)| {
            bytes
                .strip_prefix(magic.as_slice())
                .map(|body| (body, placed, n))
        })
        .ok_or("not a feature file (bad magic)")?;
    let (count, values) = body.split_at_checked(4).ok_or("truncated header")?;
    let count = u32::from_le_bytes(count.try_into().map_err(|_| "truncated header")?) as usize;
    if count != units {
        return Err(format!("holds {count} units, the index has {units}"));
    }
    let want = count * per_unit * 4 + if placed { count } else { 0 };
    if values.len() != want {
        return Err(format!("{} bytes of values, expected {want}", values.len()));
    }
    let (values, places) = values.split_at(count * per_unit * 4);
    let places: Vec<Option<UnitPlace>> = if placed {
        places
            .iter()
            .map(|&b| UnitPlace::from_byte(b))
            .collect::<Result<_, _>>()
            .map_err(|b| format!("a unit's place byte {b:#04x} means nothing"))?
    } else {
        vec![None; count]
    };
    let mut v = values
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let mut next = || v.next().unwrap_or(f32::NAN);
    let some = |x: f32| (!x.is_nan()).then_some(x);
    let edge = |next: &mut dyn FnMut() -> f32| {
        let mut cepstrum = [0.0f32; CEPSTRA];
        for c in &mut cepstrum {
            *c = next();
        }
        let log_rms = next();
        Edge {
            cepstrum,
            log_rms,
            period: some(next()),
        }
    };
    Ok(places
        .into_iter()
        .map(|place| {
            let left = edge(&mut next);
            let right = edge(&mut next);
            let f0 = some(next()).map(Hz);
            let release = (per_unit == VALUES).then(|| some(next()).map(Hz)).flatten();
            UnitFeatures {
                left,
                right,
                f0,
                context: Context::default(),
                place,
                release,
                release_gap: Hz(0.0),
            }
        })
        .collect())
}

/// LPC coefficients `a[0] = 1, a[1..=p]` from autocorrelations `r[0..=p]` (Levinson–Durbin),
/// or `None` for a degenerate frame (a reflection coefficient not inside (−1, 1)). Callers
/// condition `r` themselves (lag window, lift of `r[0]`) and leave out silent frames.
pub(crate) fn levinson(r: &[f64; LPC_ORDER + 1]) -> Option<[f64; LPC_ORDER + 1]> {
    let mut a = [0.0f64; LPC_ORDER + 1];
    a[0] = 1.0;
    let mut err = r[0];
    for i in 1..=LPC_ORDER {
        let acc: f64 = (1..i).map(|j| a[j] * r[i - j]).sum::<f64>() + r[i];
        let k = -acc / err;
        if !k.is_finite() || k.abs() >= 1.0 {
            return None;
        }
        let prev = a;
        for j in 1..i {
            a[j] = prev[j] + k * prev[i - j];
        }
        a[i] = k;
        err *= 1.0 - k * k;
    }
    Some(a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phonetics::phone::Phone;
    use crate::units::Frames;
    use crate::voice::{Diphone, PitchMark};

    fn tone_unit(hz: f32, len: usize) -> (Unit, Vec<i16>) {
        let pcm: Vec<i16> = (0..len)
            .map(|i| {
                let t = i as f32 / 16_000.0;
                ((std::f32::consts::TAU * hz * t).sin() * 8000.0
                    + (std::f32::consts::TAU * 3.0 * hz * t).sin() * 3000.0) as i16
            })
            .collect();
        let period = (16_000.0 / hz) as usize;
        let marks = (1..len / period - 1)
            .map(|k| PitchMark {
                at: Frames(k * period),
                voiced: true,
            })
            .collect();
        let unit = Unit {
            diphone: Diphone::new(Phone::Aa, Phone::Aa),
            start: Frames(0),
            join: Frames(len / 2),
            end: Frames(len),
            marks,
        };
        (unit, pcm)
    }

    #[test]
    fn a_steady_tone_has_the_same_edges_and_its_own_f0() {
        let (unit, pcm) = tone_unit(125.0, 4000);
        let f = unit_features(&unit, &pcm);
        let d: f32 = f
            .left
            .cepstrum
            .iter()
            .zip(&f.right.cepstrum)
            .map(|(a, b)| (a - b).powi(2))
            .sum();
        assert!(d.sqrt() < 0.05, "edge distance {}", d.sqrt());
        assert!((f.f0.unwrap().0 - 125.0).abs() < 1.0);
        assert_eq!(f.left.period, Some(128.0));
        assert!(f.left.log_rms > (0.05f32).ln());
    }

    #[test]
    fn different_spectra_are_far_apart() {
        let (unit, low) = tone_unit(125.0, 4000);
        let (_, high) = tone_unit(900.0, 4000);
        let a = unit_features(&unit, &low).right;
        let b = unit_features(&unit, &high).left;
        let d: f32 = a
            .cepstrum
            .iter()
            .zip(&b.cepstrum)
            .map(|(a, b)| (a - b).powi(2))
            .sum();
        assert!(d.sqrt() > 0.5, "distance {}", d.sqrt());
    }

    /// A feature file of an older format: F0 the last value of each unit, places or not.
    fn older(fs: &[UnitFeatures], magic: &[u8; 8], placed: bool) -> Vec<u8> {
        let now = encode(fs);
        let mut out = magic.to_vec();
        out.extend_from_slice(&now[8..12]);
        for unit in now[12..12 + fs.len() * VALUES * 4].chunks_exact(VALUES * 4) {
            out.extend_from_slice(&unit[..(VALUES - 1) * 4]);
        }
        if placed {
            out.extend_from_slice(&now[now.len() - fs.len()..]);
        }
        out
    }

    #[test]
    fn stored_features_read_back_exactly() {
        let (unit, pcm) = tone_unit(125.0, 4000);
        let (_, silent) = (unit.clone(), vec![0i16; 4000]);
        let mut fs = vec![unit_features(&unit, &pcm), unit_features(&unit, &silent)];
        fs[1].place = Some(UnitPlace {
            word_break: true,
            stress: [crate::phonetics::phone::Stress::Primary; 2],
        });
        fs[0].release = Some(Hz(4321.5));
        let bytes = encode(&fs);
        assert_eq!(decode(&bytes, 2).unwrap(), fs);
        // a file of the second format (no releases) still reads, every release unknown
        let second = older(&fs, FEATURES_MAGIC_2, true);
        let read = decode(&second, 2).unwrap();
        assert_eq!(read[1], fs[1]);
        assert_eq!(read[0].release, None);
        assert_eq!(read[0].place, fs[0].place);
        // and of the first (no places either)
        let first = older(&fs, FEATURES_MAGIC_1, false);
        let read = decode(&first, 2).unwrap();
        assert_eq!(read[0].left, fs[0].left);
        assert_eq!(read[1].place, None);
        assert!(decode(&first[..first.len() - 1], 2).is_err());
        assert!(decode(&second[..second.len() - 1], 2).is_err());
        assert!(decode(&bytes, 3).is_err());
        assert!(decode(&bytes[..bytes.len() - 1], 2).is_err());
    }

    #[test]
    fn silence_has_a_flat_cepstrum() {
        let (unit, _) = tone_unit(125.0, 4000);
        let f = unit_features(&unit, &vec![0; 4000]);
        assert_eq!(f.left.cepstrum, [0.0; CEPSTRA]);
    }
}
