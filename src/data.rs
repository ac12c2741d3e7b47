//! Where aloud finds its committed data (`voices/`, `lexicon/`).
//!
//! The folder is `$ALOUD_DATA` when set, else the repository aloud was built from.

use std::path::PathBuf;

/// Root folder holding `voices/` and `lexicon/`.
pub fn root() -> PathBuf {
    match std::env::var_os("ALOUD_DATA") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")),
    }
}

/// The bundled voices folder.
pub fn voices_dir() -> PathBuf {
    root().join("voices")
}

/// The lexicon folder (CMU dictionary, letter-to-sound model).
pub fn lexicon_dir() -> PathBuf {
    root().join("lexicon")
}
