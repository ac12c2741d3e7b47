//! Phone label files: where each phone of a recording starts and ends.
//!
//! Two formats are accepted, told apart by their content (both often end in `.lab`):
//!
//! * **Festival / xlabel** (`utt.save.segs`, `.segs`, ESPS xlabel `.lab`): optional
//!   header lines, a line holding only `#`, then one line per phone
//!   `END_TIME COLOUR NAME` with the end time in seconds. Each phone starts where the
//!   previous one ends; the first starts at 0.
//! * **HTK** (`.lab`, `.rec`): one line per phone `START END NAME [more…]` with times
//!   as integers in units of 100 ns.
//!
//! Phone names are aloud's phone set (lower-case ARPAbet, stress digits ignored,
//! `ax`, `pau`); the silence names `sil`, `sp`, `h#` and `#` read as `pau`.

use crate::phonetics::phone::Phone;
use crate::units::Seconds;
use std::path::{Path, PathBuf};

/// One labelled phone of a recording.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// The phone.
    pub phone: Phone,
    /// Where it starts, from the beginning of the recording.
    pub start: Seconds,
    /// Where it ends.
    pub end: Seconds,
}

impl Segment {
    /// Its duration.
    pub fn duration(&self) -> Seconds {
        Seconds(self.end.0 - self.start.0)
    }
}

/// The label file formats [`parse`] understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelFormat {
    /// Festival segment file / ESPS xlabel: end times in seconds after a `#` line.
    Xlabel,
    /// HTK label file: start and end in 100 ns units.
    Htk,
}

