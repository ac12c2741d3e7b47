//! Reading the input: a file or standard input, checked to be UTF-8 text with words in it,
//! and what kind of text it is (plain text and Markdown, or a web page).

use super::ManuscriptError;
use std::io::Read;
use std::path::Path;

/// What kind of document an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text or Markdown (the two are read by the same passes).
    Text,
    /// A web page: parsed as HTML5, reduced to its article (title, byline, headings,
    /// paragraphs, quotes, lists, tables) before the text passes; navigation, scripts, styles,
    /// forms, share bars, comments, related-article lists, cookie banners, images and captions
    /// are dropped and reported.
    Html,
}

impl Format {
    /// The format of a document: `.html`, `.htm`, `.xhtml` and `.shtml` files are web pages,
    /// and so is any text that opens with a doctype or an `<html>`, `<head>` or `<body>` tag
    /// (a saved page named `.txt`, or standard input).
    pub fn of(path: Option<&Path>, text: &str) -> Format {
        let ext = path
            .and_then(|p| p.extension())
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        if matches!(ext.as_deref(), Some("html" | "htm" | "xhtml" | "shtml"))
            || super::html::looks_like_html(text)
        {
            Format::Html
        } else {
            Format::Text
        }
    }
}

/// A document as read: its clean text and its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The text (see [`read_input`] for how it is checked and cleaned).
    pub text: String,
    /// Plain text and Markdown, or a web page.
    pub format: Format,
}

/// Reads `path_or_dash` (a file path, or `-` for standard input) and checks that it is
/// readable text: UTF-8 (a leading BOM is removed), not binary, not empty, with words in it.
/// The text comes back clean (see [`crate::hygiene::clean_text`]): `\n` line ends, NFC, no
/// zero-width or bidi control characters.
pub fn read_input(path_or_dash: &str) -> Result<String, ManuscriptError> {
    Ok(read_document(path_or_dash)?.text)
}

/// Like [`read_input`], and tells whether the input is a web page (see [`Format::of`]). The
/// line-length limit applies to a web page's article text, not to its markup (saved pages
/// often hold their whole markup on a few lines).
pub fn read_document(path_or_dash: &str) -> Result<Document, ManuscriptError> {
    let (name, bytes) = if path_or_dash == "-" {
        let name = "standard input".to_string();
        let bytes = read_limited(std::io::stdin().lock(), &name)?;
        (name, bytes)
    } else {
        let name = path_or_dash.to_string();
        let io = |source| ManuscriptError::Io {
            source_name: name.clone(),
            source,
        };
        let file = std::fs::File::open(path_or_dash).map_err(io)?;
        if file.metadata().map_err(io)?.is_dir() {
            return Err(io(std::io::Error::other("is a folder, not a text file")));
        }
        let bytes = read_limited(file, &name)?;
        (name, bytes)
    };
    let path = (path_or_dash != "-").then_some(Path::new(path_or_dash));
    decode_document(&bytes, &name, path)
}

/// Reads at most one byte past [`MAX_INPUT_BYTES`], so a huge input is refused without
/// reading it whole.
fn read_limited(source: impl Read, name: &str) -> Result<Vec<u8>, ManuscriptError> {
    let mut bytes = Vec::new();
    source
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ManuscriptError::Io {
            source_name: name.to_string(),
            source,
        })?;
    Ok(bytes)
}

/// Largest input aloud reads: 16 MiB, about 2.5 million words (a 100,000-word book is 0.6 MiB).
pub const MAX_INPUT_BYTES: usize = 16 << 20;
/// Longest line: 64 KiB, about 10,000 words in one paragraph; longer lines are not prose.
pub const MAX_LINE_BYTES: usize = 64 << 10;

/// Checks and decodes raw bytes as [`read_input`] does; `source_name` is used in errors.
pub fn decode_input(bytes: &[u8], source_name: &str) -> Result<String, ManuscriptError> {
    Ok(decode_document(bytes, source_name, None)?.text)
}

