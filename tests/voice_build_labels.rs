//! Golden tests of the label file parser on the fixtures in tests/fixtures/labels.

use aloud::phonetics::phone::Phone;
use aloud::voice::build::labels::{detect, read, LabelFormat, Segment};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/labels")
        .join(name)
}

fn golden(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|s| format!("{:.4} {:.4} {}", s.start.0, s.end.0, s.phone))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn festival_segs_file() {
    let path = fixture("festival-t-iy.segs");
    assert_eq!(
        detect(&std::fs::read_to_string(&path).unwrap()),
        LabelFormat::Xlabel
    );
    let s = read(&path).unwrap();
    assert_eq!(
        golden(&s),
        "0.0000 0.2500 pau\n0.2500 0.3550 t\n0.3550 0.5150 aa\n0.5150 0.6450 t\n\
         0.6450 0.7900 iy\n0.7900 0.9300 t\n0.9300 1.2650 aa\n1.2650 1.5100 pau"
    );
}

#[test]
fn xlabel_file_with_header() {
    let s = read(&fixture("xlabel-header.lab")).unwrap();
    assert_eq!(
        golden(&s),
        "0.0000 0.2400 pau\n0.2400 0.3450 k\n0.3450 0.5300 ae"
    );
}

#[test]
fn htk_lab_file() {
    let path = fixture("htk-k-ae.lab");
    assert_eq!(
        detect(&std::fs::read_to_string(&path).unwrap()),
        LabelFormat::Htk
    );
    let s = read(&path).unwrap();
    assert_eq!(
        golden(&s),
        "0.0000 0.2400 pau\n0.2400 0.3450 k\n0.3450 0.5300 ae\n0.5300 0.5900 t\n\
         0.5900 0.7350 ax\n0.7350 0.8700 pau"
    );
    assert_eq!(s[2].phone, Phone::Ae);
}

#[test]
fn missing_file_names_the_file() {
    let e = read(&fixture("nope.segs")).unwrap_err();
    assert!(e.to_string().contains("nope.segs"), "{e}");
}
