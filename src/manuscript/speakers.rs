//! Speaker resolution: each label gets a display name, a role and (when the text makes it
//! clear) a gender. The narrator is a speaker too.

use super::head::Head;
use super::labels;
use super::lines::{Kind, TurnStyles};
use super::names::{self, InterviewFacts};
use super::{Role, Speaker, SpeakerId};
use std::collections::BTreeMap;

/// Speakers and how labels map to them.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    /// All speakers; the narrator first.
    pub speakers: Vec<Speaker>,
    /// Label key → speaker.
    pub by_key: BTreeMap<String, SpeakerId>,
    /// The narrator.
    pub narrator: SpeakerId,
    /// Publication named by the intro ("Kawsachun News spoke to …") or author, if any.
    pub publication: Option<String>,
    /// The text names its author ("By Jane Doe") rather than a publication.
    pub by_author: bool,
}

#[derive(Default, Clone, Copy)]
struct Stats {
    turns: usize,
    questions: usize,
}

/// Resolves names, roles and genders of the labels in `head`.
pub(crate) fn resolve(head: &Head) -> Resolved {
    let intro_parts: Vec<&str> = std::iter::once(head.title.as_str())
        .chain(
            head.items
                .iter()
                .take_while(|i| !matches!(i.kind, Kind::Turn(_)))
                .map(|i| i.text.as_str()),
        )
        .collect();
    let intro = intro_parts.join("\n");
    let mut facts = InterviewFacts::default();
    for part in &intro_parts {
        let f = names::interview_facts(part);
        facts.interviewers.extend(f.interviewers);
        facts.guests.extend(f.guests);
    }
    let intro_names = names::name_sequences(&intro);
    let all_names = names::name_sequences(&head.full_text);
    let stats = turn_stats(head);
    let briefing = [
        "briefing",
        "press conference",
        "reporters",
        "news conference",
    ]
    .iter()
    .any(|w| head.full_text.to_lowercase().contains(w));

    let mut speakers = vec![Speaker {
        label: "narrator".into(),
        name: "Narrator".into(),
        role: Role::Narrator,
        gender: None,
    }];
    let mut by_key = BTreeMap::new();
    let narrator = SpeakerId(0);
    let aliases = surname_aliases(&head.labels);
    let mut people: Vec<Person> = Vec::new();
    for (key, display) in &head.labels {
        if aliases.contains_key(key) {
            continue;
        }
        let display = display.trim_end_matches('.').to_string();
        if key == "NARRATOR" {
            speakers[0].label = display;
            by_key.insert(key.clone(), narrator);
            continue;
        }
        let name = match head.label_names.get(key) {
            Some(declared) => full_name(declared, &all_names),
            None => resolve_name(&display, head, &intro_names, &all_names),
        };
        let styles = head.label_styles.get(key).copied().unwrap_or_default();
        people.push(Person {
            keys: vec![key.clone()],
            label: display,
            name,
            styles,
        });
    }
    for p in merge_same_people(people) {
        let id = SpeakerId(speakers.len());
        for k in &p.keys {
            by_key.insert(k.clone(), id);
        }
        let role = if p.styles.asks_in_bold() {
            Role::Host
        } else {
            Role::Guest
        };
        speakers.push(Speaker {
            label: p.label,
            name: p.name,
            role,
            gender: None,
        });
    }

    for (alias, target) in &aliases {
        if let Some(&id) = by_key.get(target) {
            by_key.insert(alias.clone(), id);
        }
    }

    // Roles.
    let matches = |s: &Speaker, list: &[String]| {
        list.iter()
            .any(|n| same_person(&s.name, n) || names::initials(n) == s.label)
    };
    let mut host_found = speakers.iter().any(|s| s.role == Role::Host);
    for s in speakers.iter_mut().skip(1) {
        let role_word = s.label.to_lowercase();
        let is_host = matches!(
            role_word.as_str(),
            "q" | "question"
                | "interviewer"
                | "host"
                | "moderator"
                | "reporter"
                | "presenter"
                | "anchor"
        ) || matches(s, &facts.interviewers);
        if is_host {
            s.role = Role::Host;
            host_found = true;
        }
    }
    if !host_found {
        if let Some(id) = asker(&speakers, &by_key, &stats) {
            speakers[id.0].role = Role::Host;
        }
    }
    name_role_words(&mut speakers, &facts, briefing);

    // Gender: courtesy titles and first names, else pronouns in the intro, else the full
    // name the text gives a speaker it labels by title and surname ("DR. HAHN" and "Stephen
    // Hahn").
    for s in speakers.iter_mut().skip(1) {
        s.gender = names::gender_of_name(&s.name)
            .or_else(|| names::gender_from_pronouns(&intro, &s.name).filter(|_| s.name != s.label))
            .or_else(|| names::gender_of_namesakes(&s.name, &all_names));
    }

    let by_author = head.author.is_some() && head.publication.is_none();
    let publication = head
        .publication
        .clone()
        .or(head.author.clone())
        .or_else(|| {
            facts
                .interviewers
                .iter()
                .find(|n| {
                    n.split_whitespace().count() >= 2
                        && !speakers.iter().any(|s| same_person(&s.name, n))
                        && names::gender_of_name(n).is_none()
                })
                .cloned()
        });
    Resolved {
        speakers,
        by_key,
        narrator,
        publication,
        by_author,
    }
}

