//! The player page, `<stem>.html`: one self-contained file beside the audio with a player,
//! the chapters as buttons and the transcript, where the sentence being spoken is highlighted
//! and a click on a sentence plays from there.
//!
//! The page needs nothing but itself and the audio file: its style sheet and script are
//! inlined, and so are the chapters and the transcript (as HTML, so it reads without script
//! and from `file://`, where browsers refuse to load WebVTT tracks). Its
//! Content-Security-Policy forbids every other load. The template lives in `page.html`,
//! `player.css` and `player.js` beside this file, read at compile time; [`PageWriter`] fills
//! its slots with escaped text ([`html`]) from the same chapter and cue times as the WebVTT
//! sidecars, so every file of the edition agrees to the millisecond.
//!
//! The transcript is written to a temporary file as the cues arrive (memory does not grow with
//! the text) and copied into the page when the edition is finished. A file already at the
//! page's path is replaced only if aloud wrote it ([`check_replaceable`]).

mod html;
mod template;

use super::output::TempOut;
use super::EditionError;
use html::{Clock, Escaped, FileUrl, IsoDuration, Secs, Spoken};
use std::fmt::Write as _;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use template::{Piece, Slot};

/// Whether an edition comes with its player page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlayerPage {
    /// `<stem>.html` is written with the other files (the default).
    #[default]
    Included,
    /// No page (`--no-player`).
    Omitted,
}

/// Errors of the player page.
#[derive(Debug, thiserror::Error)]
pub enum PlayerError {
    /// A file at the page's path that aloud did not write.
    #[error("{path}: exists and is not a page aloud wrote, so aloud will not replace it; move it, choose another output name, or leave the page out with --no-player")]
    NotOurs {
        /// The file.
        path: PathBuf,
    },
    /// The template names a slot the writer does not know (a build error of aloud itself).
    #[error("the player page template has an unknown or unclosed slot {slot:?}")]
    Template {
        /// The slot's name as written.
        slot: String,
    },
}

/// Bytes read from the start of an existing page to recognise one aloud wrote.
const SNIFF: usize = 1024;

/// Refuses a file at the page's path that aloud did not write (its opening bytes lack
/// aloud's generator `<meta>`). A missing path, or a link to nothing, may be written.
pub fn check_replaceable(path: &Path) -> Result<(), PlayerError> {
    if std::fs::metadata(path).is_err() {
        return Ok(());
    }
    let not_ours = || PlayerError::NotOurs {
        path: path.to_path_buf(),
    };
    let mut head = Vec::with_capacity(SNIFF);
    std::fs::File::open(path)
        .and_then(|f| f.take(SNIFF as u64).read_to_end(&mut head))
        .map_err(|_| not_ours())?;
    let marker = template::GENERATOR.as_bytes();
    if head.windows(marker.len()).any(|w| w == marker) {
        Ok(())
    } else {
        Err(not_ours())
    }
}

/// A chapter as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageChapter {
    /// Start in milliseconds.
    pub start_ms: u64,
    /// End in milliseconds.
    pub end_ms: u64,
    /// Title.
    pub title: String,
}

/// What the page says about the edition, known when it is finished.
#[derive(Debug, Clone, Copy)]
pub struct PageFacts<'a> {
    /// The edition's title.
    pub title: &'a str,
    /// The publication or author (empty: none).
    pub publication: &'a str,
    /// Length of the audio in milliseconds.
    pub duration_ms: u64,
    /// The chapters.
    pub chapters: &'a [PageChapter],
    /// The audio file and the sidecars to link, with what each is.
    pub files: &'a [(&'a Path, &'a str)],
}

/// What is open in the transcript being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// Nothing yet, or a chapter's block was closed.
    Nothing,
    /// A chapter's block, between paragraphs.
    Chapter,
    /// A paragraph inside a chapter's block.
    Paragraph,
}

/// Writes the transcript as cues arrive, then the page around it.
pub(crate) struct PageWriter {
    /// The page's path, for messages.
    path: PathBuf,
    transcript: BufWriter<TempOut>,
    open: Open,
    /// Speaker of the last paragraph in this chapter.
    speaker: Option<String>,
    chapters: usize,
    /// Reused for each piece of markup.
    buf: String,
}

impl PageWriter {
    /// Starts the transcript in a temporary file in `dir`; the page will go to `path`.
    pub(crate) fn new(path: &Path, dir: &Path) -> Result<PageWriter, EditionError> {
        Ok(PageWriter {
            path: path.to_path_buf(),
            transcript: BufWriter::new(TempOut::new_in(dir)?),
            open: Open::Nothing,
            speaker: None,
            chapters: 0,
            buf: String::new(),
        })
    }

    fn flush_buf(&mut self) -> Result<(), EditionError> {
        let r = self.transcript.write_all(self.buf.as_bytes());
        self.buf.clear();
        r.map_err(|e| EditionError::io(&self.path, e))
    }

    /// Closes what is open down to `to` (a paragraph, then a chapter's block).
    fn close_to(&mut self, to: Open) {
        if self.open == Open::Paragraph && to != Open::Paragraph {
            self.buf.push_str("</p>\n");
            self.open = Open::Chapter;
        }
        if self.open == Open::Chapter && to == Open::Nothing {
            self.buf.push_str("</div>\n");
            self.open = Open::Nothing;
        }
    }

