//! `aloud voice build`: cutting diphones from labelled recordings, and building
//! a small voice end to end from synthetic recordings.

use aloud::person::Gender;
use aloud::phonetics::phone::Phone;
use aloud::units::{Frames, Seconds, VOICE_RATE};
use aloud::voice::build::cut::{cut_points, Cut, CutError};
use aloud::voice::build::labels::Segment;
use aloud::voice::build::{build_voice, BuildConfig};
use aloud::voice::{Diphone, Voice, VoiceDescription};
use std::f64::consts::PI;
use std::path::Path;

fn seg(phone: Phone, start: f64, end: f64) -> Segment {
    Segment {
        phone,
        start: Seconds(start),
        end: Seconds(end),
    }
}

/// pau t aa s pau, the shape of a carrier word.
fn word() -> Vec<Segment> {
    vec![
        seg(Phone::Pau, 0.0, 0.2),
        seg(Phone::T, 0.2, 0.29),
        seg(Phone::Aa, 0.29, 0.49),
        seg(Phone::S, 0.49, 0.61),
        seg(Phone::Pau, 0.61, 0.9),
    ]
}

fn d(l: Phone, r: Phone) -> Diphone {
    Diphone::new(l, r)
}

#[test]
fn cuts_run_mid_phone_to_mid_phone_and_join_at_the_boundary() {
    let w = word();
    let s = |t: f64| Frames((t * 16000.0_f64).round() as usize);
    // a stop is cut at its 1/3 point, a vowel in its middle
    assert_eq!(
        cut_points(&w, d(Phone::T, Phone::Aa), VOICE_RATE),
        Ok(Cut {
            start: s(0.23),
            join: s(0.29),
            end: s(0.39)
        })
    );
    // vowel to fricative: middle to middle
    assert_eq!(
        cut_points(&w, d(Phone::Aa, Phone::S), VOICE_RATE),
        Ok(Cut {
            start: s(0.39),
            join: s(0.49),
            end: s(0.55)
        })
    );
    // 50 ms into and out of silence; the stop's closure third ends pau-t
    assert_eq!(
        cut_points(&w, d(Phone::Pau, Phone::T), VOICE_RATE),
        Ok(Cut {
            start: s(0.15),
            join: s(0.2),
            end: s(0.23)
        })
    );
    assert_eq!(
        cut_points(&w, d(Phone::S, Phone::Pau), VOICE_RATE),
        Ok(Cut {
            start: s(0.55),
            join: s(0.61),
            end: s(0.66)
        })
    );
}

#[test]
fn missing_repeated_and_empty_pairs_are_refused() {
    let w = word();
    assert_eq!(
        cut_points(&w, d(Phone::Aa, Phone::T), VOICE_RATE),
        Err(CutError::Missing(d(Phone::Aa, Phone::T)))
    );
    let mut twice = word();
    twice.extend([seg(Phone::T, 0.9, 1.0), seg(Phone::Aa, 1.0, 1.2)]);
    assert!(matches!(
        cut_points(&twice, d(Phone::T, Phone::Aa), VOICE_RATE),
        Err(CutError::Ambiguous { count: 2, .. })
    ));
    let short = vec![seg(Phone::Pau, 0.0, 0.0), seg(Phone::S, 0.0, 0.1)];
    assert_eq!(
        cut_points(&short, d(Phone::Pau, Phone::S), VOICE_RATE),
        Err(CutError::TooShort(d(Phone::Pau, Phone::S)))
    );
}

const RATE_IN: f64 = 32_000.0;

/// A 32 kHz recording of `word()`: silence, a noise burst for t, a 200 Hz pulse
/// train ringing at 700 Hz for aa, hiss for s, silence.
fn recording() -> Vec<i16> {
    let n = (0.9 * RATE_IN) as usize;
    let mut x = vec![0f64; n];
    let mut noise = 12345u32;
    let mut rnd = move || {
        noise = noise.wrapping_mul(1_103_515_245).wrapping_add(12345);
        f64::from((noise >> 16) & 0x7fff) / 16384.0 - 1.0
    };
    for (i, v) in x.iter_mut().enumerate() {
        let t = i as f64 / RATE_IN;
        if (0.26..0.29).contains(&t) || (0.49..0.61).contains(&t) {
            *v = 0.05 * rnd();
        }
    }
    let mut p = 0.29;
    while p < 0.49 {
        let at = (p * RATE_IN) as usize;
        for k in 0..400 {
            let kt = k as f64 / RATE_IN;
            x[at + k] += 0.4 * (-kt / 0.003).exp() * (2.0 * PI * 700.0 * kt).cos();
        }
        p += 1.0 / 200.0;
    }
    x.iter().map(|&v| (v * 32767.0).round() as i16).collect()
}

