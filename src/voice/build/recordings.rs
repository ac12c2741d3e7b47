//! Building a voice from labelled recordings (`aloud voice build`).
//!
//! The input folder holds one recording per diphone: `X-Y.wav` (mono PCM, any
//! sample rate; resampled to 16 kHz with rubato's FFT resampler, then freed of any
//! DC offset by a zero-phase 30 Hz high-pass, [`remove_dc`]) and a label file
//! with the same stem (`X-Y.segs` or `X-Y.lab`, see [`super::labels`]) in which the
//! pair X-Y occurs exactly once. Each unit is cut with [`super::cut::cut_points`],
//! gets pitch marks from [`super::pitchmark::pitch_marks`] (kept only between the
//! cut points), and is appended to one audio buffer with [`BuildConfig::pad`] of
//! context on each side (inside the unit's range, outside its marks); finally the
//! whole voice is scaled to the speech level all voices share
//! ([`super::analysis::normalising_gain`]) and written
//! with [`crate::voice::write_voice`]. The result is a pure function of the input files.
//!
//! `pau-pau` (the loader's last fallback) comes from a `pau-pau` recording if
//! there is one, else it is cut from the middle of the first leading pause of at
//! least 100 ms (in file-name order): 50 ms on each side of its midpoint.

use super::analysis::normalising_gain;
use super::cut::{cut_points, CutError, PAUSE_PART};
pub use super::error::BuildError;
use super::labels::{self, Segment};
use super::pitchmark::{pitch_marks, EpochConfig};
use super::sentences::{sentence_units, Sentence};
use crate::person::Gender;
use crate::phonetics::phone::Phone;
use crate::units::{Frames, Hz, Seconds, VOICE_RATE};
use crate::voice::{write_voice, Diphone, PitchMark, Unit, UnitPlace, VoiceDescription, VoiceMeta};
use rayon::prelude::*;
use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Resampler};
use std::path::{Path, PathBuf};

/// Settings of the voice builder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BuildConfig {
    /// The epoch detector's settings (mostly the F0 range).
    pub epochs: EpochConfig,
    /// Context kept on each side of the cut (inside the unit, outside its first and
    /// last pitch marks) for the synthesizer's overlap windows.
    pub pad: Seconds,
    /// How far around a unit the pitch-mark analysis looks.
    pub analysis_margin: Seconds,
}

impl BuildConfig {
    /// Defaults for a speaker: F0 range 100–400 Hz (female) or 50–250 Hz (male),
    /// 10 ms padding, 50 ms analysis margin.
    pub fn for_gender(gender: Gender) -> BuildConfig {
        let epochs = match gender {
            Gender::Female => EpochConfig::new(Hz(100.0), Hz(400.0)),
            Gender::Male => EpochConfig::new(Hz(50.0), Hz(250.0)),
        };
        BuildConfig {
            epochs,
            pad: Seconds(0.010),
            analysis_margin: Seconds(0.050),
        }
    }
}

/// One labelled recording, resampled to 16 kHz.
#[derive(Debug, Clone)]
pub struct Recording {
    /// The WAV file it came from.
    pub file: PathBuf,
    /// The label file.
    pub labels: PathBuf,
    /// The diphone it was made for (from the file name).
    pub diphone: Diphone,
    /// The sample rate of the WAV file.
    pub source_rate: u32,
    /// Samples at 16 kHz, full scale = 1.
    pub samples: Vec<f32>,
    /// The phone labels.
    pub segments: Vec<Segment>,
}

/// Numbers about one unit of a built voice (after scaling).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitStats {
    /// The unit.
    pub diphone: Diphone,
    /// Length of the cut (without padding).
    pub duration: Seconds,
    /// RMS over the cut (full scale = 1).
    pub rms: f32,
    /// Largest absolute sample of the cut (full scale = 1).
    pub peak: f32,
    /// Median F0 over its voiced periods, if it has at least two voiced marks.
    pub f0_median: Option<Hz>,
    /// Number of voiced marks.
    pub voiced_marks: usize,
}

