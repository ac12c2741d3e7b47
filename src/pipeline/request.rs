//! What a render is asked to do: the text, how to cast it, the user lexicon, the voices and
//! the output options, as typed values (see [`Request`]).

use super::RenderOptions;
use crate::casting::{self, Cast, CastOverrides};
use crate::edition::{self, EditionError};
use crate::error::Error;
use crate::manuscript::{self, Manuscript, ManuscriptError};
use crate::phonetics::UserLexicon;
use crate::units::{Rate, Semitones};
use crate::voice::{VoiceId, VoiceMeta};
use std::path::{Path, PathBuf};

/// The user lexicon read when none is given: this file beside the input document.
pub const LEXICON_BESIDE_INPUT: &str = "aloud-lexicon.txt";

/// One render's inputs. Build it with [`Request::new`], adjust the public fields, then
/// [`prepare`](Request::prepare) it (to plan) or [`render`](Request::render) it (to files).
#[derive(Debug, Clone)]
pub struct Request {
    /// What is read aloud.
    pub script: Script,
    /// How the speakers get their voices.
    pub casting: Casting,
    /// The user lexicon, used before the CMU dictionary. `None`: [`LEXICON_BESIDE_INPUT`]
    /// beside the input document, if there is one.
    pub lexicon: Option<PathBuf>,
    /// The folder of the voices (`<id>/voice.toml` folders). `None`: the data folder's
    /// `voices/` (see [`crate::data`]).
    pub voices: Option<PathBuf>,
    /// Output format and synthesis style.
    pub options: RenderOptions,
}

/// What is read aloud.
#[derive(Debug, Clone)]
pub enum Script {
    /// An interview or an article (plain text or Markdown), parsed into title, chapters and
    /// speakers.
    Document(Input),
    /// A short text the narrator speaks alone.
    Narration(Narration),
}

/// Where a document is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A text file.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl Input {
    /// The input a command-line argument names: `-` is standard input, anything else a file.
    pub fn from_arg(arg: &str) -> Input {
        match arg {
            "-" => Input::Stdin,
            path => Input::File(PathBuf::from(path)),
        }
    }

    /// The file's stem (`None` for standard input): the edition's title when the text has
    /// none, and the default output name.
    pub fn stem(&self) -> Option<String> {
        match self {
            Input::File(path) => path.file_stem().map(|s| s.to_string_lossy().into_owned()),
            Input::Stdin => None,
        }
    }

    /// The file `name` in the input file's folder (`None` for standard input).
    fn beside(&self, name: &str) -> Option<PathBuf> {
        match self {
            Input::File(path) => Some(path.parent().unwrap_or(Path::new("")).join(name)),
            Input::Stdin => None,
        }
    }

    /// Reads the input and parses it into a manuscript.
    pub fn parse(&self) -> Result<Manuscript, ManuscriptError> {
        let doc = match self {
            Input::File(path) => manuscript::read_document(&path.to_string_lossy())?,
            Input::Stdin => manuscript::read_document("-")?,
        };
        manuscript::parse_document(&doc.text, self.stem().as_deref(), doc.format)
    }
}

/// A short text for one voice: the narrator's, with a pitch shift.
#[derive(Debug, Clone)]
pub struct Narration {
    manuscript: Manuscript,
    voice: VoiceId,
    pitch: Semitones,
}

impl Narration {
    /// `text` spoken by `voice` shifted by `pitch`; refused at once when it has nothing to
    /// say. A [`Casting`] flag that names the narrator's voice takes the place of `voice`.
    pub fn new(text: &str, voice: VoiceId, pitch: Semitones) -> Result<Narration, ManuscriptError> {
        Ok(Narration {
            manuscript: Manuscript::single_voice(text)?,
            voice,
            pitch,
        })
    }

    /// The voice asked for.
    pub fn voice(&self) -> &VoiceId {
        &self.voice
    }
}

/// How the speakers get their voices: automatic casting, changed by a cast file and by
/// `SPEAKER=VOICE` flags, then every rate scaled by one factor.
#[derive(Debug, Clone, PartialEq)]
pub struct Casting {
    /// A TOML cast file (see [`CastOverrides::from_toml`]).
    pub file: Option<PathBuf>,
    /// `--cast` values: `LABEL=VOICE` pairs separated by commas.
    pub flags: Vec<String>,
    /// Speaking-rate factor for everyone (1.0 natural).
    pub rate: Rate,
}

impl Default for Casting {
    fn default() -> Self {
        Casting {
            file: None,
            flags: Vec::new(),
            rate: Rate(1.0),
        }
    }
}

