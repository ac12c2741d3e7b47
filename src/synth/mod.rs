//! Waveform generation: phone targets + a voice → audio, by diphone
//! concatenation with TD-PSOLA; resampling to the output rate.
//!
//! - [`plan_units`] picks the voice's diphone for every pair of adjacent phones
//!   ([`UnitPlan`]), keeping the substitutions the voice reports.
//! - [`synthesize`] runs the plan through pitch-synchronous overlap-add ([`psola`])
//!   to impose the targets' durations and F0, at the voices' rate (16 kHz), then
//!   through the formant postfilter ([`postfilter`]).
//! - [`Resampler`] / [`resample`] bring the result to the output rate with rubato.
//!
//! Everything here is a pure function of its inputs (no global state, no
//! randomness), so sentences can be synthesized in parallel and give the same
//! bytes on any number of threads.

mod align;
mod contour;
mod grain;
mod murmur;
mod overlap;
pub mod postfilter;
pub mod psola;
mod resample;
pub mod select;
pub mod timing;

pub use postfilter::Postfilter;
pub use resample::{resample, Resampler};
pub use timing::{PitchSource, Style, Timing, VoiceKind};

use crate::phonetics::phone::Phone;
use crate::prosody::PhoneTarget;
use crate::units::{Frames, SampleRate, Seconds};
use crate::voice::{Diphone, Unit, UnitCandidates};

/// Mono audio in the range −1.0..=1.0.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Waveform {
    /// Sample rate.
    pub rate: SampleRate,
    /// Samples.
    pub samples: Vec<f32>,
}

impl Default for SampleRate {
    fn default() -> Self {
        crate::units::VOICE_RATE
    }
}

impl Waveform {
    /// Duration of the audio.
    pub fn duration(&self) -> Seconds {
        self.rate.duration(Frames(self.samples.len()))
    }
}

/// What the synthesizer needs from a voice: its audio and a diphone lookup that
/// reports substitutions. Implemented by [`crate::voice::Voice`] and, for tests and
/// benchmarks, by a synthetic voice (`tests/support/toy_voice.rs`).
pub trait DiphoneBank {
    /// A record of a fallback the voice made (kept in the [`UnitPlan`]).
    type Substitution: Clone + std::fmt::Debug;
    /// The stored sample type (`i16` or `f32`).
    type Sample: Copy + Into<f32>;

    /// The voice id, for error messages.
    fn id(&self) -> &str;
    /// Whether the voice holds one recording per phone pair or chooses among many
    /// (decides what [`Style::resolve`] makes of the automatic style). By default
    /// [`VoiceKind::Diphones`].
    fn kind(&self) -> VoiceKind {
        VoiceKind::Diphones
    }
    /// The voice audio that unit positions index into, at [`crate::units::VOICE_RATE`].
    fn samples(&self) -> &[Self::Sample];
    /// Factor that brings a stored sample to the −1..1 range (and levels the voice).
    fn sample_scale(&self) -> f32;
    /// The unit for a phone pair, with the substitution made if the pair is missing.
    fn diphone(&self, pair: Diphone) -> Result<(&Unit, Option<Self::Substitution>), SynthError>;
    /// Makes sure the stretch `samples` of [`DiphoneBank::samples`] may be played: a bank
    /// whose audio is checked as it is read ([`crate::voice::Voice::open`]) checks it now if
    /// it has not yet. By default nothing to do.
    fn verify_read(&self, samples: std::ops::Range<usize>) -> Result<(), SynthError> {
        let _ = samples;
        Ok(())
    }
    /// Every unit the bank holds for a phone pair (the first is the default) with their
    /// features for unit selection (empty: no choice to make), and the substitution made
    /// if the pair is missing. By default the one unit of [`DiphoneBank::diphone`].
    fn candidates(
        &self,
        pair: Diphone,
    ) -> Result<UnitCandidates<'_, Self::Substitution>, SynthError> {
        let (unit, substitution) = self.diphone(pair)?;
        Ok(UnitCandidates {
            units: std::slice::from_ref(unit),
            features: &[],
            substitution,
        })
    }
}

impl DiphoneBank for crate::voice::Voice {
    type Substitution = crate::voice::Substitution;
    type Sample = i16;

    fn id(&self) -> &str {
        self.meta().id.as_str()
    }

    fn kind(&self) -> VoiceKind {
        if self.chooses() {
            VoiceKind::Selection
        } else {
            VoiceKind::Diphones
        }
    }

    fn samples(&self) -> &[i16] {
        self.pcm()
    }

    fn sample_scale(&self) -> f32 {
        crate::voice::PCM_SCALE
    }

    fn verify_read(&self, samples: std::ops::Range<usize>) -> Result<(), SynthError> {
        Ok(crate::voice::Voice::verify_read(self, samples)?)
    }

    fn diphone(&self, pair: Diphone) -> Result<(&Unit, Option<Self::Substitution>), SynthError> {
        let choice = self.unit(pair)?;
        Ok((choice.unit, choice.substitution))
    }

