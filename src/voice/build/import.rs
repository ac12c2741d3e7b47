//! `aloud voice import-festvox`: a Festival group file to aloud units.
//!
//! 1. **Names.** Entries named `x-y` with both phones in the phone set are used
//!    as they are, except that a pair recorded inside a syllable onset (`p_-_r`,
//!    `s_-_t`: English has these pairs mostly in onsets) replaces the plain one.
//!    Festival's other allophone variants of the same phonemes are used
//!    only when the plain pair is missing: cluster forms (`s_-_t`, `_k-aa`,
//!    `k_-_l`), syllable-final stops (`aa-$b`), `aor` (= `ao` before `r`), `ll`
//!    (dark `l`) and ked's `h` (= `hh`). The flap `dx` is kept as a phone of its own
//!    (ked has it; the voice's phone set then says so, see
//!    [`crate::phonetics::phone::PhoneSet`]). Phones without an exact equivalent
//!    (`ai`) are skipped; the first of duplicate entries is kept.
//! 2. **Composition** of pairs the lexicon needs but the group file lacks, from
//!    decoded units joined at pitch marks with a one-period cross-fade
//!    ([`splice`]):
//!    * `er-y` = `er-r` + `r-y` (the ked voice records `er` as `er r`, as its
//!      Festival voice definition does);
//!    * vowel-`ch`/`jh` = vowel-`t` (the closure; ked's Festival rule);
//!    * otherwise `x-y` = `x-p` up to its phone boundary + `q-y` from its phone
//!      boundary, with `p` similar to `y` and `q` similar to `x`
//!      ([`crate::voice::fallback::similar`], closest first, then `pau`, then `ax`).
//!
//!    Every composed unit is listed in the [`ImportReport`] (and by the CLI in
//!    the voice's `NOTICE`).
//!
//!    Before that, decoded units whose vowel or sonorant half is near-silent
//!    (labelling errors in the source) are refused and listed in the report.
//! 3. **Level.** One gain for the whole voice ([`super::analysis::normalising_gain`]),
//!    then rounding to 16 bits.
//! 4. **Voicing** of each mark from the decoded signal ([`super::analysis::voicing`]).

use super::analysis::{may_be_silent, normalising_gain, rms, voicing, NEAR_SILENT, TARGET_LEVEL};
use super::coverage::PairSet;
use super::festvox::{synthesize, GroupFile};
use super::SourceError;
use crate::phonetics::phone::Phone;
use crate::units::Frames;
use crate::voice::fallback::similar;
use crate::voice::{Diphone, PitchMark, Unit};
use std::collections::BTreeMap;

/// A decoded voice, ready for [`crate::voice::write_voice`].
#[derive(Debug, Clone)]
pub struct FestvoxImport {
    /// All unit audio, 16 kHz.
    pub samples: Vec<i16>,
    /// The units, positions into `samples`.
    pub units: Vec<Unit>,
    /// What was used, skipped and composed.
    pub report: ImportReport,
}

/// What the importer did with the entries of a group file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    /// Number of entries in the group file.
    pub entries: usize,
    /// Entries used under their own name.
    pub plain: usize,
    /// Variant entries used for a missing plain pair: (Festival name, pair).
    pub variants: Vec<(String, Diphone)>,
    /// Onset-cluster entries used instead of the plain pair: (Festival name, pair).
    pub clusters: Vec<(String, Diphone)>,
    /// Entries not used: not in the phone set, or a variant of a pair present.
    pub skipped: Vec<String>,
    /// Entries whose plain name occurred before (the first is kept).
    pub duplicates: Vec<String>,
    /// Units composed for lexicon pairs the file lacks: (pair, recipe).
    pub composed: Vec<(Diphone, String)>,
    /// Entries decoded but refused: (Festival name, why), e.g. a vowel half
    /// that is near-silent (a labelling error in the source).
    pub rejected: Vec<(String, String)>,
    /// The gain applied to the decoded audio.
    pub gain: f32,
    /// Samples that had to be clamped to 16 bits (should be 0).
    pub clamped: usize,
}

