//! Ogg Opus editions (RFC 7845): libopus packets streamed to a temporary file, then the
//! `OpusHead` and `OpusTags` pages (with the chapters) and the packets in Ogg pages written to
//! the file committed.

use super::{BitRate, Codec, EncodeError};
use crate::edition::output::{folder_of, TempOut};
use crate::edition::sidecar::{format_vtt_time, frames_to_millis, ChapterSpan};
use crate::edition::{EditionError, OutputFormat, WavInfo};
use crate::units::SampleRate;
use ogg::writing::{PacketWriteEndInfo, PacketWriter};
use opusic_sys as ffi;
use sha2::{Digest, Sha256};
use std::ffi::{c_int, CStr};
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Most chapters: `CHAPTERxxx` comments have three digits (FFmpeg reads no more).
pub(crate) const MAX_CHAPTERS: usize = 999;
/// Samples per channel in one packet: 20 ms at 48 kHz.
const FRAME: usize = 960;
/// Packets per Ogg page: one second, so a seek lands within a second of its target.
const PACKETS_PER_PAGE: u64 = 50;
/// Largest packet libopus is asked to produce (the format's maximum is 1275 bytes per frame).
const MAX_PACKET: usize = 4000;

/// A libopus encoder, destroyed when dropped.
struct Opus {
    enc: *mut ffi::OpusEncoder,
}

// Used by one thread at a time (the edition's writer thread).
unsafe impl Send for Opus {}

fn check(call: &'static str, code: c_int) -> Result<(), EncodeError> {
    if code < 0 {
        return Err(EncodeError::Library {
            codec: Codec::Opus,
            call,
            code: i64::from(code),
        });
    }
    Ok(())
}

impl Opus {
    fn new(channels: u16, bit_rate: BitRate) -> Result<Opus, EncodeError> {
        let mut error: c_int = 0;
        // SAFETY: valid rate, channel count and application; `error` is written.
        let enc = unsafe {
            ffi::opus_encoder_create(
                48_000,
                c_int::from(channels),
                ffi::OPUS_APPLICATION_AUDIO,
                &mut error,
            )
        };
        if enc.is_null() || error != ffi::OPUS_OK {
            return Err(EncodeError::Library {
                codec: Codec::Opus,
                call: "opus_encoder_create",
                code: i64::from(error),
            });
        }
        let opus = Opus { enc };
        let bps = c_int::try_from(bit_rate.bits_per_second()).unwrap_or(c_int::MAX);
        // SAFETY: enc is live; each request takes one int argument.
        unsafe {
            check(
                "OPUS_SET_BITRATE",
                ffi::opus_encoder_ctl(enc, ffi::OPUS_SET_BITRATE_REQUEST, bps),
            )?;
            check(
                "OPUS_SET_COMPLEXITY",
                ffi::opus_encoder_ctl(enc, ffi::OPUS_SET_COMPLEXITY_REQUEST, 5 as c_int),
            )?;
        }
        Ok(opus)
    }

    /// The encoder's look-ahead in samples at 48 kHz: the stream's pre-skip.
    fn lookahead(&self) -> Result<u16, EncodeError> {
        let mut samples: c_int = 0;
        // SAFETY: enc is live; the request writes one int through the pointer.
        let code = unsafe {
            ffi::opus_encoder_ctl(
                self.enc,
                ffi::OPUS_GET_LOOKAHEAD_REQUEST,
                &mut samples as *mut c_int,
            )
        };
        check("OPUS_GET_LOOKAHEAD", code)?;
        u16::try_from(samples).map_err(|_| EncodeError::Library {
            codec: Codec::Opus,
            call: "OPUS_GET_LOOKAHEAD",
            code: i64::from(samples),
        })
    }

    /// Encodes one frame of `FRAME` samples per channel (interleaved) into `out`.
    fn encode(&mut self, pcm: &[f32], out: &mut [u8]) -> Result<usize, EncodeError> {
        // SAFETY: pcm holds FRAME samples per channel; out holds out.len() bytes.
        let n = unsafe {
            ffi::opus_encode_float(
                self.enc,
                pcm.as_ptr(),
                FRAME as c_int,
                out.as_mut_ptr(),
                out.len() as i32,
            )
        };
        check("opus_encode_float", n)?;
        Ok(n as usize)
    }

    fn version() -> String {
        // SAFETY: a static NUL-terminated string.
        unsafe { CStr::from_ptr(ffi::opus_get_version_string()) }
            .to_string_lossy()
            .into_owned()
    }
}

