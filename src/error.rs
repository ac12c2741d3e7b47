//! The crate error: every stage's error, and how the command line should treat it.

use crate::edition::EditionError;
use crate::manuscript::ManuscriptError;
use crate::phonetics::PhoneticsError;
use crate::prosody::ProsodyError;
use crate::synth::SynthError;
use crate::voice::VoiceError;

/// Any error of a render, by stage.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input text could not be read or understood.
    #[error(transparent)]
    Manuscript(#[from] ManuscriptError),
    /// A cast override or cast file is wrong.
    #[error(transparent)]
    Cast(#[from] crate::casting::CastError),
    /// Lexicon, user lexicon or letter-to-sound model problem.
    #[error(transparent)]
    Phonetics(#[from] PhoneticsError),
    /// A voice could not be loaded or lacks a unit.
    #[error(transparent)]
    Voice(#[from] VoiceError),
    /// Prosody failed.
    #[error(transparent)]
    Prosody(#[from] ProsodyError),
    /// Synthesis or resampling failed.
    #[error(transparent)]
    Synth(#[from] SynthError),
    /// Writing the edition failed.
    #[error(transparent)]
    Edition(#[from] EditionError),
    /// aloud's data folder could not be found or read.
    #[error(transparent)]
    Data(#[from] crate::data::DataError),
    /// The voices folder holds no voice.
    #[error("{}: no voices found (expected <id>/voice.toml folders)", .0.display())]
    NoVoices(std::path::PathBuf),
    /// A speaker has no voice profile.
    #[error("speaker #{0} has no voice in the cast")]
    Uncast(usize),
    /// A voice was used that is not in the cast.
    #[error("voice `{0}` is not in the cast")]
    VoiceNotLoaded(String),
    /// A voice could not be loaded when it was first needed.
    #[error(transparent)]
    VoiceLoad(#[from] std::sync::Arc<VoiceError>),
    /// The edition would hold no speech: nothing in the text could be spoken, or everything
    /// spoken came out silent. Nothing was written.
    #[error("no speech: {0}; nothing was written")]
    NoSpeech(NoSpeech),
    /// The render was stopped (SIGINT/SIGTERM); nothing was written.
    #[error("interrupted: the render was stopped and no output was written")]
    Interrupted,
}

/// Why an edition holds no speech.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoSpeech {
    /// The text gave no sentence with a word to speak (only symbols, or characters aloud
    /// cannot read).
    #[error(
        "\"{title}\" has no sentence aloud can speak (only symbols or characters it cannot read)"
    )]
    NoSentences {
        /// The edition's title.
        title: String,
    },
    /// Every sentence came out as silence (words aloud has no sounds for).
    #[error("the {sentences} sentence(s) of \"{title}\" came out silent (words aloud has no sounds for)")]
    Silent {
        /// The edition's title.
        title: String,
        /// Sentences synthesized.
        sentences: usize,
    },
}

/// What kind of failure an error is, for exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// The command line or a cast/lexicon option is wrong (exit code 2).
    Usage,
    /// The input text is unusable (exit code 3).
    Input,
    /// Damaged data, I/O failures while writing, bugs (exit code 4).
    Internal,
    /// Stopped by a signal (exit code 130).
    Interrupted,
}

impl Error {
    /// The class of this error.
    pub fn class(&self) -> ErrorClass {
        match self {
            Error::Manuscript(_) | Error::NoSpeech(_) => ErrorClass::Input,
            Error::Cast(_) => ErrorClass::Usage,
            Error::Phonetics(e) => phonetics_class(e),
            Error::Edition(e) => edition_class(e),
            Error::Interrupted => ErrorClass::Interrupted,
            Error::Data(e) => data_class(e),
            _ => ErrorClass::Internal,
        }
    }
}

fn phonetics_class(e: &PhoneticsError) -> ErrorClass {
    match e {
        // A user lexicon line or an unreadable user lexicon: the user's input.
        PhoneticsError::Line { .. }
        | PhoneticsError::Io { .. }
        | PhoneticsError::UserLexicon { .. } => ErrorClass::Input,
        _ => ErrorClass::Internal,
    }
}

fn data_class(e: &crate::data::DataError) -> ErrorClass {
    if e.is_usage() {
        ErrorClass::Usage
    } else {
        ErrorClass::Internal
    }
}

fn edition_class(e: &EditionError) -> ErrorClass {
    match e {
        EditionError::BadOutputPath { .. }
        | EditionError::MissingFolder { .. }
        | EditionError::OutputFolder { .. }
        | EditionError::NotRegularFile { .. }
        | EditionError::OutputIsInput { .. }
        | EditionError::Player(crate::edition::PlayerError::NotOurs { .. }) => ErrorClass::Usage,
        EditionError::Encode(e) if e.is_usage() => ErrorClass::Usage,
        EditionError::Encode(crate::edition::EncodeError::TooManyChapters { .. }) => {
            ErrorClass::Input
        }
        EditionError::TooManyChapters { .. }
        | EditionError::TooLong { .. }
        | EditionError::Malformed { .. }
        | EditionError::Truncated { .. }
        | EditionError::Open { .. } => ErrorClass::Input,
        _ => ErrorClass::Internal,
    }
}

/// The class of any error of this crate, found by looking at its concrete type
/// (for callers that hold a `dyn Error`, such as the command line).
pub fn classify(e: &(dyn std::error::Error + 'static)) -> Option<ErrorClass> {
    if let Some(e) = e.downcast_ref::<Error>() {
        Some(e.class())
    } else if e.is::<ManuscriptError>() {
        Some(ErrorClass::Input)
    } else if e.is::<crate::casting::CastError>() {
        Some(ErrorClass::Usage)
    } else if let Some(e) = e.downcast_ref::<PhoneticsError>() {
        Some(phonetics_class(e))
    } else if let Some(e) = e.downcast_ref::<EditionError>() {
        Some(edition_class(e))
    } else if let Some(e) = e.downcast_ref::<crate::data::DataError>() {
        Some(data_class(e))
    } else if let Some(e) = e.downcast_ref::<crate::catalogue::CatalogueError>() {
        Some(e.class())
    } else if let Some(e) = e.downcast_ref::<crate::feed::FeedError>() {
        Some(e.class())
    } else if e.is::<VoiceError>() || e.is::<SynthError>() || e.is::<ProsodyError>() {
        Some(ErrorClass::Internal)
    } else {
        None
    }
}
