//! The F0 model: declination, pitch accents and boundary tones, per phrase.
//!
//! All values are ratios of the speaker's median F0 `M`, so a profile's pitch
//! shift moves the whole contour. Within phrase `k` of a sentence (0-based), at
//! relative time `x` (0 at the phrase's first phone, 1 at its last):
//!
//! - **Declination**: the baseline falls linearly from `top = max(1.08 − 0.03 k, 0.98)`
//!   to `top − 0.14`: every phrase resets a little lower than the one before.
//! - **Accents**: the primary-stressed vowel of every content word (any word not in
//!   the function-word list) gets a peak `baseline × (1 + A)`, with `A = 0.20` for
//!   the first accent of the phrase and `0.12` after it (downstep); the vowel carries
//!   two points, `(15 %, baseline × (1 + 0.3 A))` and `(60 %, peak)`. Unaccented
//!   vowels carry one point at 50 % on the baseline.
//! - **Boundary tone** on the phrase's last vowel:
//!   statement, exclamation or wh-question: final fall to `0.78 M` at its end;
//!   yes/no question: the last accent is low (`0.93 × baseline`) and the last vowel
//!   rises to `1.45 M`; comma: continuation rise to `1.12 M`; major break (`;`, `:`,
//!   dash): partial fall to `0.88 M`.
//!
//! Consonants get no points: the synthesizer interpolates F0 linearly between the
//! points of neighbouring vowels.

use super::{PhraseEnd, PitchPoint, Segment};
use crate::phonetics::phone::{Phone, Stress};
use crate::units::{Hz, Seconds};

/// Function words: never accented, their vowels count as unstressed.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "if", "as", "than", "that", "though",
    "because", "while", "of", "to", "in", "on", "at", "by", "for", "from", "with", "into", "onto",
    "upon", "about", "over", "under", "up", "out", "off", "through", "between", "among", "against",
    "during", "without", "within", "i", "me", "my", "mine", "we", "us", "our", "you", "your", "he",
    "him", "his", "she", "her", "it", "its", "they", "them", "their", "this", "these", "those",
    "who", "whom", "whose", "which", "what", "there", "be", "is", "am", "are", "was", "were",
    "been", "being", "have", "has", "had", "do", "does", "did", "will", "would", "shall", "should",
    "can", "could", "may", "might", "must", "i'm", "you're", "he's", "she's", "it's", "we're",
    "they're", "i've", "you've", "we've", "they've", "i'd", "you'd", "he'd", "she'd", "we'd",
    "they'd", "i'll", "you'll", "he'll", "she'll", "we'll", "they'll", "that's", "there's",
    "let's", "s", "'s",
];

/// True for function words (articles, pronouns, prepositions, conjunctions, auxiliaries).
pub fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.contains(&word)
}

/// Ratio of `M` for the end of a phrase's last vowel.
fn boundary_target(end: PhraseEnd) -> f32 {
    match end {
        PhraseEnd::Fall => 0.78,
        PhraseEnd::Rise => 1.45,
        PhraseEnd::Minor => 1.12,
        PhraseEnd::Major => 0.88,
    }
}

/// Pitch points of every segment, given their durations and the median F0.
pub fn pitch_points(
    segments: &[Segment],
    durations: &[Seconds],
    median: Hz,
) -> Vec<Vec<PitchPoint>> {
    let m = median.0;
    let mut out = vec![Vec::new(); segments.len()];
    let starts: Vec<f64> = durations
        .iter()
        .scan(0.0, |t, d| {
            let s = *t;
            *t += d.0;
            Some(s)
        })
        .collect();
    let mut i = 0;
    while i < segments.len() {
        if segments[i].word.is_none() {
            i += 1;
            continue;
        }
        let k = segments[i].phrase;
        let mut j = i;
        while j < segments.len() && (segments[j].word.is_none() || segments[j].phrase == k) {
            j += 1;
        }
        // Trim trailing pauses from the phrase span.
        let mut end = j;
        while end > i && segments[end - 1].word.is_none() {
            end -= 1;
        }
        phrase(
            &segments[i..end],
            &durations[i..end],
            &starts[i..end],
            k,
            m,
            &mut out[i..end],
        );
        i = j;
    }
    out
}

fn is_accented(s: &Segment) -> bool {
    s.content && s.phone.is_vowel() && s.stress == Stress::Primary
}

fn phrase(
    segs: &[Segment],
    durs: &[Seconds],
    starts: &[f64],
    k: usize,
    m: f32,
    out: &mut [Vec<PitchPoint>],
) {
    let Some(last_vowel) = segs.iter().rposition(|s| s.phone.is_vowel()) else {
        return;
    };
    let t0 = starts[0];
    let t1 = starts[segs.len() - 1] + durs[segs.len() - 1].0;
    let span = (t1 - t0).max(1e-3);
    let top = (1.08 - 0.03 * k as f32).max(0.98);
    let base = |t: f64| m * (top - 0.14 * ((t - t0) / span) as f32);
    let end = segs[last_vowel].phrase_end;
    let last_accent = segs.iter().rposition(is_accented);
    let mut accents = 0;
    for (i, s) in segs.iter().enumerate() {
        if !s.phone.is_vowel() || s.phone == Phone::Pau {
            continue;
        }
        let d = durs[i].0;
        let at = |x: f32| base(starts[i] + d * f64::from(x));
        let accented = is_accented(s);
        let amp = if accents == 0 { 0.20 } else { 0.12 };
        let low_nucleus = end == PhraseEnd::Rise && Some(i) == last_accent;
        let mut pts = Vec::with_capacity(2);
        if i == last_vowel {
            // Boundary tone: from the accent (or the baseline) to the phrase-end target.
            let first = if low_nucleus {
                at(0.2) * 0.93
            } else if accented {
                at(0.25) * (1.0 + amp)
            } else {
                at(0.2)
            };
            pts.push(point(0.25, first));
            pts.push(point(1.0, m * boundary_target(end)));
        } else if accented && low_nucleus {
            pts.push(point(0.5, at(0.5) * 0.93));
        } else if accented {
            pts.push(point(0.15, at(0.15) * (1.0 + 0.3 * amp)));
            pts.push(point(0.6, at(0.6) * (1.0 + amp)));
        } else {
            pts.push(point(0.5, at(0.5)));
        }
        if accented {
            accents += 1;
        }
        out[i] = pts;
    }
}

fn point(at: f32, f0: f32) -> PitchPoint {
    PitchPoint { at, f0: Hz(f0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_recognized() {
        assert!(is_function_word("the"));
        assert!(!is_function_word("freedom"));
    }
}
