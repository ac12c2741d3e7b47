//! The one place where the stages are called in order, from a [`Request`] (what to read,
//! how to cast it, the user lexicon, the voices, the output options) to the files:
//!
//! ```text
//! Request::render (Request::prepare stops before the voices' audio and the files)
//!   voice catalog (voice.toml files) ─ user lexicon (given, or beside the input)
//!   prefetch thread: reads the voices' audio ahead of use ─▶ VoiceLibrary
//!   in parallel: input text ─ manuscript::parse ─▶ Manuscript
//!              ∥ Pronouncer::load (CMU dictionary, letter-to-sound, user lexicon)
//!   casting::cast (cast file, --cast flags, rate) ─▶ Cast ─▶ Prepared
//! Prepared::plan: every sentence's PhoneTargets (for `.pho`)
//! Prepared::render:
//!   every paragraph (in parallel): text::analyze ─▶ Sentence; each distinct word once
//!     (in parallel): Pronouncer ─▶ Pronunciation
//!   per batch of sentences (cut at paragraph ends, or at sentence ends in a long paragraph:
//!   `batches`), in parallel per sentence (rayon):
//!     prosody::plan_sentence ─▶ PhoneTarget ─ synth::synthesize (TD-PSOLA, formant
//!       postfilter) ─▶ Waveform (16 kHz)
//!       ─ Leveller::measure_part ─▶ PartLoudness
//!   per piece of a turn: Leveller::level_parts (one gain from all its sentences' gating
//!       blocks; limiter and true peak per sentence, in parallel)
//!     ─ resample each sentence (rubato, in parallel) ─▶ Waveform (output rate)
//!     ─ captions::captions ─▶ caption cues of a few seconds, timed by the words
//!   writer thread, in order: EditionWriter (chapters, cues, pauses as silence)
//!       ─▶ WAV + sidecars, renamed into place
//! ```
//!
//! The stages overlap: the voices are read while the text is parsed and the pronouncer
//! loaded; batch n+1 is synthesized while batch n is levelled and resampled and the writer
//! thread writes what came before. Every stage is a pure function of its input and results
//! are collected in input order, so the output bytes do not depend on the number of threads.

use crate::casting::{Cast, VoiceProfile};
use crate::edition::{Channels, Encoding, FinishReport, Lufs, OutputFormat, PlayerPage};
use crate::error::Error;
use crate::manuscript::{Manuscript, SpeakerId};
use crate::phonetics::{Pronouncer, Pronunciation, UserLexicon};
use crate::prosody::{self, PhoneTarget};
use crate::synth;
use crate::text::Sentence;
use crate::units::SampleRate;
use crate::voice::measured::clearest_first;
use crate::voice::{Voice, VoiceId, VoiceLibrary, VoiceMeta};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

mod batches;
mod captions;
mod front;
mod jobs;
mod request;
mod stages;

pub use front::phonetize_all;
pub use request::{Casting, Input, Narration, Request, Script, LEXICON_BESIDE_INPUT};

impl Request {
    /// Reads and casts the text and loads the pronouncer; the voices' audio is read when
    /// first used. For looking at the plan; [`render`](Self::render) reads the voices ahead.
    pub fn prepare(&self) -> Result<Prepared, Error> {
        let catalog = self.catalog()?;
        let user = self.user_lexicon()?;
        let library = VoiceLibrary::new(&self.voices_dir()?, clearest_first(&catalog));
        self.prepare_with(catalog, user, Arc::new(library))
    }