    /// A chapter starts: its heading in the transcript.
    pub(crate) fn chapter(&mut self, title: &str) -> Result<(), EditionError> {
        self.close_to(Open::Nothing);
        self.chapters += 1;
        let n = self.chapters;
        let _ = write!(
            self.buf,
            "<div class=\"chapter-text\" id=\"chapter-{n}\">\n<h3>{}</h3>\n",
            Escaped(title)
        );
        self.open = Open::Chapter;
        self.speaker = None;
        self.flush_buf()
    }

    /// The next cue starts a new paragraph.
    pub(crate) fn paragraph(&mut self) {
        self.close_to(Open::Chapter);
    }

    /// One cue: `start_ms..end_ms`, said by `speaker`.
    pub(crate) fn cue(
        &mut self,
        start_ms: u64,
        end_ms: u64,
        speaker: &str,
        text: &str,
    ) -> Result<(), EditionError> {
        if self.open == Open::Nothing {
            self.buf.push_str("<div class=\"chapter-text\">\n");
            self.open = Open::Chapter;
        }
        let same = self.speaker.as_deref() == Some(speaker);
        if self.open == Open::Paragraph && !same {
            self.close_to(Open::Chapter);
        }
        if self.open == Open::Chapter {
            self.buf.push_str("<p class=\"turn\">");
            if !same && !speaker.is_empty() {
                let _ = write!(
                    self.buf,
                    "<span class=\"speaker\">{}:</span> ",
                    Escaped(speaker)
                );
            }
            self.speaker = Some(speaker.to_string());
            self.open = Open::Paragraph;
        } else {
            self.buf.push(' ');
        }
        let _ = write!(
            self.buf,
            "<span class=\"cue\" data-start=\"{}\" data-end=\"{}\">{}</span>",
            Secs(start_ms),
            Secs(end_ms),
            Escaped(&text.split_whitespace().collect::<Vec<_>>().join(" "))
        );
        self.flush_buf()
    }

    /// Writes the whole page to a temporary file in `dir`, ready to be moved into place.
    pub(crate) fn finish(mut self, dir: &Path, facts: &PageFacts) -> Result<TempOut, EditionError> {
        self.close_to(Open::Nothing);
        self.flush_buf()?;
        let path = self.path.clone();
        let io = |e| EditionError::io(&path, e);
        let mut transcript = self
            .transcript
            .into_inner()
            .map_err(|e| io(e.into_error()))?;
        transcript.seek(SeekFrom::Start(0)).map_err(io)?;
        let mut page = BufWriter::new(TempOut::new_in(dir)?);
        for piece in template::pieces(template::PAGE)? {
            match piece {
                Piece::Text(text) => page.write_all(text.as_bytes()).map_err(io)?,
                Piece::Slot(Slot::Transcript) => {
                    std::io::copy(&mut transcript, &mut page).map_err(io)?;
                }
                Piece::Slot(slot) => page.write_all(fill(slot, facts).as_bytes()).map_err(io)?,
            }
        }
        page.into_inner().map_err(|e| io(e.into_error()))
    }
}

/// The content of every slot but the transcript.
fn fill(slot: Slot, facts: &PageFacts) -> String {
    let mut s = String::new();
    let audio = facts.files.first().map_or(Path::new(""), |f| f.0);
    let _ = match slot {
        Slot::Version => write!(s, "{}", env!("CARGO_PKG_VERSION")),
        Slot::Csp => write!(s, "{}", Escaped(&template::content_security_policy())),
        Slot::Title => write!(s, "{}", Escaped(title(facts))),
        Slot::Style => write!(s, "{}", template::STYLE),
        Slot::Script => write!(s, "{}", template::SCRIPT),
        Slot::AudioSrc => write!(s, "{}", FileUrl(audio)),
        Slot::AudioType => write!(s, "{}", html::audio_type(audio)),
        Slot::Byline => byline(&mut s, facts),
        Slot::Chapters => chapter_list(&mut s, facts.chapters),
        Slot::Files => file_links(&mut s, facts.files),
        Slot::Transcript => Ok(()), // copied by the writer
    };
    s
}

fn title<'a>(facts: &PageFacts<'a>) -> &'a str {
    if facts.title.trim().is_empty() {
        "Untitled"
    } else {
        facts.title
    }
}

fn byline(s: &mut String, facts: &PageFacts) -> std::fmt::Result {
    s.push_str("<p class=\"byline\">");
    if !facts.publication.trim().is_empty() {
        write!(s, "{} · ", Escaped(facts.publication))?;
    }
    let n = facts.chapters.len();
    write!(
        s,
        "<time datetime=\"{}\">{}</time> · {n} chapter{}</p>",
        IsoDuration(facts.duration_ms),
        Spoken(facts.duration_ms),
        if n == 1 { "" } else { "s" }
    )
}

fn chapter_list(s: &mut String, chapters: &[PageChapter]) -> std::fmt::Result {
    for c in chapters {
        writeln!(
            s,
            "<li><button type=\"button\" class=\"chapter\" data-start=\"{}\" data-end=\"{}\">\
             <span class=\"time\"><time datetime=\"{}\">{}</time></span> \
             <span class=\"title\">{}</span></button></li>",
            Secs(c.start_ms),
            Secs(c.end_ms),
            IsoDuration(c.start_ms),
            Clock(c.start_ms),
            Escaped(&c.title)
        )?;
    }
    Ok(())
}

fn file_links(s: &mut String, files: &[(&Path, &str)]) -> std::fmt::Result {
    for (i, (path, what)) in files.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        write!(
            s,
            "<a href=\"{}\">{}</a> ({})",
            FileUrl(path),
            Escaped(&html::file_name(path)),
            Escaped(what)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
