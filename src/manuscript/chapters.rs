//! Turns and chapters: the opening (title announcement and intro), then one chapter per
//! interviewer question; or chapters from headings; or one body chapter.

use super::cut;
use super::head::Head;
use super::lines::Kind;
use super::speakers::Resolved;
use super::titles::{self, MAX_TITLE};
use regex::Regex;
use std::sync::LazyLock;

use super::{Chapter, DropReason, Dropped, Manuscript, Paragraph, Role, SpeakerId, Turn};

/// Title of the opening chapter.
const OPENING: &str = "Introduction";
/// Replies of at most this many words ("Okay.", "Go ahead.") do not end a request to ask
/// ("A question about X, please?"); they do end a direct question ("What is your name?" "Ana.").
const INTERJECTION_WORDS: usize = 3;
/// After a reply shorter than this, a host turn without a question mark continues the
/// question ("It's a quick question —").
const FOLLOW_UP_WORDS: usize = 15;

/// A piece of the body in reading order.
enum Piece {
    Heading {
        text: String,
        line: usize,
        raw: String,
    },
    Turn(Turn),
}

/// Builds the manuscript from the analysed head and the resolved speakers.
pub(crate) fn assemble(head: Head, r: Resolved) -> Manuscript {
    let label_patterns: Vec<String> = r
        .speakers
        .iter()
        .filter(|s| s.role != Role::Narrator)
        .flat_map(|s| [format!("({})", s.label), format!("[{}]", s.label)])
        .collect();
    let tidy = |t: &str| {
        let mut t = t.to_string();
        for p in &label_patterns {
            if t.contains(p.as_str()) {
                t = t.replace(&format!(" {p}"), "").replace(p.as_str(), "");
            }
        }
        t.trim().to_string()
    };

    // Intro: unlabelled paragraphs before the first turn or heading.
    let mut intro = Vec::new();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut current: Option<Turn> = None;
    for item in head.items {
        let text = tidy(&item.text);
        match item.kind {
            Kind::Heading(_) => {
                pieces.extend(current.take().map(Piece::Turn));
                pieces.push(Piece::Heading {
                    text,
                    line: item.line,
                    raw: item.raw,
                });
            }
            Kind::Turn(key) => {
                pieces.extend(current.take().map(Piece::Turn));
                let speaker = r.by_key.get(&key).copied().unwrap_or(r.narrator);
                let mut t = Turn {
                    speaker,
                    paragraphs: Vec::new(),
                };
                if !text.is_empty() {
                    t.paragraphs.push(Paragraph {
                        text,
                        line: item.line,
                    });
                }
                current = Some(t);
            }
            Kind::Para if text.is_empty() => {}
            Kind::Para => {
                let p = Paragraph {
                    text,
                    line: item.line,
                };
                match current.as_mut() {
                    Some(t) => t.paragraphs.push(p),
                    None if pieces.is_empty() => intro.push(p),
                    None => {
                        current = Some(Turn {
                            speaker: r.narrator,
                            paragraphs: vec![p],
                        })
                    }
                }
            }
        }
    }
    pieces.extend(current.take().map(Piece::Turn));
    pieces.retain(|p| !matches!(p, Piece::Turn(t) if t.paragraphs.is_empty()));

    let mut announce = head.title.trim().to_string();
    if !announce.ends_with(['.', '?', '!']) {
        announce.push('.');
    }
    match (&r.publication, r.by_author) {
        (Some(p), true) => announce.push_str(&format!(" By {p}.")),
        (Some(p), false) => announce.push_str(&format!(" From {p}.")),
        (None, _) => {}
    }
    let mut opening = vec![Paragraph {
        text: announce,
        line: head.title_line,
    }];
    opening.extend(intro);

    let mut dropped = head.dropped;
    let hosts: Vec<SpeakerId> = r
        .speakers
        .iter()
        .enumerate()
        .filter(|(_, s)| s.role == Role::Host)
        .map(|(i, _)| SpeakerId(i))
        .collect();
    let host_turns = pieces
        .iter()
        .any(|p| matches!(p, Piece::Turn(t) if hosts.contains(&t.speaker)));
    let has_speakers = r.speakers.len() > 1;
    let has_headings = pieces.iter().any(|p| matches!(p, Piece::Heading { .. }));

    let mut chapters = vec![Chapter {
        title: OPENING.into(),
        turns: vec![Turn {
            speaker: r.narrator,
            paragraphs: opening,
        }],
    }];
    if host_turns {
        by_questions(pieces, &hosts, r.narrator, &mut chapters, &mut dropped);
    } else if has_headings {
        by_headings(pieces, &mut chapters, &mut dropped);
    } else {
        let turns: Vec<Turn> = pieces
            .into_iter()
            .filter_map(|p| match p {
                Piece::Turn(t) => Some(t),
                Piece::Heading { .. } => None,
            })
            .collect();
        if !turns.is_empty() {
            if has_speakers {
                chapters.push(Chapter {
                    title: "Transcript".into(),
                    turns,
                });
            } else {
                chapters[0].turns.extend(turns);
            }
        }
    }
    if chapters.len() == 1 && !has_speakers {
        chapters[0].title = cut::shorten(&head.title, MAX_TITLE);
    }
    make_distinct(&mut chapters);
    dropped.sort_by_key(|d| d.line);
    Manuscript {
        title: head.title,
        publication: r.publication,
        speakers: r.speakers,
        chapters,
        dropped,
        transliterated: Vec::new(),
        published: head.published,
    }
}

