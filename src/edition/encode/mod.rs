//! Compressed editions: MP3 with ID3v2 chapters and Ogg Opus with chapter comments.
//!
//! The [`EditionWriter`](super::EditionWriter) hands the levelled samples of a compressed
//! edition to an `Encoder` instead of quantizing them to 16-bit PCM. The encoder streams its
//! frames to a temporary file as the audio arrives; at `Encoder::finish` it writes the final
//! temporary file, whose head (an ID3v2 tag, or the Ogg Opus header pages) holds the chapters
//! that are only known at the end, and the writer commits it with the sidecars like a WAV.
//!
//! - **MP3** (`mp3`): LAME through the system's shared `libmp3lame` (LGPL, linked
//!   dynamically), constant bit rate, an `Info` (Xing) frame with the LAME tag first so players
//!   seek exactly and decoders trim the encoder delay and padding; ID3v2.3 with `TIT2`, `TPE1`,
//!   `COMM`, `TSSE`, `TLEN`, one `CHAP` per chapter (titled by a `TIT2` sub-frame) and a
//!   top-level ordered `CTOC`.
//! - **Opus** (`opus`): libopus (BSD) through `opusic-sys`, 20 ms frames at 48 kHz, in Ogg
//!   pages of about one second; `OpusTags` with `TITLE`, `ARTIST`, `COMMENT`, `ENCODER` and
//!   `CHAPTER001=00:00:00.000` / `CHAPTER001NAME=…` (at most 999 chapters: readers parse three
//!   digits). The pre-skip is the encoder's look-ahead and the last page's granule position
//!   trims the padding, so the decoded audio has exactly the edition's frames.
//!
//! Chapter times are the sidecars' times ([`super::frames_to_millis`] of the same frames): a
//! decoder that honours the encoder delay (every current one) plays each chapter start at the
//! same millisecond in every format.

mod lame;
mod mp3;
mod opus;

use super::output::TempOut;
use super::sidecar::ChapterSpan;
use super::{Decibels, EditionError, OutputFormat, WavInfo};
use std::path::{Path, PathBuf};

/// The audio format of an edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Codec {
    /// 16-bit PCM WAV with `cue ` chapters (the default).
    Wav,
    /// MPEG-1 Layer III with ID3v2 chapters.
    Mp3,
    /// Opus in Ogg with chapter comments.
    Opus,
}

impl Codec {
    /// Every codec, in the order the help lists them.
    pub const ALL: [Codec; 3] = [Codec::Wav, Codec::Mp3, Codec::Opus];

    /// The name used on the command line and in summaries.
    pub fn name(self) -> &'static str {
        match self {
            Codec::Wav => "wav",
            Codec::Mp3 => "mp3",
            Codec::Opus => "opus",
        }
    }

    /// The extension of a default output name.
    pub fn extension(self) -> &'static str {
        self.name()
    }

    /// The extensions an output name of this codec may have (ASCII, any case).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Codec::Wav => &["wav"],
            Codec::Mp3 => &["mp3"],
            Codec::Opus => &["opus", "ogg"],
        }
    }

    /// The codec an output name's extension asks for, if any.
    pub fn from_path(path: &Path) -> Option<Codec> {
        let ext = path.extension()?.to_str()?;
        Codec::ALL
            .into_iter()
            .find(|c| c.extensions().iter().any(|e| e.eq_ignore_ascii_case(ext)))
    }

    /// The codec of a render: the one asked for (`--format`), else the one the output name's
    /// extension implies, else WAV. Asking for one codec and naming a file of another is an
    /// error.
    pub fn resolve(asked: Option<Codec>, out: Option<&Path>) -> Result<Codec, EncodeError> {
        let implied = out.and_then(Codec::from_path);
        match (asked, implied) {
            (Some(a), Some(i)) if a != i => Err(EncodeError::FormatClash {
                asked: a,
                path: out.map(Path::to_path_buf).unwrap_or_default(),
                implied: i,
            }),
            (Some(a), _) => Ok(a),
            (None, Some(i)) => Ok(i),
            (None, None) => Ok(Codec::Wav),
        }
    }

    /// The bit rates an encoder accepts (kbit/s), and the default for speech.
    fn bit_rates(self) -> Option<(std::ops::RangeInclusive<u32>, BitRate)> {
        match self {
            Codec::Wav => None,
            Codec::Mp3 => Some((8..=320, BitRate(64))),
            Codec::Opus => Some((6..=256, BitRate(32))),
        }
    }
}