/// The labels of one person, before they become a [`Speaker`].
struct Person {
    /// Label keys that name this person.
    keys: Vec<String>,
    /// The label shown (the one used most).
    label: String,
    /// Display name.
    name: String,
    /// How the person's turns are written, all labels together.
    styles: TurnStyles,
}

/// Labels that resolve to the same full name are one speaker ("Kensei" and "KN" both
/// "Kensei Nakada"; "Arvind" and "AP" both "Arvind Parekh"); the label used most is shown. In an
/// interview whose questions are bold paragraphs asked by one person, a role-word label that
/// also asks in bold (a stray `**A:**` for "AP") is that person too.
fn merge_same_people(people: Vec<Person>) -> Vec<Person> {
    let mut merged: Vec<Person> = Vec::new();
    let mut turns_of_label: Vec<usize> = Vec::new();
    for p in people {
        let is_full_name = p.name.split_whitespace().count() >= 2;
        let same = merged
            .iter()
            .position(|m| is_full_name && m.name.eq_ignore_ascii_case(&p.name));
        match same {
            Some(i) => {
                let m = &mut merged[i];
                if p.styles.turns > turns_of_label[i] {
                    m.label = p.label;
                    turns_of_label[i] = p.styles.turns;
                }
                m.keys.extend(p.keys);
                m.styles.turns += p.styles.turns;
                m.styles.bold_questions += p.styles.bold_questions;
            }
            None => {
                turns_of_label.push(p.styles.turns);
                merged.push(p);
            }
        }
    }
    let askers: Vec<usize> = (0..merged.len())
        .filter(|&i| merged[i].styles.asks_in_bold() && !labels::is_role_word(&merged[i].label))
        .collect();
    let [host] = askers.as_slice() else {
        return merged;
    };
    let host = *host;
    let strays: Vec<usize> = (0..merged.len())
        .filter(|&i| {
            i != host
                && labels::is_role_word(&merged[i].label)
                && merged[i].styles.turns > 0
                && merged[i].styles.bold_questions == merged[i].styles.turns
        })
        .collect();
    for &i in strays.iter().rev() {
        let stray = merged.remove(i);
        let host = if i < host { host - 1 } else { host };
        let h = &mut merged[host];
        h.keys.extend(stray.keys);
        h.styles.turns += stray.styles.turns;
        h.styles.bold_questions += stray.styles.bold_questions;
    }
    merged
}

/// A declared name made full when the text names the person in full elsewhere
/// ("Frederico" → "Frederico Muñoz").
fn full_name(declared: &str, all_names: &[String]) -> String {
    if declared.split_whitespace().count() > 1 {
        return declared.to_string();
    }
    all_names
        .iter()
        .find(|n| n.split_whitespace().next() == Some(declared))
        .cloned()
        .unwrap_or_else(|| declared.to_string())
}

/// One-word labels that repeat the first or last word of exactly one longer label
/// ("HARLOW" after "JOHN HARLOW") are the same speaker: alias key → full key.
fn surname_aliases(labels: &[(String, String)]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (key, _) in labels {
        if key.split_whitespace().count() != 1 || labels::is_role_word(key) {
            continue;
        }
        let matches: Vec<&String> = labels
            .iter()
            .map(|(k, _)| k)
            .filter(|k| {
                let words: Vec<&str> = k.split_whitespace().collect();
                words.len() >= 2
                    && (words.last() == Some(&key.as_str()) || words.first() == Some(&key.as_str()))
            })
            .collect();
        if let [one] = matches.as_slice() {
            out.insert(key.clone(), (*one).clone());
        }
    }
    out
}