    fn candidates(
        &self,
        pair: Diphone,
    ) -> Result<UnitCandidates<'_, Self::Substitution>, SynthError> {
        Ok(crate::voice::Voice::candidates(self, pair)?)
    }
}

/// Errors of the synthesis stage.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// The voice bank failed a lookup.
    #[error(transparent)]
    Voice(#[from] crate::voice::VoiceError),
    /// The voice has no unit for a phone pair, not even by fallback.
    #[error("voice `{voice}`: no unit for diphone {left}-{right}: {reason}")]
    MissingUnit {
        /// Voice id.
        voice: String,
        /// Left phone.
        left: String,
        /// Right phone.
        right: String,
        /// What the voice bank said.
        reason: String,
    },
    /// A unit points outside the voice audio.
    #[error("voice `{voice}`: unit {unit} spans samples {start}..{end} but the audio has {len}")]
    UnitOutOfRange {
        /// Voice id.
        voice: String,
        /// Unit name (`aa-b`).
        unit: String,
        /// Unit start.
        start: Frames,
        /// Unit end.
        end: Frames,
        /// Length of the voice audio.
        len: Frames,
    },
    /// A target has a duration that is negative, not finite or absurdly long.
    #[error("phone {index} ({phone}) has an unusable duration {seconds} s")]
    BadDuration {
        /// Index of the target.
        index: usize,
        /// Phone name.
        phone: String,
        /// The duration.
        seconds: f64,
    },
    /// The resampler could not be built or failed.
    #[error("resampling {from} Hz → {to} Hz: {reason}")]
    Resample {
        /// Input rate.
        from: u32,
        /// Output rate.
        to: u32,
        /// What rubato said.
        reason: String,
    },
}

/// The diphone units of an utterance.
#[derive(Debug, Clone)]
pub struct UnitPlan<'v, S> {
    /// `units[k]` is the diphone between phone `k − 1` and phone `k`, for
    /// `k = 0..=n` (a `pau` is assumed before the first and after the last phone);
    /// `None` where both sides are pauses (pauses are synthesized as silence).
    pub units: Vec<Option<&'v Unit>>,
    /// Every substitution the voice made, in order.
    pub substitutions: Vec<S>,
}

/// Picks the unit for every adjacent phone pair of `targets`.
pub fn plan_units<'v, V: DiphoneBank>(
    targets: &[PhoneTarget],
    voice: &'v V,
) -> Result<UnitPlan<'v, V::Substitution>, SynthError> {
    let (slots, substitutions) = slots(targets, voice)?;
    let chosen = select::choose(targets, &slots);
    let units = slots
        .iter()
        .zip(chosen)
        .map(|(s, i)| s.as_ref().map(|s| &s.units[i]))
        .collect();
    Ok(UnitPlan {
        units,
        substitutions,
    })
}

/// The units [`plan_units`] picks for `targets`, each with what the search weighed
/// (`None` where both sides are pauses).
pub fn explain_units<'v, V: DiphoneBank>(
    targets: &[PhoneTarget],
    voice: &'v V,
) -> Result<Vec<Option<select::Choice<'v>>>, SynthError> {
    let (slots, _) = slots(targets, voice)?;
    let chosen = select::choose(targets, &slots);
    let mut choices = select::explain(targets, &slots, &chosen);
    // A vowel before a pause dies away where its recording ends in a murmur, as PSOLA
    // plays it: the vowel's part of the unit into the pause, searched back from its join.
    for k in 1..choices.len() {
        let phone = targets[k - 1].phone;
        if targets.get(k).is_none_or(|t| t.phone != Phone::Pau) || !phone.is_vowel() {
            continue;
        }
        let (Some(a), Some(b)) = (&choices[k - 1], &choices[k]) else {
            continue;
        };
        let (_, lb) = timing::recorded(a.unit, b.unit);
        let join = b.unit.join.0;
        let from = join - lb as usize;
        voice.verify_read(from..join)?;
        let dies = murmur::dies_from(voice.samples(), phone, b.unit, from)
            .map(|m| Seconds((join - m) as f64 / f64::from(crate::units::VOICE_RATE.0)));
        if let Some(b) = choices[k].as_mut() {
            b.dies_away = dies;
        }
    }
    Ok(choices)
}

