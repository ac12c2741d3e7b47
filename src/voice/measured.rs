//! What the judges measured of each bundled voice (`voices/measured.toml`): how clearly it is
//! understood (word error rate) and how good it sounds (a quality score), so that casting can
//! give the clearest voices to the speakers it casts first instead of going by name.

use super::{VoiceError, VoiceId};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::path::Path;

/// The measurements file in a voices folder.
pub const MEASURED_FILE: &str = "measured.toml";

/// Voices whose measured quality is below this are cast after every voice above it.
pub const QUALITY_BAR: f32 = 3.0;

/// One voice's measurements.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measured {
    /// Share of words a speech recognizer got wrong on the reference text (0–1).
    pub word_error_rate: f32,
    /// Predicted mean opinion score (1–5).
    pub quality: f32,
}

/// How a voice ranks for casting: measured voices that sound good enough, clearest first;
/// then measured voices below the quality bar, clearest first; then voices never measured.
/// Word error rates equal to a tenth of a per cent (within the judge's resolution: a word or
/// two in 5,000) rank by quality, better first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClarityRank {
    /// Quality at or above [`QUALITY_BAR`]: word error rate in tenths of a per cent, then
    /// quality.
    Good(u32, Reverse<u32>),
    /// Quality below the bar: word error rate in tenths of a per cent, then quality.
    BelowQualityBar(u32, Reverse<u32>),
    /// No measurement.
    Unmeasured,
}

impl ClarityRank {
    /// The rank of a voice with these measurements (or none).
    pub fn of(measured: Option<&Measured>) -> Self {
        match measured {
            None => ClarityRank::Unmeasured,
            Some(m) => {
                let wer = (m.word_error_rate.clamp(0.0, 1.0) * 1000.0).round() as u32;
                let quality = Reverse((m.quality.clamp(0.0, 5.0) * 100.0).round() as u32);
                if m.quality >= QUALITY_BAR {
                    ClarityRank::Good(wer, quality)
                } else {
                    ClarityRank::BelowQualityBar(wer, quality)
                }
            }
        }
    }
}

/// Reads `measured.toml` from a voices folder; no file means nothing was measured.
pub fn read_measured(voices_dir: &Path) -> Result<BTreeMap<VoiceId, Measured>, VoiceError> {
    let path = voices_dir.join(MEASURED_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => {
            return Err(VoiceError::Io {
                voice: "*".into(),
                file: path,
                source: e,
            })
        }
    };
    let table: BTreeMap<String, Measured> =
        toml::from_str(&text).map_err(|e| VoiceError::Meta {
            voice: "*".into(),
            file: path.clone(),
            message: e.to_string(),
        })?;
    for (id, m) in &table {
        let wer_ok = (0.0..=1.0).contains(&m.word_error_rate);
        let q_ok = (1.0..=5.0).contains(&m.quality);
        if !wer_ok || !q_ok {
            return Err(VoiceError::Meta {
                voice: id.clone(),
                file: path.clone(),
                message: format!(
                    "[{id}]: word_error_rate must be 0–1 and quality 1–5 (got {} and {})",
                    m.word_error_rate, m.quality
                ),
            });
        }
    }
    Ok(table
        .into_iter()
        .map(|(id, m)| (VoiceId::new(&id), m))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_voices_rank_by_clarity_before_any_voice_below_the_bar() {
        let m = |wer, quality| {
            Some(Measured {
                word_error_rate: wer,
                quality,
            })
        };
        let clear_but_rough = ClarityRank::of(m(0.046, 2.3).as_ref());
        let good = ClarityRank::of(m(0.061, 3.1).as_ref());
        let good_less_clear = ClarityRank::of(m(0.085, 3.2).as_ref());
        assert!(good < good_less_clear);
        assert!(good_less_clear < clear_but_rough);
        assert!(clear_but_rough < ClarityRank::of(None));
        // equally clear to a tenth of a per cent: the better-sounding first
        let as_clear_better = ClarityRank::of(m(0.0612, 3.4).as_ref());
        assert!(as_clear_better < good);
        assert_eq!(ClarityRank::of(m(0.0606, 3.1).as_ref()), good);
    }

    #[test]
    fn the_bundled_measurements_parse() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("voices");
        let m = read_measured(&dir).unwrap();
        assert!(m.contains_key(&VoiceId::new("kal")));
    }

    #[test]
    fn out_of_range_figures_are_refused_with_the_file_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(MEASURED_FILE),
            "[kal]\nword_error_rate = 8.5\nquality = 3.1\n",
        )
        .unwrap();
        let e = read_measured(dir.path()).unwrap_err().to_string();
        assert!(e.contains("measured.toml") && e.contains("[kal]"), "{e}");
        assert!(read_measured(&dir.path().join("none")).unwrap().is_empty());
    }
}
