//! The render stages after the front end: synthesis, levelling, resampling and captions in
//! overlapping batches, and the writer thread (see the diagram in [`crate::pipeline`]).

use super::batches::{batches, pieces, Place};
use super::captions::{self, Caption};
use super::front;
use super::jobs::{chapter_jobs, Job};
use super::{plan, Engine, Progress, RenderOptions, RenderReport};
use crate::casting::Cast;
use crate::edition::{
    EditionWriter, LevelReport, Leveller, LoudnessTarget, PartLoudness, ProgramLoudness, WavInfo,
};
use crate::error::{Error, NoSpeech};
use crate::manuscript::Manuscript;
use crate::prosody::{self, PauseKind};
use crate::synth::{self, Resampler, Waveform};
use crate::units::{SampleRate, VOICE_RATE};
use crate::voice::{Substitution, VoiceId};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

/// A levelled piece of a turn at the output rate: its sentences in order.
struct TurnAudio {
    sentences: Vec<SpokenSentenceAudio>,
    level: LevelReport,
}

/// One sentence at the output rate and the pause that follows it within the turn.
struct SpokenSentenceAudio {
    samples: Vec<f32>,
    /// Output frames of silence after it (0 after the last sentence of a piece).
    pause: u64,
    /// Its caption cues, in order, covering its samples.
    captions: Vec<Caption>,
    /// Its turn and paragraph in the chapter (a new paragraph starts where this changes).
    place: (usize, usize),
}

/// What the writer thread does next, in output order.
enum Write {
    /// A pause of this many output frames.
    Silence(u64),
    /// A chapter starts here.
    Chapter(String),
    /// A piece of a turn, captioned as said by `speaker`.
    Turn { audio: TurnAudio, speaker: String },
}

/// Writes waiting for the writer thread, at most (a batch is usually a few writes).
const WRITE_QUEUE: usize = 8;

/// A batch of one chapter's sentences, synthesized together.
struct Batch<'a> {
    chapter: usize,
    /// Whether this batch opens its chapter.
    opens: bool,
    /// The turn and paragraph of the sentence before the batch in its chapter.
    previous: Option<(usize, usize)>,
    jobs: &'a [Job<'a>],
}

/// A batch after synthesis: one 16 kHz waveform per sentence.
struct Synthesized<'a> {
    batch: Batch<'a>,
    waves: Vec<Waveform>,
    /// Each sentence's loudness, measured right after its synthesis.
    measured: Vec<PartLoudness>,
    /// Where each sentence's words start in its waveform (samples at 16 kHz).
    starts: Vec<Vec<u64>>,
}

/// Unit substitutions counted by (voice, "used for wanted").
type Substitutions = BTreeMap<(VoiceId, String), usize>;

