//! The sentences of a chapter as synthesis jobs: each sentence with its speaker's voice
//! profile and where it sits in its turn.

use super::{phonetize, Engine, Error, PhonSentence};
use crate::casting::{Cast, VoiceProfile};
use crate::manuscript::Turn;

/// One sentence ready for synthesis, with where it sits in the turn.
pub(super) struct Job<'a> {
    pub(super) turn: usize,
    pub(super) paragraph: usize,
    pub(super) profile: &'a VoiceProfile,
    pub(super) sentence: PhonSentence,
}

/// The jobs of a chapter's turns, in reading order.
pub(super) fn chapter_jobs<'a>(
    turns: &[Turn],
    cast: &'a Cast,
    engine: &Engine,
) -> Result<Vec<Job<'a>>, Error> {
    let mut jobs = Vec::new();
    for (t, turn) in turns.iter().enumerate() {
        let profile = cast
            .profile(turn.speaker)
            .ok_or(Error::Uncast(turn.speaker.0))?;
        for (p, paragraph) in turn.paragraphs.iter().enumerate() {
            for sentence in phonetize(&paragraph.text, &engine.pronouncer) {
                jobs.push(Job {
                    turn: t,
                    paragraph: p,
                    profile,
                    sentence,
                });
            }
        }
    }
    Ok(jobs)
}
