//! The edition record, `<stem>.aloud.json` beside every edition of a catalogue: which files
//! are aloud's, what they were made from, and what a podcast feed needs to know of them.
//!
//! A record is written twice per render: before the render starts, a **claim** naming the
//! files the edition will have (so that a render killed before the end still leaves them
//! known as aloud's); after the files are in place, the **complete** record with each file's
//! size and SHA-256, the [`EditionKey`], the title, date, duration and chapters. An edition is
//! up to date when its complete record has the key of the render asked for and every file still
//! has the recorded size and SHA-256. A file at an edition's path is replaced only when a
//! record of aloud's names it (and, for a complete record, it still has the recorded content):
//! aloud never replaces a file it did not make.

use super::key::{hash_file, EditionKey, Sha256Hex};
use super::names::{DocumentId, Stem};
use super::CatalogueError;
use crate::edition::OutputPaths;
use crate::manuscript::Published;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The end of a record's file name.
pub const RECORD_SUFFIX: &str = ".aloud.json";
/// The value of every record's `format` field.
pub const RECORD_FORMAT: &str = "aloud-edition-record/1";

/// What a file of an edition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileRole {
    /// The audio (WAV, MP3 or Ogg Opus).
    Audio,
    /// Podcasting 2.0 chapters, JSON.
    Chapters,
    /// WebVTT transcript.
    Transcript,
    /// WebVTT chapters track.
    ChapterTrack,
    /// The player page (`<stem>.html`), unless the catalogue was rendered with `--no-player`.
    PlayerPage,
}

/// The files of an edition, by role: the audio first, then the sidecars, then the player page
/// when there is one.
pub fn files_of(paths: &OutputPaths) -> Vec<(FileRole, &Path)> {
    let mut files = vec![
        (FileRole::Audio, paths.audio.as_path()),
        (FileRole::Chapters, paths.chapters_json.as_path()),
        (FileRole::Transcript, paths.transcript_vtt.as_path()),
        (FileRole::ChapterTrack, paths.chapters_vtt.as_path()),
    ];
    files.extend(paths.player.as_deref().map(|p| (FileRole::PlayerPage, p)));
    files
}

/// One file of a complete edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordFile {
    /// What it is.
    pub role: FileRole,
    /// Its name in the output folder.
    pub name: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256.
    pub sha256: Sha256Hex,
}

/// A chapter as the edition holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordChapter {
    /// Its title.
    pub title: String,
    /// Its start, in seconds.
    pub start_seconds: f64,
}

/// A complete edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// `aloud <version>` that rendered it.
    pub generator: String,
    /// The document's identity.
    pub source: String,
    /// What it was made from.
    pub key: EditionKey,
    /// The title.
    pub title: String,
    /// The publication or author, if the text names one.
    pub publication: Option<String>,
    /// When the article was published, if it says.
    pub published: Option<Published>,
    /// When this document was first rendered into this folder (RFC 3339, UTC); kept by later
    /// renders. The feed's date for an article that has none.
    pub first_rendered: String,
    /// Length of the audio in seconds.
    pub duration_seconds: f64,
    /// The chapters.
    pub chapters: Vec<RecordChapter>,
    /// Every file, the audio first.
    pub files: Vec<RecordFile>,
}

/// A record as stored: a claim or a complete edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Record {
    /// A render in progress (or one that was killed): the names of the files it makes.
    Rendering {
        /// `aloud-edition-record/1`.
        format: String,
        /// The document's identity.
        source: String,
        /// The files' names.
        names: Vec<String>,
        /// The first render's time, kept from an earlier complete record.
        first_rendered: Option<String>,
    },
    /// A complete edition.
    Complete {
        /// `aloud-edition-record/1`.
        format: String,
        /// The edition.
        #[serde(flatten)]
        edition: Edition,
    },
}

/// What is at an edition's record path.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// No record.
    Nothing,
    /// A record of aloud's, and its bytes as read (to put back if a render fails).
    Ours(Box<Record>, Vec<u8>),
}

