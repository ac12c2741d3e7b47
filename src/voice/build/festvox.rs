//! Reading Festival diphone group files (`*.group`, as in Debian's
//! `festvox-kallpc16k`) and decoding their residual-excited LPC units.
//!
//! Layout: an ASCII header (`EST_File index` … `EST_Header_End`), `NumEntries`
//! index lines `<diphone> <track_offset> <wave_offset> <middle_frame>`, then a
//! binary blob the offsets point into. At a track offset sits an EST Track in
//! `est_binary` form (ASCII header, then per frame: time, break flag, channel
//! values as f32); channel 0 is energy, channels 1.. are LPC predictor
//! coefficients `a_j` with `s[n] = Σ a_j·s[n−j] + e[n]`; frame times are the
//! pitch marks. At a wave offset sits a Sun `.snd` file with the µ-law residual.
//! A unit's waveform is the all-pole filter run over its residual, switching to
//! frame `i`'s coefficients half way between marks `i−1` and `i` and keeping
//! the filter history across switches.

use super::SourceError;
use std::path::{Path, PathBuf};

/// One index line of a group file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupEntry {
    /// Diphone name as Festival writes it (`aa-b`, `s_-_t`, `_k-aa`).
    pub name: String,
    /// Offset of the LPC track, from the start of the binary blob.
    pub track_offset: usize,
    /// Offset of the residual `.snd`, from the start of the binary blob.
    pub wave_offset: usize,
    /// Frame whose time is the phone boundary.
    pub middle_frame: usize,
}

/// A parsed group file (its bytes are kept; units are decoded on demand).
#[derive(Debug, Clone)]
pub struct GroupFile {
    path: PathBuf,
    bytes: Vec<u8>,
    base: usize,
    /// The index, in file order.
    pub entries: Vec<GroupEntry>,
}

/// One LPC frame: a pitch mark and the predictor coefficients that apply around it.
#[derive(Debug, Clone, PartialEq)]
pub struct LpcFrame {
    /// Sample position (from the start of the residual).
    pub at: usize,
    /// Predictor coefficients `a_1..a_p`.
    pub coefs: Vec<f32>,
}

/// A unit as stored: residual, frames, and the frame at the phone boundary.
#[derive(Debug, Clone, PartialEq)]
pub struct LpcUnit {
    /// The excitation, decoded from µ-law to 16-bit linear values.
    pub residual: Vec<f32>,
    /// Frames, strictly increasing in `at`, all inside the residual.
    pub frames: Vec<LpcFrame>,
    /// Index of the frame at the phone boundary.
    pub join_frame: usize,
}

/// Decodes one G.711 µ-law byte to a 16-bit linear value (±32124).
pub fn mulaw_decode(byte: u8) -> i16 {
    let u = !byte;
    let exponent = (u >> 4) & 7;
    let mantissa = i32::from(u & 0x0f);
    let magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    if u & 0x80 != 0 {
        -magnitude as i16
    } else {
        magnitude as i16
    }
}

