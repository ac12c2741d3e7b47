//! The committed voices: each loads and validates, and each unit sounds like
//! speech by numbers (F0 of vowel-vowel units, no clipping, near-silence only
//! for pauses, closures and weak fricatives). Figures are printed with
//! `cargo test --release --test voice_bank -- --nocapture`.

use aloud::person::Gender;
use aloud::voice::build::analysis::{half_levels, may_be_silent, NEAR_SILENT};
use aloud::voice::build::coverage::PairSet;
use aloud::voice::{catalog, Voice, VoiceMeta};
use std::time::{Duration, Instant};

fn voices() -> Vec<VoiceMeta> {
    catalog(&aloud::data::voices_dir().unwrap()).unwrap()
}

fn median(mut v: Vec<f32>) -> f32 {
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

#[test]
fn every_committed_voice_loads_and_meets_the_bank_targets() {
    let metas = voices();
    let ids: Vec<&str> = metas.iter().map(|m| m.id.as_str()).collect();
    assert!(ids.contains(&"kal") && ids.contains(&"ked"), "{ids:?}");
    let pairs =
        PairSet::from_cmudict(&aloud::data::lexicon_dir().unwrap().join("cmudict.dict")).unwrap();
    for m in &metas {
        let v = Voice::load(&m.dir).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v.units().len(), m.units);
        assert_eq!(v.meta().sample_rate, aloud::units::VOICE_RATE);
        assert!(m.units >= 1500, "{}: {} units", m.id, m.units);
        let coverage = pairs.coverage(|d| v.has(d));
        let source = pairs.coverage(|d| v.has(d) && !m.composed.contains(&d));
        eprintln!(
            "{}: {} units ({} composed), coverage {:.4} (source units only {:.4}), F0 median {} Hz",
            m.id,
            m.units,
            m.composed.len(),
            coverage,
            source,
            m.f0_median.0
        );
        assert!(coverage >= 0.99, "{}: coverage {coverage}", m.id);
        for d in &m.composed {
            assert!(v.has(*d), "{}: composed unit {d} missing", m.id);
        }
    }
    let kal = metas.iter().find(|m| m.id == "kal").unwrap();
    let ked = metas.iter().find(|m| m.id == "ked").unwrap();
    assert_eq!((kal.gender, ked.gender), (Gender::Male, Gender::Male));
    assert!(
        ked.f0_median.0 > kal.f0_median.0 + 10.0,
        "ked must be the higher voice"
    );
}

#[test]
fn every_unit_sounds_like_speech_by_numbers() {
    for m in voices() {
        let v = Voice::load(&m.dir).unwrap();
        let s = &v.samples_f32()[..];
        let f0 = m.f0_median.0;
        let (mut vv, mut vv_out, mut quiet, mut clipped) = (0, Vec::new(), Vec::new(), Vec::new());
        let mut vv_f0s = Vec::new();
        let mut peak = 0f32;
        for u in v.units() {
            let p = v.unit_samples(u).iter().fold(0f32, |a, x| a.max(x.abs()));
            peak = peak.max(p);
            if p >= 32767.0 / 32768.0 {
                clipped.push(u.diphone);
            }
            let (l, r) = half_levels(s, u);
            if (l < NEAR_SILENT && !may_be_silent(u.diphone.left))
                || (r < NEAR_SILENT && !may_be_silent(u.diphone.right))
            {
                quiet.push(u.diphone);
            }
            if u.diphone.left.is_vowel() && u.diphone.right.is_vowel() {
                vv += 1;
                let periods: Vec<f32> = u
                    .marks
                    .windows(2)
                    .filter(|w| w[0].voiced && w[1].voiced)
                    .map(|w| 16_000.0 / (w[1].at - w[0].at).0 as f32)
                    .collect();
                let uf0 = median(periods);
                vv_f0s.push(uf0);
                if !(f0 / 1.6..=f0 * 1.6).contains(&uf0) {
                    vv_out.push((u.diphone, uf0));
                }
            }
        }
        let near_silent_units = v
            .units()
            .iter()
            .filter(|u| {
                let (l, r) = half_levels(s, u);
                l.max(r) < NEAR_SILENT * 5.0
            })
            .count();
        vv_f0s.sort_by(f32::total_cmp);
        eprintln!(
            "{}: peak {:.3}; {} vowel-vowel units, F0 5th..95th percentile {:.0}..{:.0} Hz, {} outside \
             {:.0}..{:.0} Hz {:?}; {} units below -40 dBFS in both halves (all pause/closure/weak \
             fricative pairs)",
            m.id,
            peak,
            vv,
            vv_f0s[vv_f0s.len() / 20],
            vv_f0s[vv_f0s.len() * 19 / 20],
            vv_out.len(),
            f0 / 1.6,
            f0 * 1.6,
            vv_out,
            near_silent_units
        );
        assert!(clipped.is_empty(), "{}: clipped units {clipped:?}", m.id);
        assert!(
            quiet.is_empty(),
            "{}: near-silent where a phone must sound: {quiet:?}",
            m.id
        );
        assert!(
            vv_out.len() * 50 <= vv,
            "{}: too many V-V units off pitch: {vv_out:?}",
            m.id
        );
    }
}

/// CPU time of the calling thread in seconds (Linux: /proc/thread-self/stat,
/// 10 ms ticks), so that other processes on a busy machine do not count.
fn thread_cpu() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let f: Vec<&str> = s.rsplit(')').next()?.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

