//! Where aloud finds its data: one **data folder** holding `voices/` and `lexicon/`.
//!
//! Everything aloud reads besides the user's own files comes from that folder at run time: the
//! voices, the compiled CMU dictionary, the letter-to-sound model and the normalizer's word
//! lists (`lexicon/abbreviations.txt`, `units.txt`, `acronyms.txt`, `first_names.txt`). No path
//! is compiled in. The folder is the first of these that holds both `voices/` and `lexicon/`:
//!
//! 1. `$ALOUD_DATA`, when set and not empty (a value that is not a data folder is an error;
//!    the lookup does not go on);
//! 2. beside the executable: `<exe dir>/../share/aloud` (packaged installs; `~/.cargo/bin/aloud`
//!    looks in `~/.cargo/share/aloud`), then the executable's folder and its ancestors up to
//!    three levels (`target/release/aloud` and the test binaries in `target/release/deps/`
//!    find the checkout they were built in, while it exists);
//! 3. `$XDG_DATA_HOME/aloud` (default `~/.local/share/aloud`);
//! 4. each `$XDG_DATA_DIRS` entry + `/aloud` (default `/usr/local/share:/usr/share`).
//!
//! `aloud data install` copies a data folder to `$XDG_DATA_HOME/aloud` ([`install`]), and
//! `aloud data where` prints the lookup ([`Lookup`]).

mod install;

pub use install::{install, Installed};

use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The environment variable naming the data folder.
pub const ENV_VAR: &str = "ALOUD_DATA";
/// The data folder's sub-folder of voices.
pub const VOICES: &str = "voices";
/// The data folder's sub-folder of lexicon data.
pub const LEXICON: &str = "lexicon";
/// `lexicon/` word list: abbreviations and how they read.
pub const ABBREVIATIONS_FILE: &str = "abbreviations.txt";
/// `lexicon/` word list: units of measure after numbers.
pub const UNITS_FILE: &str = "units.txt";
/// `lexicon/` word list: all-capital words spelled or read as words.
pub const ACRONYMS_FILE: &str = "acronyms.txt";
/// `lexicon/` word list: first names that tell a speaker's gender.
pub const FIRST_NAMES_FILE: &str = "first_names.txt";
/// `lexicon/` word list: numeronyms ("k8s") and the words they stand for.
pub const NUMERONYMS_FILE: &str = "numeronyms.txt";
/// `lexicon/` pronunciations of technical and product names CMUdict lacks.
pub const TECHNICAL_FILE: &str = "technical.txt";
/// `lexicon/` homographs: the readings of words said by their role, and the cue words.
pub const HOMOGRAPHS_FILE: &str = "homographs.txt";
/// The word lists the normalizer, the manuscript reader and the pronouncer load at run time.
pub const WORD_LISTS: [&str; 7] = [
    ABBREVIATIONS_FILE,
    UNITS_FILE,
    ACRONYMS_FILE,
    FIRST_NAMES_FILE,
    NUMERONYMS_FILE,
    TECHNICAL_FILE,
    HOMOGRAPHS_FILE,
];

/// Where the lookup takes a candidate folder from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// `$ALOUD_DATA`.
    Env,
    /// `<exe dir>/../share/aloud`.
    ShareBesideExe,
    /// The executable's folder or one of its ancestors.
    ExeAncestor,
    /// `$XDG_DATA_HOME/aloud` (or `~/.local/share/aloud`).
    XdgDataHome,
    /// An entry of `$XDG_DATA_DIRS` + `/aloud` (or `/usr/local/share/aloud`, `/usr/share/aloud`).
    XdgDataDirs,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Source::Env => "$ALOUD_DATA",
            Source::ShareBesideExe => "share folder beside the executable",
            Source::ExeAncestor => "the executable's folder or an ancestor",
            Source::XdgDataHome => "$XDG_DATA_HOME/aloud",
            Source::XdgDataDirs => "$XDG_DATA_DIRS/aloud",
        })
    }
}

/// One place the lookup tries, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The folder.
    pub path: PathBuf,
    /// Where the lookup took it from.
    pub source: Source,
    /// Whether it holds `voices/` and `lexicon/`.
    pub found: bool,
}

