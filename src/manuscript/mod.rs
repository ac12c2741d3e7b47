//! Text → [`Manuscript`]: title, speakers, turns, chapters and dropped boilerplate.
//!
//! [`read_input`] reads and checks a file (or standard input); [`parse`] turns the text into a
//! [`Manuscript`]. The work is split into small passes:
//! `lines` (Markdown and line-level structure, speaker labels) → `head` (title, byline, page
//! header, boilerplate) → `speakers` (names, roles, gender) → `chapters` (turns, chapters,
//! titles made from questions).

mod asides;
mod boiler;
mod chapters;
mod clean;
mod cut;
mod date;
mod error;
mod front;
mod head;
mod html;
mod input;
mod labels;
mod lines;
mod markdown;
mod names;
mod script;
mod single;
mod speakers;
mod titles;

pub use date::Published;
pub use error::ManuscriptError;
pub use input::{
    decode_document, decode_input, read_document, read_input, Document, Format, MAX_INPUT_BYTES,
    MAX_LINE_BYTES,
};
pub use names::load_first_names;
pub use script::Transliteration;

pub use crate::edition::MAX_CHAPTERS;

use crate::person::Gender;
use serde::Serialize;
use std::fmt;

/// Parses a text (plain or Markdown, or a web page, recognised by its content) into a
/// [`Manuscript`].
///
/// The title falls back to the first words of the text when nothing looks like a title; use
/// [`parse_named`] to fall back to a file name instead.
pub fn parse(text: &str) -> Result<Manuscript, ManuscriptError> {
    parse_named(text, None)
}

/// Like [`parse`], with `name` (typically the file stem, "nasa-freedom7") as the title used
/// when the text has no title of its own.
///
/// The text is cleaned first (see [`crate::hygiene::clean_text`]; text from [`read_input`] is
/// clean already). A text of more than [`MAX_CHAPTERS`] chapters is refused here, before any
/// audio is made.
pub fn parse_named(text: &str, name: Option<&str>) -> Result<Manuscript, ManuscriptError> {
    parse_document(text, name, Format::of(None, text))
}

/// Like [`parse_named`], for a text whose format is known (see [`Format::of`]). A web page
/// is first reduced to its article (see [`Format::Html`]); every block of it that is not read
/// is listed in [`Manuscript::dropped`] with its line in the page.
pub fn parse_document(
    text: &str,
    name: Option<&str>,
    format: Format,
) -> Result<Manuscript, ManuscriptError> {
    let source_name = name.unwrap_or("input");
    match format {
        Format::Text => {
            let (text, transliterated) = speakable(text, source_name)?;
            if text.trim().is_empty() {
                return Err(ManuscriptError::Empty {
                    source_name: source_name.to_string(),
                });
            }
            assemble(lines::scan(&text), name, transliterated)
        }
        Format::Html => {
            let page = html::convert(&crate::hygiene::clean_text(text));
            input::check_lines(&page.text, source_name, |n| page.source_line(n))?;
            let (article, mut transliterated) = speakable(&page.text, source_name)?;
            for t in &mut transliterated {
                t.line = page.source_line(t.line);
            }
            let mut doc = lines::scan(&article);
            for item in &mut doc.items {
                item.line = page.source_line(item.line);
            }
            for d in &mut doc.dropped {
                d.line = page.source_line(d.line);
            }
            doc.dropped.extend(page.dropped);
            doc.front.author = doc.front.author.take().or(page.author);
            doc.front.publication = doc.front.publication.take().or(page.publication);
            doc.front.published = doc.front.published.take().or(page.published);
            let mut m = assemble(doc, name, transliterated)?;
            // Blocks dropped after the line pass show the article text, not its bold marks.
            for d in m.dropped.iter_mut().filter(|d| d.text.contains("**")) {
                d.text = clean::inline(&d.text);
            }
            Ok(m)
        }
    }
}