/// Runs the all-pole LPC filter over `residual`, switching coefficients at the
/// mid-points between frames and keeping the filter history.
pub fn synthesize(residual: &[f32], frames: &[LpcFrame]) -> Vec<f32> {
    let mut out = vec![0f32; residual.len()];
    for (i, f) in frames.iter().enumerate() {
        let from = if i == 0 {
            0
        } else {
            (frames[i - 1].at + f.at) / 2
        };
        let to = match frames.get(i + 1) {
            Some(next) => (f.at + next.at) / 2,
            None => residual.len(),
        };
        for n in from.min(residual.len())..to.min(residual.len()) {
            let mut acc = residual[n];
            for (j, a) in f.coefs.iter().enumerate() {
                if n > j {
                    acc += a * out[n - 1 - j];
                }
            }
            out[n] = acc;
        }
    }
    out
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

const HEADER_END: &[u8] = b"EST_Header_End\n";

impl GroupFile {
    /// Reads and indexes the group file at `path`.
    pub fn open(path: &Path) -> Result<GroupFile, SourceError> {
        let bytes = std::fs::read(path).map_err(|source| SourceError::Io {
            file: path.to_path_buf(),
            source,
        })?;
        GroupFile::parse(path, bytes)
    }

    fn err(&self, offset: usize, message: impl Into<String>) -> SourceError {
        SourceError::GroupFile {
            file: self.path.clone(),
            offset,
            message: message.into(),
        }
    }

    /// Parses group file `bytes` (`path` is used in error messages).
    pub fn parse(path: &Path, bytes: Vec<u8>) -> Result<GroupFile, SourceError> {
        let mut g = GroupFile {
            path: path.to_path_buf(),
            bytes,
            base: 0,
            entries: Vec::new(),
        };
        if !g.bytes.starts_with(b"EST_File index") {
            return Err(g.err(0, "not a Festival group file (no `EST_File index`)"));
        }
        let end = find(&g.bytes, HEADER_END, 0).ok_or_else(|| g.err(0, "no EST_Header_End"))?;
        let header = String::from_utf8_lossy(&g.bytes[..end]).into_owned();
        let field = |k: &str| {
            header
                .lines()
                .find_map(|l| l.strip_prefix(k).map(|v| v.trim().to_string()))
        };
        if field("DataFormat ").as_deref() != Some("grouped") {
            return Err(g.err(0, "DataFormat is not `grouped`"));
        }
        let n: usize = field("NumEntries ")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| g.err(0, "no NumEntries"))?;
        let mut at = end + HEADER_END.len();
        for _ in 0..n {
            let eol = find(&g.bytes, b"\n", at).ok_or_else(|| g.err(at, "index ends early"))?;
            let line = String::from_utf8_lossy(&g.bytes[at..eol]).into_owned();
            let f: Vec<&str> = line.split_ascii_whitespace().collect();
            let num = |i: usize| f.get(i).and_then(|v| v.parse::<usize>().ok());
            match (f.first(), num(1), num(2), num(3)) {
                (Some(name), Some(track_offset), Some(wave_offset), Some(middle_frame)) => {
                    g.entries.push(GroupEntry {
                        name: name.to_string(),
                        track_offset,
                        wave_offset,
                        middle_frame,
                    })
                }
                _ => return Err(g.err(at, format!("bad index line `{line}`"))),
            }
            at = eol + 1;
        }
        g.base = at;
        Ok(g)
    }

    /// Decodes the residual and LPC frames of entry `i`. Frames at or past the
    /// end of the residual are dropped.
    pub fn lpc_unit(&self, i: usize) -> Result<LpcUnit, SourceError> {
        let e = &self.entries[i];
        let frames = self.track(self.base + e.track_offset, &e.name)?;
        let residual = self.residual(self.base + e.wave_offset, &e.name)?;
        if e.middle_frame >= frames.len() {
            return Err(self.err(
                self.base + e.track_offset,
                format!(
                    "unit `{}`: middle frame {} of {}",
                    e.name,
                    e.middle_frame,
                    frames.len()
                ),
            ));
        }
        let frames: Vec<LpcFrame> = frames
            .into_iter()
            .filter(|f| f.at < residual.len())
            .collect();
        let join_frame = e.middle_frame.min(frames.len().saturating_sub(1));
        Ok(LpcUnit {
            residual,
            frames,
            join_frame,
        })
    }

    fn track(&self, at: usize, name: &str) -> Result<Vec<LpcFrame>, SourceError> {
        let b = &self.bytes;
        let bad = |o: usize, m: &str| self.err(o, format!("unit `{name}`: track: {m}"));
        if !b
            .get(at..)
            .is_some_and(|r| r.starts_with(b"EST_File Track"))
        {
            return Err(bad(at, "no `EST_File Track` here"));
        }
        let end = find(b, HEADER_END, at).ok_or_else(|| bad(at, "no EST_Header_End"))?;
        let header = String::from_utf8_lossy(&b[at..end]).into_owned();
        let field = |k: &str| {
            header
                .lines()
                .find_map(|l| l.strip_prefix(k).map(|v| v.trim().to_string()))
        };
        let frames: usize = field("NumFrames ")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| bad(at, "no NumFrames"))?;
        let channels: usize = field("NumChannels ")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| bad(at, "no NumChannels"))?;
        if channels < 2 {
            return Err(bad(at, "fewer than 2 channels"));
        }
        let little = match field("ByteOrder ").as_deref() {
            Some("01") => true,
            Some("10") => false,
            other => return Err(bad(at, &format!("ByteOrder {other:?}"))),
        };
        if field("DataType ").as_deref() != Some("binary") {
            return Err(bad(at, "DataType is not binary"));
        }
        let breaks = field("BreaksPresent ").as_deref() == Some("true");
        let per = 1 + usize::from(breaks) + channels;
        let data = end + HEADER_END.len();
        let need = frames * per * 4;
        let raw = b
            .get(data..data + need)
            .ok_or_else(|| bad(data, "frames truncated"))?;
        let f32_at = |k: usize| {
            let c = [raw[4 * k], raw[4 * k + 1], raw[4 * k + 2], raw[4 * k + 3]];
            if little {
                f32::from_le_bytes(c)
            } else {
                f32::from_be_bytes(c)
            }
        };
        let mut out: Vec<LpcFrame> = Vec::with_capacity(frames);
        for k in 0..frames {
            let t = f32_at(k * per);
            if !(t.is_finite() && t >= 0.0) {
                return Err(bad(data + k * per * 4, &format!("frame {k} time {t}")));
            }
            let at = (f64::from(t) * 16_000.0).round() as usize;
            if out.last().is_some_and(|p| p.at >= at) {
                return Err(bad(
                    data + k * per * 4,
                    &format!("frame {k} not after the previous"),
                ));
            }
            let first = k * per + 1 + usize::from(breaks) + 1;
            let coefs = (0..channels - 1).map(|j| f32_at(first + j)).collect();
            out.push(LpcFrame { at, coefs });
        }
        Ok(out)
    }

    fn residual(&self, at: usize, name: &str) -> Result<Vec<f32>, SourceError> {
        let b = &self.bytes;
        let bad = |m: String| self.err(at, format!("unit `{name}`: residual: {m}"));
        let word = |k: usize| {
            b.get(at + 4 * k..at + 4 * k + 4)
                .map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]) as usize)
        };
        if b.get(at..at + 4) != Some(b".snd") {
            return Err(bad("no `.snd` header here".into()));
        }
        let (hsize, size, enc, rate, ch) = match (word(1), word(2), word(3), word(4), word(5)) {
            (Some(h), Some(s), Some(e), Some(r), Some(c)) => (h, s, e, r, c),
            _ => return Err(bad("truncated header".into())),
        };
        if enc != 1 || rate != 16_000 || ch != 1 {
            return Err(bad(format!(
                "encoding {enc}, {rate} Hz, {ch} channels (want µ-law 16 kHz mono)"
            )));
        }
        let data = b
            .get(at + hsize..at + hsize + size)
            .ok_or_else(|| bad("data truncated".into()))?;
        Ok(data.iter().map(|&u| f32::from(mulaw_decode(u))).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mulaw_matches_g711_reference_points() {
        assert_eq!(mulaw_decode(0xff), 0);
        assert_eq!(mulaw_decode(0x7f), 0);
        assert_eq!(mulaw_decode(0x80), 32124);
        assert_eq!(mulaw_decode(0x00), -32124);
        assert_eq!(mulaw_decode(0xfe), 8);
    }

    #[test]
    fn filter_with_zero_coefficients_passes_the_residual_and_keeps_history() {
        let frames = vec![
            LpcFrame {
                at: 2,
                coefs: vec![0.0, 0.0],
            },
            LpcFrame {
                at: 6,
                coefs: vec![0.5, 0.0],
            },
        ];
        let out = synthesize(&[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], &frames);
        // Frame 0 rules samples 0..4, frame 1 (a1 = 0.5) from 4 on: history is 0.
        assert_eq!(out, vec![1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        let out = synthesize(&[0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0], &frames);
        assert_eq!(out, vec![0.0, 0.0, 0.0, 1.0, 1.5, 0.75, 0.375, 0.1875]);
    }
}