impl std::fmt::Display for Codec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Codec::Wav => "WAV",
            Codec::Mp3 => "MP3",
            Codec::Opus => "Opus",
        })
    }
}

/// A bit rate in kbit/s (for the whole stream, all channels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BitRate(pub u32);

impl BitRate {
    /// Bits per second.
    pub fn bits_per_second(self) -> u32 {
        self.0 * 1000
    }
}

/// How an edition's audio is stored: the codec and, for a compressed one, its bit rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Encoding {
    /// 16-bit PCM WAV.
    #[default]
    Wav,
    /// MP3 at a constant bit rate.
    Mp3(BitRate),
    /// Ogg Opus at a (variable) target bit rate.
    Opus(BitRate),
}

impl Encoding {
    /// The encoding for `codec` at `rate` (`None`: the codec's default for speech, 64 kbit/s
    /// for MP3 and 32 kbit/s for Opus). A bit rate for WAV, or outside what the encoder
    /// accepts (MP3: 8–320 kbit/s, Opus: 6–256 kbit/s), is an error.
    pub fn new(codec: Codec, rate: Option<BitRate>) -> Result<Encoding, EncodeError> {
        let Some((allowed, default)) = codec.bit_rates() else {
            return match rate {
                None => Ok(Encoding::Wav),
                Some(rate) => Err(EncodeError::BitRateForWav { rate }),
            };
        };
        let rate = rate.unwrap_or(default);
        if !allowed.contains(&rate.0) {
            return Err(EncodeError::BadBitRate {
                codec,
                rate,
                min: *allowed.start(),
                max: *allowed.end(),
            });
        }
        Ok(match codec {
            Codec::Mp3 => Encoding::Mp3(rate),
            Codec::Opus => Encoding::Opus(rate),
            Codec::Wav => unreachable!("WAV has no bit rate"),
        })
    }

    /// The codec.
    pub fn codec(self) -> Codec {
        match self {
            Encoding::Wav => Codec::Wav,
            Encoding::Mp3(_) => Codec::Mp3,
            Encoding::Opus(_) => Codec::Opus,
        }
    }

    /// The bit rate of a compressed encoding.
    pub fn bit_rate(self) -> Option<BitRate> {
        match self {
            Encoding::Wav => None,
            Encoding::Mp3(r) | Encoding::Opus(r) => Some(r),
        }
    }

    /// How far below the true-peak ceiling the levelled audio stays before encoding, so that
    /// the decoded file still meets it: lossy codecs can overshoot (on the example, levelled
    /// without headroom, the decoded peaks stayed below the ceiling, MP3's by 0.6 dB and
    /// Opus's by 0.4 dB: the margin is for other material). Zero for WAV, whose bytes are the
    /// levelled samples.
    pub fn true_peak_headroom(self) -> Decibels {
        Decibels(match self {
            Encoding::Wav => 0.0,
            Encoding::Mp3(_) => 0.5,
            Encoding::Opus(_) => 1.0,
        })
    }

    /// How much louder (LU) the levelled audio is made before encoding, so that the decoded
    /// file measures the target: at these bit rates the encoders cut the highest frequencies,
    /// which the loudness weighting favours (measured on the example and the tests' text: MP3
    /// at 64 kbit/s decodes 0.4–0.5 LU quieter than its input, Opus at 32 kbit/s 0.2–0.3 LU).
    pub fn loudness_compensation(self) -> f64 {
        match self {
            Encoding::Wav => 0.0,
            Encoding::Mp3(_) => 0.4,
            Encoding::Opus(_) => 0.2,
        }
    }

    /// The one sample rate the encoder needs, if it needs one (Opus: 48 kHz).
    pub fn required_rate(self) -> Option<u32> {
        match self {
            Encoding::Opus(_) => Some(48_000),
            Encoding::Wav | Encoding::Mp3(_) => None,
        }
    }
}

