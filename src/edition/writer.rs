//! The streaming, chaptered WAV writer and its sidecars, written atomically.

use super::encode::{EncodeError, Encoder, Encoding};
use super::output::{self, TempOut};
use super::paths::OutputPaths;
use super::player::{self, PageChapter, PageFacts, PageWriter, PlayerPage};
use super::reader::ChapterMark;
use super::riff::{self, Container, MAX_CHAPTERS, MAX_INFO_BYTES, MAX_TITLE_BYTES, RIFF_LIMIT};
use super::sidecar::{self, ChapterSpan};
use super::wav_end::{quantize, WavEnd};
use super::{Channels, Decibels, EditionError, OutputFormat};
use crate::units::{Frames, Seconds};
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

/// Metadata for the `LIST/INFO` chunk. Empty fields are left out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WavInfo {
    /// Title (`INAM`).
    pub title: String,
    /// Artist: the publication or author (`IART`).
    pub artist: String,
    /// Comment (`ICMT`).
    pub comment: String,
    /// Date (`ICRD`), e.g. `2024-05-01`. Pass a fixed date, not "now", to keep renders
    /// byte-identical.
    pub date: String,
    /// Software (`ISFT`).
    pub software: String,
}

impl WavInfo {
    /// (chunk id, name, text) of every field, in the order they are written.
    fn named_fields(&self) -> [(&'static [u8; 4], &'static str, &str); 5] {
        [
            (b"INAM", "title", &self.title),
            (b"IART", "artist", &self.artist),
            (b"ICMT", "comment", &self.comment),
            (b"ICRD", "date", &self.date),
            (b"ISFT", "software", &self.software),
        ]
    }

    fn fields(&self) -> [(&'static [u8; 4], &str); 5] {
        self.named_fields().map(|(id, _, text)| (id, text))
    }

    /// Checks that every field can be stored (no NUL, at most 64 KiB), so a caller can refuse
    /// bad metadata before any work; [`EditionWriter::finish`] checks again.
    pub fn validate(&self) -> Result<(), EditionError> {
        for (_, what, text) in self.named_fields() {
            riff::check_text(what, text, MAX_INFO_BYTES)?;
        }
        Ok(())
    }

    /// Info with a title and `software` set to `aloud <version>`.
    pub fn new(title: impl Into<String>) -> Self {
        WavInfo {
            title: title.into(),
            software: concat!("aloud ", env!("CARGO_PKG_VERSION")).to_string(),
            ..WavInfo::default()
        }
    }
}

/// What [`EditionWriter::finish`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct FinishReport {
    /// The files, now in place.
    pub paths: OutputPaths,
    /// Frames of audio.
    pub frames: u64,
    /// Duration of the audio.
    pub duration: Seconds,
    /// The chapters as stored (same values [`super::read_chapters`] returns).
    pub chapters: Vec<ChapterMark>,
    /// Highest sample peak (dBFS).
    pub sample_peak: Decibels,
    /// Samples beyond ±1.0 that were clamped.
    pub clipped: u64,
    /// Whether the file had to be RF64 (over 4 GiB; WAV only).
    pub rf64: bool,
    /// Size of the audio file in bytes.
    pub bytes: u64,
    /// How the audio is stored.
    pub encoding: Encoding,
}

/// Where the audio goes: 16-bit PCM into the WAV, or floats into an encoder.
enum Sink {
    Wav(BufWriter<TempOut>),
    Encoded(Box<Encoder>),
}

/// Streams a chaptered 16-bit PCM WAV (or a compressed edition, see [`super::encode`]) and its
/// sidecars to temporary files next to the output, and renames them into place in
/// [`finish`](Self::finish). Dropping it unfinished removes the temporary files; a previous
/// output at the path is never touched before then.
pub struct EditionWriter {
    paths: OutputPaths,
    format: OutputFormat,
    audio: Sink,
    vtt: BufWriter<TempOut>,
    page: Option<PageWriter>,
    frames: u64,
    chapters: Vec<(u64, String)>,
    last_cue_start: u64,
    last_cue_end: u64,
    /// Highest absolute sample written, as the bits of an `f32`.
    peak: u32,
    clipped: u64,
    riff_limit: u64,
    /// The block being written, as little-endian 16-bit words.
    pcm: Vec<i16>,
    /// Zero bytes for pauses.
    zeros: Vec<u8>,
    encoding: Encoding,
}

/// Most frames a file may hold: cue points and chapter lengths are 32-bit frame counts
/// (27 hours at 44.1 kHz, 24.8 hours at 48 kHz).
pub const MAX_FRAMES: u64 = u32::MAX as u64;

