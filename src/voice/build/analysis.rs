//! Measurements every voice builder uses the same way, so that voices come out
//! alike: the speech level and its normalising gain, and pitch-mark voicing.

use crate::voice::Unit;

/// Target speech level: the RMS of all vowel-to-vowel units (first to last
/// pitch mark), as a fraction of full scale (0.1 = −20 dBFS).
pub const TARGET_LEVEL: f32 = 0.1;
/// The highest peak allowed after normalisation (fraction of full scale).
pub const PEAK_LIMIT: f32 = 0.95;

/// Speech level of a voice: RMS over the samples of all units whose two phones
/// are vowels, between each unit's first and last pitch mark. Falls back to all
/// units when there is no vowel-vowel unit; 0 for silence.
pub fn speech_level(samples: &[f32], units: &[Unit]) -> f32 {
    let vv: Vec<&Unit> = units
        .iter()
        .filter(|u| u.diphone.left.is_vowel() && u.diphone.right.is_vowel())
        .collect();
    let chosen: Vec<&Unit> = if vv.is_empty() {
        units.iter().collect()
    } else {
        vv
    };
    let (mut sum, mut n) = (0f64, 0usize);
    for u in chosen {
        let (a, b) = match (u.marks.first(), u.marks.last()) {
            (Some(a), Some(b)) if b.at > a.at => (a.at.0, b.at.0),
            _ => (u.start.0, u.end.0),
        };
        for &s in &samples[a.min(samples.len())..b.min(samples.len())] {
            sum += f64::from(s) * f64::from(s);
            n += 1;
        }
    }
    if n == 0 {
        0.0
    } else {
        (sum / n as f64).sqrt() as f32
    }
}

/// The gain that brings [`speech_level`] to [`TARGET_LEVEL`], lowered if needed
/// so that no unit sample exceeds [`PEAK_LIMIT`].
pub fn normalising_gain(samples: &[f32], units: &[Unit]) -> f32 {
    let level = speech_level(samples, units);
    if level <= 0.0 {
        return 1.0;
    }
    let peak = units
        .iter()
        .flat_map(|u| samples[u.range()].iter())
        .fold(0f32, |m, s| m.max(s.abs()));
    let gain = TARGET_LEVEL / level;
    if peak * gain > PEAK_LIMIT {
        PEAK_LIMIT / peak
    } else {
        gain
    }
}

/// Below this RMS (fraction of full scale, −54 dBFS at the normalised level) a
/// half unit counts as near-silent.
pub const NEAR_SILENT: f32 = 0.002;

/// Phones whose half of a unit may be near-silent: pauses, stop and affricate
/// closures, weak fricatives.
pub fn may_be_silent(p: crate::phonetics::phone::Phone) -> bool {
    use crate::phonetics::phone::Manner;
    matches!(
        p.manner(),
        Manner::Silence | Manner::Stop | Manner::Affricate | Manner::Fricative
    )
}

/// RMS of a unit's left half (`start..join`) and right half (`join..end`).
pub fn half_levels(samples: &[f32], unit: &Unit) -> (f32, f32) {
    (
        rms(&samples[unit.start.to(unit.join)]),
        rms(&samples[unit.join.to(unit.end)]),
    )
}

/// Root mean square of `x` (0 for an empty slice).
pub fn rms(x: &[f32]) -> f32 {
    if x.is_empty() {
        return 0.0;
    }
    (x.iter().map(|&s| f64::from(s) * f64::from(s)).sum::<f64>() / x.len() as f64).sqrt() as f32
}

/// Minimum correlation between the periods before and after a mark for it to count as voiced.
pub const VOICING_CORRELATION: f32 = 0.5;
/// Minimum RMS (fraction of full scale, −50 dBFS) around a mark for it to count as voiced.
pub const VOICING_MIN_RMS: f32 = 0.003;

/// Largest relative difference between a bridged mark's two periods and the voiced
/// period next to them (see [`voicing`]).
pub const BRIDGE_TOLERANCE: f64 = 0.2;

/// Voicing of each pitch mark in `marks` (absolute positions into `samples`,
/// strictly increasing, of one unit spanning `range`): a mark is voiced when
/// the local period (distance to the next mark, or the previous one for the
/// last) is 2.5–20 ms at 16 kHz, the signal is not near-silent, and the period
/// before the mark correlates with the period after it (≥ [`VOICING_CORRELATION`]);
/// and a single mark that fails the correlation between two voiced marks is voiced
/// when both its periods continue the voiced period next to them (within
/// [`BRIDGE_TOLERANCE`]): one period whose shape changes fast, in a formant transition,
/// is still a period of the voice, and marking it unvoiced made the synthesizer step
/// over it with the recorded spacing instead of the wanted pitch.
pub fn voicing(samples: &[f32], range: std::ops::Range<usize>, marks: &[usize]) -> Vec<bool> {
    bridge_regular_periods(marks, &correlated(samples, range, marks))
}

