//! User lexicon parsing, the pronouncer's sources, and every word of the corpus texts.

use aloud::phonetics::phone::Phone;
use aloud::phonetics::pronouncer::{plain_words, Pronouncer};
use aloud::phonetics::{Homographs, LineFault, PhoneticsError, PronSource, UserLexicon};
use aloud::text::{analyze, Word, WordKind};
use std::path::Path;
use std::sync::OnceLock;

use aloud::phonetics::phone::arpabet as show;

fn pronouncer() -> &'static Pronouncer {
    static P: OnceLock<Pronouncer> = OnceLock::new();
    P.get_or_init(|| {
        let user = UserLexicon::parse(
            "# names from the example\nLLORENTI  Y AO0 R EH1 N T IY0\nKawsachun = kow sah CHOON\nSanchez = SAN chez\n",
            Path::new("user.lex"),
        )
        .unwrap();
        Pronouncer::load_default(user).unwrap()
    })
}

#[test]
fn user_lexicon_reads_arpabet_respellings_and_comments() {
    let text = "# a comment\n\n  LLORENTI  Y AO0 R EH1 N T IY0   # trailing comment\n\
                Kawsachun = kow sah CHOON\nd’état  D EY0 T AA1\nalba-tcp = AL buh tee see pee\n";
    let lex = UserLexicon::parse(text, Path::new("names.lex")).unwrap();
    assert_eq!(lex.len(), 4);
    assert_eq!(show(lex.lookup("llorenti").unwrap()), "Y AO0 R EH1 N T IY0");
    assert_eq!(show(lex.lookup("Llorenti").unwrap()), "Y AO0 R EH1 N T IY0");
    assert_eq!(
        show(lex.lookup("kawsachun").unwrap()),
        "K AW0 S AA0 CH UW1 N"
    );
    assert_eq!(show(lex.lookup("d'état").unwrap()), "D EY0 T AA1");
    assert_eq!(
        show(lex.lookup("alba-tcp").unwrap()),
        "AE1 L B AX0 T IY0 S IY0 P IY0"
    );
}

#[test]
fn each_kind_of_bad_line_is_reported_with_its_number() {
    let cases: [(&str, usize, LineFault); 6] = [
        (
            "OK  K EY1\nBAD  K QX\n",
            2,
            LineFault::UnknownPhone("QX".into()),
        ),
        (
            "\n\nLONELY\n",
            3,
            LineFault::MissingPronunciation("LONELY".into()),
        ),
        ("= yor EN tee\n", 1, LineFault::MissingWord),
        ("w0rd  W ER1 D\n", 1, LineFault::BadWord("w0rd".into())),
        (
            "# c\nname = n4me\n",
            2,
            LineFault::BadRespelling("n4me".into()),
        ),
        (
            "a\nb\nc  K pau\n",
            1,
            LineFault::MissingPronunciation("a".into()),
        ),
    ];
    for (text, line, fault) in cases {
        match UserLexicon::parse(text, Path::new("my.lex")) {
            Err(PhoneticsError::Line {
                path,
                line: l,
                fault: f,
            }) => {
                assert_eq!(
                    (path.as_path(), l, &f),
                    (Path::new("my.lex"), line, &fault),
                    "{text:?}"
                );
            }
            other => panic!("{text:?}: expected a line error, got {other:?}"),
        }
    }
    let e = UserLexicon::parse("x  K1\n", Path::new("my.lex")).unwrap_err();
    assert_eq!(e.to_string(), "my.lex:1: unknown phone `K1`");
    let e = UserLexicon::parse("x  K PAU\n", Path::new("my.lex")).unwrap_err();
    assert_eq!(e.to_string(), "my.lex:1: `pau` cannot be part of a word");
    let e = UserLexicon::load(Path::new("/nonexistent/user.lex")).unwrap_err();
    assert!(e.to_string().contains("/nonexistent/user.lex"));
}