impl Drop for Opus {
    fn drop(&mut self) {
        // SAFETY: enc came from opus_encoder_create and is destroyed once.
        unsafe { ffi::opus_encoder_destroy(self.enc) }
    }
}

/// Streams Opus packets (length-prefixed) to a temporary file; [`finish`](Self::finish)
/// writes the Ogg stream.
pub(crate) struct OpusWriter {
    opus: Opus,
    channels: u16,
    pre_skip: u16,
    /// Samples (mono) waiting for a whole frame.
    pending: Vec<f32>,
    interleaved: Vec<f32>,
    packet: Vec<u8>,
    packets: BufWriter<TempOut>,
    count: u64,
    /// Mono samples written by the edition.
    samples: u64,
    path: PathBuf,
    rate: SampleRate,
}

impl OpusWriter {
    pub(super) fn new(
        format: OutputFormat,
        bit_rate: BitRate,
        dir: &Path,
        path: &Path,
    ) -> Result<OpusWriter, EditionError> {
        let channels = format.channels.count();
        let opus = Opus::new(channels, bit_rate)?;
        let pre_skip = opus.lookahead()?;
        Ok(OpusWriter {
            opus,
            channels,
            pre_skip,
            pending: Vec::with_capacity(FRAME * 2),
            interleaved: Vec::with_capacity(FRAME * 2),
            packet: vec![0; MAX_PACKET],
            packets: BufWriter::with_capacity(1 << 16, TempOut::new_in(dir)?),
            count: 0,
            samples: 0,
            path: path.to_path_buf(),
            rate: format.rate,
        })
    }

    fn io(&self, e: std::io::Error) -> EditionError {
        EditionError::Io {
            path: self.path.clone(),
            cause: e,
        }
    }

    pub(super) fn write(&mut self, samples: &[f32]) -> Result<(), EditionError> {
        self.samples += samples.len() as u64;
        self.push(samples)
    }

    /// Adds samples (not counted as the edition's: padding) and encodes every whole frame.
    fn push(&mut self, mut samples: &[f32]) -> Result<(), EditionError> {
        while !samples.is_empty() {
            let take = (FRAME - self.pending.len()).min(samples.len());
            self.pending.extend_from_slice(&samples[..take]);
            samples = &samples[take..];
            if self.pending.len() == FRAME {
                self.encode_pending()?;
            }
        }
        Ok(())
    }

    fn encode_pending(&mut self) -> Result<(), EditionError> {
        let pcm: &[f32] = if self.channels == 2 {
            self.interleaved.clear();
            for &s in &self.pending {
                self.interleaved.extend_from_slice(&[s, s]);
            }
            &self.interleaved
        } else {
            &self.pending
        };
        let n = self.opus.encode(pcm, &mut self.packet)?;
        self.pending.clear();
        let len = (n as u16).to_le_bytes();
        let written = self
            .packets
            .write_all(&len)
            .and_then(|()| self.packets.write_all(&self.packet[..n]));
        written.map_err(|e| self.io(e))?;
        self.count += 1;
        Ok(())
    }

    pub(super) fn finish(
        mut self,
        chapters: &[ChapterSpan],
        info: &WavInfo,
    ) -> Result<TempOut, EditionError> {
        if chapters.len() > MAX_CHAPTERS {
            return Err(EncodeError::TooManyChapters {
                codec: Codec::Opus,
                count: chapters.len(),
                max: MAX_CHAPTERS,
            }
            .into());
        }
        // Encode until the decoder, after dropping the pre-skip, has every sample.
        let end = u64::from(self.pre_skip) + self.samples;
        let zeros = [0.0f32; FRAME];
        while self.count * FRAME as u64 + (self.pending.len() as u64) < end {
            self.push(&zeros[..FRAME - self.pending.len()])?;
        }
        if !self.pending.is_empty() {
            self.push(&zeros[..FRAME - self.pending.len()])?;
        }
        let serial = serial_of(info, chapters);
        let tags = opus_tags(chapters, info, self.rate);
        let head = opus_head(self.channels, self.pre_skip);
        let path = self.path.clone();
        let io = |e| EditionError::Io {
            path: path.clone(),
            cause: e,
        };
        let mut packets = self.packets.into_inner().map_err(|e| io(e.into_error()))?;
        packets.seek(SeekFrom::Start(0)).map_err(io)?;
        let mut packets = BufReader::with_capacity(1 << 16, packets);
        let out = BufWriter::with_capacity(1 << 16, TempOut::new_in(folder_of(&self.path))?);
        let mut ogg = PacketWriter::new(out);
        ogg.write_packet(head, serial, PacketWriteEndInfo::EndPage, 0)
            .map_err(io)?;
        ogg.write_packet(tags, serial, PacketWriteEndInfo::EndPage, 0)
            .map_err(io)?;
        let mut len = [0u8; 2];
        for i in 1..=self.count {
            packets.read_exact(&mut len).map_err(io)?;
            let mut packet = vec![0u8; usize::from(u16::from_le_bytes(len))];
            packets.read_exact(&mut packet).map_err(io)?;
            let (granule, when) = if i == self.count {
                // The last page's granule position trims the padding (RFC 7845 §4.4).
                (end, PacketWriteEndInfo::EndStream)
            } else if i % PACKETS_PER_PAGE == 0 {
                (i * FRAME as u64, PacketWriteEndInfo::EndPage)
            } else {
                (i * FRAME as u64, PacketWriteEndInfo::NormalPacket)
            };
            ogg.write_packet(packet, serial, when, granule)
                .map_err(io)?;
        }
        ogg.into_inner()
            .into_inner()
            .map_err(|e| io(e.into_error()))
    }
}

