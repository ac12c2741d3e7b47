//! Casting: every speaker gets a distinct voice profile.
//!
//! [`cast`] gives each speaker of a [`Manuscript`] a bundled voice plus a pitch shift and a
//! rate. Host and guests are cast first (hosts, then guests, each by how many words they say,
//! so the speaker heard longest comes first), then the narrator. For each speaker the voice is
//! chosen by, in order:
//! 1. not the voice of the other side of the conversation (a host never shares a base voice
//!    with a guest while an unused voice is left);
//! 2. the speaker's gender, when the text makes it clear (see `manuscript::Speaker::gender`);
//! 3. the voice used by the fewest speakers so far;
//! 4. the clearest voice, as measured (`voices/measured.toml`, see [`ClarityRank`]): voices
//!    that sound good enough (quality at least [`crate::voice::measured::QUALITY_BAR`]) by word
//!    error rate, rates within the judge's margin of the clearest counting as equally clear and
//!    going by quality, then the others the same way, then voices never measured; so the
//!    speakers cast first (the host, the guest who says most, and the narrator of an article)
//!    get the voices listeners understand best, and of those the best-sounding;
//! 5. the most contrast (median F0 distance in semitones) with the voices already cast;
//! 6. the voice id, so the result is deterministic.
//!
//! When a voice serves several speakers, each later one gets a pitch and rate offset so that no
//! two profiles are the same. Users override the choice with [`CastOverrides`] (`--cast
//! CE=slt,SL=kal` or a TOML cast file).

use crate::manuscript::{Manuscript, Role, Speaker, SpeakerId};
use crate::prosody::ProsodyProfile;
use crate::units::{Hz, Rate, Semitones};
use crate::voice::measured::ClarityRank;
use crate::voice::{VoiceId, VoiceMeta};
use serde::Serialize;
use std::path::Path;
use thiserror::Error;

/// A bundled voice plus pitch and rate settings: how one speaker sounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoiceProfile {
    /// Id of a bundled voice (`kal`, `ked`, `slt`, `rms`).
    pub voice: VoiceId,
    /// Pitch shift from the voice's natural median F0.
    pub pitch: Semitones,
    /// Speaking rate.
    pub rate: Rate,
}

impl VoiceProfile {
    /// What prosody needs of this profile on its voice (described by `voice`): the voice's
    /// median F0 shifted by the profile's pitch, the profile's rate and the voice's phones.
    pub fn prosody(&self, voice: &VoiceMeta) -> ProsodyProfile {
        ProsodyProfile {
            f0_median: Hz(voice.f0_median.0 * self.pitch.ratio()),
            rate: self.rate,
            phones: voice.phone_set,
        }
    }
}

/// The voice profile of every speaker, indexed by [`crate::manuscript::SpeakerId`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cast {
    /// One profile per speaker of the manuscript, in the same order.
    pub profiles: Vec<VoiceProfile>,
}

impl Cast {
    /// The profile of a speaker (`None` for an id the manuscript does not have).
    pub fn profile(&self, speaker: SpeakerId) -> Option<&VoiceProfile> {
        self.profiles.get(speaker.0)
    }
}

/// What a user asks for one speaker.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CastOverride {
    /// The speaker's label (`CE`, `narrator`) or display name (`Camila Escalante`).
    pub speaker: String,
    /// Voice id, if fixed.
    pub voice: Option<VoiceId>,
    /// Pitch shift, if fixed.
    pub pitch: Option<Semitones>,
    /// Rate, if fixed.
    pub rate: Option<Rate>,
    /// Where the override was given (`--cast`, a file name), for error messages.
    pub origin: String,
}

/// User choices that replace automatic casting. Entries for the same speaker (by label or by
/// name, in `--cast` or a cast file) combine field by field; two that set the same field are
/// an error ([`CastError::Duplicate`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CastOverrides {
    /// The overrides.
    pub entries: Vec<CastOverride>,
}

