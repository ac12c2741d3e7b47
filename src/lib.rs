#![doc = "aloud: interviews and articles to multi-voice, chaptered podcast audio, offline."]
#![warn(missing_docs)]

pub mod casting;
pub mod catalogue;
pub mod data;
mod dsp;
pub mod edition;
pub mod error;
pub mod feed;
pub mod hygiene;
pub mod manuscript;
pub mod person;
pub mod phonetics;
pub mod pipeline;
pub mod prosody;
pub mod synth;
pub mod text;
pub mod units;
pub mod voice;
