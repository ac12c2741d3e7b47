//! Errors of the workshop: [`SourceError`] for the sources the tools read (the Festival group
//! files, the lexicon), [`BuildError`] for `aloud voice build` (the voice folders they write
//! report [`crate::voice::VoiceError`]).

use super::cut::CutError;
use super::labels::LabelError;
use crate::voice::VoiceError;
use std::path::PathBuf;

/// A source file of the voice tools could not be read or is malformed.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file could not be read.
    #[error("{}: {source}", file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A Festival group file could not be decoded.
    #[error("{}: byte {offset}: {message}", file.display())]
    GroupFile {
        /// The group file.
        file: PathBuf,
        /// Byte offset of the problem.
        offset: usize,
        /// What is wrong.
        message: String,
    },
    /// The lexicon used for coverage could not be read.
    #[error("{}: line {line}: {message}", file.display())]
    Lexicon {
        /// The lexicon file.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// A problem while building a voice; names the file it concerns.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A folder or file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A WAV file could not be decoded.
    #[error("cannot decode {file}: {source}")]
    Wav {
        /// The WAV file.
        file: PathBuf,
        /// The decoder's error.
        source: hound::Error,
    },
    /// A WAV file has more than one channel.
    #[error("{file}: expected a mono recording, found {channels} channels")]
    NotMono {
        /// The WAV file.
        file: PathBuf,
        /// Its channel count.
        channels: u16,
    },
    /// A recording cannot be resampled.
    #[error("cannot resample {file} to 16 kHz: {message}")]
    Resample {
        /// The WAV file.
        file: PathBuf,
        /// What the resampler said.
        message: String,
    },
    /// A WAV file's name is not a diphone (`aa-b.wav`).
    #[error("{file}: the file name must be a phone pair such as `aa-b.wav` (or `aa-b~1.wav` for a further recording of it)")]
    Name {
        /// The WAV file.
        file: PathBuf,
    },
    /// A WAV file has no label file next to it.
    #[error("{file}: no label file (`.segs` or `.lab` with the same name) next to it")]
    NoLabels {
        /// The WAV file.
        file: PathBuf,
    },
    /// A label file does not parse.
    #[error(transparent)]
    Labels(#[from] LabelError),
    /// A diphone cannot be cut from its recording.
    #[error("{file}: {source}")]
    Cut {
        /// The label file.
        file: PathBuf,
        /// Why.
        source: CutError,
    },
    /// The folder holds no recordings.
    #[error("{dir}: no `.wav` recordings found")]
    Empty {
        /// The folder.
        dir: PathBuf,
    },
    /// A prompt list does not parse.
    #[error("{}: line {line}: {message}", file.display())]
    Prompts {
        /// The prompt list.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Writing the voice failed.
    #[error(transparent)]
    Write(#[from] VoiceError),
}