#[test]
fn loading_one_voice_is_fast() {
    // Budget (release build, integrity check included): 10 ms plus 0.8 ms per MB of unit
    // audio, which the XXH3 check reads whole (a carrier-word voice of 6 MB: 15 ms; a
    // sentence voice of 38 MB: 41 ms; issue 15 allows 100 ms; slt measures 20-27 ms here). Measured as this thread's
    // CPU time per load, the least of three rounds of 10 loads, so a busy machine does not
    // make the test flaky; wall time is printed too.
    for m in voices() {
        let n = 10;
        let mut best: Option<(Duration, Duration)> = None;
        for _ in 0..3 {
            let (c0, t0) = (thread_cpu(), Instant::now());
            for _ in 0..n {
                std::hint::black_box(Voice::load(&m.dir).unwrap());
            }
            let wall = t0.elapsed() / n;
            let cpu = match (c0, thread_cpu()) {
                (Some(a), Some(b)) => Duration::from_secs_f64((b - a) / f64::from(n)),
                _ => wall,
            };
            if best.is_none_or(|(c, _)| cpu < c) {
                best = Some((cpu, wall));
            }
        }
        let (cpu, wall) = best.unwrap();
        eprintln!(
            "{}: load with checksums: {:.1} ms CPU, {:.1} ms wall per load",
            m.id,
            cpu.as_secs_f64() * 1e3,
            wall.as_secs_f64() * 1e3
        );
        let audio_mb = std::fs::metadata(m.dir.join(aloud::voice::AUDIO_FILE))
            .unwrap()
            .len() as f64
            / 1e6;
        let budget = Duration::from_secs_f64((10.0 + 0.8 * audio_mb) / 1e3);
        assert!(
            cpu < budget,
            "{}: {cpu:?} per load, budget {budget:?}",
            m.id
        );
    }
}

fn copy_voice(id: &str, to: &std::path::Path) -> std::path::PathBuf {
    let from = aloud::data::voices_dir().unwrap().join(id);
    let dir = to.join(id);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(&from).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn damaged_copies_of_a_real_voice_are_refused_naming_voice_file_and_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_voice("ked", tmp.path());
    let v = Voice::load(&dir).unwrap();
    let unit = &v.units()[700];
    let name = unit.diphone.to_string();
    let wav = dir.join("units.wav");
    let good = std::fs::read(&wav).unwrap();

    // One flipped bit in the middle of unit 700's audio.
    let mut bad = good.clone();
    bad[44 + 2 * ((unit.start + unit.end).0 / 2)] ^= 0x01;
    std::fs::write(&wav, &bad).unwrap();
    let m = Voice::load(&dir).unwrap_err().to_string();
    assert!(
        m.contains("`ked`") && m.contains("units.wav") && m.contains(&format!("`{name}`")),
        "{m}"
    );

    // Truncated audio: the first unit past the new end is named.
    std::fs::write(&wav, &good[..44 + 2 * unit.join.0]).unwrap();
    let m = Voice::load(&dir).unwrap_err().to_string();
    assert!(
        m.contains("`ked`") && m.contains("units.wav") && m.contains("past the end"),
        "{m}"
    );
    assert!(m.contains(&format!("`{name}`")), "{m}");
    std::fs::write(&wav, &good).unwrap();

    // Pitch marks out of order in the index.
    let idx = dir.join("units.idx");
    let text = std::fs::read_to_string(&idx).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{name} ")))
        .unwrap();
    let mut f: Vec<&str> = line.split(' ').collect();
    f.swap(5, 6);
    std::fs::write(&idx, text.replace(line, &f.join(" "))).unwrap();
    let m = Voice::load(&dir).unwrap_err().to_string();
    assert!(
        m.contains("`ked`") && m.contains("units.idx") && m.contains(&format!("`{name}`")),
        "{m}"
    );
}

#[test]
fn real_voices_report_their_substitutions() {
    use aloud::phonetics::phone::Phone;
    use aloud::voice::{Diphone, SubstitutionRule};
    let ked = Voice::load(&aloud::data::voices_dir().unwrap().join("ked")).unwrap();
    // ked has no ah-pau (lax vowels never end a word in its recordings).
    let wanted = Diphone::new(Phone::Ah, Phone::Pau);
    assert!(!ked.has(wanted));
    let c = ked.unit(wanted).unwrap();
    let s = c.substitution.expect("a missing pair must be reported");
    assert_eq!(
        (s.wanted, s.used, s.rule),
        (
            wanted,
            Diphone::new(Phone::Ax, Phone::Pau),
            SubstitutionRule::SimilarLeft
        )
    );
    assert_eq!(c.unit.diphone, s.used);
    let kal = Voice::load(&aloud::data::voices_dir().unwrap().join("kal")).unwrap();
    let c = kal.unit(Diphone::new(Phone::Aa, Phone::B)).unwrap();
    assert_eq!(
        (c.unit.diphone, c.substitution),
        (Diphone::new(Phone::Aa, Phone::B), None)
    );
    // Every pair of the phone set resolves to some unit in every voice.
    for v in [&ked, &kal] {
        for &l in Phone::ALL {
            for &r in Phone::ALL {
                let c = v.unit(Diphone::new(l, r)).unwrap();
                assert_eq!(
                    c.substitution.is_none(),
                    c.unit.diphone == Diphone::new(l, r)
                );
            }
        }
    }
}
