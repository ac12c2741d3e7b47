//! Unit selection: where a voice holds several recordings of a diphone, the one to
//! play is chosen per sentence by a Viterbi search that minimises the sum of target
//! costs (how far a unit's pitch and phone lengths are from the prosody targets, so
//! how much TD-PSOLA has to change it; whether the phones it was recorded between are the
//! sentence's, [`crate::voice::context`]; whether it was recorded inside a word or across
//! a word boundary, and with its vowels stressed, as the sentence has them,
//! [`crate::voice::place`]; in a voice whose /t/ releases can sound like its /tʃ/, how far a
//! /t/ release lies below the brightness it needs, [`crate::voice::release`]) and join
//! costs (how different two units sound
//! where they meet in the middle of a phone: LPC-cepstral distance, level and pitch
//! period, plus a fixed cost for the join itself, by how audible a join is in that
//! phone), after Hunt & Black (1996). Ties go to the earlier unit, so the choice is
//! a pure function of the targets and the voice. A slot with one candidate costs
//! nothing to decide: voices with one unit per diphone play exactly as before.
//!
//! Units cut from running speech that follow each other in their recording join at no
//! cost ([`Unit::is_continued_by`]), so the search prefers long stretches of one sentence; where a
//! slot has many candidates, only the `BEAM` (24) closest to the targets and the ones
//! that continue a kept candidate of the previous slot are searched.

use crate::phonetics::phone::{Manner, Phone};
use crate::prosody::PhoneTarget;
use crate::voice::place::stressed;
use crate::voice::{context, Edge, Unit, UnitFeatures, UnitPlace};

const FS: f64 = 16_000.0;
/// Weight of the target F0 distance (|ln ratio|).
const W_PITCH: f64 = 1.0;
/// Weight of the half-phone length distance (|ln ratio|).
const W_LENGTH: f64 = 0.3;
/// Weight of a mismatched phone recorded next to the unit, on each side ([`context::mismatch`]).
const W_CONTEXT: f64 = 0.3;
/// Weight of a word boundary between the two phones where the sentence has none, or the
/// other way round ([`crate::voice::UnitPlace`]); half of it where the unit's place is unknown.
const W_WORD: f64 = 1.0;
/// Weight of a vowel of the unit stressed where the sentence's is not, or the other way round.
const W_STRESS: f64 = 0.3;
/// Weight of a voiceless stop released after /s/ where the sentence has none before it, or
/// the other way round ([`aspiration_mismatch`]).
const W_ASPIRATION: f64 = 1.0;
/// Weight of each kHz a /t/ release lies below the brightness its voice's /t/ needs not to
/// be heard as its /tʃ/ ([`crate::voice::release`]).
const W_RELEASE: f64 = 1.0;
/// Weight of the cepstral distance at a join.
const W_SPECTRUM: f64 = 1.0;
/// Weight of the level difference at a join (|Δ ln RMS|).
const W_LEVEL: f64 = 0.3;
/// Weight of the pitch-period difference at a join (|ln ratio|).
const W_PERIOD: f64 = 2.0;
/// Join costs inside a stop count this much: its seam lies in the closure.
const STOP_JOIN: f64 = 0.3;
/// What any join between two recordings costs, times its phone's [`audibility`], on top
/// of how different the two sound where they meet: what the edge measures miss (the
/// voice's phase and fine pitch, the movement through the seam), so the search keeps
/// longer stretches of one recording and puts its joins where they are heard least
/// (0.3 and 1 scored the same on the example and the White House briefing; see
/// bench/RESULTS.md, Quality).
const JOIN: f64 = 0.3;
/// Candidates of a slot kept by target cost for the search (see [`shortlist`]).
const BEAM: usize = 24;

/// The candidates of one diphone slot.
#[derive(Debug, Clone, Copy)]
pub struct Slot<'v> {
    /// At least one unit; the first is the default.
    pub units: &'v [Unit],
    /// Their features (parallel to `units`), or empty when there is no choice.
    pub features: &'v [UnitFeatures],
}

