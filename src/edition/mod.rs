//! The edition: loudness levelling, the chaptered WAV and its sidecars.
//!
//! The pipeline streams audio into an [`EditionWriter`] turn by turn, chapter by chapter:
//!
//! 1. [`EditionWriter::create`] opens temporary files next to the output path;
//! 2. per chapter [`EditionWriter::mark_chapter`], then per turn the caller levels the turn's
//!    audio with a [`Leveller`] and [`EditionWriter::write`]s it, reporting each sentence's span
//!    with [`EditionWriter::cue`] (frames from [`EditionWriter::position`]);
//! 3. [`EditionWriter::finish`] appends the `cue `, `LIST/adtl` and `LIST/INFO` chunks, writes the
//!    sidecars (`<stem>.chapters.json`, `<stem>.vtt`, `<stem>.chapters.vtt`) and the player page
//!    (`<stem>.html`, unless [`PlayerPage::Omitted`]) and renames every file into place.
//!    Dropping the writer without finishing removes the temporary files and leaves any previous
//!    output untouched.
//!
//! Memory stays bounded: samples go straight to disk (the transcript too); only chapter titles
//! are kept. [`read_chapters`] reads the chapters back from any RIFF or RF64 WAV file.
//!
//! Limits: at most [`MAX_CHAPTERS`] chapters with titles of at most 4096 UTF-8 bytes (no NUL);
//! at most [`MAX_FRAMES`] frames (cue points are 32-bit: 27 h at 44.1 kHz, 24.8 h at 48 kHz),
//! checked as audio arrives; files past 4 GiB are written as RF64 (a reserved `JUNK` chunk
//! becomes `ds64`), so the header is never wrong.
//!
//! Levelling: call [`Leveller::level`] once per turn, or [`Leveller::measure_part`] per
//! sentence and [`Leveller::level_parts`] per turn, at the 16 kHz voice rate before resampling
//! (about 3× cheaper than at the output rate). The writer does not meter the output again:
//! [`ProgramLoudness`] adds up the levelled turns.

pub mod encode;
mod limiter;
mod loudness;
mod meter;
mod output;
mod paths;
mod player;
mod reader;
mod riff;
mod sidecar;
mod wav_end;
mod writer;

pub use crate::units::{Decibels, Lufs};
pub use encode::{BitRate, Codec, EncodeError, Encoding};
pub use loudness::{LevelReport, Leveller, LoudnessTarget, PartLoudness, ProgramLoudness};
pub use output::{check_output, check_output_set};
pub use paths::OutputPaths;
pub use player::{PlayerError, PlayerPage};
pub use reader::{read_chapters, read_chapters_from, ChapterMark};
pub use riff::MAX_CHAPTERS;
pub use sidecar::{format_vtt_time, frames_to_millis};
pub use writer::{EditionWriter, FinishReport, WavInfo, MAX_FRAMES};

use crate::units::SampleRate;
use std::path::PathBuf;

/// Channel layout of the output file. The audio itself is always mono; `Stereo` duplicates it
/// into both channels (Apple Podcasts rejects mono WAV uploads).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channels {
    /// One channel.
    Mono,
    /// Two identical channels.
    Stereo,
}

impl Channels {
    /// The number of channels.
    pub fn count(self) -> u16 {
        match self {
            Channels::Mono => 1,
            Channels::Stereo => 2,
        }
    }
}

/// The format of the output WAV: 16-bit PCM at `rate` with `channels`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputFormat {
    /// Frames per second (44 100 or 48 000 in practice; any non-zero rate works).
    pub rate: SampleRate,
    /// Channel layout.
    pub channels: Channels,
}

impl OutputFormat {
    /// Bytes per frame (2 per channel).
    pub fn block_align(self) -> u16 {
        2 * self.channels.count()
    }

    /// Bytes of audio per second.
    pub fn bytes_per_second(self) -> u64 {
        u64::from(self.rate.0) * u64::from(self.block_align())
    }
}

