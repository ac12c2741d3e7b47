//! Text hygiene: what every text aloud reads (the input, a user lexicon, a cast file) goes
//! through before anything looks at it.
//!
//! [`clean_text`] makes line ends `\n` (old Mac `\r` and Windows `\r\n` included), composes
//! Unicode to NFC ("Nu\u{301}n\u{303}ez" → "Núñez") and removes invisible format characters
//! (zero-width spaces and joiners, word joiners, BOMs, bidi controls) that would split words
//! or hide labels. [`read_side_file`] reads a small side file (a user lexicon, a cast file) with
//! a size cap, removes a BOM and checks UTF-8.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;
use thiserror::Error;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Largest side file (user lexicon, cast file) aloud reads: 16 MiB, like the input.
pub const MAX_SIDE_FILE_BYTES: usize = 16 << 20;

/// Invisible characters removed from text: zero-width space, non-joiner and joiner, word
/// joiner, BOM / zero-width no-break space, and the bidi marks, embeddings, overrides and
/// isolates.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// The text with `\n` line ends (a lone `\r` and `\r\n` are one line break each), in NFC,
/// without invisible format characters (see [`is_invisible`]). Borrows when there is nothing
/// to change, so clean text costs one scan.
pub fn clean_text(text: &str) -> Cow<'_, str> {
    let dirty = text.contains('\r') || text.chars().any(is_invisible);
    if !dirty && is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return Cow::Borrowed(text);
    }
    let lines = text.replace("\r\n", "\n").replace('\r', "\n");
    let visible = lines.chars().filter(|&c| !is_invisible(c));
    Cow::Owned(visible.nfc().collect())
}

/// Why a side file could not be read.
#[derive(Debug, Error)]
pub enum SideFileError {
    /// Opening or reading failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The file is larger than [`MAX_SIDE_FILE_BYTES`].
    #[error("the file is larger than the limit of {limit} bytes (16 MiB)")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// The bytes are not valid UTF-8.
    #[error("not valid UTF-8 at byte offset {offset} (line {line}); save it as UTF-8")]
    InvalidUtf8 {
        /// Offset of the first invalid byte (after a BOM).
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
    },
}

/// Reads a side file of at most [`MAX_SIDE_FILE_BYTES`] (reading one byte past the limit at
/// most, so `/dev/zero` is refused quickly), drops a UTF-8 BOM and returns clean text (see
/// [`clean_text`]).
pub fn read_side_file(path: &Path) -> Result<String, SideFileError> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_SIDE_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_SIDE_FILE_BYTES {
        return Err(SideFileError::TooLarge {
            limit: MAX_SIDE_FILE_BYTES,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        SideFileError::InvalidUtf8 {
            offset,
            line: 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count(),
        }
    })?;
    Ok(clean_text(text).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_composes_and_removes_invisibles_and_unifies_line_ends() {
        assert_eq!(clean_text("Nu\u{301}n\u{303}ez"), "Núñez");
        assert_eq!(clean_text("Llo\u{200B}renti"), "Llorenti");
        assert_eq!(clean_text("\u{202B}C\u{200D}E\u{2069}: hi"), "CE: hi");
        assert_eq!(clean_text("a\rb\r\nc\n\rd"), "a\nb\nc\n\nd");
        assert_eq!(clean_text("\u{FEFF}x\u{2060}y"), "xy");
        assert!(matches!(clean_text("plain Núñez\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn side_file_drops_bom_and_refuses_huge_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("lex.txt");
        std::fs::write(&p, b"\xEF\xBB\xBFWORD  W ER1 D\r\n").unwrap();
        assert_eq!(read_side_file(&p).unwrap(), "WORD  W ER1 D\n");
        let zero = Path::new("/dev/zero");
        if zero.exists() {
            let e = read_side_file(zero).unwrap_err();
            assert!(matches!(e, SideFileError::TooLarge { .. }), "{e}");
        }
    }
}
