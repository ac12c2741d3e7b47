//! The sentences of a chapter as synthesis jobs: each sentence with its speaker's voice
//! profile and where it sits in its turn.

use super::{Error, PhonSentence};
use crate::casting::{Cast, VoiceProfile};
use crate::manuscript::Turn;

/// One sentence ready for synthesis, with where it sits in the turn.
pub(super) struct Job<'a> {
    pub(super) turn: usize,
    pub(super) paragraph: usize,
    pub(super) profile: &'a VoiceProfile,
    pub(super) sentence: PhonSentence,
}

/// The jobs of a chapter's turns, in reading order, from its sentences as
/// [`super::front::phonetize_manuscript`] gives them (`[turn][paragraph]`).
pub(super) fn chapter_jobs<'a>(
    turns: &[Turn],
    phonetized: Vec<Vec<Vec<PhonSentence>>>,
    cast: &'a Cast,
) -> Result<Vec<Job<'a>>, Error> {
    let mut jobs = Vec::new();
    for (t, (turn, paragraphs)) in turns.iter().zip(phonetized).enumerate() {
        let profile = cast
            .profile(turn.speaker)
            .ok_or(Error::Uncast(turn.speaker.0))?;
        for (p, sentences) in paragraphs.into_iter().enumerate() {
            for sentence in sentences {
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
