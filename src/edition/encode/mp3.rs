//! MP3 editions: LAME frames streamed to a temporary file, then an ID3v2.3 tag with the
//! chapters, the `Info` frame and the frames written to the file committed.

use super::lame::{Lame, LameParams, CHUNK};
use super::{BitRate, Codec, EncodeError};
use crate::edition::output::{folder_of, TempOut};
use crate::edition::sidecar::{frames_to_millis, ChapterSpan};
use crate::edition::{Channels, EditionError, OutputFormat, WavInfo};
use crate::units::SampleRate;
use id3::frame::{Chapter, Comment, TableOfContents};
use id3::{Frame, Tag, TagLike, Version};
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Streams MP3 frames to a temporary file; [`finish`](Self::finish) writes the edition.
pub(crate) struct Mp3Writer {
    lame: Lame,
    frames: BufWriter<TempOut>,
    path: PathBuf,
    rate: SampleRate,
    samples: u64,
}

impl Mp3Writer {
    pub(super) fn new(
        format: OutputFormat,
        bit_rate: BitRate,
        dir: &Path,
        path: &Path,
    ) -> Result<Mp3Writer, EditionError> {
        let lame = Lame::new(LameParams {
            rate: format.rate.0,
            stereo: format.channels == Channels::Stereo,
            bit_rate,
        })?;
        Ok(Mp3Writer {
            lame,
            frames: BufWriter::with_capacity(1 << 16, TempOut::new_in(dir)?),
            path: path.to_path_buf(),
            rate: format.rate,
            samples: 0,
        })
    }

    fn io(&self, e: std::io::Error) -> EditionError {
        EditionError::Io {
            path: self.path.clone(),
            cause: e,
        }
    }

    pub(super) fn write(&mut self, samples: &[f32]) -> Result<(), EditionError> {
        for chunk in samples.chunks(CHUNK) {
            let bytes = self.lame.encode(chunk)?;
            if let Err(e) = self.frames.write_all(bytes) {
                return Err(self.io(e));
            }
        }
        self.samples += samples.len() as u64;
        Ok(())
    }

    pub(super) fn finish(
        mut self,
        chapters: &[ChapterSpan],
        info: &WavInfo,
    ) -> Result<TempOut, EditionError> {
        let last = self.lame.flush()?.to_vec();
        self.frames.write_all(&last).map_err(|e| self.io(e))?;
        let tag_frame = self.lame.tag_frame()?;
        let software = format!("{} (LAME {})", info.software, Lame::version());
        let duration_ms = frames_to_millis(self.samples, self.rate);
        let tag = id3_tag(chapters, info, &software, duration_ms, self.rate)?;
        let mut frames = self.frames.into_inner().map_err(|e| EditionError::Io {
            path: self.path.clone(),
            cause: e.into_error(),
        })?;
        let io = |e| EditionError::Io {
            path: self.path.clone(),
            cause: e,
        };
        // LAME's stream opens with a placeholder frame the size of the tag frame.
        frames
            .seek(SeekFrom::Start(tag_frame.len() as u64))
            .map_err(io)?;
        let mut out = BufWriter::with_capacity(1 << 16, TempOut::new_in(folder_of(&self.path))?);
        out.write_all(&tag).map_err(io)?;
        out.write_all(&tag_frame).map_err(io)?;
        std::io::copy(&mut frames, &mut out).map_err(io)?;
        out.into_inner().map_err(|e| io(e.into_error()))
    }
}

/// The ID3v2.3 tag: title, artist, comment, software, length, one `CHAP` per chapter (times in
/// milliseconds, no byte offsets) and a top-level ordered `CTOC` listing them.
fn id3_tag(
    chapters: &[ChapterSpan],
    info: &WavInfo,
    software: &str,
    duration_ms: u64,
    rate: SampleRate,
) -> Result<Vec<u8>, EncodeError> {
    let mut tag = Tag::new();
    if !info.title.is_empty() {
        tag.set_title(info.title.clone());
    }
    if !info.artist.is_empty() {
        tag.set_artist(info.artist.clone());
    }
    if !info.comment.is_empty() {
        tag.add_frame(Comment {
            lang: "eng".to_string(),
            description: String::new(),
            text: info.comment.clone(),
        });
    }
    if let Ok(date) = info.date.parse::<id3::Timestamp>() {
        tag.set_date_recorded(date);
    }
    tag.add_frame(Frame::text("TSSE", software));
    tag.add_frame(Frame::text("TLEN", duration_ms.to_string()));
    let millis = |frames| u32::try_from(frames_to_millis(frames, rate)).unwrap_or(u32::MAX);
    let ids: Vec<String> = (0..chapters.len()).map(|i| format!("chp{i}")).collect();
    tag.add_frame(TableOfContents {
        element_id: "toc".to_string(),
        top_level: true,
        ordered: true,
        elements: ids.clone(),
        frames: Vec::new(),
    });
    for (c, id) in chapters.iter().zip(ids) {
        tag.add_frame(Chapter {
            element_id: id,
            start_time: millis(c.start),
            end_time: millis(c.end),
            start_offset: u32::MAX,
            end_offset: u32::MAX,
            frames: vec![Frame::text("TIT2", c.title.clone())],
        });
    }
    let mut bytes = Vec::new();
    id3::Encoder::new()
        .version(Version::Id3v23)
        .encode(&tag, &mut bytes)
        .map_err(|e| EncodeError::Tag {
            codec: Codec::Mp3,
            reason: e.to_string(),
        })?;
    Ok(bytes)
}
