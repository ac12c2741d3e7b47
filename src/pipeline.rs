//! The one place where the stages are called in order:
//!
//! ```text
//! input text ─ manuscript::parse ─▶ Manuscript ─ casting::cast ─▶ Cast
//!   per chapter, in parallel per sentence (rayon):
//!     paragraph ─ text::analyze ─▶ Sentence ─ Pronouncer ─▶ Pronunciation
//!       ─ prosody::plan_sentence ─▶ PhoneTarget ─ synth::synthesize ─▶ Waveform (16 kHz)
//!   per turn, in parallel: stitch sentences with pauses ─ level (EBU R128)
//!       ─ resample (rubato) ─▶ Waveform (output rate)
//!   in order: EditionWriter (chapters, cues) ─▶ WAV + sidecars, renamed into place
//! ```
//!
//! Every stage is a pure function of its input, and results are collected in input order,
//! so the output bytes do not depend on the number of threads.

use crate::casting::{Cast, VoiceProfile};
use crate::edition::{
    Channels, EditionWriter, FinishReport, Leveller, LoudnessTarget, OutputFormat, WavInfo,
};
use crate::error::Error;
use crate::manuscript::{Manuscript, SpeakerId, Turn};
use crate::phonetics::{Pronouncer, Pronunciation};
use crate::prosody::{self, PauseKind, PhoneTarget, ProsodyProfile};
use crate::synth::{self, Resampler, SynthError, Waveform};
use crate::text::{self, Sentence};
use crate::units::{SampleRate, VOICE_RATE};
use crate::voice::{Substitution, Voice};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// The loaded resources a render needs: the pronouncer and the voices that were cast.
pub struct Engine {
    pronouncer: Pronouncer,
    voices: BTreeMap<String, Voice>,
}

impl Engine {
    /// An engine speaking with `pronouncer`, loading only the voices `cast` uses from
    /// `voices_dir`.
    pub fn new(pronouncer: Pronouncer, cast: &Cast, voices_dir: &Path) -> Result<Self, Error> {
        let ids: std::collections::BTreeSet<&str> =
            cast.profiles.iter().map(|p| p.voice.as_str()).collect();
        // Each voice is read and checksummed on its own thread.
        let voices = ids
            .into_par_iter()
            .map(|id| Ok((id.to_string(), Voice::load(&voices_dir.join(id))?)))
            .collect::<Result<BTreeMap<_, _>, Error>>()?;
        Ok(Engine { pronouncer, voices })
    }

    /// The pronouncer.
    pub fn pronouncer(&self) -> &Pronouncer {
        &self.pronouncer
    }

    fn voice(&self, id: &str) -> Result<&Voice, Error> {
        self.voices
            .get(id)
            .ok_or_else(|| Error::VoiceNotLoaded(id.to_string()))
    }
}

/// A sentence after the front end: words and their pronunciations.
#[derive(Debug, Clone, PartialEq)]
pub struct PhonSentence {
    /// The sentence with its normalized words.
    pub sentence: Sentence,
    /// One pronunciation per word.
    pub prons: Vec<Pronunciation>,
}

/// Front end of one paragraph: sentences, normalized words, pronunciations.
pub fn phonetize(paragraph: &str, pronouncer: &Pronouncer) -> Vec<PhonSentence> {
    // The CMU lexicon decides whether an all-caps token is a word (ALBA) or spelled (OAS).
    text::analyze(paragraph, pronouncer.lexicon())
        .into_iter()
        .filter(|s| !s.words.is_empty())
        .map(|sentence| {
            let prons = sentence
                .words
                .iter()
                .map(|w| pronouncer.pronounce(w))
                .collect();
            PhonSentence { sentence, prons }
        })
        .collect()
}

/// Prosody of one sentence for a voice profile.
pub fn plan(
    s: &PhonSentence,
    voice: &Voice,
    profile: &VoiceProfile,
) -> Result<Vec<PhoneTarget>, Error> {
    let prosody = ProsodyProfile::new(voice.meta().f0_median, profile);
    Ok(prosody::plan_sentence(&s.sentence, &s.prons, &prosody)?)
}

/// Options of a render that are not about casting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenderOptions {
    /// Output sample rate (44.1 or 48 kHz).
    pub sample_rate: SampleRate,
    /// Mono or stereo (the channel duplicated).
    pub channels: Channels,
}

/// How far a render has come, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Sentences synthesized so far.
    pub done: usize,
    /// Sentences in the whole edition.
    pub total: usize,
}

