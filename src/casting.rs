//! Casting: every speaker gets a distinct voice profile.

use crate::units::{Rate, Semitones};
use serde::Serialize;

/// A bundled voice plus pitch and rate settings: how one speaker sounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoiceProfile {
    /// Id of a bundled voice (`kal`, `ked`, `slt`).
    pub voice: String,
    /// Pitch shift from the voice's natural median F0.
    pub pitch: Semitones,
    /// Speaking rate.
    pub rate: Rate,
}

/// The voice profile of every speaker, indexed by [`crate::manuscript::SpeakerId`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cast {
    /// One profile per speaker of the manuscript, in the same order.
    pub profiles: Vec<VoiceProfile>,
}