/// The index of the chosen unit in each slot (`slots[k]` is the diphone between phone
/// `k − 1` and phone `k`; `None` slots get 0).
pub fn choose(targets: &[PhoneTarget], slots: &[Option<Slot<'_>>]) -> Vec<usize> {
    let mut chosen = vec![0; slots.len()];
    let mut k = 0;
    while k < slots.len() {
        if slots[k].is_none() {
            k += 1;
            continue;
        }
        let end = (k..slots.len())
            .find(|&j| slots[j].is_none())
            .unwrap_or(slots.len());
        let run: Vec<Slot> = slots[k..end].iter().map(|s| s.unwrap()).collect();
        if run
            .iter()
            .any(|s| s.units.len() > 1 && s.features.len() == s.units.len())
        {
            chosen[k..end].copy_from_slice(&viterbi(targets, k, &run));
        }
        k = end;
    }
    chosen
}

/// The candidates of one slot the search looks at: the [`BEAM`] closest to the targets,
/// and every unit that continues the recording of one of the previous slot's kept
/// candidates (so a stretch of one recording is never pruned away).
fn shortlist(
    targets: &[PhoneTarget],
    k: usize,
    slot: &Slot<'_>,
    prev: Option<(&Slot<'_>, &[usize])>,
) -> Vec<(usize, f64)> {
    let wanted = Wanted::new(targets, k);
    let costs: Vec<f64> = (0..slot.units.len())
        .map(|i| target_cost_of(&wanted, slot, i))
        .collect();
    let mut order: Vec<usize> = (0..costs.len()).collect();
    if order.len() > BEAM {
        order.sort_by(|&a, &b| costs[a].total_cmp(&costs[b]).then(a.cmp(&b)));
        let mut keep = vec![false; costs.len()];
        for &i in &order[..BEAM] {
            keep[i] = true;
        }
        if let Some((p, kept)) = prev {
            for &j in kept {
                for (i, u) in slot.units.iter().enumerate() {
                    keep[i] |= p.units[j].is_continued_by(u);
                }
            }
        }
        order = (0..costs.len()).filter(|&i| keep[i]).collect();
    }
    order.into_iter().map(|i| (i, costs[i])).collect()
}

/// Viterbi over a run of slots starting at slot index `first`.
fn viterbi(targets: &[PhoneTarget], first: usize, run: &[Slot<'_>]) -> Vec<usize> {
    // per slot: (candidate index, accumulated cost, back pointer into the previous row)
    let mut rows: Vec<Vec<(usize, f64, usize)>> = Vec::with_capacity(run.len());
    for (r, slot) in run.iter().enumerate() {
        let k = first + r;
        let kept_prev: Vec<usize> = rows
            .last()
            .map_or(Vec::new(), |row| row.iter().map(|&(i, _, _)| i).collect());
        let prev = (r > 0).then(|| (&run[r - 1], kept_prev.as_slice()));
        // The previous row's entries from the cheapest path up (ties by place in the row).
        let by_cost: Vec<usize> = rows.last().map_or(Vec::new(), |last| {
            let mut order: Vec<usize> = (0..last.len()).collect();
            order.sort_by(|&a, &b| last[a].1.total_cmp(&last[b].1).then(a.cmp(&b)));
            order
        });
        let row: Vec<(usize, f64, usize)> = shortlist(targets, k, slot, prev)
            .into_iter()
            .map(|(i, t)| {
                let Some(last) = rows.last() else {
                    return (i, t, 0);
                };
                let prev = &run[r - 1];
                let shared = targets.get(k - 1).map_or(Phone::Pau, |t| t.phone);
                let (acc, back) =
                    cheapest_way_in(last, &by_cost, |j| join_cost(shared, prev, j, slot, i));
                (i, acc + t, back)
            })
            .collect();
        rows.push(row);
    }
    let mut path = vec![0; run.len()];
    let Some(last) = rows.last() else {
        return path;
    };
    let mut b = last
        .iter()
        .enumerate()
        .fold(
            (f64::INFINITY, 0),
            |a, (n, x)| {
                if x.1 < a.0 {
                    (x.1, n)
                } else {
                    a
                }
            },
        )
        .1;
    for r in (0..run.len()).rev() {
        path[r] = rows[r][b].0;
        b = rows[r][b].2;
    }
    path
}

/// The cheapest way into a candidate from the previous row `last` (entries: candidate,
/// accumulated cost, back pointer), given the join cost from each previous candidate: the
/// least `accumulated + join` and its place in the row, the first place among equals.
/// `by_cost` lists the row's places from the least accumulated cost up (ties by place).
/// A join never costs less than nothing (and adding it never rounds below the accumulated
/// cost), so once an accumulated cost alone passes the best total found, no later entry can
/// win: the result is the same as trying every entry, with fewer join costs computed.
fn cheapest_way_in(
    last: &[(usize, f64, usize)],
    by_cost: &[usize],
    join: impl Fn(usize) -> f64,
) -> (f64, usize) {
    let mut best = (f64::INFINITY, 0);
    for &b in by_cost {
        let (j, acc, _) = last[b];
        if acc > best.0 {
            break;
        }
        let total = acc + join(j);
        if total < best.0 || (total == best.0 && b < best.1) {
            best = (total, b);
        }
    }
    best
}

/// What the search chose for one diphone slot and what it cost (for `aloud plan --units`).
#[derive(Debug, Clone, PartialEq)]
pub struct Choice<'v> {
    /// The unit played.
    pub unit: &'v Unit,
    /// Its place among the diphone's units (0 is the first in the voice).
    pub index: usize,
    /// How many units the voice holds for this diphone.
    pub candidates: usize,
    /// The chosen unit's target cost (`None` for a voice without unit features: no choice).
    pub target: Option<f64>,
    /// Its join cost with the previous slot's unit (`None` after a pause, and where either
    /// unit has no features; 0 when it continues that unit's recording).
    pub join: Option<f64>,
    /// Whether it continues the previous slot's unit in one recording (no join at all).
    pub continues: bool,
    /// The phones recorded next to it (`None` for a voice without unit features).
    pub context: Option<crate::voice::Context>,
    /// Where its phones stood in the words of its recording, if known.
    pub place: Option<UnitPlace>,
    /// How bright its release is, for a voiceless stop, affricate or sibilant into a vowel
    /// ([`crate::voice::release`]; `None` for other units and where it was not measured).
    pub release: Option<crate::units::Hz>,
    /// How far that release lies below the brightness its voice's /t/ needs (0 where
    /// nothing is missing); it is part of [`Choice::target`].
    pub release_gap: crate::units::Hz,
    /// For a vowel's unit into a pause: how much of the vowel's end dies away through the
    /// murmur its recording ends in (filled in by [`super::explain_units`], which reads the
    /// voice's audio; `None` here).
    pub dies_away: Option<crate::units::Seconds>,
}

/// The costs of the units `chosen` (as [`choose`] returned them) for `slots`.
pub fn explain<'v>(
    targets: &[PhoneTarget],
    slots: &[Option<Slot<'v>>],
    chosen: &[usize],
) -> Vec<Option<Choice<'v>>> {
    let mut out: Vec<Option<Choice<'v>>> = Vec::with_capacity(slots.len());
    for (k, (slot, &i)) in slots.iter().zip(chosen).enumerate() {
        let Some(slot) = slot else {
            out.push(None);
            continue;
        };
        let prev = k
            .checked_sub(1)
            .and_then(|p| slots[p].as_ref().map(|s| (s, chosen[p])));
        let shared = targets
            .get(k.wrapping_sub(1))
            .map_or(Phone::Pau, |t| t.phone);
        let (join, continued) = prev.map_or((None, false), |(p, j)| {
            let costed = features(p, j).is_some() && features(slot, i).is_some();
            (
                costed.then(|| join_cost(shared, p, j, slot, i)),
                p.units[j].is_continued_by(&slot.units[i]),
            )
        });
        out.push(Some(Choice {
            unit: &slot.units[i],
            index: i,
            candidates: slot.units.len(),
            target: features(slot, i).map(|_| target_cost(targets, k, slot, i)),
            join,
            continues: continued,
            context: features(slot, i).map(|f| f.context),
            place: features(slot, i).and_then(|f| f.place),
            release: features(slot, i).and_then(|f| f.release),
            release_gap: features(slot, i).map_or(crate::units::Hz(0.0), |f| f.release_gap),
            dies_away: None,
        }));
    }
    out
}

fn features<'a>(slot: &Slot<'a>, i: usize) -> Option<&'a UnitFeatures> {
    slot.features.get(i)
}