/// Why casting failed.
#[derive(Debug, Error)]
pub enum CastError {
    /// There is no voice to cast.
    #[error("no voices available to cast the speakers")]
    NoVoices,
    /// An override names a speaker the text does not have.
    #[error("unknown speaker `{speaker}` in {origin}; valid speakers: {valid}")]
    UnknownSpeaker {
        /// The label or name as given.
        speaker: String,
        /// Where it was given (`--cast`, the cast file name).
        origin: String,
        /// Labels and names of the text's speakers.
        valid: String,
    },
    /// An override names a voice that is not bundled.
    #[error("unknown voice `{voice}` for {speaker} in {origin}; available voices: {valid}")]
    UnknownVoice {
        /// The voice id as given.
        voice: VoiceId,
        /// The speaker it was given for.
        speaker: String,
        /// Where it was given.
        origin: String,
        /// Ids of the available voices.
        valid: String,
    },
    /// A pitch or rate outside the usable range.
    #[error("{what} {value} for {speaker} in {origin} is out of range ({range})")]
    OutOfRange {
        /// `pitch` or `rate`.
        what: &'static str,
        /// The value given.
        value: f32,
        /// The speaker it was given for.
        speaker: String,
        /// Where it was given.
        origin: String,
        /// The allowed range.
        range: &'static str,
    },
    /// Two entries set the same field (voice, pitch or rate) of one speaker.
    #[error("{speaker} is cast twice: {first} and {second}; give one entry per speaker")]
    Duplicate {
        /// The speaker's label (and name).
        speaker: String,
        /// The first entry, with where it was given.
        first: String,
        /// The second entry, with where it was given.
        second: String,
    },
    /// The `--cast` value or the cast file could not be parsed.
    #[error("{origin}: {detail}")]
    Syntax {
        /// `--cast` or the file name.
        origin: String,
        /// What is wrong.
        detail: String,
    },
    /// The cast file could not be read (missing, too large, not UTF-8).
    #[error("{path}: cannot read the cast file: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        #[source]
        source: crate::hygiene::SideFileError,
    },
}

const PITCH_RANGE: (f32, f32) = (-12.0, 12.0);
const RATE_RANGE: (f32, f32) = (0.5, 2.0);
/// Pitch and rate offsets given to the 2nd, 3rd, … speaker sharing one base voice.
const VARIANTS: &[(f32, f32)] = &[
    (0.0, 1.0),
    (3.0, 1.04),
    (-3.0, 0.96),
    (5.0, 1.08),
    (-5.0, 0.92),
    (1.5, 0.98),
    (-1.5, 1.02),
];

