//! Casting: distinct profiles, host and guest on different voices, gender only when clear,
//! deterministic, overrides by label or name, clear errors.

use aloud::casting::{cast, Cast, CastError, CastOverrides};
use aloud::manuscript::{parse, Manuscript, Role, Speaker};
use aloud::person::Gender;
use aloud::units::{Hz, SampleRate};
use aloud::voice::VoiceMeta;

fn voice(id: &str, gender: Gender, f0: f32) -> VoiceMeta {
    VoiceMeta {
        id: id.into(),
        name: id.to_uppercase(),
        gender,
        sample_rate: SampleRate(16_000),
        f0_median: Hz(f0),
        units: 1600,
        licence: "test".into(),
        language: "en-US".into(),
        phone_set: aloud::phonetics::phone::PhoneSet::Arpabet,
        source: "test".into(),
        method: "test".into(),
        dir: std::path::PathBuf::new(),
        composed: Vec::new(),
        measured: None,
    }
}

/// `v` as measured by the judges: its word error rate (0–1) and quality.
fn measured(mut v: VoiceMeta, wer: f32, quality: f32) -> VoiceMeta {
    v.measured = Some(aloud::voice::measured::Measured {
        word_error_rate: wer,
        quality,
    });
    v
}

fn bundled() -> Vec<VoiceMeta> {
    vec![
        voice("slt", Gender::Female, 170.0),
        voice("kal", Gender::Male, 91.0),
        voice("ked", Gender::Male, 115.0),
    ]
}

fn example() -> Manuscript {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/keep-almagro-out.txt"
    ))
    .expect("example");
    parse(&text).expect("parses")
}

fn voice_of<'a>(m: &Manuscript, c: &'a Cast, label: &str) -> &'a str {
    let i = m
        .speakers
        .iter()
        .position(|s| s.label == label)
        .expect("speaker");
    c.profiles[i].voice.as_str()
}

fn assert_distinct(c: &Cast) {
    for (i, a) in c.profiles.iter().enumerate() {
        for b in &c.profiles[i + 1..] {
            assert_ne!(a, b, "two speakers share a profile");
        }
    }
}

/// A synthetic manuscript with the given speakers (narrator first) and no chapters.
fn with_speakers(list: &[(&str, Role, Option<Gender>)]) -> Manuscript {
    Manuscript {
        title: "T".into(),
        publication: None,
        speakers: list
            .iter()
            .map(|(l, r, g)| Speaker {
                label: (*l).into(),
                name: (*l).into(),
                role: *r,
                gender: *g,
            })
            .collect(),
        chapters: Vec::new(),
        dropped: Vec::new(),
        transliterated: Vec::new(),
        published: None,
    }
}

#[test]
fn example_gets_three_base_voices_with_gender_from_the_first_name() {
    let m = example();
    let c = cast(&m, &bundled(), &CastOverrides::default()).unwrap();
    assert_eq!(c.profiles.len(), m.speakers.len());
    // Camila is a listed female name; Sacha is not listed, so SL gets the most contrast.
    assert_eq!(voice_of(&m, &c, "CE"), "slt");
    assert_eq!(voice_of(&m, &c, "SL"), "kal");
    assert_eq!(voice_of(&m, &c, "narrator"), "ked");
    assert_distinct(&c);
}

