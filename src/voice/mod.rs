//! The voice bank: bundled diphone voices loaded into owned values.
//!
//! A voice is a folder `voices/<id>/` (see `voices/README.md`). The synthesizer
//! asks a [`Voice`] for the unit of a phone pair and gets the unit plus any
//! substitution the fallback chain made.

use crate::manuscript::Gender;
use crate::phonetics::phone::Phone;
use crate::units::{Hz, SampleRate};
use serde::Serialize;

pub mod labels;
pub mod pitchmark;

/// What `voice.toml` says about a voice (enough to list and cast voices
/// without loading audio).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoiceMeta {
    /// Short id (`kal`), also the folder name.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Gender of the speaker.
    pub gender: Gender,
    /// Native sample rate of the unit audio.
    pub sample_rate: SampleRate,
    /// Median F0 of the voiced units.
    pub f0_median: Hz,
    /// Number of diphone units.
    pub units: usize,
    /// Licence name.
    pub licence: String,
}

/// A diphone: the transition from `left` to `right`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Diphone {
    /// First phone.
    pub left: Phone,
    /// Second phone.
    pub right: Phone,
}

/// One pitch mark of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PitchMark {
    /// Absolute sample index in the voice audio.
    pub at: usize,
    /// Whether the period ending here is voiced (unvoiced marks are evenly spaced).
    pub voiced: bool,
}

/// One diphone unit in the voice audio. All positions are absolute sample indices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    /// The phone pair.
    pub diphone: Diphone,
    /// First sample.
    pub start: usize,
    /// The boundary between the two phones.
    pub join: usize,
    /// One past the last sample.
    pub end: usize,
    /// Pitch marks, strictly increasing, inside `start..end`.
    pub marks: Vec<PitchMark>,
}