/// The candidates of every diphone slot of `targets`, and the substitutions made.
#[allow(clippy::type_complexity)]
fn slots<'v, V: DiphoneBank>(
    targets: &[PhoneTarget],
    voice: &'v V,
) -> Result<(Vec<Option<select::Slot<'v>>>, Vec<V::Substitution>), SynthError> {
    let spoken = spoken(targets, voice.kind());
    let phone = |k: Option<usize>| k.and_then(|k| spoken.get(k)).copied().unwrap_or(Phone::Pau);
    let len = Frames(voice.samples().len());
    let mut slots = Vec::with_capacity(targets.len() + 1);
    let mut substitutions = Vec::new();
    for k in 0..=targets.len() {
        let pair = Diphone {
            left: phone(k.checked_sub(1)),
            right: phone(Some(k)),
        };
        if pair.left == Phone::Pau && pair.right == Phone::Pau {
            slots.push(None);
            continue;
        }
        let c = voice.candidates(pair)?;
        for unit in c.units {
            if unit.start > unit.join || unit.join > unit.end || unit.end > len {
                return Err(SynthError::UnitOutOfRange {
                    voice: voice.id().to_string(),
                    unit: format!("{}-{}", unit.diphone.left, unit.diphone.right),
                    start: unit.start,
                    end: unit.end,
                    len,
                });
            }
        }
        substitutions.extend(c.substitution);
        slots.push(Some(select::Slot {
            units: c.units,
            features: c.features,
        }));
    }
    Ok((slots, substitutions))
}

/// The phone each target is read with from a voice of the given kind.
///
/// The dictionary writes "-ing" (and "king", "think") with the phoneme `ih`, but before the
/// velar nasal American speakers say a vowel close to [i]. Voices recorded in running speech
/// (slt, rms) have that vowel in their `ih-ng` units (rms: F2 rising from 1,700 to 1,900 Hz
/// into the nasal). A diphone voice holds one `ih-ng`, recorded in a nonsense word with the
/// phoneme's own lax vowel (ked: F2 about 1,470 Hz, falling), and its "-ing" is heard as
/// "in" or "and" ("switching to" → "switch into", "meeting" → "meat and"). So a diphone
/// voice reads `ih` before `ng` with its `iy` units; the target's length and pitch stay.
pub(crate) fn spoken(targets: &[PhoneTarget], kind: VoiceKind) -> Vec<Phone> {
    let raised = |k: usize| {
        kind == VoiceKind::Diphones
            && targets[k].phone == Phone::Ih
            && targets.get(k + 1).is_some_and(|n| n.phone == Phone::Ng)
    };
    (0..targets.len())
        .map(|k| {
            if raised(k) {
                Phone::Iy
            } else {
                targets[k].phone
            }
        })
        .collect()
}

/// The audio of an utterance and the unit substitutions made for it.
#[derive(Debug, Clone)]
pub struct Synthesized<S> {
    /// The audio, at the voice rate (16 kHz).
    pub waveform: Waveform,
    /// Substitutions the voice made (see [`UnitPlan::substitutions`]).
    pub substitutions: Vec<S>,
    /// Each phone target's duration as synthesized, in samples at the voice rate (their sum
    /// rounds to the waveform's length): where every phone, and so every word, is heard.
    pub durations: Vec<f64>,
}

/// Synthesizes phone targets with a voice in the default [`Style`]: the unit plan,
/// then TD-PSOLA, then the formant postfilter. The output has exactly `round(Σ durations × 16 kHz)` samples.
pub fn synthesize<V: DiphoneBank>(
    targets: &[PhoneTarget],
    voice: &V,
) -> Result<Synthesized<V::Substitution>, SynthError> {
    synthesize_with(targets, voice, Style::default())
}

/// Synthesizes phone targets with a voice in the given [`Style`] (resolved for the
/// voice's [`DiphoneBank::kind`]). The output has exactly `round(Σ durations × 16 kHz)`
/// samples, except with [`Timing::Guided`] (the default for voices that choose among
/// recordings) and [`Timing::Units`], where the phones take the units' own lengths.
// Never inlined (called once per sentence), so that profiles and `bench/instructions.sh`
// can always name the stage.
#[inline(never)]
pub fn synthesize_with<V: DiphoneBank>(
    targets: &[PhoneTarget],
    voice: &V,
    style: Style,
) -> Result<Synthesized<V::Substitution>, SynthError> {
    for (index, t) in targets.iter().enumerate() {
        let d = t.duration.0;
        if !d.is_finite() || !(0.0..=60.0).contains(&d) {
            return Err(SynthError::BadDuration {
                index,
                phone: t.phone.to_string(),
                seconds: d,
            });
        }
    }
    let style = style.resolve(voice.kind());
    let plan = plan_units(targets, voice)?;
    // the audio the synthesis may read, checked where the voice checks as it is read
    for unit in plan.units.iter().flatten() {
        let reach = psola::READ_REACH;
        voice.verify_read(unit.start.0.saturating_sub(reach)..unit.end.0 + reach)?;
    }
    let durations = timing::durations(targets, &plan.units, style);
    let samples = psola::render(
        targets,
        &durations,
        &plan.units,
        voice.samples(),
        voice.sample_scale(),
        style.pitch,
        style.shift,
    );
    let samples = match style.postfilter {
        Postfilter::Formant => postfilter::formant(
            &samples,
            crate::units::VOICE_RATE,
            postfilter::hop(voice.kind()),
        ),
        Postfilter::Off => samples,
    };
    Ok(Synthesized {
        waveform: Waveform {
            rate: crate::units::VOICE_RATE,
            samples,
        },
        substitutions: plan.substitutions,
        durations,
    })
}
