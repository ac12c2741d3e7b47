//! TD-PSOLA's grains, windows and joins.

use super::*;
use crate::units::Frames;
use crate::voice::{Diphone, PitchMark};

fn unit(start: usize, end: usize, marks: &[usize]) -> Unit {
    Unit {
        diphone: Diphone {
            left: Phone::Aa,
            right: Phone::Aa,
        },
        start: Frames(start),
        join: Frames((start + end) / 2),
        end: Frames(end),
        marks: marks
            .iter()
            .map(|&at| PitchMark {
                at: Frames(at),
                voiced: true,
            })
            .collect(),
    }
}

/// A vowel-like buzz of RMS about `rms`: harmonics of 125 Hz to 4 kHz, falling 6 dB an octave.
fn buzz(range: std::ops::Range<usize>, rms: f32) -> impl Iterator<Item = f32> {
    range.map(move |i| {
        let t = i as f32 / 16_000.0;
        let sum: f32 = (1..=32)
            .map(|k| (std::f32::consts::TAU * 125.0 * k as f32 * t).sin() / k as f32)
            .sum();
        sum * rms / 0.9
    })
}

#[test]
fn grains_pick_the_nearest_mark_and_stay_inside_the_unit() {
    let u = unit(100, 1000, &[110, 200, 300, 400, 990]);
    let room = Room {
        span: u.range(),
        ..Room::default()
    };
    let g = grain_at(&u, &room, 290.0);
    assert_eq!((g.center, g.left, g.right), (300, 100, 100));
    // The first mark has no room on the left: its neighbour is used.
    let g = grain_at(&u, &room, 105.0);
    assert_eq!(g.center, 200);
    // The last mark's window is cut to what fits.
    let g = grain_at(&u, &room, 995.0);
    assert!(g.center + g.right <= 1000 && g.center >= 100 + g.left);
}

#[test]
fn hann_grains_at_their_own_spacing_sum_to_one() {
    let audio = vec![1.0f32; 4000];
    let mut windows = HalfHann::new();
    let mut out = vec![0.0f32; 4000];
    for k in 1..20 {
        let grain = (1000, 100, 100);
        add_grain(
            &mut out,
            500 + k * 100,
            &audio,
            grain,
            1.0,
            k % 2 == 0,
            &mut windows,
        );
    }
    for &x in &out[800..2300] {
        assert!((x - 1.0).abs() < 0.01, "{x}");
    }
}

#[test]
fn a_stop_burst_next_to_the_seam_keeps_its_level() {
    // Phone p: the first unit ends in a quiet closure, the second starts with a loud
    // burst right after the seam. Energy matching would turn the burst down to 0.25×.
    let unvoiced = |u: &mut Unit| u.marks.iter_mut().for_each(|m| m.voiced = false);
    let marks_a: Vec<usize> = (1..12).map(|k| k * 160).collect();
    let marks_b: Vec<usize> = (0..11).map(|k| 2080 + k * 160).collect();
    let mut a = unit(0, 2000, &marks_a);
    let mut b = unit(2000, 4000, &marks_b);
    unvoiced(&mut a);
    unvoiced(&mut b);
    let mut audio = vec![0.01f32; 4000];
    audio[2080..2400].iter_mut().for_each(|x| *x = 0.5);
    let targets = [PhoneTarget {
        phone: Phone::P,
        duration: crate::units::Seconds(0.25),
        pitch: Vec::new(),
        place: None,
    }];
    let durations = [0.25 * FS];
    let out = render(
        &targets,
        &durations,
        &[Some(&a), Some(&b)],
        &audio,
        1.0,
        PitchSource::Targets,
        Semitones(0.0),
    );
    let peak = out.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    assert!(peak > 0.4, "burst peak {peak}");
}

#[test]
fn before_a_pause_the_recording_dies_away_instead_of_stopping_dead() {
    // aa then a pause: the second unit (aa-pau) has its join at 4000; its recording goes on
    // at 0.2 after the join (the decay its labels put into the pause).
    let marks_a: Vec<usize> = (1..12).map(|k| k * 160).collect();
    let marks_b: Vec<usize> = (0..25).map(|k| 2080 + k * 160).collect();
    let a = unit(0, 2000, &marks_a);
    let mut b = unit(2000, 6000, &marks_b);
    b.marks.iter_mut().for_each(|m| m.voiced = false);
    let mut audio: Vec<f32> = buzz(0..4000, 0.3).chain(buzz(4000..6000, 0.2)).collect();
    let out = render_aa_pau(&a, &b, &audio);
    assert_eq!(out.len(), 4800);
    let level = |r: std::ops::Range<usize>| rms(&out[r]);
    // The phone ends at 1600; 200 to 300 samples on, the recording still plays ...
    assert!(level(1800..1900) > 0.1, "tail {}", level(1800..1900));
    // ... fading out by the tail's end (1600 + PAUSE_TAIL) ...
    assert!(level(2300..2400) < 0.03, "tail end {}", level(2300..2400));
    assert!(level(1800..1900) > level(2100..2200));
    // ... and the rest of the pause is silence.
    assert!(out[2600..].iter().all(|&x| x == 0.0));

    // Where the recording ends the vowel in a murmur (its first harmonic alone, louder than
    // the vowel, from 3000 to the join and on into the pause), the vowel dies away through it
    // by the phone's end, and nothing plays into the pause.
    for (i, x) in audio.iter_mut().enumerate().skip(3000) {
        *x = 0.45 * (std::f32::consts::TAU * 125.0 * i as f32 / 16_000.0).sin();
    }
    let out = render_aa_pau(&a, &b, &audio);
    let level = |r: std::ops::Range<usize>| rms(&out[r]);
    let vowel = level(600..800);
    assert!(vowel > 0.2, "vowel {vowel}");
    assert!(
        level(1500..1600) < 0.2 * vowel,
        "murmur at the end {}",
        level(1500..1600)
    );
    assert!(level(1600..4800) < 0.01, "tail {}", level(1600..4800));
}

fn rms(x: &[f32]) -> f32 {
    (x.iter().map(|x| x * x).sum::<f32>() / x.len() as f32).sqrt()
}

/// `aa` for 0.1 s then a pause of 0.2 s, from units `a` (aa-aa) and `b` (aa-pau).
fn render_aa_pau(a: &Unit, b: &Unit, audio: &[f32]) -> Vec<f32> {
    let target = |phone, seconds: f64| PhoneTarget {
        phone,
        duration: crate::units::Seconds(seconds),
        pitch: Vec::new(),
        place: None,
    };
    let targets = [target(Phone::Aa, 0.1), target(Phone::Pau, 0.2)];
    let durations = [0.1 * FS, 0.2 * FS];
    render(
        &targets,
        &durations,
        &[Some(a), Some(b), None],
        audio,
        1.0,
        PitchSource::Units,
        Semitones(0.0),
    )
}
