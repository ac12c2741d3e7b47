//! Text hygiene end to end (`aloud plan` and `aloud render` on real files): whatever invisible
//! characters, Unicode forms or line ends a text arrives with, it is read as the clean text
//! would be; side files with a BOM are read; declared initials are labels; a single line
//! without final punctuation is read.

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/keep-almagro-out.txt");

fn aloud(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run aloud");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().expect("aloud output")
}

fn ok(args: &[&str]) -> String {
    let o = aloud(args, b"");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{args:?}: {err}");
    String::from_utf8(o.stdout).unwrap()
}

/// `aloud plan --json` of `text` saved as `name` (raw bytes).
fn plan(dir: &Path, name: &str, text: &[u8], extra: &[&str]) -> Value {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let mut args = vec!["plan", path.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(&args)).expect("JSON")
}

/// The plan without the parts that name the file or its lines.
fn reading(v: &Value) -> String {
    let speakers: Vec<String> = v["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{}={}={}", s["label"], s["name"], s["voice"]))
        .collect();
    let chapters: Vec<String> = v["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let turns: Vec<String> = c["turns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| format!("{}: {}", t["speaker"], t["words"]))
                .collect();
            format!("{} | {}", c["title"], turns.join(" / "))
        })
        .collect();
    format!("{} | {speakers:?}\n{}", v["title"], chapters.join("\n"))
}