/// What slot `k`'s candidates are measured against: the targets of its two phones (none for
/// a pause) and the mean F0 they ask for, worked out once for all of the slot's candidates.
struct Wanted<'t> {
    left: Option<&'t PhoneTarget>,
    right: Option<&'t PhoneTarget>,
    /// Mean of the two phones' pitch points, if they have any.
    f0: Option<f64>,
    /// The phones the sentence has before the first phone and after the second (`None`
    /// next to a pause inside the diphone, where the neighbour is not heard).
    before: Option<Phone>,
    after: Option<Phone>,
    /// Where the two phones stand in the sentence's words, when both are spoken and known.
    place: Option<WantedPlace>,
}

/// The place in the words a slot's unit should have been recorded in.
struct WantedPlace {
    /// A word boundary between the two phones.
    word_break: bool,
    /// For each of the two phones that is a vowel: whether it is stressed.
    stressed: [Option<bool>; 2],
}

impl<'t> Wanted<'t> {
    fn new(targets: &'t [PhoneTarget], k: usize) -> Self {
        let spoken = |t: Option<&'t PhoneTarget>| t.filter(|t| t.phone != Phone::Pau);
        let left = spoken(k.checked_sub(1).and_then(|j| targets.get(j)));
        let right = spoken(targets.get(k));
        let (sum, n) = [left, right]
            .into_iter()
            .flatten()
            .flat_map(|t| t.pitch.iter().map(|p| f64::from(p.f0.0)))
            .fold((0.0, 0usize), |(s, n), hz| (s + hz, n + 1));
        let f0 = (n > 0).then(|| sum / n as f64);
        let phone = |j: Option<usize>| {
            j.and_then(|j| targets.get(j))
                .map_or(Phone::Pau, |t| t.phone)
        };
        let before = left.map(|_| phone(k.checked_sub(2)));
        let after = right.map(|_| phone(Some(k + 1)));
        let place = match (left, right) {
            (Some(l), Some(r)) => l.place.zip(r.place).map(|(lp, rp)| {
                let vowel = |t: &PhoneTarget, s| t.phone.is_vowel().then(|| stressed(s));
                WantedPlace {
                    word_break: rp.word_start,
                    stressed: [vowel(l, lp.stress), vowel(r, rp.stress)],
                }
            }),
            _ => None,
        };
        Wanted {
            left,
            right,
            f0,
            before,
            after,
            place,
        }
    }
}

