//! How the noise of a voiceless consonant's release into a vowel sounds, and whether a
//! voice's /t/ releases can be heard as its /tʃ/.
//!
//! A /t/ is told from a /tʃ/ ("ten" from "chen") and a /ʃ/ by where the energy of its
//! burst and aspiration lies: an alveolar burst is bright, a postalveolar one lower
//! (Stevens 1998, ch. 7; the spectral moments of Forrest et al. 1988). The measure is the
//! centre of gravity, above 1 kHz, of the loudest 8 ms of the 40 ms before the vowel's
//! voicing starts ([`release_centroid`], stored with a unit's features).
//!
//! A voice recorded from a synthesizer can have /t/ releases no brighter than its /tʃ/:
//! slt's median /t/ lies at 4.15 kHz, its /tʃ/ at 4.19 and its /ʃ/ at 4.30, and a
//! listener (and Whisper) hears "tests" as "chests". For such a voice, [`release_gaps`]
//! works out how far each /t/ release lies below the brightness of nearly all of its /tʃ/
//! (their 90th percentile), and unit selection prefers the bright ones. A voice whose /t/
//! lies above its /tʃ/ and /ʃ/ (rms: 3.69 against 3.16 and 3.54 kHz) has no such class and
//! gets no such cost. See bench/RESULTS.md, Intelligibility, sessions 29 and 30.

use super::{Unit, UnitFeatures};
use crate::phonetics::phone::{Manner, Phone};
use crate::units::{Hz, VOICE_RATE};
use realfft::RealFftPlanner;

/// How far before the first voiced pitch mark the release is looked for (40 ms).
const LOOK_BACK: usize = 640;
/// The shortest stretch before voicing worth measuring (10 ms).
const SHORTEST: usize = 160;
/// The analysis window (8 ms) and the step between windows tried (2 ms).
const WINDOW: usize = 128;
const STEP: usize = 32;
/// FFT length (the window zero-padded).
const FFT: usize = 512;
/// Energy below this frequency (voicing bleeding in, room noise) is left out.
const LOWEST: f64 = 1_000.0;
/// Fewest releases of each of /t/, /tʃ/ and /ʃ/ a voice needs before its /t/ is judged.
const FEWEST: usize = 10;
/// The share of the voice's /tʃ/ releases a /t/ release should be brighter than.
const CH_SHARE: f64 = 0.9;

/// Whether a unit's release is measured: a voiceless stop, affricate or sibilant before a
/// vowel.
fn has_release(unit: &Unit) -> bool {
    let (l, r) = (unit.diphone.left, unit.diphone.right);
    let noisy = matches!(
        l.manner(),
        Manner::Stop | Manner::Affricate | Manner::Sibilant
    );
    noisy && !l.is_voiced() && r.is_vowel()
}

/// The centre of gravity above 1 kHz of the loudest 8 ms (Hann window) in the 40 ms of
/// `unit` before its first voiced pitch mark, for a voiceless stop, affricate or sibilant
/// before a vowel; `None` for any other unit, or where less than 10 ms of the unit comes
/// before voicing, or where that stretch is silent.
pub fn release_centroid(unit: &Unit, pcm: &[i16]) -> Option<Hz> {
    if !has_release(unit) {
        return None;
    }
    let voicing = unit.marks.iter().find(|m| m.voiced)?.at.0.min(pcm.len());
    let from = voicing.saturating_sub(LOOK_BACK).max(unit.start.0);
    let before = pcm.get(from..voicing)?;
    if before.len() < SHORTEST {
        return None;
    }
    let energy = |at: usize| -> f64 {
        before[at..at + WINDOW]
            .iter()
            .map(|&s| f64::from(s).powi(2))
            .sum()
    };
    // the loudest window, the first among equals
    let mut loudest = (0, energy(0));
    for at in (STEP..before.len() - WINDOW).step_by(STEP) {
        let e = energy(at);
        if e > loudest.1 {
            loudest = (at, e);
        }
    }
    let fft = RealFftPlanner::<f64>::new().plan_fft_forward(FFT);
    let mut input = fft.make_input_vec();
    let last = (WINDOW - 1) as f64;
    for (i, (x, &s)) in input
        .iter_mut()
        .zip(&before[loudest.0..loudest.0 + WINDOW])
        .enumerate()
    {
        let hann = 0.5 - 0.5 * (std::f64::consts::TAU * i as f64 / last).cos();
        *x = f64::from(s) * hann;
    }
    let mut spectrum = fft.make_output_vec();
    fft.process(&mut input, &mut spectrum).ok()?;
    let (mut weighted, mut total) = (0.0, 0.0);
    for (k, bin) in spectrum.iter().enumerate() {
        let hz = k as f64 * f64::from(VOICE_RATE.0) / FFT as f64;
        if hz > LOWEST {
            let power = bin.norm_sqr();
            weighted += hz * power;
            total += power;
        }
    }
    (total > 0.0).then(|| Hz((weighted / total) as f32))
}

