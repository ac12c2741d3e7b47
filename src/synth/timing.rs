//! Where a synthesized phone takes its duration and pitch from: the prosody
//! targets, the units themselves, or a mix; [`Style`] says which, and by default the
//! voice decides ([`Style::resolve`]).
//!
//! **Diphone voices** (one recording per phone pair: kal, ked) are recorded in careful,
//! monotone speech: in kal, a median phone lasts 1.6 times as long in its units as
//! aloud's duration rules ask, and nasals, `r` and `dh` are squeezed to 40–50 % of their
//! recorded length, while some long vowels are stretched. Every such factor costs
//! quality (PSOLA drops or repeats pitch periods; transitions get steeper or flatter).
//! [`Timing::Fitted`] moves each phone 70 % of the way (in the log domain) from its target
//! to the length of its two half-units, then scales the stretch of phones between two
//! pauses back to its target total: the speaking rate, pauses and sentence timing stay
//! what prosody planned, but the rhythm inside the stretch leans on the recordings. F0
//! follows the prosody's contour ([`PitchSource::Targets`]).
//!
//! **Voices that choose among recordings of running speech** (slt, rms) have units whose
//! own rhythm and pitch are natural, and the search already picks units close to the
//! targets. Any change TD-PSOLA makes to them costs quality: on sentences the voice
//! holds (so with hardly any joins), a uniform 3 % change of pitch or duration loses
//! 0.1–0.3 of DistillMOS. They play with [`Timing::Guided`] (the units' own durations,
//! divided by the speaker's rate, at most [`LONGEST`] times the planned ones, so a unit
//! cut from a drawn-out, phrase-final syllable does not drag in the middle of a phrase) and
//! [`PitchSource::Guided`] (the units' own pitch, made continuous across joins by
//! `contour::Glides` and kept within a factor [`GUIDE_RANGE`] of the prosody's
//! contour, narrowing to [`TONE_RANGE`] on each phrase's last vowel, so questions still rise
//! and phrases still fall). `bench/RESULTS.md`
//! ("Where the quality goes") has the measurements.

use crate::phonetics::phone::Phone;
use crate::prosody::PhoneTarget;
use crate::voice::Unit;

/// Samples per second of the units (and of the synthesizer's output).
const FS: f64 = crate::units::VOICE_RATE.0 as f64;

/// Weight of the target in [`Timing::Fitted`] (log domain): 1 keeps the targets,
/// 0 takes the units' proportions. 0.3 against 0.5: kal 6.1 → 5.2 % word errors and
/// 3.16 → 3.25 quality on the example, ked 6.7 → 4.9 % and 3.11 → 3.08 (bench/RESULTS.md).
const TARGET_WEIGHT: f64 = 0.3;

/// How far [`PitchSource::Guided`] lets the units' pitch stray from the prosody's
/// contour (a factor either way).
pub const GUIDE_RANGE: f64 = 1.25;

/// How far [`PitchSource::Guided`] lets the units' pitch stray from the contour on a
/// phrase's last vowel and after it (its boundary tone), a factor either way.
pub const TONE_RANGE: f64 = 1.1;

/// How much longer than planned [`Timing::Guided`] lets a phone be (a factor).
pub const LONGEST: f64 = 1.5;

/// Where phone durations come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Timing {
    /// As suits the voice (the default): [`Timing::Guided`] for voices that choose among
    /// recordings of running speech, [`Timing::Fitted`] for diphone voices.
    #[default]
    Auto,
    /// The prosody targets as planned.
    Targets,
    /// Targets pulled toward the units' own durations, each run of phones
    /// between pauses keeping its planned total.
    Fitted,
    /// The units' own durations, divided by the speaker's rate, at most [`LONGEST`] times
    /// the planned ones; pauses as planned.
    Guided,
    /// The units' own durations, divided by the speaker's rate; pauses as planned (copy
    /// synthesis, for diagnosis).
    Units,
}

/// Where F0 comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum PitchSource {
    /// As suits the voice (the default): [`PitchSource::Guided`] for voices that choose
    /// among recordings of running speech, [`PitchSource::Targets`] for diphone voices.
    #[default]
    Auto,
    /// The prosody targets' pitch points.
    Targets,
    /// The units' own pitch (shifted by the speaker's pitch), continuous across joins and
    /// within a factor [`GUIDE_RANGE`] of the prosody's contour ([`TONE_RANGE`] from a
    /// phrase's last vowel on).
    Guided,
    /// The units' own pitch periods, untouched (copy synthesis, for diagnosis).
    Units,
}

/// What kind of voice is speaking, for [`Style::resolve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoiceKind {
    /// One recording per phone pair, in careful monotone speech.
    Diphones,
    /// Many recordings per phone pair, cut from running speech and chosen per sentence.
    Selection,
}