/// Errors of the edition stage: writing the WAV and sidecars, levelling, reading chapters.
#[derive(Debug, thiserror::Error)]
pub enum EditionError {
    /// An I/O error on a named file.
    #[error("{path}: {cause}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error (shown in the message, so not chained as a source: the
        /// command line prints one line).
        cause: std::io::Error,
    },
    /// No file can be created in the output's folder (missing, not a folder, not writable).
    #[error("cannot write in folder {path}: {cause}")]
    OutputFolder {
        /// The folder.
        path: PathBuf,
        /// The underlying error (shown in the message, so not chained as a source: the
        /// command line prints one line).
        cause: std::io::Error,
    },
    /// A WAV file to read cannot be opened (missing, a directory, no permission).
    #[error("cannot open {path}: {cause}")]
    Open {
        /// The file.
        path: PathBuf,
        /// The underlying error (shown in the message, so not chained as a source: the
        /// command line prints one line).
        cause: std::io::Error,
    },
    /// The folder of the output path does not exist.
    #[error("{out}: the output folder {folder} does not exist")]
    MissingFolder {
        /// The output path given.
        out: PathBuf,
        /// Its folder.
        folder: PathBuf,
    },
    /// The output path has no file name or no usable folder.
    #[error("{path}: not a usable output path ({reason})")]
    BadOutputPath {
        /// The path given.
        path: PathBuf,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An output path exists and is not a regular file (a device, FIFO, socket or folder).
    #[error("{path}: exists and is {kind}; aloud writes editions only as regular files")]
    NotRegularFile {
        /// The path.
        path: PathBuf,
        /// What it is.
        kind: &'static str,
    },
    /// An output file would replace a file the render reads.
    #[error("{output}: writing the edition there would replace {input}, which this render reads; choose another output name")]
    OutputIsInput {
        /// The output file (the WAV or a sidecar).
        output: PathBuf,
        /// The file read (input, user lexicon, cast file).
        input: PathBuf,
    },
    /// A sample rate of zero or beyond what the meter supports.
    #[error("unsupported sample rate {0} Hz")]
    BadRate(u32),
    /// The audio contained NaN or infinity.
    #[error("sample {index} of the audio is not a finite number ({value})")]
    NonFiniteSample {
        /// Frame index in the edition (writer) or in the buffer (leveller).
        index: u64,
        /// The value.
        value: f32,
    },
    /// A chapter title or metadata text that cannot be stored.
    #[error("{what} {text:?} cannot be stored: {reason}")]
    BadText {
        /// Which text (chapter title, INFO field…).
        what: &'static str,
        /// The text.
        text: String,
        /// Why.
        reason: &'static str,
    },
    /// More chapters than a `cue ` chunk may hold here.
    #[error("too many chapters: {count} (the limit is {MAX_CHAPTERS})")]
    TooManyChapters {
        /// Chapters asked for.
        count: usize,
    },
    /// More audio than cue points can address (32-bit frame positions).
    #[error("the edition would reach {frames} frames; the limit is {MAX_FRAMES} (27 h at 44.1 kHz, 24.8 h at 48 kHz)")]
    TooLong {
        /// Frames the edition would have reached.
        frames: u64,
    },
    /// A sentence cue whose span is empty, reversed, out of order or past the end of the audio.
    #[error("sentence cue {start}..{end} ({text:?}) {reason}")]
    BadCue {
        /// Start frame.
        start: u64,
        /// End frame.
        end: u64,
        /// Sentence text (possibly shortened).
        text: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// The player page cannot be written or would replace a file aloud did not write.
    #[error(transparent)]
    Player(#[from] PlayerError),
    /// The loudness meter failed.
    #[error("loudness meter: {0}")]
    Meter(String),
    /// A WAV file shorter than its header says: cut off in a copy or a download.
    #[error(
        "{path}: the file is truncated: it has {len} bytes of the {promised} its header promises"
    )]
    Truncated {
        /// The file (`<memory>` when reading from a buffer).
        path: PathBuf,
        /// Bytes the file has.
        len: u64,
        /// Bytes the RIFF header (or the `data` chunk's size) says it has.
        promised: u64,
    },
    /// Encoding a compressed edition failed, or its options are wrong.
    #[error(transparent)]
    Encode(#[from] encode::EncodeError),
    /// A WAV file that cannot be read: what is wrong and at which byte offset.
    #[error("{path}: byte {offset}: {what}")]
    Malformed {
        /// The file (`<memory>` when reading from a buffer).
        path: PathBuf,
        /// Byte offset of the offending chunk or field.
        offset: u64,
        /// What is wrong.
        what: String,
    },
}

impl EditionError {
    fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> Self {
        EditionError::Io {
            path: path.into(),
            cause,
        }
    }
}
