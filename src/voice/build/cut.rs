//! Where to cut a diphone out of a labelled recording.
//!
//! A diphone X-Y runs from the middle of X to the middle of Y; the join point is
//! the X/Y boundary. Stops (`b d g k p t`) are cut at their 1/3 point instead, inside
//! the closure, so two units meet in silence. Silence (`pau`) contributes 50 ms
//! (or all of it, if shorter).

use super::labels::Segment;
use crate::phonetics::phone::Phone;
use crate::units::{Frames, SampleRate, Seconds};
use crate::voice::Diphone;

/// How much silence a unit keeps next to a pause.
pub const PAUSE_PART: Seconds = Seconds(0.050);

/// The cut of one diphone, in frames from the start of the recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    /// First frame of the unit.
    pub start: Frames,
    /// The phone boundary.
    pub join: Frames,
    /// One past the last frame.
    pub end: Frames,
}

/// Why a diphone cannot be cut from a recording.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CutError {
    /// The labels do not hold the phone pair.
    #[error("the labels do not contain the phone pair {0}")]
    Missing(Diphone),
    /// The labels hold the phone pair more than once (which one is meant is unclear).
    #[error("the labels contain the phone pair {diphone} {count} times (expected once)")]
    Ambiguous {
        /// The pair.
        diphone: Diphone,
        /// How often it occurs.
        count: usize,
    },
    /// The cut is empty on one side (a phone of zero length).
    #[error("the phone pair {0} has a phone too short to cut")]
    TooShort(Diphone),
}

/// Finds `diphone` in `segments` (it must occur exactly once) and returns its cut
/// in samples at `rate`.
pub fn cut_points(
    segments: &[Segment],
    diphone: Diphone,
    rate: SampleRate,
) -> Result<Cut, CutError> {
    let hits: Vec<usize> = segments
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0].phone == diphone.left && w[1].phone == diphone.right)
        .map(|(i, _)| i)
        .collect();
    let i = match hits[..] {
        [] => return Err(CutError::Missing(diphone)),
        [i] => i,
        _ => {
            return Err(CutError::Ambiguous {
                diphone,
                count: hits.len(),
            })
        }
    };
    cut_at(segments, i, rate)
}

/// The cut of the diphone made of `segments[i]` and `segments[i + 1]` (which must
/// exist), in samples at `rate`.
pub fn cut_at(segments: &[Segment], i: usize, rate: SampleRate) -> Result<Cut, CutError> {
    let (x, y) = (segments[i], segments[i + 1]);
    let diphone = Diphone::new(x.phone, y.phone);
    let start = if x.phone == Phone::Pau {
        (x.end.0 - PAUSE_PART.0).max(x.start.0)
    } else if x.phone.is_stop() {
        x.start.0 + x.duration().0 / 3.0
    } else {
        x.start.0 + x.duration().0 / 2.0
    };
    let end = if y.phone == Phone::Pau {
        (y.start.0 + PAUSE_PART.0).min(y.end.0)
    } else if y.phone.is_stop() {
        y.start.0 + y.duration().0 / 3.0
    } else {
        y.start.0 + y.duration().0 / 2.0
    };
    let cut = Cut {
        start: rate.frames(Seconds(start)),
        join: rate.frames(x.end),
        end: rate.frames(Seconds(end)),
    };
    if cut.start >= cut.join || cut.join >= cut.end {
        return Err(CutError::TooShort(diphone));
    }
    Ok(cut)
}
