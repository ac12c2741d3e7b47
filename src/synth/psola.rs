//! Time-domain pitch-synchronous overlap-add (TD-PSOLA) over diphone units.
//!
//! Phone `i` is made of two half-units: the second half of the diphone
//! (`i−1`, `i`) — from its join to its end — and the first half of the diphone
//! (`i`, `i+1`) — from its start to its join. The target duration is split between
//! the halves in proportion to their stored lengths, and each half is mapped
//! linearly onto its share of the output time.
//!
//! Output pitch marks are laid down one after another: at each output mark the
//! analysis mark nearest to the mapped source position is taken, and a grain
//! centred on it — the source audio under a Hann window that rises over the
//! preceding analysis period and falls over the following one — is added at the
//! output mark. The next output mark follows after one target period (`16 kHz / F0`,
//! F0 interpolated linearly between the pitch points of one run of phones between
//! pauses) in voiced stretches, and after the analysis mark spacing in unvoiced
//! stretches, where the original spacing is kept and a grain that has to be
//! repeated to stretch time is played alternately backwards, which avoids the
//! periodic buzz of repeating noise.
//!
//! Two units that continue one recording (see [`crate::voice::Unit::is_continued_by`]) are no
//! join: the phone between them plays the recording once, handed over half way between
//! the last mark of one and the first of the other ([`super::timing::recorded`]), and
//! the grains next to the hand-over read the other unit's audio and marks, so with the
//! units' own timing and pitch a run of one recording comes back sample for sample.
//!
//! Joins: where the two half-units of a phone from different recordings meet, both
//! halves are scaled so the RMS of their last / first 20 ms meets at the geometric mean
//! (except in stops, whose seam lies in the closure, next to the burst); each unit's gain
//! moves linearly across the unit between its two ends, so nothing jumps. Grains
//! are windowed, so the overlap-add cross-fades every join. At a voiced join between
//! two recordings, the second unit's grains are moved onto the first one's phase
//! ([`super::align`]), since marks from different recordings need not sit on the same
//! point of the cycle. Pauses are silence, but for the recording's own decay after the
//! last phone before one, played on for up to [`PAUSE_TAIL`] and faded out.
//!
//! Cost: one pass over the output with about two multiply-adds per output sample, plus
//! one correlation search per voiced join between two recordings (about a period's
//! worth of shifts over two periods of audio, with three small buffers); the other
//! allocations are the output buffer and a few small per-utterance tables.

use super::contour::{Cursor, Glides, GLIDE};
use super::grain::{grain_at, seam_shift_of, shifted, Room, MAX_HALF, MIN_HALF};
use super::murmur;
use super::overlap::{add_grain, HalfHann};
use super::timing::{recorded, PitchSource, GUIDE_RANGE, TONE_RANGE};
use crate::phonetics::phone::Phone;
use crate::prosody::PhoneTarget;
use crate::units::Semitones;
use crate::voice::Unit;

const FS: f64 = 16_000.0;
/// How far outside the units of its plan [`render`] may read the voice audio: its grains
/// stay inside the units (and the neighbours that continue their recordings), and the
/// phase search at a join reads at most one and a half of its periods (each at most
/// [`MAX_HALF`]) beyond a grain centre inside a unit.
pub(crate) const READ_REACH: usize = 2 * MAX_HALF;
/// Span over which the RMS at a join is measured (20 ms).
const SEAM_SPAN: usize = 320;
/// Longest stretch next to a phone boundary kept at natural speed (30 ms).
const BOUNDARY_ZONE: f64 = 480.0;
/// Gain limits of the join energy matching.
const GAIN_RANGE: (f32, f32) = (0.25, 4.0);
/// F0 limits of the output.
const F0_RANGE: (f32, f32) = (40.0, 600.0);
/// Longest stretch of a recording played on past the end of a phone before a pause
/// (50 ms), fading out: the decay of the voice and of the burst that the recording's
/// labels put into the pause.
const PAUSE_TAIL: f64 = 800.0;

/// One half-unit mapped onto output time.
struct Piece<'v> {
    out_start: f64,
    out_end: f64,
    unit: &'v Unit,
    /// Index of the unit in the plan (keys the gains and repeat detection).
    slot: usize,
    src_start: f64,
    /// Source samples per output sample.
    src_per_out: f64,
    /// Index of the run of phones between pauses (keys the F0 contour).
    run: usize,
    /// How its level runs over its output span.
    envelope: Envelope,
}

/// How a piece's level runs over its output span.
#[derive(Clone, Copy, PartialEq)]
enum Envelope {
    /// At the units' gains throughout.
    Steady,
    /// Fading out to silence by its end (the tail played into a pause).
    FadeOut,
    /// At the units' gains up to source sample `from`, then dying away to silence by source
    /// sample `to`: a phrase-final vowel whose recording ends in a murmur (see
    /// [`murmur::dies_from`]).
    DieAway { from: f64, to: f64 },
}

