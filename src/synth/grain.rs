//! Analysis grains of TD-PSOLA ([`super::psola`]): where a unit's grains may read in the
//! voice audio, the grain of the analysis mark nearest to a source position, and the shift that
//! lines a unit's first grain up with the grain before it at a join.

use crate::voice::Unit;

/// Longest half-grain (25 ms); also the margin around the output buffer.
pub(super) const MAX_HALF: usize = 400;
/// Shortest half-grain.
pub(super) const MIN_HALF: usize = 16;
/// Grain spacing where a unit has no pitch marks (10 ms).
pub(super) const DEFAULT_STEP: usize = 160;

/// Where a unit's grains may reach in the voice audio: its own range, or more of its
/// recording where a neighbour in the plan continues it, and then the neighbour's
/// marks next to its own, so the grains at the hand-over keep the recording's periods.
#[derive(Debug, Clone, Default)]
pub(super) struct Room {
    /// The audio the grains may read (absolute sample positions).
    pub(super) span: std::ops::Range<usize>,
    /// The last mark of the unit before, when it continues this one's recording.
    pub(super) before: Option<usize>,
    /// The first mark of the unit after, when it continues this one's recording.
    pub(super) after: Option<usize>,
}

/// One analysis grain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Grain {
    pub(super) center: usize,
    pub(super) left: usize,
    pub(super) right: usize,
    /// Analysis period after the mark (the output step in unvoiced stretches).
    pub(super) period: usize,
    pub(super) voiced: bool,
    pub(super) mark: usize,
}

/// The shift for unit `b`'s grains that lines its first grain (at `b_start`) up with the
/// last grain of `a` (at `a_end`, shifted by `a_shift`) where both are voiced.
pub(super) fn seam_shift_of<S: Copy + Into<f32>>(
    audio: &[S],
    (a, a_room): (&Unit, &Room),
    a_end: usize,
    a_shift: isize,
    (b, b_room): (&Unit, &Room),
    b_start: usize,
) -> isize {
    let (ga, gb) = (
        shifted(grain_at(a, a_room, a_end as f64), a_shift, a, a_room),
        grain_at(b, b_room, b_start as f64),
    );
    if !(ga.voiced && gb.voiced) {
        return 0;
    }
    super::align::seam_shift(audio, ga.center, ga.period, gb.center, gb.period)
}

/// Grain `g` of `unit` moved by `shift` samples (its centre kept inside the unit), its
/// window cut to stay inside `room`.
pub(super) fn shifted(mut g: Grain, shift: isize, unit: &Unit, room: &Room) -> Grain {
    if shift == 0 {
        return g;
    }
    let c = (g.center as isize + shift).clamp(unit.start.0 as isize, unit.end.0 as isize - 1);
    g.center = c as usize;
    g.left = g.left.min(g.center - room.span.start);
    g.right = g.right.min(room.span.end - g.center - 1);
    g
}

/// The grain of the analysis mark of `unit` nearest to source position `s`, with window
/// extents that stay inside `room` (the unit's range, or more of its recording).
pub(super) fn grain_at(unit: &Unit, room: &Room, s: f64) -> Grain {
    let marks = &unit.marks;
    let fits = |c: usize, l: usize, r: usize| c >= room.span.start + l && c + r <= room.span.end;
    if marks.is_empty() {
        let c = (s.round().max(0.0) as usize)
            .clamp(unit.start.0, unit.end.0.saturating_sub(1).max(unit.start.0));
        let half = DEFAULT_STEP
            .min(c - unit.start.0)
            .min(unit.end.0.saturating_sub(c));
        return Grain {
            center: c,
            left: half,
            right: half,
            period: DEFAULT_STEP,
            voiced: false,
            mark: c / DEFAULT_STEP,
        };
    }
    let idx = marks.partition_point(|m| (m.at.0 as f64) < s);
    let mut k = if idx == 0 {
        0
    } else if idx >= marks.len() || s - marks[idx - 1].at.0 as f64 <= marks[idx].at.0 as f64 - s {
        idx - 1
    } else {
        idx
    };
    let extents = |k: usize| {
        let c = marks[k].at.0;
        let prev = match k.checked_sub(1) {
            Some(j) => Some(c - marks[j].at.0),
            None => room.before.filter(|&b| b < c).map(|b| c - b),
        };
        let next = match marks.get(k + 1) {
            Some(m) => Some(m.at.0 - c),
            None => room.after.filter(|&a| a > c).map(|a| a - c),
        };
        let left = prev
            .or(next)
            .unwrap_or(DEFAULT_STEP)
            .clamp(MIN_HALF, MAX_HALF);
        let right = next
            .or(prev)
            .unwrap_or(DEFAULT_STEP)
            .clamp(MIN_HALF, MAX_HALF);
        (c, left, right)
    };
    let (mut c, mut left, mut right) = extents(k);
    // Prefer a neighbouring mark whose whole window lies inside the room.
    if !fits(c, left, right) && marks.len() > 1 {
        let alt = if c < room.span.start + left {
            k + 1
        } else {
            k.saturating_sub(1)
        };
        if alt < marks.len() {
            let (c2, l2, r2) = extents(alt);
            if fits(c2, l2, r2) {
                (k, c, left, right) = (alt, c2, l2, r2);
            }
        }
    }
    if !fits(c, left, right) {
        let space = (c - room.span.start.min(c)).min(room.span.end.saturating_sub(c));
        left = left.min(space);
        right = right.min(space);
    }
    Grain {
        center: c,
        left,
        right,
        period: right.max(MIN_HALF),
        voiced: marks[k].voiced,
        mark: k,
    }
}
