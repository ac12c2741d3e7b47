//! Output safety: which paths an edition may write, its temporary files, and the
//! all-or-nothing commit of its files.
//!
//! - [`check_output_set`] refuses, before any work, an output set that would replace a file the
//!   render reads (same device and inode, so links and other spellings are caught), or a path
//!   that exists and is not a regular file (a device, FIFO, socket or folder).
//! - Temporary files are named `.aloud-<random>.partial` in the output's folder (short, so a
//!   long output name still fits) and hold an exclusive `flock` for as long as their owner
//!   lives (where the file system has `flock`; elsewhere they are never swept): a file of
//!   that name that can be locked belongs to a process that is gone (killed,
//!   out of memory) and is removed by the next edition written into that folder
//!   ([`sweep_stale`]). They are created under another name and renamed once locked, so a
//!   `.partial` file is locked from the moment it has that name.
//! - [`commit`] moves the files into place under an exclusive lock on the folder, so two
//!   renders to one output commit one after the other and the last one's set stands whole. An
//!   existing file is first kept as a hard link (`.aloud-<random>.old`); if a rename fails, the
//!   files already moved are put back, so the previous edition stays as it was.

use super::encode::Codec;
use super::paths::OutputPaths;
use super::player::PlayerPage;
use super::EditionError;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Start of the name of every temporary file aloud makes in an output folder.
const TEMP_PREFIX: &str = ".aloud-";
/// End of the name of a temporary output file while it is being written.
const PARTIAL: &str = ".partial";
/// End of the name of a previous output file kept during a commit.
const OLD: &str = ".old";

/// The folder of an output path (`.` for a bare file name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Refuses, before any work, an output path whose folder does not exist, whose extension is
/// not `codec`'s (`.wav`, `.mp3`, `.opus` or `.ogg`), or whose edition (the audio, a sidecar
/// or, unless `page` leaves it out, the player page) would replace a file the render reads
/// (`reads`), something that is not a regular file, or a page aloud did not write (see
/// [`check_output_set`]).
pub fn check_output(
    out: &Path,
    codec: Codec,
    page: PlayerPage,
    reads: &[&Path],
) -> Result<(), EditionError> {
    let folder = folder_of(out);
    if !folder.is_dir() {
        return Err(EditionError::MissingFolder {
            out: out.to_path_buf(),
            folder: folder.to_path_buf(),
        });
    }
    check_output_set(&OutputPaths::new(out, codec, page)?, reads)
}

/// Refuses an output set that would replace a file the render reads (`reads`: the input, the
/// user lexicon, the cast file…), a path that exists and is not a regular file, or a file at
/// the player page's path that aloud did not write. Call it before any work;
/// [`super::EditionWriter::create`] checks the file kinds and the page again.
pub fn check_output_set(paths: &OutputPaths, reads: &[&Path]) -> Result<(), EditionError> {
    let read_ids: Vec<(&Path, FileId)> = reads
        .iter()
        .filter_map(|p| Some((*p, FileId::of(p)?)))
        .collect();
    for out in paths.all() {
        check_kind(out)?;
        let Some(id) = FileId::of(out) else { continue };
        if let Some((input, _)) = read_ids.iter().find(|(_, r)| *r == id) {
            return Err(EditionError::OutputIsInput {
                output: out.to_path_buf(),
                input: input.to_path_buf(),
            });
        }
    }
    if let Some(page) = &paths.player {
        super::player::check_replaceable(page)?;
    }
    Ok(())
}

/// Refuses a path that exists (after following links) and is not a regular file.
pub(crate) fn check_kind(path: &Path) -> Result<(), EditionError> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(()); // missing, or a dangling link: the rename replaces the name only
    };
    let ft = meta.file_type();
    if ft.is_file() {
        return Ok(());
    }
    let kind = if ft.is_dir() {
        "a folder"
    } else {
        special_kind(&ft)
    };
    Err(EditionError::NotRegularFile {
        path: path.to_path_buf(),
        kind,
    })
}

#[cfg(unix)]
fn special_kind(ft: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_char_device() {
        "a character device"
    } else if ft.is_block_device() {
        "a block device"
    } else if ft.is_fifo() {
        "a FIFO (named pipe)"
    } else if ft.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "not a regular file"
}