impl EditionWriter {
    /// Opens the temporary files in the output's folder (which must exist), for a WAV edition
    /// with its player page. Fails before any work when the folder is missing or not writable,
    /// the path is a directory, or a file at the page's path was not written by aloud.
    pub fn create(path: &Path, format: OutputFormat) -> Result<Self, EditionError> {
        Self::create_encoded(path, format, Encoding::Wav, PlayerPage::Included)
    }

    /// Like [`create`](Self::create), for an edition stored with `encoding` (the path's
    /// extension must be one of its codec's), with or without the player page.
    pub fn create_encoded(
        path: &Path,
        format: OutputFormat,
        encoding: Encoding,
        page: PlayerPage,
    ) -> Result<Self, EditionError> {
        if format.rate.0 == 0 || format.rate.0 > 384_000 {
            return Err(EditionError::BadRate(format.rate.0));
        }
        let paths = OutputPaths::new(path, encoding.codec(), page)?;
        for p in paths.all() {
            output::check_kind(p)?;
        }
        if let Some(p) = &paths.player {
            player::check_replaceable(p)?;
        }
        let dir = output::folder_of(&paths.audio);
        output::sweep_stale(dir);
        let audio = if encoding == Encoding::Wav {
            let mut wav = BufWriter::with_capacity(1 << 16, TempOut::new_in(dir)?);
            let placeholder = riff::header(format, None, Container::Riff);
            wav.write_all(&placeholder)
                .map_err(|e| EditionError::io(&paths.audio, e))?;
            Sink::Wav(wav)
        } else {
            Sink::Encoded(Box::new(Encoder::new(encoding, format, dir, &paths.audio)?))
        };
        let mut vtt = BufWriter::new(TempOut::new_in(dir)?);
        vtt.write_all(sidecar::VTT_HEADER.as_bytes())
            .map_err(|e| EditionError::io(&paths.transcript_vtt, e))?;
        let page = match &paths.player {
            Some(p) => Some(PageWriter::new(p, dir)?),
            None => None,
        };
        Ok(EditionWriter {
            paths,
            format,
            audio,
            encoding,
            vtt,
            page,
            frames: 0,
            chapters: Vec::new(),
            last_cue_start: 0,
            last_cue_end: 0,
            peak: 0,
            clipped: 0,
            riff_limit: RIFF_LIMIT,
            pcm: Vec::new(),
            zeros: Vec::new(),
        })
    }

    /// Lowers the size above which the file is written as RF64 (normally 4 GiB − 1), so tests
    /// can exercise RF64 without writing gigabytes.
    pub fn with_riff_limit(mut self, bytes: u64) -> Self {
        self.riff_limit = bytes.min(RIFF_LIMIT);
        self
    }

    /// The output format.
    pub fn format(&self) -> OutputFormat {
        self.format
    }

    /// The files this writer will produce.
    pub fn paths(&self) -> &OutputPaths {
        &self.paths
    }

    /// Frames written so far: the position of the next sample.
    pub fn position(&self) -> u64 {
        self.frames
    }

    /// The position after `frames` more, if the file can hold them.
    fn end_after(&self, frames: u64) -> Result<u64, EditionError> {
        let end = self.frames + frames;
        if end > MAX_FRAMES {
            return Err(EditionError::TooLong { frames: end });
        }
        Ok(end)
    }

