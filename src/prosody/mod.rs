//! Prosody: pronounced words → phone targets (durations and pitch points),
//! the boundary between the front end and the synthesizer, printable in the
//! spirit of MBROLA's `.pho`.

use crate::phonetics::phone::Phone;
use crate::units::{Hz, Seconds};
use serde::Serialize;

/// One phone to synthesize: its duration and pitch targets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhoneTarget {
    /// The phone (`pau` for a pause).
    pub phone: Phone,
    /// Target duration.
    pub duration: Seconds,
    /// Pitch targets inside the phone (empty for unvoiced phones and pauses).
    pub pitch: Vec<PitchPoint>,
}

/// A pitch target at a relative position inside a phone.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PitchPoint {
    /// Position in the phone, 0.0 (start) to 1.0 (end).
    pub at: f32,
    /// Target F0.
    pub f0: Hz,
}