/// Reads a Festival name `x-y` as a pair of the phone set, and whether it is a
/// variant (allophone or cluster form) rather than the plain pair.
pub fn festival_pair(name: &str) -> Option<(Diphone, bool)> {
    let (l, r) = match name.split_once("_-_") {
        Some(lr) => lr,
        None => name.split_once('-')?,
    };
    let phone = |s: &str| -> Option<(Phone, bool)> {
        let core = s.trim_start_matches(['_', '$']).trim_end_matches('_');
        let (core, renamed) = match core {
            "aor" => ("ao", true),
            "ll" => ("l", true),
            "h" => ("hh", true),
            c => (c, false),
        };
        Some((core.parse().ok()?, renamed || core.len() != s.len()))
    };
    let (lp, lv) = phone(l)?;
    let (rp, rv) = phone(r)?;
    Some((Diphone::new(lp, rp), lv || rv || name.contains("_-_")))
}

/// Decodes `group` into units, composing the pairs of `needed` it lacks
/// (see the module documentation).
pub fn import_festvox(group: &GroupFile, needed: &PairSet) -> Result<FestvoxImport, SourceError> {
    let mut report = ImportReport {
        entries: group.entries.len(),
        ..Default::default()
    };
    let mut plain: BTreeMap<Diphone, usize> = BTreeMap::new();
    let mut variant: BTreeMap<Diphone, usize> = BTreeMap::new();
    for (i, e) in group.entries.iter().enumerate() {
        match festival_pair(&e.name) {
            Some((d, false)) => {
                if let std::collections::btree_map::Entry::Vacant(v) = plain.entry(d) {
                    v.insert(i);
                } else {
                    report.duplicates.push(e.name.clone());
                }
            }
            Some((d, true)) => {
                variant.entry(d).or_insert(i);
            }
            None => report.skipped.push(e.name.clone()),
        }
    }
    // A consonant pair recorded inside a syllable onset (`p_-_r`, `s_-_t`) stands in for the
    // plain pair: English has these pairs mostly as onset clusters ("president", "stage"),
    // and the plain recording (across a syllable boundary) lacks the released, aspirated stop
    // of the cluster (heard: "president" → "resident", "printed" → "rented").
    for (i, e) in group.entries.iter().enumerate() {
        let Some((d, true)) = festival_pair(&e.name) else {
            continue;
        };
        if !e.name.contains("_-_") || report.clusters.iter().any(|(_, c)| *c == d) {
            continue;
        }
        if let Some(p) = plain.insert(d, i) {
            report.skipped.push(group.entries[p].name.clone());
            report.clusters.push((e.name.clone(), d));
        }
    }
    // Entry order decides the unit order, so the output is reproducible.
    let mut chosen: Vec<(usize, Diphone)> = plain.iter().map(|(&d, &i)| (i, d)).collect();
    for (&d, &i) in &variant {
        if plain.contains_key(&d) {
            continue;
        }
        report.variants.push((group.entries[i].name.clone(), d));
        chosen.push((i, d));
    }
    for (i, e) in group.entries.iter().enumerate() {
        if festival_pair(&e.name).is_some_and(|(_, v)| v) && !chosen.iter().any(|&(c, _)| c == i) {
            report.skipped.push(e.name.clone());
        }
    }
    chosen.sort();
    report.plain = plain.len() - report.clusters.len();

    let mut lpc: BTreeMap<Diphone, Decoded> = BTreeMap::new();
    for &(i, d) in &chosen {
        let u = group.lpc_unit(i)?;
        let decoded = Decoded {
            samples: synthesize(&u.residual, &u.frames)
                .iter()
                .map(|s| s / 32768.0)
                .collect(),
            marks: u.frames.iter().map(|f| f.at).collect(),
            join: u.frames[u.join_frame].at,
        };
        lpc.insert(d, decoded);
    }
    reject_silent_halves(group, &chosen, &mut lpc, &mut report);
    chosen.retain(|(_, d)| lpc.contains_key(d));
    let mut all: Vec<(Diphone, Decoded)> =
        chosen.iter().map(|&(_, d)| (d, lpc[&d].clone())).collect();
    for &d in &needed.pairs {
        if lpc.contains_key(&d) {
            continue;
        }
        if let Some((unit, recipe)) = compose(d, &lpc) {
            report.composed.push((d, recipe));
            all.push((d, unit));
        }
    }

    let mut float: Vec<f32> = Vec::new();
    let mut units: Vec<Unit> = Vec::with_capacity(all.len());
    for (d, u) in &all {
        let start = float.len();
        float.extend_from_slice(&u.samples);
        let marks = u
            .marks
            .iter()
            .map(|&m| PitchMark {
                at: Frames(start + m),
                voiced: true,
            })
            .collect();
        units.push(Unit {
            diphone: *d,
            start: Frames(start),
            join: Frames(start + u.join),
            end: Frames(float.len()),
            marks,
        });
    }
    let gain = normalising_gain(&float, &units);
    report.gain = gain;
    for s in float.iter_mut() {
        *s *= gain;
    }
    for u in units.iter_mut() {
        let at: Vec<usize> = u.marks.iter().map(|m| m.at.0).collect();
        let voiced = voicing(&float, u.range(), &at);
        for (m, v) in u.marks.iter_mut().zip(voiced) {
            m.voiced = v;
        }
    }
    let samples = float
        .iter()
        .map(|&s| {
            let v = (s * 32768.0).round();
            if !(-32768.0..=32767.0).contains(&v) {
                report.clamped += 1;
            }
            v.clamp(-32768.0, 32767.0) as i16
        })
        .collect();
    Ok(FestvoxImport {
        samples,
        units,
        report,
    })
}

