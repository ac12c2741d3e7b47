//! Errors of the phonetics stage.

use std::path::PathBuf;

/// Why one line of a lexicon file (user lexicon or CMU text dictionary) was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineFault {
    /// A phone name that is not ARPAbet (`QX`), or a stress digit on a consonant (`K1`).
    #[error("unknown phone `{0}`")]
    UnknownPhone(String),
    /// A word with nothing after it.
    #[error("missing pronunciation after `{0}`")]
    MissingPronunciation(String),
    /// A line starting with `=` or a pronunciation with no word before it.
    #[error("missing word before the pronunciation")]
    MissingWord,
    /// A word containing characters other than letters, apostrophes and hyphens.
    #[error("`{0}` is not a word (letters, apostrophes and hyphens only)")]
    BadWord(String),
    /// A respelling syllable that could not be turned into phones.
    #[error("cannot read respelling syllable `{0}`")]
    BadRespelling(String),
    /// A homograph role other than `verb`, `past` and `noun`.
    #[error("unknown role `{0}` (expected verb, past or noun)")]
    BadRole(String),
    /// A pronunciation `pau` (silence) inside a word.
    #[error("`pau` cannot be part of a word")]
    PauseInWord,
}

/// Errors of the phonetics stage (lexicon, letter-to-sound, user lexicon).
#[derive(Debug, thiserror::Error)]
pub enum PhoneticsError {
    /// A file could not be read or written.
    #[error("cannot access {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A user lexicon could not be read: missing, too large, not UTF-8.
    #[error("{path}: cannot read the user lexicon: {source}")]
    UserLexicon {
        /// The file.
        path: PathBuf,
        /// Why.
        source: crate::hygiene::SideFileError,
    },
    /// A line of a text lexicon is invalid.
    #[error("{path}:{line}: {fault}")]
    Line {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        fault: LineFault,
    },
    /// A compiled file (lexicon or letter-to-sound model) is damaged or of another version.
    #[error("{path}: damaged or incompatible file at byte {offset}: {why}")]
    Format {
        /// The file.
        path: PathBuf,
        /// Byte offset where the problem was found.
        offset: usize,
        /// What was expected.
        why: &'static str,
    },
    /// The data folder (and so the lexicon) could not be found.
    #[error(transparent)]
    Data(#[from] crate::data::DataError),
    /// Letter-to-sound training cannot proceed.
    #[error("letter-to-sound training: {0}")]
    Training(&'static str),
}

/// Shorthand for results of this stage.
pub type Result<T> = std::result::Result<T, PhoneticsError>;

pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> PhoneticsError + '_ {
    move |source| PhoneticsError::Io {
        path: path.to_path_buf(),
        source,
    }
}