    /// Appends mono samples (−1.0..=1.0; beyond is clamped and counted). With
    /// [`Channels::Stereo`] every sample goes to both channels. After an error the edition
    /// is unusable (drop the writer).
    pub fn write(&mut self, samples: &[f32]) -> Result<(), EditionError> {
        let end = self.end_after(samples.len() as u64)?;
        let stereo = self.format.channels == Channels::Stereo;
        let clipped_before = self.clipped;
        // Blocks keep every pass branch-free so it vectorizes; a chunk of them is quantized
        // and written at a time, so the buffer stays small (at least the file buffer's
        // 64 KiB, so it goes to the file without another copy).
        const BLOCK: usize = 1024;
        const CHUNK: usize = 32 * BLOCK;
        for (c, chunk) in samples.chunks(CHUNK).enumerate() {
            self.pcm.clear();
            for (b, block) in chunk.chunks(BLOCK).enumerate() {
                // |s| as bits orders like |s| for every float, is at least the infinity
                // pattern exactly for NaN and ±inf, and above 1.0's pattern when the sample
                // will clip.
                let (mut bad, mut clipped, mut peak) = (0u32, 0u32, self.peak);
                for &s in block {
                    let bits = s.to_bits() & 0x7fff_ffff;
                    bad |= u32::from(bits >= 0x7f80_0000);
                    clipped += u32::from(bits > 0x3f80_0000);
                    peak = peak.max(bits);
                }
                if bad != 0 {
                    let i = block.iter().position(|s| !s.is_finite()).unwrap_or(0);
                    return Err(EditionError::NonFiniteSample {
                        index: self.frames + (c * CHUNK + b * BLOCK + i) as u64,
                        value: block[i],
                    });
                }
                self.clipped += u64::from(clipped);
                self.peak = peak;
                if !matches!(self.audio, Sink::Wav(_)) {
                    continue;
                }
                if stereo {
                    for &s in block {
                        let q = quantize(s).to_le();
                        self.pcm.extend_from_slice(&[q, q]);
                    }
                } else {
                    self.pcm.extend(block.iter().map(|&s| quantize(s).to_le()));
                }
            }
            if let Sink::Wav(wav) = &mut self.audio {
                wav.write_all(bytemuck::cast_slice(&self.pcm))
                    .map_err(|e| EditionError::io(&self.paths.audio, e))?;
            }
        }
        match &mut self.audio {
            Sink::Wav(_) => {}
            Sink::Encoded(e) if self.clipped > clipped_before => {
                let clamped: Vec<f32> = samples.iter().map(|s| s.clamp(-1.0, 1.0)).collect();
                e.write(&clamped)?;
            }
            Sink::Encoded(e) => e.write(samples)?,
        }
        self.frames = end;
        Ok(())
    }

    /// Appends `frames` of silence (pauses) without the caller allocating them.
    pub fn write_silence(&mut self, frames: u64) -> Result<(), EditionError> {
        let end = self.end_after(frames)?;
        let wav = match &mut self.audio {
            Sink::Wav(wav) => wav,
            Sink::Encoded(e) => {
                e.write_silence(frames)?;
                self.frames = end;
                return Ok(());
            }
        };
        const BLOCK: u64 = 16_384;
        let width = u64::from(self.format.block_align());
        let want = (frames.min(BLOCK) * width) as usize;
        if self.zeros.len() < want {
            self.zeros.resize(want, 0);
        }
        let mut left = frames;
        while left > 0 {
            let n = left.min(BLOCK);
            wav.write_all(&self.zeros[..(n * width) as usize])
                .map_err(|e| EditionError::io(&self.paths.audio, e))?;
            left -= n;
        }
        self.frames = end;
        Ok(())
    }

    /// Starts a chapter at the current position. Titles are UTF-8 without NUL, at most
    /// 4096 bytes; at most [`MAX_CHAPTERS`] chapters.
    pub fn mark_chapter(&mut self, title: &str) -> Result<(), EditionError> {
        riff::check_text("chapter title", title, MAX_TITLE_BYTES)?;
        if self.chapters.len() >= MAX_CHAPTERS {
            return Err(EditionError::TooManyChapters {
                count: self.chapters.len() + 1,
            });
        }
        if let Sink::Encoded(e) = &self.audio {
            if let Some(max) = e.max_chapters().filter(|&m| self.chapters.len() >= m) {
                return Err(EncodeError::TooManyChapters {
                    codec: e.codec(),
                    count: self.chapters.len() + 1,
                    max,
                }
                .into());
            }
        }
        if let Some(page) = &mut self.page {
            page.chapter(title)?;
        }
        self.chapters.push((self.frames, title.to_string()));
        Ok(())
    }

    /// Starts a new paragraph of the transcript: the player page shows the cues that follow
    /// as a paragraph of their own (a change of speaker starts one anyway; WebVTT has no
    /// paragraphs).
    pub fn paragraph(&mut self) {
        if let Some(page) = &mut self.page {
            page.paragraph();
        }
    }

    /// Adds one sentence to the WebVTT transcript: frames `start..end` of the edition, spoken by
    /// `speaker`. Cues must come in order of their start; the end may lie ahead of
    /// [`position`](Self::position) but not past the end of the finished audio.
    pub fn cue(
        &mut self,
        start: u64,
        end: u64,
        speaker: &str,
        text: &str,
    ) -> Result<(), EditionError> {
        let bad = |reason| EditionError::BadCue {
            start,
            end,
            text: text.chars().take(60).collect(),
            reason,
        };
        if end <= start {
            return Err(bad("is empty or reversed"));
        }
        if start < self.last_cue_start {
            return Err(bad("starts before the previous cue"));
        }
        self.last_cue_start = start;
        self.last_cue_end = self.last_cue_end.max(end);
        let rate = self.format.rate;
        let (start_ms, end_ms) = (
            sidecar::frames_to_millis(start, rate),
            sidecar::frames_to_millis(end, rate),
        );
        if let Some(page) = &mut self.page {
            page.cue(start_ms, end_ms, speaker, text)?;
        }
        let cue = sidecar::transcript_cue(start_ms, end_ms, speaker, text);
        self.vtt
            .write_all(cue.as_bytes())
            .map_err(|e| EditionError::io(&self.paths.transcript_vtt, e))
    }