fn words(t: &Turn) -> usize {
    t.paragraphs
        .iter()
        .map(|p| p.text.split_whitespace().count())
        .sum()
}

fn first_text(t: &Turn) -> &str {
    t.paragraphs.first().map_or("", |p| p.text.as_str())
}

fn last_text(t: &Turn) -> &str {
    t.paragraphs.last().map_or("", |p| p.text.as_str())
}

/// "Tell us …", "Describe …": requests that ask without a question mark.
static REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:tell (?:us|me)|describe|explain|talk (?:to us |to me )?about|walk (?:us|me) through|give (?:us|me)|share with|say (?:a few words|something) about|let['’]s talk|what about|how about|i wonder|i['’]d like to (?:ask|hear|know))\b")
        .expect("static pattern")
});

/// Whether a host turn asks something: a question mark or a request.
fn asks(turn: &Turn) -> bool {
    turn.paragraphs
        .iter()
        .any(|p| p.text.contains('?') || REQUEST.is_match(&p.text))
}

/// Whether a host turn continues the previous question rather than asking a new one.
fn continues(turn: &Turn, prev_host: Option<&Turn>, others_words: usize) -> bool {
    let Some(prev) = prev_host else {
        return false;
    };
    let starts = first_text(turn).trim_start();
    let resumed = starts.starts_with(['—', '–', '-', '…'])
        || starts.starts_with("...")
        || starts.chars().next().is_some_and(char::is_lowercase);
    let broken_off = last_text(prev)
        .trim_end()
        .trim_end_matches(['"', '”'])
        .ends_with(['—', '–', '-', '…']);
    let asks = asks(turn);
    let prev_asked = prev
        .paragraphs
        .iter()
        .any(|p| titles::is_direct_question(&p.text));
    // A host turn that asked nothing ("Thank you.") leaves nothing to continue.
    let prev_asks = self::asks(prev);
    resumed
        || broken_off
        || (others_words <= INTERJECTION_WORDS && !prev_asked && prev_asks)
        || (others_words < FOLLOW_UP_WORDS && !asks)
}

/// Where a chapter's title comes from.
enum TitleFrom {
    /// The interviewer's question (its paragraphs).
    Question(Vec<String>),
    /// A heading over a section that the narrator reads ("Wrapping up").
    Heading(String),
}

