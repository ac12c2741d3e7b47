//! Waveform generation: phone targets + a voice → audio, by diphone
//! concatenation with TD-PSOLA; resampling to the output rate.

use crate::units::{SampleRate, Seconds};

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
        self.rate.duration(self.samples.len())
    }
}