/// Checks and decodes raw bytes as [`read_document`] does; `path` (when the bytes come from a
/// file) tells a web page by its extension.
pub fn decode_document(
    bytes: &[u8],
    source_name: &str,
    path: Option<&Path>,
) -> Result<Document, ManuscriptError> {
    let name = || source_name.to_string();
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ManuscriptError::TooLarge {
            source_name: name(),
            bytes: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(ManuscriptError::Binary {
            source_name: name(),
            kind,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
        ManuscriptError::InvalidUtf8 {
            source_name: name(),
            offset,
            line,
        }
    })?;
    let text = crate::hygiene::clean_text(text);
    let format = Format::of(path, &text);
    if format == Format::Text {
        check_lines(&text, source_name, |n| n)?;
    }
    if text.trim().is_empty() {
        return Err(ManuscriptError::Empty {
            source_name: name(),
        });
    }
    if !has_words(&text) {
        return Err(ManuscriptError::NoSentences {
            source_name: name(),
        });
    }
    Ok(Document {
        text: text.into_owned(),
        format,
    })
}

/// Refuses a text with a line longer than [`MAX_LINE_BYTES`]; `source_line` maps the
/// 1-based line of `text` to the line named in the error.
pub(crate) fn check_lines(
    text: &str,
    source_name: &str,
    source_line: impl Fn(usize) -> usize,
) -> Result<(), ManuscriptError> {
    match text
        .split('\n')
        .enumerate()
        .find(|(_, l)| l.len() > MAX_LINE_BYTES)
    {
        Some((i, line)) => Err(ManuscriptError::LineTooLong {
            source_name: source_name.to_string(),
            line: source_line(i + 1),
            bytes: line.len(),
            limit: MAX_LINE_BYTES,
        }),
        None => Ok(()),
    }
}

/// Whether `text` holds at least one word of two or more letters.
pub(crate) fn has_words(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if c.is_alphabetic() {
            run += 1;
            if run >= 2 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Recognises binary files by their magic bytes, NUL bytes or control characters.
fn binary_kind(bytes: &[u8]) -> Option<String> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"%PDF", "PDF document"),
        (b"PK\x03\x04", "ZIP archive or office document"),
        (b"RIFF", "RIFF file (WAV audio?)"),
        (b"\x7FELF", "executable"),
        (b"\x1F\x8B", "gzip archive"),
        (b"ID3", "MP3 audio"),
        (b"OggS", "Ogg audio"),
        (b"fLaC", "FLAC audio"),
        (b"\xFF\xFE", "UTF-16 text; convert it to UTF-8"),
        (b"\xFE\xFF", "UTF-16 text; convert it to UTF-8"),
    ];
    for (magic, kind) in MAGIC {
        if bytes.starts_with(magic) {
            return Some((*kind).to_string());
        }
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Some(format!("NUL byte at offset {at}"));
    }
    let head = &bytes[..bytes.len().min(4096)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if !head.is_empty() && control * 20 > head.len() {
        return Some(format!(
            "{control} control bytes in the first {} bytes",
            head.len()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_removed_and_text_kept() {
        let t = decode_input(b"\xEF\xBB\xBFHello there.", "x").unwrap();
        assert_eq!(t, "Hello there.");
    }

    #[test]
    fn text_is_clean_before_the_line_limit_is_checked() {
        let mac = "Title\r".to_string() + &"word ".repeat(MAX_LINE_BYTES / 5) + "\r";
        let t = decode_input(mac.as_bytes(), "x").unwrap();
        assert_eq!(t.lines().count(), 2);
        let t = decode_input("Nu\u{301}n\u{303}ez\u{200B}!".as_bytes(), "x").unwrap();
        assert_eq!(t, "Núñez!");
    }

    #[test]
    fn invalid_utf8_names_offset_and_line() {
        let e = decode_input(b"ab\ncd\xC3(", "f.txt").unwrap_err();
        assert!(
            matches!(
                e,
                ManuscriptError::InvalidUtf8 {
                    offset: 5,
                    line: 2,
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("byte offset 5"));
    }

    #[test]
    fn png_is_binary() {
        let e = decode_input(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a.png").unwrap_err();
        assert!(e.to_string().contains("PNG image"), "{e}");
    }

    #[test]
    fn symbols_only_have_no_sentences() {
        let e = decode_input(b"12 34 -- ## $$ 5:30", "n").unwrap_err();
        assert!(matches!(e, ManuscriptError::NoSentences { .. }));
        assert!(has_words("a bc"));
        assert!(!has_words("a b c 1"));
    }
}
