//! Tests of unit selection (src/synth/select.rs).

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
        place: None,
        release: None,
        release_gap: Hz(0.0),
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
        place: None,
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
    assert!(am[0].is_continued_by(&ma[1]));
    assert!(!am[1].is_continued_by(&ma[1]) && !am[0].is_continued_by(&ma[0]));
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

/// The targets of "the retro": dh ax r eh t r ow, with their places in the words.
fn retro() -> Vec<PhoneTarget> {
    use crate::phonetics::phone::Stress::{Primary, Unstressed};
    use crate::prosody::PhonePlace;
    [
        (Phone::Dh, true, Unstressed),
        (Phone::Ax, false, Unstressed),
        (Phone::R, true, Unstressed),
        (Phone::Eh, false, Primary),
        (Phone::T, false, Unstressed),
        (Phone::R, false, Unstressed),
        (Phone::Ow, false, Unstressed),
    ]
    .into_iter()
    .map(|(phone, word_start, stress)| PhoneTarget {
        place: Some(PhonePlace { word_start, stress }),
        ..target(phone, 100.0)
    })
    .collect()
}

/// The choice among `candidates` for slot `k` of [`retro`] (the only slot with units).
fn pick(k: usize, candidates: &[UnitFeatures]) -> usize {
    pick_in(&retro(), k, candidates)
}

/// The choice among `candidates` for slot `k` of `targets` (the only slot with units).
fn pick_in(targets: &[PhoneTarget], k: usize, candidates: &[UnitFeatures]) -> usize {
    let pair = unit(targets[k - 1].phone, targets[k].phone);
    let units: Vec<Unit> = candidates.iter().map(|_| pair.clone()).collect();
    let slots: Vec<Option<Slot>> = (0..=targets.len())
        .map(|j| {
            (j == k).then_some(Slot {
                units: &units,
                features: candidates,
            })
        })
        .collect();
    choose(targets, &slots)[k]
}

/// The choice among `candidates` for the slot `t-r` of [`retro`].
fn pick_t_r(candidates: &[UnitFeatures]) -> usize {
    pick(5, candidates)
}

#[test]
fn a_unit_recorded_across_a_word_boundary_loses_where_the_sentence_has_none() {
    use crate::phonetics::phone::Stress::Unstressed;
    let at = |word_break| UnitFeatures {
        place: Some(UnitPlace {
            word_break,
            stress: [Unstressed; 2],
        }),
        ..feats(0.0, 0.0, 100.0)
    };
    // "get rid" first, "metro" second: the second wins, whatever the order
    assert_eq!(pick_t_r(&[at(true), at(false)]), 1);
    assert_eq!(pick_t_r(&[at(false), at(true)]), 0);
    // a unit whose place is unknown costs less than a wrong place, more than the right one
    let unknown = feats(0.0, 0.0, 100.0);
    assert_eq!(pick_t_r(&[at(true), unknown]), 1);
    assert_eq!(pick_t_r(&[unknown, at(false)]), 1);
}

/// Features of a unit recorded between the phones `before` and `after`.
fn recorded_between(before: Phone, after: Phone) -> UnitFeatures {
    UnitFeatures {
        context: Context {
            before: Some(before),
            after: Some(after),
        },
        ..feats(0.0, 0.0, 100.0)
    }
}

#[test]
fn a_unit_recorded_between_the_sentences_own_neighbours_wins() {
    // t-r of "retro" wants eh before and ow after
    let far = recorded_between(Phone::S, Phone::Iy);
    let alike = recorded_between(Phone::Ae, Phone::Ow);
    let same = recorded_between(Phone::Eh, Phone::Ow);
    assert_eq!(pick_t_r(&[far, alike, same]), 2);
    assert_eq!(pick_t_r(&[far, alike]), 1);
    assert_eq!(
        pick_t_r(&[feats(0.0, 0.0, 100.0), alike]),
        1,
        "unknown = unlike"
    );
}

#[test]
fn a_stressed_vowel_is_matched_to_a_stressed_one() {
    use crate::phonetics::phone::Stress::{Primary, Secondary, Unstressed};
    // slot 4 is eh-t, eh stressed in the sentence
    let placed = |s| UnitFeatures {
        place: Some(UnitPlace {
            word_break: false,
            stress: [s, Unstressed],
        }),
        ..feats(0.0, 0.0, 100.0)
    };
    for (a, b, want) in [
        (Unstressed, Primary, 1),
        (Primary, Unstressed, 0),
        (Unstressed, Secondary, 1),
    ] {
        assert_eq!(
            pick(4, &[placed(a), placed(b)]),
            want,
            "{a:?} against {b:?}"
        );
    }
}

#[test]
fn a_stop_released_after_s_is_kept_for_where_the_sentence_has_s_before_it() {
    // t-eh with two recordings: "...s t eh s..." ("guest estate": unaspirated) and
    // "...ow t eh d..." (aspirated). Without the aspiration weight the first would win in
    // "more tests" (r before the t) on its one matching neighbour.
    let after_s = recorded_between(Phone::S, Phone::S);
    let aspirated = recorded_between(Phone::Ow, Phone::D);
    let pick_t_eh = |before: Phone, candidates: &[UnitFeatures]| {
        let targets: Vec<PhoneTarget> = [before, Phone::T, Phone::Eh, Phone::S]
            .into_iter()
            .map(|p| target(p, 100.0))
            .collect();
        pick_in(&targets, 2, candidates)
    };
    // "more tests": the aspirated one, whichever comes first
    assert_eq!(pick_t_eh(Phone::R, &[after_s, aspirated]), 1);
    assert_eq!(pick_t_eh(Phone::R, &[aspirated, after_s]), 0);
    // "guest estate" wants the one after /s/
    assert_eq!(pick_t_eh(Phone::S, &[aspirated, after_s]), 1);
    // a voiced stop has no such difference: its neighbour counts as any other
    assert!(!aspiration_mismatch(Phone::D, Phone::R, Some(Phone::S)));
    assert!(aspiration_mismatch(Phone::K, Phone::Pau, Some(Phone::S)));
    assert!(!aspiration_mismatch(Phone::P, Phone::Ow, None));
}

#[test]
fn a_t_release_duller_than_the_voice_needs_loses_to_a_bright_one() {
    // two recordings of t-eh, alike but for how far each release lies below the voice's
    // floor (crate::voice::release): the brighter one wins in either order
    let gap = |hz| UnitFeatures {
        release_gap: Hz(hz),
        ..recorded_between(Phone::R, Phone::S)
    };
    let targets: Vec<PhoneTarget> = [Phone::R, Phone::T, Phone::Eh, Phone::S]
        .into_iter()
        .map(|p| target(p, 100.0))
        .collect();
    assert_eq!(pick_in(&targets, 2, &[gap(900.0), gap(0.0)]), 1);
    assert_eq!(pick_in(&targets, 2, &[gap(0.0), gap(900.0)]), 0);
    assert_eq!(pick_in(&targets, 2, &[gap(400.0), gap(200.0)]), 1);
    // a kHz of gap outweighs one mismatched neighbour
    let matched_but_dull = UnitFeatures {
        release_gap: Hz(1000.0),
        ..recorded_between(Phone::R, Phone::S)
    };
    let bright_elsewhere = recorded_between(Phone::Ow, Phone::S);
    assert_eq!(
        pick_in(&targets, 2, &[matched_but_dull, bright_elsewhere]),
        1
    );
}
