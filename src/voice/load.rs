//! Loading a voice folder into an owned, validated [`Voice`].

use super::fallback::{resolve, Substitution};
use super::format::{read_meta_file, sha256_hex, AUDIO_FILE, INDEX_FILE};
use super::index::{parse_index, unit_check, validate_unit, IndexLine};
use super::{wav, Diphone, Unit, UnitProblem, VoiceError, VoiceMeta};
use crate::phonetics::phone::Phone;
use std::path::Path;

/// Factor from a stored 16-bit sample to −1.0..1.0.
pub const PCM_SCALE: f32 = 1.0 / 32768.0;

/// A loaded voice: metadata, all unit audio and the unit index, validated.
#[derive(Debug, Clone)]
pub struct Voice {
    meta: VoiceMeta,
    pcm: Vec<i16>,
    units: Vec<Unit>,
    /// For every (left, right) phone pair: the unit to use and the substitution made.
    table: Vec<Option<(u32, Option<Substitution>)>>,
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
    /// fields, the SHA-256 of `units.wav` and `units.idx`, the WAV format
    /// (16-bit PCM mono at the voice's rate), and every unit (known phones, no
    /// duplicates, `start < join < end <= audio length`, pitch marks strictly
    /// increasing inside `start..end`), the unit count, and that `pau-pau`
    /// exists so the fallback chain always ends in a unit. When a checksum
    /// fails, the per-unit checks in the index name the first damaged unit.
    pub fn load(dir: &Path) -> Result<Voice, VoiceError> {
        let mf = read_meta_file(dir)?;
        let meta = mf.meta;
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
        let audio_bytes = read(&audio_path)?;
        let index_bytes = read(&index_path)?;
        let audio_ok = sha256_hex(&audio_bytes) == mf.sha256[AUDIO_FILE];
        let index_ok = sha256_hex(&index_bytes) == mf.sha256[INDEX_FILE];
        if !audio_ok || !index_ok {
            let file = if audio_ok { &index_path } else { &audio_path };
            let (where_, unit) = locate_damage(&audio_bytes, &index_bytes);
            return Err(VoiceError::Checksum {
                voice: id,
                file: file.clone(),
                where_,
                unit,
            });
        }

        let audio_err = |message: String| VoiceError::Audio {
            voice: id.clone(),
            file: audio_path.clone(),
            message,
        };
        let (format, pcm) = wav::decode(&audio_bytes).map_err(audio_err)?;
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
        let mut first_line = vec![0usize; n * n];
        let mut units = Vec::with_capacity(lines.len());
        for IndexLine { line, unit, .. } in lines {
            let bad = |problem| VoiceError::BadUnit {
                voice: id.clone(),
                file: index_path.clone(),
                line,
                unit: unit.diphone.to_string(),
                problem,
            };
            let s = slot(unit.diphone);
            if first_line[s] != 0 {
                return Err(bad(UnitProblem::Duplicate {
                    first_line: first_line[s],
                }));
            }
            first_line[s] = line;
            validate_unit(&unit, pcm.len()).map_err(bad)?;
            units.push(unit);
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
        if first_line[slot(Diphone::new(Phone::Pau, Phone::Pau))] == 0 {
            return Err(meta_err(
                "the voice has no `pau-pau` unit (the last fallback)".into(),
            ));
        }

        let mut unit_of = vec![u32::MAX; n * n];
        for (i, u) in units.iter().enumerate() {
            unit_of[slot(u.diphone)] = i as u32;
        }
        let has = |d: Diphone| unit_of[slot(d)] != u32::MAX;
        let mut table = Vec::with_capacity(n * n);
        for &l in Phone::ALL {
            for &r in Phone::ALL {
                table.push(
                    resolve(Diphone::new(l, r), has).map(|(used, sub)| (unit_of[slot(used)], sub)),
                );
            }
        }
        Ok(Voice {
            meta,
            pcm,
            units,
            table,
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
        &self.pcm
    }

    /// All unit audio as `f32` in −1.0..1.0 (a copy; for analysis and tests).
    pub fn samples_f32(&self) -> Vec<f32> {
        self.pcm.iter().map(|&s| f32::from(s) * PCM_SCALE).collect()
    }

    /// The audio of one unit as `f32` in −1.0..1.0 (a copy).
    pub fn unit_samples(&self, unit: &Unit) -> Vec<f32> {
        self.pcm[unit.range()]
            .iter()
            .map(|&s| f32::from(s) * PCM_SCALE)
            .collect()
    }

    /// All units, in index order.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// True when the voice has a unit for `d` itself (no fallback needed).
    pub fn has(&self, d: Diphone) -> bool {
        self.table[slot(d)].is_some_and(|(_, s)| s.is_none())
    }

    /// The unit for `d`, following the fallback chain of [`super::fallback`]
    /// when the voice lacks `d`; any substitution is reported in the answer.
    /// Fails only for a voice without `pau-pau` (which [`Voice::load`] refuses).
    pub fn unit(&self, d: Diphone) -> Result<UnitChoice<'_>, VoiceError> {
        match self.table[slot(d)] {
            Some((i, substitution)) => Ok(UnitChoice {
                unit: &self.units[i as usize],
                substitution,
            }),
            None => Err(VoiceError::NoUnit {
                voice: self.meta.id.to_string(),
                wanted: d,
            }),
        }
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