/// The identity of an existing file: device and inode (the canonical path elsewhere).
#[derive(Debug, PartialEq, Eq)]
struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

impl FileId {
    fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = std::fs::metadata(path).ok()?;
            Some(FileId((m.dev(), m.ino())))
        }
        #[cfg(not(unix))]
        {
            Some(FileId(std::fs::canonicalize(path).ok()?))
        }
    }
}

/// A temporary output file: removed when dropped, unless [`commit`] moved it into place.
#[derive(Debug)]
pub(crate) struct TempOut {
    file: File,
    path: PathBuf,
    placed: bool,
}

impl TempOut {
    /// Creates a locked `.aloud-<random>.partial` file in `dir` (mode 0644).
    pub(crate) fn new_in(dir: &Path) -> Result<TempOut, EditionError> {
        let folder_error = |cause| EditionError::OutputFolder {
            path: dir.to_path_buf(),
            cause,
        };
        let mut b = tempfile::Builder::new();
        b.prefix(TEMP_PREFIX).suffix(".new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            b.permissions(std::fs::Permissions::from_mode(0o644));
        }
        let (file, new_path) = b
            .tempfile_in(dir)
            .map_err(folder_error)?
            .keep()
            .map_err(|e| folder_error(e.error))?;
        let path = new_path.with_extension(&PARTIAL[1..]);
        // A file system without `flock` leaves the file unlocked: it is then never swept
        // (sweeping needs the lock), which is the safe side.
        let _ = file.lock();
        if let Err(cause) = std::fs::rename(&new_path, &path) {
            let _ = std::fs::remove_file(&new_path);
            return Err(folder_error(cause));
        }
        Ok(TempOut {
            file,
            path,
            placed: false,
        })
    }

    /// Where the file is now.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

impl Write for TempOut {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Read for TempOut {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.file.read(buf)
    }
}

impl Seek for TempOut {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.file.seek(pos)
    }
}