/// The record path of the edition `stem` in `dir`.
pub fn record_path(dir: &Path, stem: &Stem) -> PathBuf {
    dir.join(format!("{stem}{RECORD_SUFFIX}"))
}

/// Reads the record at `path`: nothing, one of aloud's, or an error when the file is there and
/// is not a record aloud wrote.
pub fn read(path: &Path) -> Result<Found, CatalogueError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(cause) => {
            return Err(CatalogueError::Read {
                path: path.to_path_buf(),
                cause,
            })
        }
    };
    let record: Record = serde_json::from_slice(&bytes).map_err(|e| CatalogueError::NotOurs {
        path: path.to_path_buf(),
        why: format!("it is not an edition record aloud wrote ({e})"),
    })?;
    let format = match &record {
        Record::Rendering { format, .. } | Record::Complete { format, .. } => format,
    };
    if format != RECORD_FORMAT {
        return Err(CatalogueError::NotOurs {
            path: path.to_path_buf(),
            why: format!("its format is {format:?}, not {RECORD_FORMAT:?}"),
        });
    }
    Ok(Found::Ours(Box::new(record), bytes))
}

/// Whether every file of a complete edition in `dir` still has its recorded size and
/// SHA-256; the first that does not, and why.
pub fn verify(dir: &Path, edition: &Edition) -> Result<(), (PathBuf, String)> {
    for f in &edition.files {
        let path = dir.join(&f.name);
        match std::fs::metadata(&path) {
            Err(_) => return Err((path, "is missing".into())),
            Ok(m) if m.len() != f.bytes => {
                return Err((
                    path,
                    format!("has {} bytes, not the {} aloud wrote", m.len(), f.bytes),
                ))
            }
            Ok(_) => {}
        }
        match hash_file(&path) {
            Ok((digest, _)) if digest == f.sha256 => {}
            _ => return Err((path, "was changed since aloud wrote it".into())),
        }
    }
    Ok(())
}

/// The names of the files in `dir` that `found` makes aloud's: those a claim names, or those of a
/// complete record (each, if present, must still have its recorded content).
pub fn owned_names(dir: &Path, found: &Found) -> Result<Vec<String>, CatalogueError> {
    let record = match found {
        Found::Nothing => return Ok(Vec::new()),
        Found::Ours(record, _) => &**record,
    };
    match record {
        Record::Rendering { names, .. } => Ok(names.clone()),
        Record::Complete { edition, .. } => {
            for f in &edition.files {
                let path = dir.join(&f.name);
                if !path.exists() {
                    continue;
                }
                if !matches!(hash_file(&path), Ok((d, len)) if d == f.sha256 && len == f.bytes) {
                    return Err(CatalogueError::NotOurs {
                        path,
                        why: "it was changed since aloud wrote it".into(),
                    });
                }
            }
            Ok(edition.files.iter().map(|f| f.name.clone()).collect())
        }
    }
}

/// Refuses to render over a file aloud did not make: every existing path of `paths` must be
/// one of the `owned` names ([`owned_names`]).
pub fn check_ours(paths: &OutputPaths, owned: &[String]) -> Result<(), CatalogueError> {
    for path in paths.all() {
        let name = file_name(path);
        if std::fs::symlink_metadata(path).is_ok() && !owned.contains(&name) {
            return Err(CatalogueError::NotOurs {
                path: path.to_path_buf(),
                why: "no edition record of aloud's names it".into(),
            });
        }
    }
    Ok(())
}

/// The files in `dir` of the previous edition of a stem (the `owned` names, see
/// [`owned_names`]) that the edition at `paths` does not have: the audio of another format
/// (`a.wav` when `a.mp3` replaces it), the player page when `--no-player` leaves it out. They
/// are aloud's (and, for a complete record, unchanged: [`owned_names`] refused otherwise), so
/// the render removes them once the new edition is in place; the claim names them until then
/// ([`claim`]), so a render stopped before that leaves them known as aloud's.
pub fn leaving(dir: &Path, paths: &OutputPaths, owned: &[String]) -> Vec<PathBuf> {
    let kept: Vec<String> = paths.all().into_iter().map(file_name).collect();
    owned
        .iter()
        .filter(|name| Path::new(name).file_name() == Some(std::ffi::OsStr::new(name)))
        .filter(|name| !kept.contains(name))
        .map(|name| dir.join(name))
        .filter(|path| std::fs::symlink_metadata(path).is_ok())
        .collect()
}

