//! Words → phones: the phone set, the CMU lexicon, letter-to-sound and the user lexicon.

pub mod error;
pub mod homograph;
pub mod lexicon;
pub mod lts;
pub mod phone;
pub mod pronouncer;
pub mod user;

pub use error::{LineFault, PhoneticsError};
pub use homograph::Homographs;
pub use lexicon::Lexicon;
pub use lts::Lts;
use phone::Phoneme;
pub use pronouncer::Pronouncer;
use serde::Serialize;
pub use user::UserLexicon;

/// The lines of a text lexicon that say something, with their 1-based numbers: `#` starts a
/// comment, surrounding blanks go, empty lines are left out.
pub(crate) fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, raw)| {
        let line = raw.split('#').next().unwrap_or("").trim();
        (!line.is_empty()).then_some((i + 1, line))
    })
}

/// How one word is pronounced, and where that pronunciation came from.
///
/// Unstressed `AH0` of the CMU dictionary is given as `ax` (reduced schwa), which the
/// voices have as a phone of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pronunciation {
    /// The phones with stress, in order.
    pub phonemes: Vec<Phoneme>,
    /// Where it came from.
    pub source: PronSource,
}

/// Origin of a pronunciation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PronSource {
    /// The user lexicon (`--lexicon FILE` or the default one next to the input).
    User,
    /// aloud's list of technical and product names (`lexicon/technical.txt`).
    Technical,
    /// The CMU Pronouncing Dictionary.
    Lexicon,
    /// The letter-to-sound model.
    Lts,
    /// Spelled out letter by letter.
    Spelled,
}
