//! Prosody: pronounced words → phone targets (durations and pitch points),
//! the boundary between the front end and the synthesizer, printable in the
//! spirit of MBROLA's `.pho`.
//!
//! One sentence is planned at a time by [`plan_sentence`]:
//!
//! 1. the words are laid out as phones with their context (word, syllable, phrase,
//!    stress, content or function word), in their connected-speech forms ([`forms`]),
//!    with a `pau` after every comma-like
//!    ([`Break::Minor`]) or stronger ([`Break::Major`]) break and a short `pau` at
//!    both ends of the sentence; `t` and `d` become the flap where American English
//!    says one and the voice has it ([`flap`]);
//! 2. every phone gets a duration from the Klatt-style rules of [`duration`];
//! 3. the vowels get pitch points from the intonation model of [`intonation`].
//!
//! The silences *between* sentences, paragraphs, speakers and chapters are not
//! part of a sentence plan: the stitcher asks [`pause`] for them.

pub mod duration;
pub mod flap;
pub mod forms;
pub mod intonation;
mod pho;

pub use pho::{parse_pho, to_pho, PhoError};

use crate::phonetics::phone::{Phone, PhoneSet, Stress};
use crate::phonetics::Pronunciation;
use crate::text::{Break, Sentence, SentenceEnd};
use crate::units::{Hz, Rate, Seconds};
use serde::Serialize;

/// One phone to synthesize: its duration and pitch targets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhoneTarget {
    /// The phone (`pau` for a pause).
    pub phone: Phone,
    /// Target duration.
    pub duration: Seconds,
    /// Pitch targets inside the phone (empty for unvoiced phones and pauses).
    pub pitch: Vec<PitchPoint>,
    /// Where the phone stands in its word, for choosing units (`None` for a pause, and
    /// where it is not known, as in a `.pho` file).
    pub place: Option<PhonePlace>,
}

/// Where a phone stands in its word: what unit selection matches against the place a
/// unit was recorded in ([`crate::voice::UnitPlace`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PhonePlace {
    /// The phone begins its word.
    pub word_start: bool,
    /// Its lexical stress (`Unstressed` for consonants).
    pub stress: Stress,
}

/// A pitch target at a relative position inside a phone.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PitchPoint {
    /// Position in the phone, 0.0 (start) to 1.0 (end).
    pub at: f32,
    /// Target F0.
    pub f0: Hz,
}

/// What prosody needs to know about the speaker: pitch register and speed (casting makes it
/// from a speaker's voice profile, see `casting::VoiceProfile::prosody`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ProsodyProfile {
    /// The speaker's median F0 (the voice's median shifted by the profile's pitch).
    pub f0_median: Hz,
    /// Speaking rate (1.0 natural, 1.2 is 20 % faster): divides every duration.
    pub rate: Rate,
    /// The phones the speaker's voice has: whether `t` and `d` may be written as the flap
    /// (see [`flap`]).
    pub phones: PhoneSet,
}

/// A silence between sentences that the stitcher inserts (see [`pause`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PauseKind {
    /// Between two sentences of one paragraph.
    Sentence,
    /// Between two paragraphs of one speaker.
    Paragraph,
    /// Between the turns of two speakers.
    SpeakerChange,
    /// Between chapters.
    Chapter,
}

/// Silence at the start and at the end of every planned sentence (part of the plan).
pub const EDGE_PAUSE: Seconds = Seconds(0.06);
/// Pause at a minor phrase break (comma).
pub const MINOR_PAUSE: Seconds = Seconds(0.18);
/// Pause at a major phrase break (`;`, `:`, dash, parenthesis).
pub const MAJOR_PAUSE: Seconds = Seconds(0.3);

/// The silence the stitcher inserts between sentences (on top of the two
/// [`EDGE_PAUSE`]s the sentence plans already carry), scaled by the speaker's rate.
/// Rates are clamped to 0.5..=2.0.
pub fn pause(kind: PauseKind, rate: Rate) -> Seconds {
    let base = match kind {
        PauseKind::Sentence => 0.3,
        PauseKind::Paragraph => 0.6,
        PauseKind::SpeakerChange => 0.55,
        PauseKind::Chapter => 1.4,
    };
    Seconds(base / f64::from(clamp_rate(rate)))
}

