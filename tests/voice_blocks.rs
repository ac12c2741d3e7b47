//! Voices opened for rendering check their audio as it is read (`units.blocks`): damage under
//! a unit the synthesizer plays stops it with an error naming voice, file and unit; damage
//! nowhere near what it plays changes nothing; `aloud voice checksums` brings an older voice
//! up to date without changing one written now.

use aloud::phonetics::phone::Phone;
use aloud::prosody::{PhoneTarget, PitchPoint};
use aloud::synth::synthesize;
use aloud::units::{Frames, Hz, Seconds};
use aloud::voice::blocks::{BLOCKS_FILE, BLOCK_BYTES};
use aloud::voice::{
    rewrite_checksums, write_voice, Diphone, PitchMark, Unit, Voice, VoiceError, AUDIO_FILE,
    META_FILE,
};
use std::path::{Path, PathBuf};
#[path = "support/voice_folder.rs"]
mod voice_folder;

/// Samples per unit: each unit spans several blocks, so units far apart share none.
const UNIT: usize = 4 * BLOCK_BYTES;
/// Where the samples start in `units.wav` (a plain 44-byte WAV header).
const HEADER: usize = 44;

/// A voice of units pau-pau, pau-aa, aa-pau, w-ax, ax-pau, pau-w, each `UNIT` samples of a
/// 100 Hz buzz, in that order.
fn voice(dir: &Path) -> PathBuf {
    let (pau, aa, w, ax) = (Phone::Pau, Phone::Aa, Phone::W, Phone::Ax);
    let pairs = [
        (pau, pau),
        (pau, aa),
        (aa, pau),
        (w, ax),
        (ax, pau),
        (pau, w),
    ];
    let mut samples = Vec::new();
    let mut units = Vec::new();
    for (l, r) in pairs {
        let start = samples.len();
        samples.extend((0..UNIT).map(|i| {
            let t = i as f32 / 16_000.0;
            ((t * 100.0 * std::f32::consts::TAU).sin() * 8000.0) as i16
        }));
        units.push(Unit {
            diphone: Diphone::new(l, r),
            start: Frames(start),
            join: Frames(start + UNIT / 2),
            end: Frames(start + UNIT),
            marks: (1..UNIT / 160)
                .map(|k| PitchMark {
                    at: Frames(start + k * 160),
                    voiced: true,
                })
                .collect(),
        });
    }
    let out = dir.join("blk");
    write_voice(&out, &voice_folder::description("blk"), &samples, &units).unwrap();
    out
}

fn targets(phones: &[Phone]) -> Vec<PhoneTarget> {
    phones
        .iter()
        .map(|&phone| PhoneTarget {
            phone,
            duration: Seconds(0.12),
            pitch: vec![PitchPoint {
                at: 0.5,
                f0: Hz(100.0),
            }],
            place: None,
        })
        .collect()
}

/// Flips one bit in the middle of unit `k`'s audio.
fn damage_unit(dir: &Path, k: usize) {
    let path = dir.join(AUDIO_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[HEADER + 2 * (k * UNIT + UNIT / 2)] ^= 0x10;
    std::fs::write(&path, bytes).unwrap();
}

#[test]
fn damage_is_found_where_it_is_played_and_only_there() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = voice(tmp.path());
    let aa = targets(&[Phone::Aa]);
    let before = synthesize(&aa, &Voice::open(&dir).unwrap()).unwrap();

    damage_unit(&dir, 3); // w-ax, which "aa" never reads
    let open = Voice::open(&dir).expect("opening checks only the header");
    let after = synthesize(&aa, &open).unwrap();
    assert_eq!(before.waveform.samples, after.waveform.samples);
    let e = synthesize(&targets(&[Phone::W, Phone::Ax]), &open).unwrap_err();
    let m = e.to_string();
    assert!(
        m.contains("`blk`") && m.contains(AUDIO_FILE) && m.contains("`w-ax`"),
        "{m}"
    );
    // A second read of the damaged stretch is refused again (nothing is marked checked).
    assert!(open.verify_read(3 * UNIT..4 * UNIT).is_err());
    assert!(open.verify_read(0..UNIT).is_ok());
    // The whole-file check of a full load still refuses the voice at once.
    assert!(matches!(
        Voice::load(&dir).unwrap_err(),
        VoiceError::Checksum { unit: Some(ref u), .. } if u == "w-ax"
    ));
}

#[test]
fn damaged_block_checksums_or_header_refuse_the_voice_at_open() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = voice(tmp.path());
    let blocks = dir.join(BLOCKS_FILE);
    let good = std::fs::read(&blocks).unwrap();
    let mut bad = good.clone();
    bad[20] ^= 1;
    std::fs::write(&blocks, &bad).unwrap();
    let m = Voice::open(&dir).unwrap_err().to_string();
    assert!(m.contains("`blk`") && m.contains(BLOCKS_FILE), "{m}");
    std::fs::write(&blocks, &good).unwrap();

    let audio = dir.join(AUDIO_FILE);
    let mut bytes = std::fs::read(&audio).unwrap();
    bytes[30] ^= 1; // inside the WAV header's format chunk
    std::fs::write(&audio, &bytes).unwrap();
    assert!(Voice::open(&dir).is_err());
}

#[test]
fn checksums_rewritten_change_nothing_on_a_new_voice_and_bring_an_old_one_up_to_date() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = voice(tmp.path());
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    let (meta, blocks) = (read(META_FILE), read(BLOCKS_FILE));
    rewrite_checksums(&dir).unwrap();
    assert_eq!(
        (read(META_FILE), read(BLOCKS_FILE)),
        (meta.clone(), blocks.clone())
    );

    // As written before block checksums: no `units.blocks`, no entries for it.
    let text = String::from_utf8(meta.clone()).unwrap();
    let old: String = text
        .lines()
        .filter(|l| !l.starts_with(&format!("\"{BLOCKS_FILE}\"")))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join(META_FILE), &old).unwrap();
    std::fs::remove_file(dir.join(BLOCKS_FILE)).unwrap();
    // such a voice is checked whole when opened
    damage_unit(&dir, 3);
    assert!(Voice::open(&dir).is_err());
    damage_unit(&dir, 3); // the same bit back
    Voice::open(&dir).unwrap();

    rewrite_checksums(&dir).unwrap();
    assert_eq!((read(META_FILE), read(BLOCKS_FILE)), (meta, blocks));
}

#[test]
fn checksums_of_audio_that_does_not_fit_its_index_are_not_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = voice(tmp.path());
    let meta = std::fs::read(dir.join(META_FILE)).unwrap();
    let audio = dir.join(AUDIO_FILE);
    let bytes = std::fs::read(&audio).unwrap();
    std::fs::write(&audio, &bytes[..HEADER + 2 * UNIT]).unwrap();
    let m = rewrite_checksums(&dir).unwrap_err().to_string();
    assert!(m.contains("`blk`"), "{m}");
    assert_eq!(std::fs::read(dir.join(META_FILE)).unwrap(), meta);
}