/// The `q` quantile (0–1) of sorted `v`, interpolated between neighbours.
fn quantile(v: &[f64], q: f64) -> f64 {
    let at = q * (v.len() - 1) as f64;
    let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
    v[lo] + (v[hi] - v[lo]) * (at - lo as f64)
}

/// How bright a voice's /t/ releases should be not to be heard as its /tʃ/: the 90th
/// percentile of its /tʃ/ releases, when the median /t/ release lies no higher than the
/// median /tʃ/ or /ʃ/; `None` for a voice whose /t/ is clear of both, or that has fewer
/// than 10 measured releases of any of the three.
pub fn t_release_floor(units: &[Unit], features: &[UnitFeatures]) -> Option<Hz> {
    let of = |p: Phone| {
        let mut v: Vec<f64> = units
            .iter()
            .zip(features)
            .filter(|(u, _)| u.diphone.left == p)
            .filter_map(|(_, f)| f.release.map(|h| f64::from(h.0)))
            .collect();
        v.sort_by(f64::total_cmp);
        (v.len() >= FEWEST).then_some(v)
    };
    let (t, ch, sh) = (of(Phone::T)?, of(Phone::Ch)?, of(Phone::Sh)?);
    let median = |v: &[f64]| quantile(v, 0.5);
    (median(&t) <= median(&ch).max(median(&sh))).then(|| Hz(quantile(&ch, CH_SHARE) as f32))
}

