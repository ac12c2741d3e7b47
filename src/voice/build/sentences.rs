//! Units from recordings of running speech (`aloud voice build … --sentences DIR`).
//!
//! A sentence recording (`NAME.wav` with `NAME.segs` or `NAME.lab`, any name) holds
//! many diphones. Its speech, from 60 ms before the first phone to 60 ms after the
//! last, is stored once in the voice audio, pitch-marked as a whole, and every
//! adjacent phone pair in it (but `pau-pau`) becomes a unit: a range of that audio
//! cut like a diphone recording's unit ([`super::cut::cut_at`]) with the same
//! padding, and the sentence's pitch marks inside the cut. Units that follow each
//! other in a sentence overlap by their padding, which is how the synthesizer's unit
//! selection knows that playing them in a row needs no join.

use super::cut::cut_at;
use super::labels::Segment;
use super::pitchmark::pitch_marks;
use super::recordings::{read_labelled, BuildConfig, BuildError};
use crate::phonetics::phone::Phone;
use crate::prosody::PhonePlace;
use crate::units::{Frames, Seconds, VOICE_RATE};
use crate::voice::{Diphone, PitchMark, Unit, UnitPlace};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Speech kept before the first and after the last phone of a sentence.
const EDGE: Seconds = Seconds(0.060);

/// One sentence recording at 16 kHz, trimmed to its speech.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// The WAV file it came from.
    pub file: PathBuf,
    /// The label file.
    pub labels: PathBuf,
    /// The sample rate of the WAV file.
    pub source_rate: u32,
    /// Samples at 16 kHz from the trimmed start, full scale = 1.
    pub samples: Vec<f32>,
    /// The phone labels, shifted to the trimmed start.
    pub segments: Vec<Segment>,
    /// Where each labelled phone stood in its word (parallel to `segments`; all `None`
    /// until [`place_sentences`] has the sentence's text).
    pub places: Vec<Option<PhonePlace>>,
}

/// How much of a voice's sentences [`place_sentences`] placed in their words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Placed {
    /// Sentences that had a prompt.
    pub sentences: usize,
    /// Their phones (pauses left out) that lined up with a pronounced phone.
    pub phones: usize,
    /// All of their phones (pauses left out).
    pub of: usize,
}

/// Gives each sentence whose file name (without `.wav`) is a prompt id of `words` the
/// places of its phones ([`super::words::phone_places`]).
pub fn place_sentences(
    sentences: &mut [Sentence],
    words: &std::collections::BTreeMap<String, Vec<Vec<crate::phonetics::phone::Phoneme>>>,
) -> Placed {
    let mut placed = Placed::default();
    for s in sentences {
        let stem = s.file.file_stem().and_then(|f| f.to_str()).unwrap_or("");
        if let Some(w) = words.get(stem) {
            let phones: Vec<Phone> = s.segments.iter().map(|g| g.phone).collect();
            s.places = super::words::phone_places(&phones, w);
            placed.sentences += 1;
            placed.phones += s.places.iter().flatten().count();
            placed.of += phones.iter().filter(|&&p| p != Phone::Pau).count();
        }
    }
    placed
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads every `*.wav` of `dir` (in file-name order) with its labels, at 16 kHz,
/// trimmed to the speech.
pub fn read_sentences(dir: &Path) -> Result<Vec<Sentence>, BuildError> {
    let mut wavs: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.extension().and_then(|e| e.to_str()) == Some("wav") {
            wavs.push(path);
        }
    }
    if wavs.is_empty() {
        return Err(BuildError::Empty {
            dir: dir.to_path_buf(),
        });
    }
    wavs.sort();
    wavs.into_par_iter()
        .map(|file| {
            let l = read_labelled(&file)?;
            Ok(trim(file, l.labels, l.source_rate, l.samples, l.segments))
        })
        .collect()
}

/// Keeps the speech of a sentence and [`EDGE`] around it.
fn trim(
    file: PathBuf,
    labels: PathBuf,
    source_rate: u32,
    samples: Vec<f32>,
    segments: Vec<Segment>,
) -> Sentence {
    let speech = |s: &&Segment| s.phone != Phone::Pau;
    let first = segments.iter().find(speech).map_or(0.0, |s| s.start.0);
    let last = segments.iter().rev().find(speech).map_or(0.0, |s| s.end.0);
    let from = (first - EDGE.0).max(0.0);
    let to = (last + EDGE.0).min(VOICE_RATE.duration(Frames(samples.len())).0);
    let (a, b) = (
        VOICE_RATE.frames(Seconds(from)).0,
        VOICE_RATE.frames(Seconds(to)).0.min(samples.len()),
    );
    let segments = segments
        .into_iter()
        .filter(|s| s.end.0 > from && s.start.0 < to)
        .map(|s| Segment {
            start: Seconds((s.start.0 - from).max(0.0)),
            end: Seconds(s.end.0.min(to) - from),
            ..s
        })
        .collect::<Vec<_>>();
    Sentence {
        file,
        labels,
        source_rate,
        samples: samples[a..b.max(a)].to_vec(),
        places: vec![None; segments.len()],
        segments,
    }
}