/// How far candidate `i` of slot `k` is from the targets of its two phones.
fn target_cost(targets: &[PhoneTarget], k: usize, slot: &Slot<'_>, i: usize) -> f64 {
    target_cost_of(&Wanted::new(targets, k), slot, i)
}

/// [`target_cost`] against targets worked out beforehand.
fn target_cost_of(wanted: &Wanted<'_>, slot: &Slot<'_>, i: usize) -> f64 {
    let Some(f) = features(slot, i) else {
        return 0.0;
    };
    let unit = &slot.units[i];
    let mut cost = 0.0;
    if let (Some(hz), Some(mean)) = (f.f0, wanted.f0) {
        cost += W_PITCH * (f64::from(hz.0) / mean).ln().abs();
    }
    cost += place_cost(wanted, f.place);
    for (want, have) in [
        (wanted.before, f.context.before),
        (wanted.after, f.context.after),
    ] {
        if let Some(want) = want {
            cost += W_CONTEXT * context::mismatch(want, have);
        }
    }
    if let Some(want) = wanted.before {
        if aspiration_mismatch(unit.diphone.left, want, f.context.before) {
            cost += W_ASPIRATION;
        }
    }
    cost += W_RELEASE * f64::from(f.release_gap.0) / 1000.0;
    let first = unit
        .marks
        .first()
        .map_or(unit.start, |m| m.at)
        .min(unit.join);
    let last = unit.marks.last().map_or(unit.end, |m| m.at).max(unit.join);
    for (t, have) in [
        (wanted.left, (unit.join - first).0),
        (wanted.right, (last - unit.join).0),
    ] {
        if let Some(t) = t {
            let want = t.duration.0 * FS / 2.0;
            if want > 1.0 && have > 0 {
                cost += W_LENGTH * (have as f64 / want).ln().abs().min(2.0);
            }
        }
    }
    cost
}

