//! The Festival group-file decoder against a three-unit fixture cut from the
//! real kal group file (tests/fixtures/festvox/, licence notice there).

use aloud::units::Frames;
use aloud::voice::build::analysis::rms;
use aloud::voice::build::coverage::PairSet;
use aloud::voice::build::festvox::{synthesize, GroupFile};
use aloud::voice::build::import::import_festvox;
use aloud::voice::build::SourceError;
use aloud::voice::{write_voice, Voice, VoiceDescription};
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/festvox/kal3.group")
}

/// (name, residual samples, join sample, marks, RMS of the decoded unit in
/// 16-bit units). The RMS values come from an independent reference decoder
/// (a direct transcription of the format description, run once in Python).
const KNOWN: [(&str, usize, usize, usize, f32); 3] = [
    ("aa-b", 2094, 1026, 11, 1549.72),
    ("ae-aw", 2975, 738, 15, 1963.81),
    ("pau-s", 2445, 978, 14, 176.437),
];

#[test]
fn decoder_reproduces_known_units() {
    let g = GroupFile::open(&fixture()).unwrap();
    assert_eq!(g.entries.len(), 3);
    for (i, (name, len, join, marks, want_rms)) in KNOWN.iter().enumerate() {
        assert_eq!(&g.entries[i].name, name);
        let u = g.lpc_unit(i).unwrap();
        assert_eq!(u.residual.len(), *len, "{name}");
        assert_eq!(u.frames.len(), *marks, "{name}");
        assert_eq!(u.frames[u.join_frame].at, *join, "{name}");
        let got = rms(&synthesize(&u.residual, &u.frames));
        assert!(
            (got / want_rms - 1.0).abs() < 0.01,
            "{name}: RMS {got} vs {want_rms}"
        );
    }
}

#[test]
fn imported_fixture_is_a_loadable_voice_with_sensible_voicing() {
    let g = GroupFile::open(&fixture()).unwrap();
    let imp = import_festvox(&g, &PairSet::default()).unwrap();
    assert_eq!(imp.units.len(), 3);
    assert_eq!(imp.report.clamped, 0);
    assert!(imp.report.composed.is_empty());
    let voiced = |i: usize| {
        let m = &imp.units[i].marks;
        m.iter().filter(|m| m.voiced).count() as f32 / m.len() as f32
    };
    assert!(voiced(1) > 0.8, "ae-aw voiced share {}", voiced(1));
    assert!(voiced(2) < 0.3, "pau-s voiced share {}", voiced(2));
    let tmp = tempfile::tempdir().unwrap();
    let desc = VoiceDescription {
        id: "fx".into(),
        name: "Fixture".into(),
        gender: aloud::person::Gender::Male,
        language: "en-US".into(),
        source: "tests/fixtures/festvox/kal3.group".into(),
        method: "test".into(),
        licence: "Festvox".into(),
        licence_text: "see tests/fixtures/festvox/LICENSE\n".into(),
        changes: "cut\n".into(),
    };
    // No pau-pau in three units: writing works, loading refuses (no last fallback).
    write_voice(&tmp.path().join("fx"), &desc, &imp.samples, &imp.units).unwrap();
    let e = Voice::load(&tmp.path().join("fx")).unwrap_err();
    assert!(e.to_string().contains("pau-pau"), "{e}");
}

#[test]
fn damaged_group_files_are_refused_with_the_offset() {
    let bytes = std::fs::read(fixture()).unwrap();
    let cut = bytes[..bytes.len() - 100].to_vec();
    let g = GroupFile::parse(Path::new("cut.group"), cut).unwrap();
    let e = g.lpc_unit(2).unwrap_err();
    assert!(matches!(e, SourceError::GroupFile { .. }), "{e}");
    assert!(
        e.to_string().contains("pau-s") && e.to_string().contains("cut.group"),
        "{e}"
    );
    let e = GroupFile::parse(Path::new("x.group"), b"RIFF....".to_vec()).unwrap_err();
    assert!(e.to_string().contains("x.group: byte 0"), "{e}");
}

#[test]
fn an_onset_cluster_recording_replaces_the_plain_pair() {
    // Rename the fixture's entries: aa-b → s-t (plain), ae-aw → s_-_t (onset cluster).
    let bytes = std::fs::read(fixture()).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let index_start = text.find("EST_Header_End\n").unwrap() + "EST_Header_End\n".len();
    let renamed: Vec<u8> = {
        let mut out = bytes[..index_start].to_vec();
        let mut at = index_start;
        for (old, new) in [
            ("aa-b ", "s-t "),
            ("ae-aw ", "s_-_t "),
            ("pau-s ", "pau-s "),
        ] {
            let eol = at + bytes[at..].iter().position(|&b| b == b'\n').unwrap() + 1;
            let line = std::str::from_utf8(&bytes[at..eol]).unwrap();
            out.extend_from_slice(line.replacen(old, new, 1).as_bytes());
            at = eol;
        }
        out.extend_from_slice(&bytes[at..]);
        out
    };
    let g = GroupFile::parse(Path::new("renamed.group"), renamed).unwrap();
    let imp = import_festvox(&g, &PairSet::default()).unwrap();
    assert_eq!(imp.units.len(), 2);
    let st = imp
        .units
        .iter()
        .find(|u| u.diphone.to_string() == "s-t")
        .unwrap();
    // The cluster entry (ae-aw's audio, 2975 samples) was taken, not aa-b's (2094).
    assert_eq!(st.end - st.start, Frames(2975));
    assert_eq!(imp.report.clusters.len(), 1);
    assert!(imp.report.skipped.contains(&"s-t".to_string()));
}
