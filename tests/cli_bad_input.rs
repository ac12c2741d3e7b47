//! The table of bad inputs in `docs/bad-input.md`, one test per row: a one-line error that says
//! what and where, a distinct non-zero exit code, and nothing at the output path.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const USAGE: i32 = 2;
const INPUT: i32 = 3;
const INTERNAL: i32 = 4;
const INTERRUPTED: i32 = 130;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/keep-almagro-out.txt");

const SHORT: &str = "A Short Note\n\nThis is a short article about water. It is read aloud.\n";

fn aloud(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_aloud"));
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run aloud")
}

/// Renders `input` to `dir/out.wav` and checks the failure: exit code, one line naming
/// `needle`, no output file.
fn fails(dir: &Path, input: &str, extra: &[&str], code: i32, needle: &str) -> String {
    fails_env(dir, input, extra, code, needle, &[])
}

fn fails_env(
    dir: &Path,
    input: &str,
    extra: &[&str],
    code: i32,
    needle: &str,
    env: &[(&str, &Path)],
) -> String {
    let out = dir.join("out.wav");
    let mut args = vec!["render", input, "-o", out.to_str().unwrap(), "--quiet"];
    args.extend_from_slice(extra);
    let o = aloud(&args, env);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(code), "exit code; stderr: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(
        err.to_lowercase().contains(&needle.to_lowercase()),
        "{err:?} lacks {needle:?}"
    );
    assert!(
        !out.exists(),
        "an output file was left at {}",
        out.display()
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("out"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    err
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn empty_file_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "empty.txt", b"");
    fails(d.path(), &input, &[], INPUT, "empty.txt");
}

#[test]
fn whitespace_only_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "blank.txt", b" \n\t\n  \r\n");
    fails(d.path(), &input, &[], INPUT, "empty");
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "latin1.txt", b"Caf\xe9 society\n\nA text.\n");
    fails(d.path(), &input, &[], INPUT, "byte offset 3");
}

#[test]
fn binary_file_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(std::iter::repeat_n(0u8, 64));
    let input = write(d.path(), "image.png", &png);
    fails(d.path(), &input, &[], INPUT, "binary");
}

#[test]
fn a_one_megabyte_line_is_refused_with_its_line_number() {
    let d = tempfile::tempdir().unwrap();
    let mut text = b"Title\n\n".to_vec();
    text.extend(b"word ".repeat(1 << 18));
    let input = write(d.path(), "long-line.txt", &text);
    fails(d.path(), &input, &[], INPUT, "line 3");
}

#[test]
fn only_symbols_or_emoji_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "emoji.txt", "🎉🎉 ★ ✓ → ←\n\n💧💧💧\n".as_bytes());
    fails(d.path(), &input, &[], INPUT, "no readable");
}

#[test]
fn missing_input_path_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("nope.txt");
    fails(d.path(), input.to_str().unwrap(), &[], INPUT, "nope.txt");
}

#[test]
fn a_directory_as_input_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let sub = d.path().join("folder");
    std::fs::create_dir(&sub).unwrap();
    fails(d.path(), sub.to_str().unwrap(), &[], INPUT, "folder");
}

#[test]
fn output_in_a_missing_folder_is_a_usage_error() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "note.txt", SHORT.as_bytes());
    let out = d.path().join("no/such/dir/out.wav");
    let o = aloud(
        &["render", &input, "-o", out.to_str().unwrap(), "--quiet"],
        &[],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(USAGE), "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert!(!out.exists());
}

#[test]
fn unwritable_output_folder_fails_cleanly() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "note.txt", SHORT.as_bytes());
    let locked = d.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permissions: then there is nothing to test.
    if std::fs::write(locked.join("probe"), b"x").is_ok() {
        eprintln!("running as root: the folder is writable anyway; skipping");
        return;
    }
    let out = locked.join("out.wav");
    let o = aloud(
        &["render", &input, "-o", out.to_str().unwrap(), "--quiet"],
        &[],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_ne!(o.status.code(), Some(0));
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("locked"), "{err}");
    assert!(!out.exists());
}