/// Renders phone targets with the units of a plan (`units[k]` between phone `k−1`
/// and `k`), reading `audio` scaled by `scale`. Phone `i` lasts `durations[i]`
/// samples (see [`super::timing::durations`]); F0 follows the targets' pitch
/// points, the units' own periods with [`PitchSource::Units`], or those shifted by
/// `shift`, continuous across joins and kept near the targets with
/// [`PitchSource::Guided`] ([`PitchSource::Auto`] counts as targets: resolve it first).
/// Returns exactly `round(Σ durations)` samples, clamped to −1..1.
#[inline(never)] // its own function, so `bench/instructions.sh` counts PSOLA apart
pub fn render<S: Copy + Into<f32>>(
    targets: &[PhoneTarget],
    durations: &[f64],
    units: &[Option<&Unit>],
    audio: &[S],
    scale: f32,
    pitch: PitchSource,
    shift: Semitones,
) -> Vec<f32> {
    let mut bounds = Vec::with_capacity(targets.len() + 1);
    let mut acc = 0.0;
    bounds.push(0.0);
    for d in durations {
        acc += d;
        bounds.push(acc);
    }
    let total = acc.round().max(0.0) as usize;

    let mut gains = vec![(1.0f32, 1.0f32); units.len()];
    // per unit, whether it continues the recording of the unit before it (no join)
    let continued: Vec<bool> = (0..units.len())
        .map(
            |k| match (k.checked_sub(1).and_then(|j| units[j]), units[k]) {
                (Some(a), Some(b)) => a.is_continued_by(b),
                _ => false,
            },
        )
        .collect();
    // per unit, the audio its grains may read: its own range, and the range of a
    // neighbour that continues its recording (the same recording's audio on either side)
    let mut rooms: Vec<Room> = units
        .iter()
        .map(|u| Room {
            span: u.map_or(0..0, Unit::range),
            ..Room::default()
        })
        .collect();
    for k in 1..units.len() {
        if let (Some(a), Some(b), true) = (units[k - 1], units[k], continued[k]) {
            rooms[k - 1].span.end = rooms[k - 1].span.end.max(b.end.0);
            rooms[k - 1].after = b.marks.first().map(|m| m.at.0);
            rooms[k].span.start = rooms[k].span.start.min(a.start.0);
            rooms[k].before = a.marks.last().map(|m| m.at.0);
        }
    }
    // per unit, how far its grains sit from its marks (see [`super::align`])
    let mut shifts = vec![0isize; units.len()];
    let mut pieces = Vec::with_capacity(targets.len() * 2);
    let mut contours: Vec<Vec<(f64, f32)>> = vec![Vec::new()];
    let mut run = 0;
    let mut glides = Glides::default();
    // per run, where its last vowel starts: the boundary tone that Guided pitch must keep
    let mut tones: Vec<f64> = vec![f64::INFINITY];
    for (i, t) in targets.iter().enumerate() {
        if t.phone == Phone::Pau {
            if !contours[run].is_empty() || pieces.last().is_some_and(|p: &Piece| p.run == run) {
                run += 1;
                contours.push(Vec::new());
                tones.push(f64::INFINITY);
            }
            continue;
        }
        if t.phone.is_vowel() {
            tones[run] = bounds[i];
        }
        let (Some(Some(a)), Some(Some(b))) = (units.get(i), units.get(i + 1)) else {
            continue;
        };
        let (out0, out1) = (bounds[i], bounds[i + 1]);
        let points = match pitch {
            PitchSource::Units => &[],
            PitchSource::Auto | PitchSource::Targets | PitchSource::Guided => t.pitch.as_slice(),
        };
        for p in points {
            let hz = p.f0.0.clamp(F0_RANGE.0, F0_RANGE.1);
            contours[run].push((out0 + f64::from(p.at.clamp(0.0, 1.0)) * (out1 - out0), hz));
        }
        // The diphone proper runs from its first to its last pitch mark; the
        // samples outside are context for the windows.
        let (la, lb) = recorded(a, b);
        let (a_end, b_start) = (a.join.0 + la as usize, b.join.0 - lb as usize);
        if la + lb <= 0.0 || out1 <= out0 {
            continue;
        }
        let split = out0 + (out1 - out0) * la / (la + lb);
        let contiguous = continued[i + 1];
        shifts[i + 1] = if contiguous {
            shifts[i]
        } else {
            seam_shift_of(
                audio,
                (a, &rooms[i]),
                a_end,
                shifts[i],
                (b, &rooms[i + 1]),
                b_start,
            )
        };
        if pitch == PitchSource::Guided && !contiguous {
            if let (Some(before), Some(after)) = (a.last_period(), b.first_period()) {
                glides.add(split, before.0 as f64, after.0 as f64);
            }
        }
        if la > 0.0 {
            // Phone boundary (the join) at the start of this half.
            let zone = boundary_zone(la, split - out0);
            push_half(
                &mut pieces,
                (out0, split),
                (a.join.0 as f64, a_end as f64),
                zone,
                true,
                a,
                i,
                run,
            );
        }
        if lb > 0.0 {
            // Phone boundary at the end of this half.
            let zone = boundary_zone(lb, out1 - split);
            let pause = targets
                .get(i + 1)
                .filter(|n| n.phone == Phone::Pau)
                .and(durations.get(i + 1));
            // A vowel before a pause whose recording ends in a murmur dies away through it:
            // at full level the murmur is heard as a nasal ("Ahh," as "on").
            let murmur = pause.and_then(|_| murmur::dies_from(audio, t.phone, b, b_start));
            let first = pieces.len();
            push_half(
                &mut pieces,
                (split, out1),
                (b_start as f64, b.join.0 as f64),
                zone,
                false,
                b,
                i + 1,
                run,
            );
            if let Some(m) = murmur {
                for p in &mut pieces[first..] {
                    p.envelope = Envelope::DieAway {
                        from: m as f64,
                        to: b.join.0 as f64,
                    };
                }
            }
            // Before a pause, the recording goes on past the phone's labelled end: the
            // voice dies away and a final stop releases (its burst and aspiration are
            // labelled pause). Cut at the label, every phrase would stop dead (tens of dB
            // in one grain); so the unit's own audio after its join plays on, at its own
            // speed and fading out, into the pause's first [`PAUSE_TAIL`] (unless the
            // vowel died away through its murmur already).
            let tail = pause.map_or(0.0, |&pause| {
                (b.end.0.saturating_sub(b.join.0) as f64)
                    .min(PAUSE_TAIL)
                    .min(pause)
            });
            if tail >= MIN_HALF as f64 && murmur.is_none() {
                pieces.push(Piece {
                    out_start: out1,
                    out_end: out1 + tail,
                    unit: b,
                    slot: i + 1,
                    src_start: b.join.0 as f64,
                    src_per_out: 1.0,
                    run,
                    envelope: Envelope::FadeOut,
                });
            }
        }
        // Energy matching where the two halves meet; not inside a stop, where the seam is
        // in the closure and the 20 ms after it may hold the burst, which matching to the
        // silent closure of the other unit would turn down (heard: "president" → "resident"),
        // and not inside one recording, whose level moves as it was spoken.
        if t.phone.is_stop() || contiguous {
            continue;
        }
        let ra = rms(audio, a_end.saturating_sub(SEAM_SPAN).max(a.join.0)..a_end);
        let rb = rms(audio, b_start..(b_start + SEAM_SPAN).min(b.join.0));
        if ra > 1e-6 && rb > 1e-6 {
            let target = (ra * rb).sqrt();
            gains[i].1 = (target / ra).clamp(GAIN_RANGE.0, GAIN_RANGE.1);
            gains[i + 1].0 = (target / rb).clamp(GAIN_RANGE.0, GAIN_RANGE.1);
        }
    }
    for c in &mut contours {
        c.sort_by(|x, y| x.0.total_cmp(&y.0));
    }

    let mut windows = HalfHann::new();
    // Zeros written, not allocated zeroed: a zeroed allocation of this size is fresh pages
    // that the overlap-add reads (mapping the shared zero page) and then writes (a second
    // fault, and a TLB flush on the other CPU), about 9 % of a render's CPU samples.
    let len = total + 2 * MAX_HALF + 2;
    let mut out = Vec::with_capacity(len);
    out.resize(len, 0.0f32);
    let mut t = 0.0f64;
    let mut pi = 0;
    let mut last: Option<(usize, usize)> = None;
    let mut reversed = false;
    let mut cursor = Cursor::default();
    loop {
        while pi < pieces.len() && t >= pieces[pi].out_end {
            pi += 1;
        }
        let Some(p) = pieces.get(pi) else { break };
        if t < p.out_start {
            t = p.out_start;
        }
        if t >= total as f64 {
            break;
        }
        let s = p.src_start + (t - p.out_start) * p.src_per_out;
        let room = &rooms[p.slot];
        let g = shifted(grain_at(p.unit, room, s), shifts[p.slot], p.unit, room);
        let u = p.unit;
        let (g0, g1) = gains[p.slot];
        let pos = if u.end.0 > u.start.0 {
            (g.center - u.start.0) as f32 / (u.end.0 - u.start.0) as f32
        } else {
            0.0
        };
        let fade = match p.envelope {
            Envelope::Steady => 1.0,
            Envelope::DieAway { from, to } => fall((s - from) / (to - from)),
            Envelope::FadeOut => fall((t - p.out_start) / (p.out_end - p.out_start)),
        };
        let gain = scale * (g0 + (g1 - g0) * pos) * fade;
        let contour = cursor
            .f0(&contours[p.run], p.run, t)
            .map(|hz| FS / f64::from(hz));
        let step = match (g.voiced, pitch, contour) {
            (false, _, _) | (true, PitchSource::Units, _) => g.period as f64,
            (true, PitchSource::Guided, wanted) => {
                let own = g.period as f64 * glides.factor(t) / f64::from(shift.ratio());
                let range = guide_range(tones[p.run] - t);
                wanted.map_or(own, |w| own.clamp(w / range, w * range))
            }
            (true, PitchSource::Auto | PitchSource::Targets, wanted) => {
                wanted.unwrap_or(g.period as f64)
            }
        };
        let key = (p.slot, g.mark);
        let rev = if !g.voiced && last == Some(key) {
            reversed = !reversed;
            reversed
        } else {
            reversed = false;
            false
        };
        last = Some(key);
        let at = MAX_HALF + t.round() as usize;
        add_grain(
            &mut out,
            at,
            audio,
            (g.center, g.left, g.right),
            gain,
            rev,
            &mut windows,
        );
        t += step.max(MIN_HALF as f64);
    }
    out.drain(..MAX_HALF);
    out.truncate(total);
    for x in &mut out {
        *x = x.clamp(-1.0, 1.0);
    }
    out
}

