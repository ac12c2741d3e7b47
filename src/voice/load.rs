//! Loading a voice folder into an owned, validated [`Voice`].

use super::blocks::{self, BlockCheck, BLOCKS_FILE};
use super::fallback::{resolve, Substitution};
use super::features::{unit_features, UnitFeatures, FEATURES_FILE};
use super::format::{check_grouping, read_meta_file, Expected, AUDIO_FILE, INDEX_FILE};
use super::index::{parse_index, unit_check, validate_unit};
use super::pcm::{self, Pcm};
use super::{wav, Diphone, Unit, UnitProblem, VoiceError, VoiceMeta};
use crate::phonetics::phone::Phone;
use std::path::Path;
use std::sync::Arc;

/// Factor from a stored 16-bit sample to −1.0..1.0.
pub const PCM_SCALE: f32 = 1.0 / 32768.0;

/// A loaded voice: metadata, all unit audio and the unit index, validated.
#[derive(Debug, Clone)]
pub struct Voice {
    meta: VoiceMeta,
    /// The unit audio (mapped from `units.wav`, see [`pcm`]).
    pcm: Pcm,
    units: Vec<Unit>,
    /// What unit selection knows about each unit (parallel to `units`); empty for a
    /// voice with one unit per diphone, which needs no choice.
    features: Vec<UnitFeatures>,
    /// For every (left, right) phone pair: the units to use (a range of `units`: the
    /// pair's candidates) and the substitution made.
    table: Vec<Option<(std::ops::Range<u32>, Option<Substitution>)>>,
    /// `Some` for a voice opened for rendering ([`Voice::open`]): the audio blocks still
    /// to check before the synthesizer reads them. `None`: the whole audio was checked.
    blocks: Option<Arc<BlockCheck>>,
    /// With `blocks`: each unit's check from the index (parallel to `units`).
    checks: Vec<u32>,
}

/// How much of the unit audio a load checks against its checksums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AudioCheck {
    /// The whole file, now.
    Whole,
    /// The blocks a render reads, when it reads them ([`Voice::verify_read`]).
    AsRead,
}

/// The answer to "the units for phone pair X-Y": every recording of the pair the
/// voice holds (the first is the default), for unit selection.
/// `S` is the record of a substitution: [`Substitution`] for a [`Voice`]; other unit
/// banks of the synthesizer (`synth::DiphoneBank`) bring their own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitCandidates<'a, S = Substitution> {
    /// The units, at least one.
    pub units: &'a [Unit],
    /// Their features (parallel to `units`), or empty when the voice has a single unit
    /// per diphone.
    pub features: &'a [UnitFeatures],
    /// `Some` when the voice lacks the wanted diphone and the fallback chain
    /// picked another one (see [`super::fallback`]).
    pub substitution: Option<S>,
}

/// The answer to "the unit for phone pair X-Y".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitChoice<'a> {
    /// The unit to use.
    pub unit: &'a Unit,
    /// `Some` when the voice lacks the wanted diphone and the fallback chain
    /// picked another one (see [`super::fallback`]).
    pub substitution: Option<Substitution>,
}

fn slot(d: Diphone) -> usize {
    d.left as usize * Phone::ALL.len() + d.right as usize
}

impl Voice {
    /// Reads the voice folder `dir` (`voices/<id>`) and checks it: `voice.toml`
    /// fields, the checksums of `units.wav` and `units.idx` (XXH3-64, SHA-256 for a voice
    /// written before XXH3), the WAV format
    /// (16-bit PCM mono at the voice's rate), and every unit (known phones, no
    /// duplicates, `start < join < end <= audio length`, pitch marks strictly
    /// increasing inside `start..end`), the unit count, and that `pau-pau`
    /// exists so the fallback chain always ends in a unit. When a checksum
    /// fails, the per-unit checks in the index name the first damaged unit.
    pub fn load(dir: &Path) -> Result<Voice, VoiceError> {
        Voice::read(dir, AudioCheck::Whole)
    }

    /// Reads the voice folder `dir` for rendering: checks everything [`Voice::load`] does
    /// except the unit audio, of which only the WAV header is checked now and every other
    /// block of `units.wav` when [`Voice::verify_read`] is first asked for it (see
    /// [`super::blocks`]). A voice without `units.blocks`, or whose audio cannot be mapped,
    /// is checked whole, as by [`Voice::load`].
    pub fn open(dir: &Path) -> Result<Voice, VoiceError> {
        Voice::read(dir, AudioCheck::AsRead)
    }