/// Renders a manuscript with its cast into a chaptered WAV plus sidecars at `out`.
/// Checks `cancel` between sentences; when it is set the render stops with
/// [`Error::Interrupted`] and nothing is left at `out`.
///
/// Three stages overlap: while one batch of sentences is synthesized (in parallel), the batch
/// before it is levelled and resampled (in parallel, one piece per turn), and a writer thread
/// writes what came before. Every stage keeps input order, so the bytes are the same for any
/// thread count.
pub(super) fn render<'c>(
    m: &Manuscript,
    cast: &Cast,
    engine: &Engine,
    options: RenderOptions,
    out: &Path,
    cancel: impl FnOnce() -> &'c AtomicBool,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<RenderReport, Error> {
    let format = options.format;
    let cancel = cancel();
    let writer = EditionWriter::create_encoded(out, format, options.encoding, options.player)?;
    let phonetized = front::phonetize_manuscript(m, &engine.pronouncer);
    let plans = m
        .chapters
        .iter()
        .zip(phonetized)
        .map(|(c, sentences)| chapter_jobs(&c.turns, sentences, cast))
        .collect::<Result<Vec<_>, Error>>()?;
    // No speech, no edition (the writer's temporary files go with it).
    if plans.iter().all(Vec::is_empty) {
        return Err(Error::NoSpeech(NoSpeech::NoSentences {
            title: m.title.clone(),
        }));
    }
    let stages = Stages {
        m,
        engine,
        leveller: Leveller::new(
            VOICE_RATE,
            LoudnessTarget::podcast(format.channels).before(options.encoding),
        )?,
        rate: format.rate,
        style: options.style,
        cancel,
        progress,
        done: AtomicUsize::new(0),
        total: plans.iter().map(Vec::len).sum(),
        resamplers: Mutex::new(Vec::new()),
    };
    let (tx, rx) = mpsc::sync_channel(WRITE_QUEUE);
    let (produced, written) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || write_all(writer, rx));
        let produced = stages.run(&plans, &tx);
        drop(tx);
        let written = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (produced, written)
    });
    // A producer error comes first; a producer that stopped early because the writer failed
    // returns Ok, and the writer's error follows.
    let substitutions = produced?;
    let (writer, loudness, audible) = written?;
    if !audible {
        return Err(Error::NoSpeech(NoSpeech::Silent {
            title: m.title.clone(),
            sentences: stages.total,
        }));
    }
    let info = WavInfo {
        artist: m.publication.clone().unwrap_or_default(),
        comment: format!(
            "Read aloud by aloud from \"{}\"; voices: {}",
            m.title,
            engine
                .cast_voices()
                .iter()
                .map(VoiceId::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ..WavInfo::new(m.title.clone())
    };
    let finish = writer.finish(&info)?;
    Ok(RenderReport {
        finish,
        substitutions,
        sentences: stages.total,
        loudness: loudness.estimate(format.channels),
    })
}

/// The writer thread: carries out the writes in order. Also says whether any sample written
/// is heard (does not round to 0 in 16-bit PCM).
fn write_all(
    mut writer: EditionWriter,
    writes: mpsc::Receiver<Write>,
) -> Result<(EditionWriter, ProgramLoudness, bool), Error> {
    let mut loudness = ProgramLoudness::default();
    let mut heard = false;
    let mut place = None;
    for w in writes {
        match w {
            Write::Silence(frames) => writer.write_silence(frames)?,
            Write::Chapter(title) => {
                writer.mark_chapter(&title)?;
                place = None;
            }
            Write::Turn { audio, speaker } => {
                let spoken = audio.sentences.iter().map(|s| s.samples.len()).sum();
                loudness.add(&audio.level, spoken);
                for s in &audio.sentences {
                    // A sentence that came out empty gets no caption (a cue spans a frame).
                    if !s.samples.is_empty() {
                        if place.is_some_and(|p| p != s.place) {
                            writer.paragraph();
                        }
                        place = Some(s.place);
                        let start = writer.position();
                        for c in &s.captions {
                            let (from, to) = (start + c.frames.start, start + c.frames.end);
                            writer.cue(from, to, &speaker, &c.text)?;
                        }
                        writer.write(&s.samples)?;
                        // Stops looking at the first audible sample: about free.
                        heard = heard || s.samples.iter().any(|&x| x.abs() * 32767.0 > 0.5);
                    }
                    writer.write_silence(s.pause)?;
                }
            }
        }
    }
    Ok((writer, loudness, heard))
}

/// What the synthesis and assembly stages share.
struct Stages<'r> {
    m: &'r Manuscript,
    engine: &'r Engine,
    leveller: Leveller,
    rate: SampleRate,
    style: synth::Style,
    cancel: &'r AtomicBool,
    progress: &'r (dyn Fn(Progress) + Sync),
    done: AtomicUsize,
    total: usize,
    /// Resamplers ready for reuse.
    resamplers: Mutex<Vec<Resampler>>,
}