fn by_questions(
    pieces: Vec<Piece>,
    hosts: &[SpeakerId],
    narrator: SpeakerId,
    chapters: &mut Vec<Chapter>,
    dropped: &mut Vec<Dropped>,
) {
    let mut before: Vec<Turn> = Vec::new();
    let mut cur: Option<(TitleFrom, Vec<Turn>)> = None;
    let mut prev_host: Option<Turn> = None;
    let mut others_words = 0;
    let mut done: Vec<(TitleFrom, Vec<Turn>)> = Vec::new();
    let mut heading: Option<(String, usize, String)> = None;
    for p in pieces {
        let t = match p {
            Piece::Heading { text, line, raw } => {
                if let Some((_, line, raw)) = heading.replace((text, line, raw)) {
                    dropped.push(Dropped {
                        text: raw,
                        reason: DropReason::SectionHeading,
                        line,
                    });
                }
                continue;
            }
            Piece::Turn(t) => t,
        };
        if let Some((text, line, raw)) = heading.take() {
            if t.speaker == narrator && cur.is_some() {
                // A section of the narrator's after the questions: its own chapter.
                done.extend(cur.take());
                cur = Some((TitleFrom::Heading(text), vec![t]));
                prev_host = None;
                continue;
            }
            dropped.push(Dropped {
                text: raw,
                reason: DropReason::SectionHeading,
                line,
            });
        }
        if matches!(cur, Some((TitleFrom::Heading(_), _))) && !hosts.contains(&t.speaker) {
            if let Some((_, turns)) = cur.as_mut() {
                turns.push(t);
            }
            continue;
        }
        if hosts.contains(&t.speaker) {
            if cur.is_none() && !asks(&t) {
                // A welcome before the first question belongs to the opening remarks.
                before.push(t.clone());
                prev_host = Some(t);
                others_words = 0;
                continue;
            }
            let joins = !asks(&t) || continues(&t, prev_host.as_ref(), others_words);
            let in_question = matches!(cur, Some((TitleFrom::Question(_), _)));
            if joins && in_question {
                if let Some((TitleFrom::Question(q), turns)) = cur.as_mut() {
                    q.push(first_text(&t).to_string());
                    turns.push(t.clone());
                }
            } else {
                done.extend(cur.take());
                cur = Some((
                    TitleFrom::Question(vec![t
                        .paragraphs
                        .iter()
                        .map(|p| p.text.clone())
                        .collect::<Vec<_>>()
                        .join(" ")]),
                    vec![t.clone()],
                ));
            }
            prev_host = Some(t);
            others_words = 0;
        } else {
            others_words += words(&t);
            match cur.as_mut() {
                Some((_, turns)) => turns.push(t),
                None => before.push(t),
            }
        }
    }
    done.extend(cur);
    if let Some((_, line, raw)) = heading {
        dropped.push(Dropped {
            text: raw,
            reason: DropReason::EmptySection,
            line,
        });
    }
    if !before.is_empty() {
        chapters.push(Chapter {
            title: "Opening remarks".into(),
            turns: before,
        });
    }
    for (from, turns) in done {
        let title = match from {
            TitleFrom::Question(q) => titles::from_question(&q.join(" ")),
            TitleFrom::Heading(h) => titles::from_heading(&super::clean::unquote_title(&h)),
        };
        chapters.push(Chapter { title, turns });
    }
}

fn by_headings(pieces: Vec<Piece>, chapters: &mut Vec<Chapter>, dropped: &mut Vec<Dropped>) {
    let mut cur: Option<Chapter> = None;
    let mut pending_heading: Option<(String, usize, String)> = None;
    for p in pieces {
        match p {
            Piece::Heading { text, line, raw } => {
                if let Some(c) = cur.take() {
                    chapters.push(c);
                }
                if let Some((_, l, r)) = pending_heading.take() {
                    dropped.push(Dropped {
                        text: r,
                        reason: DropReason::EmptySection,
                        line: l,
                    });
                }
                pending_heading = Some((text, line, raw));
            }
            Piece::Turn(t) => {
                if let Some((text, _, _)) = pending_heading.take() {
                    cur = Some(Chapter {
                        title: titles::from_heading(&super::clean::unquote_title(&text)),
                        turns: Vec::new(),
                    });
                }
                match cur.as_mut() {
                    Some(c) => c.turns.push(t),
                    None => chapters[0].turns.push(t),
                }
            }
        }
    }
    chapters.extend(cur);
    if let Some((_, l, r)) = pending_heading {
        dropped.push(Dropped {
            text: r,
            reason: DropReason::EmptySection,
            line: l,
        });
    }
}

/// Makes chapter titles distinct: a repeated title gets " (2)", " (3)", ….
fn make_distinct(chapters: &mut [Chapter]) {
    let mut seen: Vec<String> = Vec::new();
    for c in chapters.iter_mut() {
        if c.title.trim().is_empty() {
            c.title = "Untitled section".into();
        }
        let base = c.title.clone();
        let mut n = 1;
        while seen.iter().any(|s| s.eq_ignore_ascii_case(&c.title)) {
            n += 1;
            c.title = format!("{base} ({n})");
        }
        seen.push(c.title.clone());
    }
}
