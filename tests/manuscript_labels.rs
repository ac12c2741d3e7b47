//! Golden tests: one short excerpt per label style (tests/fixtures/manuscripts/), with the traps
//! (colons in prose, multi-paragraph answers, a question over two paragraphs, an article with
//! headings, a transcript without questions).

use aloud::manuscript::{DropReason, Manuscript, Role};

#[path = "support/manuscript.rs"]
mod support;
use support::{dropped, fixture, spoken, titles, turns};

/// (label, name, role) of every speaker, narrator included.
fn speakers(m: &Manuscript) -> Vec<(String, String, Role)> {
    m.speakers
        .iter()
        .map(|s| (s.label.clone(), s.name.clone(), s.role))
        .collect()
}

fn sp(label: &str, name: &str, role: Role) -> (String, String, Role) {
    (label.into(), name.into(), role)
}

#[test]
fn initials_are_resolved_from_definitions_and_names_and_prose_colons_stay_text() {
    let m = fixture("initials.txt");
    assert_eq!(
        m.title,
        "Water First: A Conversation with the Mayor of Riverton"
    );
    assert_eq!(m.publication.as_deref(), Some("Riverton Courier"));
    assert_eq!(
        speakers(&m),
        vec![
            sp("narrator", "Narrator", Role::Narrator),
            sp("HM", "Helen Marsh", Role::Host),
            sp("DO", "Daniel Okafor", Role::Guest),
        ]
    );
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "How did the town end up here?",
            "What happens to the farms on the east side?"
        ]
    );
    // The opening announces title and publication, then reads the intro without "(HM)".
    assert_eq!(
        turns(&m, 0),
        vec!["narrator: Water First: A Conversation with the Mayor of Riverton. From Riverton Courier. ¶ The Riverton Courier spoke to Daniel Okafor, mayor of Riverton since 2019, about the drought that has emptied the reservoir and the rationing plan his council approved last week. ¶ This interview was conducted by Helen Marsh."]
    );
    // "The goal: water …" is prose inside DO's answer; the unlabelled paragraph continues it.
    assert_eq!(
        turns(&m, 1)[1],
        "DO: Three dry winters in a row. We planned for two. The goal: water for every household before anything else. ¶ Nobody on the council wanted rationing. But the numbers were clear by March."
    );
    assert_eq!(dropped(&m), vec![(17, DropReason::ShareSubscribe)]);
}

#[test]
fn q_and_a_with_a_question_over_two_paragraphs() {
    let m = fixture("qa-two-paragraph-question.txt");
    assert_eq!(
        speakers(&m),
        vec![
            sp("narrator", "Narrator", Role::Narrator),
            sp("Q", "Tom Reyes", Role::Host),
            sp("A", "Ingrid Solberg", Role::Guest),
        ]
    );
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "What made you stay when the funding ran out in 2009?",
            "How many varieties do you hold today?",
            "What would you ask of a new government?",
        ]
    );
    assert_eq!(
        turns(&m, 1),
        vec![
            "Q: You started here in 2004, when the building was still a potato store. ¶ What made you stay when the funding ran out in 2009?",
            "A: Stubbornness, mostly. And the seeds. Some of the varieties in the freezer exist nowhere else. ¶ We kept the lights on with volunteer shifts for two years.",
        ]
    );
    // "Note:" inside an answer is not a label.
    assert!(turns(&m, 2)[1].contains("Note: that counts"));
}

#[test]
fn markdown_bold_names_with_front_matter_images_links_and_html() {
    let m = fixture("bold-names.md");
    assert_eq!(m.title, "Building Bikes in a Garage");
    assert_eq!(m.publication.as_deref(), Some("Northside Weekly"));
    assert_eq!(
        speakers(&m),
        vec![
            sp("narrator", "Narrator", Role::Narrator),
            sp("Lena Fischer", "Lena Fischer", Role::Host),
            sp("Priya Natarajan", "Priya Natarajan", Role::Guest),
            sp("Owen Clarke", "Owen Clarke", Role::Guest),
        ]
    );
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "How did the two of you start?",
            "What changed after that first frame?"
        ]
    );
    assert_eq!(
        turns(&m, 2)[1],
        "Owen Clarke: We took a course at the community college. Proper jigs, proper tubing."
    );
    assert!(turns(&m, 0)[0].contains("Our reporter Lena Fischer sat down"));
    assert_eq!(
        dropped(&m),
        vec![
            (1, DropReason::FrontMatter),
            (7, DropReason::Image),
            (21, DropReason::LinkReference)
        ]
    );
    let text = spoken(&m);
    for markup in ["**", "<a", "](", "*Lena", "![", "https://"] {
        assert!(!text.contains(markup), "{markup} left in {text}");
    }
}

#[test]
fn markdown_bold_names_with_the_colon_outside() {
    let m = fixture("bold-names-colon-outside.md");
    assert_eq!(m.title, "Night Shift at the Lighthouse");
    assert_eq!(
        speakers(&m),
        vec![
            sp("narrator", "Narrator", Role::Narrator),
            sp("Marta Kowalski", "Marta Kowalski", Role::Guest),
            sp("Jonas Berg", "Jonas Berg", Role::Host),
        ]
    );
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "Opening remarks",
            "Do you still climb them every night?",
            "Why two in the morning?",
        ]
    );
    assert!(turns(&m, 1)[0].starts_with("Marta Kowalski: I have kept this light"));
}