fn write_recording(dir: &Path, name: &str) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: RATE_IN as u32,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(dir.join(format!("{name}.wav")), spec).unwrap();
    for s in recording() {
        w.write_sample(s).unwrap();
    }
    w.finalize().unwrap();
    let mut segs = String::from("#\n");
    for s in word() {
        segs.push_str(&format!("{:.4} 100 {}\n", s.end.0, s.phone));
    }
    std::fs::write(dir.join(format!("{name}.segs")), segs).unwrap();
}

/// The four carrier recordings of "t aa s" (`t-aa`, `aa-s`, `pau-t`, `s-pau`) in `dir/rec`.
fn carrier_recordings(dir: &Path) -> std::path::PathBuf {
    let rec = dir.join("rec");
    std::fs::create_dir(&rec).unwrap();
    for name in ["t-aa", "aa-s", "pau-t", "s-pau"] {
        write_recording(&rec, name);
    }
    rec
}

fn description() -> VoiceDescription {
    VoiceDescription {
        id: "tiny".into(),
        name: "Tiny".into(),
        gender: Gender::Female,
        language: "en-US".into(),
        source: "synthetic test recordings".into(),
        method: "aloud voice build".into(),
        licence: "none".into(),
        licence_text: "test data\n".into(),
        changes: "none\n".into(),
    }
}

#[test]
fn a_voice_built_from_labelled_recordings_loads_and_is_reproducible() {
    let tmp = tempfile::tempdir().unwrap();
    let rec = carrier_recordings(tmp.path());
    let config = BuildConfig::for_gender(Gender::Female);
    let out1 = tmp.path().join("a").join("tiny");
    let (meta, built) = build_voice(&rec, &out1, &description(), &config).unwrap();
    // four recorded units plus pau-pau cut from a leading pause
    assert_eq!(meta.units, 5);
    let voice = Voice::load(&out1).unwrap_or_else(|e| panic!("{e}"));
    let pad = VOICE_RATE.frames(config.pad).0;
    let t_aa = voice
        .units()
        .iter()
        .find(|u| u.diphone == d(Phone::T, Phone::Aa))
        .unwrap();
    // join at the t/aa boundary: 60 ms after the cut start, which is `pad` into the unit
    assert!(
        (t_aa.join - t_aa.start).0.abs_diff(pad + 960) <= 1,
        "{t_aa:?}"
    );
    assert!((t_aa.end - t_aa.start).0.abs_diff(2 * pad + 2560) <= 1);
    // aa is voiced at 200 Hz: marks 80 samples apart after the join
    let gaps: Vec<usize> = t_aa
        .marks
        .windows(2)
        .filter(|w| w[0].voiced && w[1].voiced && w[0].at >= t_aa.join)
        .map(|w| (w[1].at - w[0].at).0)
        .collect();
    assert!(gaps.len() >= 8, "{:?}", t_aa.marks);
    assert!(gaps.iter().all(|&g| g.abs_diff(80) <= 2), "{gaps:?}");
    assert!(
        (meta.f0_median.0 - 200.0).abs() < 5.0,
        "{:?}",
        meta.f0_median
    );
    // marks stay within the cut, leaving the padding as context
    let first = t_aa.marks.first().unwrap().at;
    assert!(first.0 >= t_aa.start.0 + pad - 1);
    // the s half of aa-s is unvoiced
    let aa_s = voice
        .units()
        .iter()
        .find(|u| u.diphone == d(Phone::Aa, Phone::S))
        .unwrap();
    assert!(aa_s
        .marks
        .iter()
        .filter(|m| m.at.0 > aa_s.join.0 + 80)
        .all(|m| !m.voiced));
    assert!(built
        .samples
        .iter()
        .all(|&s| s != i16::MIN && s != i16::MAX));
    // same input, same bytes
    let out2 = tmp.path().join("b").join("tiny");
    build_voice(&rec, &out2, &description(), &config).unwrap();
    for f in ["units.wav", "units.idx", "voice.toml", "NOTICE", "LICENSE"] {
        assert_eq!(
            std::fs::read(out1.join(f)).unwrap(),
            std::fs::read(out2.join(f)).unwrap(),
            "{f} differs between two builds"
        );
    }
}