impl Drop for TempOut {
    fn drop(&mut self) {
        if !self.placed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Removes the temporary files of renders into `dir` whose process is gone: `.partial` files
/// nobody holds a lock on, and `.old` files of a commit that never finished (seen while this
/// process holds the folder's lock, so no commit is running). Best effort: what cannot be
/// checked or removed is left alone.
pub(crate) fn sweep_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let names: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(TEMP_PREFIX))
        })
        .collect();
    let folder_lock = File::open(dir).ok().filter(|f| f.try_lock().is_ok());
    for path in names {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let stale = if name.ends_with(PARTIAL) {
            File::open(&path).is_ok_and(|f| f.try_lock().is_ok())
        } else {
            name.ends_with(OLD) && folder_lock.is_some()
        };
        if stale {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Moves each temporary file to its path, all or nothing (see the module docs). The paths
/// must lie in `dir`.
pub(crate) fn commit(dir: &Path, files: Vec<(TempOut, &Path)>) -> Result<(), EditionError> {
    // Serialize commits into this folder; where a folder cannot be opened or locked (a file
    // system without `flock`), the commit goes ahead unserialized, as renames alone would.
    let folder = File::open(dir).ok().filter(|f| f.lock().is_ok());
    // Keep every existing file under a second name first.
    let mut kept: Vec<Kept> = Vec::with_capacity(files.len());
    for (_, path) in &files {
        match keep_old(dir, path) {
            Ok(k) => kept.push(k),
            Err(e) => {
                kept.iter().for_each(Kept::discard);
                return Err(e);
            }
        }
    }
    let mut placed = 0;
    let mut failure = None;
    for (tmp, path) in &files {
        if let Err(cause) = std::fs::rename(tmp.path(), path) {
            failure = Some(EditionError::Io {
                path: path.to_path_buf(),
                cause,
            });
            break;
        }
        placed += 1;
    }
    let mut files = files;
    if let Some(e) = failure {
        // Put the previous edition back (or remove a file that had none before).
        for ((_, path), old) in files.iter().zip(&kept).take(placed) {
            let _ = match old {
                Kept::As(old) => std::fs::rename(old, path),
                Kept::Absent => std::fs::remove_file(path),
                Kept::Unkept => Ok(()),
            };
        }
        kept.iter().for_each(Kept::discard);
        return Err(e);
    }
    for (tmp, _) in &mut files {
        tmp.placed = true;
    }
    kept.iter().for_each(Kept::discard);
    drop(folder); // releases the lock
    Ok(())
}

/// What was at an output path before a commit.
enum Kept {
    /// Nothing.
    Absent,
    /// A file, now also at this `.old` path.
    As(PathBuf),
    /// A file that could not be kept (the file system has no hard links): a failed commit
    /// cannot put it back.
    Unkept,
}

impl Kept {
    fn discard(&self) {
        if let Kept::As(old) = self {
            let _ = std::fs::remove_file(old);
        }
    }
}

/// Hard-links an existing file at `path` to a `.aloud-<random>.old` name in `dir`.
fn keep_old(dir: &Path, path: &Path) -> Result<Kept, EditionError> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(Kept::Absent);
    }
    for attempt in 0u32..16 {
        let name = format!(
            "{TEMP_PREFIX}{}-{attempt}{OLD}",
            std::process::id().wrapping_mul(2_654_435_761)
        );
        let old = dir.join(name);
        match std::fs::hard_link(path, &old) {
            Ok(()) => return Ok(Kept::As(old)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => return Ok(Kept::Unkept),
        }
    }
    Err(EditionError::Io {
        path: path.to_path_buf(),
        cause: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "no free backup name"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_with(dir: &Path, text: &str) -> TempOut {
        let mut t = TempOut::new_in(dir).unwrap();
        t.write_all(text.as_bytes()).unwrap();
        t
    }

    #[test]
    fn a_failed_rename_puts_the_previous_set_back() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let (a, b, c) = (d.join("a.json"), d.join("a.vtt"), d.join("a.wav"));
        std::fs::write(&a, "old a").unwrap();
        // `c` is a non-empty folder, so moving a file onto it fails after `a` and `b` moved.
        std::fs::create_dir(&c).unwrap();
        std::fs::write(c.join("x"), "x").unwrap();
        let files = vec![
            (temp_with(d, "new a"), a.as_path()),
            (temp_with(d, "new b"), b.as_path()),
            (temp_with(d, "new c"), c.as_path()),
        ];
        assert!(commit(d, files).is_err());
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert!(
            !b.exists(),
            "a file that was not there before is removed again"
        );
        let mut left: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["a.json", "a.wav"], "no temporary file is left");
    }

    #[test]
    fn a_commit_replaces_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let (a, b) = (d.join("a.json"), d.join("a.wav"));
        std::fs::write(&a, "old a").unwrap();
        std::fs::write(&b, "old b").unwrap();
        let files = vec![
            (temp_with(d, "new a"), a.as_path()),
            (temp_with(d, "new b"), b.as_path()),
        ];
        commit(d, files).unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new b");
        assert_eq!(std::fs::read_dir(d).unwrap().count(), 2);
    }

    #[test]
    fn only_orphaned_temporary_files_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let live = temp_with(d, "still writing");
        let orphan = d.join(".aloud-dead0001.partial");
        std::fs::write(&orphan, "killed").unwrap();
        let old = d.join(".aloud-dead0002.old");
        std::fs::write(&old, "a commit that never finished").unwrap();
        let user = d.join(".aloud-notes.txt");
        std::fs::write(&user, "not ours").unwrap();
        sweep_stale(d);
        assert!(
            live.path().exists(),
            "a locked file belongs to a live render"
        );
        assert!(!orphan.exists());
        assert!(!old.exists());
        assert!(user.exists(), "only our two kinds of name are touched");
    }

    #[test]
    fn special_files_and_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_kind(&dir.path().join("missing.wav")).is_ok());
        assert!(matches!(
            check_kind(dir.path()),
            Err(EditionError::NotRegularFile {
                kind: "a folder",
                ..
            })
        ));
        #[cfg(unix)]
        assert!(matches!(
            check_kind(Path::new("/dev/null")),
            Err(EditionError::NotRegularFile {
                kind: "a character device",
                ..
            })
        ));
    }
}