/// A voice assembled in memory, before it is written.
#[derive(Debug, Clone)]
pub struct Assembled {
    /// The voice audio, 16-bit at 16 kHz.
    pub samples: Vec<i16>,
    /// The units, sorted by diphone.
    pub units: Vec<Unit>,
    /// Where each unit's phones stood in the words of its recording (parallel to `units`;
    /// known for units of sentences whose text the builder had).
    pub places: Vec<Option<UnitPlace>>,
    /// Numbers per unit, in the same order.
    pub stats: Vec<UnitStats>,
    /// The gain that was applied to the recordings.
    pub gain: f32,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A recording read for cutting: its label file and segments, and its audio at the voice
/// rate without DC offset.
pub(super) struct Labelled {
    pub labels: PathBuf,
    pub segments: Vec<Segment>,
    /// The WAV's own sample rate.
    pub source_rate: u32,
    pub samples: Vec<f32>,
}

/// Reads the recording `file` (`X.wav`) with its labels (`X.segs` or `X.lab`).
pub(super) fn read_labelled(file: &Path) -> Result<Labelled, BuildError> {
    let labels = ["segs", "lab"]
        .iter()
        .map(|ext| file.with_extension(ext))
        .find(|p| p.is_file())
        .ok_or_else(|| BuildError::NoLabels {
            file: file.to_path_buf(),
        })?;
    let segments = labels::read(&labels)?;
    let (samples, source_rate) = read_wav(file)?;
    let mut samples = to_voice_rate(samples, source_rate, file)?;
    remove_dc(&mut samples);
    Ok(Labelled {
        labels,
        segments,
        source_rate,
        samples,
    })
}

/// Reads a WAV file as mono `f32` samples and its sample rate.
pub(super) fn read_wav(file: &Path) -> Result<(Vec<f32>, u32), BuildError> {
    let wav_err = |source| BuildError::Wav {
        file: file.to_path_buf(),
        source,
    };
    let reader = hound::WavReader::open(file).map_err(wav_err)?;
    let spec = reader.spec();
    if spec.channels != 1 {
        return Err(BuildError::NotMono {
            file: file.to_path_buf(),
            channels: spec.channels,
        });
    }
    let samples: Vec<f32> = match spec.sample_format {
        hound::SampleFormat::Float => reader.into_samples::<f32>().collect::<Result<_, _>>(),
        hound::SampleFormat::Int => {
            let scale = 1.0 / (1u64 << (spec.bits_per_sample - 1)) as f32;
            reader
                .into_samples::<i32>()
                .map(|s| s.map(|v| v as f32 * scale))
                .collect::<Result<_, _>>()
        }
    }
    .map_err(wav_err)?;
    Ok((samples, spec.sample_rate))
}

/// Resamples `samples` from `rate` to 16 kHz (unchanged if already 16 kHz).
pub(super) fn to_voice_rate(
    samples: Vec<f32>,
    rate: u32,
    file: &Path,
) -> Result<Vec<f32>, BuildError> {
    if rate == VOICE_RATE.0 {
        return Ok(samples);
    }
    let fail = |message: String| BuildError::Resample {
        file: file.to_path_buf(),
        message,
    };
    let mut resampler = Fft::<f32>::new(
        rate as usize,
        VOICE_RATE.0 as usize,
        1024,
        1,
        FixedSync::Both,
    )
    .map_err(|e| fail(e.to_string()))?;
    let input =
        InterleavedSlice::new(&samples[..], 1, samples.len()).map_err(|e| fail(e.to_string()))?;
    let out = resampler
        .process_all(&input, samples.len(), None)
        .map_err(|e| fail(e.to_string()))?;
    Ok(out.take_data())
}

/// Cut-off of the DC-removing high-pass: below the lowest F0 any voice uses (50 Hz).
const DC_CUTOFF_HZ: f64 = 30.0;

/// Removes a DC offset (and rumble below `DC_CUTOFF_HZ`, 30 Hz) from a recording at 16 kHz:
/// a second-order Butterworth high-pass run forwards and then backwards, so no phase
/// shift moves the pitch epochs. Some sources carry a DC offset only while the
/// speaker talks (Festival's HTS voices; their pauses are exact zero), which would
/// step at every unit edge and phrase edge.
pub fn remove_dc(samples: &mut [f32]) {
    use biquad::{Biquad, Coefficients, DirectForm2Transposed, ToHertz, Type, Q_BUTTERWORTH_F64};
    let Ok(coefs) = Coefficients::<f64>::from_params(
        Type::HighPass,
        f64::from(VOICE_RATE.0).hz(),
        DC_CUTOFF_HZ.hz(),
        Q_BUTTERWORTH_F64,
    ) else {
        return;
    };
    let mut forward = DirectForm2Transposed::<f64>::new(coefs);
    for s in samples.iter_mut() {
        *s = forward.run(f64::from(*s)) as f32;
    }
    let mut backward = DirectForm2Transposed::<f64>::new(coefs);
    for s in samples.iter_mut().rev() {
        *s = backward.run(f64::from(*s)) as f32;
    }
}

/// The diphone a recording's file stem names: `X-Y`, or `X-Y~N` for its N-th further
/// recording (another context of the same pair; the voice keeps every one as a
/// candidate for unit selection).
fn recording_diphone(stem: &str) -> Option<Diphone> {
    let name = match stem.split_once('~') {
        Some((name, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => name,
        Some(_) => return None,
        None => stem,
    };
    name.parse().ok()
}

/// Reads every `*.wav` of `dir` (sorted by diphone, then file name, so a pair's
/// further recordings `X-Y~N` follow `X-Y`) with its labels, at 16 kHz.
pub fn read_recordings(dir: &Path) -> Result<Vec<Recording>, BuildError> {
    let mut wavs: Vec<(Diphone, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("wav") {
            continue;
        }
        let diphone = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(recording_diphone)
            .ok_or_else(|| BuildError::Name { file: path.clone() })?;
        wavs.push((diphone, path));
    }
    if wavs.is_empty() {
        return Err(BuildError::Empty {
            dir: dir.to_path_buf(),
        });
    }
    wavs.sort();
    wavs.into_par_iter()
        .map(|(diphone, file)| {
            let l = read_labelled(&file)?;
            Ok(Recording {
                file,
                labels: l.labels,
                diphone,
                source_rate: l.source_rate,
                samples: l.samples,
                segments: l.segments,
            })
        })
        .collect()
}

/// A unit cut from its recording: the padded audio and positions relative to it.
struct Piece {
    diphone: Diphone,
    /// The unit's audio: the cut plus padding on both sides.
    audio: Vec<f32>,
    /// The cut within `audio`.
    cut: std::ops::Range<usize>,
    join: usize,
    marks: Vec<PitchMark>,
}

fn cut_piece(
    rec: &Recording,
    segments: &[Segment],
    diphone: Diphone,
    config: &BuildConfig,
) -> Result<Piece, BuildError> {
    let cut = cut_points(segments, diphone, VOICE_RATE).map_err(|source| BuildError::Cut {
        file: rec.labels.clone(),
        source,
    })?;
    let n = rec.samples.len();
    let (start, join) = (cut.start.0, cut.join.0);
    let end = cut.end.0.min(n);
    if join >= end {
        return Err(BuildError::Cut {
            file: rec.labels.clone(),
            source: CutError::TooShort(diphone),
        });
    }
    let margin = VOICE_RATE.frames(config.analysis_margin).0;
    let (a0, a1) = (start.saturating_sub(margin), (end + margin).min(n));
    let mut marks: Vec<PitchMark> = pitch_marks(&rec.samples[a0..a1], VOICE_RATE, &config.epochs)
        .into_iter()
        .map(|m| PitchMark {
            at: m.at + Frames(a0),
            ..m
        })
        .filter(|m| (start..end).contains(&m.at.0))
        .collect();
    if marks.is_empty() {
        marks.push(PitchMark {
            at: cut.join,
            voiced: false,
        });
    }
    let pad = VOICE_RATE.frames(config.pad).0;
    // padded region, zero-filled where it runs past the recording
    let p0 = start as isize - pad as isize;
    let audio = (p0..(end + pad) as isize)
        .map(|i| {
            if i >= 0 && (i as usize) < n {
                rec.samples[i as usize]
            } else {
                0.0
            }
        })
        .collect();
    let shift = |at: usize| (at as isize - p0) as usize;
    Ok(Piece {
        diphone,
        audio,
        cut: shift(start)..shift(end),
        join: shift(join),
        marks: marks
            .into_iter()
            .map(|m| PitchMark {
                at: Frames(shift(m.at.0)),
                ..m
            })
            .collect(),
    })
}

/// The labels of `rec` with its leading pause (if it has one of at least twice
/// [`PAUSE_PART`]) split in two halves, so that `pau-pau` can be cut from it.
fn split_leading_pause(rec: &Recording) -> Option<Vec<Segment>> {
    let first = rec.segments.first()?;
    if first.phone != Phone::Pau || first.duration().0 < 2.0 * PAUSE_PART.0 {
        return None;
    }
    let mid = Seconds((first.start.0 + first.end.0) / 2.0);
    Some(vec![
        Segment { end: mid, ..*first },
        Segment {
            start: mid,
            ..*first
        },
    ])
}

/// Median F0 of a unit's voiced periods.
fn unit_f0(marks: &[PitchMark]) -> Option<Hz> {
    let mut f0: Vec<f32> = marks
        .windows(2)
        .filter(|w| w[0].voiced && w[1].voiced)
        .map(|w| VOICE_RATE.0 as f32 / (w[1].at - w[0].at).0 as f32)
        .collect();
    f0.sort_by(f32::total_cmp);
    f0.get(f0.len() / 2).map(|&f| Hz(f))
}

/// Cuts, marks, concatenates and scales all recordings into one voice.
pub fn assemble(recordings: &[Recording], config: &BuildConfig) -> Result<Assembled, BuildError> {
    assemble_with_sentences(recordings, &[], config)
}

/// [`assemble`], with the units of recordings of running speech added as further
/// candidates (see [`super::sentences`]): a diphone's unit from `recordings` comes
/// first, then its units from `sentences` in sentence order.
pub fn assemble_with_sentences(
    recordings: &[Recording],
    sentences: &[Sentence],
    config: &BuildConfig,
) -> Result<Assembled, BuildError> {
    let mut pieces: Vec<Piece> = recordings
        .par_iter()
        .map(|r| cut_piece(r, &r.segments, r.diphone, config))
        .collect::<Result<_, _>>()?;
    let silence = Diphone::new(Phone::Pau, Phone::Pau);
    if !pieces.iter().any(|p| p.diphone == silence) {
        if let Some((rec, halves)) = recordings
            .iter()
            .find_map(|r| Some((r, split_leading_pause(r)?)))
        {
            pieces.push(cut_piece(rec, &halves, silence, config)?);
        }
    }
    let mut audio: Vec<f32> = Vec::new();
    let mut units = Vec::with_capacity(pieces.len());
    for p in &pieces {
        let offset = audio.len();
        audio.extend_from_slice(&p.audio);
        units.push(Unit {
            diphone: p.diphone,
            start: Frames(offset),
            join: Frames(offset + p.join),
            end: Frames(offset + p.audio.len()),
            marks: p
                .marks
                .iter()
                .map(|m| PitchMark {
                    at: Frames(offset) + m.at,
                    voiced: m.voiced,
                })
                .collect(),
        });
    }
    let carriers = units.len();
    let mut places: Vec<Option<UnitPlace>> = vec![None; carriers];
    let per_sentence: Vec<Vec<(Unit, Option<UnitPlace>)>> = {
        let mut offset = audio.len();
        let offsets: Vec<usize> = sentences
            .iter()
            .map(|s| {
                let o = offset;
                offset += s.samples.len();
                o
            })
            .collect();
        sentences
            .par_iter()
            .zip(offsets)
            .map(|(s, o)| sentence_units(s, o, config))
            .collect()
    };
    for (s, u) in sentences.iter().zip(per_sentence) {
        audio.extend_from_slice(&s.samples);
        for (unit, place) in u {
            units.push(unit);
            places.push(place);
        }
    }
    // the level every voice builder uses (see `analysis`), so slt sounds as loud as kal
    let gain = normalising_gain(&audio, &units);
    let samples: Vec<i16> = audio
        .iter()
        .map(|&s| (s * gain * 32767.0).round().clamp(-32768.0, 32767.0) as i16)
        .collect();
    let stat = |diphone, cut: &[f32], marks: &[PitchMark]| {
        let energy: f64 = cut.iter().map(|&s| f64::from(s * gain).powi(2)).sum();
        UnitStats {
            diphone,
            duration: VOICE_RATE.duration(Frames(cut.len())),
            rms: (energy / cut.len().max(1) as f64).sqrt() as f32,
            peak: cut.iter().fold(0.0f32, |m, s| m.max((s * gain).abs())),
            f0_median: unit_f0(marks),
            voiced_marks: marks.iter().filter(|m| m.voiced).count(),
        }
    };
    let mut stats: Vec<UnitStats> = pieces
        .iter()
        .map(|p| stat(p.diphone, &p.audio[p.cut.clone()], &p.marks))
        .collect();
    stats.extend(
        units[carriers..]
            .iter()
            .map(|u| stat(u.diphone, &audio[u.range()], &u.marks)),
    );
    // a diphone's units side by side (the index format wants them so), the
    // recording made for it first; a stable sort keeps the sentence order after it
    // (without sentences the order is the recordings' and stays so, byte for byte)
    let mut order: Vec<usize> = (0..units.len()).collect();
    if !sentences.is_empty() {
        order.sort_by_key(|&i| units[i].diphone);
    }
    let units: Vec<Unit> = order.iter().map(|&i| units[i].clone()).collect();
    let stats: Vec<UnitStats> = order.iter().map(|&i| stats[i].clone()).collect();
    let places: Vec<Option<UnitPlace>> = order.iter().map(|&i| places[i]).collect();
    Ok(Assembled {
        samples,
        units,
        places,
        stats,
        gain,
    })
}

/// Builds a voice from the labelled recordings in `dir` and writes it to `out`.
pub fn build_voice(
    dir: &Path,
    out: &Path,
    desc: &VoiceDescription,
    config: &BuildConfig,
) -> Result<(VoiceMeta, Assembled), BuildError> {
    let recordings = read_recordings(dir)?;
    let assembled = assemble(&recordings, config)?;
    let meta = write_voice(out, desc, &assembled.samples, &assembled.units)?;
    Ok((meta, assembled))
}

#[cfg(test)]
mod tests {
    use super::{recording_diphone, remove_dc};
    use crate::phonetics::phone::Phone;
    use crate::voice::Diphone;

    #[test]
    fn further_recordings_of_a_pair_are_named_with_a_tilde_and_a_number() {
        let aa_b = Some(Diphone::new(Phone::Aa, Phone::B));
        assert_eq!(recording_diphone("aa-b"), aa_b);
        assert_eq!(recording_diphone("aa-b~2"), aa_b);
        for bad in ["aa-b~", "aa-b~x", "aa-b~1~2", "aa~1-b", "aa"] {
            assert_eq!(recording_diphone(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_dc_offset_goes_and_a_voice_band_tone_stays() {
        let n = 16_000;
        let tone = |k: usize| (2.0 * std::f32::consts::PI * 150.0 * k as f32 / 16_000.0).sin();
        let mut x: Vec<f32> = (0..n).map(|k| 0.05 + 0.5 * tone(k)).collect();
        remove_dc(&mut x);
        let mid = &x[4000..12000];
        let mean = mid.iter().sum::<f32>() / mid.len() as f32;
        assert!(mean.abs() < 1e-3, "mean {mean}");
        let rms = (mid.iter().map(|v| v * v).sum::<f32>() / mid.len() as f32).sqrt();
        assert!((rms - 0.5 / 2f32.sqrt()).abs() < 0.01, "rms {rms}");
    }
}