/// How the synthesizer treats the prosody targets, and the speaker's settings it needs
/// where it keeps the units' own timing or pitch.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Style {
    /// Phone durations.
    pub timing: Timing,
    /// F0.
    pub pitch: PitchSource,
    /// The speaker's rate (divides the units' own durations under [`Timing::Guided`] and
    /// [`Timing::Units`]).
    pub rate: crate::units::Rate,
    /// The speaker's pitch shift (applied to the units' own pitch under
    /// [`PitchSource::Guided`]).
    pub shift: crate::units::Semitones,
    /// The last step of synthesis.
    pub postfilter: super::postfilter::Postfilter,
}

impl Style {
    /// This style for a speaker with `rate` and pitch `shift`.
    pub fn speaking(self, rate: crate::units::Rate, shift: crate::units::Semitones) -> Style {
        Style {
            rate,
            shift,
            ..self
        }
    }

    /// [`Timing::Auto`] and [`PitchSource::Auto`] made concrete for a voice of `kind`.
    pub fn resolve(self, kind: VoiceKind) -> Style {
        let selection = kind == VoiceKind::Selection;
        Style {
            timing: match self.timing {
                Timing::Auto if selection => Timing::Guided,
                Timing::Auto => Timing::Fitted,
                t => t,
            },
            pitch: match self.pitch {
                PitchSource::Auto if selection => PitchSource::Guided,
                PitchSource::Auto => PitchSource::Targets,
                p => p,
            },
            ..self
        }
    }
}

/// The recorded length, in samples, of phone `i` between units `a` (the diphone
/// ending in it) and `b` (the one starting with it), as the two halves `a` and `b`
/// give it: from `a`'s join to its last pitch mark plus from `b`'s first mark to its
/// join, or, when `b` continues `a`'s recording, from `a`'s join to `b`'s, handed over
/// half way between those two marks ([`shared_seam`]).
pub fn recorded(a: &Unit, b: &Unit) -> (f64, f64) {
    if let Some(seam) = a.is_continued_by(b).then(|| shared_seam(a, b)).flatten() {
        return ((seam - a.join.0) as f64, (b.join.0 - seam) as f64);
    }
    let a_end = a.marks.last().map_or(a.end, |m| m.at).max(a.join);
    let b_start = b.marks.first().map_or(b.start, |m| m.at).min(b.join);
    ((a_end - a.join).0 as f64, (b.join - b_start).0 as f64)
}

/// Where two units that continue one recording hand over: half way between the
/// last pitch mark of the first and the first mark of the second (a recording's marks
/// are split between its units at the middle of each phone), so that the phone
/// between them plays every period of the recording once, in order.
fn shared_seam(a: &Unit, b: &Unit) -> Option<usize> {
    let (last, first) = (a.marks.last()?.at.0, b.marks.first()?.at.0);
    let seam = (last + first) / 2;
    (last < first && seam > a.join.0 && seam < b.join.0).then_some(seam)
}