#[test]
fn markdown_bold_questions_are_followed_by_unlabelled_answers() {
    let m = fixture("bold-questions.md");
    assert_eq!(
        speakers(&m),
        vec![
            sp("narrator", "Narrator", Role::Narrator),
            sp("Q", "Interviewer", Role::Host),
            sp("A", "Interviewee", Role::Guest),
        ]
    );
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "How did the bees get onto the roofs?",
            "What does a city bee eat?"
        ]
    );
    assert_eq!(
        turns(&m, 1),
        vec![
            "Q: How did the bees get onto the roofs?",
            "A: My grandfather kept them in the valley. When the valley was built over, the roofs were the only quiet places left. ¶ The neighbours complained for a year, then started asking for honey.",
        ]
    );
}

#[test]
fn uppercase_titles_and_bare_q_with_an_interrupted_question() {
    let m = fixture("press-briefing.txt");
    assert_eq!(m.title, "Press Briefing by the Harbour Authority");
    assert_eq!(
        speakers(&m),
        vec![
            sp("narrator", "Narrator", Role::Narrator),
            sp("THE CHAIR", "The Chair", Role::Guest),
            sp("MR. OYELARAN", "Mr. Oyelaran", Role::Guest),
            sp("Q", "Reporter", Role::Host),
        ]
    );
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "Opening remarks",
            "The dredged silt",
            "Will the ferry timetable change?"
        ]
    );
    // Asked, interrupted ("Sure.") and resumed: one chapter.
    assert_eq!(
        turns(&m, 2),
        vec![
            "Q: Mr. Oyelaran, a question about the dredged silt, please?",
            "THE CHAIR: Go ahead.",
            "Q: Where is it going —",
            "MR. OYELARAN: Sure.",
            "Q: — and who is paying to move it?",
            "MR. OYELARAN: It goes to the land reclamation site at Point Hollis. The cost is inside the original contract.",
        ]
    );
    assert_eq!(
        dropped(&m),
        vec![
            (3, DropReason::PageHeader),
            (28, DropReason::EndMarker),
            (30, DropReason::EndMarker)
        ]
    );
}

#[test]
fn time_stamps_before_labels_inline_and_on_their_own_line() {
    let m = fixture("timestamps.txt");
    assert_eq!(m.title, "Harbour Control, Evening Watch");
    let labels: Vec<&str> = m.speakers.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, vec!["narrator", "HC", "MS", "PB"]);
    assert_eq!(m.speakers[1].name, "Harbour Control");
    // Radio traffic: nobody interviews, so no question chapters.
    assert!(m.speakers.iter().all(|s| s.role != Role::Host));
    assert_eq!(titles(&m), vec!["Introduction", "Transcript"]);
    assert_eq!(
        turns(&m, 1),
        vec![
            "HC: Vessel Morning Star, Harbour Control. Report your position.",
            "MS: Harbour Control, Morning Star. Two miles south of the breakwater.",
            "HC: Roger. Proceed to berth four. Pilot boat is on its way.",
            "MS: Berth four, understood. Reducing speed.",
            "PB: Morning Star, pilot boat alongside your starboard quarter.",
        ]
    );
}

#[test]
fn a_transcript_without_questions_gets_no_question_chapters() {
    let m = fixture("no-questions.txt");
    assert_eq!(
        speakers(&m),
        vec![
            sp("narrator", "Narrator", Role::Narrator),
            sp("CHAIR HOLT", "Chair Holt", Role::Guest),
            sp("MS. ABARA", "Ms. Abara", Role::Guest),
            sp("MR. DUNCAN", "Mr. Duncan", Role::Guest),
        ]
    );
    assert_eq!(titles(&m), vec!["Introduction", "Transcript"]);
    assert_eq!(m.chapters[1].turns.len(), 4);
    assert_eq!(
        m.chapters[1].turns[1].paragraphs.len(),
        2,
        "multi-paragraph turn"
    );
}

#[test]
fn an_article_with_headings_gets_chapters_from_them() {
    let m = fixture("article-headings.md");
    assert_eq!(m.title, "The Last Tram Depot");
    assert_eq!(m.publication.as_deref(), Some("Aoife Brennan"));
    assert_eq!(
        speakers(&m),
        vec![sp("narrator", "Narrator", Role::Narrator)]
    );
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "A building made for iron",
            "What comes next"
        ]
    );
    assert_eq!(
        turns(&m, 1),
        vec!["narrator: The depot was built in 1931 with a roof of riveted steel. The goal: keep forty cars dry through the worst winter storms. ¶ Its walls are brick, two feet thick."]
    );
    assert_eq!(
        dropped(&m),
        vec![(3, DropReason::Byline), (19, DropReason::SiteFooter)]
    );
}

