//! The voice format: a small synthetic voice written with `write_voice`, loaded,
//! looked up, and refused when damaged (errors name voice, file and unit).

use aloud::person::Gender;
use aloud::phonetics::phone::Phone;
use aloud::units::Frames;
use aloud::voice::{
    catalog, write_voice, Diphone, PitchMark, SubstitutionRule, Unit, Voice, VoiceError,
    AUDIO_FILE, INDEX_FILE,
};
use std::path::{Path, PathBuf};

#[path = "support/voice_folder.rs"]
mod voice_folder;
use voice_folder::description as desc;

/// Units pau-pau, pau-aa, aa-pau, aa-b, w-ax, each 1600 samples of a 100 Hz buzz.
fn build(dir: &Path, id: &str) -> PathBuf {
    let pairs = [
        (Phone::Pau, Phone::Pau),
        (Phone::Pau, Phone::Aa),
        (Phone::Aa, Phone::Pau),
        (Phone::Aa, Phone::B),
        (Phone::W, Phone::Ax),
    ];
    let out = dir.join(id);
    let meta = write_pairs(&out, id, &pairs).unwrap();
    assert_eq!(meta.units, 5);
    assert_eq!(meta.f0_median.0, 160.0);
    out
}

/// A voice with one unit per listed pair (in that order), written to `out`.
fn write_pairs(
    out: &Path,
    id: &str,
    pairs: &[(Phone, Phone)],
) -> Result<aloud::voice::VoiceMeta, VoiceError> {
    let mut samples = Vec::new();
    let mut units = Vec::new();
    for &(l, r) in pairs {
        let start = samples.len();
        for i in 0..1600 {
            let t = i as f32 / 16_000.0;
            samples.push(((t * 100.0 * std::f32::consts::TAU).sin() * 8000.0) as i16);
        }
        let marks = (1..16)
            .map(|k| PitchMark {
                at: Frames(start + k * 100),
                voiced: true,
            })
            .collect();
        units.push(Unit {
            diphone: Diphone::new(l, r),
            start: Frames(start),
            join: Frames(start + 800),
            end: Frames(start + 1600),
            marks,
        });
    }
    write_voice(out, &desc(id), &samples, &units)
}

#[test]
fn several_units_of_a_diphone_load_as_candidates_when_adjacent() {
    let tmp = tempfile::tempdir().unwrap();
    let (pau, aa, b) = (Phone::Pau, Phone::Aa, Phone::B);
    let dir = tmp.path().join("cand");
    let pairs = [(pau, pau), (pau, aa), (aa, b), (aa, b), (aa, b), (aa, pau)];
    write_pairs(&dir, "cand", &pairs).unwrap();
    let toml = std::fs::read_to_string(dir.join("voice.toml")).unwrap();
    assert!(toml.starts_with("format = 2\n"), "{toml}");
    let v = Voice::load(&dir).unwrap();
    let c = v.candidates(Diphone::new(aa, b)).unwrap();
    assert_eq!(c.units.len(), 3);
    assert_eq!(c.features.len(), 3);
    assert_eq!(v.unit(Diphone::new(aa, b)).unwrap().unit, &c.units[0]);
    assert_eq!(v.candidates(Diphone::new(pau, aa)).unwrap().units.len(), 1);
    // a voice with one unit per diphone stays format 1 and has no features to compute
    let one = build(tmp.path(), "one");
    let toml = std::fs::read_to_string(one.join("voice.toml")).unwrap();
    assert!(toml.starts_with("format = 1\n"), "{toml}");
    let v = Voice::load(&one).unwrap();
    assert!(v
        .candidates(Diphone::new(aa, b))
        .unwrap()
        .features
        .is_empty());
}

#[test]
fn units_of_one_diphone_apart_in_the_index_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (pau, aa, b) = (Phone::Pau, Phone::Aa, Phone::B);
    let pairs = [(pau, pau), (aa, b), (pau, aa), (aa, b)];
    let e = write_pairs(&tmp.path().join("apart"), "apart", &pairs).unwrap_err();
    let m = message(&e);
    assert!(
        m.contains("aa-b") && m.contains("duplicate unit (first on line 4)"),
        "{m}"
    );
}