    /// Renders the request into a chaptered WAV plus sidecars at `out`. The voices are read
    /// on a thread of their own from the start; meanwhile the text is parsed and the
    /// pronouncer loaded, then synthesis begins (a voice not read yet when it is first needed
    /// is read right there). `cancel` gives the flag to check once the render starts
    /// writing (see [`Prepared::render`]).
    pub fn render<'c>(
        &self,
        out: &Path,
        cancel: impl FnOnce() -> &'c AtomicBool,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Rendered, Error> {
        let catalog = self.catalog()?;
        let user = self.user_lexicon()?;
        // Clearest first, as casting prefers them: the voices the cast will use are read
        // first, and one it leaves out is usually not reached before it is known.
        let library = Arc::new(VoiceLibrary::new(
            &self.voices_dir()?,
            clearest_first(&catalog),
        ));
        std::thread::scope(|s| {
            s.spawn(|| library.prefetch());
            let rendered = self
                .prepare_with(catalog, user, Arc::clone(&library))
                .and_then(|prepared| {
                    let report = prepared.render(out, cancel, progress)?;
                    Ok(Rendered {
                        manuscript: prepared.manuscript,
                        cast: prepared.cast,
                        report,
                    })
                });
            if rendered.is_err() {
                library.want_only(&[]); // the prefetch thread stops after the voice it is reading
            }
            rendered
        })
    }

    /// Parses the text while the pronouncer loads, casts, and keeps only the cast voices
    /// wanted by the library's prefetch.
    fn prepare_with(
        &self,
        catalog: Vec<VoiceMeta>,
        user: UserLexicon,
        library: Arc<VoiceLibrary>,
    ) -> Result<Prepared, Error> {
        let (parsed, pronouncer) =
            rayon::join(|| self.manuscript(), || Pronouncer::load_default(user));
        let manuscript = parsed?;
        let cast = self.cast(&manuscript, &catalog)?;
        let engine = Engine::new(pronouncer?, &cast, Arc::clone(&library));
        let used: Vec<&str> = engine.cast_voices().iter().map(VoiceId::as_str).collect();
        library.want_only(&used);
        Ok(Prepared {
            manuscript,
            cast,
            engine,
            catalog,
            options: self.options,
        })
    }
}

/// A request ready to run: the manuscript, its cast, the pronouncer and the voices.
pub struct Prepared {
    manuscript: Manuscript,
    cast: Cast,
    engine: Engine,
    catalog: Vec<VoiceMeta>,
    options: RenderOptions,
}

/// The prosody of one sentence, as planned for its speaker.
#[derive(Debug, Clone, PartialEq)]
pub struct SentencePlan {
    /// Who says it.
    pub speaker: SpeakerId,
    /// The voice of the speaker's profile.
    pub voice: VoiceId,
    /// The sentence as written.
    pub written: String,
    /// Its phones with durations and pitch points.
    pub targets: Vec<PhoneTarget>,
}

/// The prosody of a chapter's sentences, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct ChapterPlan {
    /// The chapter's title.
    pub title: String,
    /// Its sentences.
    pub sentences: Vec<SentencePlan>,
}

impl Prepared {
    /// The manuscript.
    pub fn manuscript(&self) -> &Manuscript {
        &self.manuscript
    }

    /// The cast.
    pub fn cast(&self) -> &Cast {
        &self.cast
    }

    /// Every sentence's prosody, chapter by chapter (the voices' pitch comes from their
    /// metadata: no audio is read).
    pub fn plan(&self) -> Result<Vec<ChapterPlan>, Error> {
        let phonetized = front::phonetize_manuscript(&self.manuscript, self.engine.pronouncer());
        let mut chapters = Vec::with_capacity(self.manuscript.chapters.len());
        for (chapter, turns) in self.manuscript.chapters.iter().zip(phonetized) {
            let mut sentences = Vec::new();
            for (turn, paragraphs) in chapter.turns.iter().zip(turns) {
                let profile = self
                    .cast
                    .profile(turn.speaker)
                    .ok_or(Error::Uncast(turn.speaker.0))?;
                let voice = self
                    .catalog
                    .iter()
                    .find(|v| v.id == profile.voice)
                    .ok_or_else(|| Error::VoiceNotLoaded(profile.voice.to_string()))?;
                for s in paragraphs.into_iter().flatten() {
                    let (targets, _) = plan(&s, voice, profile)?;
                    sentences.push(SentencePlan {
                        speaker: turn.speaker,
                        voice: profile.voice.clone(),
                        written: s.sentence.written,
                        targets,
                    });
                }
            }
            chapters.push(ChapterPlan {
                title: chapter.title.clone(),
                sentences,
            });
        }
        Ok(chapters)
    }

    /// Renders into a chaptered WAV plus sidecars at `out`. `cancel` is called once, just
    /// before the first file is made, for the flag the render checks between sentences from
    /// then on; when it is set the render stops with [`Error::Interrupted`] and nothing is
    /// left at `out`. (Until that call there is nothing to undo: a front end may stop the
    /// process outright, say while the text is still being read from standard input.)
    ///
    /// Three stages overlap: while one batch of sentences is synthesized (in parallel), the
    /// batch before it is levelled and resampled (in parallel, one piece per turn), and a
    /// writer thread writes what came before. Every stage keeps input order, so the bytes are
    /// the same for any thread count.
    pub fn render<'c>(
        &self,
        out: &Path,
        cancel: impl FnOnce() -> &'c AtomicBool,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<RenderReport, Error> {
        stages::render(
            &self.manuscript,
            &self.cast,
            &self.engine,
            self.options,
            out,
            cancel,
            progress,
        )
    }
}