#[test]
fn cast_with_unknown_speaker_lists_the_valid_ones() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "note.txt", SHORT.as_bytes());
    fails(d.path(), &input, &["--cast", "XY=kal"], USAGE, "XY");
}

#[test]
fn cast_with_unknown_voice_lists_the_valid_ones() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "note.txt", SHORT.as_bytes());
    let err = fails(d.path(), &input, &["--cast", "narrator=zed"], USAGE, "zed");
    assert!(err.contains("kal"), "valid voices not listed: {err}");
}

#[test]
fn user_lexicon_with_bad_phones_names_the_line() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "note.txt", SHORT.as_bytes());
    let lex = write(
        d.path(),
        "words.txt",
        b"# my words\nWATER  W AO1 T ER0\nNOTE  N QX1 T\n",
    );
    fails(d.path(), &input, &["--lexicon", &lex], INPUT, "words.txt:3");
}

#[test]
fn a_side_file_past_the_size_limit_is_refused_naming_file_and_limit() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "note.txt", SHORT.as_bytes());
    // A file one byte past 16 MiB (sparse, so the test writes nothing), and an endless one.
    let big = d.path().join("big.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len((16 << 20) + 1)
        .unwrap();
    let big = big.to_str().unwrap();
    let err = fails(d.path(), &input, &["--lexicon", big], INPUT, "big.txt");
    assert!(err.contains("16777216 bytes"), "{err}");
    fails(
        d.path(),
        &input,
        &["--cast-file", big],
        USAGE,
        "16777216 bytes",
    );
    if Path::new("/dev/zero").exists() {
        fails(
            d.path(),
            &input,
            &["--lexicon", "/dev/zero"],
            INPUT,
            "limit",
        );
        fails(
            d.path(),
            &input,
            &["--cast-file", "/dev/zero"],
            USAGE,
            "limit",
        );
    }
}