#[test]
fn written_voice_loads_and_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = build(tmp.path(), "tst");
    let v = Voice::load(&dir).unwrap();
    assert_eq!(v.meta().id, "tst");
    assert_eq!(v.units().len(), 5);
    assert_eq!(v.pcm().len(), 5 * 1600);
    let u = &v.units()[3];
    assert_eq!(v.unit_samples(u).len(), 1600);
    let cat = catalog(tmp.path()).unwrap();
    assert_eq!(cat.len(), 1);
    assert_eq!(cat[0].gender, Gender::Female);
    assert!(std::fs::read_to_string(dir.join("LICENSE"))
        .unwrap()
        .contains("no rights"));
}

#[test]
fn writing_twice_gives_identical_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let (da, db) = (build(a.path(), "tst"), build(b.path(), "tst"));
    for f in ["voice.toml", AUDIO_FILE, INDEX_FILE, "LICENSE", "NOTICE"] {
        assert_eq!(
            std::fs::read(da.join(f)).unwrap(),
            std::fs::read(db.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn fallback_chain_reports_substitutions() {
    let tmp = tempfile::tempdir().unwrap();
    let v = Voice::load(&build(tmp.path(), "tst")).unwrap();
    let c = v.unit(Diphone::new(Phone::Aa, Phone::B)).unwrap();
    assert_eq!(c.substitution, None);
    assert_eq!(c.unit.diphone, Diphone::new(Phone::Aa, Phone::B));
    // w-er is missing: er -> ax.
    let c = v.unit(Diphone::new(Phone::W, Phone::Er)).unwrap();
    let s = c
        .substitution
        .expect("w-er must be reported as substituted");
    assert_eq!(s.wanted, Diphone::new(Phone::W, Phone::Er));
    assert_eq!(s.used, Diphone::new(Phone::W, Phone::Ax));
    assert_eq!(s.rule, SubstitutionRule::SimilarRight);
    assert_eq!(c.unit.diphone, s.used);
    // ao-p: ao -> aa and p -> b.
    let s = v
        .unit(Diphone::new(Phone::Ao, Phone::P))
        .unwrap()
        .substitution
        .unwrap();
    assert_eq!(
        (s.used, s.rule),
        (
            Diphone::new(Phone::Aa, Phone::B),
            SubstitutionRule::SimilarBoth
        )
    );
    // aa-k: nothing similar, falls back to aa-pau.
    let s = v
        .unit(Diphone::new(Phone::Aa, Phone::K))
        .unwrap()
        .substitution
        .unwrap();
    assert_eq!(s.rule, SubstitutionRule::PauseRight);
    let s = v
        .unit(Diphone::new(Phone::Zh, Phone::Aa))
        .unwrap()
        .substitution
        .unwrap();
    assert_eq!(s.rule, SubstitutionRule::PauseLeft);
    let s = v
        .unit(Diphone::new(Phone::Zh, Phone::Zh))
        .unwrap()
        .substitution
        .unwrap();
    assert_eq!(
        (s.used, s.rule),
        (
            Diphone::new(Phone::Pau, Phone::Pau),
            SubstitutionRule::Silence
        )
    );
    assert!(v.has(Diphone::new(Phone::W, Phone::Ax)));
    assert!(!v.has(Diphone::new(Phone::W, Phone::Er)));
}

fn message(e: &VoiceError) -> String {
    e.to_string()
}

#[test]
fn flipped_audio_byte_names_voice_file_and_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = build(tmp.path(), "tst");
    let p = dir.join(AUDIO_FILE);
    let mut bytes = std::fs::read(&p).unwrap();
    // Unit 3 (aa-b) starts at sample 4800: byte 44 + 2 * 4800 + some.
    bytes[44 + 2 * 4900] ^= 0x40;
    std::fs::write(&p, bytes).unwrap();
    let e = Voice::load(&dir).unwrap_err();
    let m = message(&e);
    assert!(
        matches!(e, VoiceError::Checksum { unit: Some(ref u), .. } if u == "aa-b"),
        "{m}"
    );
    assert!(
        m.contains("`tst`") && m.contains("units.wav") && m.contains("aa-b"),
        "{m}"
    );
}

#[test]
fn a_voice_written_before_xxh3_is_checked_by_its_sha256() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = build(tmp.path(), "tst");
    let toml_path = dir.join("voice.toml");
    let text = std::fs::read_to_string(&toml_path).unwrap();
    let cut = text
        .find("\n[xxh3]")
        .expect("a new voice lists XXH3 checksums");
    std::fs::write(&toml_path, &text[..cut + 1]).unwrap();
    Voice::load(&dir).unwrap();
    let p = dir.join(AUDIO_FILE);
    let mut bytes = std::fs::read(&p).unwrap();
    bytes[44 + 2 * 4900] ^= 0x40;
    std::fs::write(&p, bytes).unwrap();
    let e = Voice::load(&dir).unwrap_err();
    assert!(
        matches!(e, VoiceError::Checksum { unit: Some(ref u), .. } if u == "aa-b"),
        "{e}"
    );
}

#[test]
fn truncated_audio_names_the_first_unit_past_the_end() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = build(tmp.path(), "tst");
    let p = dir.join(AUDIO_FILE);
    let bytes = std::fs::read(&p).unwrap();
    std::fs::write(&p, &bytes[..44 + 2 * 6000]).unwrap();
    let m = message(&Voice::load(&dir).unwrap_err());
    assert!(
        m.contains("`tst`") && m.contains("units.wav") && m.contains("aa-b"),
        "{m}"
    );
    assert!(m.contains("past the end"), "{m}");
}