/// Fills in each unit's [`UnitFeatures::release_gap`]: how far a /t/ release lies below the
/// voice's [`t_release_floor`] (0 for every unit of a voice without one).
pub fn release_gaps(units: &[Unit], features: &mut [UnitFeatures]) {
    let floor = t_release_floor(units, features);
    for (u, f) in units.iter().zip(features.iter_mut()) {
        f.release_gap = match (floor, f.release) {
            (Some(floor), Some(have)) if u.diphone.left == Phone::T => {
                Hz((floor.0 - have.0).max(0.0))
            }
            _ => Hz(0.0),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Frames;
    use crate::voice::{Diphone, PitchMark};

    /// A unit `left`-`aa`: 30 ms of a noise band centred on `centre` Hz, then a voiced vowel.
    fn release(left: Phone, centre: f64) -> (Unit, Vec<i16>) {
        let noise = 480;
        let len = noise + 1600;
        let mut seed = 12_345u32;
        let pcm = (0..len)
            .map(|i| {
                let t = i as f64 / f64::from(VOICE_RATE.0);
                if i < noise {
                    // a few sines around the centre, with a random phase each sample step
                    seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    let jitter = f64::from(seed >> 16) / 65_536.0 - 0.5;
                    (-2..=2)
                        .map(|k| {
                            let hz = centre + 150.0 * f64::from(k);
                            (std::f64::consts::TAU * hz * t + jitter).sin()
                        })
                        .sum::<f64>()
                        * 1500.0
                } else {
                    (std::f64::consts::TAU * 120.0 * t).sin() * 8000.0
                }
            })
            .map(|x| x as i16)
            .collect();
        let marks = (noise..len)
            .step_by(133)
            .map(|at| PitchMark {
                at: Frames(at),
                voiced: true,
            })
            .collect();
        let unit = Unit {
            diphone: Diphone::new(left, Phone::Aa),
            start: Frames(0),
            join: Frames(noise),
            end: Frames(len),
            marks,
        };
        (unit, pcm)
    }

    #[test]
    fn a_release_is_as_bright_as_its_noise() {
        for centre in [2_500.0, 4_000.0, 6_000.0] {
            let (unit, pcm) = release(Phone::T, centre);
            let got = f64::from(release_centroid(&unit, &pcm).unwrap().0);
            assert!(
                (got - centre).abs() < 250.0,
                "{centre} Hz measured as {got}"
            );
        }
    }

    #[test]
    fn only_voiceless_releases_into_a_vowel_are_measured() {
        let (mut unit, pcm) = release(Phone::T, 4_000.0);
        unit.diphone = Diphone::new(Phone::D, Phone::Aa);
        assert_eq!(release_centroid(&unit, &pcm), None);
        unit.diphone = Diphone::new(Phone::T, Phone::R);
        assert_eq!(release_centroid(&unit, &pcm), None);
        unit.diphone = Diphone::new(Phone::Ch, Phone::Aa);
        assert!(release_centroid(&unit, &pcm).is_some());
        // voicing from the first sample: nothing before it to measure
        unit.diphone = Diphone::new(Phone::T, Phone::Aa);
        unit.marks[0].at = Frames(100);
        assert_eq!(release_centroid(&unit, &pcm), None);
    }

    /// Units and features of a voice with 12 releases of each phone at these brightnesses.
    fn voice(t: f32, ch: f32, sh: f32) -> (Vec<Unit>, Vec<UnitFeatures>) {
        let (unit, pcm) = release(Phone::T, 4_000.0);
        let base = crate::voice::features::unit_features(&unit, &pcm);
        let mut units = Vec::new();
        let mut features = Vec::new();
        for (phone, hz) in [(Phone::T, t), (Phone::Ch, ch), (Phone::Sh, sh)] {
            for k in 0..12 {
                let mut u = unit.clone();
                u.diphone = Diphone::new(phone, Phone::Aa);
                units.push(u);
                features.push(UnitFeatures {
                    release: Some(Hz(hz + 100.0 * (k as f32 - 5.5))),
                    ..base
                });
            }
        }
        (units, features)
    }

    #[test]
    fn a_t_as_dull_as_the_voices_ch_costs_and_a_clear_one_does_not() {
        // like slt: /t/ no brighter than /tʃ/ or /ʃ/
        let (units, mut features) = voice(4_100.0, 4_200.0, 4_300.0);
        let floor = t_release_floor(&units, &features).unwrap();
        assert!((floor.0 - (4_200.0 + 0.9 * 1_100.0 - 550.0)).abs() < 1.0);
        release_gaps(&units, &mut features);
        let t_gaps: Vec<f32> = features[..12].iter().map(|f| f.release_gap.0).collect();
        // 3.55-4.65 kHz against a floor of 4.64: all but the brightest fall short, the
        // duller the further
        assert!(t_gaps[..11].windows(2).all(|w| w[0] > w[1]), "{t_gaps:?}");
        assert!((t_gaps[0] - (4_640.0 - 3_550.0)).abs() < 1.0, "{t_gaps:?}");
        assert_eq!(t_gaps[11], 0.0);
        assert!(features[12..].iter().all(|f| f.release_gap.0 == 0.0));
        // like rms: /t/ brighter than both
        let (units, mut features) = voice(3_700.0, 3_150.0, 3_550.0);
        assert_eq!(t_release_floor(&units, &features), None);
        release_gaps(&units, &mut features);
        assert!(features.iter().all(|f| f.release_gap.0 == 0.0));
        // too few /tʃ/ to judge by
        let (units, features) = voice(4_100.0, 4_200.0, 4_300.0);
        assert_eq!(t_release_floor(&units[..20], &features[..20]), None);
    }
}
