//! Byte layout of the WAV file: header (RIFF or RF64), `cue `, `LIST/adtl` and `LIST/INFO`.
//!
//! Pure functions from values to bytes, so every layout rule is unit-tested without files.
//! The header reserves a 36-byte `JUNK` chunk after `WAVE`; a file that ends up past the 32-bit
//! RIFF limit turns it into the `ds64` chunk of RF64 (EBU Tech 3306) when the header is patched.

use super::{EditionError, OutputFormat};

/// Most chapters one file may carry.
pub const MAX_CHAPTERS: usize = 10_000;
/// Longest chapter title, in UTF-8 bytes.
pub const MAX_TITLE_BYTES: usize = 4096;
/// Longest `LIST/INFO` text, in UTF-8 bytes.
pub const MAX_INFO_BYTES: usize = 65_536;

/// Length of the header written before the first sample: `RIFF` (12) + `JUNK`/`ds64` (36) +
/// `fmt ` (24) + `data` chunk header (8).
pub const HEADER_LEN: u64 = 80;
/// Size of the `ds64` payload without a table (and so of the `JUNK` placeholder).
const DS64_LEN: u32 = 28;
/// Sizes above this need RF64.
pub const RIFF_LIMIT: u64 = u32::MAX as u64;

/// Which container the finished file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// Classic RIFF/WAVE with 32-bit sizes.
    Riff,
    /// RF64 with 64-bit sizes in `ds64`.
    Rf64,
}

/// Sizes known once the audio and the trailing chunks are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinalSizes {
    /// Bytes of audio in the `data` chunk (no pad byte).
    pub data_bytes: u64,
    /// Frames of audio.
    pub frames: u64,
    /// Total file length in bytes.
    pub file_len: u64,
}

impl FinalSizes {
    /// The container these sizes need, given the largest 32-bit size allowed (`RIFF_LIMIT`, or
    /// less in tests).
    pub fn container(&self, limit: u64) -> Container {
        if self.file_len - 8 > limit || self.data_bytes > limit {
            Container::Rf64
        } else {
            Container::Riff
        }
    }
}

/// The 80-byte header. With `sizes == None` it is the placeholder written before the audio
/// (sizes zero); otherwise the final header for `container`.
pub fn header(
    format: OutputFormat,
    sizes: Option<FinalSizes>,
    container: Container,
) -> [u8; HEADER_LEN as usize] {
    let mut h = Vec::with_capacity(HEADER_LEN as usize);
    let (riff_size, data_size) = match (sizes, container) {
        (None, _) => (0, 0),
        (Some(s), Container::Riff) => (as_u32(s.file_len - 8), as_u32(s.data_bytes)),
        (Some(_), Container::Rf64) => (u32::MAX, u32::MAX),
    };
    h.extend_from_slice(match container {
        Container::Riff => b"RIFF",
        Container::Rf64 => b"RF64",
    });
    h.extend_from_slice(&riff_size.to_le_bytes());
    h.extend_from_slice(b"WAVE");
    match (sizes, container) {
        (Some(s), Container::Rf64) => {
            h.extend_from_slice(b"ds64");
            h.extend_from_slice(&DS64_LEN.to_le_bytes());
            h.extend_from_slice(&(s.file_len - 8).to_le_bytes());
            h.extend_from_slice(&s.data_bytes.to_le_bytes());
            h.extend_from_slice(&s.frames.to_le_bytes());
            h.extend_from_slice(&0u32.to_le_bytes()); // no table entries
        }
        _ => {
            h.extend_from_slice(b"JUNK");
            h.extend_from_slice(&DS64_LEN.to_le_bytes());
            h.extend_from_slice(&[0; DS64_LEN as usize]);
        }
    }
    h.extend_from_slice(b"fmt ");
    h.extend_from_slice(&16u32.to_le_bytes());
    h.extend_from_slice(&1u16.to_le_bytes()); // WAVE_FORMAT_PCM
    h.extend_from_slice(&format.channels.count().to_le_bytes());
    h.extend_from_slice(&format.rate.0.to_le_bytes());
    h.extend_from_slice(&as_u32(format.bytes_per_second()).to_le_bytes());
    h.extend_from_slice(&format.block_align().to_le_bytes());
    h.extend_from_slice(&16u16.to_le_bytes());
    h.extend_from_slice(b"data");
    h.extend_from_slice(&data_size.to_le_bytes());
    let mut out = [0u8; HEADER_LEN as usize];
    out.copy_from_slice(&h);
    out
}