impl CastOverrides {
    /// Parses a `--cast` value: `LABEL=VOICE` pairs separated by commas (`CE=slt,SL=kal`);
    /// labels may also be display names (`Camila Escalante=slt`).
    pub fn parse_flag(value: &str) -> Result<Self, CastError> {
        let mut entries = Vec::new();
        for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (speaker, voice) = part.split_once('=').ok_or_else(|| CastError::Syntax {
                origin: "--cast".into(),
                detail: format!("`{part}` is not SPEAKER=VOICE (for example CE=slt)"),
            })?;
            let (speaker, voice) = (speaker.trim(), voice.trim());
            if speaker.is_empty() || voice.is_empty() {
                return Err(CastError::Syntax {
                    origin: "--cast".into(),
                    detail: format!("`{part}` needs both a speaker and a voice"),
                });
            }
            entries.push(CastOverride {
                speaker: speaker.to_string(),
                voice: Some(VoiceId::new(voice)),
                origin: "--cast".into(),
                ..CastOverride::default()
            });
        }
        Ok(CastOverrides { entries })
    }

    /// Parses a cast file: one table per speaker (label or name) with optional `voice`,
    /// `pitch` (semitones) and `rate`, or `SPEAKER = "voice"` as a shorthand.
    ///
    /// ```toml
    /// [CE]
    /// voice = "slt"
    /// pitch = 1.5
    /// rate = 1.05
    ///
    /// "Sacha Llorenti" = "kal"
    /// ```
    pub fn from_toml(text: &str, origin: &str) -> Result<Self, CastError> {
        let syntax = |detail: String| CastError::Syntax {
            origin: origin.to_string(),
            detail,
        };
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| syntax(e.to_string()))?;
        let mut entries = Vec::new();
        for (speaker, value) in table {
            let mut o = CastOverride {
                speaker: speaker.clone(),
                origin: origin.to_string(),
                ..CastOverride::default()
            };
            match value {
                toml::Value::String(v) => o.voice = Some(VoiceId::new(v)),
                toml::Value::Table(t) => {
                    for (k, v) in t {
                        let number = || match &v {
                            toml::Value::Float(f) => Some(*f as f32),
                            toml::Value::Integer(i) => Some(*i as f32),
                            _ => None,
                        };
                        match k.as_str() {
                            "voice" => {
                                o.voice = Some(v.as_str().map(VoiceId::from).ok_or_else(|| {
                                    syntax(format!("[{speaker}] voice must be a string"))
                                })?)
                            }
                            "pitch" => {
                                o.pitch = Some(Semitones(number().ok_or_else(|| {
                                    syntax(format!(
                                        "[{speaker}] pitch must be a number (semitones)"
                                    ))
                                })?))
                            }
                            "rate" => {
                                o.rate = Some(Rate(number().ok_or_else(|| {
                                    syntax(format!("[{speaker}] rate must be a number"))
                                })?))
                            }
                            other => {
                                return Err(syntax(format!(
                                "[{speaker}] unknown key `{other}` (expected voice, pitch, rate)"
                            )))
                            }
                        }
                    }
                }
                _ => {
                    return Err(syntax(format!(
                        "`{speaker}` must be a voice id or a table with voice, pitch, rate"
                    )))
                }
            }
            entries.push(o);
        }
        Ok(CastOverrides { entries })
    }

    /// Reads a cast file (see [`CastOverrides::from_toml`]) of at most
    /// [`crate::hygiene::MAX_SIDE_FILE_BYTES`]; a UTF-8 BOM is dropped.
    pub fn load(path: &Path) -> Result<Self, CastError> {
        let text = crate::hygiene::read_side_file(path).map_err(|source| CastError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_toml(&text, &path.display().to_string())
    }

    /// These overrides followed by `later` (which wins where both set a field).
    pub fn then(mut self, later: CastOverrides) -> Self {
        self.entries.extend(later.entries);
        self
    }
}

impl CastOverride {
    /// Whether both set the same field (voice, pitch or rate).
    fn overlaps(&self, other: &CastOverride) -> bool {
        (self.voice.is_some() && other.voice.is_some())
            || (self.pitch.is_some() && other.pitch.is_some())
            || (self.rate.is_some() && other.rate.is_some())
    }

    /// The entry as the user wrote it, with where: "`CE=kal` in --cast".
    fn describe(&self) -> String {
        let mut fields = Vec::new();
        if let Some(v) = &self.voice {
            fields.push(v.to_string());
        }
        if let Some(p) = self.pitch {
            fields.push(format!("pitch {}", p.0));
        }
        if let Some(r) = self.rate {
            fields.push(format!("rate {}", r.0));
        }
        format!("`{}={}` in {}", self.speaker, fields.join(" "), self.origin)
    }
}

fn semitones_between(a: f32, b: f32) -> f32 {
    if a <= 0.0 || b <= 0.0 {
        return 0.0;
    }
    (12.0 * (a / b).log2()).abs()
}

fn find_speaker(speakers: &[Speaker], key: &str) -> Option<usize> {
    let k = key.trim();
    speakers
        .iter()
        .position(|s| s.label.eq_ignore_ascii_case(k))
        .or_else(|| speakers.iter().position(|s| s.name.eq_ignore_ascii_case(k)))
}

