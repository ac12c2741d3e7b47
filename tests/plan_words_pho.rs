//! `aloud plan --json` carries the normalized words of every turn; `aloud plan --pho` prints the
//! prosody of every sentence in `.pho` form; `aloud plan --units` the unit of every diphone.

use std::process::Command;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/keep-almagro-out.txt");

fn aloud(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args(args)
        .output()
        .expect("run aloud");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn plan_json_gives_the_normalized_words_of_each_turn() {
    let v: serde_json::Value = serde_json::from_str(&aloud(&["plan", EXAMPLE, "--json"])).unwrap();
    let words: Vec<String> = v["chapters"][0]["turns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["words"].as_array().unwrap().clone())
        .map(|w| w.as_str().unwrap().to_string())
        .collect();
    let joined = words.join(" ");
    assert!(joined.contains("the nineteenth anniversary"), "{joined}");
    assert!(joined.contains("the two thousand two coup"), "{joined}");
    assert!(joined.contains("alba t c p"), "{joined}");
    let padded = format!(" {joined} ");
    assert!(
        !padded.contains(" c e "),
        "label definition read aloud: {joined}"
    );
}

#[test]
fn plan_pho_lists_phones_with_durations_and_pitch_for_every_sentence() {
    let pho = aloud(&["plan", EXAMPLE, "--pho"]);
    let comments = pho
        .lines()
        .filter(|l| l.starts_with("; ") && l.contains("): "))
        .count();
    assert!(comments >= 40, "{comments} sentences");
    let mut voiced_with_pitch = 0;
    for line in pho
        .lines()
        .filter(|l| !l.starts_with(';') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split_whitespace().collect();
        assert!(
            f.len() >= 2 && f.len().is_multiple_of(2),
            "bad .pho line {line:?}"
        );
        let ms: f64 = f[1].parse().unwrap();
        assert!(ms > 0.0 && ms < 2000.0, "{line}");
        if f.len() > 2 {
            voiced_with_pitch += 1;
            let hz: f64 = f[3].parse().unwrap();
            assert!((50.0..400.0).contains(&hz), "{line}");
        }
    }
    assert!(
        voiced_with_pitch > 1000,
        "{voiced_with_pitch} phones with pitch points"
    );
}

#[test]
fn plan_units_names_every_diphone_and_counts_the_joins() {
    // slt holds whole sentences (a choice, stretches of one recording); kal one unit a diphone
    let out = aloud(&["plan", EXAMPLE, "--units", "--cast", "CE=slt,SL=kal"]);
    let (mut slt, mut kal, mut voice) = (0, 0, "");
    let (mut continues, mut units, mut joins, mut lines) = (0, 0, 0, 0);
    let (mut releases, mut duller) = (0, 0);
    for line in out.lines() {
        if let Some(rest) = line.strip_prefix("; ") {
            if rest.contains("(slt): ") {
                voice = "slt";
            } else if rest.contains("(kal): ") {
                voice = "kal";
            } else if rest.contains("): ") {
                voice = "other";
            } else if let Some(n) = rest.strip_suffix(" joins") {
                let (u, j) = n.split_once(" units, ").expect(line);
                units += u.parse::<usize>().unwrap();
                joins += j.parse::<usize>().unwrap();
            }
            continue;
        }
        lines += 1;
        let f: Vec<&str> = line.split_whitespace().collect();
        assert!(f[0].contains('-') && f[1] == "at" && f[3] == "s", "{line}");
        let (which, of): (usize, usize) = (f[4].parse().unwrap(), f[6].parse().unwrap());
        assert!(which >= 1 && which <= of, "{line}");
        match voice {
            "slt" => {
                slt += 1;
                assert_ne!(f[8], "–", "slt has unit features: {line}");
                continues += usize::from(line.contains("  continues"));
                if line.contains(", release at ") {
                    // only a voiceless stop, affricate or sibilant into a vowel has one
                    let (left, right) = f[0].split_once('-').unwrap();
                    assert!(
                        ["p", "t", "k", "ch", "s", "sh"].contains(&left)
                            && "aeiou".contains(&right[..1]),
                        "{line}"
                    );
                    releases += 1;
                }
                if line.contains("duller than its /t/ needs") {
                    // slt's /t/ floor costs only /t/ releases
                    assert!(f[0].starts_with("t-"), "{line}");
                    duller += 1;
                }
            }
            "kal" => {
                kal += 1;
                assert_eq!(
                    (f[6], f[8]),
                    ("1", "–"),
                    "kal has one unit a diphone: {line}"
                );
                assert!(!line.contains("  continues"), "{line}");
                assert!(
                    !line.contains("release"),
                    "kal's units are not measured: {line}"
                );
            }
            "other" => {}
            _ => panic!("a unit line before any sentence: {line}"),
        }
    }
    assert!(slt > 500 && kal > 500, "slt {slt}, kal {kal} units");
    assert!(
        releases * 20 > slt && duller < releases,
        "{releases} releases shown, {duller} of them duller than /t/ needs, in {slt} slt units"
    );
    assert!(
        continues * 5 > slt,
        "only {continues} of {slt} slt units continue a recording"
    );
    assert_eq!(units, lines, "the sentences' counts add up to the lines");
    let total = out.lines().last().unwrap();
    assert_eq!(
        total,
        format!(
            "; in all: {units} units, {joins} joins between recordings ({:.1} units per join)",
            units as f64 / joins as f64
        )
    );
}

#[test]
fn plan_units_shows_where_a_phrase_final_vowel_dies_away_through_its_murmur() {
    // slt's recordings end most vowels before a pause in a murmur; kal's never do
    let out = aloud(&["plan", EXAMPLE, "--units", "--cast", "CE=slt,SL=kal"]);
    let (mut voice, mut slt, mut into_pause) = ("", 0, 0);
    let vowels = [
        "aa", "ae", "ah", "ao", "aw", "ax", "ay", "eh", "er", "ey", "ih", "iy", "ow", "oy", "uh",
        "uw",
    ];
    for line in out.lines() {
        if let Some(rest) = line.strip_prefix("; ") {
            voice = if rest.contains("(slt): ") {
                "slt"
            } else if rest.contains("(kal): ") {
                "kal"
            } else {
                voice
            };
            continue;
        }
        let unit = line.split_whitespace().next().unwrap();
        let (left, right) = unit.split_once('-').unwrap();
        let vowel_into_pause = right == "pau" && vowels.contains(&left);
        into_pause += usize::from(voice == "slt" && vowel_into_pause);
        let Some((_, dies)) = line.split_once(", dies away over its last ") else {
            continue;
        };
        assert_eq!(voice, "slt", "kal's recordings have no murmur: {line}");
        assert!(
            vowel_into_pause,
            "only a vowel into a pause dies away: {line}"
        );
        let ms: u32 = dies.strip_suffix(" ms").unwrap().parse().unwrap();
        assert!((30..=400).contains(&ms), "{line}");
        slt += 1;
    }
    assert!(
        slt * 2 > into_pause && into_pause >= 3,
        "{slt} of slt's {into_pause} vowels into a pause die away"
    );
}
