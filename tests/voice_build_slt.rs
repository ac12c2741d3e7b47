//! The committed slt voice (recorded from the HTS voice with carrier words and whole
//! sentences): metadata, licence notice, and per-unit sanity figures. Printed with
//! `cargo test --release --test voice_build_slt -- --nocapture`.

use aloud::person::Gender;
use aloud::phonetics::phone::Phone;
use aloud::voice::build::coverage::PairSet;
use aloud::voice::{Diphone, Voice};

fn slt() -> Voice {
    Voice::load(&aloud::data::voices_dir().unwrap().join("slt")).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn slt_is_a_female_voice_with_full_coverage_and_its_licence() {
    let v = slt();
    let m = v.meta();
    assert_eq!(m.gender, Gender::Female);
    assert!(
        (150.0..200.0).contains(&m.f0_median.0),
        "F0 median {:?}",
        m.f0_median
    );
    assert!(m.units >= 1500, "{} units", m.units);
    let pairs =
        PairSet::from_cmudict(&aloud::data::lexicon_dir().unwrap().join("cmudict.dict")).unwrap();
    let coverage = pairs.coverage(|d| v.has(d));
    assert!(coverage >= 0.99, "coverage {coverage}");
    assert!(v.has(Diphone::new(Phone::Pau, Phone::Pau)));
    let dir = aloud::data::voices_dir().unwrap().join("slt");
    let licence = std::fs::read_to_string(dir.join("LICENSE")).unwrap();
    assert!(licence.contains("Carnegie Mellon University") && licence.contains("EST-2003"));
    let notice = std::fs::read_to_string(dir.join("NOTICE")).unwrap();
    assert!(
        notice.contains("carrier words")
            && notice.contains("16 kHz")
            && notice.contains("MODIFIED")
    );
    let size: u64 = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    // issue 15's budget is 120 MB for all of voices/; slt holds 900 s of sentences
    assert!(size < 50_000_000, "voices/slt is {size} bytes");
}

fn rms(x: &[f32]) -> f32 {
    (x.iter().map(|&s| f64::from(s) * f64::from(s)).sum::<f64>() / x.len().max(1) as f64).sqrt()
        as f32
}

#[test]
fn slt_units_sound_like_speech_by_numbers() {
    let v = slt();
    let f0 = v.meta().f0_median.0;
    // vowel-vowel units: (diphone, voiced periods, median F0) of the unit with the most
    // periods of each diphone (a unit cut from running speech may be short; the carrier
    // word's is not)
    let mut vv_best: std::collections::BTreeMap<String, (Diphone, usize, f32)> = Default::default();
    let mut quiet = Vec::new();
    let mut peak = 0f32;
    let all = v.samples_f32();
    for u in v.units() {
        let x = v.unit_samples(u);
        peak = x.iter().fold(peak, |m, s| m.max(s.abs()));
        // level of the cut itself, between the first and last mark
        let (a, b) = (
            u.marks[0].at.0,
            u.marks[u.marks.len() - 1].at.0.max(u.marks[0].at.0 + 1),
        );
        let level = rms(&all[a..b]);
        if level < 0.003 {
            quiet.push((u.diphone, level));
        }
        if u.diphone.left.is_vowel() && u.diphone.right.is_vowel() {
            let mut f: Vec<f32> = u
                .marks
                .windows(2)
                .filter(|w| w[0].voiced && w[1].voiced)
                .map(|w| 16_000.0 / (w[1].at - w[0].at).0 as f32)
                .collect();
            f.sort_by(f32::total_cmp);
            let median = f.get(f.len() / 2).copied().unwrap_or(0.0);
            let best = vv_best
                .entry(u.diphone.to_string())
                .or_insert((u.diphone, 0, 0.0));
            if f.len() > best.1 {
                *best = (u.diphone, f.len(), median);
            }
        }
    }
    for (d, periods, _) in vv_best.values() {
        assert!(*periods >= 5, "{d}: at most {periods} voiced periods");
    }
    let vv_f0: Vec<(Diphone, f32)> = vv_best.values().map(|&(d, _, f)| (d, f)).collect();
    let off: Vec<_> = vv_f0
        .iter()
        .filter(|(_, x)| !(f0 / 1.3..f0 * 1.3).contains(x))
        .collect();
    let mut sorted: Vec<f32> = vv_f0.iter().map(|&(_, x)| x).collect();
    sorted.sort_by(f32::total_cmp);
    eprintln!(
        "slt: {} units, F0 median {f0} Hz; {} vowel-vowel units, F0 {:.0}..{:.0} Hz (min..max), {} \
         outside ±30 %; peak {peak:.3}; {} units below -50 dBFS between their marks: {:?}",
        v.units().len(),
        vv_f0.len(),
        sorted[0],
        sorted[sorted.len() - 1],
        off.len(),
        quiet.len(),
        quiet.iter().map(|(d, _)| d.to_string()).collect::<Vec<_>>()
    );
    assert!(off.is_empty(), "vowel-vowel units off pitch: {off:?}");
    assert!(peak < 0.99, "peak {peak}");
    // a near-silent unit always has a pause, a closure (stop, affricate) or a weak
    // fricative on at least one side
    let may_be_quiet = |p: Phone| {
        use Phone::*;
        matches!(
            p,
            Pau | P | T | K | B | D | G | Ch | Jh | F | Th | Dh | V | Hh
        )
    };
    let unexpected: Vec<_> = quiet
        .iter()
        .filter(|(d, _)| !(may_be_quiet(d.left) || may_be_quiet(d.right)))
        .collect();
    assert!(
        unexpected.is_empty(),
        "unexpectedly quiet units: {unexpected:?}"
    );
}
