//! Unit selection: where a voice holds several recordings of a diphone, the one to
//! play is chosen per sentence by a Viterbi search that minimises the sum of target
//! costs (how far a unit's pitch and phone lengths are from the prosody targets, so
//! how much TD-PSOLA has to change it) and join costs (how different two units sound
//! where they meet in the middle of a phone: LPC-cepstral distance, level and pitch
//! period, plus a fixed cost for the join itself, by how audible a join is in that
//! phone), after Hunt & Black (1996). Ties go to the earlier unit, so the choice is
//! a pure function of the targets and the voice. A slot with one candidate costs
//! nothing to decide: voices with one unit per diphone play exactly as before.
//!
//! Units cut from running speech that follow each other in their recording join at no
//! cost ([`continues`]), so the search prefers long stretches of one sentence; where a
//! slot has many candidates, only the `BEAM` (24) closest to the targets and the ones
//! that continue a kept candidate of the previous slot are searched.

use crate::phonetics::phone::{Manner, Phone};
use crate::prosody::PhoneTarget;
use crate::voice::{context, Edge, Unit, UnitFeatures};

const FS: f64 = 16_000.0;
/// Weight of the target F0 distance (|ln ratio|).
const W_PITCH: f64 = 1.0;
/// Weight of the half-phone length distance (|ln ratio|).
const W_LENGTH: f64 = 0.3;
/// Weight of a mismatched phone recorded next to the unit, on each side ([`context::mismatch`]).
const W_CONTEXT: f64 = 0.3;
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
                    keep[i] |= continues(&p.units[j], u);
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
                continues(&p.units[j], &slot.units[i]),
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
        }));
    }
    out
}

