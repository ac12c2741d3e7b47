//! Golden expectations for the real texts gathered from the wild (tests/fixtures/corpus/,
//! sources and licences in SOURCES.md): Markdown interviews with bold labels that declare
//! initials, a podcast transcript with bold questions, a question-and-answer article, a press
//! briefing. For each: title, speakers (label, name, role), chapter titles and dropped blocks;
//! for all: no label, markup or stage direction is spoken, and every title is a complete phrase
//! of at most 60 characters.

use aloud::manuscript::{parse, DropReason, Manuscript, Role};

#[path = "support/manuscript.rs"]
mod support;
use support::paragraphs;
use DropReason::{
    Caption, FrontMatter, Image, LinkReference, PageHeader, SectionHeading, StageDirection,
};

struct Golden {
    file: &'static str,
    title: &'static str,
    publication: Option<&'static str>,
    speakers: &'static [(&'static str, &'static str, Role)],
    titles: &'static [&'static str],
    dropped: &'static [(usize, DropReason)],
}

const GOLDENS: &[Golden] = &[
    Golden {
        file: "k8s-sig-api-machinery-spotlight.md",
        title: "Spotlight on SIG API Machinery",
        publication: Some("Frederico Muñoz"),
        speakers: &[
            ("narrator", "Narrator", Role::Narrator),
            ("FSM", "Frederico Muñoz", Role::Host),
            ("David", "David Eads", Role::Guest),
            ("Federico", "Federico Bongiovanni", Role::Guest),
        ],
        titles: &[
            "Introduction",
            "Could you tell us about yourselves?",
            "Could you describe this scope in your own words?",
            "How do you manage the different aspects of it?",
            "Was the existing model always like this?",
            "Do you have any guidelines?",
            "Is it mostly independent from SIG API Machinery?",
            "How is this felt and how does it influence the work?",
            "What would you pinpoint as the top priorities for the SIG?",
            "What's your suggestions?",
            "Any final comments you would like to share with our readers?",
        ],
        dropped: &[(1, FrontMatter), (14, SectionHeading), (32, SectionHeading), (57, SectionHeading), (94, SectionHeading), (133, SectionHeading), (156, SectionHeading)],
    },
    Golden {
        file: "k8s-sig-scheduling-spotlight.md",
        title: "Spotlight on SIG Scheduling",
        publication: Some("Arvind Parekh"),
        speakers: &[
            ("narrator", "Narrator", Role::Narrator),
            ("AP", "Arvind Parekh", Role::Host),
            ("KN", "Kensei Nakada", Role::Guest),
        ],
        titles: &[
            "Introduction",
            "Would you like to introduce yourself?",
            "Can you provide a brief overview of SIG Scheduling?",
            "Recent innovations or developments",
            "Are there any other interesting topics or projects?",
            "Are there some interesting contributions by those teams?",
            "What are some of your favorite things about this SIG?",
            "Any recommendations for new contributors or beginners?",
            "How do you assist new contributors in getting started?",
            "Some Kubernetes-specific challenges in terms of scheduling",
            "Some upcoming goals or initiatives for SIG Scheduling",
            "What message would you like to convey?",
        ],
        dropped: &[(1, FrontMatter), (13, SectionHeading), (27, SectionHeading), (122, SectionHeading), (170, SectionHeading), (208, SectionHeading)],
    },
    Golden {
        file: "k8s-cncf-dhhwg-spotlight.md",
        title: "Spotlight on CNCF Deaf and Hard-of-hearing Working Group (DHHWG)",
        publication: Some("Sandeep Kanabar"),
        speakers: &[
            ("narrator", "Narrator", Role::Narrator),
            ("SK", "Sandeep Kanabar", Role::Host),
            ("CP", "Catherine Paganini", Role::Guest),
        ],
        titles: &[
            "Introduction",
            "Could you please introduce yourself?",
            "What motivated you to facilitate the creation of the DHHWG?",
            "How has the DHHWG evolved?",
            "What barriers have you encountered?",
            "Are there any misconceptions?",
            "Can you share some key impacts/outcomes?",
            "How crucial is the role of allies within the DHHWG?",
            "Are you involved in any other DEI groups or initiatives?",
            "What does the future hold for the DHHWG?",
            "Do you have any final thoughts or a call to action?",
            "Wrapping up",
        ],
        dropped: &[(1, FrontMatter), (15, SectionHeading), (24, SectionHeading), (33, Image), (34, Caption), (38, SectionHeading), (47, SectionHeading), (59, SectionHeading), (68, Image), (69, Caption), (75, SectionHeading)],
    },
    Golden {
        file: "k8s-1-18-release-interview.md",
        title: "Physics, politics and Pull Requests: the Kubernetes 1.18 release interview",
        publication: Some("Craig Box"),
        speakers: &[
            ("narrator", "Narrator", Role::Narrator),
            ("ADAM GLICK", "Adam Glick", Role::Host),
            ("JORGE ALARCÓN", "Jorge Alarcón", Role::Guest),
        ],
        titles: &[
            "Introduction",
            "What kind of physics did you work on?",
            "Did you take a tour into that?",
            "How did you go from that world into the world of Kubernetes?",
            "Were you using Kubernetes as part of that work there?",
            "Where did you get started using Kubernetes?",
            "What time frame was this?",
            "What made you decide to be a release lead?",
            "Is it fair to assume that they're using Kubernetes?",
            "Are you able to say what Searchable does?",
            "It is a Google for your personal and non-public information",
            "How much time does it take to be the release lead?",
            "Four hours a day?",
        ],
        dropped: &[(1, FrontMatter), (33, StageDirection), (55, StageDirection), (83, StageDirection)],
    },
    Golden {
        file: "k8s-dockershim-faq.md",
        title: "Dockershim Deprecation FAQ",
        publication: None,
        speakers: &[
            ("narrator", "Narrator", Role::Narrator),
        ],
        titles: &[
            "Introduction",
            "Why is dockershim being deprecated?",
            "Can I still use Docker in Kubernetes 1.20?",
            "When will dockershim be removed?",
            "Can I still use dockershim after it is removed?",
            "Will my existing Docker images still work?",
            "What about private images?",
            "Are Docker and containers the same thing?",
            "Are there examples of folks using other runtimes?",
            "People keep referencing OCI, what is that?",
            "Which CRI implementation should I use?",
            "What should I look out for?",
            "What if I have more questions?",
            "Can I have a hug?",
        ],
        dropped: &[(1, FrontMatter), (35, LinkReference), (42, LinkReference), (62, LinkReference), (104, LinkReference), (105, LinkReference), (106, LinkReference), (119, LinkReference), (120, LinkReference), (121, LinkReference), (132, LinkReference), (162, LinkReference), (163, LinkReference), (164, LinkReference), (165, LinkReference), (166, LinkReference), (171, LinkReference), (176, LinkReference), (189, LinkReference)],
    },
    Golden {
        file: "whitehouse-briefing-2021-02-12-mayors.md",
        title: "Press Briefing by Press Secretary Jen Psaki, Detroit Mayor Mike Duggan, and Miami Mayor Francis Suarez, February 12, 2021",
        publication: None,
        speakers: &[
            ("narrator", "Narrator", Role::Narrator),
            ("MS. PSAKI", "Ms. Psaki", Role::Guest),
            ("MAYOR SUAREZ", "Mayor Suarez", Role::Guest),
            ("MAYOR DUGGAN", "Mayor Duggan", Role::Guest),
            ("Q", "Reporter", Role::Host),
        ],
        titles: &[
            "Introduction",
            "Opening remarks",
            "Why do they need billions more from the taxpayers now?",
            "The variants in Florida, and specifically in Miami",
            "Do you feel like you have enough visibility?",
            "Can you point us to specific examples?",
            "Did you talk about hesitancy with President Biden?",
            "Can both of you weigh in?",
        ],
        dropped: &[(1, FrontMatter), (11, PageHeader), (13, PageHeader), (37, StageDirection), (189, StageDirection), (189, StageDirection), (229, StageDirection), (296, StageDirection), (313, StageDirection)],
    },
];