/// Drops decoded units in which the half of a phone that is never silent
/// (vowels, sonorants, strong fricatives) is near-silent at the level the voice
/// will be normalised to ([`super::analysis::NEAR_SILENT`]).
fn reject_silent_halves(
    group: &GroupFile,
    chosen: &[(usize, Diphone)],
    lpc: &mut BTreeMap<Diphone, Decoded>,
    report: &mut ImportReport,
) {
    let (mut sum, mut n) = (0f64, 0usize);
    for (d, u) in lpc.iter() {
        if d.left.is_vowel() && d.right.is_vowel() {
            if let (Some(&a), Some(&b)) = (u.marks.first(), u.marks.last()) {
                sum += u.samples[a..b]
                    .iter()
                    .map(|&s| f64::from(s * s))
                    .sum::<f64>();
                n += b - a;
            }
        }
    }
    if n == 0 {
        return;
    }
    let level = (sum / n as f64).sqrt() as f32;
    let threshold = NEAR_SILENT * level / TARGET_LEVEL;
    for &(i, d) in chosen {
        let Some(u) = lpc.get(&d) else { continue };
        let (left, right) = (rms(&u.samples[..u.join]), rms(&u.samples[u.join..]));
        let why = if !may_be_silent(d.left) && left < threshold {
            Some(format!(
                "{} half near-silent ({:.1} dB below speech level)",
                d.left,
                db(left / level)
            ))
        } else if !may_be_silent(d.right) && right < threshold {
            Some(format!(
                "{} half near-silent ({:.1} dB below speech level)",
                d.right,
                db(right / level)
            ))
        } else {
            None
        };
        if let Some(why) = why {
            report.rejected.push((group.entries[i].name.clone(), why));
            lpc.remove(&d);
        }
    }
}

fn db(ratio: f32) -> f32 {
    -20.0 * ratio.max(1e-9).log10()
}

/// Builds a unit for `d` from the decoded units `have`, by the rules of the
/// module documentation; `None` when no rule applies.
fn compose(d: Diphone, have: &BTreeMap<Diphone, Decoded>) -> Option<(Decoded, String)> {
    let Diphone { left: x, right: y } = d;
    if x == Phone::Er {
        let er_r = have.get(&Diphone::new(Phone::Er, Phone::R));
        let r_y = have.get(&Diphone::new(Phone::R, y));
        if let (Some(a), Some(b)) = (er_r, r_y) {
            let (cut, from) = (*a.marks.last()?, *b.marks.first()?);
            return Some((
                splice(a, cut, b, from),
                format!("er-r + r-{y} (er recorded as er r)"),
            ));
        }
    }
    if x.is_vowel() && matches!(y, Phone::Ch | Phone::Jh) {
        if let Some(u) = have.get(&Diphone::new(x, Phone::T)) {
            return Some((u.clone(), format!("{x}-t (closure of {y})")));
        }
    }
    let neutral = [Phone::Pau, Phone::Ax];
    let left = similar(y)
        .iter()
        .chain(&neutral)
        .find_map(|&p| have.get(&Diphone::new(x, p)).map(|u| (p, u)));
    let right = similar(x)
        .iter()
        .chain(&neutral)
        .find_map(|&q| have.get(&Diphone::new(q, y)).map(|u| (q, u)));
    let ((p, a), (q, b)) = (left?, right?);
    Some((
        splice(a, a.join, b, b.join),
        format!("{x}-{p} to the boundary + {q}-{y} from it"),
    ))
}

