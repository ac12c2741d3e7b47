//! Text → [`Manuscript`]: title, speakers, turns, chapters and dropped boilerplate.

use serde::Serialize;

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

/// Gender of a speaker or a voice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// Female.
    Female,
    /// Male.
    Male,
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
    pub reason: String,
    /// 1-based line in the input.
    pub line: usize,
}
