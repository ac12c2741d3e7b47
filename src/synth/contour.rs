//! The F0 the synthesizer follows, besides the units' own marks: the prosody's contour
//! ([`Cursor`]) and, for [`super::PitchSource::Guided`], the glide that makes the units'
//! own pitch continuous where two recordings meet ([`Glides`]).
//!
//! A unit cut from running speech carries its speaker's F0 at that moment; two units
//! from different sentences rarely meet at the same pitch, and the jump is heard as a
//! break in the voice. At every such join, each side's periods are scaled so the two
//! meet half way (in the log domain) at the seam, the change fading out linearly over
//! [`GLIDE`] on either side; joins closer than that add up. Units that continue each
//! other in one recording are left as they are.

/// Samples at 16 kHz.
const FS: f64 = crate::units::VOICE_RATE.0 as f64;

/// How far from a join its pitch correction reaches (80 ms).
pub const GLIDE: f64 = 0.080 * FS;

/// Linear interpolation in a contour of `(output sample, Hz)` points, with a pointer
/// that moves forward as time does.
#[derive(Default)]
pub struct Cursor {
    run: usize,
    idx: usize,
}

impl Cursor {
    /// F0 of contour `pts` (sorted) at output sample `t`; the contour of run `run`
    /// (the pointer restarts when the run changes). `None` for an empty contour.
    pub fn f0(&mut self, pts: &[(f64, f32)], run: usize, t: f64) -> Option<f32> {
        if run != self.run {
            self.run = run;
            self.idx = 0;
        }
        let first = pts.first()?;
        while self.idx + 1 < pts.len() && pts[self.idx + 1].0 <= t {
            self.idx += 1;
        }
        if t <= first.0 {
            return Some(first.1);
        }
        let a = pts[self.idx];
        let Some(b) = pts.get(self.idx + 1) else {
            return Some(a.1);
        };
        let x = ((t - a.0) / (b.0 - a.0).max(1e-9)).clamp(0.0, 1.0) as f32;
        Some(a.1 + (b.1 - a.1) * x)
    }
}

/// The joins of an utterance between units of different recordings, each with the
/// ratio of the pitch periods that meet there.
#[derive(Debug, Default)]
pub struct Glides {
    /// `(output sample of the seam, ln(period after / period before))`, in output order.
    seams: Vec<(f64, f64)>,
    /// First seam that can still reach the current time.
    next: usize,
}

impl Glides {
    /// Records a join at output sample `at` where a period of `before` samples meets one
    /// of `after` samples. Joins must be added in output order.
    pub fn add(&mut self, at: f64, before: f64, after: f64) {
        if before > 0.0 && after > 0.0 {
            self.seams.push((at, (after / before).ln()));
        }
    }

    /// The factor by which a unit's own period is scaled at output sample `t` (1 away
    /// from joins). `t` must not decrease between calls.
    pub fn factor(&mut self, t: f64) -> f64 {
        while self.next < self.seams.len() && self.seams[self.next].0 + GLIDE <= t {
            self.next += 1;
        }
        let mut log = 0.0;
        for &(at, ratio) in &self.seams[self.next..] {
            let x = t - at;
            if x <= -GLIDE {
                break;
            }
            let reach = 1.0 - x.abs() / GLIDE;
            // before the seam the periods move toward the later unit's, after it toward
            // the earlier one's: half the ratio each
            log += 0.5 * ratio * reach * if x < 0.0 { 1.0 } else { -1.0 };
        }
        log.exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_sides_of_a_join_meet_half_way_and_fade_to_their_own() {
        let mut g = Glides::default();
        // a 100-sample period meets a 144-sample one at sample 10 000
        g.add(10_000.0, 100.0, 144.0);
        let far = g.factor(10_000.0 - GLIDE - 1.0);
        assert!((far - 1.0).abs() < 1e-12);
        let before = g.factor(10_000.0 - 1e-9) * 100.0;
        let after = g.factor(10_000.0) * 144.0;
        assert!((before - 120.0).abs() < 0.01, "{before}");
        assert!((after - 120.0).abs() < 0.01, "{after}");
        assert!((g.factor(10_000.0 + GLIDE) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn nearby_joins_add_up_and_none_means_no_change() {
        let mut none = Glides::default();
        assert_eq!(none.factor(5.0), 1.0);
        let mut g = Glides::default();
        g.add(1000.0, 100.0, 121.0);
        g.add(1000.0 + GLIDE / 2.0, 121.0, 100.0);
        // between the two seams both pull the same way (toward 110)
        let mid = g.factor(1000.0 + GLIDE / 4.0);
        let single = {
            let mut s = Glides::default();
            s.add(1000.0, 100.0, 121.0);
            s.factor(1000.0 + GLIDE / 4.0)
        };
        assert!(mid < single, "{mid} vs {single}");
    }

    #[test]
    fn the_cursor_interpolates_and_holds_the_ends() {
        let pts = [(0.0, 100.0), (100.0, 200.0)];
        let mut c = Cursor::default();
        assert_eq!(c.f0(&pts, 0, -5.0), Some(100.0));
        assert_eq!(c.f0(&pts, 0, 50.0), Some(150.0));
        assert_eq!(c.f0(&pts, 0, 500.0), Some(200.0));
        assert_eq!(c.f0(&[], 1, 0.0), None);
    }
}
