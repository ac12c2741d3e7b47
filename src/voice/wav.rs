//! The unit audio file: 16-bit PCM mono WAV. Written with `hound`; read by a
//! small RIFF chunk walker over the bytes already in memory (they have just been
//! hashed), which is several times faster than sample-by-sample reading.

use std::path::Path;

/// Format of a PCM WAV as found in its `fmt ` chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WavFormat {
    pub channels: u16,
    pub sample_rate: u32,
    pub bits: u16,
    pub format_tag: u16,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Decodes a 16-bit PCM WAV held in `bytes` into its format and samples.
pub(crate) fn decode(bytes: &[u8]) -> Result<(WavFormat, Vec<i16>), String> {
    let (f, data) = pcm_data(bytes)?;
    let samples = data
        .chunks_exact(2)
        .map(|c| i16::from_le_bytes([c[0], c[1]]))
        .collect();
    Ok((f, samples))
}

/// The format and the raw bytes of the data chunk of a 16-bit PCM WAV.
pub(crate) fn pcm_data(bytes: &[u8]) -> Result<(WavFormat, &[u8]), String> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err("not a RIFF/WAVE file".into());
    }
    let mut at = 12;
    let mut format = None;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let size = u32_at(bytes, at + 4).unwrap_or(0) as usize;
        let body = at + 8;
        if id == b"fmt " {
            let f = WavFormat {
                format_tag: u16_at(bytes, body).ok_or("truncated fmt chunk")?,
                channels: u16_at(bytes, body + 2).ok_or("truncated fmt chunk")?,
                sample_rate: u32_at(bytes, body + 4).ok_or("truncated fmt chunk")?,
                bits: u16_at(bytes, body + 14).ok_or("truncated fmt chunk")?,
            };
            format = Some(f);
        } else if id == b"data" {
            let f = format.ok_or("data chunk before fmt chunk")?;
            if f.format_tag != 1 || f.bits != 16 {
                return Err(format!(
                    "expected 16-bit PCM, found format {} with {} bits",
                    f.format_tag, f.bits
                ));
            }
            let data = bytes.get(body..body + size).ok_or_else(|| {
                format!(
                    "data chunk of {size} bytes at byte {body} is truncated ({} bytes present)",
                    bytes.len().saturating_sub(body)
                )
            })?;
            return Ok((f, data));
        }
        at = body + size + (size & 1);
    }
    Err("no data chunk".into())
}

/// Like [`decode`] but keeps whatever samples a truncated data chunk still
/// holds (used to locate damage after a checksum failure).
pub(crate) fn decode_available(bytes: &[u8]) -> Result<Vec<i16>, String> {
    match decode(bytes) {
        Ok((_, s)) => Ok(s),
        Err(e) if e.contains("truncated") && !e.contains("fmt") => {
            let at = bytes
                .windows(4)
                .position(|w| w == b"data")
                .ok_or_else(|| e.clone())?;
            let data = bytes.get(at + 8..).unwrap_or_default();
            Ok(data
                .chunks_exact(2)
                .map(|c| i16::from_le_bytes([c[0], c[1]]))
                .collect())
        }
        Err(e) => Err(e),
    }
}

/// Writes `samples` as a 16-bit PCM mono WAV at `rate`.
pub(crate) fn write(path: &Path, rate: u32, samples: &[i16]) -> Result<(), hound::Error> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec)?;
    {
        let mut w16 = w.get_i16_writer(samples.len() as u32);
        for &s in samples {
            w16.write_sample(s);
        }
        w16.flush()?;
    }
    w.finalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_decodes_the_same_samples() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.wav");
        let samples = vec![0i16, 1, -1, i16::MAX, i16::MIN, 1234];
        write(&p, 16_000, &samples).unwrap();
        let bytes = std::fs::read(&p).unwrap();
        let (f, got) = decode(&bytes).unwrap();
        assert_eq!(got, samples);
        assert_eq!((f.channels, f.sample_rate, f.bits), (1, 16_000, 16));
        assert!(decode(&bytes[..bytes.len() - 3])
            .unwrap_err()
            .contains("truncated"));
        assert!(decode(b"RIFX").is_err());
    }
}