/// Source and output lengths of the stretch next to a phone boundary that keeps
/// (nearly) its natural speed, so bursts and formant transitions survive
/// compression; the steady middle of the phone absorbs the rest.
fn boundary_zone(src_len: f64, out_len: f64) -> (f64, f64) {
    let src = (0.6 * src_len).min(BOUNDARY_ZONE);
    let out = src.min(0.7 * out_len);
    (src, out)
}

/// Maps one half-unit (`src`, ascending) onto `out` as two linear pieces: the
/// boundary zone (at the start of the half if `boundary_first`, else at its end)
/// and the rest.
#[allow(clippy::too_many_arguments)]
fn push_half<'v>(
    pieces: &mut Vec<Piece<'v>>,
    out: (f64, f64),
    src: (f64, f64),
    zone: (f64, f64),
    boundary_first: bool,
    unit: &'v Unit,
    slot: usize,
    run: usize,
) {
    let (zs, zo) = zone;
    let parts = if boundary_first {
        [
            (out.0, out.0 + zo, src.0, zs),
            (out.0 + zo, out.1, src.0 + zs, src.1 - src.0 - zs),
        ]
    } else {
        [
            (out.0, out.1 - zo, src.0, src.1 - src.0 - zs),
            (out.1 - zo, out.1, src.1 - zs, zs),
        ]
    };
    for (o0, o1, s0, slen) in parts {
        if o1 > o0 && slen > 0.0 {
            pieces.push(Piece {
                out_start: o0,
                out_end: o1,
                unit,
                slot,
                src_start: s0,
                src_per_out: slen / (o1 - o0),
                run,
                envelope: Envelope::Steady,
            });
        }
    }
}