#[test]
fn casting_is_deterministic_and_independent_of_voice_order() {
    let m = example();
    let a = cast(&m, &bundled(), &CastOverrides::default()).unwrap();
    let mut reversed = bundled();
    reversed.reverse();
    let b = cast(&m, &reversed, &CastOverrides::default()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn host_and_guest_never_share_a_base_voice_when_there_are_enough() {
    // Both known female, only one female voice: contrast beats gender.
    let m = with_speakers(&[
        ("narrator", Role::Narrator, None),
        ("A", Role::Host, Some(Gender::Female)),
        ("B", Role::Guest, Some(Gender::Female)),
    ]);
    let c = cast(&m, &bundled(), &CastOverrides::default()).unwrap();
    assert_ne!(c.profiles[1].voice, c.profiles[2].voice);
    assert_distinct(&c);
}

#[test]
fn many_speakers_on_few_voices_still_get_distinct_profiles() {
    let mut list = vec![("narrator", Role::Narrator, None), ("Q", Role::Host, None)];
    let labels = [
        "P", "CC", "LCC", "ICC", "UNK", "CARDFILE", "X1", "X2", "X3", "X4",
    ];
    list.extend(labels.iter().map(|l| (*l, Role::Guest, None)));
    let m = with_speakers(&list);
    let c = cast(&m, &bundled(), &CastOverrides::default()).unwrap();
    assert_distinct(&c);
    let host = &c.profiles[1].voice;
    let guests_on_host_voice = c.profiles[2..5].iter().filter(|p| &p.voice == host).count();
    assert_eq!(
        guests_on_host_voice, 0,
        "the first guests avoid the host's voice"
    );
    // One voice is enough to cast everyone distinctly.
    let c = cast(&m, &bundled()[..1], &CastOverrides::default()).unwrap();
    assert_distinct(&c);
}

#[test]
fn overrides_by_label_and_by_name() {
    let m = example();
    let o = CastOverrides::parse_flag("CE=kal,Sacha Llorenti=slt").unwrap();
    let c = cast(&m, &bundled(), &o).unwrap();
    assert_eq!(voice_of(&m, &c, "CE"), "kal");
    assert_eq!(voice_of(&m, &c, "SL"), "slt");
    assert_eq!(voice_of(&m, &c, "narrator"), "ked");

    let file = CastOverrides::from_toml(
        "[narrator]\nvoice = \"slt\"\npitch = -2\nrate = 0.9\n",
        "cast.toml",
    )
    .unwrap();
    let c = cast(&m, &bundled(), &file).unwrap();
    let n = &c.profiles[0];
    assert_eq!((n.voice.as_str(), n.pitch.0, n.rate.0), ("slt", -2.0, 0.9));
    assert_ne!(voice_of(&m, &c, "CE"), voice_of(&m, &c, "SL"));
    assert_distinct(&c);
}

#[test]
fn unknown_speakers_and_voices_list_the_valid_ones() {
    let m = example();
    let e = cast(
        &m,
        &bundled(),
        &CastOverrides::parse_flag("XY=kal").unwrap(),
    )
    .unwrap_err();
    assert!(matches!(e, CastError::UnknownSpeaker { .. }));
    assert_eq!(
        e.to_string(),
        "unknown speaker `XY` in --cast; valid speakers: narrator (Narrator), CE (Camila Escalante), SL (Sacha Llorenti)"
    );
    let e = cast(
        &m,
        &bundled(),
        &CastOverrides::parse_flag("CE=awb").unwrap(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown voice `awb` for CE in --cast; available voices: kal, ked, slt"
    );
    let o = CastOverrides::from_toml("[CE]\npitch = 40\n", "my-cast.toml").unwrap();
    let e = cast(&m, &bundled(), &o).unwrap_err();
    assert!(
        e.to_string()
            .contains("pitch 40 for CE in my-cast.toml is out of range"),
        "{e}"
    );
    assert!(matches!(
        cast(&m, &[], &CastOverrides::default()),
        Err(CastError::NoVoices)
    ));
}

#[test]
fn measured_clarity_gives_the_clearest_good_voice_to_the_speakers_cast_first() {
    let voices = vec![
        measured(voice("kal", Gender::Male, 91.0), 0.085, 3.2),
        measured(voice("ked", Gender::Male, 115.0), 0.061, 3.08),
        // the clearest, but below the quality bar: cast after every good voice
        measured(voice("rms", Gender::Male, 107.0), 0.046, 2.28),
        measured(voice("slt", Gender::Female, 170.0), 0.066, 2.33),
    ];
    let m = example();
    let c = cast(&m, &voices, &CastOverrides::default()).unwrap();
    assert_eq!(
        voice_of(&m, &c, "CE"),
        "slt",
        "a woman stays on a female voice"
    );
    assert_eq!(
        voice_of(&m, &c, "SL"),
        "ked",
        "the guest gets the clearest good voice"
    );
    assert_eq!(voice_of(&m, &c, "narrator"), "kal");
    assert_distinct(&c);
    // An article's narrator, alone, gets the clearest good voice as well.
    let article = with_speakers(&[("narrator", Role::Narrator, None)]);
    let c = cast(&article, &voices, &CastOverrides::default()).unwrap();
    assert_eq!(c.profiles[0].voice.as_str(), "ked");
    // Unmeasured voices keep the old order (contrast, then id).
    let c = cast(&m, &bundled(), &CastOverrides::default()).unwrap();
    assert_eq!(voice_of(&m, &c, "SL"), "kal");
}

#[test]
fn the_guest_heard_longest_gets_the_clearest_voice_whatever_their_number_of_turns() {
    use aloud::manuscript::{Chapter, Paragraph, SpeakerId, Turn};
    let voices = vec![
        measured(voice("kal", Gender::Male, 91.0), 0.070, 3.43),
        measured(voice("ked", Gender::Male, 115.0), 0.041, 3.51),
        measured(voice("rms", Gender::Male, 107.0), 0.046, 3.45),
    ];
    let turn = |speaker: usize, words: usize| Turn {
        speaker: SpeakerId(speaker),
        paragraphs: vec![Paragraph {
            text: vec!["word"; words].join(" "),
            line: 1,
        }],
    };
    let mut m = with_speakers(&[
        ("narrator", Role::Narrator, None),
        ("BRIEF", Role::Guest, None),
        ("LONG", Role::Guest, None),
    ]);
    // BRIEF answers five times in a few words; LONG speaks once, at length.
    let mut turns: Vec<Turn> = (0..5).map(|_| turn(1, 4)).collect();
    turns.push(turn(2, 400));
    m.chapters = vec![Chapter {
        title: "One".into(),
        turns,
    }];
    assert_eq!(
        m.said().iter().map(|s| s.words).collect::<Vec<_>>(),
        vec![0, 20, 400]
    );
    let c = cast(&m, &voices, &CastOverrides::default()).unwrap();
    assert_eq!(
        voice_of(&m, &c, "LONG"),
        "ked",
        "the most words, the clearest voice"
    );
    assert_eq!(voice_of(&m, &c, "BRIEF"), "rms");
    // With the words the other way round, so are the voices.
    m.chapters[0].turns[5] = turn(2, 4);
    m.chapters[0].turns[0] = turn(1, 400);
    let c = cast(&m, &voices, &CastOverrides::default()).unwrap();
    assert_eq!(voice_of(&m, &c, "BRIEF"), "ked");
    assert_eq!(voice_of(&m, &c, "LONG"), "rms");
}