#[test]
fn pronouncer_uses_user_then_lexicon_then_lts_and_spells_letters() {
    let p = pronouncer();
    let get = |w: &str| p.pronounce_str(w, WordKind::Lexical);
    let user = get("llorenti");
    assert_eq!(
        (user.source, show(&user.phonemes).as_str()),
        (PronSource::User, "Y AO0 R EH1 N T IY0")
    );
    assert_eq!(get("Kawsachun").source, PronSource::User);
    let lex = get("interview");
    assert_eq!(lex.source, PronSource::Lexicon);
    assert_eq!(show(&lex.phonemes), "IH1 N T ER0 V Y UW2");
    assert_eq!(get("cochabamba").source, PronSource::Lts);
    // Accents are folded for lookup after the exact form fails.
    assert_eq!(get("café").source, PronSource::Lexicon);
    // Possessives and hyphenated words.
    let pos = get("interview's");
    assert_eq!(show(&pos.phonemes), "IH1 N T ER0 V Y UW2 Z");
    assert_eq!(show(&get("sanchez's").phonemes), "S AE1 N CH EH0 Z IH0 Z");
    assert_eq!(show(&get("kawsachun's").phonemes), "K AW0 S AA0 CH UW1 N Z");
    // No vowel: spelled.
    let sl = get("sl");
    assert_eq!(
        (sl.source, show(&sl.phonemes).as_str()),
        (PronSource::Spelled, "EH1 S EH1 L")
    );
    let hy = get("well-known");
    assert_eq!(
        (hy.source, show(&hy.phonemes).as_str()),
        (PronSource::Lexicon, "W EH1 L N OW1 N")
    );
    assert_eq!(get("llorenti-cochabamba").source, PronSource::Lts);
    // Spelled letters say the letter's name.
    let o = p.pronounce_str("o", WordKind::Letter);
    assert_eq!(
        (o.source, show(&o.phonemes).as_str()),
        (PronSource::Spelled, "OW1")
    );
    assert_eq!(
        show(&p.pronounce_str("a", WordKind::Letter).phonemes),
        "EY1"
    );
    assert_eq!(
        show(&p.pronounce_str("é", WordKind::Letter).phonemes),
        "IY1"
    );
}

/// Every word of the three corpus texts, as the text stage reads them line by line, gets a
/// pronunciation made of voice phones only (never `pau`), with a vowel unless spelled.
#[test]
fn every_corpus_word_gets_voice_phones() {
    let p = pronouncer();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in [
        root.join("examples/keep-almagro-out.txt"),
        root.join("tests/fixtures/corpus/nasa-freedom7-air-ground.txt"),
        root.join("tests/fixtures/corpus/whitehouse-briefing-2020-04-24.txt"),
    ] {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let words: Vec<Word> = text
            .lines()
            .flat_map(|line| analyze(line, p))
            .flat_map(|s| s.words)
            .collect();
        assert!(words.len() > 300, "{name}: only {} words", words.len());
        // The stand-in tokenizer must give voice phones too.
        let plain = plain_words(&text);
        for w in words.iter().chain(&plain) {
            let pron = p.pronounce(w);
            assert!(
                !pron.phonemes.is_empty(),
                "{name}: `{}` has no phones",
                w.text
            );
            assert!(
                pron.phonemes
                    .iter()
                    .all(|x| x.phone != Phone::Pau && Phone::ALL.contains(&x.phone)),
                "{name}: `{}` → {}",
                w.text,
                show(&pron.phonemes)
            );
            assert!(
                pron.source == PronSource::Spelled
                    || pron.phonemes.iter().any(|x| x.phone.is_vowel()),
                "{name}: `{}` → {} has no vowel",
                w.text,
                show(&pron.phonemes)
            );
        }
    }
}

#[test]
fn pronounce_command_prints_json() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args(["pronounce", "--json", "Kawsachun the OAS"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["word"], "kawsachun");
    assert_eq!(rows[0]["source"], "lts");
    assert_eq!(rows[1]["phones"], "DH AX0");
    assert_eq!(rows[1]["source"], "lexicon");
    // The text stage spells the acronym.
    assert_eq!(rows[2]["word"], "o");
    assert_eq!(rows[2]["phones"], "OW1");
    assert_eq!(rows[2]["source"], "spelled");
}

