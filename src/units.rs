//! Newtypes for the physical quantities that cross stage boundaries.

use serde::{Deserialize, Serialize};

/// A frequency in hertz (pitch targets, F0 medians).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
pub struct Hz(pub f32);

/// A duration or a time position in seconds.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
pub struct Seconds(pub f64);

/// A sample rate in frames per second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SampleRate(pub u32);

/// A pitch shift in semitones (0 = the voice's natural pitch).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
pub struct Semitones(pub f32);

impl Semitones {
    /// The frequency ratio of this shift (12 semitones = ×2).
    pub fn ratio(self) -> f32 {
        2f32.powf(self.0 / 12.0)
    }
}

/// A speaking-rate factor: 1.0 is the voice's natural rate, 1.2 is 20 % faster.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
pub struct Rate(pub f32);

impl Default for Rate {
    fn default() -> Self {
        Rate(1.0)
    }
}

/// The voices' native sample rate: every bundled voice is stored at 16 kHz.
pub const VOICE_RATE: SampleRate = SampleRate(16_000);

impl Seconds {
    /// Whole milliseconds, rounded to nearest.
    pub fn millis(self) -> u64 {
        (self.0 * 1000.0).round().max(0.0) as u64
    }
}

impl SampleRate {
    /// Number of frames in `d` at this rate, rounded to nearest.
    pub fn frames(self, d: Seconds) -> usize {
        (d.0 * f64::from(self.0)).round().max(0.0) as usize
    }

    /// Duration of `frames` frames at this rate.
    pub fn duration(self, frames: usize) -> Seconds {
        Seconds(frames as f64 / f64::from(self.0))
    }
}

/// Integrated loudness in LUFS (loudness units relative to full scale).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Lufs(pub f64);

/// A level or gain in decibels (dBFS / dBTP for peaks, dB for gains).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Decibels(pub f64);

impl Decibels {
    /// The linear amplitude ratio.
    pub fn ratio(self) -> f64 {
        10f64.powf(self.0 / 20.0)
    }

    /// Decibels of a linear amplitude ratio (−∞ for 0).
    pub fn from_ratio(r: f64) -> Self {
        Decibels(20.0 * r.log10())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_and_duration_round_trip() {
        let r = SampleRate(44_100);
        assert_eq!(r.frames(Seconds(1.5)), 66_150);
        assert_eq!(r.duration(66_150), Seconds(1.5));
        assert_eq!(Seconds(1.2345).millis(), 1235);
    }
}