fn clamp_rate(rate: Rate) -> f32 {
    if rate.0.is_finite() {
        rate.0.clamp(0.5, 2.0)
    } else {
        1.0
    }
}

/// Errors of the prosody stage.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProsodyError {
    /// The sentence and its pronunciations do not line up.
    #[error("sentence {sentence:?} has {words} words but {prons} pronunciations")]
    PronunciationCount {
        /// The sentence as written.
        sentence: String,
        /// Number of words.
        words: usize,
        /// Number of pronunciations given.
        prons: usize,
    },
}

/// Where a phrase ends: drives the boundary tone of its last syllable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseEnd {
    /// A comma: continuation rise.
    Minor,
    /// `;`, `:`, dash: a partial fall.
    Major,
    /// End of a statement, an exclamation or a wh-question: final fall.
    Fall,
    /// End of a yes/no question: final rise.
    Rise,
}

/// One phone in context, the input of the duration and intonation rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The phone.
    pub phone: Phone,
    /// Its lexical stress (vowels only).
    pub stress: Stress,
    /// Index of the word in the sentence (`None` for pauses).
    pub word: Option<usize>,
    /// True if the word is a content word (carries pitch accents).
    pub content: bool,
    /// Index of the phrase in the sentence.
    pub phrase: usize,
    /// Number of syllables (vowels) of the word.
    pub word_syllables: usize,
    /// True for the first phone of the word.
    pub word_initial: bool,
    /// True if the phone is in the last syllable of its word (its vowel or after).
    pub word_final_syllable: bool,
    /// True if the phone is in the last syllable of its phrase.
    pub phrase_final_syllable: bool,
    /// How the phrase ends.
    pub phrase_end: PhraseEnd,
    /// The duration a pause segment gets (zero for phones).
    pub pause: Seconds,
}

/// Plans one sentence: phones with durations and pitch points, starting and ending
/// with a short `pau`. `prons` holds one pronunciation per word of the sentence.
pub fn plan_sentence(
    sentence: &Sentence,
    prons: &[Pronunciation],
    profile: &ProsodyProfile,
) -> Result<Vec<PhoneTarget>, ProsodyError> {
    plan_sentence_with_words(sentence, prons, profile).map(|(targets, _)| targets)
}

/// Like [`plan_sentence`], with the index of the word each target belongs to (`None` for
/// pauses), for timing captions by the words.
pub fn plan_sentence_with_words(
    sentence: &Sentence,
    prons: &[Pronunciation],
    profile: &ProsodyProfile,
) -> Result<(Vec<PhoneTarget>, Vec<Option<usize>>), ProsodyError> {
    if prons.len() != sentence.words.len() {
        return Err(ProsodyError::PronunciationCount {
            sentence: sentence.written.clone(),
            words: sentence.words.len(),
            prons: prons.len(),
        });
    }
    let mut segments = segments(sentence, prons);
    flap::flap(&mut segments, profile.phones);
    let rate = clamp_rate(profile.rate);
    let durations = duration::durations(&segments, Rate(rate));
    let pitch = intonation::pitch_points(&segments, &durations, profile.f0_median);
    let targets = segments
        .iter()
        .zip(durations)
        .zip(pitch)
        .map(|((s, duration), pitch)| PhoneTarget {
            phone: s.phone,
            duration,
            pitch,
            place: s.word.map(|_| PhonePlace {
                word_start: s.word_initial,
                stress: s.stress,
            }),
        })
        .collect();
    Ok((targets, segments.iter().map(|s| s.word).collect()))
}