/// Phone durations in samples at 16 kHz for `style`'s timing (and rate), given the
/// targets and the units of the plan (`units[k]` between phone `k − 1` and `k`). Pauses
/// and phones without units keep their targets. ([`Timing::Auto`] counts as fitted:
/// resolve the style first.)
pub fn durations(targets: &[PhoneTarget], units: &[Option<&Unit>], style: Style) -> Vec<f64> {
    let speed = f64::from(style.rate.0).clamp(0.25, 4.0);
    let planned: Vec<f64> = targets.iter().map(|t| t.duration.0 * FS).collect();
    // The recorded length of every phone that has units on both sides (not pauses).
    let own: Vec<Option<f64>> = (0..targets.len())
        .map(
            |i| match (targets[i].phone, units.get(i), units.get(i + 1)) {
                (Phone::Pau, _, _) => None,
                (_, Some(Some(a)), Some(Some(b))) => {
                    let (la, lb) = recorded(a, b);
                    Some(la + lb).filter(|&n| n > 0.0)
                }
                _ => None,
            },
        )
        .collect();
    match style.timing {
        Timing::Targets => planned,
        Timing::Units => own
            .iter()
            .zip(&planned)
            .map(|(o, p)| o.map_or(*p, |o| o / speed))
            .collect(),
        Timing::Guided => own
            .iter()
            .zip(&planned)
            .map(|(o, p)| o.map_or(*p, |o| (o / speed).min(p * LONGEST)))
            .collect(),
        Timing::Fitted | Timing::Auto => {
            let mut out = planned.clone();
            let mut i = 0;
            while i < targets.len() {
                if own[i].is_none() {
                    i += 1;
                    continue;
                }
                let j = (i..targets.len())
                    .find(|&k| own[k].is_none())
                    .unwrap_or(targets.len());
                let total: f64 = planned[i..j].iter().sum();
                for (d, n) in out[i..j].iter_mut().zip(&own[i..j]) {
                    let n = n.unwrap_or(*d);
                    *d = d.max(1.0).powf(TARGET_WEIGHT) * n.powf(1.0 - TARGET_WEIGHT);
                }
                let fitted: f64 = out[i..j].iter().sum();
                if fitted > 0.0 {
                    out[i..j].iter_mut().for_each(|d| *d *= total / fitted);
                }
                i = j;
            }
            // Scaling keeps each run's total up to rounding: keep the planned sum exactly.
            let drift = planned.iter().sum::<f64>() - out.iter().sum::<f64>();
            if let Some(last) = out.last_mut() {
                *last += drift;
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::{Frames, Seconds};
    use crate::voice::{Diphone, PitchMark};

    fn unit(left: Phone, right: Phone, start: usize, join: usize, end: usize) -> Unit {
        Unit {
            diphone: Diphone::new(left, right),
            start: Frames(start),
            join: Frames(join),
            end: Frames(end),
            marks: vec![
                PitchMark {
                    at: Frames(start),
                    voiced: true,
                },
                PitchMark {
                    at: Frames(end),
                    voiced: true,
                },
            ],
        }
    }

    fn style(timing: Timing) -> Style {
        Style {
            timing,
            ..Style::default()
        }
    }

    #[test]
    fn the_voice_decides_what_auto_means_and_explicit_choices_stay() {
        let auto = Style::default();
        let sel = auto.resolve(VoiceKind::Selection);
        assert_eq!(
            (sel.timing, sel.pitch),
            (Timing::Guided, PitchSource::Guided)
        );
        let di = auto.resolve(VoiceKind::Diphones);
        assert_eq!(
            (di.timing, di.pitch),
            (Timing::Fitted, PitchSource::Targets)
        );
        let chosen = Style {
            timing: Timing::Targets,
            pitch: PitchSource::Units,
            ..auto
        };
        assert_eq!(chosen.resolve(VoiceKind::Selection), chosen);
    }

    fn target(phone: Phone, ms: f64) -> PhoneTarget {
        PhoneTarget {
            phone,
            duration: Seconds(ms / 1000.0),
            pitch: Vec::new(),
            place: None,
        }
    }

    #[test]
    fn fitted_keeps_each_run_total_and_moves_toward_the_units() {
        use Phone::*;
        // n recorded 150 ms (50 + 100), aa recorded 100 ms (50 + 50).
        let units = [
            unit(Pau, N, 0, 800, 1600),
            unit(N, Aa, 1600, 3200, 4000),
            unit(Aa, Pau, 4000, 4800, 5600),
        ];
        let plan: Vec<Option<&Unit>> = units.iter().map(Some).collect();
        let targets = [target(N, 50.0), target(Aa, 150.0)];
        let d = durations(&targets, &plan, style(Timing::Fitted));
        assert!((d[0] + d[1] - 3200.0).abs() < 1e-6, "{d:?}");
        assert!(d[0] > 800.0 && d[1] < 2400.0, "{d:?}");
        assert_eq!(
            durations(&targets, &plan, style(Timing::Targets)),
            vec![800.0, 2400.0]
        );
        assert_eq!(
            durations(&targets, &plan, style(Timing::Units)),
            vec![2400.0, 1600.0]
        );
        // guided: the units' own lengths, at most 1.5 times the plan
        // (n: 2400 own vs 800 planned → 1200; aa: 1600 own vs 2400 planned stays)
        assert_eq!(
            durations(&targets, &plan, style(Timing::Guided)),
            vec![1200.0, 1600.0]
        );
        // a faster speaker reads the units faster, by the same factor
        let fast = style(Timing::Units).speaking(crate::units::Rate(1.25), Default::default());
        assert_eq!(durations(&targets, &plan, fast), vec![1920.0, 1280.0]);
    }

    #[test]
    fn a_phone_inside_one_recording_lasts_as_recorded() {
        use Phone::*;
        let marked = |mut u: Unit, marks: &[usize]| {
            u.marks = marks
                .iter()
                .map(|&at| PitchMark {
                    at: Frames(at),
                    voiced: true,
                })
                .collect();
            u
        };
        // n runs 1000..2000 in one recording; its marks every 150 samples are split at
        // its middle (1500) between the two units, which overlap by 160 on either side
        let a = marked(unit(Aa, N, 340, 1000, 1660), &[400, 550, 1300, 1450]);
        let b = marked(unit(N, Iy, 1340, 2000, 2660), &[1600, 1750, 2500]);
        assert!(a.is_continued_by(&b));
        // the hand-over is half way between 1450 and 1600: all 1000 samples play once
        assert_eq!(recorded(&a, &b), (525.0, 475.0));
        // from two recordings, each side plays up to its own outermost mark
        let c = marked(unit(N, Iy, 9340, 10000, 10660), &[9600, 9750, 10500]);
        assert_eq!(recorded(&a, &c), (450.0, 400.0));
    }

    #[test]
    fn pauses_keep_their_targets() {
        use Phone::*;
        let units = [unit(Pau, Aa, 0, 800, 1600), unit(Aa, Pau, 1600, 2400, 3200)];
        let plan = [None, Some(&units[0]), Some(&units[1]), None];
        let targets = [target(Pau, 100.0), target(Aa, 80.0), target(Pau, 200.0)];
        let d = durations(&targets, &plan, style(Timing::Fitted));
        assert_eq!(d[0], 1600.0);
        assert_eq!(d[2], 3200.0);
        assert!((d[1] - 1280.0).abs() < 1e-6);
    }
}