/// The flags of [`voicing`] with the single unvoiced marks bridged that sit between two
/// voiced marks at the voice's period.
fn bridge_regular_periods(marks: &[usize], voiced: &[bool]) -> Vec<bool> {
    let period = |j: usize| (marks[j + 1] - marks[j]) as f64;
    (0..marks.len())
        .map(|k| {
            if voiced[k] || k == 0 || k + 1 >= marks.len() || !voiced[k - 1] || !voiced[k + 1] {
                return voiced[k];
            }
            let reference = if k >= 2 && voiced[k - 2] {
                period(k - 2)
            } else if k + 2 < marks.len() && voiced[k + 2] {
                period(k + 1)
            } else {
                return false;
            };
            let near = |p: f64| (p / reference - 1.0).abs() <= BRIDGE_TOLERANCE;
            near(period(k - 1)) && near(period(k))
        })
        .collect()
}

/// Per mark, whether the periods on either side correlate (the first test of [`voicing`]).
fn correlated(samples: &[f32], range: std::ops::Range<usize>, marks: &[usize]) -> Vec<bool> {
    let seg = &samples[range.start.min(samples.len())..range.end.min(samples.len())];
    (0..marks.len())
        .map(|i| {
            let period = match (i.checked_sub(1).map(|p| marks[p]), marks.get(i + 1)) {
                (_, Some(&next)) => next - marks[i],
                (Some(prev), None) => marks[i] - prev,
                (None, None) => return false,
            };
            if !(40..=320).contains(&period) {
                return false;
            }
            let at = marks[i] - range.start;
            let before = &seg[at.saturating_sub(period)..at];
            let after = &seg[at..(at + period).min(seg.len())];
            let n = before.len().min(after.len());
            if n < period / 2 {
                return false;
            }
            let (x, y) = (&before[before.len() - n..], &after[..n]);
            let (mut xy, mut xx, mut yy) = (0f32, 0f32, 0f32);
            for k in 0..n {
                xy += x[k] * y[k];
                xx += x[k] * x[k];
                yy += y[k] * y[k];
            }
            let rms = ((xx + yy) / (2 * n) as f32).sqrt();
            rms >= VOICING_MIN_RMS
                && xx > 0.0
                && yy > 0.0
                && xy / (xx * yy).sqrt() >= VOICING_CORRELATION
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periodic_signal_is_voiced_and_noise_is_not() {
        let buzz: Vec<f32> = (0..1600)
            .map(|i| if i % 160 == 0 { 0.5 } else { 0.0 } + ((i % 160) as f32 / 800.0))
            .collect();
        let marks: Vec<usize> = (1..9).map(|k| k * 160).collect();
        assert!(voicing(&buzz, 0..1600, &marks).iter().all(|&v| v));
        let mut x = 12345u32;
        let noise: Vec<f32> = (0..1600)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                ((x >> 16) as f32 / 65536.0 - 0.5) * 0.2
            })
            .collect();
        assert!(voicing(&noise, 0..1600, &marks).iter().all(|&v| !v));
        let silence = vec![0f32; 1600];
        assert!(voicing(&silence, 0..1600, &marks).iter().all(|&v| !v));
    }

    #[test]
    fn a_period_that_changes_shape_inside_a_steady_run_stays_voiced() {
        // A formant transition at its fastest: 160-sample periods of one shape up to the
        // mark at 800, of an unrelated shape after it. Only that mark's two periods
        // disagree, so only it fails the correlation; it keeps the period, so it is voiced.
        let a = |i: usize| (std::f32::consts::TAU * 3.0 * i as f32 / 160.0).sin() * 0.3;
        let b = |i: usize| (std::f32::consts::TAU * 5.0 * i as f32 / 160.0).cos() * 0.3;
        let buzz: Vec<f32> = (0..1600)
            .map(|i| if i < 800 { a(i % 160) } else { b(i % 160) })
            .collect();
        let marks: Vec<usize> = (1..9).map(|k| k * 160).collect();
        let first = correlated(&buzz, 0..1600, &marks);
        assert_eq!(first.iter().filter(|&&v| !v).count(), 1, "{first:?}");
        assert!(!first[4], "{first:?}");
        assert!(voicing(&buzz, 0..1600, &marks).iter().all(|&v| v));
    }

    #[test]
    fn a_mark_off_the_period_is_not_bridged() {
        // marks 160 apart, but the one between two voiced marks sits 70 samples early
        let marks = [160, 320, 480, 570, 800, 960];
        let voiced = [true, true, true, false, true, true];
        assert_eq!(bridge_regular_periods(&marks, &voiced), voiced.to_vec());
        // on the period, it is bridged; two unvoiced marks in a row are left alone
        let marks = [160, 320, 480, 640, 800, 960];
        assert_eq!(bridge_regular_periods(&marks, &voiced), vec![true; 6]);
        let two = [true, true, false, false, true, true];
        assert_eq!(bridge_regular_periods(&marks, &two), two.to_vec());
    }
}
