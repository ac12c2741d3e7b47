//! The binary finds its data without the checkout it was built from: a copy of it, given a
//! data folder installed by `aloud data install`, renders from anywhere; with no data folder
//! anywhere it says where it looked and how to fix it. Every case runs a real binary on real
//! files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const USAGE: i32 = 2;
const INTERNAL: i32 = 4;

const SHORT: &str = "A Short Note\n\nThis is a short article about water. It is read aloud.\n";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A place outside the checkout: `bin/aloud` (a copy of the built binary, so no checkout among
/// its ancestors), an empty `xdg/` for `XDG_DATA_HOME`, an empty `system/` for
/// `XDG_DATA_DIRS`, a `home/` and a `work/` folder to run in.
struct Elsewhere {
    dir: tempfile::TempDir,
}

impl Elsewhere {
    fn new() -> Elsewhere {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["bin", "xdg", "system", "home", "work"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        std::fs::copy(env!("CARGO_BIN_EXE_aloud"), dir.path().join("bin/aloud")).unwrap();
        Elsewhere { dir }
    }

    fn path(&self, sub: &str) -> PathBuf {
        self.dir.path().join(sub)
    }

    /// `aloud data install --from <this checkout> --to <to>` with the copied binary.
    fn install(&self, to: &Path) -> Output {
        self.aloud(&[
            "data",
            "install",
            "--from",
            repo().to_str().unwrap(),
            "--to",
            to.to_str().unwrap(),
        ])
    }

    /// Runs the copied binary in `work/` with `ALOUD_DATA` unset and the XDG variables
    /// pointing into the temporary folder.
    fn aloud(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(self.path("bin/aloud"));
        cmd.args(args)
            .current_dir(self.path("work"))
            .env_remove("ALOUD_DATA")
            .env("XDG_DATA_HOME", self.path("xdg"))
            .env("XDG_DATA_DIRS", self.path("system"))
            .env("HOME", self.path("home"));
        // A binary copied a moment ago can still be open for writing in a child forked by
        // another test thread ("text file busy"): try again shortly.
        for _ in 0..50 {
            match cmd.output() {
                Err(e) if e.raw_os_error() == Some(26) => {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                other => return other.unwrap(),
            }
        }
        panic!("the copied binary stayed busy");
    }
}

/// Checks that `path` is a WAV with some audio in it.
fn assert_valid_wav(path: &Path) {
    let reader = hound::WavReader::open(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let spec = reader.spec();
    assert_eq!(spec.bits_per_sample, 16, "{spec:?}");
    assert!(
        reader.duration() > spec.sample_rate,
        "less than a second of audio"
    );
}

#[test]
fn an_installed_binary_renders_without_the_checkout() {
    let e = Elsewhere::new();
    let data = e.path("xdg/aloud");
    let o = e.install(&data);
    assert!(o.status.success(), "{}", stderr(&o));
    // The runtime data only: no build tools.
    assert!(data.join("voices/kal/units.wav").is_file());
    assert!(data.join("voices/kal/LICENSE").is_file());
    assert!(
        data.join("voices/measured.toml").is_file(),
        "what casting reads is installed"
    );
    assert!(data.join("lexicon/first_names.txt").is_file());
    assert!(!data.join("voices/rebuild.sh").exists());
    assert!(!data.join("voices/record-slt").exists());

    // The copied binary finds the installed data through XDG_DATA_HOME.
    let o = e.aloud(&["data", "where"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let listing = String::from_utf8_lossy(&o.stdout);
    let used = listing.lines().find(|l| l.contains("used")).unwrap();
    assert!(used.contains(data.to_str().unwrap()), "{listing}");
    assert!(!listing.contains(repo().to_str().unwrap()), "{listing}");

    std::fs::write(e.path("work/note.txt"), SHORT).unwrap();
    let o = e.aloud(&["render", "note.txt", "-o", "note.wav", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_valid_wav(&e.path("work/note.wav"));
    assert!(e.path("work/note.vtt").is_file());

    let o = e.aloud(&[
        "say",
        "Water is read aloud.",
        "--voice",
        "slt",
        "-o",
        "say.wav",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_valid_wav(&e.path("work/say.wav"));
}

#[test]
fn with_no_data_folder_the_error_lists_every_place_in_order() {
    let e = Elsewhere::new();
    std::fs::write(e.path("work/note.txt"), SHORT).unwrap();
    let o = e.aloud(&["render", "note.txt", "-o", "note.wav"]);
    assert_eq!(o.status.code(), Some(INTERNAL), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    let places = [
        e.path("share/aloud"),
        e.path("bin"),
        e.path("xdg/aloud"),
        e.path("system/aloud"),
    ];
    let mut at = 0;
    for p in places {
        let p = format!("{} (", p.display());
        let found = err[at..].find(&p).unwrap_or_else(|| panic!("{p} in {err}"));
        at += found + p.len();
    }
    assert!(err.contains("aloud data install --from"), "{err}");
    assert!(err.contains("ALOUD_DATA"), "{err}");
    assert!(!e.path("work/note.wav").exists());

    // `aloud data where` shows the same places and fails the same way.
    let o = e.aloud(&["data", "where", "--json"]);
    assert_eq!(o.status.code(), Some(INTERNAL), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(json["chosen"].is_null(), "{json}");
    assert!(json["places"].as_array().unwrap().len() >= 4, "{json}");
}

#[test]
fn a_wrong_aloud_data_is_an_error_and_the_lookup_stops_there() {
    let d = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args(["say", "Hello.", "-o"])
        .arg(d.path().join("x.wav"))
        .env("ALOUD_DATA", d.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(INTERNAL), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("ALOUD_DATA is set to"), "{err}");
    assert!(err.contains(d.path().to_str().unwrap()), "{err}");
}

#[test]
fn data_install_never_replaces_a_folder_that_is_not_a_data_folder() {
    let e = Elsewhere::new();
    let mine = e.path("home/notes");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("keep.txt"), "mine").unwrap();
    let o = e.install(&mine);
    assert_eq!(o.status.code(), Some(USAGE), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not an aloud data folder"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(mine.join("keep.txt")).unwrap(),
        "mine"
    );
    let left: Vec<_> = std::fs::read_dir(e.path("home")).unwrap().collect();
    assert_eq!(left.len(), 1, "nothing left beside the target");
}