fn load(file: &str) -> Manuscript {
    let path = format!(
        "{}/tests/fixtures/corpus/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = aloud::manuscript::read_input(&path).expect("readable");
    parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn every_text_has_its_title_speakers_chapters_and_dropped_blocks() {
    for g in GOLDENS {
        let m = load(g.file);
        assert_eq!(m.title, g.title, "{}", g.file);
        assert_eq!(m.publication.as_deref(), g.publication, "{}", g.file);
        let speakers: Vec<(&str, &str, Role)> = m
            .speakers
            .iter()
            .map(|s| (s.label.as_str(), s.name.as_str(), s.role))
            .collect();
        assert_eq!(speakers, g.speakers, "{}", g.file);
        let titles: Vec<&str> = m.chapters.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, g.titles, "{}", g.file);
        let dropped: Vec<(usize, DropReason)> =
            m.dropped.iter().map(|d| (d.line, d.reason)).collect();
        assert_eq!(dropped, g.dropped, "{}", g.file);
    }
}

#[test]
fn no_label_markup_or_stage_direction_is_spoken() {
    for g in GOLDENS {
        let m = load(g.file);
        let labels: Vec<String> = m
            .speakers
            .iter()
            .filter(|s| s.role != Role::Narrator)
            .flat_map(|s| [format!("{}:", s.label), format!("({})", s.label)])
            .collect();
        for text in paragraphs(&m) {
            for bad in ["**", "](", "[", "]", "__", "LAUGHING", "Laughter", " sic "] {
                assert!(
                    !text.contains(bad),
                    "{}: {bad:?} spoken in {text:?}",
                    g.file
                );
            }
            for l in &labels {
                assert!(
                    !text.contains(l.as_str()),
                    "{}: {l:?} spoken in {text:?}",
                    g.file
                );
            }
        }
    }
}

#[test]
fn titles_are_short_complete_phrases() {
    // Articles, conjunctions and question words never end a title; auxiliaries may end a whole
    // question ("…what Searchable does?").
    let no_end = [
        "a", "an", "the", "of", "and", "or", "but", "to", "which", "how", "what",
    ];
    for g in GOLDENS {
        for t in g.titles {
            assert!(t.chars().count() <= 60, "{}: {t}", g.file);
            let last = t
                .trim_end_matches(['?', '.'])
                .split_whitespace()
                .last()
                .unwrap_or("")
                .to_lowercase();
            assert!(!no_end.contains(&last.as_str()), "{}: {t}", g.file);
        }
    }
}

#[test]
fn each_interview_question_is_asked_by_the_host_and_answered_by_a_guest() {
    for g in GOLDENS
        .iter()
        .filter(|g| g.file.contains("spotlight") || g.file.contains("interview"))
    {
        let m = load(g.file);
        for c in &m.chapters[1..] {
            let roles: Vec<Role> = c
                .turns
                .iter()
                .map(|t| m.speakers[t.speaker.0].role)
                .collect();
            if roles == [Role::Narrator] {
                continue; // a closing section the narrator reads ("Wrapping up")
            }
            assert_eq!(roles.first(), Some(&Role::Host), "{}: {}", g.file, c.title);
            assert!(roles[1..].contains(&Role::Guest), "{}: {}", g.file, c.title);
        }
    }
}