impl Casting {
    /// The cast file first, then each flag (two entries that set the same field of one
    /// speaker are refused when casting, see [`casting::CastError::Duplicate`]).
    pub fn overrides(&self) -> Result<CastOverrides, casting::CastError> {
        let mut o = match &self.file {
            Some(f) => CastOverrides::load(f)?,
            None => CastOverrides::default(),
        };
        for f in &self.flags {
            o = o.then(CastOverrides::parse_flag(f)?);
        }
        Ok(o)
    }

    /// Whether a flag names the speaker `label` or `name` (its voice is then the flag's).
    fn names(&self, label: &str, name: &str) -> bool {
        self.flags.iter().flat_map(|c| c.split(',')).any(|pair| {
            let key = pair.split('=').next().unwrap_or("").trim();
            key.eq_ignore_ascii_case(label) || key.eq_ignore_ascii_case(name)
        })
    }
}

impl Request {
    /// A request to read `script` with automatic casting, the user lexicon beside the input
    /// (if any), the data folder's voices and the default options.
    pub fn new(script: Script) -> Request {
        Request {
            script,
            casting: Casting::default(),
            lexicon: None,
            voices: None,
            options: RenderOptions::default(),
        }
    }

    /// The voices' folder: the one given, else the data folder's.
    pub fn voices_dir(&self) -> Result<PathBuf, Error> {
        match &self.voices {
            Some(dir) => Ok(dir.clone()),
            None => Ok(crate::data::voices_dir()?),
        }
    }

    /// The voices' metadata (`voice.toml` only; no audio is read), sorted by id.
    pub fn catalog(&self) -> Result<Vec<VoiceMeta>, Error> {
        let dir = self.voices_dir()?;
        let voices = crate::voice::catalog(&dir)?;
        if voices.is_empty() {
            return Err(Error::NoVoices(dir));
        }
        Ok(voices)
    }

    /// The manuscript: the document read and parsed, or the narration.
    pub fn manuscript(&self) -> Result<Manuscript, ManuscriptError> {
        match &self.script {
            Script::Document(input) => input.parse(),
            Script::Narration(n) => Ok(n.manuscript.clone()),
        }
    }

    /// Casts `m` from `catalog`: the cast file and flags (a narration's voice unless a flag
    /// names the narrator), the global rate, a narration's pitch.
    pub fn cast(&self, m: &Manuscript, catalog: &[VoiceMeta]) -> Result<Cast, Error> {
        let mut casting = self.casting.clone();
        if let (Script::Narration(n), Some(narrator)) = (&self.script, m.speakers.first()) {
            if !casting.names(&narrator.label, &narrator.name) {
                casting
                    .flags
                    .push(format!("{}={}", narrator.label, n.voice));
            }
        }
        let mut cast = casting::cast(m, catalog, &casting.overrides()?)?;
        for p in &mut cast.profiles {
            p.rate = Rate(p.rate.0 * casting.rate.0);
        }
        if let (Script::Narration(n), Some(p)) = (&self.script, cast.profiles.first_mut()) {
            p.pitch = n.pitch;
        }
        Ok(cast)
    }

    /// The user lexicon: the one given, else [`LEXICON_BESIDE_INPUT`] beside the input
    /// document if it is there, else none.
    pub fn user_lexicon(&self) -> Result<UserLexicon, Error> {
        let path = match (&self.lexicon, &self.script) {
            (Some(given), _) => Some(given.clone()),
            (None, Script::Document(input)) => input
                .beside(LEXICON_BESIDE_INPUT)
                .filter(|beside| beside.is_file()),
            (None, Script::Narration(_)) => None,
        };
        Ok(match path {
            Some(path) => UserLexicon::load(&path)?,
            None => UserLexicon::new(),
        })
    }

    /// The files the render reads besides the voices: the input, the user lexicon (given or
    /// looked for beside the input) and the cast file. An output must not replace them.
    pub fn files_read(&self) -> Vec<PathBuf> {
        let mut reads = Vec::new();
        if let Script::Document(input @ Input::File(path)) = &self.script {
            reads.push(path.clone());
            reads.extend(input.beside(LEXICON_BESIDE_INPUT));
        }
        reads.extend(self.lexicon.clone());
        reads.extend(self.casting.file.clone());
        reads
    }

    /// Refuses, before any work, an output path whose folder does not exist, whose extension
    /// is not the encoding's, or whose edition (the audio, a sidecar or the player page unless
    /// it is left out) would replace a file the render reads
    /// ([`files_read`](Self::files_read)), something that is not a regular file, or a page
    /// aloud did not write.
    pub fn check_output(&self, out: &Path) -> Result<(), EditionError> {
        let reads = self.files_read();
        edition::check_output(
            out,
            self.options.encoding.codec(),
            self.options.player,
            &reads.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
        )
    }
}