#[test]
fn a_speaker_cast_twice_is_refused_naming_both_entries() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "talk.txt", &std::fs::read(EXAMPLE).unwrap());
    let cast = write(d.path(), "cast.toml", b"[CE]\nvoice = \"kal\"\n");
    let both = write(
        d.path(),
        "both.toml",
        b"CE = \"kal\"\n\"Camila Escalante\" = \"ked\"\n",
    );
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &["--cast", "CE=kal", "--cast", "CE=ked"],
            &["CE=kal", "CE=ked"],
        ),
        (&["--cast", "CE=kal,ce=ked"], &["CE=kal", "ce=ked"]),
        (
            &["--cast", "CE=kal", "--cast", "Camila Escalante=ked"],
            &["CE=kal", "Camila Escalante=ked"],
        ),
        (
            &["--cast-file", &both],
            &["CE=kal", "Camila Escalante=ked", "both.toml"],
        ),
        (
            &["--cast-file", &cast, "--cast", "CE=ked"],
            &["CE=kal` in", "cast.toml", "CE=ked` in --cast"],
        ),
    ];
    for (args, named) in cases {
        let err = fails(d.path(), &input, args, USAGE, "cast twice");
        for n in named {
            assert!(err.contains(n), "{args:?}: {err} lacks {n}");
        }
    }
    // Different fields of one speaker still combine.
    let pitch = write(d.path(), "pitch.toml", b"[CE]\npitch = 2\n");
    let o = aloud(
        &["plan", &input, "--cast-file", &pitch, "--cast", "CE=ked"],
        &[],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn more_chapters_than_an_edition_holds_are_refused_before_any_work() {
    let d = tempfile::tempdir().unwrap();
    // The opening plus one chapter per question: 10,001 chapters.
    let mut text = String::from("Many questions\n\n");
    for i in 0..10_000 {
        text += &format!("Q: Why number {i}?\n\nA: Because.\n\n");
    }
    let input = write(d.path(), "many.txt", text.as_bytes());
    let started = std::time::Instant::now();
    let err = fails(d.path(), &input, &[], INPUT, "10001 chapters");
    assert!(err.contains("limit is 10000"), "{err}");
    let o = aloud(&["plan", &input], &[]);
    let plan_err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(INPUT), "{plan_err}");
    assert!(plan_err.contains("10001 chapters"), "{plan_err}");
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    // One question fewer is within the limit.
    let at_limit = text.replacen("Q: Why number 0?\n\nA: Because.\n\n", "", 1);
    let input = write(d.path(), "limit.txt", at_limit.as_bytes());
    let o = aloud(&["plan", &input], &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A copy of the data folder (voices and lexicon) in which `damage` changes the kal voice.
fn damaged_data(root: &Path, damage: impl Fn(&Path)) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("data");
    let kal = data.join("voices/kal");
    std::fs::create_dir_all(&kal).unwrap();
    for entry in std::fs::read_dir(repo.join("voices/kal")).unwrap() {
        let e = entry.unwrap();
        std::fs::copy(e.path(), kal.join(e.file_name())).unwrap();
    }
    std::os::unix::fs::symlink(repo.join("lexicon"), data.join("lexicon")).unwrap();
    damage(&kal);
    data
}

#[test]
fn a_damaged_voice_file_is_refused_naming_voice_and_file() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "note.txt", SHORT.as_bytes());
    let data = damaged_data(d.path(), |kal| {
        let wav = kal.join("units.wav");
        let mut bytes = std::fs::read(&wav).unwrap();
        // a bit flipped in every block past the header, so whatever the text reads is
        // damaged (a render checks the audio as it reads it: tests/voice_blocks.rs)
        for at in (64..bytes.len()).step_by(4096) {
            bytes[at] ^= 0x40;
        }
        std::fs::write(&wav, bytes).unwrap();
    });
    let err = fails_env(
        d.path(),
        &input,
        &[],
        INTERNAL,
        "units.wav",
        &[("ALOUD_DATA", &data)],
    );
    assert!(err.contains("kal"), "{err}");
}

#[test]
fn a_missing_voice_file_is_refused_naming_voice_and_file() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "note.txt", SHORT.as_bytes());
    let data = damaged_data(d.path(), |kal| {
        std::fs::remove_file(kal.join("units.idx")).unwrap();
    });
    let err = fails_env(
        d.path(),
        &input,
        &[],
        INTERNAL,
        "units.idx",
        &[("ALOUD_DATA", &data)],
    );
    assert!(err.contains("kal"), "{err}");
}

#[test]
fn an_interrupted_render_leaves_the_previous_output_intact() {
    interrupt_a_render("-TERM");
}

#[test]
fn ctrl_c_during_a_render_leaves_the_previous_output_intact() {
    interrupt_a_render("-INT");
}

/// Starts a render over an existing output, sends `signal` (a `kill` option) once the
/// temporary file exists, and checks: exit 130, a one-line message, the previous output
/// untouched, no temporary file left.
fn interrupt_a_render(signal: &str) {
    let d = tempfile::tempdir().unwrap();
    let example = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/keep-almagro-out.txt"),
    )
    .unwrap();
    let input = write(d.path(), "long.txt", example.repeat(6).as_bytes());
    let out = d.path().join("out.wav");
    std::fs::write(&out, b"previous edition").unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args([
            "render",
            &input,
            "-o",
            out.to_str().unwrap(),
            "--quiet",
            "--jobs",
            "1",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the render has started writing its temporary file, then stop it.
    let started = std::time::Instant::now();
    while started.elapsed().as_secs() < 30 {
        let temp = std::fs::read_dir(d.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .any(|e| e.file_name().to_string_lossy().starts_with(".aloud-"));
        if temp {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(INTERRUPTED), "{signal}: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{signal}: {stderr}");
    assert!(stderr.contains("interrupted"), "{signal}: {stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), b"previous edition");
    let names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "temporary files left: {names:?}");
}
