//! Errors of the manuscript stage.

use thiserror::Error;

/// Why an input cannot be read as a manuscript. Every message names the input and, where it
/// applies, the byte offset and line.
#[derive(Debug, Error)]
pub enum ManuscriptError {
    /// The file could not be opened or read.
    #[error("{source_name}: cannot read: {source}")]
    Io {
        /// File name (or `standard input`).
        source_name: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The input is empty or only whitespace.
    #[error("{source_name}: the text is empty (nothing to read aloud)")]
    Empty {
        /// File name (or `standard input`).
        source_name: String,
    },
    /// The bytes are not valid UTF-8.
    #[error(
        "{source_name}: not valid UTF-8 at byte offset {offset} (line {line}); save the text as UTF-8"
    )]
    InvalidUtf8 {
        /// File name (or `standard input`).
        source_name: String,
        /// Offset of the first invalid byte.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
    },
    /// The input is a binary file (an image, an archive, audio…), not text.
    #[error("{source_name}: this is a binary file ({kind}), not text")]
    Binary {
        /// File name (or `standard input`).
        source_name: String,
        /// What it looks like ("PNG image", "NUL byte at offset 12").
        kind: String,
    },
    /// The text holds letters of a script aloud cannot speak.
    #[error("{source_name}: line {line}: {text:?} is written in letters aloud cannot speak ({letter:?}, U+{code:04X}); aloud reads English, with Cyrillic and Greek words transliterated", code = u32::from(*letter))]
    Unspeakable {
        /// File name (or `standard input`).
        source_name: String,
        /// 1-based line.
        line: usize,
        /// The first such letter.
        letter: char,
        /// The start of the line.
        text: String,
    },
    /// The text has no words to read (only numbers, symbols or markup).
    #[error("{source_name}: no readable sentences (only symbols, numbers or markup)")]
    NoSentences {
        /// File name (or `standard input`).
        source_name: String,
    },
    /// The input is larger than aloud accepts.
    #[error("{source_name}: the input is {bytes} bytes; the limit is {limit} bytes (split it into several renders)")]
    TooLarge {
        /// File name (or `standard input`).
        source_name: String,
        /// Size of the input.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// One line is longer than any paragraph of prose (minified or generated text).
    #[error("{source_name}: line {line} is {bytes} bytes long with no line break; the limit is {limit} bytes per line")]
    LineTooLong {
        /// File name (or `standard input`).
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// Its length in bytes.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The text makes more chapters than an edition can hold.
    #[error("{source_name}: the text makes {chapters} chapters; the limit is {limit} (split it into several renders)")]
    TooManyChapters {
        /// File name (or `standard input`).
        source_name: String,
        /// Chapters the text makes.
        chapters: usize,
        /// The limit.
        limit: usize,
    },
}