/// A raised-cosine fall from 1 at `x` = 0 to 0 at `x` = 1 (held outside), the shape of
/// every fade to silence here.
fn fall(x: f64) -> f32 {
    (0.5 + 0.5 * (std::f64::consts::PI * x.clamp(0.0, 1.0)).cos()) as f32
}

/// How far Guided pitch may stray from the contour `ahead` output samples before the
/// phrase's last vowel: [`GUIDE_RANGE`] in the phrase, narrowing to [`TONE_RANGE`] over the
/// [`GLIDE`] before that vowel and held there to the phrase's end, so its boundary tone (a
/// question's rise, a statement's fall) is heard as planned.
fn guide_range(ahead: f64) -> f64 {
    let x = (ahead / GLIDE).clamp(0.0, 1.0);
    (TONE_RANGE.ln() + (GUIDE_RANGE.ln() - TONE_RANGE.ln()) * x).exp()
}

fn rms<S: Copy + Into<f32>>(audio: &[S], range: std::ops::Range<usize>) -> f32 {
    let slice = audio.get(range).unwrap_or(&[]);
    if slice.is_empty() {
        return 0.0;
    }
    let sum: f64 = slice
        .iter()
        .map(|&x| {
            let v = f64::from(x.into());
            v * v
        })
        .sum();
    (sum / slice.len() as f64).sqrt() as f32
}

#[cfg(test)]
#[path = "psola_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "psola_identity.rs"]
mod identity;
