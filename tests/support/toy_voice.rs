//! A synthetic diphone voice for tests and benchmarks: every phone is a pulse
//! train at a fixed F0 through a two-formant resonator (voiced phones), filtered
//! noise (unvoiced phones), both (voiced fricatives), or silence (`pau`), with
//! exact pitch marks. Deterministic, built in memory, no files.
//!
//! Test support, not product: compiled only into the tests and benchmarks that
//! include it (`#[path = "support/toy_voice.rs"] mod toy_voice;`), each of which uses
//! part of it.
#![allow(dead_code)]

use aloud::phonetics::phone::{Manner, Phone};
use aloud::synth::{DiphoneBank, SynthError};
use aloud::units::{Frames, Hz};
use aloud::voice::{Diphone, PitchMark, Unit};
use std::collections::BTreeMap;

/// Samples per half-unit (50 ms at 16 kHz).
pub const HALF: usize = 800;

/// A substitution made by the toy voice: `wanted` was missing, `used` was played.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToySubstitution {
    /// The pair asked for.
    pub wanted: Diphone,
    /// The pair used instead.
    pub used: Diphone,
}

/// The synthetic voice: one unit for every pair of the phones it was built with.
#[derive(Debug, Clone)]
pub struct ToyVoice {
    samples: Vec<f32>,
    units: BTreeMap<Diphone, Unit>,
    f0: Hz,
}

#[derive(Clone, Copy, PartialEq)]
enum Source {
    Silence,
    Voiced,
    Noise,
    Both,
}

fn source(p: Phone) -> Source {
    let noisy = p.is_fricative() || matches!(p.manner(), Manner::Stop | Manner::Affricate);
    match (p.manner(), noisy, p.is_voiced()) {
        (Manner::Silence, _, _) => Source::Silence,
        (Manner::Stop, _, true) => Source::Voiced,
        (_, true, false) => Source::Noise,
        (_, true, true) => Source::Both,
        _ => Source::Voiced,
    }
}

/// Two formant frequencies per phone (a rough, fixed spread).
fn formants(p: Phone) -> (f32, f32) {
    let i = Phone::ALL.iter().position(|&q| q == p).unwrap_or(0) as f32;
    (300.0 + 17.0 * i, 900.0 + 41.0 * i)
}

/// Tiny deterministic noise source (xorshift32).
struct Noise(u32);

impl Noise {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        (self.0 as f32 / u32::MAX as f32) * 2.0 - 1.0
    }
}

struct Resonator {
    a1: f32,
    a2: f32,
    y1: f32,
    y2: f32,
}

impl Resonator {
    fn new(freq: f32, bw: f32) -> Self {
        let r = (-std::f32::consts::PI * bw / 16_000.0).exp();
        let w = 2.0 * std::f32::consts::PI * freq / 16_000.0;
        Resonator {
            a1: 2.0 * r * w.cos(),
            a2: -r * r,
            y1: 0.0,
            y2: 0.0,
        }
    }
    fn tick(&mut self, x: f32) -> f32 {
        let y = x + self.a1 * self.y1 + self.a2 * self.y2;
        self.y2 = self.y1;
        self.y1 = y;
        y
    }
}

impl ToyVoice {
    /// Builds units for every ordered pair of `phones` (plus `pau`), with voiced
    /// stretches at `f0`.
    pub fn new(phones: &[Phone], f0: Hz) -> Self {
        let mut set: Vec<Phone> = phones.to_vec();
        set.push(Phone::Pau);
        set.sort();
        set.dedup();
        let period = (16_000.0 / f0.0).round().max(20.0) as usize;
        let mut samples = Vec::with_capacity(set.len() * set.len() * 2 * HALF);
        let mut units = BTreeMap::new();
        let mut noise = Noise(0x9e37_79b9);
        for &left in &set {
            for &right in &set {
                let start = samples.len();
                let mut marks = Vec::new();
                for (h, phone) in [left, right].into_iter().enumerate() {
                    let (f1, f2) = formants(phone);
                    let mut r1 = Resonator::new(f1, 80.0);
                    let mut r2 = Resonator::new(f2, 120.0);
                    let kind = source(phone);
                    let base = start + h * HALF;
                    for n in 0..HALF {
                        let pulse = n % period == period / 2;
                        let voiced = matches!(kind, Source::Voiced | Source::Both);
                        let mut x = 0.0;
                        if voiced && pulse {
                            x += 1.0;
                            marks.push(PitchMark {
                                at: Frames(base + n),
                                voiced: true,
                            });
                        }
                        if matches!(kind, Source::Noise | Source::Both) {
                            x += 0.3 * noise.next();
                        }
                        if !voiced && n % 160 == 80 {
                            marks.push(PitchMark {
                                at: Frames(base + n),
                                voiced: false,
                            });
                        }
                        let y = match kind {
                            Source::Silence => 0.0,
                            Source::Noise => 0.5 * x,
                            _ => 0.02 * r2.tick(r1.tick(x)),
                        };
                        samples.push(y);
                    }
                }
                let diphone = Diphone { left, right };
                units.insert(
                    diphone,
                    Unit {
                        diphone,
                        start: Frames(start),
                        join: Frames(start + HALF),
                        end: Frames(start + 2 * HALF),
                        marks,
                    },
                );
            }
        }
        ToyVoice { samples, units, f0 }
    }

    /// The F0 of the voiced stretches.
    pub fn f0(&self) -> Hz {
        self.f0
    }

    /// Removes a pair, so that asking for it exercises the fallback.
    pub fn without(mut self, pair: Diphone) -> Self {
        self.units.remove(&pair);
        self
    }

    /// Scales the audio of one unit (to test energy matching at joins).
    pub fn with_gain(mut self, pair: Diphone, gain: f32) -> Self {
        if let Some(u) = self.units.get(&pair) {
            for x in &mut self.samples[u.range()] {
                *x *= gain;
            }
        }
        self
    }

    /// The unit of a pair, if built.
    pub fn unit(&self, pair: Diphone) -> Option<&Unit> {
        self.units.get(&pair)
    }
}

impl DiphoneBank for ToyVoice {
    type Substitution = ToySubstitution;
    type Sample = f32;

    fn id(&self) -> &str {
        "toy"
    }

    fn samples(&self) -> &[f32] {
        &self.samples
    }

    fn sample_scale(&self) -> f32 {
        1.0
    }

    /// Falls back to `pau` on the side(s) whose pair is missing.
    fn diphone(&self, pair: Diphone) -> Result<(&Unit, Option<ToySubstitution>), SynthError> {
        if let Some(u) = self.units.get(&pair) {
            return Ok((u, None));
        }
        let fallbacks = [
            Diphone {
                left: pair.left,
                right: Phone::Pau,
            },
            Diphone {
                left: Phone::Pau,
                right: pair.right,
            },
        ];
        for used in fallbacks {
            if let Some(u) = self.units.get(&used) {
                return Ok((u, Some(ToySubstitution { wanted: pair, used })));
            }
        }
        Err(SynthError::MissingUnit {
            voice: "toy".into(),
            left: pair.left.to_string(),
            right: pair.right.to_string(),
            reason: "not built".into(),
        })
    }
}