    fn read(dir: &Path, check: AudioCheck) -> Result<Voice, VoiceError> {
        let mf = read_meta_file(dir)?;
        let meta = mf.meta.clone();
        let id = meta.id.to_string();
        let audio_path = dir.join(AUDIO_FILE);
        let index_path = dir.join(INDEX_FILE);
        let read = |p: &Path| {
            std::fs::read(p).map_err(|source| VoiceError::Io {
                voice: id.clone(),
                file: p.to_path_buf(),
                source,
            })
        };
        let audio_err = |message: String| VoiceError::Audio {
            voice: id.clone(),
            file: audio_path.clone(),
            message,
        };
        // a side file (block checksums, unit features): read, checked against `voice.toml`,
        // decoded; errors name the file and say `what` it holds
        let side_file = |file: &str, want: &Expected<'_>, what: &str| {
            let path = dir.join(file);
            let bytes = read(&path)?;
            if !want.matches(&bytes) {
                return Err(VoiceError::Checksum {
                    voice: id.clone(),
                    file: path,
                    where_: what.into(),
                    unit: None,
                });
            }
            let voice = id.clone();
            let meta_err = move |message: String| VoiceError::Meta {
                voice,
                file: path,
                message,
            };
            Ok((bytes, meta_err))
        };
        // read_meta_file made sure both files have a hash
        let (audio_want, index_want) = (mf.expected(AUDIO_FILE), mf.expected(INDEX_FILE));
        let blocks_want = mf
            .expected(BLOCKS_FILE)
            .filter(|_| check == AudioCheck::AsRead);
        // checked by blocks: the map first (its length decides the blocks), the header now
        let mut opened = None;
        let mut blocks = None;
        if let Some(want) = blocks_want {
            let (format, pcm) = pcm::open(&audio_path).map_err(audio_err)?;
            if let Some((file, offset)) = pcm.file() {
                let what = "the block checksums of the unit audio";
                let (bytes, meta_err) = side_file(BLOCKS_FILE, &want, what)?;
                let check = blocks::decode(&bytes, file.len()).map_err(meta_err)?;
                if check.verify(file, 0..offset).is_err() {
                    return Err(VoiceError::Checksum {
                        voice: id,
                        file: audio_path,
                        where_: "the WAV header".into(),
                        unit: None,
                    });
                }
                blocks = Some(Arc::new(check));
            }
            opened = Some((format, pcm));
        }
        let audio_ok = match &audio_want {
            _ if blocks.is_some() => true,
            Some(want) => {
                pcm::file_matches(&audio_path, want).map_err(|source| VoiceError::Io {
                    voice: id.clone(),
                    file: audio_path.clone(),
                    source,
                })?
            }
            None => false,
        };
        let index_bytes = read(&index_path)?;
        let index_ok = index_want.is_some_and(|want| want.matches(&index_bytes));
        if !audio_ok || !index_ok {
            let file = if audio_ok { &index_path } else { &audio_path };
            let (where_, unit) = locate_damage(&read(&audio_path)?, &index_bytes);
            return Err(VoiceError::Checksum {
                voice: id,
                file: file.clone(),
                where_,
                unit,
            });
        }

        let (format, pcm) = match opened {
            Some(opened) => opened,
            None => pcm::open(&audio_path).map_err(audio_err)?,
        };
        if format.channels != 1 || format.sample_rate != meta.sample_rate.0 {
            return Err(audio_err(format!(
                "expected mono at {} Hz, found {} channels at {} Hz",
                meta.sample_rate.0, format.channels, format.sample_rate
            )));
        }

