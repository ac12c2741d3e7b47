//! The voice bank: bundled diphone voices loaded into owned values.
//!
//! A voice is a folder `voices/<id>/` (see `voices/README.md`): `voice.toml`
//! (metadata and SHA-256 of the data files), `units.wav` (all unit audio, 16-bit
//! PCM mono, 16 kHz), `units.idx` (the unit index, text) and `LICENSE`/`NOTICE`.
//!
//! * [`write_voice`] writes such a folder (used by the voice workshop, [`build`]);
//! * [`Voice::load`] reads and validates one into an owned [`Voice`]; [`Voice::open`] does
//!   the same for rendering, checking the unit audio block by block as it is read
//!   ([`blocks`]);
//! * [`catalog`] lists the voices of a folder from their `voice.toml` only;
//! * [`Voice::unit`] answers "the unit for phone pair X-Y", together with the
//!   [`Substitution`] the fallback chain made, if any (see [`fallback`]).
//!
//! Everything here but [`build`] runs at render time. [`build`] holds the tools that
//! make voices (`aloud voice build`, `aloud voice import-festvox`); the runtime never
//! depends on it.

use crate::person::Gender;
use crate::phonetics::phone::{Phone, PhoneSet};
use crate::units::{Frames, Hz, SampleRate};
use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

pub mod blocks;
pub mod build;
pub mod context;
mod error;
pub mod fallback;
pub mod features;
mod format;
mod index;
mod library;
mod load;
pub mod measured;
mod pcm;
pub mod place;
pub mod release;
mod wav;

pub use context::Context;
pub use error::{UnitProblem, VoiceError};
pub use fallback::{Substitution, SubstitutionRule};
pub use features::{Edge, UnitFeatures, CEPSTRA};
pub use format::{
    catalog, read_meta, rewrite_checksums, write_voice, write_voice_composed, write_voice_placed,
    VoiceDescription, AUDIO_FILE, INDEX_FILE, META_FILE,
};
pub use library::VoiceLibrary;
pub use load::{UnitCandidates, UnitChoice, Voice, PCM_SCALE};
pub use place::UnitPlace;

/// The id of a voice: its folder name under `voices/` and the `id` of its `voice.toml`
/// (`kal`, `ked`, `slt`, `rms`). Cast files, `--cast` and `--voice` name voices by it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct VoiceId(pub String);

impl VoiceId {
    /// The id `id`.
    pub fn new(id: impl Into<String>) -> Self {
        VoiceId(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VoiceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, not `write_str`: a width (`{:<6}`) lines up tables.
        f.pad(&self.0)
    }
}

impl std::str::FromStr for VoiceId {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(VoiceId::new(s))
    }
}

impl From<&str> for VoiceId {
    fn from(s: &str) -> Self {
        VoiceId::new(s)
    }
}

impl std::borrow::Borrow<str> for VoiceId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for VoiceId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for VoiceId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// What `voice.toml` says about a voice (enough to list and cast voices
/// without loading audio).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoiceMeta {
    /// Short id (`kal`), also the folder name.
    pub id: VoiceId,
    /// Display name.
    pub name: String,
    /// Gender of the speaker.
    pub gender: Gender,
    /// Native sample rate of the unit audio.
    pub sample_rate: SampleRate,
    /// Median F0 of the voiced units.
    pub f0_median: Hz,
    /// Number of diphone units.
    pub units: usize,
    /// Licence name.
    pub licence: String,
    /// Language tag (`en-US`).
    pub language: String,
    /// The phones the voice has units for.
    pub phone_set: PhoneSet,
    /// Where the voice came from (package, file).
    pub source: String,
    /// How it was made (decoded, recorded …).
    pub method: String,
    /// The folder the voice was read from (empty for a voice being written).
    #[serde(skip)]
    pub dir: PathBuf,
    /// Units aloud composed from parts of other units (see `voices/README.md`).
    pub composed: Vec<Diphone>,
    /// What the judges measured of the voice (`voices/measured.toml`), if anything.
    pub measured: Option<measured::Measured>,
}

/// A diphone: the transition from `left` to `right`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Diphone {
    /// First phone.
    pub left: Phone,
    /// Second phone.
    pub right: Phone,
}

impl Diphone {
    /// The diphone `left-right`.
    pub fn new(left: Phone, right: Phone) -> Diphone {
        Diphone { left, right }
    }
}

impl fmt::Display for Diphone {
    /// `aa-b`, the form used in unit indexes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.left, self.right)
    }
}

impl std::str::FromStr for Diphone {
    type Err = crate::phonetics::phone::UnknownPhone;
    /// Parses `aa-b`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (l, r) = s
            .split_once('-')
            .ok_or_else(|| crate::phonetics::phone::UnknownPhone(s.to_string()))?;
        Ok(Diphone::new(l.parse()?, r.parse()?))
    }
}

/// One pitch mark of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PitchMark {
    /// Absolute frame position in the voice audio.
    pub at: Frames,
    /// Whether the period ending here is voiced (unvoiced marks are evenly spaced).
    pub voiced: bool,
}

/// One diphone unit in the voice audio. All positions are absolute frame positions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    /// The phone pair.
    pub diphone: Diphone,
    /// First frame.
    pub start: Frames,
    /// The boundary between the two phones.
    pub join: Frames,
    /// One past the last frame.
    pub end: Frames,
    /// Pitch marks, strictly increasing, inside `start..end`.
    pub marks: Vec<PitchMark>,
}

impl Unit {
    /// The unit's sample range in the voice audio.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start.to(self.end)
    }

    /// True when `next` continues this unit in the same recording: the two were cut from
    /// neighbouring phone pairs of one sentence, so their ranges overlap by the padding
    /// and playing them in a row needs no join.
    pub fn is_continued_by(&self, next: &Unit) -> bool {
        next.start < self.end && self.join < next.start && next.join > self.end
    }

    /// The pitch period between the first two marks, when both are voiced.
    pub fn first_period(&self) -> Option<Frames> {
        voiced_period(self.marks.get(0..2))
    }

    /// The pitch period between the last two marks, when both are voiced.
    pub fn last_period(&self) -> Option<Frames> {
        let n = self.marks.len();
        voiced_period(n.checked_sub(2).and_then(|k| self.marks.get(k..n)))
    }
}

fn voiced_period(pair: Option<&[PitchMark]>) -> Option<Frames> {
    pair.filter(|w| w[0].voiced && w[1].voiced)
        .map(|w| w[1].at - w[0].at)
}
