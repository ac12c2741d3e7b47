//! The unit index `units.idx`: one text line per unit.
//!
//! ```text
//! # aloud unit index 1
//! # diphone check start join end marks… (absolute samples; suffix u = unvoiced)
//! aa-b 1f3a09c2 1000 1530 2210 1012 1160 1301 1450 1601u 1761u
//! ```
//!
//! `check` is the first 4 bytes (hex) of SHA-256 over the canonical line without
//! the check field, a newline, and the unit's samples `start..end` as 16-bit
//! little-endian. The loader relies on the whole-file SHA-256 in `voice.toml`;
//! the per-unit checks are only evaluated when that fails, to name the damaged unit.

use super::{Diphone, PitchMark, Unit, UnitProblem};
use crate::units::Frames;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// First line of every index.
pub(crate) const INDEX_MAGIC: &str = "# aloud unit index 1";

/// One parsed index line.
#[derive(Debug, Clone)]
pub(crate) struct IndexLine {
    /// 1-based line number.
    pub line: usize,
    /// The unit.
    pub unit: Unit,
    /// The stored per-unit check.
    pub check: u32,
}

/// A problem on one line, before it is given the voice and file names.
#[derive(Debug, Clone)]
pub(crate) struct LineProblem {
    pub line: usize,
    pub unit: String,
    pub problem: UnitProblem,
}

/// The canonical text of a unit without its check field.
fn canonical(unit: &Unit) -> String {
    let mut s = String::with_capacity(32 + unit.marks.len() * 8);
    let _ = write!(
        s,
        "{} {} {} {}",
        unit.diphone, unit.start, unit.join, unit.end
    );
    for m in &unit.marks {
        let _ = write!(s, " {}{}", m.at, if m.voiced { "" } else { "u" });
    }
    s
}