/// A decoded unit: samples (full scale 1.0), pitch marks and phone boundary,
/// positions relative to the unit start.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The waveform.
    pub samples: Vec<f32>,
    /// Pitch marks, strictly increasing.
    pub marks: Vec<usize>,
    /// The phone boundary (a pitch mark).
    pub join: usize,
}

/// Joins `a` before its mark `a_cut` with `b` from its mark `b_from` on. The
/// period before the seam is cross-faded from `a` to `b` (both end at a pitch
/// mark there, so the fade is pitch-synchronous). Marks of `a` before the seam
/// and of `b` from it are kept; the join is `b`'s, which must be at or after `b_from`.
pub fn splice(a: &Decoded, a_cut: usize, b: &Decoded, b_from: usize) -> Decoded {
    let prev = |d: &Decoded, cut: usize| d.marks.iter().rev().find(|&&m| m < cut).map(|&m| cut - m);
    let fade = [
        prev(a, a_cut).unwrap_or(a_cut),
        prev(b, b_from).unwrap_or(b_from),
        a_cut,
        b_from,
        320,
    ]
    .into_iter()
    .min()
    .unwrap_or(0);
    let mut samples = a.samples[..a_cut - fade].to_vec();
    for k in 0..fade {
        let t = (k as f32 + 0.5) / fade as f32;
        samples.push(a.samples[a_cut - fade + k] * (1.0 - t) + b.samples[b_from - fade + k] * t);
    }
    samples.extend_from_slice(&b.samples[b_from..]);
    let shift = |m: usize| m - b_from + a_cut;
    let mut marks: Vec<usize> = a.marks.iter().copied().filter(|&m| m < a_cut).collect();
    marks.extend(b.marks.iter().copied().filter(|&m| m >= b_from).map(shift));
    Decoded {
        samples,
        marks,
        join: shift(b.join.max(b_from)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Phone::*;

    #[test]
    fn splice_keeps_marks_increasing_and_fades_one_period() {
        let a = Decoded {
            samples: vec![1.0; 100],
            marks: vec![10, 30, 50, 70],
            join: 50,
        };
        let b = Decoded {
            samples: vec![-1.0; 80],
            marks: vec![5, 25, 45, 65],
            join: 25,
        };
        let c = splice(&a, a.join, &b, b.join);
        assert_eq!(c.samples.len(), 50 + 55);
        assert_eq!(c.marks, vec![10, 30, 50, 70, 90]);
        assert_eq!(c.join, 50);
        assert_eq!(c.samples[29], 1.0);
        assert!(c.samples[30] > 0.9 && c.samples[49] < -0.9);
        assert_eq!(c.samples[50], -1.0);
    }

    #[test]
    fn festival_names_map_to_pairs_and_variants() {
        assert_eq!(festival_pair("aa-b"), Some((Diphone::new(Aa, B), false)));
        assert_eq!(festival_pair("s_-_t"), Some((Diphone::new(S, T), true)));
        assert_eq!(festival_pair("_k-aa"), Some((Diphone::new(K, Aa), true)));
        assert_eq!(festival_pair("k_-_l"), Some((Diphone::new(K, L), true)));
        assert_eq!(festival_pair("aa-$b"), Some((Diphone::new(Aa, B), true)));
        assert_eq!(festival_pair("t-aor"), Some((Diphone::new(T, Ao), true)));
        assert_eq!(festival_pair("aa-ll"), Some((Diphone::new(Aa, L), true)));
        assert_eq!(festival_pair("h-ax"), Some((Diphone::new(Hh, Ax), true)));
        assert_eq!(festival_pair("dx-aa"), Some((Diphone::new(Dx, Aa), false)));
        assert_eq!(festival_pair("ai-m"), None);
        assert_eq!(festival_pair("pau"), None);
    }
}