/// The units of one sentence stored at `offset` in the voice audio: every adjacent
/// phone pair but `pau-pau`, with positions absolute. A pair whose cut is empty on
/// one side (a phone too short) is left out. With each unit, its place in the sentence's
/// words where both of its phones have one.
pub fn sentence_units(
    s: &Sentence,
    offset: usize,
    config: &BuildConfig,
) -> Vec<(Unit, Option<UnitPlace>)> {
    let marks = pitch_marks(&s.samples, VOICE_RATE, &config.epochs);
    let pad = VOICE_RATE.frames(config.pad).0;
    let n = s.samples.len();
    let mut units = Vec::new();
    for i in 0..s.segments.len().saturating_sub(1) {
        let (x, y) = (s.segments[i].phone, s.segments[i + 1].phone);
        if x == Phone::Pau && y == Phone::Pau {
            continue;
        }
        let Ok(cut) = cut_at(&s.segments, i, VOICE_RATE) else {
            continue;
        };
        let (start, join, end) = (cut.start.0, cut.join.0, cut.end.0.min(n));
        if join >= end || start >= join {
            continue;
        }
        let mut unit_marks: Vec<PitchMark> = marks
            .iter()
            .filter(|m| (start..end).contains(&m.at.0))
            .map(|m| PitchMark {
                at: m.at + Frames(offset),
                voiced: m.voiced,
            })
            .collect();
        if unit_marks.is_empty() {
            unit_marks.push(PitchMark {
                at: Frames(offset + join),
                voiced: false,
            });
        }
        let place = match (
            s.places.get(i).copied().flatten(),
            s.places.get(i + 1).copied().flatten(),
        ) {
            (Some(a), Some(b)) => Some(UnitPlace {
                word_break: b.word_start,
                stress: [a.stress, b.stress],
            }),
            _ => None,
        };
        let unit = Unit {
            diphone: Diphone::new(x, y),
            start: Frames(offset + start.saturating_sub(pad)),
            join: Frames(offset + join),
            end: Frames(offset + (end + pad).min(n)),
            marks: unit_marks,
        };
        units.push((unit, place));
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person::Gender;

    fn seg(phone: Phone, start: f64, end: f64) -> Segment {
        Segment {
            phone,
            start: Seconds(start),
            end: Seconds(end),
        }
    }

    #[test]
    fn every_pair_of_a_sentence_is_a_unit_and_neighbours_overlap() {
        let rate = 16_000.0;
        let samples: Vec<f32> = (0..16_000)
            .map(|k| 0.3 * (2.0 * std::f32::consts::PI * 120.0 * k as f32 / rate).sin())
            .collect();
        let segments = vec![
            seg(Phone::Pau, 0.0, 0.2),
            seg(Phone::M, 0.2, 0.35),
            seg(Phone::Aa, 0.35, 0.6),
            seg(Phone::M, 0.6, 0.75),
            seg(Phone::Pau, 0.75, 1.0),
        ];
        let s = trim(PathBuf::new(), PathBuf::new(), 16_000, samples, segments);
        assert_eq!(s.samples.len(), 16_000 * 67 / 100);
        let units: Vec<Unit> = sentence_units(&s, 500, &BuildConfig::for_gender(Gender::Male))
            .into_iter()
            .map(|(u, place)| {
                assert_eq!(place, None, "no text, no places");
                u
            })
            .collect();
        let names: Vec<String> = units.iter().map(|u| u.diphone.to_string()).collect();
        assert_eq!(names, ["pau-m", "m-aa", "aa-m", "m-pau"]);
        for w in units.windows(2) {
            assert!(w[1].start < w[0].end, "neighbours overlap");
            assert!(
                w[0].join < w[1].start,
                "the next unit starts after the join"
            );
        }
        for u in &units {
            assert!(u.start.0 >= 500 && u.end.0 <= 500 + s.samples.len());
            assert!(u.marks.iter().all(|m| (u.start..u.end).contains(&m.at)));
        }
    }
}