/// Whether a unit whose first phone is `stop` was released the other way from the one the
/// sentence wants, where `want` comes before the stop and `have` came before it in the
/// recording (`None`: not known, a carrier word's syllable). A voiceless stop after /s/ is
/// released without aspiration ("speak", "stead"), elsewhere with it ("peak", "ten"); the
/// one played where the other belongs is heard as its voiced partner ("Pete" as "beat",
/// "tests" as "deaths"), which the neighbour's own weight ([`W_CONTEXT`]) is too small to
/// prevent.
fn aspiration_mismatch(stop: Phone, want: Phone, have: Option<Phone>) -> bool {
    let voiceless_stop = stop.is_stop() && !stop.is_voiced();
    voiceless_stop && (want == Phone::S) != (have == Some(Phone::S))
}

/// How far the place a unit was recorded in is from the place its phones have in the
/// sentence: a word boundary between them in one and not the other, a vowel stressed in
/// one and not the other. Nothing where the sentence's places are not known; half the word
/// cost, and no stress cost, where the unit's place is not known.
fn place_cost(wanted: &Wanted<'_>, have: Option<UnitPlace>) -> f64 {
    let Some(want) = &wanted.place else {
        return 0.0;
    };
    let Some(have) = have else {
        return 0.5 * W_WORD;
    };
    let mut cost = 0.0;
    if have.word_break != want.word_break {
        cost += W_WORD;
    }
    for (want, got) in want.stressed.iter().zip(have.stress) {
        if want.is_some_and(|w| w != stressed(got)) {
            cost += W_STRESS;
        }
    }
    cost
}

/// How different candidate `j` of `prev` and candidate `i` of `next` sound where they
/// meet, in the middle of phone `shared`.
fn join_cost(shared: Phone, prev: &Slot<'_>, j: usize, next: &Slot<'_>, i: usize) -> f64 {
    if shared == Phone::Pau {
        return 0.0;
    }
    if prev.units[j].is_continued_by(&next.units[i]) {
        return 0.0;
    }
    let (Some(a), Some(b)) = (features(prev, j), features(next, i)) else {
        return 0.0;
    };
    let cost = edge_distance(&a.right, &b.left);
    let seam = if shared.is_stop() { STOP_JOIN } else { 1.0 };
    seam * cost + JOIN * audibility(shared)
}

/// How much a join in the middle of `phone` is heard, whatever the two units' edges
/// measure (0–1): most in a vowel, whose harmonics and formants run through the seam,
/// less in liquids and glides, then voiced fricatives; least in a nasal's steady, quiet
/// murmur and where the seam lies in noise or silence (voiceless fricatives, affricates,
/// stop closures).
fn audibility(phone: Phone) -> f64 {
    match phone.manner() {
        Manner::Vowel => 1.0,
        Manner::Liquid | Manner::Glide => 0.8,
        Manner::Fricative | Manner::Sibilant if phone.is_voiced() => 0.5,
        _ => 0.2,
    }
}

/// The join cost between the end of one unit and the start of the next.
pub fn edge_distance(a: &Edge, b: &Edge) -> f64 {
    let spectrum: f64 = a
        .cepstrum
        .iter()
        .zip(&b.cepstrum)
        .map(|(x, y)| f64::from(x - y).powi(2))
        .sum::<f64>()
        .sqrt();
    let level = f64::from(a.log_rms - b.log_rms).abs();
    let period = match (a.period, b.period) {
        (Some(p), Some(q)) if p > 0.0 && q > 0.0 => f64::from(p / q).ln().abs(),
        _ => 0.0,
    };
    W_SPECTRUM * spectrum + W_LEVEL * level + W_PERIOD * period
}

#[cfg(test)]
#[path = "select_tests.rs"]
mod tests;