/// The passes after the line pass: head, speakers, chapters.
fn assemble(
    doc: lines::Doc,
    name: Option<&str>,
    transliterated: Vec<Transliteration>,
) -> Result<Manuscript, ManuscriptError> {
    let head = head::analyse(doc, name);
    let readable = head.items.iter().any(|i| input::has_words(&i.text))
        || (head.title_found && input::has_words(&head.title));
    if !readable {
        return Err(ManuscriptError::NoSentences {
            source_name: name.unwrap_or("input").to_string(),
        });
    }
    let speakers = speakers::resolve(&head);
    let mut m = chapters::assemble(head, speakers);
    m.transliterated = transliterated;
    if m.chapters.len() > MAX_CHAPTERS {
        return Err(ManuscriptError::TooManyChapters {
            source_name: name.unwrap_or("input").to_string(),
            chapters: m.chapters.len(),
            limit: MAX_CHAPTERS,
        });
    }
    Ok(m)
}

/// A text as every reader of it sees it: cleaned (see [`crate::hygiene::clean_text`]) and with
/// Cyrillic and Greek words in Latin letters (see [`Transliteration`]); an error names the first
/// line with letters of a script aloud cannot speak. `source_name` names the text in errors.
pub fn speakable(
    text: &str,
    source_name: &str,
) -> Result<(String, Vec<Transliteration>), ManuscriptError> {
    script::transliterate(&crate::hygiene::clean_text(text), source_name)
}

impl Manuscript {
    /// The speaker behind `id`.
    pub fn speaker(&self, id: SpeakerId) -> Option<&Speaker> {
        self.speakers.get(id.0)
    }

    /// The narrator's id (every manuscript has one).
    pub fn narrator(&self) -> Option<SpeakerId> {
        self.speakers
            .iter()
            .position(|s| s.role == Role::Narrator)
            .map(SpeakerId)
    }

    /// How much each speaker says, indexed like [`Manuscript::speakers`]: their turns and
    /// words, in one walk over the chapters.
    pub fn said(&self) -> Vec<Said> {
        let mut said = vec![Said::default(); self.speakers.len()];
        for t in self.chapters.iter().flat_map(|c| &c.turns) {
            if let Some(s) = said.get_mut(t.speaker.0) {
                s.turns += 1;
                s.words += t
                    .paragraphs
                    .iter()
                    .map(|p| p.text.split_whitespace().count())
                    .sum::<usize>();
            }
        }
        said
    }
}

/// How much one speaker says ([`Manuscript::said`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Said {
    /// Their turns.
    pub turns: usize,
    /// Their words (whitespace-separated, as written): how much of the edition a listener
    /// hears in their voice.
    pub words: usize,
}

/// A document understood as something to be read aloud.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Manuscript {
    /// Title, without surrounding quotes or markup.
    pub title: String,
    /// Publication or author named by the text ("Kawsachun News"), if any.
    pub publication: Option<String>,
    /// Every speaker, the narrator included; [`Turn::speaker`] indexes this list.
    pub speakers: Vec<Speaker>,
    /// Chapters in reading order; the first is the opening (title and intro).
    pub chapters: Vec<Chapter>,
    /// Blocks of the input that will not be read, with the reason.
    pub dropped: Vec<Dropped>,
    /// Words in Cyrillic or Greek letters and the Latin spelling they are read as.
    pub transliterated: Vec<Transliteration>,
    /// When the article was published, if it says: front matter (`date:`), a web page's
    /// `<meta>` date, or a dated line of its page header. Not read aloud.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<Published>,
}

/// A person (or the narrator) who speaks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    /// The label as written in the text (`CE`, `THE PRESIDENT`, `Q`), or `narrator`.
    pub label: String,
    /// Display name ("Camila Escalante"); the label when nothing better is known.
    pub name: String,
    /// Role in the conversation.
    pub role: Role,
    /// Gender, only when the text makes it clear.
    pub gender: Option<Gender>,
}

/// Role of a speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The interviewer / the one who asks.
    Host,
    /// The interviewee or another participant.
    Guest,
    /// Reads the title, intro and article text.
    Narrator,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Host => "host",
            Role::Guest => "guest",
            Role::Narrator => "narrator",
        })
    }
}

/// Index into [`Manuscript::speakers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct SpeakerId(pub usize);

/// A chapter: the opening, one interviewer question with its answers, or a section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chapter {
    /// Short readable title (at most about 60 characters).
    pub title: String,
    /// The turns in order.
    pub turns: Vec<Turn>,
}

/// One speaker's uninterrupted contribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Turn {
    /// Who speaks.
    pub speaker: SpeakerId,
    /// Paragraphs of spoken text: no labels, no markup, before number expansion.
    pub paragraphs: Vec<Paragraph>,
}

