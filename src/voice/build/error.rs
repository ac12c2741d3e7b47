//! Errors of the workshop's sources: the Festival group files and the lexicon the tools
//! read (the voice folders they write report [`crate::voice::VoiceError`]).

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
