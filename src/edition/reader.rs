//! Reading chapters (`cue ` points with `LIST/adtl` labels) back from any RIFF or RF64 WAV.
//!
//! Tolerant of what other programs write (missing labels, missing pad bytes, unknown chunks,
//! streaming writers' zero or maximal sizes, Latin-1 labels), strict about chunks that claim more
//! bytes than the file holds: those are errors naming the byte offset. Only the header and the
//! metadata chunks are read; the audio is skipped. Never panics, whatever the bytes.

use super::EditionError;
use crate::units::{SampleRate, Seconds};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// One chapter read from (or written to) a WAV file.
#[derive(Debug, Clone, PartialEq)]
pub struct ChapterMark {
    /// First frame.
    pub start_frame: u64,
    /// One past the last frame: the region length (`ltxt`) when given, else the next cue point,
    /// else the end of the audio.
    pub end_frame: u64,
    /// Start time.
    pub start: Seconds,
    /// End time.
    pub end: Seconds,
    /// The label (`labl`), if the file has one for this cue point.
    pub title: Option<String>,
}

impl ChapterMark {
    /// A chapter from frame positions at `rate`.
    pub fn new(start_frame: u64, end_frame: u64, title: Option<String>, rate: SampleRate) -> Self {
        let secs = |f: u64| Seconds(f as f64 / f64::from(rate.0.max(1)));
        ChapterMark {
            start_frame,
            end_frame,
            start: secs(start_frame),
            end: secs(end_frame),
            title,
        }
    }
}

/// Reads the chapters of a WAV file, in order of position. A file without a `cue ` chunk has
/// no chapters (an empty list).
pub fn read_chapters(path: &Path) -> Result<Vec<ChapterMark>, EditionError> {
    let open = |cause| EditionError::Open {
        path: path.to_path_buf(),
        cause,
    };
    if path.is_dir() {
        return Err(open(std::io::Error::other(
            "it is a directory, not a WAV file",
        )));
    }
    let file = File::open(path).map_err(open)?;
    read_chapters_from(BufReader::new(file), path)
}

/// Reads the chapters from any seekable source; `name` is used in error messages.
pub fn read_chapters_from<R: Read + Seek>(
    source: R,
    name: &Path,
) -> Result<Vec<ChapterMark>, EditionError> {
    let mut r = Source::new(source, name)?;
    r.chapters()
}

/// Metadata chunks larger than this are refused (a `cue ` chunk of MAX_CHAPTERS points is 240 KB).
const MAX_META: u64 = 64 << 20;

struct Point {
    id: u32,
    frame: u64,
}

struct Source<R> {
    r: R,
    name: PathBuf,
    len: u64,
}

fn le32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn le64(b: &[u8], at: usize) -> u64 {
    u64::from(le32(b, at)) | (u64::from(le32(b, at + 4)) << 32)
}

fn le16(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn fourcc(b: &[u8]) -> String {
    b.escape_ascii().to_string()
}

/// Label text: up to the first NUL, UTF-8 or else Latin-1.
fn label_text(b: &[u8]) -> String {
    let b = b.split(|&c| c == 0).next().unwrap_or(b);
    match std::str::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(_) => b.iter().map(|&c| char::from(c)).collect(),
    }
}

impl<R: Read + Seek> Source<R> {
    fn new(mut r: R, name: &Path) -> Result<Self, EditionError> {
        let len = r
            .seek(SeekFrom::End(0))
            .map_err(|e| EditionError::io(name, e))?;
        Ok(Source {
            r,
            name: name.to_path_buf(),
            len,
        })
    }

    fn malformed(&self, offset: u64, what: String) -> EditionError {
        EditionError::Malformed {
            path: self.name.clone(),
            offset,
            what,
        }
    }

    /// An error when the file is shorter than the `promised` bytes a header gave, allowing for
    /// a final pad byte left out.
    fn check_length(&self, promised: u64) -> Result<(), EditionError> {
        if promised > self.len.saturating_add(1) {
            return Err(EditionError::Truncated {
                path: self.name.clone(),
                len: self.len,
                promised,
            });
        }
        Ok(())
    }

    /// Reads `n` bytes at `offset`; an error naming `offset` if the file is shorter.
    fn read_at(&mut self, offset: u64, n: u64, what: &str) -> Result<Vec<u8>, EditionError> {
        if offset.saturating_add(n) > self.len {
            return Err(self.malformed(
                offset,
                format!(
                    "{what} needs {n} bytes but the file ends at byte {}",
                    self.len
                ),
            ));
        }
        let mut buf = vec![0; n as usize];
        self.r
            .seek(SeekFrom::Start(offset))
            .and_then(|_| self.r.read_exact(&mut buf))
            .map_err(|e| EditionError::io(&self.name, e))?;
        Ok(buf)
    }

