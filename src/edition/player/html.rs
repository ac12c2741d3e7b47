//! Typed pieces of HTML text: escaped text, file names as relative URLs, and times.
//!
//! Everything the page shows from the edition (titles, speaker names, sentences, file names)
//! goes through [`Escaped`] or [`FileUrl`]; numbers go through [`Clock`], [`IsoDuration`] and
//! [`Secs`]. None of them can produce markup.

use percent_encoding::{percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::fmt;
use std::path::Path;

/// Text made safe for HTML element content and for quoted attribute values: `&`, `<`, `>`,
/// `"` and `'` become character references, and control characters (which HTML forbids)
/// become spaces.
#[derive(Debug, Clone, Copy)]
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(i) =
            rest.find(|c: char| matches!(c, '&' | '<' | '>' | '"' | '\'') || forbidden(c))
        {
            f.write_str(&rest[..i])?;
            let c = rest[i..].chars().next().unwrap_or(' ');
            f.write_str(match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => " ",
            })?;
            rest = &rest[i + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

/// Characters HTML does not allow in text: controls other than tab, line feed and carriage
/// return, and the C1 controls.
fn forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Bytes kept as they are in a file name used as a URL: letters, digits and `-._~`
/// (RFC 3986's unreserved characters). Everything else is percent-encoded, so a name with
/// `#`, `?`, `%`, `:` or spaces still names the file and never a scheme or a fragment.
const URL_KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A file beside the page, as a relative URL (its name, percent-encoded), ready for an
/// attribute.
#[derive(Debug, Clone, Copy)]
pub struct FileUrl<'a>(pub &'a Path);

impl fmt::Display for FileUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.0.file_name().unwrap_or_default();
        #[cfg(unix)]
        let bytes = std::os::unix::ffi::OsStrExt::as_bytes(name).to_vec();
        #[cfg(not(unix))]
        let bytes = name.to_string_lossy().into_owned().into_bytes();
        // A relative URL whose first segment holds no ':' (encoded above) cannot be read as a
        // scheme; "./" also keeps a name like "%2e%2e" a file name.
        write!(f, "./{}", percent_encode(&bytes, URL_KEEP))
    }
}

/// The visible name of a file beside the page.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// A time as a clock reading: `m:ss`, or `h:mm:ss` from one hour on.
#[derive(Debug, Clone, Copy)]
pub struct Clock(pub u64);

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0 / 1000;
        let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
        if h > 0 {
            write!(f, "{h}:{m:02}:{s:02}")
        } else {
            write!(f, "{m}:{s:02}")
        }
    }
}

/// A time as an ISO 8601 duration for `<time datetime>`: `PT1H2M3.004S`.
#[derive(Debug, Clone, Copy)]
pub struct IsoDuration(pub u64);

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0;
        let (h, m) = (ms / 3_600_000, ms / 60_000 % 60);
        let (s, milli) = (ms / 1000 % 60, ms % 1000);
        f.write_str("PT")?;
        if h > 0 {
            write!(f, "{h}H")?;
        }
        if h > 0 || m > 0 {
            write!(f, "{m}M")?;
        }
        if milli > 0 {
            write!(f, "{s}.{milli:03}S")
        } else {
            write!(f, "{s}S")
        }
    }
}

/// A time in seconds with millisecond precision, for the script: `12.345`.
#[derive(Debug, Clone, Copy)]
pub struct Secs(pub u64);

impl fmt::Display for Secs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03}", self.0 / 1000, self.0 % 1000)
    }
}

/// A length in words: "4 min 5 s", "1 h 2 min", "12 s" (whole seconds, rounded down).
#[derive(Debug, Clone, Copy)]
pub struct Spoken(pub u64);

impl fmt::Display for Spoken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Whole seconds down, as the audio element's clock shows them.
        let s = self.0 / 1000;
        let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
        match (h, m) {
            (0, 0) => write!(f, "{s} s"),
            (0, m) => write!(f, "{m} min {s} s"),
            (h, m) => write!(f, "{h} h {m} min"),
        }
    }
}

/// The MIME type of an audio file by its extension, for `<source type>`.
pub fn audio_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "mp3" => "audio/mpeg",
        "opus" => "audio/ogg; codecs=opus",
        "ogg" | "oga" => "audio/ogg",
        "m4a" | "m4b" | "mp4" => "audio/mp4",
        "flac" => "audio/flac",
        _ => "audio/wav",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_cannot_open_markup_or_leave_an_attribute() {
        let hostile = "</script><img src=x onerror=\"alert('1')\"> & \u{0}\u{7}ok\u{9d}";
        let out = Escaped(hostile).to_string();
        assert_eq!(
            out,
            "&lt;/script&gt;&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp;   ok "
        );
        assert_eq!(Escaped("Núñez — “quoted”").to_string(), "Núñez — “quoted”");
    }

    #[test]
    fn file_names_become_relative_urls() {
        assert_eq!(FileUrl(Path::new("out/talk.wav")).to_string(), "./talk.wav");
        assert_eq!(
            FileUrl(Path::new("/x/a b#1?.wav")).to_string(),
            "./a%20b%231%3F.wav"
        );
        assert_eq!(
            FileUrl(Path::new("javascript:alert(1).wav")).to_string(),
            "./javascript%3Aalert%281%29.wav"
        );
        assert_eq!(FileUrl(Path::new("Ñu.wav")).to_string(), "./%C3%91u.wav");
    }

    #[test]
    fn times_read_as_clocks_durations_and_seconds() {
        assert_eq!(Clock(0).to_string(), "0:00");
        assert_eq!(Clock(83_999).to_string(), "1:23");
        assert_eq!(Clock(3_723_004).to_string(), "1:02:03");
        assert_eq!(IsoDuration(0).to_string(), "PT0S");
        assert_eq!(IsoDuration(83_500).to_string(), "PT1M23.500S");
        assert_eq!(IsoDuration(3_723_004).to_string(), "PT1H2M3.004S");
        assert_eq!(Secs(12_345).to_string(), "12.345");
        assert_eq!(Secs(7).to_string(), "0.007");
        assert_eq!(Spoken(12_900).to_string(), "12 s");
        assert_eq!(Spoken(245_000).to_string(), "4 min 5 s");
        assert_eq!(Spoken(3_720_000).to_string(), "1 h 2 min");
    }

    #[test]
    fn audio_types_follow_the_extension() {
        assert_eq!(audio_type(Path::new("a.WAV")), "audio/wav");
        assert_eq!(audio_type(Path::new("a.mp3")), "audio/mpeg");
        assert_eq!(audio_type(Path::new("a.opus")), "audio/ogg; codecs=opus");
    }
}
