//! Bad input gives a clear error (library) and a one-line message with a non-zero exit (CLI);
//! `parse` never panics.

use aloud::manuscript::{decode_input, parse, ManuscriptError};
use proptest::prelude::*;
use std::process::Command;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

#[test]
fn empty_and_whitespace_inputs_are_errors() {
    for bytes in [
        &b""[..],
        b"   \n\t\n  ",
        "\u{a0}\u{a0}\n".as_bytes(),
        b"\xEF\xBB\xBF \n",
    ] {
        let e = decode_input(bytes, "in.txt").unwrap_err();
        assert!(matches!(e, ManuscriptError::Empty { .. }), "{bytes:?}: {e}");
        assert!(e.to_string().starts_with("in.txt: the text is empty"));
    }
    assert!(matches!(parse("  \n "), Err(ManuscriptError::Empty { .. })));
}

#[test]
fn invalid_utf8_reports_the_byte_offset_and_line() {
    let mut bytes = b"Title\n\nCE: Hello there.\nSL: Caf".to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(b"\xE9 latin-1\n");
    let e = decode_input(&bytes, "latin1.txt").unwrap_err();
    match e {
        ManuscriptError::InvalidUtf8 {
            offset: o, line, ..
        } => {
            assert_eq!(o, offset);
            assert_eq!(line, 4);
        }
        other => panic!("{other}"),
    }
    let msg = decode_input(&bytes, "latin1.txt").unwrap_err().to_string();
    assert_eq!(
        msg,
        format!(
            "latin1.txt: not valid UTF-8 at byte offset {offset} (line 4); save the text as UTF-8"
        )
    );
}

#[test]
fn binary_files_are_refused() {
    let e = decode_input(PNG, "photo.png").unwrap_err();
    assert!(matches!(e, ManuscriptError::Binary { .. }));
    assert_eq!(
        e.to_string(),
        "photo.png: this is a binary file (PNG image), not text"
    );
    let e = decode_input(b"abc\0def ghi", "x.bin").unwrap_err();
    assert!(e.to_string().contains("NUL byte at offset 3"), "{e}");
}

#[test]
fn texts_without_readable_sentences_are_refused() {
    for text in [
        "1234 5678\n\n---\n\n$$ %% 42",
        "![](a.png)\n\n[1]: http://x.org\n",
        "---\ntitle: x\n---\n",
    ] {
        let e = decode_input(text.as_bytes(), "n.txt").and_then(|t| parse(&t).map(|_| ()));
        assert!(
            matches!(e, Err(ManuscriptError::NoSentences { .. })),
            "{text:?}: {e:?}"
        );
    }
}

#[test]
fn a_bom_is_accepted() {
    let t = decode_input(b"\xEF\xBB\xBFA Title\n\nSome words here.", "b.txt").unwrap();
    let m = parse(&t).unwrap();
    assert_eq!(m.title, "A Title");
}

fn plan(input: &[u8]) -> std::process::Output {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("input.txt");
    std::fs::write(&path, input).expect("write");
    Command::new(env!("CARGO_BIN_EXE_aloud"))
        .arg("plan")
        .arg(&path)
        .output()
        .expect("run aloud")
}

#[test]
fn the_cli_gives_one_line_and_exit_code_3_for_bad_input() {
    let cases: [(&[u8], &str); 4] = [
        (b"", "the text is empty"),
        (b"ok\n\xFF\xFE", "not valid UTF-8 at byte offset 3"),
        (PNG, "binary file (PNG image)"),
        (b"12 34 56\n\n== ==", "no readable sentences"),
    ];
    for (bytes, expected) in cases {
        let out = plan(bytes);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{expected}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expected), "{err}");
        assert!(out.stdout.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn parse_never_panics(s in "\\PC{0,400}") {
        let _ = parse(&s);
    }

    #[test]
    fn parse_never_panics_on_transcript_like_text(
        lines in prop::collection::vec(
            prop_oneof![
                "[A-Z]{1,4}: [a-zA-Z ?.,:—*_\\[\\]]{0,60}",
                "\\*\\*[A-Z][a-z]{0,8}\\*\\*: [a-z ?]{0,30}",
                "Q[\u{a0} ]{1,4}[a-zA-Z ?—]{0,40}",
                "\\[[0-9:]{1,11}\\]",
                "#{1,3} [A-Za-z ]{0,20}",
                "[A-Za-z ,.:?!()\u{2018}\u{2019}\u{201c}\u{201d}]{0,80}",
                Just(String::new()),
                Just("---".to_string()),
            ],
            0..30,
        )
    ) {
        let text = lines.join("\n");
        if let Ok(m) = parse(&text) {
            prop_assert!(!m.chapters.is_empty());
            for c in &m.chapters {
                prop_assert!(!c.title.is_empty());
                for t in &c.turns {
                    prop_assert!(t.speaker.0 < m.speakers.len());
                }
            }
        }
    }
}