/// The lookup: every place tried, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lookup {
    /// The places, in the order they are tried.
    pub places: Vec<Place>,
}

impl Lookup {
    /// Lists the places for the current process (environment and executable).
    pub fn current() -> Lookup {
        let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        let exe = std::env::current_exe().ok();
        Lookup::new(&Inputs {
            aloud_data: env(ENV_VAR).map(PathBuf::from),
            exe: exe.as_deref(),
            xdg_data_home: env("XDG_DATA_HOME").map(PathBuf::from),
            home: env("HOME").map(PathBuf::from),
            xdg_data_dirs: env("XDG_DATA_DIRS").map(|v| v.to_string_lossy().into_owned()),
        })
    }

    /// Lists the places for the given environment. With `$ALOUD_DATA` set, it is the only
    /// place.
    fn new(inputs: &Inputs<'_>) -> Lookup {
        let mut paths: Vec<(PathBuf, Source)> = Vec::new();
        if let Some(dir) = &inputs.aloud_data {
            paths.push((dir.clone(), Source::Env));
        } else {
            if let Some(exe_dir) = inputs.exe.and_then(Path::parent) {
                if let Some(prefix) = exe_dir.parent() {
                    paths.push((prefix.join("share/aloud"), Source::ShareBesideExe));
                }
                for dir in exe_dir.ancestors().take(4) {
                    paths.push((dir.to_path_buf(), Source::ExeAncestor));
                }
            }
            if let Some(home) = data_home(inputs) {
                paths.push((home.join("aloud"), Source::XdgDataHome));
            }
            // The XDG base directory spec ignores relative paths.
            let absolute = |p: &PathBuf| p.is_absolute();
            let dirs = inputs
                .xdg_data_dirs
                .as_deref()
                .unwrap_or("/usr/local/share:/usr/share");
            for dir in dirs.split(':').map(PathBuf::from).filter(absolute) {
                paths.push((dir.join("aloud"), Source::XdgDataDirs));
            }
        }
        let places = paths
            .into_iter()
            .map(|(path, source)| Place {
                found: is_data_folder(&path),
                path,
                source,
            })
            .collect();
        Lookup { places }
    }

    /// The chosen place: the first that is a data folder.
    pub fn chosen(&self) -> Option<&Place> {
        self.places.iter().find(|p| p.found)
    }

    /// The data folder, or why there is none.
    pub fn data_dir(&self) -> Result<DataDir, DataError> {
        match (self.chosen(), self.places.first()) {
            (Some(place), _) => Ok(DataDir {
                root: place.path.clone(),
            }),
            (None, Some(first)) if first.source == Source::Env => Err(DataError::EnvNotData {
                path: first.path.clone(),
            }),
            (None, _) => Err(DataError::NotFound {
                looked: self.places.clone(),
            }),
        }
    }
}

/// What the lookup reads from the environment.
struct Inputs<'a> {
    aloud_data: Option<PathBuf>,
    exe: Option<&'a Path>,
    xdg_data_home: Option<PathBuf>,
    home: Option<PathBuf>,
    xdg_data_dirs: Option<String>,
}

/// `$XDG_DATA_HOME` when set to an absolute path, else `$HOME/.local/share`.
fn data_home(inputs: &Inputs<'_>) -> Option<PathBuf> {
    let absolute = |p: &PathBuf| p.is_absolute();
    inputs.xdg_data_home.clone().filter(absolute).or_else(|| {
        let home = inputs.home.clone().filter(absolute)?;
        Some(home.join(".local/share"))
    })
}

/// The user's data folder for aloud, where `aloud data install` puts the data by default:
/// `$XDG_DATA_HOME/aloud` (or `~/.local/share/aloud`); `None` without `XDG_DATA_HOME` or
/// `HOME`.
pub fn user_data_dir() -> Option<PathBuf> {
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let inputs = Inputs {
        aloud_data: None,
        exe: None,
        xdg_data_home: env("XDG_DATA_HOME").map(PathBuf::from),
        home: env("HOME").map(PathBuf::from),
        xdg_data_dirs: None,
    };
    Some(data_home(&inputs)?.join("aloud"))
}

