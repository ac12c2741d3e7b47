//! F0 of 16 kHz test audio, for the synthesis tests.

/// F0 by normalized autocorrelation over 60–400 Hz at 16 kHz, with the correlation at that
/// lag. Multiples of the period correlate about as well as the period itself (and the
/// normalization favours long lags slightly), so the period is the shortest lag whose
/// correlation is a local maximum within 5 % of the best.
pub fn f0_of(x: &[f32]) -> (f32, f32) {
    let energy: f32 = x.iter().map(|v| v * v).sum();
    let scores: Vec<(usize, f32)> = (40..=266)
        .map(|lag| {
            let n = x.len() - lag;
            let c: f32 = (0..n).map(|i| x[i] * x[i + lag]).sum();
            (lag, c / energy.max(1e-12) * x.len() as f32 / n as f32)
        })
        .collect();
    let top = scores.iter().map(|s| s.1).fold(f32::MIN, f32::max);
    let best = (1..scores.len() - 1)
        .map(|k| scores[k])
        .zip(scores.windows(3))
        .find(|&((_, c), w)| c >= 0.95 * top && c >= w[0].1 && c >= w[2].1)
        .map_or((1, top), |(s, _)| s);
    (16_000.0 / best.0 as f32, best.1)
}
