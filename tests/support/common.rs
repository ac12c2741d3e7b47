//! Small helpers the CLI and edition tests share (included with `#[path]`; each uses some).
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs the aloud binary with `args` in `dir`.
pub fn aloud_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run aloud")
}

/// The names in a folder, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The Python that can import `module`: `$ALOUD_TEST_PYTHON` (set by .ci/run), else `python3`.
/// `None` (with a notice) when it cannot, except under CI, where .ci/run installs it: a failure.
pub fn python_with(module: &str) -> Option<String> {
    let python = std::env::var("ALOUD_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(python);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have Python {module} (.ci/run installs it)"
    );
    eprintln!("NOTICE: Python {module} not found, skipping its cross-check");
    None
}