    /// Completes the WAV (trailing chunks, patched header: RIFF, or RF64 past 4 GiB), writes the
    /// sidecars, flushes everything to disk and renames the files into place (sidecars first,
    /// the WAV last).
    pub fn finish(self, info: &WavInfo) -> Result<FinishReport, EditionError> {
        info.validate()?;
        let fields = info.fields();
        if self.last_cue_end > self.frames {
            return Err(EditionError::BadCue {
                start: self.last_cue_start,
                end: self.last_cue_end,
                text: String::new(),
                reason: "ends past the end of the audio",
            });
        }
        let EditionWriter {
            paths,
            format,
            audio,
            encoding,
            vtt,
            page,
            frames,
            chapters,
            peak,
            clipped,
            riff_limit,
            ..
        } = self;

        let spans: Vec<ChapterSpan> = chapters
            .iter()
            .enumerate()
            .map(|(i, (start, title))| ChapterSpan {
                start: *start,
                end: chapters.get(i + 1).map_or(frames, |c| c.0),
                title: title.clone(),
            })
            .collect();
        let (audio, container, bytes) = match audio {
            Sink::Wav(wav) => WavEnd {
                format,
                frames,
                riff_limit,
            }
            .finish(wav, &paths.audio, &spans, &fields)?,
            Sink::Encoded(e) => {
                let mut file = e.finish(&spans, info)?;
                let bytes = file
                    .seek(SeekFrom::End(0))
                    .map_err(|e| EditionError::io(&paths.audio, e))?;
                (file, Container::Riff, bytes)
            }
        };

        let vtt = vtt
            .into_inner()
            .map_err(|e| EditionError::io(&paths.transcript_vtt, e.into_error()))?;
        let json = write_temp(
            &paths.chapters_json,
            &sidecar::chapters_json(&spans, format.rate),
        )?;
        let chapters_vtt = write_temp(
            &paths.chapters_vtt,
            &sidecar::chapters_vtt(&spans, format.rate),
        )?;

        let dir = output::folder_of(&paths.audio);
        let mut files = vec![
            (json, paths.chapters_json.as_path()),
            (chapters_vtt, paths.chapters_vtt.as_path()),
            (vtt, paths.transcript_vtt.as_path()),
        ];
        if let (Some(page), Some(page_path)) = (page, &paths.player) {
            let ms = |f| sidecar::frames_to_millis(f, format.rate);
            let chapters: Vec<PageChapter> = spans
                .iter()
                .map(|c| PageChapter {
                    start_ms: ms(c.start),
                    end_ms: ms(c.end),
                    title: c.title.clone(),
                })
                .collect();
            let links = [
                (paths.audio.as_path(), "audio"),
                (paths.transcript_vtt.as_path(), "transcript, WebVTT"),
                (paths.chapters_json.as_path(), "chapters, JSON"),
                (paths.chapters_vtt.as_path(), "chapters, WebVTT"),
            ];
            let facts = PageFacts {
                title: &info.title,
                publication: &info.artist,
                duration_ms: ms(frames),
                chapters: &chapters,
                files: &links,
            };
            files.push((page.finish(dir, &facts)?, page_path.as_path()));
        }
        files.push((audio, paths.audio.as_path()));
        output::commit(dir, files)?;

        let marks = spans
            .iter()
            .map(|c| ChapterMark::new(c.start, c.end, Some(c.title.clone()), format.rate))
            .collect();
        Ok(FinishReport {
            paths,
            frames,
            duration: format.rate.duration(Frames(frames as usize)),
            chapters: marks,
            sample_peak: Decibels::from_ratio(f64::from(f32::from_bits(peak))),
            clipped,
            rf64: container == Container::Rf64,
            bytes,
            encoding,
        })
    }
}

fn write_temp(path: &Path, text: &str) -> Result<TempOut, EditionError> {
    let mut tmp = TempOut::new_in(output::folder_of(path))?;
    tmp.write_all(text.as_bytes())
        .map_err(|e| EditionError::io(path, e))?;
    Ok(tmp)
}