/// One spoken sentence of a finished edition, for transcripts and summaries.
#[derive(Debug, Clone, PartialEq)]
pub struct SpokenSentence {
    /// Who said it.
    pub speaker: SpeakerId,
    /// First frame in the output.
    pub start: u64,
    /// One past the last frame.
    pub end: u64,
}

/// What a render produced.
#[derive(Debug)]
pub struct RenderReport {
    /// The files written and the chapters as stored.
    pub finish: FinishReport,
    /// Unit substitutions the voices made, counted by (voice, substitution).
    pub substitutions: BTreeMap<(String, String), usize>,
    /// Number of sentences spoken.
    pub sentences: usize,
}

/// One sentence ready for synthesis, with where it sits in the turn.
struct Job<'a> {
    turn: usize,
    paragraph: usize,
    profile: &'a VoiceProfile,
    sentence: PhonSentence,
}

/// A synthesized piece of a turn at the output rate, with its sentences' spans in frames.
struct TurnAudio {
    samples: Vec<f32>,
    sentences: Vec<(u64, u64, String)>,
}

/// Renders a manuscript with its cast into a chaptered WAV plus sidecars at `out`.
/// Checks `cancel` between sentences; when it is set the render stops with
/// [`Error::Interrupted`] and nothing is left at `out`.
pub fn render(
    m: &Manuscript,
    cast: &Cast,
    engine: &Engine,
    options: RenderOptions,
    out: &Path,
    cancel: &AtomicBool,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<RenderReport, Error> {
    let format = OutputFormat {
        rate: options.sample_rate,
        channels: options.channels,
    };
    let mut writer = EditionWriter::create(out, format)?;
    let leveller = Leveller::new(VOICE_RATE, LoudnessTarget::podcast(options.channels))?;
    let plans = m
        .chapters
        .iter()
        .map(|c| chapter_jobs(&c.turns, cast, engine))
        .collect::<Result<Vec<_>, Error>>()?;
    let total = plans.iter().map(Vec::len).sum();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let mut substitutions = BTreeMap::new();
    let mut sentences = 0;
    for (c, (chapter, jobs)) in m.chapters.iter().zip(plans).enumerate() {
        if c > 0 {
            let gap = prosody::pause(PauseKind::Chapter, Default::default());
            writer.write_silence(format.rate.frames(gap) as u64)?;
        }
        writer.mark_chapter(&chapter.title)?;
        sentences += jobs.len();
        let mut previous_turn = None;
        for batch in batches(&jobs) {
            let batch = &jobs[batch];
            let synthesized: Vec<(Waveform, Vec<Substitution>)> = batch
                .par_iter()
                .map(|job| {
                    if cancel.load(Ordering::Relaxed) {
                        return Err(Error::Interrupted);
                    }
                    let voice = engine.voice(&job.profile.voice)?;
                    let targets = plan(&job.sentence, voice, job.profile)?;
                    let out = synth::synthesize(&targets, voice)?;
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    progress(Progress { done: n, total });
                    Ok((out.waveform, out.substitutions))
                })
                .collect::<Result<_, Error>>()?;
            for (job, (_, subs)) in batch.iter().zip(&synthesized) {
                for s in subs {
                    let key = (
                        job.profile.voice.clone(),
                        format!(
                            "{}-{} for {}-{}",
                            s.used.left, s.used.right, s.wanted.left, s.wanted.right
                        ),
                    );
                    *substitutions.entry(key).or_insert(0) += 1;
                }
            }
            let pieces = pieces(batch);
            let audio: Vec<TurnAudio> = pieces
                .par_iter()
                .map_init(
                    || Resampler::new(VOICE_RATE, format.rate).map_err(|e| e.to_string()),
                    |resampler, range| match resampler {
                        Ok(r) => stitch(
                            &batch[range.clone()],
                            &synthesized[range.clone()],
                            &leveller,
                            r,
                        ),
                        Err(reason) => Err(Error::Synth(SynthError::Resample {
                            from: VOICE_RATE.0,
                            to: format.rate.0,
                            reason: reason.clone(),
                        })),
                    },
                )
                .collect::<Result<_, Error>>()?;
            // The 16 kHz sentences are in the pieces now; free them before writing.
            drop(synthesized);
            for (range, audio) in pieces.into_iter().zip(audio) {
                if cancel.load(Ordering::Relaxed) {
                    return Err(Error::Interrupted);
                }
                let first = &batch[range.start];
                let turn = &chapter.turns[first.turn];
                let gap = match previous_turn {
                    None => None,
                    Some(t) if t == first.turn => Some(PauseKind::Paragraph),
                    Some(_) => Some(PauseKind::SpeakerChange),
                };
                if let Some(kind) = gap {
                    let gap = prosody::pause(kind, first.profile.rate);
                    writer.write_silence(format.rate.frames(gap) as u64)?;
                }
                previous_turn = Some(first.turn);
                let base = writer.position();
                let name = m
                    .speaker(turn.speaker)
                    .map_or("Narrator", |s| s.name.as_str());
                for (start, end, text) in &audio.sentences {
                    writer.cue(base + start, base + end, name, text)?;
                }
                writer.write(&audio.samples)?;
            }
        }
    }
    let info = WavInfo {
        artist: m.publication.clone().unwrap_or_default(),
        comment: format!(
            "Read aloud by aloud from \"{}\"; voices: {}",
            m.title,
            engine.voices.keys().cloned().collect::<Vec<_>>().join(", ")
        ),
        ..WavInfo::new(m.title.clone())
    };
    let finish = writer.finish(&info)?;
    Ok(RenderReport {
        finish,
        substitutions,
        sentences,
    })
}

fn chapter_jobs<'a>(
    turns: &[Turn],
    cast: &'a Cast,
    engine: &Engine,
) -> Result<Vec<Job<'a>>, Error> {
    let mut jobs = Vec::new();
    for (t, turn) in turns.iter().enumerate() {
        let profile = cast
            .profiles
            .get(turn.speaker.0)
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

/// Most sentences synthesized before their audio is written (about a minute and a half of speech), so
/// memory stays bounded for chapters and turns of any length. Batches end at paragraph ends.
const BATCH_SENTENCES: usize = 24;

/// Splits a chapter's sentences into batches of about [`BATCH_SENTENCES`], each ending where a
/// paragraph ends.
fn batches(jobs: &[Job<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=jobs.len() {
        let paragraph_ends = i == jobs.len()
            || (jobs[i].turn, jobs[i].paragraph) != (jobs[i - 1].turn, jobs[i - 1].paragraph);
        if paragraph_ends && (i - start >= BATCH_SENTENCES || i == jobs.len()) {
            out.push(start..i);
            start = i;
        }
    }
    out
}

/// Splits a batch into pieces of one turn each: a whole turn, or the part of a long turn that
/// falls in this batch. Each piece is levelled and resampled on its own.
fn pieces(batch: &[Job<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=batch.len() {
        if i == batch.len() || batch[i].turn != batch[i - 1].turn {
            out.push(start..i);
            start = i;
        }
    }
    out
}

/// Joins consecutive sentences of one turn with sentence and paragraph pauses, levels them and
/// brings them to the output rate.
fn stitch(
    jobs: &[Job<'_>],
    synthesized: &[(Waveform, Vec<Substitution>)],
    leveller: &Leveller,
    resampler: &mut Resampler,
) -> Result<TurnAudio, Error> {
    let mut samples: Vec<f32> = Vec::new();
    let mut spans = Vec::new();
    let mut last_paragraph = None;
    for (job, (wave, _)) in jobs.iter().zip(synthesized) {
        if let Some(p) = last_paragraph {
            let kind = if p == job.paragraph {
                PauseKind::Sentence
            } else {
                PauseKind::Paragraph
            };
            let gap = prosody::pause(kind, job.profile.rate);
            samples.resize(samples.len() + VOICE_RATE.frames(gap), 0.0);
        }
        last_paragraph = Some(job.paragraph);
        let start = samples.len();
        samples.extend_from_slice(&wave.samples);
        spans.push((start, samples.len(), job.sentence.sentence.written.clone()));
    }
    leveller.level(&mut samples)?;
    let wave = resampler.process(&Waveform {
        rate: VOICE_RATE,
        samples,
    })?;
    let scale = |i: usize| -> u64 {
        let at = VOICE_RATE.duration(i).0 * f64::from(resampler.to().0);
        (at.round() as u64).min(wave.samples.len() as u64)
    };
    // A sentence that came out empty gets no caption (a cue must span at least one frame).
    let sentences = spans
        .into_iter()
        .map(|(s, e, text)| (scale(s), scale(e), text))
        .filter(|(s, e, _)| e > s)
        .collect();
    Ok(TurnAudio {
        samples: wave.samples,
        sentences,
    })
}
