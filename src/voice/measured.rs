//! What the judges measured of each bundled voice (`voices/measured.toml`): how clearly it is
//! understood (word error rate) and how good it sounds (a quality score), so that casting can
//! give the clearest voices to the speakers it casts first instead of going by name.

use super::{VoiceError, VoiceId, VoiceMeta};
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

/// Word error rates closer than this to the clearest voice's count as equally clear. The
/// judge reads 5,511 words (`measured.toml`); two rates near 5 % must differ by about 0.8 of
/// a point before the difference is more than chance (twice the standard error of a difference
/// of two proportions, `2·√(2·p·(1−p)/n)`), and two runs of one voice differ by as much.
pub const CLARITY_MARGIN: f32 = 0.008;

/// How a voice ranks for casting: measured voices that sound good enough, clearest first;
/// then measured voices below the quality bar, clearest first; then voices never measured.
/// "Clearest" goes by tiers ([`ClarityRank::among`]): the voices within [`CLARITY_MARGIN`] of
/// the clearest are one tier and rank by quality, better first; the next tier starts at the
/// clearest of the rest, and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClarityRank {
    /// Quality at or above [`QUALITY_BAR`]: clarity tier (0 the clearest), then quality.
    Good(u32, Reverse<u32>),
    /// Quality below the bar: clarity tier, then quality.
    BelowQualityBar(u32, Reverse<u32>),
    /// No measurement.
    Unmeasured,
}

impl ClarityRank {
    /// The ranks of voices ([`ClarityRank::among`] their measurements), in the same order.
    pub fn of<'v>(voices: impl Iterator<Item = &'v VoiceMeta>) -> Vec<ClarityRank> {
        let measured: Vec<_> = voices.map(|v| v.measured.as_ref()).collect();
        ClarityRank::among(&measured)
    }

    /// The ranks of a set of voices' measurements (or none), in the same order.
    pub fn among(measured: &[Option<&Measured>]) -> Vec<ClarityRank> {
        let good = |m: &Measured| m.quality >= QUALITY_BAR;
        let mut ranks = vec![ClarityRank::Unmeasured; measured.len()];
        for class in [true, false] {
            let mut members: Vec<(usize, &Measured)> = measured
                .iter()
                .enumerate()
                .filter_map(|(i, m)| m.filter(|m| good(m) == class).map(|m| (i, m)))
                .collect();
            members.sort_by(|a, b| a.1.word_error_rate.total_cmp(&b.1.word_error_rate));
            // a tier starts at its clearest voice and holds those within the margin of it
            let (mut tier, mut from) = (None::<u32>, f32::NEG_INFINITY);
            for (i, m) in members {
                let wer = m.word_error_rate.clamp(0.0, 1.0);
                if wer > from + CLARITY_MARGIN {
                    tier = Some(tier.map_or(0, |t| t + 1));
                    from = wer;
                }
                let tier = tier.unwrap_or(0);
                let quality = Reverse((m.quality.clamp(0.0, 5.0) * 100.0).round() as u32);
                ranks[i] = if class {
                    ClarityRank::Good(tier, quality)
                } else {
                    ClarityRank::BelowQualityBar(tier, quality)
                };
            }
        }
        ranks
    }
}

/// The voices' ids, clearest first by [`ClarityRank`] (ties in the order given): the order
/// casting prefers them in, and so the order in which to read them ahead of the cast.
pub fn clearest_first(voices: &[VoiceMeta]) -> Vec<VoiceId> {
    let rank = ClarityRank::of(voices.iter());
    let mut order: Vec<usize> = (0..voices.len()).collect();
    order.sort_by_key(|&i| rank[i]); // stable: ties keep the order given
    order.into_iter().map(|i| voices[i].id.clone()).collect()
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
    fn the_bundled_voices_come_clearest_first_as_casting_ranks_them() {
        let mut voices = crate::voice::catalog(&crate::data::voices_dir().unwrap()).unwrap();
        voices.reverse(); // whatever order they come in
        let order = clearest_first(&voices);
        assert_eq!(order.len(), voices.len());
        let rank = ClarityRank::of(voices.iter());
        let rank_of = |id: &VoiceId| rank[voices.iter().position(|v| &v.id == id).unwrap()];
        assert!(
            order.windows(2).all(|w| rank_of(&w[0]) <= rank_of(&w[1])),
            "{order:?}"
        );
    }

    #[test]
    fn good_voices_rank_by_clarity_before_any_voice_below_the_bar() {
        let m = |wer, quality| Measured {
            word_error_rate: wer,
            quality,
        };
        let (clear_but_rough, good, good_less_clear) =
            (m(0.046, 2.3), m(0.061, 3.1), m(0.085, 3.2));
        let r = ClarityRank::among(&[
            Some(&clear_but_rough),
            Some(&good),
            Some(&good_less_clear),
            None,
        ]);
        assert!(r[1] < r[2]);
        assert!(r[2] < r[0]);
        assert!(r[0] < r[3]);
        assert_eq!(r[3], ClarityRank::Unmeasured);
    }

    #[test]
    fn rates_within_the_margin_of_the_clearest_rank_by_quality() {
        let m = |wer, quality| Measured {
            word_error_rate: wer,
            quality,
        };
        // the bundled voices as measured on 2026-12-02: rms 4.5 %, ked 4.8 %, slt 5.1 %, kal 5.9 %
        let (rms, ked, slt, kal) = (
            m(0.045, 3.30),
            m(0.048, 3.45),
            m(0.051, 3.44),
            m(0.059, 3.36),
        );
        let r = ClarityRank::among(&[Some(&rms), Some(&ked), Some(&slt), Some(&kal)]);
        // rms, ked and slt are one tier (within 0.8 of a point of rms): by quality ked, slt, rms
        assert!(r[1] < r[2] && r[2] < r[0], "{r:?}");
        // kal is 1.4 points behind the clearest: the next tier, whatever its quality
        assert!(r[0] < r[3], "{r:?}");
        // a tier starts at the clearest of the rest: 5.4 (> 4.5 + 0.8) starts one, 6.0 (≤ 5.4 + 0.8)
        // is in it
        let (a, b, c) = (m(0.045, 3.1), m(0.054, 3.5), m(0.060, 3.9));
        let r = ClarityRank::among(&[Some(&a), Some(&b), Some(&c)]);
        assert!(r[0] < r[2] && r[2] < r[1], "{r:?}");
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