/// Lays a sentence out as phones in context (see [`Segment`]), with pauses.
pub fn segments(sentence: &Sentence, prons: &[Pronunciation]) -> Vec<Segment> {
    let question_end = match sentence.end {
        SentenceEnd::Question if !is_wh_question(sentence) => PhraseEnd::Rise,
        _ => PhraseEnd::Fall,
    };
    let pau = |phrase, pause| Segment {
        phone: Phone::Pau,
        stress: Stress::Unstressed,
        word: None,
        content: false,
        phrase,
        word_syllables: 0,
        word_initial: false,
        word_final_syllable: false,
        phrase_final_syllable: false,
        phrase_end: PhraseEnd::Fall,
        pause,
    };
    let mut out = vec![pau(0, EDGE_PAUSE)];
    let mut phrase = 0;
    let mut phrase_start = out.len();
    let last_word = sentence.words.len().saturating_sub(1);
    for (w, (word, pron)) in sentence.words.iter().zip(prons).enumerate() {
        // The next word's first phone, unless a phrase ends here: a word before a break is
        // said as at the end of the sentence.
        let next = prons
            .get(w + 1)
            .filter(|_| word.break_after == Break::None)
            .and_then(|p| p.phonemes.first())
            .map(|p| p.phone);
        let connected = forms::in_context(&word.text, &pron.phonemes, next);
        let phones = connected.as_deref().unwrap_or(&pron.phonemes);
        let syllables = phones.iter().filter(|p| p.phone.is_vowel()).count();
        let last_vowel = phones.iter().rposition(|p| p.phone.is_vowel());
        let content = !intonation::is_function_word(&word.text);
        for (i, p) in phones.iter().enumerate() {
            out.push(Segment {
                phone: p.phone,
                stress: p.stress,
                word: Some(w),
                content,
                phrase,
                word_syllables: syllables,
                word_initial: i == 0,
                word_final_syllable: last_vowel.is_none_or(|v| i >= v),
                phrase_final_syllable: false,
                phrase_end: PhraseEnd::Fall,
                pause: Seconds(0.0),
            });
        }
        let brk = if w == last_word {
            Break::Sentence
        } else {
            word.break_after
        };
        let (end, pause) = match brk {
            Break::None => continue,
            Break::Minor => (PhraseEnd::Minor, Some(MINOR_PAUSE)),
            Break::Major => (PhraseEnd::Major, Some(MAJOR_PAUSE)),
            Break::Sentence => (question_end, None),
        };
        close_phrase(&mut out[phrase_start..], end);
        if let Some(p) = pause {
            out.push(pau(phrase, p));
        }
        phrase += 1;
        phrase_start = out.len();
    }
    close_phrase(&mut out[phrase_start..], question_end);
    out.push(pau(phrase.saturating_sub(1), EDGE_PAUSE));
    out
}

/// Marks the phrase's end type and its last syllable (last vowel and what follows).
fn close_phrase(phrase: &mut [Segment], end: PhraseEnd) {
    let last_vowel = phrase.iter().rposition(|s| s.phone.is_vowel());
    for (i, s) in phrase.iter_mut().enumerate() {
        s.phrase_end = end;
        s.phrase_final_syllable = s.word.is_some() && last_vowel.is_some_and(|v| i >= v);
    }
}

/// Wh-questions ("where did you go?") fall; other questions rise.
fn is_wh_question(sentence: &Sentence) -> bool {
    const WH: &[&str] = &[
        "what", "who", "whom", "whose", "which", "where", "when", "why", "how", "what's", "who's",
        "where's", "how's", "why's", "when's",
    ];
    sentence
        .words
        .first()
        .is_some_and(|w| WH.contains(&w.text.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_grow_with_the_boundary_and_shrink_with_rate() {
        let r = Rate(1.0);
        assert!(pause(PauseKind::Sentence, r) < pause(PauseKind::Paragraph, r));
        assert!(pause(PauseKind::Paragraph, r) < pause(PauseKind::Chapter, r));
        assert!(pause(PauseKind::Sentence, Rate(1.5)) < pause(PauseKind::Sentence, r));
        assert_eq!(
            pause(PauseKind::Sentence, Rate(f32::NAN)),
            pause(PauseKind::Sentence, r)
        );
    }
}