/// What [`Request::render`] made: the manuscript and cast it read with, and the report.
#[derive(Debug)]
pub struct Rendered {
    /// The manuscript.
    pub manuscript: Manuscript,
    /// Its cast.
    pub cast: Cast,
    /// What the render produced.
    pub report: RenderReport,
}

/// The resources a render needs: the pronouncer and the voices that were cast, from a
/// [`VoiceLibrary`] that reads each voice on first use (or ahead of it, on another thread),
/// so synthesis starts as soon as the first speaker's voice is there.
pub struct Engine {
    pronouncer: Pronouncer,
    library: Arc<VoiceLibrary>,
    /// The ids of the voices `cast` uses, sorted.
    cast_voices: Vec<VoiceId>,
}

impl Engine {
    /// An engine speaking with `pronouncer` in the voices `cast` uses, from `library`.
    fn new(pronouncer: Pronouncer, cast: &Cast, library: Arc<VoiceLibrary>) -> Self {
        let ids: std::collections::BTreeSet<&VoiceId> =
            cast.profiles.iter().map(|p| &p.voice).collect();
        Engine {
            pronouncer,
            library,
            cast_voices: ids.into_iter().cloned().collect(),
        }
    }

    /// The ids of the voices the cast uses, sorted.
    pub fn cast_voices(&self) -> &[VoiceId] {
        &self.cast_voices
    }

    /// The pronouncer.
    pub fn pronouncer(&self) -> &Pronouncer {
        &self.pronouncer
    }

    fn voice(&self, id: &str) -> Result<&Voice, Error> {
        let missing = || Error::VoiceNotLoaded(id.to_string());
        if !self.cast_voices.iter().any(|v| v.as_str() == id) {
            return Err(missing());
        }
        Ok(self.library.get(id).ok_or_else(missing)??)
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

/// Front end of one paragraph: sentences, normalized words, pronunciations (for many
/// paragraphs at once, [`phonetize_all`]).
pub fn phonetize(paragraph: &str, pronouncer: &Pronouncer) -> Vec<PhonSentence> {
    phonetize_all(&[paragraph], pronouncer)
        .pop()
        .unwrap_or_default()
}

/// Prosody of one sentence for a voice profile on `voice`, with the index of the word each
/// phone belongs to (`None` for pauses).
pub fn plan(
    s: &PhonSentence,
    voice: &VoiceMeta,
    profile: &VoiceProfile,
) -> Result<(Vec<PhoneTarget>, Vec<Option<usize>>), Error> {
    let prosody = profile.prosody(voice);
    Ok(prosody::plan_sentence_with_words(
        &s.sentence,
        &s.prons,
        &prosody,
    )?)
}

/// Options of a render that are not about casting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenderOptions {
    /// The output WAV's sample rate (44.1 or 48 kHz) and channels (stereo is the channel
    /// duplicated).
    pub format: OutputFormat,
    /// How the synthesizer treats the prosody targets (default: as suits each voice, see
    /// [`synth::Style::resolve`]; the speaker's rate and pitch are filled in per sentence).
    pub style: synth::Style,
    /// How the audio is stored: WAV (default), MP3 or Opus (which needs 48 kHz).
    pub encoding: Encoding,
    /// Whether the edition comes with its player page (`<stem>.html`; default: it does).
    pub player: PlayerPage,
}

impl Default for RenderOptions {
    /// Mono at 44.1 kHz, timing and pitch as suits each voice.
    fn default() -> Self {
        RenderOptions {
            format: OutputFormat {
                rate: SampleRate(44_100),
                channels: Channels::Mono,
            },
            style: synth::Style::default(),
            encoding: Encoding::Wav,
            player: PlayerPage::Included,
        }
    }
}

/// How far a render has come, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Sentences synthesized so far.
    pub done: usize,
    /// Sentences in the whole edition.
    pub total: usize,
}

/// What a render produced.
#[derive(Debug)]
pub struct RenderReport {
    /// The files written and the chapters as stored.
    pub finish: FinishReport,
    /// Unit substitutions the voices made, counted by (voice, substitution).
    pub substitutions: BTreeMap<(VoiceId, String), usize>,
    /// Number of sentences spoken.
    pub sentences: usize,
    /// Integrated loudness of the edition, estimated from the levelled turns (`None` if
    /// silent); see [`crate::edition::ProgramLoudness`].
    pub loudness: Option<Lufs>,
}