#[test]
fn an_article_without_headings_is_one_chapter() {
    let m = fixture("article-plain.txt");
    assert_eq!(m.title, "Why the Swifts Came Back");
    assert_eq!(titles(&m), vec!["Why the Swifts Came Back"]);
    assert_eq!(m.chapters[0].turns.len(), 1);
    assert_eq!(m.chapters[0].turns[0].paragraphs.len(), 4);
    assert!(spoken(&m).contains("the reason is simple: the boxes"));
    assert!(m.dropped.is_empty());
}

#[test]
fn web_page_with_crumbs_first_name_labels_and_an_editors_note() {
    let m = fixture("web-page-first-name-labels.txt");
    assert_eq!(m.title, "The Potter Who Fires With Wood");
    assert_eq!(
        speakers(&m),
        vec![
            sp("narrator", "Narrator", Role::Narrator),
            sp("Interviewer", "Interviewer", Role::Host),
            sp("Keiko", "Keiko Tanaka", Role::Guest),
        ]
    );
    // "Keiko" is resolved to the full name in the intro; "her"/"She" there say female.
    assert_eq!(m.speakers[2].gender, Some(aloud::person::Gender::Female));
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "When did you first sit at a wheel?",
            "Did you ever want to quit?"
        ]
    );
    assert!(turns(&m, 2)[1].ends_with("Here's the thing: you only learn by repeating."));
    let r: Vec<DropReason> = m.dropped.iter().map(|d| d.reason).collect();
    assert_eq!(
        r,
        vec![
            DropReason::Navigation,
            DropReason::PageHeader,
            DropReason::EditorialNote,
            DropReason::ShareSubscribe
        ]
    );
}

#[test]
fn numbered_speakers_with_time_stamps_before_the_colon() {
    let m = fixture("numbered-speakers-timed.md");
    assert_eq!(m.title, "Episode 42: Rebuilding the Marsh");
    assert_eq!(
        speakers(&m),
        vec![
            sp("narrator", "Narrator", Role::Narrator),
            sp("Speaker 1", "Speaker 1", Role::Host),
            sp("Speaker 2", "Speaker 2", Role::Guest),
        ]
    );
    // The welcome is not a question: it goes to the opening remarks.
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "Opening remarks",
            "What actually happens when you breach a sea wall on purpose?",
            "The farmers who owned that land?",
        ]
    );
    // List items inside an answer are read as its paragraphs.
    assert_eq!(m.chapters[2].turns[1].paragraphs.len(), 3);
    assert!(!spoken(&m).contains("00:0"));
    assert_eq!(dropped(&m), vec![(3, DropReason::EditorialNote)]);
}

#[test]
fn surname_labels_are_the_same_speaker_as_the_full_name() {
    let m = fixture("surname-labels.txt");
    let labels: Vec<&str> = m.speakers.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(
        labels,
        vec!["narrator", "JOHN HARLOW", "MARY CHEN", "AUDIENCE MEMBER"]
    );
    let who: Vec<&str> = m.chapters[1]
        .turns
        .iter()
        .map(|t| m.speakers[t.speaker.0].label.as_str())
        .collect();
    assert_eq!(
        who,
        vec![
            "JOHN HARLOW",
            "MARY CHEN",
            "JOHN HARLOW",
            "MARY CHEN",
            "JOHN HARLOW",
            "AUDIENCE MEMBER",
            "MARY CHEN"
        ]
    );
    assert!(spoken(&m).contains("Key point: the roof repair cannot wait."));
}

#[test]
fn uppercase_full_names_with_a_byline_and_a_kicker_in_the_headline() {
    let m = fixture("uppercase-full-names-byline.txt");
    assert_eq!(
        m.title,
        "INTERVIEW: We Are Not Going Anywhere — Tenants Speak Out"
    );
    assert_eq!(m.publication.as_deref(), Some("Rosa Delgado"));
    assert_eq!(
        speakers(&m),
        vec![
            sp("narrator", "Narrator", Role::Narrator),
            sp("ROSA DELGADO", "Rosa Delgado", Role::Host),
            sp("AHMED YUSUF", "Ahmed Yusuf", Role::Guest),
            sp("GRACE OLSEN", "Grace Olsen", Role::Guest),
        ]
    );
    assert!(turns(&m, 0)[0].starts_with(
        "narrator: INTERVIEW: We Are Not Going Anywhere — Tenants Speak Out. By Rosa Delgado. ¶ Residents"
    ));
    assert_eq!(
        titles(&m),
        vec![
            "Introduction",
            "How long have you lived here?",
            "What did the letter say, exactly?",
            "What happens next?",
        ]
    );
    assert_eq!(
        dropped(&m),
        vec![(3, DropReason::Byline), (23, DropReason::SiteFooter)]
    );
}

#[test]
fn one_word_answers_still_end_a_question() {
    let m = fixture("qa-short-answers.txt");
    assert_eq!(
        titles(&m),
        vec!["Introduction", "What is your name?", "Where were you born?"]
    );
    assert_eq!(turns(&m, 1), vec!["Q: What is your name?", "A: Ana."]);
}
