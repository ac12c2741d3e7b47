//! The voice workshop: the tools that make the bundled voices, never run at render time.
//!
//! A render only loads voices ([`crate::voice::Voice::load`]) and looks units up;
//! everything here is run by a maintainer through `aloud voice …` (see
//! `voices/rebuild.sh`) and writes a voice folder with [`crate::voice::write_voice`].
//! Nothing outside this module and the command line depends on it.
//!
//! * [`recordings`]: `aloud voice build`, a voice from labelled recordings, one per
//!   diphone, cut ([`cut`]) at the labels ([`labels`]) and pitch-marked ([`pitchmark`]);
//! * [`sentences`]: further units for `aloud voice build --sentences`, every diphone of
//!   recordings of running speech, for unit selection; [`words`]: where their phones
//!   stood in the words of the prompts they read (`--prompts`);
//! * [`import`]: `aloud voice import-festvox`, a voice decoded from a Festival diphone
//!   group file ([`festvox`]), missing pairs composed from decoded units;
//! * [`analysis`]: the level and voicing measurements both builders share, so that
//!   voices come out alike;
//! * [`coverage`]: the phone pairs a lexicon needs, and how many a voice has.
//!
//! Errors: [`SourceError`] for the sources read (group files, lexicon), [`BuildError`] for
//! `aloud voice build`, [`crate::voice::VoiceError`] for the voice folder written.

pub mod analysis;
pub mod coverage;
pub mod cut;
mod error;
pub mod festvox;
pub mod import;
pub mod labels;
pub mod pitchmark;
pub mod recordings;
pub mod sentences;
pub mod words;

pub use error::SourceError;
pub use recordings::{
    assemble, assemble_with_sentences, build_voice, read_recordings, remove_dc, Assembled,
    BuildConfig, BuildError, Recording, UnitStats,
};
