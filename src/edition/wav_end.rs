//! The end of a WAV edition: its trailing chunks and final header, and the 16-bit PCM
//! quantizer [`super::writer::EditionWriter`] writes its samples with.

use super::output::TempOut;
use super::riff::{self, Container, FinalSizes, Region, HEADER_LEN};
use super::sidecar::ChapterSpan;
use super::{EditionError, OutputFormat};
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

/// What completing a WAV needs besides its file.
pub(super) struct WavEnd {
    pub(super) format: OutputFormat,
    pub(super) frames: u64,
    pub(super) riff_limit: u64,
}

impl WavEnd {
    /// Appends the `cue `, `LIST/adtl` and `LIST/INFO` chunks and patches the header (RIFF, or
    /// RF64 past the limit); returns the file, its container and its length.
    pub(super) fn finish(
        self,
        wav: BufWriter<TempOut>,
        path: &Path,
        spans: &[ChapterSpan],
        fields: &[(&'static [u8; 4], &str)],
    ) -> Result<(TempOut, Container, u64), EditionError> {
        let WavEnd {
            format,
            frames,
            riff_limit,
        } = self;
        let regions: Vec<Region> = spans
            .iter()
            .map(|c| Region {
                start: c.start as u32, // every position is ≤ MAX_FRAMES
                length: (c.end - c.start) as u32,
                title: c.title.clone(),
            })
            .collect();
        let mut wav = wav
            .into_inner()
            .map_err(|e| EditionError::io(path, e.into_error()))?;
        let io = |e| EditionError::io(path, e);
        let data_bytes = frames * u64::from(format.block_align());
        let mut tail = Vec::new();
        if data_bytes % 2 == 1 {
            tail.push(0);
        }
        tail.extend(riff::chapter_chunks(&regions));
        tail.extend(riff::info_chunk(fields));
        wav.write_all(&tail).map_err(io)?;
        let sizes = FinalSizes {
            data_bytes,
            frames,
            file_len: HEADER_LEN + data_bytes + tail.len() as u64,
        };
        let container = sizes.container(riff_limit);
        wav.seek(SeekFrom::Start(0)).map_err(io)?;
        wav.write_all(&riff::header(format, Some(sizes), container))
            .map_err(io)?;
        // No fsync: the rename makes the edition appear whole or not at all to every other
        // process (the point of the temporary files); waiting for the disk would add about
        // 20 ms (16 ms for the example's WAV) and protects only against a power cut.
        Ok((wav, container, sizes.file_len))
    }
}

/// A finite sample (−1.0..=1.0, beyond is clamped) as 16-bit PCM, rounded to nearest (ties to
/// even). Adding 1.5 × 2²³ puts the integer part in the float's low mantissa bits, which
/// compiles to a few vector instructions, where `as` conversions check for NaN one by one.
pub(super) fn quantize(s: f32) -> i16 {
    const MAGIC: f32 = 12_582_912.0; // 1.5 × 2^23: one unit per mantissa step
    let v = s.clamp(-1.0, 1.0) * 32767.0;
    ((v + MAGIC).to_bits() as i32 - MAGIC.to_bits() as i32) as i16
}

#[cfg(test)]
mod tests {
    use super::quantize;

    #[test]
    fn quantize_rounds_to_nearest_and_clamps() {
        assert_eq!(quantize(0.0), 0);
        assert_eq!(quantize(1.0), 32767);
        assert_eq!(quantize(-1.0), -32767);
        assert_eq!(quantize(7.5), 32767);
        assert_eq!(quantize(-3.0), -32767);
        // Ties go to even.
        assert_eq!(quantize(0.5 / 32767.0), 0);
        assert_eq!(quantize(1.5 / 32767.0), 2);
        assert_eq!(quantize(-1.5 / 32767.0), -2);
        for i in -20_000..20_000 {
            let s = i as f32 * 0.000_049_7;
            let v = f64::from(s.clamp(-1.0, 1.0) * 32767.0);
            assert!((f64::from(quantize(s)) - v).abs() <= 0.5, "{s}");
        }
    }
}