        let text = std::str::from_utf8(&index_bytes).map_err(|e| VoiceError::Meta {
            voice: id.clone(),
            file: index_path.clone(),
            message: format!("not UTF-8 at byte {}", e.valid_up_to()),
        })?;
        let lines = parse_index(text).map_err(|p| VoiceError::BadUnit {
            voice: id.clone(),
            file: index_path.clone(),
            line: p.line,
            unit: p.unit,
            problem: p.problem,
        })?;
        let n = Phone::ALL.len();
        let line_numbers: Vec<usize> = lines.iter().map(|l| l.line).collect();
        // each unit's own check, to name the damaged unit should a block fail later
        let checks: Vec<u32> = match blocks {
            Some(_) => lines.iter().map(|l| l.check).collect(),
            None => Vec::new(),
        };
        let units: Vec<Unit> = lines.into_iter().map(|l| l.unit).collect();
        let bad = |i: usize, problem| VoiceError::BadUnit {
            voice: id.clone(),
            file: index_path.clone(),
            line: line_numbers[i],
            unit: units[i].diphone.to_string(),
            problem,
        };
        check_grouping(&units, mf.format, |i| line_numbers[i]).map_err(|(i, p)| bad(i, p))?;
        for (i, unit) in units.iter().enumerate() {
            validate_unit(unit, pcm.samples().len()).map_err(|p| bad(i, p))?;
        }
        let meta_err = |message: String| VoiceError::Meta {
            voice: id.clone(),
            file: dir.join(super::META_FILE),
            message,
        };
        if units.len() != meta.units {
            return Err(meta_err(format!(
                "says {} units, the index has {}",
                meta.units,
                units.len()
            )));
        }
        // each diphone's units are adjacent (checked above): its range of `units`
        let mut units_of: Vec<Option<std::ops::Range<u32>>> = vec![None; n * n];
        for (i, u) in units.iter().enumerate() {
            let i = i as u32;
            let r = units_of[slot(u.diphone)].get_or_insert(i..i);
            r.end = i + 1;
        }
        if units_of[slot(Diphone::new(Phone::Pau, Phone::Pau))].is_none() {
            return Err(meta_err(
                "the voice has no `pau-pau` unit (the last fallback)".into(),
            ));
        }
        let has = |d: Diphone| units_of[slot(d)].is_some();
        let mut table = Vec::with_capacity(n * n);
        for &l in Phone::ALL {
            for &r in Phone::ALL {
                table.push(resolve(Diphone::new(l, r), has).and_then(|(used, sub)| {
                    units_of[slot(used)].clone().map(|range| (range, sub))
                }));
            }
        }
        let mut features = if !units_of.iter().flatten().any(|r| r.len() > 1) {
            Vec::new()
        } else if let Some(want) = mf.expected(FEATURES_FILE) {
            let what = "the stored unit features";
            let (bytes, meta_err) = side_file(FEATURES_FILE, &want, what)?;
            super::features::decode(&bytes, units.len()).map_err(meta_err)?
        } else {
            // computed from all of the audio: all of it checked first
            if let (Some(check), Some((file, _))) = (&blocks, pcm.file()) {
                if let Err(bytes) = check.verify(file, 0..file.len()) {
                    return Err(damaged_block(
                        &id,
                        &audio_path,
                        &pcm,
                        (&units, &checks),
                        bytes,
                    ));
                }
            }
            // Sequential on purpose: voices load inside rayon tasks that may hold the voice
            // library's lock, and a nested parallel loop there can deadlock (work stealing).
            units
                .iter()
                .map(|u| unit_features(u, pcm.samples()))
                .collect()
        };
        if !features.is_empty() {
            for (f, c) in features.iter_mut().zip(super::context::contexts(&units)) {
                f.context = c;
            }
            super::release::release_gaps(&units, &mut features);
        }
        Ok(Voice {
            meta,
            pcm,
            units,
            features,
            table,
            blocks,
            checks,
        })
    }

    /// Makes sure the unit audio in `samples` (positions into [`Voice::pcm`]) has been
    /// checked against the voice's block checksums, checking now what was not; a no-op for a
    /// voice checked whole at load. The synthesizer calls it for the stretch around each unit
    /// it is about to play. The error names the voice, the file and the first damaged unit.
    pub fn verify_read(&self, samples: std::ops::Range<usize>) -> Result<(), VoiceError> {
        let (Some(check), Some((file, offset))) = (&self.blocks, self.pcm.file()) else {
            return Ok(());
        };
        let bytes = offset + 2 * samples.start..offset.saturating_add(2 * samples.end);
        check.verify(file, bytes).map_err(|bad| {
            let path = self.meta.dir.join(AUDIO_FILE);
            let units = (&self.units[..], &self.checks[..]);
            damaged_block(self.meta.id.as_str(), &path, &self.pcm, units, bad)
        })
    }

    /// The voice's metadata (from `voice.toml`).
    pub fn meta(&self) -> &VoiceMeta {
        &self.meta
    }

    /// All unit audio of the voice at [`VoiceMeta::sample_rate`], as stored (16-bit; kept in
    /// that form so a loaded voice takes half the memory of `f32`). Unit and pitch mark
    /// positions index into this slice; [`PCM_SCALE`] brings a value to −1.0..1.0.
    pub fn pcm(&self) -> &[i16] {
        self.pcm.samples()
    }

    /// Lets go of the voice's audio pages this process has read so far (they stay in the
    /// page cache; a later read brings them back unchanged): a render calls it after each
    /// sentence, so its memory holds the units of the sentences in progress rather than
    /// everything read since the start.
    pub fn release_pages(&self) {
        self.pcm.release();
    }

    /// All unit audio as `f32` in −1.0..1.0 (a copy; for analysis and tests).
    pub fn samples_f32(&self) -> Vec<f32> {
        self.pcm()
            .iter()
            .map(|&s| f32::from(s) * PCM_SCALE)
            .collect()
    }

    /// The audio of one unit as `f32` in −1.0..1.0 (a copy).
    pub fn unit_samples(&self, unit: &Unit) -> Vec<f32> {
        self.pcm()[unit.range()]
            .iter()
            .map(|&s| f32::from(s) * PCM_SCALE)
            .collect()
    }

    /// All units, in index order.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// True when the voice holds features for choosing among several units of a phone
    /// pair (`units.feat`): a unit-selection voice cut from running speech.
    pub fn chooses(&self) -> bool {
        !self.features.is_empty()
    }

    /// True when the voice has a unit for `d` itself (no fallback needed).
    pub fn has(&self, d: Diphone) -> bool {
        self.table[slot(d)]
            .as_ref()
            .is_some_and(|(_, s)| s.is_none())
    }

    /// The unit for `d`, following the fallback chain of [`super::fallback`]
    /// when the voice lacks `d`; any substitution is reported in the answer.
    /// Fails only for a voice without `pau-pau` (which [`Voice::load`] refuses).
    pub fn unit(&self, d: Diphone) -> Result<UnitChoice<'_>, VoiceError> {
        self.candidates(d).map(|c| UnitChoice {
            unit: &c.units[0],
            substitution: c.substitution,
        })
    }

    /// Every unit the voice holds for `d` (following the fallback chain like
    /// [`Voice::unit`]), with their features for unit selection.
    pub fn candidates(&self, d: Diphone) -> Result<UnitCandidates<'_>, VoiceError> {
        match &self.table[slot(d)] {
            Some((range, substitution)) => {
                let r = range.start as usize..range.end as usize;
                Ok(UnitCandidates {
                    units: &self.units[r.clone()],
                    features: self.features.get(r).unwrap_or(&[]),
                    substitution: *substitution,
                })
            }
            None => Err(VoiceError::NoUnit {
                voice: self.meta.id.to_string(),
                wanted: d,
            }),
        }
    }
}