impl Stages<'_> {
    /// Synthesizes batch after batch, assembling the one before meanwhile, and sends the
    /// writes. Returns early (Ok) when the writer thread has stopped.
    fn run(
        &self,
        plans: &[Vec<Job<'_>>],
        tx: &mpsc::SyncSender<Write>,
    ) -> Result<Substitutions, Error> {
        let mut substitutions = Substitutions::new();
        let mut batches = plans.iter().enumerate().flat_map(|(chapter, jobs)| {
            let places: Vec<Place> = jobs
                .iter()
                .map(|j| Place {
                    turn: j.turn,
                    paragraph: j.paragraph,
                    words: j.sentence.sentence.words.len(),
                })
                .collect();
            batches(&places)
                .into_iter()
                .enumerate()
                .map(move |(i, r)| Batch {
                    chapter,
                    opens: i == 0,
                    previous: r
                        .start
                        .checked_sub(1)
                        .map(|p| (jobs[p].turn, jobs[p].paragraph)),
                    jobs: &jobs[r],
                })
        });
        let mut pending: Option<Synthesized<'_>> = None;
        loop {
            if self.cancel.load(Ordering::Relaxed) {
                return Err(Error::Interrupted);
            }
            let next = batches.next();
            if next.is_none() && pending.is_none() {
                return Ok(substitutions);
            }
            let (synthesized, assembled) = rayon::join(
                || next.map(|b| self.synthesize(b)).transpose(),
                || pending.take().map(|s| self.assemble(s)).transpose(),
            );
            for w in assembled?.into_iter().flatten() {
                if tx.send(w).is_err() {
                    return Ok(substitutions);
                }
            }
            pending = match synthesized? {
                Some((s, subs)) => {
                    for (job, subs) in s.batch.jobs.iter().zip(subs) {
                        for u in subs {
                            let what = format!(
                                "{}-{} for {}-{}",
                                u.used.left, u.used.right, u.wanted.left, u.wanted.right
                            );
                            *substitutions
                                .entry((job.profile.voice.clone(), what))
                                .or_insert(0) += 1;
                        }
                    }
                    Some(s)
                }
                None => None,
            };
        }
    }

    /// Synthesizes a batch's sentences in parallel at 16 kHz.
    fn synthesize<'a>(
        &self,
        batch: Batch<'a>,
    ) -> Result<(Synthesized<'a>, Vec<Vec<Substitution>>), Error> {
        type Out = ((Waveform, PartLoudness, Vec<u64>), Vec<Substitution>);
        let out: Vec<Out> = batch
            .jobs
            .par_iter()
            .map(|job| {
                if self.cancel.load(Ordering::Relaxed) {
                    return Err(Error::Interrupted);
                }
                let voice = self.engine.voice(job.profile.voice.as_str())?;
                let (targets, words) = plan(&job.sentence, voice.meta(), job.profile)?;
                let style = self.style.speaking(job.profile.rate, job.profile.pitch);
                let out = synth::synthesize_with(&targets, voice, style);
                voice.release_pages();
                let out = out?;
                let measured = self.leveller.measure_part(&out.waveform.samples)?;
                let starts =
                    captions::word_starts(&words, &out.durations, job.sentence.prons.len());
                let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
                (self.progress)(Progress {
                    done: n,
                    total: self.total,
                });
                Ok(((out.waveform, measured, starts), out.substitutions))
            })
            .collect::<Result<_, Error>>()?;
        let (sentences, subs): (Vec<_>, _) = out.into_iter().unzip();
        let (mut waves, mut measured, mut starts) = (Vec::new(), Vec::new(), Vec::new());
        for (wave, loudness, word_starts) in sentences {
            waves.push(wave);
            measured.push(loudness);
            starts.push(word_starts);
        }
        Ok((
            Synthesized {
                batch,
                waves,
                measured,
                starts,
            },
            subs,
        ))
    }

    /// Levels one piece of a turn (its sentences together) and brings it to the output rate:
    /// each sentence with the pause after it is resampled on its own, in parallel.
    fn stitch(
        &self,
        jobs: &[Job<'_>],
        mut waves: Vec<Waveform>,
        measured: &[PartLoudness],
        starts: &[Vec<u64>],
    ) -> Result<TurnAudio, Error> {
        let mut parts: Vec<&mut [f32]> = waves.iter_mut().map(|w| &mut w.samples[..]).collect();
        let level = self.leveller.level_parts(&mut parts, measured)?;
        // Each sentence is resampled on its own, in parallel; the pauses between them are
        // written as silence at the output rate.
        let sentences = jobs
            .par_iter()
            .zip(&waves)
            .zip(starts)
            .enumerate()
            .map(|(i, ((job, wave), starts))| {
                let pause = jobs.get(i + 1).map_or(0, |next| {
                    let kind = if next.paragraph == job.paragraph {
                        PauseKind::Sentence
                    } else {
                        PauseKind::Paragraph
                    };
                    self.rate.frames(prosody::pause(kind, next.profile.rate)).0 as u64
                });
                let samples = self.resample(wave)?.samples;
                let captions = captions::captions(
                    &job.sentence.sentence,
                    starts,
                    wave.samples.len() as u64,
                    samples.len() as u64,
                );
                Ok(SpokenSentenceAudio {
                    samples,
                    pause,
                    captions,
                    place: (job.turn, job.paragraph),
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok(TurnAudio { sentences, level })
    }

    /// Resamples to the output rate with a resampler from the pool (planning FFTs is too
    /// costly to repeat per sentence; every call starts from a reset state).
    fn resample(&self, wave: &Waveform) -> Result<Waveform, Error> {
        let pooled = self.resamplers.lock().ok().and_then(|mut pool| pool.pop());
        let mut resampler = match pooled {
            Some(r) => r,
            None => Resampler::new(VOICE_RATE, self.rate)?,
        };
        let out = resampler.process(wave);
        if let Ok(mut pool) = self.resamplers.lock() {
            pool.push(resampler);
        }
        Ok(out?)
    }

    /// Stitches, levels and resamples a synthesized batch (one piece per turn, in parallel)
    /// and lays out its writes: chapter mark, pauses, turns.
    fn assemble(&self, s: Synthesized<'_>) -> Result<Vec<Write>, Error> {
        let Synthesized {
            batch,
            mut waves,
            measured,
            starts,
        } = s;
        let turns: Vec<usize> = batch.jobs.iter().map(|j| j.turn).collect();
        let pieces = pieces(&turns);
        // Hand each piece its own waveforms (pieces are consecutive runs of sentences).
        let mut per_piece = Vec::with_capacity(pieces.len());
        for range in pieces.iter().rev() {
            per_piece.push(waves.split_off(range.start));
        }
        per_piece.reverse();
        let audio: Vec<TurnAudio> = pieces
            .par_iter()
            .zip(per_piece)
            .map(|(range, waves)| {
                let r = range.clone();
                self.stitch(
                    &batch.jobs[r.clone()],
                    waves,
                    &measured[r.clone()],
                    &starts[r],
                )
            })
            .collect::<Result<_, Error>>()?;
        let chapter = &self.m.chapters[batch.chapter];
        let mut writes = Vec::with_capacity(2 * pieces.len() + 2);
        if batch.opens {
            if batch.chapter > 0 {
                let gap = prosody::pause(PauseKind::Chapter, Default::default());
                writes.push(Write::Silence(self.rate.frames(gap).0 as u64));
            }
            writes.push(Write::Chapter(chapter.title.clone()));
        }
        let mut previous = batch.previous;
        for (range, audio) in pieces.into_iter().zip(audio) {
            let first = &batch.jobs[range.start];
            let gap = match previous {
                None => None,
                // A batch cut inside a long paragraph.
                Some(at) if at == (first.turn, first.paragraph) => Some(PauseKind::Sentence),
                Some((t, _)) if t == first.turn => Some(PauseKind::Paragraph),
                Some(_) => Some(PauseKind::SpeakerChange),
            };
            if let Some(kind) = gap {
                let gap = prosody::pause(kind, first.profile.rate);
                writes.push(Write::Silence(self.rate.frames(gap).0 as u64));
            }
            let last = &batch.jobs[range.end - 1];
            previous = Some((last.turn, last.paragraph));
            let speaker = self
                .m
                .speaker(chapter.turns[first.turn].speaker)
                .map_or("Narrator", |s| s.name.as_str());
            writes.push(Write::Turn {
                audio,
                speaker: speaker.to_string(),
            });
        }
        Ok(writes)
    }
}
