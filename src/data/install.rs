//! `aloud data install`: copies the files aloud reads from one data folder to another.
//!
//! Only what aloud reads is copied, with the licences and notices beside it: each voice's
//! `voice.toml`, `units.wav` and `units.idx`; the lexicon's compiled dictionary, the CMU source
//! dictionary (for `aloud voices`), the letter-to-sound model and the word lists; and every
//! `LICENSE*`, `NOTICE*` and `README*` file of those folders. The build tools and scripts stay
//! in the checkout. The copy is made in a temporary folder beside the target and renamed into
//! place when complete; an existing target is replaced only when it is a data folder (or an
//! empty folder).

use super::{is_data_folder, DataError, LEXICON, VOICES, WORD_LISTS};
use crate::phonetics::{lexicon, lts};
use crate::voice::blocks::BLOCKS_FILE;
use crate::voice::features::FEATURES_FILE;
use crate::voice::{AUDIO_FILE, INDEX_FILE, META_FILE};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What [`install`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Installed {
    /// The data folder copied from.
    pub from: PathBuf,
    /// The data folder written.
    pub to: PathBuf,
    /// Files copied.
    pub files: usize,
    /// Bytes copied.
    pub bytes: u64,
    /// Whether an earlier data folder at `to` was replaced.
    pub replaced: bool,
}

/// Copies the data folder `from` to `to` (see the module documentation).
pub fn install(from: &Path, to: &Path) -> Result<Installed, DataError> {
    if !is_data_folder(from) {
        return Err(DataError::NotDataFolder {
            path: from.to_path_buf(),
        });
    }
    let replacing = match std::fs::symlink_metadata(to) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(source) => return Err(install_err(to)(source)),
        Ok(_) => {
            if same_folder(from, to) {
                return Err(DataError::SameFolder {
                    path: to.to_path_buf(),
                });
            }
            if !is_data_folder(to) && !is_empty_folder(to) {
                return Err(DataError::TargetNotData {
                    path: to.to_path_buf(),
                });
            }
            true
        }
    };
    let parent = match to.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(install_err(&parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".aloud-data-")
        .suffix(".partial")
        .tempdir_in(&parent)
        .map_err(install_err(&parent))?;
    let mut copied = Copied::default();
    copy_data(from, staging.path(), &mut copied)?;
    readable_by_all(staging.path())?;
    if replacing {
        let old = tempfile::Builder::new()
            .prefix(".aloud-data-")
            .suffix(".old")
            .tempdir_in(&parent)
            .map_err(install_err(&parent))?;
        let old_path = old.path().join("data");
        std::fs::rename(to, &old_path).map_err(install_err(to))?;
        if let Err(source) = std::fs::rename(staging.path(), to) {
            // Put the previous data back; the staging folder is removed when dropped.
            let _ = std::fs::rename(&old_path, to);
            return Err(install_err(to)(source));
        }
        // `old` (holding the previous data) is removed when dropped.
        drop(old);
    } else {
        std::fs::rename(staging.path(), to).map_err(install_err(to))?;
    }
    // The staging folder has been renamed: nothing is left for its guard to remove.
    let _ = staging.keep();
    Ok(Installed {
        from: from.to_path_buf(),
        to: to.to_path_buf(),
        files: copied.files,
        bytes: copied.bytes,
        replaced: replacing,
    })
}

#[derive(Default)]
struct Copied {
    files: usize,
    bytes: u64,
}

fn install_err(path: &Path) -> impl FnOnce(std::io::Error) -> DataError + '_ {
    move |source| DataError::Install {
        path: path.to_path_buf(),
        source,
    }
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn is_empty_folder(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
        && std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Licences, notices and read-me files travel with the data.
fn is_notice(name: &str) -> bool {
    ["LICENSE", "NOTICE", "README", "COPYING"]
        .iter()
        .any(|p| name.starts_with(p))
}

fn copy_data(from: &Path, to: &Path, copied: &mut Copied) -> Result<(), DataError> {
    // The lexicon: the files aloud reads, then the notices.
    let lexicon_files = [
        lexicon::COMPILED_FILE,
        lexicon::SOURCE_FILE,
        lts::MODEL_FILE,
    ]
    .into_iter()
    .chain(WORD_LISTS);
    copy_folder(
        &from.join(LEXICON),
        &to.join(LEXICON),
        lexicon_files,
        copied,
    )?;
    // The voices: every sub-folder holding a voice.toml.
    let voices_from = from.join(VOICES);
    let voices_to = to.join(VOICES);
    copy_folder(&voices_from, &voices_to, [], copied)?;
    // Beside them, what the judges measured of them (read by casting), when it is there.
    let measured = voices_from.join(crate::voice::measured::MEASURED_FILE);
    if measured.is_file() {
        let bytes = std::fs::copy(
            &measured,
            voices_to.join(crate::voice::measured::MEASURED_FILE),
        )
        .map_err(install_err(&measured))?;
        copied.files += 1;
        copied.bytes += bytes;
    }
    let mut voices = Vec::new();
    for entry in std::fs::read_dir(&voices_from).map_err(install_err(&voices_from))? {
        let entry = entry.map_err(install_err(&voices_from))?;
        if entry.path().join(META_FILE).is_file() {
            voices.push(entry.file_name());
        }
    }
    voices.sort();
    for id in voices {
        let from = voices_from.join(&id);
        // a voice with several units per diphone also stores their features
        let features = from.join(FEATURES_FILE).is_file().then_some(FEATURES_FILE);
        // and a voice written since block checksums, those
        let blocks = from.join(BLOCKS_FILE).is_file().then_some(BLOCKS_FILE);
        copy_folder(
            &from,
            &voices_to.join(&id),
            [META_FILE, AUDIO_FILE, INDEX_FILE]
                .into_iter()
                .chain(features)
                .chain(blocks),
            copied,
        )?;
    }
    Ok(())
}

/// Makes `to` and copies into it the `wanted` files of `from` (each must exist) and its
/// notices.
fn copy_folder<'a>(
    from: &Path,
    to: &Path,
    wanted: impl IntoIterator<Item = &'a str>,
    copied: &mut Copied,
) -> Result<(), DataError> {
    std::fs::create_dir_all(to).map_err(install_err(to))?;
    let mut names: Vec<String> = wanted.into_iter().map(str::to_string).collect();
    for entry in std::fs::read_dir(from).map_err(install_err(from))? {
        let entry = entry.map_err(install_err(from))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_notice(&name) && entry.path().is_file() && !names.contains(&name) {
            names.push(name);
        }
    }
    for name in names {
        let source = from.join(&name);
        let bytes = std::fs::copy(&source, to.join(&name)).map_err(install_err(&source))?;
        copied.files += 1;
        copied.bytes += bytes;
    }
    Ok(())
}

/// A data folder is for every user of the machine (the staging folder starts private).
fn readable_by_all(dir: &Path) -> Result<(), DataError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))
            .map_err(install_err(dir))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_data(root: &Path) -> PathBuf {
        let d = root.join("from");
        std::fs::create_dir_all(d.join("voices/v1")).unwrap();
        std::fs::create_dir_all(d.join("voices/tool")).unwrap();
        std::fs::create_dir_all(d.join("lexicon")).unwrap();
        for f in [META_FILE, AUDIO_FILE, INDEX_FILE, "LICENSE", "NOTICE"] {
            std::fs::write(d.join("voices/v1").join(f), f).unwrap();
        }
        std::fs::write(d.join("voices/tool/build.py"), "x").unwrap();
        std::fs::write(d.join("voices/README.md"), "x").unwrap();
        std::fs::write(d.join("voices/rebuild.sh"), "x").unwrap();
        for f in [
            lexicon::COMPILED_FILE,
            lexicon::SOURCE_FILE,
            lts::MODEL_FILE,
            "LICENSE.cmudict",
            "cmudict.phones",
        ]
        .into_iter()
        .chain(WORD_LISTS)
        {
            std::fs::write(d.join("lexicon").join(f), f).unwrap();
        }
        d
    }

    #[test]
    fn install_copies_what_aloud_reads_and_the_notices_only() {
        let t = tempfile::tempdir().unwrap();
        let from = fake_data(t.path());
        let to = t.path().join("a/b/aloud");
        let done = install(&from, &to).unwrap();
        assert!(!done.replaced);
        assert!(to.join("voices/v1/units.wav").is_file());
        assert!(to.join("voices/v1/LICENSE").is_file());
        assert!(to.join("voices/README.md").is_file());
        assert!(to.join("lexicon/LICENSE.cmudict").is_file());
        assert!(to.join("lexicon/first_names.txt").is_file());
        assert!(!to.join("voices/tool").exists());
        assert!(!to.join("voices/rebuild.sh").exists());
        assert!(!to.join("lexicon/cmudict.phones").exists());
        assert_eq!(done.files, 5 + 1 + 3 + WORD_LISTS.len() + 1);
        // Nothing is left beside the target.
        let left: Vec<_> = std::fs::read_dir(t.path().join("a/b")).unwrap().collect();
        assert_eq!(left.len(), 1);
        // Installing again replaces the data folder.
        assert!(install(&from, &to).unwrap().replaced);
    }

    #[test]
    fn install_never_replaces_a_folder_that_is_not_a_data_folder() {
        let t = tempfile::tempdir().unwrap();
        let from = fake_data(t.path());
        let to = t.path().join("mine");
        std::fs::create_dir_all(&to).unwrap();
        std::fs::write(to.join("thesis.txt"), "keep me").unwrap();
        let e = install(&from, &to).unwrap_err();
        assert!(matches!(e, DataError::TargetNotData { .. }), "{e}");
        assert_eq!(std::fs::read(to.join("thesis.txt")).unwrap(), b"keep me");
        let e = install(&to, &t.path().join("x")).unwrap_err();
        assert!(matches!(e, DataError::NotDataFolder { .. }), "{e}");
        let e = install(&from, &from).unwrap_err();
        assert!(matches!(e, DataError::SameFolder { .. }), "{e}");
    }
}
