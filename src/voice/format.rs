//! Writing a voice folder and reading its `voice.toml` (see `voices/README.md`).

use super::blocks::BLOCKS_FILE;
use super::features::FEATURES_FILE;
use super::index::{validate_unit, write_index};
use super::{wav, Diphone, Unit, UnitPlace, VoiceError, VoiceId, VoiceMeta};
use crate::person::Gender;
use crate::phonetics::phone::{PhoneSet, UnknownPhoneSet};
use crate::units::{Hz, VOICE_RATE};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// File name of the metadata in a voice folder.
pub const META_FILE: &str = "voice.toml";
/// File name of the unit audio in a voice folder.
pub const AUDIO_FILE: &str = "units.wav";
/// File name of the unit index in a voice folder.
pub const INDEX_FILE: &str = "units.idx";
/// Version of the voice format written by [`write_voice`] for a voice with one unit
/// per diphone.
const FORMAT_VERSION: u32 = 1;
/// Version written for a voice with several units (candidates for unit selection)
/// for some diphones; a diphone's units are adjacent in the index.
const FORMAT_CANDIDATES: u32 = 2;

/// The index rule of a voice format: may a diphone have several units?
pub(crate) fn allows_candidates(format: u32) -> bool {
    format == FORMAT_CANDIDATES
}

/// Checks that each diphone's units are adjacent in `units` (and, for a format
/// without candidates, that there is only one): returns the problem and the
/// index of the offending unit.
pub(crate) fn check_grouping(
    units: &[Unit],
    format: u32,
    line_of: impl Fn(usize) -> usize,
) -> Result<(), (usize, super::UnitProblem)> {
    let mut seen: HashMap<Diphone, usize> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        if let Some(&first) = seen.get(&u.diphone) {
            let adjacent = i > 0 && units[i - 1].diphone == u.diphone;
            if !allows_candidates(format) || !adjacent {
                return Err((
                    i,
                    super::UnitProblem::Duplicate {
                        first_line: line_of(first),
                    },
                ));
            }
        } else {
            seen.insert(u.diphone, i);
        }
    }
    Ok(())
}

/// Everything an importer says about a voice it writes with [`write_voice`].
/// The rest of `voice.toml` (sample rate, phone set, unit count, median F0,
/// checksums) is derived from the data.
#[derive(Debug, Clone, PartialEq)]
pub struct VoiceDescription {
    /// Short id (`kal`), also the folder name.
    pub id: VoiceId,
    /// Display name (`Kal`).
    pub name: String,
    /// Gender of the speaker.
    pub gender: Gender,
    /// Language tag, `en-US` for all bundled voices.
    pub language: String,
    /// Where the data came from (package and file).
    pub source: String,
    /// How the voice was made, one sentence.
    pub method: String,
    /// Short licence name for listings.
    pub licence: String,
    /// The upstream copyright/licence text, written verbatim to `LICENSE`.
    pub licence_text: String,
    /// What aloud changed relative to the source, written to `NOTICE`.
    pub changes: String,
}

/// The on-disk `voice.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct VoiceToml {
    format: u32,
    id: VoiceId,
    name: String,
    gender: Gender,
    language: String,
    sample_rate: u32,
    phone_set: String,
    f0_median_hz: f32,
    units: usize,
    licence: String,
    source: String,
    method: String,
    /// Units aloud composed from parts of other units (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    composed: Vec<String>,
    /// SHA-256 (lower-case hex) of each data file, by file name: the strong hash, for
    /// provenance and `aloud voice check`.
    sha256: BTreeMap<String, String>,
    /// XXH3-64 (16 lower-case hex digits) of each data file, by file name: the cheap checksum
    /// `Voice::load` verifies at every load (a voice written before it had none: SHA-256 then).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    xxh3: BTreeMap<String, String>,
}

/// The checksums `voice.toml` lists, by data file name.
#[derive(Default)]
struct Checksums {
    sha256: BTreeMap<String, String>,
    xxh3: BTreeMap<String, String>,
}

