//! Speed of the synthesizer stages: `cargo bench --bench synth`.
//!
//! Uses the synthetic voice (no files), with a three-second utterance of mixed
//! voiced, unvoiced and silent phones; multiply by ~110 for the example's 5.5 minutes.

use aloud::phonetics::phone::Phone;
use aloud::prosody::{PhoneTarget, PitchPoint};
use aloud::synth::{synthesize, Resampler};
use aloud::units::{Hz, SampleRate, Seconds};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

#[path = "../tests/support/toy_voice.rs"]
mod toy_voice;
use toy_voice::ToyVoice;

fn utterance() -> Vec<PhoneTarget> {
    let phones = [
        Phone::Dh,
        Phone::Ax,
        Phone::S,
        Phone::Iy,
        Phone::M,
        Phone::Aa,
        Phone::N,
        Phone::T,
        Phone::Ih,
        Phone::Z,
        Phone::K,
        Phone::Ow,
        Phone::L,
        Phone::Eh,
        Phone::Pau,
    ];
    let mut v = vec![PhoneTarget {
        phone: Phone::Pau,
        duration: Seconds(0.06),
        pitch: vec![],
        place: None,
    }];
    let mut total = 0.0;
    let mut i = 0;
    while total < 3.0 {
        let p = phones[i % phones.len()];
        let d = if p.is_vowel() {
            0.11
        } else if p == Phone::Pau {
            0.2
        } else {
            0.065
        };
        let pitch = if p.is_vowel() {
            vec![PitchPoint {
                at: 0.5,
                f0: Hz(90.0 + (i % 7) as f32 * 6.0),
            }]
        } else {
            vec![]
        };
        v.push(PhoneTarget {
            phone: p,
            duration: Seconds(d),
            pitch,
            place: None,
        });
        total += d;
        i += 1;
    }
    v.push(PhoneTarget {
        phone: Phone::Pau,
        duration: Seconds(0.06),
        pitch: vec![],
        place: None,
    });
    v
}

fn psola(c: &mut Criterion) {
    let voice = ToyVoice::new(Phone::ALL, Hz(100.0));
    let targets = utterance();
    c.bench_function("psola/3s_utterance", |b| {
        b.iter(|| synthesize(black_box(&targets), &voice).unwrap())
    });
}

fn resample(c: &mut Criterion) {
    let voice = ToyVoice::new(Phone::ALL, Hz(100.0));
    let wave = synthesize(&utterance(), &voice).unwrap().waveform;
    for to in [44_100, 48_000] {
        let mut r = Resampler::new(SampleRate(16_000), SampleRate(to)).unwrap();
        c.bench_function(&format!("resample/3s_16k_to_{to}"), |b| {
            b.iter(|| r.process(black_box(&wave)).unwrap())
        });
    }
    c.bench_function("resample/new_resampler_44100", |b| {
        b.iter(|| Resampler::new(SampleRate(16_000), SampleRate(44_100)).unwrap())
    });
}

/// rubato's other resamplers on the same waveform, to compare with
/// `resample/3s_16k_to_44100` (aloud's FFT resampler): its asynchronous polynomial
/// interpolators, the cheapest kind rubato offers (no anti-imaging filter).
fn rubato_alternatives(c: &mut Criterion) {
    use rubato::audioadapter_buffers::direct::SequentialSlice;
    use rubato::{Async, FixedAsync, PolynomialDegree, Resampler as _};
    let voice = ToyVoice::new(Phone::ALL, Hz(100.0));
    let wave = synthesize(&utterance(), &voice).unwrap().waveform;
    let n = wave.samples.len();
    for (name, degree) in [
        ("cubic", PolynomialDegree::Cubic),
        ("quintic", PolynomialDegree::Quintic),
        ("septic", PolynomialDegree::Septic),
    ] {
        let mut r =
            Async::<f32>::new_poly(44_100.0 / 16_000.0, 1.0, degree, 640, 1, FixedAsync::Input)
                .unwrap();
        let mut out = vec![0.0f32; r.process_all_needed_output_len(n)];
        c.bench_function(
            &format!("resample/3s_16k_to_44100_rubato_poly_{name}"),
            |b| {
                b.iter(|| {
                    let input = SequentialSlice::new(&wave.samples, 1, n).unwrap();
                    let len = out.len();
                    let mut output = SequentialSlice::new_mut(&mut out, 1, len).unwrap();
                    r.reset();
                    r.process_all_into_buffer(black_box(&input), &mut output, n, None)
                        .unwrap()
                })
            },
        );
    }
}

criterion_group!(benches, psola, resample, rubato_alternatives);
criterion_main!(benches);
