//! The player page in a real browser: renders a short interview, then runs
//! `tests/browser/player.mjs` (headless Chromium through playwright-core, and an axe-core
//! audit) on its page. See tests/browser/player.mjs for the checks.
//!
//! Needs `node`, Chromium (`/usr/bin/chromium`, or `$CHROMIUM`) and `npm ci` in tests/browser
//! (`.ci/run` installs all three). Without them the test says so and passes, except in CI
//! (`CI` set), where it fails. `ALOUD_PLAYER_SHOTS=DIR` also saves screenshots there.

use std::path::{Path, PathBuf};
use std::process::Command;

const TALK: &str = "# Wells & \"Water\"\n\n\
An interview by Ana Ruiz for The 'Weekly'. It was recorded in a village near the river.\n\n\
**Ana Ruiz:** Why does water matter so much to the people who live here?\n\n\
**Ben Oduya:** Water is life. Is 3 < 4 and 5 > 2? Every town needs a clean well, and most \
towns here have none. We dug three wells last year, and each took a month of work.\n\n\
**Ana Ruiz:** What comes next for the project?\n\n\
**Ben Oduya:** More wells, and then schools. The children walk far to fetch water, so they \
miss their lessons. A well near the school would change that.\n";

fn missing_tool() -> Option<String> {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is not installed".into());
    }
    if !chromium.exists() {
        return Some(format!("{} is not installed", chromium.display()));
    }
    if !browser_dir.join("node_modules/playwright-core").is_dir()
        || !browser_dir.join("node_modules/axe-core").is_dir()
    {
        return Some("run `npm ci` in tests/browser".into());
    }
    None
}

#[test]
fn the_player_page_works_in_chromium_and_passes_the_audit() {
    if let Some(why) = missing_tool() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the browser test cannot run in CI: {why}"
        );
        eprintln!("skipped: {why} (.ci/run installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("wells.md"), TALK).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args(["render", "wells.md", "-o", "wells.wav", "-q"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/player.mjs");
    let mut node = Command::new("node");
    node.arg(&script).arg(d.join("wells.html"));
    if let Some(shots) = std::env::var_os("ALOUD_PLAYER_SHOTS") {
        node.arg(shots);
    }
    let o = node.output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    eprintln!("{out}{err}");
    assert!(o.status.success(), "the browser test failed:\n{out}{err}");
    assert!(out.contains(" passed, 0 failed"), "{out}");
}