#[test]
fn example_user_lexicon_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/aloud-lexicon.txt");
    let lex = UserLexicon::load(&path).unwrap();
    assert!(lex.len() >= 8);
    assert_eq!(show(lex.lookup("llorenti").unwrap()), "Y AO0 R EH1 N T IY0");
}

/// The words of a text as the pipeline reads them (aloud's reference words decide all-caps
/// tokens), each with its pronunciation's source and phones.
fn read_as_pipeline(text: &str) -> Vec<(String, PronSource, String)> {
    let p = pronouncer();
    analyze(text, &p.reference_words())
        .iter()
        .flat_map(|s| s.words.clone())
        .map(|w| {
            let pron = p.pronounce(&w);
            (w.text, pron.source, show(&pron.phonemes))
        })
        .collect()
}

/// Every reading of `lexicon/homographs.txt` is one of the word's CMU variants, and each
/// homograph has a role-dependent second reading or a first one CMU does not list first.
#[test]
fn homograph_readings_are_cmu_variants() {
    let p = pronouncer();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("lexicon/homographs.txt");
    let h = Homographs::parse(&std::fs::read_to_string(&path).unwrap(), &path).unwrap();
    assert!(h.len() >= 20);
    for (word, role, phonemes) in h.readings() {
        let variants: Vec<String> = p.lexicon().variants(word).iter().map(|v| show(v)).collect();
        assert!(
            variants.contains(&show(phonemes)),
            "{word} ({role:?}): {} is not among {variants:?}",
            show(phonemes)
        );
    }
}

/// In running text a homograph takes the reading of its role, told by the word before it;
/// the user lexicon still wins.
#[test]
fn homographs_are_read_by_their_role_in_the_sentence() {
    let p = pronouncer();
    let text = "How do you read me? I have read your answer. Rog, read you five by five. \
        We set a record. We record it. The use of force. We use it. It is live.";
    let mut said = Vec::new();
    for s in analyze(text, &p.reference_words()) {
        let mut prons: Vec<_> = s.words.iter().map(|w| p.pronounce(w)).collect();
        p.in_context(&s.words, &mut prons);
        for (w, pron) in s.words.iter().zip(&prons) {
            if ["read", "record", "use", "live"].contains(&w.text.as_str()) {
                said.push(format!("{} {}", w.text, show(&pron.phonemes)));
            }
        }
    }
    assert_eq!(
        said,
        [
            "read R IY1 D",
            "read R EH1 D",
            "read R IY1 D",
            "record R EH1 K ER0 D",
            "record R IH0 K AO1 R D",
            "use Y UW1 S",
            "use Y UW1 Z",
            "live L AY1 V",
        ]
    );
    // the user lexicon's reading is kept whatever the context
    let mut user = UserLexicon::new();
    user.insert(
        "read",
        vec![
            "R".parse().unwrap(),
            "EH1".parse().unwrap(),
            "D".parse().unwrap(),
        ],
    );
    let mine = Pronouncer::load_default(user).unwrap();
    let s = &analyze("Do you read?", &mine.reference_words())[0];
    let mut prons: Vec<_> = s.words.iter().map(|w| mine.pronounce(w)).collect();
    mine.in_context(&s.words, &mut prons);
    assert_eq!(show(&prons[2].phonemes), "R EH1 D");
}

#[test]
fn technical_names_come_from_the_technical_list_before_cmudict() {
    let p = pronouncer();
    let get = |w: &str| p.pronounce_str(w, WordKind::Lexical);
    let k = get("Kubernetes");
    assert_eq!(
        (k.source, show(&k.phonemes).as_str()),
        (PronSource::Technical, "K UW2 B ER0 N EH1 T IY0 Z")
    );
    for w in [
        "nginx",
        "PostgreSQL",
        "kubectl",
        "npm",
        "json",
        "typescript",
    ] {
        assert_eq!(get(w).source, PronSource::Technical, "{w}");
    }
    // CMUdict's first "ios" is the Greek island; the list says the operating system.
    assert_eq!(show(&get("iOS").phonemes), "AY1 OW1 EH1 S");
    // Names CMUdict already has stay CMUdict's.
    assert_eq!(get("linux").source, PronSource::Lexicon);
    // The user lexicon still comes first.
    assert_eq!(get("llorenti").source, PronSource::User);
}

