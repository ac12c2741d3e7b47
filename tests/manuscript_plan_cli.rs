//! `aloud plan` end to end, with the bundled voices' metadata.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/keep-almagro-out.txt");

fn aloud(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args(args)
        .output()
        .expect("run aloud")
}

fn json(args: &[&str]) -> Value {
    let out = aloud(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn plan_json_has_title_speakers_chapters_and_dropped() {
    let v = json(&["plan", EXAMPLE, "--json"]);
    assert_eq!(
        v["title"],
        "Keep Almagro Out: Interview with ALBA-TCP Secretary General"
    );
    let speakers: Vec<(String, String, String, String)> = v["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let f = |k: &str| s[k].as_str().unwrap_or_default().to_string();
            (f("label"), f("name"), f("role"), f("voice"))
        })
        .collect();
    let expected = [
        ("narrator", "Narrator", "narrator", "rms"),
        ("CE", "Camila Escalante", "host", "slt"),
        ("SL", "Sacha Llorenti", "guest", "ked"),
    ];
    let expected: Vec<(String, String, String, String)> = expected
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    assert_eq!(speakers, expected);
    let chapters = v["chapters"].as_array().unwrap();
    assert_eq!(chapters.len(), 5);
    assert_eq!(chapters[1]["turns"][0]["speaker"], "CE");
    assert_eq!(chapters[1]["turns"][1]["speaker"], "SL");
    let text = chapters[1]["turns"][1]["text"].as_str().unwrap();
    assert!(text.starts_with("We were of course shocked"), "{text}");
    let dropped = v["dropped"].as_array().unwrap();
    assert_eq!(dropped.len(), 2);
    assert_eq!(
        dropped[1]["text"],
        "Website Designer Developer Colchester Essex"
    );
    assert_eq!(dropped[1]["reason"], "web site footer, not the article");
    // Each speaker's turns and words are those of the chapters' turns.
    for sp in v["speakers"].as_array().unwrap() {
        let theirs: Vec<&Value> = chapters
            .iter()
            .flat_map(|c| c["turns"].as_array().unwrap())
            .filter(|t| t["speaker"] == sp["label"])
            .collect();
        let words: usize = theirs
            .iter()
            .map(|t| t["text"].as_str().unwrap().split_whitespace().count())
            .sum();
        assert_eq!(sp["turns"], theirs.len(), "{sp}");
        assert_eq!(sp["words"], words, "{sp}");
    }
    assert_eq!(v["speakers"][2]["words"], 716);
}

#[test]
fn plan_text_lists_speakers_chapters_and_dropped_blocks() {
    let out = aloud(&["plan", EXAMPLE]);
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "Keep Almagro Out: Interview with ALBA-TCP Secretary General",
        "CE       → Camila Escalante → host     → slt",
        "SL       → Sacha Llorenti   → guest    → ked  (4 turns, 716 words)",
        " 5. The failed coup against Hugo Chavez in 2002  (2 turns: CE 1, SL 1)",
        "Dropped (2):",
        "sponsor or advertising line",
    ] {
        assert!(s.contains(needle), "missing {needle:?} in\n{s}");
    }
}

#[test]
fn cast_flag_and_cast_file_override_voices() {
    let v = json(&["plan", EXAMPLE, "--json", "--cast", "CE=kal,SL=slt"]);
    assert_eq!(v["speakers"][1]["voice"], "kal");
    assert_eq!(v["speakers"][2]["voice"], "slt");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cast.toml");
    std::fs::write(
        &file,
        "[\"Camila Escalante\"]\nvoice = \"ked\"\npitch = 2.0\n",
    )
    .unwrap();
    let v = json(&[
        "plan",
        EXAMPLE,
        "--json",
        "--cast-file",
        file.to_str().unwrap(),
    ]);
    assert_eq!(v["speakers"][1]["voice"], "ked");
    assert_eq!(v["speakers"][1]["pitch"], 2.0);
    // --cast and the file combine field by field: the file's pitch, the flag's voice.
    std::fs::write(&file, "[\"Camila Escalante\"]\npitch = 2.0\n").unwrap();
    let v = json(&[
        "plan",
        EXAMPLE,
        "--json",
        "--cast-file",
        file.to_str().unwrap(),
        "--cast",
        "CE=slt",
    ]);
    assert_eq!(v["speakers"][1]["voice"], "slt");
    assert_eq!(v["speakers"][1]["pitch"], 2.0);
    // Both setting the voice is an error (tests/cli_bad_input.rs), not "the last one wins".
}

#[test]
fn bad_cast_overrides_exit_2_with_the_valid_choices() {
    let out = aloud(&["plan", EXAMPLE, "--cast", "CE=nope"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown voice `nope` for CE in --cast; available voices: kal, ked, rms, slt"),
        "{err}"
    );
    let out = aloud(&["plan", EXAMPLE, "--cast", "Oliver=kal"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "valid speakers: narrator (Narrator), CE (Camila Escalante), SL (Sacha Llorenti)"
    ));
}

#[test]
fn plan_reads_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args(["plan", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"Short Note\n\nAna: Hello, Ben.\n\nBen: Hello, Ana. How are you?\n\nAna: Fine.\n",
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "Short Note");
    let labels: Vec<&str> = v["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, vec!["narrator", "Ana", "Ben"]);
}

#[test]
fn say_takes_the_narrators_voice_from_cast_as_well_as_from_voice() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("n.wav");
    let o = aloud(&[
        "say",
        "Hello there.",
        "--cast",
        "narrator=kal",
        "-q",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let kal = std::fs::read(&out).unwrap();
    let o = aloud(&[
        "say",
        "Hello there.",
        "--voice",
        "kal",
        "-q",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read(&out).unwrap(),
        kal,
        "the same voice either way"
    );
}

#[test]
fn voices_lists_each_voice_in_aligned_columns_with_its_measured_clarity() {
    let out = aloud(&["voices"]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    let header = table.lines().next().unwrap();
    assert!(header.contains("errors quality"), "{header}");
    let name_at = header.find("name").unwrap();
    for v in json(&["voices", "--json"]).as_array().unwrap() {
        let id = v["id"].as_str().unwrap();
        let row = table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("no row for {id} in\n{table}"));
        // Short ids are padded: every name starts under the header's.
        assert_eq!(
            row.find(v["name"].as_str().unwrap()),
            Some(name_at),
            "{row}"
        );
        let m = &v["measured"];
        assert!(m.is_object(), "every bundled voice is measured: {v}");
        let errors = format!("{:.1}%", m["word_error_rate"].as_f64().unwrap() * 100.0);
        let quality = format!("{:.2}", m["quality"].as_f64().unwrap());
        assert!(row.contains(&format!(" {errors} ")), "{errors} in {row}");
        assert!(row.contains(&format!(" {quality} ")), "{quality} in {row}");
    }
}
