//! `Resampler::process_into` may resample sentence after sentence into one reused buffer:
//! what it gives must agree with a fresh resampling, whatever came before in the buffer.

use aloud::synth::{Resampler, Waveform};
use aloud::units::SampleRate;

fn signal(n: usize, seed: u32) -> Vec<f32> {
    let mut x = seed.wrapping_mul(2_654_435_761).max(1);
    (0..n)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            0.3 * (i as f32 * 0.05).sin() + 0.1 * (x as f32 / u32::MAX as f32 - 0.5)
        })
        .collect()
}

#[test]
fn a_reused_buffer_gives_what_a_fresh_resampling_gives() {
    let from = SampleRate(16_000);
    for to in [SampleRate(44_100), SampleRate(48_000), SampleRate(16_000)] {
        let mut reused = Resampler::new(from, to).unwrap();
        let mut out = Vec::new();
        // Long, short, empty and odd lengths in turn, so the buffer holds stale samples.
        for (k, n) in [
            48_123usize,
            1,
            0,
            639,
            640,
            641,
            16_000,
            2,
            1_280,
            30_000,
            7,
        ]
        .into_iter()
        .enumerate()
        {
            let samples = signal(n, k as u32);
            reused.process_into(&samples, &mut out).unwrap();
            let fresh = Resampler::new(from, to)
                .unwrap()
                .process(&Waveform {
                    rate: from,
                    samples: samples.clone(),
                })
                .unwrap();
            assert_eq!(fresh.rate, to);
            assert_eq!(out.len(), fresh.samples.len(), "{} Hz, {n} samples", to.0);
            assert!(
                out.iter()
                    .zip(&fresh.samples)
                    .all(|(a, b)| a.to_bits() == b.to_bits()),
                "{} Hz, {n} samples: reused buffer differs",
                to.0
            );
        }
    }
}