    fn chapters(&mut self) -> Result<Vec<ChapterMark>, EditionError> {
        if self.len < 12 {
            return Err(self.malformed(0, format!("not a WAV file: only {} bytes", self.len)));
        }
        let head = self.read_at(0, 12, "the RIFF header")?;
        let rf64 = match &head[0..4] {
            b"RIFF" => false,
            b"RF64" | b"BW64" => true,
            other => {
                return Err(self.malformed(
                    0,
                    format!(
                        "not a WAV file: starts with \"{}\", not RIFF or RF64",
                        fourcc(other)
                    ),
                ))
            }
        };
        if &head[8..12] != b"WAVE" {
            return Err(self.malformed(
                8,
                format!("RIFF form type is \"{}\", not WAVE", fourcc(&head[8..12])),
            ));
        }
        let mut declared = u64::from(le32(&head, 4));
        let mut data64 = None;
        if rf64 {
            let ds = self.read_at(12, 8, "the ds64 chunk header")?;
            if &ds[0..4] != b"ds64" || le32(&ds, 4) < 24 {
                return Err(self.malformed(
                    12,
                    "RF64 file without a ds64 chunk of at least 24 bytes".into(),
                ));
            }
            let body = self.read_at(20, 24, "the ds64 chunk")?;
            declared = le64(&body, 0);
            data64 = Some(le64(&body, 8));
        }
        // Streaming writers leave 0 or 0xFFFFFFFF: then trust the file length.
        let streaming = declared < 4 || (declared >= u64::from(u32::MAX) && !rf64);
        if !streaming {
            self.check_length(declared.saturating_add(8))?;
        }
        let end = if streaming {
            self.len
        } else {
            declared.saturating_add(8).min(self.len)
        };

        let mut fmt: Option<(u64, u32, u16)> = None; // (offset, rate, block align)
        let mut data: Option<(u64, u64)> = None; // (offset, bytes)
        let mut points: Vec<Point> = Vec::new();
        let mut labels: HashMap<u32, String> = HashMap::new();
        let mut lengths: HashMap<u32, u64> = HashMap::new();
        let mut pos = 12u64;
        while pos.saturating_add(8) <= end {
            let hdr = self.read_at(pos, 8, "a chunk header")?;
            let id: [u8; 4] = [hdr[0], hdr[1], hdr[2], hdr[3]];
            let size32 = le32(&hdr, 4);
            let payload = pos + 8;
            let size = match (&id, data64) {
                (b"data", Some(d)) if size32 == u32::MAX => d,
                _ => u64::from(size32),
            };
            let remain = end - payload;
            match &id {
                b"fmt " => {
                    if size < 16 || size > remain {
                        return Err(self.malformed(
                            pos,
                            format!("fmt chunk of {size} bytes (needs 16, {remain} remain)"),
                        ));
                    }
                    let b = self.read_at(payload, 16, "the fmt chunk")?;
                    fmt = Some((pos, le32(&b, 4), le16(&b, 12)));
                }
                b"data" => {
                    // A streaming writer's data size (0 or 0xFFFFFFFF) promises nothing.
                    if size != 0 && size32 != u32::MAX {
                        self.check_length(payload.saturating_add(size))?;
                    }
                    data = Some((pos, size.min(remain)));
                }
                b"cue " | b"LIST" => {
                    if size > remain || size > MAX_META {
                        return Err(self.malformed(
                            pos,
                            format!(
                                "\"{}\" chunk claims {size} bytes but only {remain} remain",
                                fourcc(&id)
                            ),
                        ));
                    }
                    let b = self.read_at(payload, size, "a metadata chunk")?;
                    if &id == b"cue " {
                        points.extend(self.parse_cue(&b, pos)?);
                    } else if b.get(0..4) == Some(b"adtl") {
                        self.parse_adtl(&b[4..], payload + 4, &mut labels, &mut lengths)?;
                    }
                }
                _ => {}
            }
            let mut next = payload.saturating_add(size);
            if size % 2 == 1 && next < end && self.read_at(next, 1, "a pad byte")?[0] == 0 {
                next += 1;
            }
            pos = next;
        }

        let Some((fmt_at, rate, align)) = fmt else {
            return Err(self.malformed(12, "no fmt chunk".into()));
        };
        if rate == 0 || align == 0 {
            return Err(self.malformed(
                fmt_at,
                format!("fmt chunk has sample rate {rate} and block align {align}"),
            ));
        }
        let Some((_, data_bytes)) = data else {
            return Err(self.malformed(end, "no data chunk".into()));
        };
        let total = data_bytes / u64::from(align);

        points.sort_by_key(|p| (p.frame, p.id));
        let rate = SampleRate(rate);
        let marks = points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let next = points.get(i + 1).map_or(total, |n| n.frame);
                let end = match lengths.get(&p.id) {
                    Some(&len) => p.frame.saturating_add(len).min(total),
                    None => next,
                };
                ChapterMark::new(p.frame, end.max(p.frame), labels.get(&p.id).cloned(), rate)
            })
            .collect();
        Ok(marks)
    }

    fn parse_cue(&self, b: &[u8], at: u64) -> Result<Vec<Point>, EditionError> {
        let count = u64::from(le32(b, 0));
        let room = (b.len() as u64).saturating_sub(4) / 24;
        if b.len() < 4 || count > room {
            return Err(self.malformed(
                at,
                format!("cue chunk lists {count} points but has room for {room}"),
            ));
        }
        Ok((0..count as usize)
            .map(|i| {
                let o = 4 + 24 * i;
                let position = u64::from(le32(b, o + 4));
                let offset = u64::from(le32(b, o + 20));
                Point {
                    id: le32(b, o),
                    // FFmpeg reads dwSampleOffset; some writers fill only dwPosition.
                    frame: if offset == 0 { position } else { offset },
                }
            })
            .collect())
    }

    fn parse_adtl(
        &self,
        b: &[u8],
        base: u64,
        labels: &mut HashMap<u32, String>,
        lengths: &mut HashMap<u32, u64>,
    ) -> Result<(), EditionError> {
        let mut p = 0usize;
        while p + 8 <= b.len() {
            let id = &b[p..p + 4];
            let size = le32(b, p + 4) as usize;
            let body = p + 8;
            let at = base + p as u64;
            if size > b.len() - body {
                return Err(self.malformed(
                    at,
                    format!(
                        "\"{}\" sub-chunk claims {size} bytes but its LIST has {} left",
                        fourcc(id),
                        b.len() - body
                    ),
                ));
            }
            let payload = &b[body..body + size];
            match id {
                b"labl" | b"ltxt" if size < 4 => {
                    return Err(self.malformed(
                        at,
                        format!("\"{}\" sub-chunk of {size} bytes has no cue id", fourcc(id)),
                    ))
                }
                b"labl" => {
                    labels
                        .entry(le32(payload, 0))
                        .or_insert_with(|| label_text(&payload[4..]));
                }
                b"ltxt" if size >= 8 => {
                    lengths
                        .entry(le32(payload, 0))
                        .or_insert(u64::from(le32(payload, 4)));
                }
                _ => {}
            }
            p = body + size;
            if size % 2 == 1 && b.get(p) == Some(&0) {
                p += 1;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn read(bytes: &[u8]) -> Result<Vec<ChapterMark>, EditionError> {
        read_chapters_from(Cursor::new(bytes), Path::new("<memory>"))
    }

    #[test]
    fn garbage_is_an_error_at_byte_zero() {
        let e = read(b"\x89PNG\r\n\x1a\n0000000000").unwrap_err();
        assert!(e.to_string().contains("byte 0"), "{e}");
        assert!(read(b"").is_err());
    }

    /// A minimal RIFF WAV: 8 kHz mono, `frames` frames of silence, one cue point.
    fn wav(frames: u32) -> Vec<u8> {
        let data = 2 * frames;
        let mut b = b"RIFF".to_vec();
        b.extend((4 + 24 + 8 + data + 8 + 28).to_le_bytes());
        b.extend(b"WAVEfmt \x10\0\0\0\x01\0\x01\0");
        b.extend(8000u32.to_le_bytes());
        b.extend(16000u32.to_le_bytes());
        b.extend(b"\x02\0\x10\0data");
        b.extend(data.to_le_bytes());
        b.extend(std::iter::repeat_n(0u8, data as usize));
        b.extend(b"cue \x1c\0\0\0\x01\0\0\0\x01\0\0\0");
        b.extend([0u8; 20]);
        b
    }

    #[test]
    fn a_whole_file_reads_and_any_cut_is_truncated_with_both_lengths() {
        let whole = wav(400);
        assert_eq!(read(&whole).unwrap().len(), 1);
        // Anywhere past the RIFF header: inside fmt, inside the audio, inside the cue chunk.
        for keep in [13, 20, 40, 44, 45, 400, whole.len() - 2] {
            match read(&whole[..keep]) {
                Err(EditionError::Truncated { len, promised, .. }) => {
                    assert_eq!((len, promised), (keep as u64, whole.len() as u64));
                }
                other => panic!("cut at {keep}: {other:?}"),
            }
        }
        let e = read(&whole[..400]).unwrap_err().to_string();
        assert!(
            e.contains("truncated") && e.contains("400 bytes of the 880"),
            "{e}"
        );
    }

    #[test]
    fn a_data_chunk_past_the_end_is_truncated_even_with_a_streaming_riff_size() {
        let mut b = wav(400);
        b[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        b.truncate(300);
        match read(&b) {
            Err(EditionError::Truncated { len, promised, .. }) => {
                assert_eq!((len, promised), (300, 44 + 800));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn labels_decode_utf8_or_latin1_up_to_nul() {
        assert_eq!(label_text(b"Caf\xc3\xa9\0junk"), "Café");
        assert_eq!(label_text(b"Caf\xe9"), "Café");
        assert_eq!(label_text(b""), "");
    }
}
