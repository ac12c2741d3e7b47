//! The paths of one edition: the audio file, its three sidecars and its player page.

use super::encode::Codec;
use super::player::PlayerPage;
use super::EditionError;
use std::path::{Path, PathBuf};

/// The files of one edition: the audio, its three sidecars and its player page, side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputPaths {
    /// `<stem>.wav`, `.mp3`, `.opus` or `.ogg` (the path given).
    pub audio: PathBuf,
    /// Podcasting 2.0 chapters: `<stem>.chapters.json`.
    pub chapters_json: PathBuf,
    /// WebVTT transcript: `<stem>.vtt`.
    pub transcript_vtt: PathBuf,
    /// WebVTT chapters: `<stem>.chapters.vtt`.
    pub chapters_vtt: PathBuf,
    /// The player page: `<stem>.html`, unless left out.
    pub player: Option<PathBuf>,
}

impl OutputPaths {
    /// The sidecar and player page paths for a WAV path (the extension is replaced).
    pub fn for_wav(wav: &Path) -> Result<Self, EditionError> {
        Self::for_audio(wav, Codec::Wav)
    }

    /// The sidecar and player page paths for an audio path whose extension is one of `codec`'s
    /// (it is replaced by the sidecars' extensions).
    pub fn for_audio(audio: &Path, codec: Codec) -> Result<Self, EditionError> {
        Self::new(audio, codec, PlayerPage::Included)
    }

    /// The paths of an edition at `wav` stored as `codec`, with or without its player page.
    pub fn new(wav: &Path, codec: Codec, page: PlayerPage) -> Result<Self, EditionError> {
        let bad = |reason| EditionError::BadOutputPath {
            path: wav.to_path_buf(),
            reason,
        };
        if wav
            .as_os_str()
            .to_string_lossy()
            .ends_with(std::path::MAIN_SEPARATOR)
        {
            return Err(bad("it ends in a slash; give a file name ending in .wav"));
        }
        if Codec::from_path(wav) != Some(codec) {
            return Err(bad(match codec {
                Codec::Wav => "the audio file's name must end in .wav (or .mp3, .opus, .ogg for a compressed edition), so that it and its sidecars (.vtt, .chapters.json, .chapters.vtt, .html) cannot take each other's names",
                Codec::Mp3 => "an MP3 edition's name must end in .mp3",
                Codec::Opus => "an Opus edition's name must end in .opus or .ogg",
            }));
        }
        let stem = wav
            .file_stem()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| EditionError::BadOutputPath {
                path: wav.to_path_buf(),
                reason: "it has no file name",
            })?
            .to_string_lossy()
            .into_owned();
        let side = |ext: &str| wav.with_file_name(format!("{stem}.{ext}"));
        Ok(OutputPaths {
            audio: wav.to_path_buf(),
            chapters_json: side("chapters.json"),
            transcript_vtt: side("vtt"),
            chapters_vtt: side("chapters.vtt"),
            player: match page {
                PlayerPage::Included => Some(side("html")),
                PlayerPage::Omitted => None,
            },
        })
    }

    /// Every path: the sidecars, the player page, then the audio (the order
    /// [`EditionWriter::finish`](super::EditionWriter::finish) moves them into place).
    pub fn all(&self) -> Vec<&Path> {
        let mut all = vec![
            self.chapters_json.as_path(),
            self.chapters_vtt.as_path(),
            self.transcript_vtt.as_path(),
        ];
        all.extend(self.player.as_deref());
        all.push(&self.audio);
        all
    }
}