/// A paragraph of text to be spoken.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    /// The text to speak.
    pub text: String,
    /// 1-based line in the input where it starts.
    pub line: usize,
}

/// A block of input that is not read aloud.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dropped {
    /// The block as written.
    pub text: String,
    /// Why it is not read.
    pub reason: DropReason,
    /// 1-based line in the input.
    pub line: usize,
}

/// Why a block of the input is not read aloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DropReason {
    /// Markdown front matter (its title and author are used, not read).
    FrontMatter,
    /// A Markdown link reference definition (`[1]: https://…`).
    LinkReference,
    /// An image line.
    Image,
    /// A fenced code block.
    CodeBlock,
    /// A metadata line such as `_note: …`.
    Metadata,
    /// A section label or navigation crumb above the title ("Healthcare", "Home > News").
    Navigation,
    /// Page header material before the text (dates, places, issue lines).
    PageHeader,
    /// A byline; the author is announced in the opening instead.
    Byline,
    /// A sponsor or advertising line.
    Sponsor,
    /// Web site footer (credits, copyright, designer, hosting).
    SiteFooter,
    /// Share, follow, subscribe or "read more" prompts.
    ShareSubscribe,
    /// An end-of-transcript marker (`END`, `###`) or the time stamp after it.
    EndMarker,
    /// A section heading inside an interview (chapters follow the questions instead).
    SectionHeading,
    /// A heading with no text under it.
    EmptySection,
    /// An editor's note about the text ("edited for length"), not part of it.
    EditorialNote,
    /// A stage direction in a transcript (`[LAUGHING]`, `(Laughter.)`, `[crosstalk]`).
    StageDirection,
    /// An image caption or photo credit.
    Caption,
    /// A footnote definition (`[^1]: …`); the reference marks are not read either.
    Footnote,
    /// An HTML comment (`<!-- … -->`).
    HtmlComment,
    /// A web page's script (or `<noscript>`, `<template>`).
    Script,
    /// A web page's style sheet.
    Style,
    /// A form, search box or button.
    Form,
    /// Readers' comments under an article.
    Comments,
    /// A list of related or recommended articles.
    Related,
    /// A cookie or consent banner, or another pop-up dialog.
    CookieBanner,
    /// A sidebar or aside beside the article (pull quotes, widgets).
    Sidebar,
    /// Embedded media: a video, audio player, frame or drawing.
    Embed,
    /// Marked hidden on the page.
    Hidden,
    /// Page text outside the article (site header, menus, widgets).
    OutsideArticle,
}

impl fmt::Display for DropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DropReason::FrontMatter => "Markdown front matter (metadata, not text)",
            DropReason::LinkReference => "Markdown link reference definition",
            DropReason::Image => "image",
            DropReason::CodeBlock => "code block",
            DropReason::Metadata => "metadata note, not speech",
            DropReason::Navigation => "section label or navigation crumb",
            DropReason::PageHeader => "page header (date, place or issue line), not the text",
            DropReason::Byline => "byline (the author is announced in the opening)",
            DropReason::Sponsor => "sponsor or advertising line",
            DropReason::SiteFooter => "web site footer, not the article",
            DropReason::ShareSubscribe => "share / follow / subscribe prompt",
            DropReason::EndMarker => "end-of-transcript marker",
            DropReason::SectionHeading => {
                "section heading inside an interview (chapters follow the questions)"
            }
            DropReason::EmptySection => "heading with no text under it",
            DropReason::EditorialNote => "editor's note about the text, not part of it",
            DropReason::StageDirection => "stage direction (laughter, crosstalk), not speech",
            DropReason::Caption => "image caption or credit",
            DropReason::Footnote => "footnote",
            DropReason::HtmlComment => "HTML comment",
            DropReason::Script => "web page script",
            DropReason::Style => "web page style sheet",
            DropReason::Form => "form, search box or button",
            DropReason::Comments => "readers' comments",
            DropReason::Related => "related-article list",
            DropReason::CookieBanner => "cookie or consent banner",
            DropReason::Sidebar => "sidebar or aside, not the article",
            DropReason::Embed => "embedded video, audio or frame",
            DropReason::Hidden => "hidden on the page",
            DropReason::OutsideArticle => "web page text outside the article",
        })
    }
}