/// Errors of the encoders and of choosing an encoding.
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    /// `--format` names one codec and the output name's extension another.
    #[error("{path}: --format {} asks for {asked} but the name ends in .{}; drop one or make them agree", asked.name(), path.extension().map(|e| e.to_string_lossy()).unwrap_or_default())]
    FormatClash {
        /// The codec asked for.
        asked: Codec,
        /// The output path.
        path: PathBuf,
        /// The codec its extension implies.
        implied: Codec,
    },
    /// A bit rate outside what the encoder accepts.
    #[error("{codec} bit rate {} kbit/s is out of range ({min}–{max} kbit/s)", rate.0)]
    BadBitRate {
        /// The codec.
        codec: Codec,
        /// The bit rate asked for.
        rate: BitRate,
        /// Lowest accepted (kbit/s).
        min: u32,
        /// Highest accepted (kbit/s).
        max: u32,
    },
    /// A bit rate given for an uncompressed WAV.
    #[error("a bit rate ({} kbit/s) applies to MP3 and Opus only; a WAV is uncompressed", rate.0)]
    BitRateForWav {
        /// The bit rate given.
        rate: BitRate,
    },
    /// A sample rate the codec cannot encode.
    #[error("{codec} editions are {needed} Hz (the codec's rate), not {rate} Hz")]
    SampleRate {
        /// The codec.
        codec: Codec,
        /// The rate asked for.
        rate: u32,
        /// The rate it needs.
        needed: u32,
    },
    /// More chapters than the codec's chapter marks can number.
    #[error("{codec} editions hold at most {max} chapters (readers parse three-digit chapter numbers); this one has {count}")]
    TooManyChapters {
        /// The codec.
        codec: Codec,
        /// Chapters asked for.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// The encoding library refused a call.
    #[error("{codec} encoder: {call} failed (code {code})")]
    Library {
        /// The codec.
        codec: Codec,
        /// The library call.
        call: &'static str,
        /// What it returned.
        code: i64,
    },
    /// The metadata tag could not be built.
    #[error("{codec} tag: {reason}")]
    Tag {
        /// The codec.
        codec: Codec,
        /// What went wrong.
        reason: String,
    },
}

impl EncodeError {
    /// Whether the error is the user's choice of options (exit code 2) rather than a
    /// failure of the encoder.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            EncodeError::FormatClash { .. }
                | EncodeError::BadBitRate { .. }
                | EncodeError::BitRateForWav { .. }
                | EncodeError::SampleRate { .. }
        )
    }
}

/// A streaming encoder of one compressed edition.
pub(crate) enum Encoder {
    Mp3(mp3::Mp3Writer),
    Opus(opus::OpusWriter),
}

impl Encoder {
    /// Starts an encoder for `encoding` (not WAV) writing temporary files in `dir`; `path` is
    /// the edition's audio path, for error messages.
    pub(crate) fn new(
        encoding: Encoding,
        format: OutputFormat,
        dir: &Path,
        path: &Path,
    ) -> Result<Encoder, EditionError> {
        if let Some(needed) = encoding.required_rate() {
            if format.rate.0 != needed {
                return Err(EncodeError::SampleRate {
                    codec: encoding.codec(),
                    rate: format.rate.0,
                    needed,
                }
                .into());
            }
        }
        Ok(match encoding {
            Encoding::Mp3(rate) => Encoder::Mp3(mp3::Mp3Writer::new(format, rate, dir, path)?),
            Encoding::Opus(rate) => Encoder::Opus(opus::OpusWriter::new(format, rate, dir, path)?),
            Encoding::Wav => unreachable!("a WAV is written by the edition writer itself"),
        })
    }

    /// The most chapters this encoder can mark.
    pub(crate) fn max_chapters(&self) -> Option<usize> {
        match self {
            Encoder::Mp3(_) => None,
            Encoder::Opus(_) => Some(opus::MAX_CHAPTERS),
        }
    }

    /// The codec.
    pub(crate) fn codec(&self) -> Codec {
        match self {
            Encoder::Mp3(_) => Codec::Mp3,
            Encoder::Opus(_) => Codec::Opus,
        }
    }

    /// Encodes mono samples (finite; clamped to ±1).
    pub(crate) fn write(&mut self, samples: &[f32]) -> Result<(), EditionError> {
        match self {
            Encoder::Mp3(e) => e.write(samples),
            Encoder::Opus(e) => e.write(samples),
        }
    }

    /// Encodes `frames` of silence.
    pub(crate) fn write_silence(&mut self, frames: u64) -> Result<(), EditionError> {
        const BLOCK: u64 = 4096;
        let zeros = [0.0f32; BLOCK as usize];
        let mut left = frames;
        while left > 0 {
            let n = left.min(BLOCK);
            self.write(&zeros[..n as usize])?;
            left -= n;
        }
        Ok(())
    }

    /// Flushes the encoder and writes the finished file (tags with `chapters` and `info`, then
    /// the audio) to a new temporary file, ready to be committed.
    pub(crate) fn finish(
        self,
        chapters: &[ChapterSpan],
        info: &WavInfo,
    ) -> Result<TempOut, EditionError> {
        match self {
            Encoder::Mp3(e) => e.finish(chapters, info),
            Encoder::Opus(e) => e.finish(chapters, info),
        }
    }
}