#[test]
fn numeronyms_and_technical_spellings_are_read_as_the_names() {
    let words = read_as_pipeline("We moved k8s to PostgreSQL and JSON, behind nginx.");
    let got: Vec<(&str, PronSource)> = words.iter().map(|(w, s, _)| (w.as_str(), *s)).collect();
    assert_eq!(
        got,
        [
            ("we", PronSource::Lexicon),
            ("moved", PronSource::Lexicon),
            ("kubernetes", PronSource::Technical),
            ("to", PronSource::Lexicon),
            ("postgresql", PronSource::Technical),
            ("and", PronSource::Lexicon),
            ("json", PronSource::Technical),
            ("behind", PronSource::Lexicon),
            ("nginx", PronSource::Technical),
        ]
    );
}

#[test]
fn initialisms_are_spelled_and_pronounceable_acronyms_read_as_words() {
    let words = read_as_pipeline("The FBI and NASA, then NATO and UNESCO, a CPU and HTML.");
    let got: Vec<(&str, PronSource)> = words.iter().map(|(w, s, _)| (w.as_str(), *s)).collect();
    let spelled = |l: &'static str| (l, PronSource::Spelled);
    let word = |w: &'static str| (w, PronSource::Lexicon);
    assert_eq!(
        got,
        [
            word("the"),
            spelled("f"),
            spelled("b"),
            spelled("i"),
            word("and"),
            word("nasa"),
            word("then"),
            word("nato"),
            word("and"),
            word("unesco"),
            word("a"),
            spelled("c"),
            spelled("p"),
            spelled("u"),
            word("and"),
            spelled("h"),
            spelled("t"),
            spelled("m"),
            spelled("l"),
        ]
    );
}

/// The front end of a whole text (paragraphs analysed in parallel, each distinct word
/// pronounced once) gives every paragraph exactly what reading it word by word gives, in
/// order, on one thread or several.
#[test]
fn a_whole_text_is_phonetized_as_its_paragraphs_word_by_word() {
    let p = pronouncer();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("examples/keep-almagro-out.txt")).unwrap();
    // Paragraphs with names repeated (and an empty one, and one without words).
    let mut paragraphs: Vec<&str> = text.split("\n\n").collect();
    paragraphs.extend(["", "— …", "Almagro, Almagro and OAS; Kawsachun again."]);
    let expected: Vec<Vec<(String, Vec<String>)>> = paragraphs
        .iter()
        .map(|para| {
            analyze(para, &p.reference_words())
                .into_iter()
                .filter(|s| !s.words.is_empty())
                .map(|s| {
                    let mut prons: Vec<_> = s.words.iter().map(|w| p.pronounce(w)).collect();
                    p.in_context(&s.words, &mut prons);
                    let phones = prons.iter().map(|x| show(&x.phonemes));
                    (s.written.clone(), phones.collect())
                })
                .collect()
        })
        .collect();
    let shown = |all: Vec<Vec<aloud::pipeline::PhonSentence>>| -> Vec<Vec<(String, Vec<String>)>> {
        all.into_iter()
            .map(|sentences| {
                sentences
                    .into_iter()
                    .map(|s| {
                        let phones = s.prons.iter().map(|x| show(&x.phonemes));
                        (s.sentence.written, phones.collect())
                    })
                    .collect()
            })
            .collect()
    };
    assert!(expected.iter().flatten().count() > 40);
    for threads in [1, 3] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let all = pool.install(|| aloud::pipeline::phonetize_all(&paragraphs, p));
        assert_eq!(shown(all), expected, "{threads} threads");
    }
}
