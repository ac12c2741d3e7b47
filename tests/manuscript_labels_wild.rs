//! Golden tests for speaker labels as people write them (tests/fixtures/manuscripts/): a label
//! that declares the initials used later (`**Tom Reyes (TR)**:`, `Ana Lima (AL):`), a bold label
//! without a colon (`**TR** How often…`), names with titles (`Dr. Helen Shaw:`), `Q.`/`A.` with
//! periods, and bold questions with the answer unlabelled after them. For each: the speakers,
//! who reads each turn, the titles, and that no label is spoken.

use aloud::manuscript::{parse, Manuscript, Role};

#[path = "support/manuscript.rs"]
mod support;
use support::{fixture, spoken, titles, turns};

fn speakers(m: &Manuscript) -> Vec<(&str, &str, Role)> {
    m.speakers
        .iter()
        .map(|s| (s.label.as_str(), s.name.as_str(), s.role))
        .collect()
}

fn assert_not_spoken(m: &Manuscript, labels: &[&str]) {
    let text = spoken(m);
    for l in labels {
        assert!(!text.contains(l), "{l:?} is spoken:\n{text}");
    }
}

#[test]
fn bold_label_declaring_initials_then_bold_initials_without_a_colon() {
    let m = fixture("declared-initials-bold.md");
    assert_eq!(
        speakers(&m),
        vec![
            ("narrator", "Narrator", Role::Narrator),
            ("TR", "Tom Reyes", Role::Host),
            ("MO", "Maria Okonkwo", Role::Guest),
        ]
    );
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "What made you choose bridges?",
            "How often does a bridge need an inspection?",
            "What is the worst thing you have found?",
        ]
    );
    assert_eq!(
        turns(&m, 2),
        vec![
            "TR: How often does a bridge need an inspection?",
            "MO: Every two years, and every year once it is old. Most of the work is looking at rust.",
        ]
    );
    assert_not_spoken(&m, &["(TR)", "(MO)", "Tom Reyes", "**", "TR ", "MO "]);
}

#[test]
fn plain_label_declaring_initials_then_initials() {
    let m = fixture("declared-initials-plain.txt");
    assert_eq!(
        speakers(&m),
        vec![
            ("narrator", "Narrator", Role::Narrator),
            ("AL", "Ana Lima", Role::Host),
            ("PN", "Peter Novak", Role::Guest),
        ]
    );
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "How salty is the water now?",
            "Can rice grow in water like that?",
            "Who pays for the new seed?",
        ]
    );
    assert_eq!(
        turns(&m, 1),
        vec![
            "AL: How salty is the water now?",
            "PN: In the dry months it is a third of sea water near the coast.",
        ]
    );
    assert_not_spoken(&m, &["(AL)", "(PN)", "AL:", "PN:", "Ana Lima"]);
}

#[test]
fn names_with_titles_are_labels_and_the_asker_is_the_host() {
    let m = fixture("titled-names.txt");
    assert_eq!(
        speakers(&m),
        vec![
            ("narrator", "Narrator", Role::Narrator),
            ("Dr. Helen Shaw", "Dr. Helen Shaw", Role::Guest),
            ("Sen. Paul Grant", "Sen. Paul Grant", Role::Host),
        ]
    );
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "Opening remarks",
            "How much of that is from the last twenty years?",
            "What should the city do first?",
        ]
    );
    assert_eq!(
        turns(&m, 2),
        vec![
            "Sen. Paul Grant: Dr. Shaw, how much of that is from the last twenty years?",
            "Dr. Helen Shaw: About a third. The rate is increasing.",
        ]
    );
    assert_not_spoken(&m, &["Dr. Helen Shaw:", "Sen. Paul Grant:", "Sen."]);
}

#[test]
fn q_and_a_with_periods() {
    let m = fixture("q-a-periods.txt");
    assert_eq!(
        speakers(&m),
        vec![
            ("narrator", "Narrator", Role::Narrator),
            ("Q", "Interviewer", Role::Host),
            ("A", "Interviewee", Role::Guest),
        ]
    );
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "Can I borrow e-books without a library card?",
            "How long can I keep a book?",
            "What happens if I lose a book?",
        ]
    );
    assert_eq!(
        turns(&m, 2),
        vec![
            "Q: How long can I keep a book?",
            "A: Three weeks, and you can renew it twice unless someone is waiting for it.",
        ]
    );
    assert_not_spoken(&m, &["Q.", "A. "]);
}

#[test]
fn bold_questions_without_labels_are_asked_by_the_interviewer_and_answered_after() {
    let m = fixture("bold-questions-unlabelled.md");
    assert_eq!(
        speakers(&m),
        vec![
            ("narrator", "Narrator", Role::Narrator),
            ("Q", "Interviewer", Role::Host),
            ("A", "Sara Lind", Role::Guest),
        ]
    );
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "How did you start keeping bees?",
            "Do bees mind living on a roof?",
            "What do you do in winter?",
        ]
    );
    assert_eq!(
        turns(&m, 1),
        vec![
            "Q: How did you start keeping bees?",
            "A: A neighbour gave me a swarm that had settled in her apple tree. I had no idea what to do. ¶ Now I have forty hives.",
        ]
    );
    // The intro stays with the narrator.
    assert_eq!(m.chapters[0].turns.len(), 1);
    assert_eq!(
        m.speakers[m.chapters[0].turns[0].speaker.0].role,
        Role::Narrator
    );
    assert_not_spoken(&m, &["**"]);
}

#[test]
fn bold_lead_ins_in_an_article_are_not_labels() {
    // Bold words at the start of paragraphs, once each and without colons, are emphasis.
    let text = "# Notes on Pruning\n\n**Apples** need pruning in winter, when the tree is bare.\n\n**Plums** are pruned in summer to avoid silver leaf.\n\n**Cherries** too.\n";
    let m = parse(text).expect("parses");
    assert_eq!(m.speakers.len(), 1, "{:?}", speakers(&m));
    assert!(spoken(&m).contains("Apples need pruning in winter"));
}
