//! A `.pho`-like text form of phone targets, in the spirit of MBROLA:
//! one phone per line, `phone duration_ms [percent hz]…`, e.g. `aa 182 15 118 60 131`.
//! Lines starting with `;` are comments.

use super::{PhoneTarget, PitchPoint};
use crate::phonetics::phone::Phone;
use crate::units::{Hz, Seconds};
use std::fmt::Write;

/// Renders phone targets as `.pho` text (durations in whole ms, positions in
/// whole percent, F0 in whole Hz).
pub fn to_pho(targets: &[PhoneTarget]) -> String {
    let mut s = String::with_capacity(targets.len() * 16);
    for t in targets {
        let _ = write!(s, "{} {}", t.phone, t.duration.millis());
        for p in &t.pitch {
            let _ = write!(
                s,
                " {} {}",
                (p.at * 100.0).round() as i32,
                p.f0.0.round() as i32
            );
        }
        s.push('\n');
    }
    s
}

/// A `.pho` line that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct PhoError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub problem: String,
}

/// Reads `.pho` text back into phone targets (the inverse of [`to_pho`], up to rounding).
pub fn parse_pho(text: &str) -> Result<Vec<PhoneTarget>, PhoError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let err = |problem: String| PhoError {
            line: n + 1,
            problem,
        };
        let line = line.trim();
        if line.is_empty() || line.starts_with(';') {
            continue;
        }
        let mut fields = line.split_whitespace();
        let name = fields.next().unwrap_or_default();
        let phone: Phone = name.parse().map_err(|e| err(format!("{e}")))?;
        let ms: f64 = fields
            .next()
            .and_then(|f| f.parse().ok())
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| err("expected a duration in ms after the phone".into()))?;
        let rest: Vec<&str> = fields.collect();
        if !rest.len().is_multiple_of(2) {
            return Err(err("pitch points come in pairs: percent hz".into()));
        }
        let mut pitch = Vec::with_capacity(rest.len() / 2);
        for pair in rest.chunks(2) {
            let at: f32 = pair[0]
                .parse()
                .map_err(|_| err(format!("bad percent `{}`", pair[0])))?;
            let hz: f32 = pair[1]
                .parse()
                .map_err(|_| err(format!("bad F0 `{}`", pair[1])))?;
            if !((0.0..=100.0).contains(&at) && hz > 0.0 && hz < 2000.0) {
                return Err(err(format!(
                    "pitch point `{} {}` out of range",
                    pair[0], pair[1]
                )));
            }
            pitch.push(PitchPoint {
                at: at / 100.0,
                f0: Hz(hz),
            });
        }
        out.push(PhoneTarget {
            phone,
            duration: Seconds(ms / 1000.0),
            pitch,
            place: None,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pho_round_trips_and_names_bad_lines() {
        let text = "pau 60\naa 182 15 118 60 131\ns 90\n";
        let targets = parse_pho(text).unwrap();
        assert_eq!(targets.len(), 3);
        assert_eq!(to_pho(&targets), text);
        let e = parse_pho("pau 60\nqq 10\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(parse_pho("aa 10 50").is_err());
    }
}