/// The per-unit check value of `unit` over `samples` (the whole voice audio).
/// The unit must lie inside `samples`.
pub(crate) fn unit_check(unit: &Unit, samples: &[i16]) -> u32 {
    let mut h = Sha256::new();
    h.update(canonical(unit).as_bytes());
    h.update(b"\n");
    let audio = &samples[unit.start.0.min(samples.len())..unit.end.0.min(samples.len())];
    let mut bytes = Vec::with_capacity(audio.len() * 2);
    for s in audio {
        bytes.extend_from_slice(&s.to_le_bytes());
    }
    h.update(&bytes);
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// Writes the whole index text for `units` over `samples`.
pub(crate) fn write_index(units: &[Unit], samples: &[i16]) -> String {
    let mut out = String::with_capacity(units.len() * 200);
    out.push_str(INDEX_MAGIC);
    out.push('\n');
    out.push_str(
        "# diphone check start join end marks... (absolute sample positions; suffix u = unvoiced)\n",
    );
    for u in units {
        let line = canonical(u);
        let (name, rest) = line.split_once(' ').unwrap_or((&line, ""));
        let _ = writeln!(out, "{name} {:08x} {rest}", unit_check(u, samples));
    }
    out
}

/// Checks one unit against the audio length: join strictly inside, marks
/// strictly increasing and inside `start..end`, nothing past the audio.
pub(crate) fn validate_unit(unit: &Unit, audio_len: usize) -> Result<(), UnitProblem> {
    let (start, join, end) = (unit.start, unit.join, unit.end);
    if !(start < join && join < end) {
        return Err(UnitProblem::JoinOutside { start, join, end });
    }
    if end.0 > audio_len {
        return Err(UnitProblem::PastAudio {
            end,
            len: Frames(audio_len),
        });
    }
    if unit.marks.is_empty() {
        return Err(UnitProblem::NoMarks);
    }
    let mut previous: Option<Frames> = None;
    for (index, m) in unit.marks.iter().enumerate() {
        if let Some(p) = previous {
            if m.at <= p {
                return Err(UnitProblem::MarksNotIncreasing {
                    index,
                    at: m.at,
                    previous: p,
                });
            }
        }
        if m.at < start || m.at >= end {
            return Err(UnitProblem::MarkOutside {
                index,
                at: m.at,
                start,
                end,
            });
        }
        previous = Some(m.at);
    }
    Ok(())
}

fn number(field: Option<&str>, what: &str) -> Result<Frames, UnitProblem> {
    let f = field.ok_or_else(|| UnitProblem::Syntax(format!("missing {what}")))?;
    f.parse::<usize>()
        .map(Frames)
        .map_err(|_| UnitProblem::Syntax(format!("{what} `{f}` is not a sample position")))
}

fn parse_line(text: &str) -> Result<(Unit, u32), UnitProblem> {
    let mut fields = text.split_ascii_whitespace();
    let name = fields.next().unwrap_or_default();
    let diphone: Diphone = name.parse().map_err(|_| {
        let bad = name
            .split('-')
            .find(|p| p.parse::<crate::phonetics::phone::Phone>().is_err())
            .unwrap_or(name);
        UnitProblem::UnknownPhone(bad.to_string())
    })?;
    let check_text = fields
        .next()
        .ok_or_else(|| UnitProblem::Syntax("missing check".into()))?;
    let check = u32::from_str_radix(check_text, 16)
        .map_err(|_| UnitProblem::Syntax(format!("check `{check_text}` is not hex")))?;
    let start = number(fields.next(), "start")?;
    let join = number(fields.next(), "join")?;
    let end = number(fields.next(), "end")?;
    // sized by the fields left, so a voice of many short units holds no spare capacity
    let mut marks = Vec::with_capacity(32);
    for f in fields {
        let (digits, voiced) = match f.strip_suffix('u') {
            Some(d) => (d, false),
            None => (f, true),
        };
        let at = digits.parse::<usize>().map_err(|_| {
            UnitProblem::Syntax(format!("pitch mark `{f}` is not a sample position"))
        })?;
        marks.push(PitchMark {
            at: Frames(at),
            voiced,
        });
    }
    marks.shrink_to_fit();
    Ok((
        Unit {
            diphone,
            start,
            join,
            end,
            marks,
        },
        check,
    ))
}

/// The next field of a plain line: a decimal number of plain digits, an optional `u` (when
/// `suffix` allows it), then one space or the end. Returns the number, whether the `u` was
/// there, and the rest after the space; `None` for anything else, which [`parse_line`]
/// then judges.
fn plain_field(bytes: &[u8], suffix: bool) -> Option<(usize, bool, &[u8])> {
    let mut n = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if !b.is_ascii_digit() {
            break;
        }
        n = n.checked_mul(10)?.checked_add(usize::from(b - b'0'))?;
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let u = suffix && bytes.get(i) == Some(&b'u');
    i += usize::from(u);
    match bytes.get(i) {
        None => Some((n, u, &bytes[i..])),
        Some(b' ') if i + 1 < bytes.len() => Some((n, u, &bytes[i + 1..])),
        Some(_) => None,
    }
}

/// [`parse_line`] for a line as [`write_index`] writes it (fields of plain digits, one space
/// apart), in one pass without allocating but for the marks: the diphone is looked up once
/// per run of lines that name it (`last`), and the marks are gathered in `scratch`. `None`
/// for any other line (also a valid one, say with a `+` sign or two spaces), which
/// [`parse_line`] then reads or explains.
fn parse_plain_line<'t>(
    text: &'t str,
    last: &mut Option<(&'t str, Diphone)>,
    scratch: &mut Vec<PitchMark>,
) -> Option<(Unit, u32)> {
    let space = text.find(' ')?;
    let name = &text[..space];
    let diphone = match *last {
        Some((n, d)) if n == name => d,
        _ => {
            let d: Diphone = name.parse().ok()?;
            *last = Some((name, d));
            d
        }
    };
    let rest = &text.as_bytes()[space + 1..];
    let hex = rest.iter().position(|&b| b == b' ')?;
    if hex == 0 || hex > 8 || !rest[..hex].iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let check = rest[..hex].iter().fold(0u32, |c, &b| {
        c << 4 | char::from(b).to_digit(16).unwrap_or(0)
    });
    let (start, _, rest) = plain_field(&rest[hex + 1..], false)?;
    let (join, _, rest) = plain_field(rest, false)?;
    let (end, _, mut rest) = plain_field(rest, false)?;
    scratch.clear();
    while !rest.is_empty() {
        let (at, unvoiced, r) = plain_field(rest, true)?;
        scratch.push(PitchMark {
            at: Frames(at),
            voiced: !unvoiced,
        });
        rest = r;
    }
    let unit = Unit {
        diphone,
        start: Frames(start),
        join: Frames(join),
        end: Frames(end),
        marks: scratch.as_slice().to_vec(),
    };
    Some((unit, check))
}

/// Parses the index text. Structural checks ([`validate_unit`]) are left to the caller.
pub(crate) fn parse_index(text: &str) -> Result<Vec<IndexLine>, LineProblem> {
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, first)) if first.trim_end() == INDEX_MAGIC => {}
        other => {
            return Err(LineProblem {
                line: 1,
                unit: String::from("(header)"),
                problem: UnitProblem::Syntax(format!(
                    "expected `{INDEX_MAGIC}`, found `{}`",
                    other.map(|(_, l)| l).unwrap_or("")
                )),
            })
        }
    }
    let mut out = Vec::with_capacity(2048);
    let (mut last, mut scratch) = (None, Vec::with_capacity(64));
    for (i, text) in lines {
        let t = text.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let line = i + 1;
        if let Some((unit, check)) = parse_plain_line(t, &mut last, &mut scratch) {
            out.push(IndexLine { line, unit, check });
            continue;
        }
        match parse_line(t) {
            Ok((unit, check)) => out.push(IndexLine { line, unit, check }),
            Err(problem) => {
                let unit = t.split_ascii_whitespace().next().unwrap_or("").to_string();
                return Err(LineProblem {
                    line,
                    unit,
                    problem,
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phonetics::phone::Phone;

    fn unit() -> Unit {
        Unit {
            diphone: Diphone::new(Phone::Aa, Phone::B),
            start: Frames(2),
            join: Frames(5),
            end: Frames(9),
            marks: vec![
                PitchMark {
                    at: Frames(3),
                    voiced: true,
                },
                PitchMark {
                    at: Frames(6),
                    voiced: false,
                },
            ],
        }
    }

    #[test]
    fn index_round_trips_and_checks_match() {
        let samples: Vec<i16> = (0..12).map(|i| i * 100 - 500).collect();
        let text = write_index(&[unit()], &samples);
        assert!(text.contains("aa-b "), "{text}");
        assert!(text.contains(" 6u"), "{text}");
        let parsed = parse_index(&text).unwrap();
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].unit, unit());
        assert_eq!(parsed[0].line, 3);
        assert_eq!(parsed[0].check, unit_check(&unit(), &samples));
        let mut other = samples.clone();
        other[4] += 1;
        assert_ne!(parsed[0].check, unit_check(&unit(), &other));
    }

    #[test]
    fn validation_catches_each_problem() {
        assert_eq!(validate_unit(&unit(), 9), Ok(()));
        assert!(matches!(
            validate_unit(&unit(), 8),
            Err(UnitProblem::PastAudio { .. })
        ));
        let mut u = unit();
        u.marks.swap(0, 1);
        assert!(matches!(
            validate_unit(&u, 20),
            Err(UnitProblem::MarksNotIncreasing { .. })
        ));
        let mut u = unit();
        u.marks[1].at = Frames(9);
        assert!(matches!(
            validate_unit(&u, 20),
            Err(UnitProblem::MarkOutside { .. })
        ));
        let mut u = unit();
        u.join = Frames(9);
        assert!(matches!(
            validate_unit(&u, 20),
            Err(UnitProblem::JoinOutside { .. })
        ));
    }

    #[test]
    fn the_plain_reading_agrees_with_the_full_one() {
        let lines = [
            "aa-b 1f3a09c2 1000 1530 2210 1012 1160 1301 1450 1601u 1761u",
            "aa-b 00000000 1 2 3 2",
            "AA-B ffffffff 1 2 3",
            "aa-b +1f 1 2 3 2",
            "aa-b 1f +1 2 3 2",
            "aa-b 1f 1 2 3 +2u",
            "aa-b 123456789 1 2 3 2",
            "aa-b 1f 1 2 99999999999999999999 2",
            "aa-b 1f 1 2 3 2uu",
            "aa-b 1f 1 2 3 u",
            "aa-b 1f 1 2",
            "aa-b",
            "qq-b 1f 1 2 3 2",
            "aa-b xx 1 2 3 2",
            "aa-b  1f 1 2 3 2",
            "aa-b 1f  1 2 3 2",
            "aa-b 1f 1 2 3 2 ",
            "aa-b\t1f 1 2 3 2",
            "aa-b 1f 1\t2 3 2",
            "aa-b 1f 1 2 3 2u3",
            "aa-b 1f 1u 2 3 2",
            "aa-b 0 1 2 3",
            "aa-b 1F 1 2 3",
            "aa-b 1f 1 2 3 2u 3 4u",
        ];
        for line in lines {
            let (mut last, mut scratch) = (None, Vec::new());
            let plain = parse_plain_line(line, &mut last, &mut scratch);
            match (parse_line(line), plain) {
                (Ok(full), Some(plain)) => assert_eq!(full.0, plain.0, "{line}"),
                (Ok(full), None) => {
                    // Only a line not as `write_index` writes it may take the long way.
                    let c = canonical(&full.0);
                    let (name, rest) = c.split_once(' ').unwrap();
                    assert_ne!(line, format!("{name} {:08x} {rest}", full.1));
                }
                (Err(_), None) => {}
                (Err(e), Some(p)) => panic!("{line}: plain read {p:?}, full said {e:?}"),
            }
            let checks = (parse_line(line).map(|l| l.1).ok(), {
                let (mut last, mut scratch) = (None, Vec::new());
                parse_plain_line(line, &mut last, &mut scratch).map(|l| l.1)
            });
            if let (Some(a), Some(b)) = checks {
                assert_eq!(a, b, "{line}");
            }
        }
        // a run of lines naming one diphone reuses the lookup, and a new name is looked up
        let text = format!("{INDEX_MAGIC}\naa-b 0 1 2 3 2\naa-b 0 4 5 6 5\nb-aa 0 7 8 9 8\n");
        let units: Vec<Diphone> = parse_index(&text)
            .unwrap()
            .iter()
            .map(|l| l.unit.diphone)
            .collect();
        assert_eq!(
            units,
            vec![
                Diphone::new(Phone::Aa, Phone::B),
                Diphone::new(Phone::Aa, Phone::B),
                Diphone::new(Phone::B, Phone::Aa)
            ]
        );
    }

    #[test]
    fn bad_lines_name_the_unit_and_line() {
        let text = format!("{INDEX_MAGIC}\naa-b 00000000 1 2 3 2\nqq-b 00000000 1 2 3 2\n");
        let e = parse_index(&text).unwrap_err();
        assert_eq!((e.line, e.unit.as_str()), (3, "qq-b"));
        assert_eq!(e.problem, UnitProblem::UnknownPhone("qq".into()));
        let text = format!("{INDEX_MAGIC}\naa-b 00000000 1 x 3 2\n");
        assert!(matches!(
            parse_index(&text).unwrap_err().problem,
            UnitProblem::Syntax(_)
        ));
    }
}