fn as_u32(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Appends one chunk: id, size, payload and a zero pad byte when the size is odd.
pub fn push_chunk(out: &mut Vec<u8>, id: &[u8; 4], payload: &[u8]) {
    out.extend_from_slice(id);
    out.extend_from_slice(&as_u32(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(payload);
    if payload.len() % 2 == 1 {
        out.push(0);
    }
}

/// One chapter as stored: start frame, length in frames, title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// First frame.
    pub start: u32,
    /// Length in frames.
    pub length: u32,
    /// Title (UTF-8, no NUL).
    pub title: String,
}

/// Checks a text for storage as a NUL-terminated chunk string.
pub fn check_text(what: &'static str, text: &str, max: usize) -> Result<(), EditionError> {
    let reason = if text.contains('\0') {
        "it contains a NUL character"
    } else if text.len() > max {
        "it is too long"
    } else {
        return Ok(());
    };
    Err(EditionError::BadText {
        what,
        text: text.chars().take(80).collect(),
        reason,
    })
}

/// The `cue ` chunk, then the `LIST/adtl` chunk (every `labl`, then every `ltxt`), for
/// `regions` in order (cue ids 1..=N). Empty when there are no regions.
pub fn chapter_chunks(regions: &[Region]) -> Vec<u8> {
    let mut out = Vec::new();
    if regions.is_empty() {
        return out;
    }
    let mut cue = Vec::with_capacity(4 + 24 * regions.len());
    cue.extend_from_slice(&(regions.len() as u32).to_le_bytes());
    for (i, r) in regions.iter().enumerate() {
        let id = i as u32 + 1;
        cue.extend_from_slice(&id.to_le_bytes());
        cue.extend_from_slice(&r.start.to_le_bytes()); // dwPosition
        cue.extend_from_slice(b"data");
        cue.extend_from_slice(&0u32.to_le_bytes()); // chunk start
        cue.extend_from_slice(&0u32.to_le_bytes()); // block start
        cue.extend_from_slice(&r.start.to_le_bytes()); // dwSampleOffset
    }
    push_chunk(&mut out, b"cue ", &cue);

    let mut adtl = b"adtl".to_vec();
    for (i, r) in regions.iter().enumerate() {
        let mut labl = (i as u32 + 1).to_le_bytes().to_vec();
        labl.extend_from_slice(r.title.as_bytes());
        labl.push(0);
        push_chunk(&mut adtl, b"labl", &labl);
    }
    for (i, r) in regions.iter().enumerate() {
        let mut ltxt = (i as u32 + 1).to_le_bytes().to_vec();
        ltxt.extend_from_slice(&r.length.to_le_bytes());
        ltxt.extend_from_slice(b"rgn ");
        ltxt.extend_from_slice(&[0; 8]); // country, language, dialect, code page
        push_chunk(&mut adtl, b"ltxt", &ltxt);
    }
    push_chunk(&mut out, b"LIST", &adtl);
    out
}

/// The `LIST/INFO` chunk from (four-character id, text) pairs; empty texts are skipped and an
/// empty list gives no chunk.
pub fn info_chunk(fields: &[(&[u8; 4], &str)]) -> Vec<u8> {
    let mut info = b"INFO".to_vec();
    for (id, text) in fields {
        if text.is_empty() {
            continue;
        }
        let mut payload = text.as_bytes().to_vec();
        payload.push(0);
        push_chunk(&mut info, id, &payload);
    }
    let mut out = Vec::new();
    if info.len() > 4 {
        push_chunk(&mut out, b"LIST", &info);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::Channels;
    use crate::units::SampleRate;

    const MONO: OutputFormat = OutputFormat {
        rate: SampleRate(44_100),
        channels: Channels::Mono,
    };

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }
    fn u64_at(b: &[u8], at: usize) -> u64 {
        u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
    }

    #[test]
    fn small_file_gets_riff_header_with_junk_reserve() {
        let s = FinalSizes {
            data_bytes: 1000,
            frames: 500,
            file_len: 1200,
        };
        assert_eq!(s.container(RIFF_LIMIT), Container::Riff);
        let h = header(MONO, Some(s), Container::Riff);
        assert_eq!(&h[0..4], b"RIFF");
        assert_eq!(u32_at(&h, 4), 1192);
        assert_eq!(&h[8..16], b"WAVEJUNK");
        assert_eq!(u32_at(&h, 16), 28);
        assert_eq!(&h[48..52], b"fmt ");
        assert_eq!(u32_at(&h, 60), 44_100);
        assert_eq!(u32_at(&h, 64), 88_200);
        assert_eq!(&h[72..76], b"data");
        assert_eq!(u32_at(&h, 76), 1000);
    }

    #[test]
    fn file_past_the_limit_gets_rf64_with_64_bit_sizes() {
        let s = FinalSizes {
            data_bytes: 5_000_000_000,
            frames: 2_500_000_000,
            file_len: 5_000_000_300,
        };
        assert_eq!(s.container(RIFF_LIMIT), Container::Rf64);
        let h = header(MONO, Some(s), Container::Rf64);
        assert_eq!(&h[0..4], b"RF64");
        assert_eq!(u32_at(&h, 4), u32::MAX);
        assert_eq!(&h[12..16], b"ds64");
        assert_eq!(u64_at(&h, 20), 5_000_000_292);
        assert_eq!(u64_at(&h, 28), 5_000_000_000);
        assert_eq!(u64_at(&h, 36), 2_500_000_000);
        assert_eq!(u32_at(&h, 44), 0);
        assert_eq!(u32_at(&h, 76), u32::MAX);
    }

    #[test]
    fn limit_is_exact_at_the_boundary() {
        let at = FinalSizes {
            data_bytes: 100,
            frames: 50,
            file_len: RIFF_LIMIT + 8,
        };
        assert_eq!(at.container(RIFF_LIMIT), Container::Riff);
        let past = FinalSizes {
            file_len: RIFF_LIMIT + 9,
            ..at
        };
        assert_eq!(past.container(RIFF_LIMIT), Container::Rf64);
    }

    #[test]
    fn odd_payload_gets_a_pad_byte_not_counted_in_its_size() {
        let mut out = Vec::new();
        push_chunk(&mut out, b"labl", &[1, 2, 3]);
        assert_eq!(out.len(), 12);
        assert_eq!(u32_at(&out, 4), 3);
        assert_eq!(out[11], 0);
    }

    #[test]
    fn adtl_puts_every_labl_before_any_ltxt() {
        let regions = vec![
            Region {
                start: 0,
                length: 10,
                title: "Ab".into(),
            },
            Region {
                start: 10,
                length: 5,
                title: "Ça va".into(),
            },
        ];
        let b = chapter_chunks(&regions);
        assert_eq!(&b[0..4], b"cue ");
        assert_eq!(u32_at(&b, 4), 4 + 48);
        assert_eq!(u32_at(&b, 8), 2);
        // second cue point: id 2, position 10, "data", 0, 0, offset 10
        assert_eq!(u32_at(&b, 12 + 24), 2);
        assert_eq!(u32_at(&b, 12 + 28), 10);
        assert_eq!(&b[12 + 32..12 + 36], b"data");
        assert_eq!(u32_at(&b, 12 + 44), 10);
        let list = 8 + 52;
        assert_eq!(&b[list..list + 4], b"LIST");
        assert_eq!(u32_at(&b, list + 4) as usize, b.len() - list - 8);
        let ids: Vec<&[u8]> = [12usize, 12 + 16, 12 + 16 + 20]
            .iter()
            .map(|&o| &b[list + o..list + o + 4])
            .collect();
        assert_eq!(ids, vec![&b"labl"[..], b"labl", b"ltxt"]);
        // "Ab\0" + id = 7 bytes: odd, padded
        assert_eq!(u32_at(&b, list + 16), 7);
        assert_eq!(b[list + 12 + 8 + 7], 0);
    }

    #[test]
    fn info_skips_empty_fields_and_empty_lists() {
        assert!(info_chunk(&[(b"INAM", "")]).is_empty());
        let b = info_chunk(&[(b"INAM", "T"), (b"IART", "")]);
        assert_eq!(&b[8..12], b"INFO");
        assert_eq!(&b[12..16], b"INAM");
        assert_eq!(u32_at(&b, 16), 2);
        assert_eq!(b.len(), 8 + 4 + 8 + 2);
    }

    #[test]
    fn titles_with_nul_or_too_long_are_refused() {
        assert!(check_text("chapter title", "a\0b", 100).is_err());
        assert!(check_text("chapter title", "abc", 2).is_err());
        assert!(check_text("chapter title", "ñandú", 100).is_ok());
    }
}
