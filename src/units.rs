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

/// A number of sample frames, or a frame position counted from the start of a buffer
/// (unit bounds and pitch marks in a voice's audio, synthesized lengths). One frame is
/// one sample per channel.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Frames(pub usize);

impl Frames {
    /// The frames `self..end` as an index range (for slicing a buffer).
    pub fn to(self, end: Frames) -> std::ops::Range<usize> {
        self.0..end.0
    }

    /// The frames between `earlier` and `self`, or zero if `earlier` is later.
    pub fn saturating_sub(self, earlier: Frames) -> Frames {
        Frames(self.0.saturating_sub(earlier.0))
    }
}

impl std::ops::Add for Frames {
    type Output = Frames;
    fn add(self, rhs: Frames) -> Frames {
        Frames(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Frames {
    type Output = Frames;
    fn sub(self, rhs: Frames) -> Frames {
        Frames(self.0 - rhs.0)
    }
}

impl std::ops::AddAssign for Frames {
    fn add_assign(&mut self, rhs: Frames) {
        self.0 += rhs.0;
    }
}

impl std::fmt::Display for Frames {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

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
    pub fn frames(self, d: Seconds) -> Frames {
        Frames((d.0 * f64::from(self.0)).round().max(0.0) as usize)
    }

    /// Duration of `frames` frames at this rate.
    pub fn duration(self, frames: Frames) -> Seconds {
        Seconds(frames.0 as f64 / f64::from(self.0))
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
        assert_eq!(r.frames(Seconds(1.5)), Frames(66_150));
        assert_eq!(r.duration(Frames(66_150)), Seconds(1.5));
        assert_eq!(Frames(3).to(Frames(5)), 3..5);
        assert_eq!(Seconds(1.2345).millis(), 1235);
    }
}