/// The error for a damaged block (`bytes` of the audio file): names the first unit over the
/// block whose own check fails (none does when the damage lies between units).
fn damaged_block(
    voice: &str,
    path: &Path,
    pcm: &Pcm,
    (units, checks): (&[Unit], &[u32]),
    bytes: std::ops::Range<usize>,
) -> VoiceError {
    let offset = pcm.file().map_or(0, |(_, offset)| offset);
    let samples =
        bytes.start.saturating_sub(offset) / 2..bytes.end.saturating_sub(offset).div_ceil(2);
    let over: Vec<(&Unit, u32)> = units
        .iter()
        .zip(checks)
        .filter(|(u, _)| u.start.0 < samples.end && samples.start < u.end.0)
        .map(|(u, &c)| (u, c))
        .collect();
    let damaged = over
        .iter()
        .find(|(u, c)| unit_check(u, pcm.samples()) != *c)
        .map(|(u, _)| *u);
    VoiceError::Checksum {
        voice: voice.to_string(),
        file: path.to_path_buf(),
        where_: match damaged {
            Some(u) => format!(
                "unit `{}` (bytes {}..{} of the file)",
                u.diphone, bytes.start, bytes.end
            ),
            None => format!(
                "outside any unit (bytes {}..{} of the file)",
                bytes.start, bytes.end
            ),
        },
        unit: damaged.map(|u| u.diphone.to_string()),
    }
}

/// After a checksum failure: finds the first unit whose line or audio is
/// damaged, using the per-unit checks. Returns a description and the unit name.
fn locate_damage(audio_bytes: &[u8], index_bytes: &[u8]) -> (String, Option<String>) {
    let pcm = wav::decode_available(audio_bytes);
    let text = String::from_utf8_lossy(index_bytes);
    let lines = match parse_index(&text) {
        Ok(l) => l,
        Err(p) => {
            return (
                format!("unit `{}` (index line {}): {}", p.unit, p.line, p.problem),
                Some(p.unit),
            )
        }
    };
    let pcm = match pcm {
        Ok(p) => p,
        Err(e) => return (format!("audio unreadable: {e}"), None),
    };
    for l in &lines {
        let name = l.unit.diphone.to_string();
        if let Err(problem) = validate_unit(&l.unit, pcm.len()) {
            return (
                format!("unit `{name}` (index line {}): {problem}", l.line),
                Some(name),
            );
        }
        let computed = unit_check(&l.unit, &pcm);
        if computed != l.check {
            let problem = UnitProblem::CheckMismatch {
                stored: l.check,
                computed,
            };
            return (
                format!("unit `{name}` (index line {}): {problem}", l.line),
                Some(name),
            );
        }
    }
    (
        "outside any unit (file header, comments or gaps between units)".into(),
        None,
    )
}