/// Whether `dir` holds `voices/` and `lexicon/`.
pub fn is_data_folder(dir: &Path) -> bool {
    dir.join(VOICES).is_dir() && dir.join(LEXICON).is_dir()
}

/// A data folder: it holds `voices/` and `lexicon/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// The folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Its voices folder.
    pub fn voices(&self) -> PathBuf {
        self.root.join(VOICES)
    }

    /// Its lexicon folder.
    pub fn lexicon(&self) -> PathBuf {
        self.root.join(LEXICON)
    }
}

static FOUND: OnceLock<DataDir> = OnceLock::new();

/// The data folder of this process, looked up once ([`Lookup::current`]).
pub fn find() -> Result<&'static DataDir, DataError> {
    if let Some(dir) = FOUND.get() {
        return Ok(dir);
    }
    let dir = Lookup::current().data_dir()?;
    Ok(FOUND.get_or_init(|| dir))
}

/// The data folder's root.
pub fn root() -> Result<PathBuf, DataError> {
    Ok(find()?.root().to_path_buf())
}

/// The voices folder of the data folder.
pub fn voices_dir() -> Result<PathBuf, DataError> {
    Ok(find()?.voices())
}

/// The lexicon folder of the data folder (CMU dictionary, letter-to-sound model, word lists).
pub fn lexicon_dir() -> Result<PathBuf, DataError> {
    Ok(find()?.lexicon())
}

/// A read-only memory map of the data file at `path`, or `None` for an empty file (which
/// cannot be mapped): the compiled dictionary and the letter-to-sound model are read this way,
/// so the pages they use come from the page cache instead of a copy in fresh memory.
pub fn map_data_file(path: &Path) -> std::io::Result<Option<memmap2::Mmap>> {
    let file = std::fs::File::open(path)?;
    if file.metadata()?.len() == 0 {
        return Ok(None);
    }
    // SAFETY: a read-only map of a data file that aloud only reads; should another process
    // truncate the file meanwhile, reads could fault, as with any mapped data file (see
    // `crate::voice` for the voices' audio, mapped the same way).
    unsafe { memmap2::Mmap::map(&file) }.map(Some)
}

/// Reads the text file `lexicon/<name>` of the data folder (a word list).
pub fn read_lexicon_text(name: &str) -> Result<(PathBuf, String), DataError> {
    let path = lexicon_dir()?.join(name);
    let text = std::fs::read_to_string(&path).map_err(|source| DataError::Read {
        path: path.clone(),
        source,
    })?;
    Ok((path, text))
}

/// Why aloud's data could not be found, read or installed.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// No place of the lookup holds a data folder.
    #[error(
        "aloud's data (a folder holding voices/ and lexicon/) was not found; looked in {}; \
         fix: run `aloud data install --from <checkout>` with the folder aloud was built from, \
         or set ALOUD_DATA to a folder holding voices/ and lexicon/",
        places(.looked)
    )]
    NotFound {
        /// Every place tried, in order.
        looked: Vec<Place>,
    },
    /// `$ALOUD_DATA` is set to a folder without `voices/` and `lexicon/`.
    #[error(
        "ALOUD_DATA is set to {path}, which does not hold voices/ and lexicon/; \
         point it at a data folder or unset it to use the usual places (`aloud data where`)"
    )]
    EnvNotData {
        /// The value of `$ALOUD_DATA`.
        path: PathBuf,
    },
    /// A data file could not be read.
    #[error("cannot read aloud's data file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A line of a word list is invalid.
    #[error("{path}:{line}: {why}")]
    Line {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        why: String,
    },
    /// `aloud data install --from` names a folder that is not a data folder.
    #[error("{path} is not an aloud data folder (it should hold voices/ and lexicon/)")]
    NotDataFolder {
        /// The folder.
        path: PathBuf,
    },
    /// `aloud data install --to` names an existing folder that is not a data folder: it is
    /// never replaced.
    #[error(
        "{path} exists and is not an aloud data folder (no voices/ and lexicon/ in it), \
         so it is not replaced; choose another --to or remove it"
    )]
    TargetNotData {
        /// The folder.
        path: PathBuf,
    },
    /// `--from` and `--to` are the same folder.
    #[error("{path}: the data is already there (--from and --to are the same folder)")]
    SameFolder {
        /// The folder.
        path: PathBuf,
    },
    /// Copying the data failed.
    #[error("installing aloud's data: {path}: {source}")]
    Install {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl DataError {
    /// Whether the error is in how `aloud data install` was asked (a usage error), rather than
    /// missing or damaged data.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            DataError::NotDataFolder { .. }
                | DataError::TargetNotData { .. }
                | DataError::SameFolder { .. }
        )
    }
}