/// Removes the files [`leaving`] found, now that the new edition is in place (a file already
/// gone is fine).
pub fn remove_leaving(leaving: &[PathBuf]) -> Result<(), CatalogueError> {
    for path in leaving {
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(CatalogueError::Write {
                    path: path.clone(),
                    cause: e,
                })
            }
            _ => {}
        }
    }
    Ok(())
}

/// A path's file name as text.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The claim written before a render: the names of the edition's files, and of the files of
/// the previous edition that this render removes (`leaving`), so that a render killed before
/// it is done leaves them still known as aloud's.
pub fn claim(
    id: &DocumentId,
    paths: &OutputPaths,
    leaving: &[PathBuf],
    first_rendered: Option<String>,
) -> Record {
    Record::Rendering {
        format: RECORD_FORMAT.to_string(),
        source: id.to_string(),
        names: paths
            .all()
            .into_iter()
            .chain(leaving.iter().map(PathBuf::as_path))
            .map(file_name)
            .collect(),
        first_rendered,
    }
}

/// The record of the files now at `paths`, with their sizes and SHA-256s.
pub fn describe_files(paths: &OutputPaths) -> Result<Vec<RecordFile>, CatalogueError> {
    files_of(paths)
        .into_iter()
        .map(|(role, path)| {
            let (sha256, bytes) = hash_file(path)?;
            Ok(RecordFile {
                role,
                name: file_name(path),
                bytes,
                sha256,
            })
        })
        .collect()
}

/// Writes `record` to `path` through a temporary file renamed into place.
pub fn write(path: &Path, record: &Record) -> Result<(), CatalogueError> {
    let json = serde_json::to_vec_pretty(record).map_err(|e| CatalogueError::Write {
        path: path.to_path_buf(),
        cause: std::io::Error::other(e),
    })?;
    write_bytes(path, &json)
}

/// Writes `bytes` to `path` through a temporary file renamed into place.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), CatalogueError> {
    let io = |cause| CatalogueError::Write {
        path: path.to_path_buf(),
        cause,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".aloud-")
        .suffix(".new")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.write_all(b"\n").map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// Every complete edition in `dir`, sorted by stem, and the record files that could not be
/// used (with the reason).
pub fn scan(dir: &Path) -> Result<Scan, CatalogueError> {
    let entries = std::fs::read_dir(dir).map_err(|cause| CatalogueError::Read {
        path: dir.to_path_buf(),
        cause,
    })?;
    let mut names: Vec<(Stem, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = Stem::parse(name.strip_suffix(RECORD_SUFFIX)?)?;
            Some((stem, e.path()))
        })
        .collect();
    names.sort();
    let mut scan = Scan::default();
    for (stem, path) in names {
        match read(&path) {
            Ok(Found::Ours(record, _)) => match *record {
                Record::Complete { edition, .. } => match verify(dir, &edition) {
                    Ok(()) => scan.editions.push((stem, edition)),
                    Err((file, why)) => scan
                        .unusable
                        .push((path, format!("{} {why}", file.display()))),
                },
                Record::Rendering { .. } => scan
                    .unusable
                    .push((path, "its render did not finish".to_string())),
            },
            Ok(Found::Nothing) => {}
            Err(e) => scan.unusable.push((path, e.to_string())),
        }
    }
    Ok(scan)
}

/// What [`scan`] found.
#[derive(Debug, Default)]
pub struct Scan {
    /// The complete editions whose files are as recorded, by stem.
    pub editions: Vec<(Stem, Edition)>,
    /// Records that were left out, and why.
    pub unusable: Vec<(PathBuf, String)>,
}