/// The identification header (RFC 7845 §5.1): mapping family 0, no output gain.
fn opus_head(channels: u16, pre_skip: u16) -> Vec<u8> {
    let mut h = b"OpusHead".to_vec();
    h.push(1); // version
    h.push(channels as u8);
    h.extend_from_slice(&pre_skip.to_le_bytes());
    h.extend_from_slice(&48_000u32.to_le_bytes()); // input rate
    h.extend_from_slice(&0i16.to_le_bytes()); // output gain
    h.push(0); // mapping family
    h
}

/// The comment header (RFC 7845 §5.2) with the metadata and the chapters as
/// `CHAPTERxxx=HH:MM:SS.mmm` and `CHAPTERxxxNAME=title`.
fn opus_tags(chapters: &[ChapterSpan], info: &WavInfo, rate: SampleRate) -> Vec<u8> {
    let mut comments: Vec<String> = Vec::new();
    for (key, value) in [
        ("TITLE", &info.title),
        ("ARTIST", &info.artist),
        ("COMMENT", &info.comment),
        ("DATE", &info.date),
        ("ENCODER", &info.software),
    ] {
        if !value.is_empty() {
            comments.push(format!("{key}={value}"));
        }
    }
    for (i, c) in chapters.iter().enumerate() {
        let n = i + 1;
        let time = format_vtt_time(frames_to_millis(c.start, rate));
        comments.push(format!("CHAPTER{n:03}={time}"));
        comments.push(format!("CHAPTER{n:03}NAME={}", c.title));
    }
    let vendor = Opus::version();
    let mut t = b"OpusTags".to_vec();
    t.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    t.extend_from_slice(vendor.as_bytes());
    t.extend_from_slice(&(comments.len() as u32).to_le_bytes());
    for c in &comments {
        t.extend_from_slice(&(c.len() as u32).to_le_bytes());
        t.extend_from_slice(c.as_bytes());
    }
    t
}

/// A stream serial number from the edition's title and chapters: the same edition gets the
/// same bytes, different editions (likely) different serials.
fn serial_of(info: &WavInfo, chapters: &[ChapterSpan]) -> u32 {
    let mut h = Sha256::new();
    h.update(info.title.as_bytes());
    for c in chapters {
        h.update(c.title.as_bytes());
        h.update(c.start.to_le_bytes());
    }
    let d = h.finalize();
    u32::from_le_bytes([d[0], d[1], d[2], d[3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_comments_have_three_digit_numbers_and_vtt_times() {
        let chapters = [
            ChapterSpan {
                start: 0,
                end: 48_000 * 61,
                title: "Opening".into(),
            },
            ChapterSpan {
                start: 48_000 * 61 + 24,
                end: 48_000 * 3700,
                title: "Water, and the law".into(),
            },
        ];
        let tags = opus_tags(&chapters, &WavInfo::new("T"), SampleRate(48_000));
        let text = String::from_utf8_lossy(&tags);
        for needle in [
            "TITLE=T",
            "CHAPTER001=00:00:00.000",
            "CHAPTER001NAME=Opening",
            "CHAPTER002=00:01:01.001",
            "CHAPTER002NAME=Water, and the law",
        ] {
            assert!(text.contains(needle), "{needle} missing from {text:?}");
        }
    }
}