#[test]
fn recordings_without_labels_or_with_odd_names_are_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    write_recording(tmp.path(), "t-aa");
    std::fs::remove_file(tmp.path().join("t-aa.segs")).unwrap();
    let out = tmp.path().join("out");
    let config = BuildConfig::for_gender(Gender::Female);
    let e = build_voice(tmp.path(), &out, &description(), &config).unwrap_err();
    assert!(
        e.to_string().contains("t-aa.wav") && e.to_string().contains("no label file"),
        "{e}"
    );
    std::fs::rename(tmp.path().join("t-aa.wav"), tmp.path().join("take1.wav")).unwrap();
    let e = build_voice(tmp.path(), &out, &description(), &config).unwrap_err();
    assert!(e.to_string().contains("take1.wav"), "{e}");
}

#[test]
fn sentences_read_from_prompts_give_their_units_a_place_in_the_words() {
    use aloud::phonetics::phone::Stress;
    use aloud::phonetics::pronouncer::Pronouncer;
    use aloud::phonetics::UserLexicon;
    use aloud::voice::build::assemble_with_sentences;
    use aloud::voice::build::sentences::{place_sentences, read_sentences};
    use aloud::voice::build::words::{pronounce_text, read_prompts};
    use aloud::voice::{write_voice_placed, UnitPlace};

    let tmp = tempfile::tempdir().unwrap();
    let rec = carrier_recordings(tmp.path());
    let sent = tmp.path().join("sent");
    std::fs::create_dir(&sent).unwrap();
    // two recorded sentences of "t aa s"; only s1 has a prompt
    write_recording(&sent, "s1");
    write_recording(&sent, "s2");
    let prompts = tmp.path().join("prompts.data");
    std::fs::write(&prompts, "( s1 \"Tass.\" )\n").unwrap();
    let pronouncer = Pronouncer::load_default(UserLexicon::new()).unwrap();
    let words = read_prompts(&prompts)
        .unwrap()
        .into_iter()
        .map(|(id, text)| (id, pronounce_text(&text, &pronouncer)))
        .collect();
    let mut sentences = read_sentences(&sent).unwrap();
    let placed = place_sentences(&mut sentences, &words);
    assert_eq!((placed.sentences, placed.phones, placed.of), (1, 3, 3));
    let recordings = aloud::voice::build::read_recordings(&rec).unwrap();
    let config = BuildConfig::for_gender(Gender::Female);
    let built = assemble_with_sentences(&recordings, &sentences, &config).unwrap();
    let out = tmp.path().join("tiny");
    write_voice_placed(
        &out,
        &description(),
        &built.samples,
        &built.units,
        &built.places,
    )
    .unwrap();
    let voice = Voice::load(&out).unwrap_or_else(|e| panic!("{e}"));
    let places = |l, r| -> Vec<Option<UnitPlace>> {
        let c = voice.candidates(d(l, r)).unwrap();
        assert_eq!(c.units.len(), 3, "the carrier's unit and one per sentence");
        c.features.iter().map(|f| f.place).collect()
    };
    // "tass" is T AE1 S: the recorded aa lines up with the stressed vowel, no word breaks
    let inside = |stress| {
        Some(UnitPlace {
            word_break: false,
            stress,
        })
    };
    assert_eq!(
        places(Phone::T, Phone::Aa),
        [None, inside([Stress::Unstressed, Stress::Primary]), None]
    );
    assert_eq!(
        places(Phone::Aa, Phone::S),
        [None, inside([Stress::Primary, Stress::Unstressed]), None]
    );
    // next to a pause there is nothing to place
    assert_eq!(places(Phone::Pau, Phone::T), [None, None, None]);
}

#[test]
fn the_build_notice_lists_missing_pairs_of_the_voice_own_phone_set_only() {
    let tmp = tempfile::tempdir().unwrap();
    let rec = carrier_recordings(tmp.path());
    let licence = tmp.path().join("LICENSE.src");
    std::fs::write(&licence, "test data\n").unwrap();
    let out = tmp.path().join("tiny");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args([
            "voice", "build", "--id", "tiny", "--name", "Tiny", "--gender", "female",
        ])
        .args([
            "--source",
            "synthetic",
            "--licence",
            "none",
            "--changes",
            "none",
        ])
        .arg("--licence-file")
        .arg(&licence)
        .arg("--out")
        .arg(&out)
        .arg(&rec)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let notice = std::fs::read_to_string(out.join("NOTICE")).unwrap();
    let toml = std::fs::read_to_string(out.join("voice.toml")).unwrap();
    // a voice recorded with dictionary phones has no flap, and is not told it lacks one
    assert!(toml.contains("phone_set = \"arpabet-ax-pau\""), "{toml}");
    assert!(
        notice.contains("aa-b") && !notice.contains("dx"),
        "{notice}"
    );
}