fn same_person(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Display name of a label.
fn resolve_name(label: &str, head: &Head, intro_names: &[String], all_names: &[String]) -> String {
    if labels::is_role_word(label) {
        return label.to_string();
    }
    if let Some(n) = names::defined_name(&head.full_text, label) {
        if n != label {
            return n;
        }
    }
    let letters: Vec<char> = label.chars().collect();
    let is_initials = (2..=4).contains(&letters.len()) && letters.iter().all(|c| c.is_uppercase());
    if is_initials {
        let found = intro_names
            .iter()
            .chain(all_names)
            .find(|n| names::initials(n) == label);
        if let Some(n) = found {
            return n.clone();
        }
    }
    let words: Vec<&str> = label.split_whitespace().collect();
    let all_caps = label
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase());
    if words.len() == 1 && !all_caps {
        let found = intro_names.iter().chain(all_names).find(|n| {
            let ws: Vec<&str> = n.split_whitespace().collect();
            ws.first() == Some(&label) || ws.last() == Some(&label)
        });
        if let Some(n) = found {
            return n.clone();
        }
    }
    if all_caps && (words.len() > 1 || label.contains('.')) {
        return title_case(label);
    }
    label.to_string()
}

/// "DR. HAHN" → "Dr. Hahn".
fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut out = String::new();
            let mut start = true;
            for c in w.chars() {
                if start {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                start = c == '-' || c == '\'' || c == '’';
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Role-word labels (`Q`, `A`) get names from the intro when it names one person.
fn name_role_words(speakers: &mut [Speaker], facts: &InterviewFacts, briefing: bool) {
    let people = |list: &[String]| -> Option<String> {
        let persons: Vec<&String> = list
            .iter()
            .filter(|n| names::gender_of_name(n).is_some() || n.split_whitespace().count() >= 2)
            .collect();
        match persons.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        }
    };
    let taken: Vec<String> = speakers.iter().map(|s| s.name.clone()).collect();
    for s in speakers.iter_mut().skip(1) {
        let lower = s.label.to_lowercase();
        match lower.as_str() {
            "q" | "question" => {
                s.name = people(&facts.interviewers)
                    .filter(|n| !taken.contains(n))
                    .unwrap_or_else(|| {
                        if briefing { "Reporter" } else { "Interviewer" }.to_string()
                    });
            }
            "a" | "answer" => {
                s.name = people(&facts.guests)
                    .filter(|n| !taken.contains(n))
                    .unwrap_or_else(|| "Interviewee".to_string());
            }
            _ => {}
        }
    }
}

fn turn_stats(head: &Head) -> BTreeMap<String, Stats> {
    let mut stats: BTreeMap<String, Stats> = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut asked = false;
    for item in &head.items {
        match &item.kind {
            Kind::Turn(key) => {
                if let Some(k) = current.take() {
                    stats.entry(k).or_default().questions += usize::from(asked);
                }
                stats.entry(key.clone()).or_default().turns += 1;
                current = Some(key.clone());
                asked = item.text.contains('?');
            }
            Kind::Para => asked |= item.text.contains('?'),
            Kind::Heading(_) => {}
        }
    }
    if let Some(k) = current {
        stats.entry(k).or_default().questions += usize::from(asked);
    }
    stats
}

/// The speaker who clearly does the asking: at least two turns with a question, most of
/// their turns questions, and no one else asking half as often.
fn asker(
    speakers: &[Speaker],
    by_key: &BTreeMap<String, SpeakerId>,
    stats: &BTreeMap<String, Stats>,
) -> Option<SpeakerId> {
    let ratio = |s: &Stats| s.questions as f32 / s.turns.max(1) as f32;
    let mut ranked: Vec<(&String, &Stats)> = stats.iter().collect();
    ranked.sort_by(|a, b| ratio(b.1).total_cmp(&ratio(a.1)).then(a.0.cmp(b.0)));
    let (key, best) = ranked.first()?;
    let second = ranked.get(1).map_or(0.0, |(_, s)| ratio(s));
    let clear = best.questions >= 2 && ratio(best) >= 0.5 && second <= ratio(best) / 2.0;
    let id = by_key.get(*key)?;
    (clear && speakers.get(id.0).is_some_and(|s| s.role != Role::Narrator)).then_some(*id)
}