fn valid_speakers(speakers: &[Speaker]) -> String {
    speakers
        .iter()
        .map(|s| {
            if s.name != s.label {
                format!("{} ({})", s.label, s.name)
            } else {
                s.label.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Gives every speaker of `m` a distinct voice profile from `voices`, honouring `overrides`.
pub fn cast(
    m: &Manuscript,
    voices: &[VoiceMeta],
    overrides: &CastOverrides,
) -> Result<Cast, CastError> {
    if voices.is_empty() {
        return Err(CastError::NoVoices);
    }
    let mut voices: Vec<&VoiceMeta> = voices.iter().collect();
    voices.sort_by(|a, b| a.id.cmp(&b.id));
    let n = m.speakers.len();

    // Collect the overrides per speaker.
    let mut wanted: Vec<CastOverride> = vec![CastOverride::default(); n];
    let mut given: Vec<Vec<&CastOverride>> = vec![Vec::new(); n];
    for o in &overrides.entries {
        let origin = o.origin.clone();
        let i = find_speaker(&m.speakers, &o.speaker).ok_or_else(|| CastError::UnknownSpeaker {
            speaker: o.speaker.clone(),
            origin: origin.clone(),
            valid: valid_speakers(&m.speakers),
        })?;
        if let Some(first) = given[i].iter().find(|f| f.overlaps(o)) {
            let s = &m.speakers[i];
            return Err(CastError::Duplicate {
                speaker: if s.name == s.label {
                    s.label.clone()
                } else {
                    format!("{} ({})", s.label, s.name)
                },
                first: first.describe(),
                second: o.describe(),
            });
        }
        given[i].push(o);
        let label = m.speakers[i].label.clone();
        if let Some(v) = &o.voice {
            if !voices.iter().any(|x| x.id == *v) {
                return Err(CastError::UnknownVoice {
                    voice: v.clone(),
                    speaker: label,
                    origin,
                    valid: voices
                        .iter()
                        .map(|v| v.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
            wanted[i].voice = Some(v.clone());
        }
        if let Some(p) = o.pitch {
            if !(PITCH_RANGE.0..=PITCH_RANGE.1).contains(&p.0) {
                return Err(CastError::OutOfRange {
                    what: "pitch",
                    value: p.0,
                    speaker: label,
                    origin,
                    range: "-12 to 12 semitones",
                });
            }
            wanted[i].pitch = Some(p);
        }
        if let Some(r) = o.rate {
            if !(RATE_RANGE.0..=RATE_RANGE.1).contains(&r.0) {
                return Err(CastError::OutOfRange {
                    what: "rate",
                    value: r.0,
                    speaker: label,
                    origin,
                    range: "0.5 to 2.0",
                });
            }
            wanted[i].rate = Some(r);
        }
    }

    // Casting order: hosts, then guests, each by how much they say (words, then turns), then
    // the narrator.
    let said = m.said();
    let rank = |r: Role| match r {
        Role::Host => 0,
        Role::Guest => 1,
        Role::Narrator => 2,
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        rank(m.speakers[a].role)
            .cmp(&rank(m.speakers[b].role))
            .then(said[b].words.cmp(&said[a].words))
            .then(said[b].turns.cmp(&said[a].turns))
            .then(a.cmp(&b))
    });
    // Speakers with a fixed voice are placed first so automatic choices avoid them.
    order.sort_by_key(|&i| wanted[i].voice.is_none());

    // How clear each voice is among the others: the same for every speaker.
    let clarity = ClarityRank::of(voices.iter().copied());
    let mut chosen: Vec<Option<VoiceId>> = vec![None; n];
    for &i in &order {
        let s = &m.speakers[i];
        chosen[i] = match &wanted[i].voice {
            Some(v) => Some(v.clone()),
            None => pick_voice(s, &voices, &clarity, &m.speakers, &chosen),
        };
    }

    // Pitch and rate: the first speaker on a voice keeps it natural; later ones get offsets.
    let mut profiles: Vec<Option<VoiceProfile>> = vec![None; n];
    for &i in &order {
        let voice = chosen[i].clone().unwrap_or_else(|| voices[0].id.clone());
        let taken = |p: &VoiceProfile| profiles.iter().flatten().any(|q| q == p);
        let mut profile = None;
        for (k, (dp, dr)) in VARIANTS.iter().enumerate() {
            let candidate = VoiceProfile {
                voice: voice.clone(),
                pitch: wanted[i].pitch.unwrap_or(Semitones(*dp)),
                rate: wanted[i].rate.unwrap_or(Rate(*dr)),
            };
            if !taken(&candidate) || k + 1 == VARIANTS.len() {
                profile = Some(candidate);
                break;
            }
        }
        let mut p = profile.unwrap_or(VoiceProfile {
            voice,
            pitch: Semitones(0.0),
            rate: Rate(1.0),
        });
        // More speakers than variants: keep nudging the rate until the profile is new.
        while profiles.iter().flatten().any(|q| *q == p) {
            p.rate = Rate(p.rate.0 + 0.03);
        }
        profiles[i] = Some(p);
    }
    Ok(Cast {
        profiles: profiles.into_iter().flatten().collect(),
    })
}

/// Chooses the base voice of one speaker (see the module documentation for the order).
fn pick_voice(
    s: &Speaker,
    voices: &[&VoiceMeta],
    clarity: &[ClarityRank],
    speakers: &[Speaker],
    chosen: &[Option<VoiceId>],
) -> Option<VoiceId> {
    let counterpart = |r: Role| {
        matches!(
            (s.role, r),
            (Role::Host, Role::Guest) | (Role::Guest, Role::Host)
        )
    };
    let used_by = |id: &VoiceId| {
        chosen
            .iter()
            .enumerate()
            .filter(|(_, c)| c.as_ref() == Some(id))
            .map(|(j, _)| j)
            .collect::<Vec<_>>()
    };
    let used_f0: Vec<f32> = chosen
        .iter()
        .flatten()
        .filter_map(|id| voices.iter().find(|v| v.id == *id))
        .map(|v| v.f0_median.0)
        .collect();
    let key = |v: &VoiceMeta, clarity: ClarityRank| {
        let users = used_by(&v.id);
        let clashes = users.iter().any(|&j| counterpart(speakers[j].role));
        let wrong_gender = s.gender.is_some_and(|g| g != v.gender);
        let contrast = used_f0
            .iter()
            .map(|&f| semitones_between(f, v.f0_median.0))
            .fold(f32::INFINITY, f32::min);
        let contrast = if contrast.is_finite() { contrast } else { 0.0 };
        (
            clashes,
            wrong_gender,
            users.len(),
            clarity,
            -(contrast * 100.0).round() as i64,
        )
    };
    voices
        .iter()
        .zip(clarity)
        .min_by(|(a, ra), (b, rb)| key(a, **ra).cmp(&key(b, **rb)).then(a.id.cmp(&b.id)))
        .map(|(v, _)| v.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_parses_pairs() {
        let o = CastOverrides::parse_flag("CE=slt, Sacha Llorenti=kal").unwrap();
        assert_eq!(o.entries.len(), 2);
        assert_eq!(o.entries[1].speaker, "Sacha Llorenti");
        assert_eq!(o.entries[1].voice, Some(VoiceId::new("kal")));
        assert!(CastOverrides::parse_flag("CE").is_err());
    }

    #[test]
    fn toml_parses_tables_and_shorthand() {
        let o = CastOverrides::from_toml(
            "\"Sacha Llorenti\" = \"kal\"\n[CE]\nvoice = \"slt\"\npitch = 1.5\nrate = 1\n",
            "cast.toml",
        )
        .unwrap();
        let ce = o.entries.iter().find(|e| e.speaker == "CE").unwrap();
        assert_eq!(ce.pitch, Some(Semitones(1.5)));
        assert_eq!(ce.rate, Some(Rate(1.0)));
        let err = CastOverrides::from_toml("[CE]\nspeed = 2\n", "cast.toml").unwrap_err();
        assert!(err.to_string().contains("unknown key `speed`"), "{err}");
    }
}