#[test]
fn pitch_marks_out_of_order_are_refused_even_with_fixed_checksums() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = build(tmp.path(), "tst");
    let p = dir.join(INDEX_FILE);
    let text = std::fs::read_to_string(&p).unwrap();
    let bad = text.replace(" 4900 5000 ", " 5000 4900 ");
    assert_ne!(bad, text);
    std::fs::write(&p, &bad).unwrap();
    // Without touching voice.toml: the checksum fails and the unit is named.
    let m = message(&Voice::load(&dir).unwrap_err());
    assert!(
        m.contains("units.idx") && m.contains("aa-b") && m.contains("`tst`"),
        "{m}"
    );
    // With the checksums "repaired": the structural check names the unit.
    let toml_path = dir.join("voice.toml");
    let toml = std::fs::read_to_string(&toml_path)
        .unwrap()
        .replace(&sha(text.as_bytes()), &sha(bad.as_bytes()))
        .replace(&xxh3(text.as_bytes()), &xxh3(bad.as_bytes()));
    std::fs::write(&toml_path, toml).unwrap();
    let e = Voice::load(&dir).unwrap_err();
    let m = message(&e);
    assert!(matches!(e, VoiceError::BadUnit { .. }), "{m}");
    assert!(
        m.contains("units.idx") && m.contains("aa-b") && m.contains("not after"),
        "{m}"
    );
}

fn xxh3(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

fn sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_voice_with_flap_units_says_so_in_its_phone_set_and_an_unknown_set_is_refused() {
    use aloud::phonetics::phone::PhoneSet;
    let tmp = tempfile::tempdir().unwrap();
    let (pau, aa, dx) = (Phone::Pau, Phone::Aa, Phone::Dx);
    let flap = tmp.path().join("flap");
    let meta = write_pairs(&flap, "flap", &[(pau, pau), (aa, dx), (dx, aa)]).unwrap();
    assert_eq!(meta.phone_set, PhoneSet::ArpabetFlap);
    assert_eq!(
        Voice::load(&flap).unwrap().meta().phone_set,
        PhoneSet::ArpabetFlap
    );
    let plain = build(tmp.path(), "plain");
    assert_eq!(
        Voice::load(&plain).unwrap().meta().phone_set,
        PhoneSet::Arpabet
    );
    let toml = plain.join("voice.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replace("arpabet-ax-pau", "ipa")).unwrap();
    let m = message(&Voice::load(&plain).unwrap_err());
    assert!(m.contains("unknown phone set `ipa`"), "{m}");
}