/// A label file that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum LabelError {
    /// The file could not be read.
    #[error("cannot read label file {file}: {source}")]
    Io {
        /// The label file.
        file: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line does not parse.
    #[error("{file}:{line}: {problem}")]
    Syntax {
        /// The label file.
        file: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// The file holds no phones.
    #[error("{file}: no phone labels found")]
    Empty {
        /// The label file.
        file: PathBuf,
    },
}

/// Reads and parses a label file.
pub fn read(path: &Path) -> Result<Vec<Segment>, LabelError> {
    let text = std::fs::read_to_string(path).map_err(|source| LabelError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    parse(&text, path)
}

/// Which format `text` is in: xlabel when a line holds only `#`, otherwise HTK.
pub fn detect(text: &str) -> LabelFormat {
    if text.lines().any(|l| l.trim() == "#") {
        LabelFormat::Xlabel
    } else {
        LabelFormat::Htk
    }
}

/// Parses label text (`file` is only used in error messages). Segments come out in
/// time order; zero-length segments are kept.
pub fn parse(text: &str, file: &Path) -> Result<Vec<Segment>, LabelError> {
    let segments = match detect(text) {
        LabelFormat::Xlabel => parse_xlabel(text, file)?,
        LabelFormat::Htk => parse_htk(text, file)?,
    };
    if segments.is_empty() {
        return Err(LabelError::Empty {
            file: file.to_path_buf(),
        });
    }
    Ok(segments)
}

fn syntax(file: &Path, line: usize, problem: String) -> LabelError {
    LabelError::Syntax {
        file: file.to_path_buf(),
        line,
        problem,
    }
}

/// Maps a label name to a phone: silences to `pau`, stress digits dropped.
fn phone_of(name: &str) -> Option<Phone> {
    match name.to_ascii_lowercase().as_str() {
        "sil" | "sp" | "h#" | "#" => Some(Phone::Pau),
        lower => lower
            .trim_end_matches(['0', '1', '2'])
            .parse::<Phone>()
            .ok(),
    }
}

fn time(field: &str, file: &Path, line: usize) -> Result<f64, LabelError> {
    match field.parse::<f64>() {
        Ok(t) if t.is_finite() && t >= 0.0 => Ok(t),
        _ => Err(syntax(
            file,
            line,
            format!("`{field}` is not a time (non-negative number)"),
        )),
    }
}

fn phone(name: &str, file: &Path, line: usize) -> Result<Phone, LabelError> {
    phone_of(name).ok_or_else(|| {
        syntax(
            file,
            line,
            format!("unknown phone `{name}` (expected lower-case ARPAbet, `ax` or `pau`)"),
        )
    })
}

fn parse_xlabel(text: &str, file: &Path) -> Result<Vec<Segment>, LabelError> {
    let mut segments: Vec<Segment> = Vec::new();
    let mut in_body = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim();
        if !in_body {
            in_body = l == "#";
            continue;
        }
        if l.is_empty() {
            continue;
        }
        let fields: Vec<&str> = l.split_whitespace().collect();
        let [end, _colour, name, ..] = fields[..] else {
            return Err(syntax(
                file,
                line,
                format!("expected `END_TIME COLOUR PHONE`, found `{l}`"),
            ));
        };
        let end = time(end, file, line)?;
        let start = segments.last().map_or(0.0, |s| s.end.0);
        if end < start {
            return Err(syntax(
                file,
                line,
                format!("end time {end} is before the previous end time {start}"),
            ));
        }
        segments.push(Segment {
            phone: phone(name, file, line)?,
            start: Seconds(start),
            end: Seconds(end),
        });
    }
    Ok(segments)
}

/// HTK times are integers in units of 100 ns.
const HTK_UNITS_PER_SECOND: f64 = 1e7;

fn parse_htk(text: &str, file: &Path) -> Result<Vec<Segment>, LabelError> {
    let mut segments: Vec<Segment> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim();
        if l.is_empty() {
            continue;
        }
        if l == "." || l == "///" {
            // end of a label list / start of an alternative: only the first list counts
            break;
        }
        let fields: Vec<&str> = l.split_whitespace().collect();
        let [start, end, name, ..] = fields[..] else {
            return Err(syntax(
                file,
                line,
                format!("expected `START END PHONE` (100 ns units), found `{l}`"),
            ));
        };
        let start = time(start, file, line)? / HTK_UNITS_PER_SECOND;
        let end = time(end, file, line)? / HTK_UNITS_PER_SECOND;
        if end < start {
            return Err(syntax(
                file,
                line,
                format!("end {end} s is before start {start} s"),
            ));
        }
        if let Some(prev) = segments.last() {
            if start < prev.end.0 - 1e-9 {
                return Err(syntax(
                    file,
                    line,
                    format!(
                        "start {start} s overlaps the previous phone (ends {} s)",
                        prev.end.0
                    ),
                ));
            }
        }
        segments.push(Segment {
            phone: phone(name, file, line)?,
            start: Seconds(start),
            end: Seconds(end),
        });
    }
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlabel_times_chain_from_zero() {
        let s = parse("#\n0.24 100 pau\n0.345 100 t\n", Path::new("x.segs")).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].start, s[0].end, s[0].phone),
            (Seconds(0.0), Seconds(0.24), Phone::Pau)
        );
        assert_eq!(
            (s[1].start, s[1].end, s[1].phone),
            (Seconds(0.24), Seconds(0.345), Phone::T)
        );
    }

    #[test]
    fn bad_lines_are_refused_with_their_line_number() {
        let e = parse("#\n0.2 100 pau\n0.1 100 t\n", Path::new("a.segs")).unwrap_err();
        assert!(e.to_string().starts_with("a.segs:3:"), "{e}");
        let e = parse("0 100 qq\n", Path::new("b.lab")).unwrap_err();
        assert!(e.to_string().contains("b.lab:1: unknown phone `qq`"), "{e}");
        assert!(matches!(
            parse("#\n", Path::new("c")),
            Err(LabelError::Empty { .. })
        ));
    }

    #[test]
    fn silence_names_and_stress_digits_are_mapped() {
        assert_eq!(phone_of("sil"), Some(Phone::Pau));
        assert_eq!(phone_of("AH0"), Some(Phone::Ah));
        assert_eq!(phone_of("zz"), None);
    }
}