fn words(v: &Value) -> Vec<String> {
    v["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["turns"].as_array().unwrap())
        .flat_map(|t| t["words"].as_array().unwrap())
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn invisible_characters_and_decomposed_letters_read_like_the_clean_text() {
    let d = tempfile::tempdir().unwrap();
    let clean = std::fs::read_to_string(EXAMPLE).unwrap();
    let want = reading(&plan(d.path(), "clean.txt", clean.as_bytes(), &[]));
    let dirty = clean
        .replacen("CE:", "C\u{200B}E:", 2)
        .replace("Llorenti", "Llo\u{200B}renti")
        .replace("Camila", "\u{202B}Cam\u{200D}ila\u{202C}")
        .replace("Almagro", "Alma\u{2060}gro\u{200E}")
        .replace("ALBA", "\u{2066}AL\u{FEFF}BA\u{2069}")
        .replace("Chavez", "Cha\u{301}vez");
    let got = plan(d.path(), "dirty.txt", dirty.as_bytes(), &[]);
    let cleaned = clean.replace("Chavez", "Chávez");
    let want_accent = reading(&plan(d.path(), "accent.txt", cleaned.as_bytes(), &[]));
    assert_ne!(want, want_accent, "the accent should be kept");
    assert_eq!(reading(&got), want_accent);

    let nfd = "Señor Núñez speaks\n\nWe met Señor Núñez in Peñalolén.\n"
        .replace('ñ', "n\u{303}")
        .replace('ú', "u\u{301}")
        .replace('é', "e\u{301}");
    let w = words(&plan(d.path(), "nfd.txt", nfd.as_bytes(), &[]));
    assert!(w.contains(&"núñez".to_string()), "{w:?}");
    assert!(w.contains(&"peñalolén".to_string()), "{w:?}");
    assert!(!w.iter().any(|w| w == "n" || w == "ez"), "{w:?}");
}

#[test]
fn old_mac_and_windows_line_ends_read_like_unix_ones() {
    let d = tempfile::tempdir().unwrap();
    let unix = std::fs::read_to_string(EXAMPLE).unwrap();
    let want = reading(&plan(d.path(), "unix.txt", unix.as_bytes(), &[]));
    let mac = plan(
        d.path(),
        "mac.txt",
        unix.replace('\n', "\r").as_bytes(),
        &[],
    );
    assert_eq!(mac["chapters"].as_array().unwrap().len(), 5);
    assert_eq!(reading(&mac), want);
    let dos = plan(
        d.path(),
        "dos.txt",
        unix.replace('\n', "\r\n").as_bytes(),
        &[],
    );
    assert_eq!(reading(&dos), want);
    // Line numbers count lone CRs as line ends too.
    let line = |v: &Value| v["chapters"][1]["turns"][0]["paragraphs"][0]["line"].clone();
    let unix_v = plan(d.path(), "unix.txt", unix.as_bytes(), &[]);
    assert_eq!(line(&mac), line(&unix_v));
}

#[test]
fn a_user_lexicon_and_a_cast_file_saved_with_a_bom_are_read() {
    let d = tempfile::tempdir().unwrap();
    let pho = |bom: &[u8]| {
        let lex = d.path().join("lex.txt");
        let cast = d.path().join("cast.toml");
        std::fs::write(&lex, [bom, b"LLORENTI  Y AO0 R EH1 N T IY0\r\n"].concat()).unwrap();
        std::fs::write(&cast, [bom, b"[CE]\r\nvoice = \"kal\"\r\n"].concat()).unwrap();
        ok(&[
            "plan",
            EXAMPLE,
            "--pho",
            "--lexicon",
            lex.to_str().unwrap(),
            "--cast-file",
            cast.to_str().unwrap(),
        ])
    };
    let with_bom = pho(b"\xEF\xBB\xBF");
    assert_eq!(with_bom, pho(b""));
    assert!(
        with_bom.contains("Camila Escalante (kal)"),
        "cast file not applied"
    );
    let plain = ok(&["plan", EXAMPLE, "--pho", "--cast", "CE=kal"]);
    assert_ne!(with_bom, plain, "the user lexicon changed nothing");
}

#[test]
fn initials_the_text_declares_are_labels_even_when_they_spell_words() {
    let d = tempfile::tempdir().unwrap();
    for (name, host, guest) in [
        ("ps.txt", "Paul Smith (PS)", "Nora Olsen (NO)"),
        ("so.txt", "Sam Ortiz (SO)", "Tina Olsen (TO)"),
        ("is.txt", "Ian Smith (IS)", "Ana Ruiz (AR)"),
    ] {
        let (h, g) = (
            &host[host.len() - 3..host.len() - 1],
            &guest[guest.len() - 3..guest.len() - 1],
        );
        let text = format!(
            "Bread and the sea\n\nThis interview was conducted by {host} with {guest}.\n\n\
             {h}: Why bread?\n\n{g}: Because it is good.\n\n{h}: And then?\n\n{g}: Then we eat it.\n"
        );
        let v = plan(d.path(), name, text.as_bytes(), &[]);
        let labels: Vec<&str> = v["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["label"].as_str().unwrap())
            .collect();
        assert_eq!(labels, ["narrator", h, g], "{name}");
        let w = words(&v);
        assert!(
            !w.iter().any(|w| w.eq_ignore_ascii_case(g)),
            "{name}: {w:?}"
        );
        assert_eq!(v["chapters"].as_array().unwrap().len(), 3, "{name}");
    }
    // Undeclared, "NO:" stays text at the start of a line.
    let text = "Notes\n\nSL: Is it over?\n\nNO: Not yet.\n\nSL: Then?\n";
    let v = plan(d.path(), "undeclared.txt", text.as_bytes(), &[]);
    assert_eq!(v["speakers"].as_array().unwrap().len(), 2, "{v}");
    assert!(v.to_string().contains("NO: Not yet."), "{v}");
}

#[test]
fn a_single_line_without_final_punctuation_is_read() {
    let d = tempfile::tempdir().unwrap();
    for text in [
        "Hello\n",
        "Hello world",
        "Water and bread\n\nthe sea and the rain\n",
    ] {
        let v = plan(d.path(), "line.txt", text.as_bytes(), &[]);
        let w = words(&v);
        for word in text.split_whitespace() {
            assert!(w.contains(&word.to_lowercase()), "{text:?}: {w:?}");
        }
    }
    let out = d.path().join("hello.wav");
    let o = aloud(
        &["render", "-", "-o", out.to_str().unwrap(), "--quiet"],
        b"Hello\n",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::metadata(&out).unwrap().len() > 1000);
}

#[test]
fn cyrillic_and_greek_are_transliterated_and_reported_other_scripts_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let v = plan(
        d,
        "mix.txt",
        "News from Kyiv\n\nThe mayor of Москва met the people of Αθήνα today.\n".as_bytes(),
        &[],
    );
    let t = v["transliterated"].as_array().unwrap();
    assert_eq!(t.len(), 2, "{t:?}");
    assert_eq!(
        (t[0]["from"].as_str(), t[0]["to"].as_str()),
        (Some("Москва"), Some("Moskva"))
    );
    assert_eq!(t[0]["line"], 3);
    assert!(words(&v).iter().any(|w| w == "moskva"), "{:?}", words(&v));
    // a text wholly in Russian is spoken, not written as silence
    let ru = d.join("ru.txt");
    std::fs::write(&ru, "Привет, мир. Как дела?\n").unwrap();
    let wav = d.join("ru.wav");
    ok(&[
        "render",
        ru.to_str().unwrap(),
        "-o",
        wav.to_str().unwrap(),
        "-q",
    ]);
    let mut r = hound::WavReader::open(&wav).unwrap();
    let loud = r
        .samples::<i16>()
        .filter(|s| s.as_ref().unwrap().abs() > 1000)
        .count();
    assert!(loud > 1000, "only {loud} loud samples");
    // letters of a script aloud has no sounds for: exit 3 naming the first such line, no file
    for (text, line) in [
        ("Hello.\nمرحبا بالعالم\n", "line 2"),
        ("你好。\n", "line 1"),
    ] {
        let input = d.join("other.txt");
        std::fs::write(&input, text).unwrap();
        let out = d.join("other.wav");
        let o = aloud(
            &[
                "render",
                input.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ],
            b"",
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(3), "{err}");
        assert!(err.contains(line) && err.contains("cannot speak"), "{err}");
        assert!(!out.exists());
    }
}