impl Checksums {
    /// Adds the SHA-256 and XXH3-64 of `file`'s `bytes`.
    fn add(&mut self, file: &str, bytes: &[u8]) {
        self.sha256.insert(file.to_string(), sha256_hex(bytes));
        self.xxh3.insert(file.to_string(), xxh3_hex(bytes));
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in d.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// XXH3-64 of `bytes` as 16 lower-case hex digits.
pub(crate) fn xxh3_hex(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// Median F0 over the voiced periods of `units` (consecutive voiced marks
/// 2.5–20 ms apart), rounded to 0.1 Hz; 0 when there are none.
pub(crate) fn f0_median(units: &[Unit], rate: u32) -> Hz {
    let mut f0s: Vec<f32> = Vec::new();
    for u in units {
        for w in u.marks.windows(2) {
            if w[0].voiced && w[1].voiced {
                let period = (w[1].at - w[0].at).0 as f32;
                let f0 = rate as f32 / period;
                if (50.0..=400.0).contains(&f0) {
                    f0s.push(f0);
                }
            }
        }
    }
    if f0s.is_empty() {
        return Hz(0.0);
    }
    f0s.sort_by(f32::total_cmp);
    Hz((f0s[f0s.len() / 2] * 10.0).round() / 10.0)
}

fn io_err(voice: &str, file: &Path) -> impl FnOnce(std::io::Error) -> VoiceError {
    let (voice, file) = (voice.to_string(), file.to_path_buf());
    move |source| VoiceError::Io {
        voice,
        file,
        source,
    }
}

/// Writes a voice folder `out_dir` (created if missing): `units.wav` from
/// `samples` (16-bit PCM mono at 16 kHz), `units.idx` from `units` (absolute
/// positions into `samples`), `voice.toml` from `desc` plus derived fields, and
/// `LICENSE`/`NOTICE` from `desc` (and, for a voice with several units of some
/// diphone, their unit-selection features in `units.feat`). Units are validated as the loader does
/// (join inside, marks increasing and inside, nothing past the audio, no
/// duplicate diphone) before anything is written. The output is a pure function
/// of the inputs, so re-running an importer reproduces the same bytes.
/// Returns the metadata as [`super::catalog`] would read it.
pub fn write_voice(
    out_dir: &Path,
    desc: &VoiceDescription,
    samples: &[i16],
    units: &[Unit],
) -> Result<VoiceMeta, VoiceError> {
    write_voice_composed(out_dir, desc, samples, units, &[])
}

/// [`write_voice`] for a voice some of whose units were composed by aloud from
/// parts of other units rather than cut from the source as they are; `composed`
/// lists them and is recorded in `voice.toml` (so listings can tell source
/// coverage from total coverage).
pub fn write_voice_composed(
    out_dir: &Path,
    desc: &VoiceDescription,
    samples: &[i16],
    units: &[Unit],
    composed: &[Diphone],
) -> Result<VoiceMeta, VoiceError> {
    write_voice_with(out_dir, desc, samples, units, composed, &[])
}

/// [`write_voice`] for a voice cut from recorded sentences whose text was known: `places`
/// (parallel to `units`) says where each unit's phones stood in their words, stored with
/// the unit features for unit selection.
pub fn write_voice_placed(
    out_dir: &Path,
    desc: &VoiceDescription,
    samples: &[i16],
    units: &[Unit],
    places: &[Option<UnitPlace>],
) -> Result<VoiceMeta, VoiceError> {
    write_voice_with(out_dir, desc, samples, units, &[], places)
}

fn write_voice_with(
    out_dir: &Path,
    desc: &VoiceDescription,
    samples: &[i16],
    units: &[Unit],
    composed: &[Diphone],
    places: &[Option<UnitPlace>],
) -> Result<VoiceMeta, VoiceError> {
    let index_path = out_dir.join(super::INDEX_FILE);
    let bad = |i: usize, problem| VoiceError::BadUnit {
        voice: desc.id.to_string(),
        file: index_path.clone(),
        line: i + 3,
        unit: units[i].diphone.to_string(),
        problem,
    };
    let several = units.windows(2).any(|w| w[0].diphone == w[1].diphone);
    let format = if several {
        FORMAT_CANDIDATES
    } else {
        FORMAT_VERSION
    };
    check_grouping(units, format, |i| i + 3).map_err(|(i, p)| bad(i, p))?;
    for (i, u) in units.iter().enumerate() {
        validate_unit(u, samples.len()).map_err(|p| bad(i, p))?;
    }
    std::fs::create_dir_all(out_dir).map_err(io_err(desc.id.as_str(), out_dir))?;

    let audio_path = out_dir.join(AUDIO_FILE);
    wav::write(&audio_path, VOICE_RATE.0, samples).map_err(|e| VoiceError::Audio {
        voice: desc.id.to_string(),
        file: audio_path.clone(),
        message: e.to_string(),
    })?;
    let audio_bytes = std::fs::read(&audio_path).map_err(io_err(desc.id.as_str(), &audio_path))?;
    let index_text = write_index(units, samples);
    std::fs::write(&index_path, &index_text).map_err(io_err(desc.id.as_str(), &index_path))?;

    let mut sums = Checksums::default();
    sums.add(AUDIO_FILE, &audio_bytes);
    sums.add(INDEX_FILE, index_text.as_bytes());
    let blocks = super::blocks::encode(&audio_bytes);
    let blocks_path = out_dir.join(BLOCKS_FILE);
    std::fs::write(&blocks_path, &blocks).map_err(io_err(desc.id.as_str(), &blocks_path))?;
    sums.add(BLOCKS_FILE, &blocks);
    if allows_candidates(format) {
        // what unit selection needs, computed once here instead of at every load
        use rayon::prelude::*;
        let features: Vec<_> = units
            .par_iter()
            .enumerate()
            .map(|(i, u)| super::features::UnitFeatures {
                place: places.get(i).copied().flatten(),
                ..super::features::unit_features(u, samples)
            })
            .collect();
        let bytes = super::features::encode(&features);
        let path = out_dir.join(FEATURES_FILE);
        std::fs::write(&path, &bytes).map_err(io_err(desc.id.as_str(), &path))?;
        sums.add(FEATURES_FILE, &bytes);
    }
    let toml = VoiceToml {
        format,
        id: desc.id.clone(),
        name: desc.name.clone(),
        gender: desc.gender,
        language: desc.language.clone(),
        sample_rate: VOICE_RATE.0,
        phone_set: PhoneSet::covering(units.iter().flat_map(|u| [u.diphone.left, u.diphone.right]))
            .name()
            .to_string(),
        f0_median_hz: f0_median(units, VOICE_RATE.0).0,
        units: units.len(),
        licence: desc.licence.clone(),
        source: desc.source.clone(),
        method: desc.method.clone(),
        composed: composed.iter().map(|d| d.to_string()).collect(),
        sha256: sums.sha256,
        xxh3: sums.xxh3,
    };
    let meta_path = out_dir.join(META_FILE);
    let text = toml::to_string(&toml).map_err(|e| VoiceError::Meta {
        voice: desc.id.to_string(),
        file: meta_path.clone(),
        message: e.to_string(),
    })?;
    std::fs::write(&meta_path, text).map_err(io_err(desc.id.as_str(), &meta_path))?;
    let licence_path = out_dir.join("LICENSE");
    std::fs::write(&licence_path, &desc.licence_text)
        .map_err(io_err(desc.id.as_str(), &licence_path))?;
    let notice_path = out_dir.join("NOTICE");
    std::fs::write(&notice_path, &desc.changes).map_err(io_err(desc.id.as_str(), &notice_path))?;
    to_meta(&toml, out_dir).map_err(|message| VoiceError::Meta {
        voice: desc.id.to_string(),
        file: meta_path,
        message,
    })
}

/// Writes the checksums of the voice folder `dir` again from its data files as they are:
/// `units.blocks` (the block checksums of `units.wav`, see [`super::blocks`]) and the
/// SHA-256 and XXH3-64 of every data file in `voice.toml`, whose other fields stay as they
/// are. For a voice written before block checksums, or data changed on purpose; the result
/// is what [`write_voice`] writes for the same data (running it on such a folder changes
/// nothing). Units are validated against the audio first, as a load does.
pub fn rewrite_checksums(dir: &Path) -> Result<VoiceMeta, VoiceError> {
    let path = dir.join(META_FILE);
    let folder = dir.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(io_err(&folder, &path))?;
    let bad = |message: String| VoiceError::Meta {
        voice: folder.clone(),
        file: path.clone(),
        message,
    };
    let mut t: VoiceToml = toml::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let id = t.id.to_string();
    let audio_path = dir.join(AUDIO_FILE);
    let audio = std::fs::read(&audio_path).map_err(io_err(&id, &audio_path))?;
    let blocks = super::blocks::encode(&audio);
    let mut sums = Checksums::default();
    sums.add(AUDIO_FILE, &audio);
    sums.add(BLOCKS_FILE, &blocks);
    for file in [INDEX_FILE, FEATURES_FILE] {
        let p = dir.join(file);
        if file == INDEX_FILE || p.is_file() {
            sums.add(file, &std::fs::read(&p).map_err(io_err(&id, &p))?);
        }
    }
    (t.sha256, t.xxh3) = (sums.sha256, sums.xxh3);
    // the data must load with the new checksums before they replace the old ones
    let blocks_path = dir.join(BLOCKS_FILE);
    let staged = tempfile::tempdir_in(dir).map_err(io_err(&id, dir))?;
    let meta_text = toml::to_string(&t).map_err(|e| bad(e.to_string()))?;
    let check_dir = staged.path().join(&id);
    std::fs::create_dir(&check_dir).map_err(io_err(&id, &check_dir))?;
    for file in [AUDIO_FILE, INDEX_FILE, FEATURES_FILE] {
        let from = dir.join(file);
        if from.is_file() {
            let to = check_dir.join(file);
            std::fs::hard_link(&from, &to)
                .or_else(|_| std::fs::copy(&from, &to).map(|_| ()))
                .map_err(io_err(&id, &to))?;
        }
    }
    std::fs::write(check_dir.join(BLOCKS_FILE), &blocks).map_err(io_err(&id, &check_dir))?;
    std::fs::write(check_dir.join(META_FILE), &meta_text).map_err(io_err(&id, &check_dir))?;
    super::Voice::load(&check_dir)?;
    std::fs::write(&blocks_path, &blocks).map_err(io_err(&id, &blocks_path))?;
    std::fs::write(&path, meta_text).map_err(io_err(&id, &path))?;
    to_meta(&t, dir).map_err(bad)
}

fn to_meta(t: &VoiceToml, dir: &Path) -> Result<VoiceMeta, String> {
    let composed = t
        .composed
        .iter()
        .map(|c| c.parse::<Diphone>().map_err(|e| format!("composed: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(VoiceMeta {
        id: t.id.clone(),
        name: t.name.clone(),
        gender: t.gender,
        sample_rate: crate::units::SampleRate(t.sample_rate),
        f0_median: Hz(t.f0_median_hz),
        units: t.units,
        licence: t.licence.clone(),
        language: t.language.clone(),
        phone_set: t
            .phone_set
            .parse()
            .map_err(|e: UnknownPhoneSet| e.to_string())?,
        source: t.source.clone(),
        method: t.method.clone(),
        dir: dir.to_path_buf(),
        composed,
        measured: None,
    })
}

/// `voice.toml` parsed, plus the expected hashes of the data files.
pub(crate) struct MetaFile {
    pub meta: VoiceMeta,
    /// The format version (see [`allows_candidates`]).
    pub format: u32,
    pub sha256: BTreeMap<String, String>,
    pub xxh3: BTreeMap<String, String>,
}

/// The checksum a load verifies for one data file: XXH3-64 when `voice.toml` has one for it,
/// SHA-256 otherwise.
pub(crate) enum Expected<'a> {
    Xxh3(&'a str),
    Sha256(&'a str),
}

impl MetaFile {
    /// What a load checks `file` against, or `None` when `voice.toml` lists no hash for it.
    pub(crate) fn expected(&self, file: &str) -> Option<Expected<'_>> {
        match (self.xxh3.get(file), self.sha256.get(file)) {
            (Some(x), _) => Some(Expected::Xxh3(x)),
            (None, Some(s)) => Some(Expected::Sha256(s)),
            (None, None) => None,
        }
    }
}

impl Expected<'_> {
    /// Whether `bytes` have the expected checksum.
    pub(crate) fn matches(&self, bytes: &[u8]) -> bool {
        match self {
            Expected::Xxh3(x) => xxh3_hex(bytes) == *x,
            Expected::Sha256(s) => sha256_hex(bytes) == *s,
        }
    }
}

/// Reads and checks `dir/voice.toml` (format version, phone set, sample rate,
/// id matching the folder name).
pub(crate) fn read_meta_file(dir: &Path) -> Result<MetaFile, VoiceError> {
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string());
    let path = dir.join(META_FILE);
    let text = std::fs::read_to_string(&path).map_err(io_err(&folder, &path))?;
    let bad = |message: String| VoiceError::Meta {
        voice: folder.clone(),
        file: path.clone(),
        message,
    };
    let t: VoiceToml = toml::from_str(&text).map_err(|e| bad(e.to_string()))?;
    if t.format != FORMAT_VERSION && t.format != FORMAT_CANDIDATES {
        return Err(bad(format!(
            "format {} is not supported (expected {FORMAT_VERSION} or {FORMAT_CANDIDATES})",
            t.format
        )));
    }
    if t.id != *folder {
        return Err(bad(format!(
            "id `{}` does not match the folder name `{folder}`",
            t.id
        )));
    }
    if t.sample_rate != VOICE_RATE.0 {
        return Err(bad(format!(
            "sample rate {} is not {}",
            t.sample_rate, VOICE_RATE.0
        )));
    }
    for f in [AUDIO_FILE, INDEX_FILE] {
        if !t.sha256.contains_key(f) {
            return Err(bad(format!("no sha256 entry for `{f}`")));
        }
    }
    let meta = to_meta(&t, dir).map_err(bad)?;
    Ok(MetaFile {
        meta,
        format: t.format,
        sha256: t.sha256,
        xxh3: t.xxh3,
    })
}

/// Reads the metadata of the voice in `dir` (its `voice.toml` only).
pub fn read_meta(dir: &Path) -> Result<VoiceMeta, VoiceError> {
    read_meta_file(dir).map(|m| m.meta)
}

/// Lists the voices in `voices_dir`: every sub-folder holding a `voice.toml`,
/// sorted by id, with what `measured.toml` says of each. Reads only these files (for listing
/// and casting);
/// the audio is checked when a voice is loaded with [`super::Voice::load`].
pub fn catalog(voices_dir: &Path) -> Result<Vec<VoiceMeta>, VoiceError> {
    let err = io_err("*", voices_dir);
    let entries = std::fs::read_dir(voices_dir).map_err(err)?;
    let mut dirs: Vec<PathBuf> = Vec::new();
    for e in entries {
        let e = e.map_err(io_err("*", voices_dir))?;
        let p = e.path();
        if p.join(META_FILE).is_file() {
            dirs.push(p);
        }
    }
    let mut metas = dirs
        .iter()
        .map(|d| read_meta(d))
        .collect::<Result<Vec<_>, _>>()?;
    metas.sort_by(|a, b| a.id.cmp(&b.id));
    let measured = super::measured::read_measured(voices_dir)?;
    for m in &mut metas {
        m.measured = measured.get(&m.id).copied();
    }
    Ok(metas)
}