fn places(looked: &[Place]) -> String {
    if looked.is_empty() {
        return "no place (no executable path, HOME or XDG_DATA_DIRS)".to_string();
    }
    looked
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{}. {} ({})", i + 1, p.path.display(), p.source))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(exe: &Path) -> Inputs<'_> {
        Inputs {
            aloud_data: None,
            exe: Some(exe),
            xdg_data_home: None,
            home: Some(PathBuf::from("/home/u")),
            xdg_data_dirs: None,
        }
    }

    fn paths(l: &Lookup) -> Vec<String> {
        l.places
            .iter()
            .map(|p| p.path.display().to_string())
            .collect()
    }

    #[test]
    fn the_lookup_order_is_share_exe_ancestors_xdg_home_xdg_dirs() {
        let l = Lookup::new(&inputs(Path::new("/opt/x/bin/aloud")));
        assert_eq!(
            paths(&l),
            [
                "/opt/x/share/aloud",
                "/opt/x/bin",
                "/opt/x",
                "/opt",
                "/",
                "/home/u/.local/share/aloud",
                "/usr/local/share/aloud",
                "/usr/share/aloud",
            ]
        );
    }

    #[test]
    fn aloud_data_is_the_only_place_and_a_wrong_one_is_an_error() {
        let mut i = inputs(Path::new("/opt/x/bin/aloud"));
        i.aloud_data = Some(PathBuf::from("/nowhere/at/all"));
        let l = Lookup::new(&i);
        assert_eq!(paths(&l), ["/nowhere/at/all"]);
        let e = l.data_dir().unwrap_err();
        assert!(matches!(e, DataError::EnvNotData { .. }), "{e}");
    }

    #[test]
    fn xdg_variables_replace_the_defaults_and_relative_entries_are_ignored() {
        let mut i = inputs(Path::new("/b/aloud"));
        i.xdg_data_home = Some(PathBuf::from("/x/home"));
        i.xdg_data_dirs = Some("/d1:relative::/d2".to_string());
        let l = Lookup::new(&i);
        assert_eq!(
            paths(&l),
            [
                "/share/aloud",
                "/b",
                "/",
                "/x/home/aloud",
                "/d1/aloud",
                "/d2/aloud"
            ]
        );
    }

    #[test]
    fn nothing_found_lists_every_place_in_order_and_the_fix() {
        let l = Lookup::new(&inputs(Path::new("/nowhere/bin/aloud")));
        let e = l.data_dir().unwrap_err().to_string();
        let mut at = 0;
        for p in &l.places {
            let shown = p.path.display().to_string();
            let found = e[at..]
                .find(&shown)
                .unwrap_or_else(|| panic!("{shown}: {e}"));
            at += found + shown.len();
        }
        assert!(e.contains("aloud data install --from"), "{e}");
        assert!(e.contains("ALOUD_DATA"), "{e}");
    }

    #[test]
    fn the_checkout_is_found_from_a_test_binary_in_target() {
        // This test runs from target/<profile>/deps/, three levels below the checkout.
        let l = Lookup::current();
        if std::env::var_os(ENV_VAR).is_none() {
            let chosen = l.chosen().expect("the checkout holds voices/ and lexicon/");
            assert_eq!(chosen.source, Source::ExeAncestor);
        }
    }
}
