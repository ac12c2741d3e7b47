//! Errors of the voice stage. Every error names the voice and the file; errors
//! about one unit name the unit and the index line too.

use crate::units::Frames;
use std::path::PathBuf;

/// Something wrong with a voice folder, a unit index or a lookup.
#[derive(Debug, thiserror::Error)]
pub enum VoiceError {
    /// A file could not be read or written.
    #[error("voice `{voice}`: {}: {source}", file.display())]
    Io {
        /// Voice id (or folder name).
        voice: String,
        /// The file.
        file: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// `voice.toml` is not valid or lacks a field.
    #[error("voice `{voice}`: {}: {message}", file.display())]
    Meta {
        /// Voice id (or folder name).
        voice: String,
        /// The file.
        file: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A data file (or a block of the unit audio) does not match the checksum recorded for
    /// it (`voice.toml`, `units.blocks`).
    #[error(
        "voice `{voice}`: {}: checksum mismatch (file damaged or edited): {where_}",
        file.display()
    )]
    Checksum {
        /// Voice id.
        voice: String,
        /// The damaged file.
        file: PathBuf,
        /// Where the damage is, as far as the per-unit checks can tell
        /// (`unit `aa-b` (line 12)`, `outside any unit`).
        where_: String,
        /// The first damaged unit, when one could be found.
        unit: Option<String>,
    },
    /// The unit audio is not a 16-bit PCM mono WAV at the voice's rate.
    #[error("voice `{voice}`: {}: {message}", file.display())]
    Audio {
        /// Voice id.
        voice: String,
        /// The WAV file.
        file: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// One unit of the index is malformed or inconsistent.
    #[error("voice `{voice}`: {}: line {line}: unit `{unit}`: {problem}", file.display())]
    BadUnit {
        /// Voice id.
        voice: String,
        /// The index file.
        file: PathBuf,
        /// 1-based line in the index.
        line: usize,
        /// The unit name as written (`aa-b`).
        unit: String,
        /// What is wrong with it.
        problem: UnitProblem,
    },
    /// The voice has no unit the fallback chain could use for a diphone.
    #[error("voice `{voice}`: no unit for `{wanted}` and no fallback (not even `pau-pau`)")]
    NoUnit {
        /// Voice id.
        voice: String,
        /// The diphone asked for.
        wanted: super::Diphone,
    },
}

/// What is wrong with one unit of an index.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitProblem {
    /// The line does not have the expected fields.
    #[error("malformed line: {0}")]
    Syntax(String),
    /// A phone of the diphone name is not in the phone set.
    #[error("unknown phone `{0}`")]
    UnknownPhone(String),
    /// The same diphone appears twice.
    #[error("duplicate unit (first on line {first_line})")]
    Duplicate {
        /// Line of the first occurrence.
        first_line: usize,
    },
    /// `start < join < end` does not hold.
    #[error("join {join} not strictly inside {start}..{end}")]
    JoinOutside {
        /// Start sample.
        start: Frames,
        /// Join sample.
        join: Frames,
        /// End sample.
        end: Frames,
    },
    /// The unit reaches past the end of the audio.
    #[error("ends at sample {end}, past the end of the audio ({len} samples)")]
    PastAudio {
        /// End sample.
        end: Frames,
        /// Number of samples in the audio.
        len: Frames,
    },
    /// The unit has no pitch marks.
    #[error("no pitch marks")]
    NoMarks,
    /// Pitch mark `index` is not after the previous one.
    #[error("pitch mark {index} at {at} is not after the previous one at {previous}")]
    MarksNotIncreasing {
        /// 0-based mark number.
        index: usize,
        /// Its position.
        at: Frames,
        /// The previous mark's position.
        previous: Frames,
    },
    /// A pitch mark lies outside `start..end`.
    #[error("pitch mark {index} at {at} outside the unit {start}..{end}")]
    MarkOutside {
        /// 0-based mark number.
        index: usize,
        /// Its position.
        at: Frames,
        /// Start sample.
        start: Frames,
        /// End sample.
        end: Frames,
    },
    /// The per-unit check value does not match the unit's line and audio.
    #[error("per-unit check {stored:08x} does not match the line and audio ({computed:08x})")]
    CheckMismatch {
        /// The check value in the index.
        stored: u32,
        /// The check value computed from the line and audio.
        computed: u32,
    },
}