/// True when `next` continues `prev` in the same recording: the two were cut from
/// neighbouring phone pairs of one sentence, so their ranges overlap by the padding
/// and playing them in a row needs no join.
pub fn continues(prev: &Unit, next: &Unit) -> bool {
    prev.is_continued_by(next)
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
        let phone = |j: Option<usize>| j.and_then(|j| targets.get(j)).map_or(Phone::Pau, |t| t.phone);
        let before = left.map(|_| phone(k.checked_sub(2)));
        let after = right.map(|_| phone(Some(k + 1)));
        Wanted {
            left,
            right,
            f0,
            before,
            after,
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
    for (want, have) in [
        (wanted.before, f.context.before),
        (wanted.after, f.context.after),
    ] {
        if let Some(want) = want {
            cost += W_CONTEXT * context::mismatch(want, have);
        }
    }
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

/// How different candidate `j` of `prev` and candidate `i` of `next` sound where they
/// meet, in the middle of phone `shared`.
fn join_cost(shared: Phone, prev: &Slot<'_>, j: usize, next: &Slot<'_>, i: usize) -> f64 {
    if shared == Phone::Pau {
        return 0.0;
    }
    if continues(&prev.units[j], &next.units[i]) {
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
mod tests {
    use super::*;
    use crate::prosody::PitchPoint;
    use crate::units::{Frames, Hz, Seconds};
    use crate::voice::{Context, Diphone, PitchMark, CEPSTRA};

    fn unit(left: Phone, right: Phone) -> Unit {
        Unit {
            diphone: Diphone::new(left, right),
            start: Frames(0),
            join: Frames(800),
            end: Frames(1600),
            marks: (1..10)
                .map(|k| PitchMark {
                    at: Frames(k * 160),
                    voiced: true,
                })
                .collect(),
        }
    }

    fn edge(c1: f32) -> Edge {
        let mut cepstrum = [0.0; CEPSTRA];
        cepstrum[0] = c1;
        Edge {
            cepstrum,
            log_rms: -2.0,
            period: Some(160.0),
        }
    }

    fn feats(left: f32, right: f32, f0: f32) -> UnitFeatures {
        UnitFeatures {
            left: edge(left),
            right: edge(right),
            f0: Some(Hz(f0)),
            context: Context::default(),
        }
    }

    fn target(phone: Phone, f0: f32) -> PhoneTarget {
        PhoneTarget {
            phone,
            duration: Seconds(0.1),
            pitch: vec![PitchPoint {
                at: 0.5,
                f0: Hz(f0),
            }],
        }
    }

    #[test]
    fn the_search_takes_the_pair_that_joins_best_over_the_better_target() {
        // pau-aa: one unit; aa-m: two, the second a closer pitch but a worse join with
        // both m-pau units; m-pau: two.
        let (pa, am, mp) = (
            [unit(Phone::Pau, Phone::Aa)],
            [unit(Phone::Aa, Phone::M), unit(Phone::Aa, Phone::M)],
            [unit(Phone::M, Phone::Pau), unit(Phone::M, Phone::Pau)],
        );
        let fa = [feats(0.0, 0.0, 100.0)];
        let fm = [feats(0.0, 0.5, 110.0), feats(0.0, 3.0, 100.0)];
        let fp = [feats(1.5, 0.0, 100.0), feats(0.6, 0.0, 100.0)];
        let slots = [
            Some(Slot {
                units: &pa,
                features: &fa,
            }),
            Some(Slot {
                units: &am,
                features: &fm,
            }),
            Some(Slot {
                units: &mp,
                features: &fp,
            }),
        ];
        let targets = [target(Phone::Aa, 100.0), target(Phone::M, 100.0)];
        assert_eq!(choose(&targets, &slots), vec![0, 0, 1]);
    }

    #[test]
    fn a_join_costs_most_in_a_vowel_and_least_in_noise_or_silence() {
        // the same two edges, met in the middle of different phones
        let (a, b) = ([unit(Phone::Aa, Phone::Aa)], [unit(Phone::Aa, Phone::Aa)]);
        let (fa, fb) = ([feats(0.0, 1.0, 100.0)], [feats(0.0, 0.0, 100.0)]);
        let (prev, next) = (
            Slot {
                units: &a,
                features: &fa,
            },
            Slot {
                units: &b,
                features: &fb,
            },
        );
        let cost = |p: Phone| join_cost(p, &prev, 0, &next, 0);
        assert!(cost(Phone::Aa) > cost(Phone::L));
        assert!(cost(Phone::L) > cost(Phone::Z));
        assert!(cost(Phone::Z) > cost(Phone::S));
        assert!(cost(Phone::S) > cost(Phone::T));
        assert_eq!(cost(Phone::S), cost(Phone::N));
        assert_eq!(cost(Phone::Pau), 0.0);
        // equal edges still cost the join itself
        let same = [feats(1.0, 1.0, 100.0)];
        let twin = Slot {
            units: &b,
            features: &same,
        };
        assert!((join_cost(Phone::Aa, &twin, 0, &twin, 0) - JOIN).abs() < 1e-9);
    }

    #[test]
    fn a_stretch_of_one_recording_joins_for_free_and_wins() {
        // aa-m and m-aa from one sentence (ranges overlapping in the middle of m), and
        // a second m-aa with a better pitch but a poor join to either aa-m.
        let seq = |start: usize, left, right| Unit {
            diphone: Diphone::new(left, right),
            start: Frames(start),
            join: Frames(start + 800),
            end: Frames(start + 1600),
            marks: (1..10)
                .map(|k| PitchMark {
                    at: Frames(start + k * 160),
                    voiced: true,
                })
                .collect(),
        };
        let am = [
            seq(0, Phone::Aa, Phone::M),
            seq(10_000, Phone::Aa, Phone::M),
        ];
        let ma = [
            seq(20_000, Phone::M, Phone::Aa),
            seq(1_500, Phone::M, Phone::Aa),
        ];
        assert!(continues(&am[0], &ma[1]));
        assert!(!continues(&am[1], &ma[1]) && !continues(&am[0], &ma[0]));
        let fm = [feats(0.0, 2.0, 100.0), feats(0.0, 2.5, 100.0)];
        let fa = [feats(0.5, 0.0, 100.0), feats(0.0, 0.0, 115.0)];
        let slots = [
            Some(Slot {
                units: &am,
                features: &fm,
            }),
            Some(Slot {
                units: &ma,
                features: &fa,
            }),
        ];
        let targets = [target(Phone::M, 100.0), target(Phone::Aa, 100.0)];
        let chosen = choose(&targets, &slots);
        assert_eq!(chosen, vec![0, 1]);
        // explained: the second unit continues the first, so its join costs nothing
        let why = explain(&targets, &slots, &chosen);
        let (a, b) = (why[0].as_ref().unwrap(), why[1].as_ref().unwrap());
        assert_eq!(
            (a.index, a.candidates, a.join, a.continues),
            (0, 2, None, false)
        );
        assert_eq!((b.index, b.join, b.continues), (1, Some(0.0), true));
        assert!(b.target.unwrap() > 0.0, "115 Hz against a 100 Hz target");
        // with the other m-aa the join has a cost and is no continuation
        let other = explain(&targets, &slots, &[0, 0]);
        let c = other[1].as_ref().unwrap();
        assert!(!c.continues && c.join.unwrap() > 0.0);
    }

    #[test]
    fn one_candidate_per_slot_or_no_features_is_no_choice() {
        let am = [unit(Phone::Aa, Phone::M), unit(Phone::Aa, Phone::M)];
        let slots = [
            None,
            Some(Slot {
                units: &am,
                features: &[],
            }),
            None,
        ];
        let targets = [target(Phone::Aa, 100.0), target(Phone::M, 100.0)];
        assert_eq!(choose(&targets, &slots), vec![0, 0, 0]);
        let why = explain(&targets, &slots, &[0, 0, 0]);
        assert!(why[0].is_none() && why[2].is_none());
        let c = why[1].as_ref().unwrap();
        assert_eq!((c.candidates, c.target, c.join), (2, None, None));
    }

    #[test]
    fn a_pause_between_slots_costs_no_join() {
        let a = feats(0.0, 9.0, 100.0);
        let b = feats(0.0, 0.0, 100.0);
        let (x, y) = ([unit(Phone::Aa, Phone::Pau)], [unit(Phone::Pau, Phone::Aa)]);
        let (fx, fy) = ([a], [b]);
        let prev = Slot {
            units: &x,
            features: &fx,
        };
        let next = Slot {
            units: &y,
            features: &fy,
        };
        assert_eq!(join_cost(Phone::Pau, &prev, 0, &next, 0), 0.0);
        assert!(join_cost(Phone::Aa, &prev, 0, &next, 0) > 8.0);
        assert!(join_cost(Phone::T, &prev, 0, &next, 0) < join_cost(Phone::Aa, &prev, 0, &next, 0));
    }

    /// The pruned search for the way into a candidate finds what trying every previous
    /// entry finds (the least total, the first place among equals), ties and all.
    #[test]
    fn the_cheapest_way_in_is_the_exhaustive_one() {
        let mut rng = crate::phonetics::lts::splitmix::SplitMix(15);
        let mut next = move |n: u64| rng.next() % n;
        for _ in 0..2000 {
            let len = 1 + next(12) as usize;
            // Costs on a coarse grid so that totals often tie.
            let last: Vec<(usize, f64, usize)> =
                (0..len).map(|j| (j, next(8) as f64 * 0.25, 0)).collect();
            let joins: Vec<f64> = (0..len).map(|_| next(6) as f64 * 0.25).collect();
            let exhaustive = last
                .iter()
                .enumerate()
                .map(|(b, &(j, acc, _))| (acc + joins[j], b))
                .fold((f64::INFINITY, 0), |a, b| if b.0 < a.0 { b } else { a });
            let mut by_cost: Vec<usize> = (0..len).collect();
            by_cost.sort_by(|&a, &b| last[a].1.total_cmp(&last[b].1).then(a.cmp(&b)));
            assert_eq!(cheapest_way_in(&last, &by_cost, |j| joins[j]), exhaustive);
        }
    }
}
