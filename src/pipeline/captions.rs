//! Caption cues of a spoken sentence: a long sentence is shown as several cues of a few
//! seconds, cut at natural points ([`phrasing::runs`]), each timed by where its words are
//! spoken and showing the written text of those words.
//!
//! Common captioning guidelines ask for at most two lines of about 42 characters on screen
//! for a few seconds: a cue here lasts at most [`MAX_CUE`] and shows at most
//! [`MAX_CUE_CHARS`] characters, unless a single written token is longer than that.

use crate::text::phrasing;
use crate::text::Sentence;
use crate::units::Seconds;
use crate::units::VOICE_RATE;
use std::ops::Range;

/// Longest a cue stays on screen.
pub(super) const MAX_CUE: Seconds = Seconds(7.0);

/// Most characters a cue shows (two lines of 42).
pub(super) const MAX_CUE_CHARS: usize = 84;

/// One caption cue of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Caption {
    /// Output frames, counted from the sentence's first frame.
    pub frames: Range<u64>,
    /// What is said, as written.
    pub text: String,
}

/// Where each word of a sentence starts, in samples of its synthesized audio at the voice
/// rate: from the word of each phone target (`phone_words`, `None` for pauses) and the phone
/// durations the synthesizer used (samples at the voice rate).
pub(super) fn word_starts(
    phone_words: &[Option<usize>],
    durations: &[f64],
    words: usize,
) -> Vec<u64> {
    let mut starts = vec![None; words];
    let mut at = 0.0f64;
    for (w, d) in phone_words.iter().zip(durations) {
        if let Some(slot) = w.and_then(|w| starts.get_mut(w)) {
            slot.get_or_insert(at.round().max(0.0) as u64);
        }
        at += d;
    }
    // A word without phones starts where the word before it does.
    let mut last = 0;
    starts
        .into_iter()
        .map(|s| {
            last = s.unwrap_or(last).max(last);
            last
        })
        .collect()
}

/// The cues of a sentence whose audio has `voice_len` samples at the voice rate and
/// `out_len` frames at the output rate; `starts` from [`word_starts`].
///
/// The cues cover the sentence's frames without gap or overlap, in order; a sentence whose
/// written text does not hold its words' byte ranges (a unit cut inside a web address) gets
/// one cue.
pub(super) fn captions(
    sentence: &Sentence,
    starts: &[u64],
    voice_len: u64,
    out_len: u64,
) -> Vec<Caption> {
    let whole = || {
        vec![Caption {
            frames: 0..out_len,
            text: sentence.written.clone(),
        }]
    };
    let words = &sentence.words;
    let base = sentence.source.start;
    let written = &sentence.written;
    // Byte offset in `written` where the text of a cue starting at word `i` begins.
    let offsets: Option<Vec<usize>> = words
        .iter()
        .map(|w| {
            let core = w.source.start.checked_sub(base)?;
            written
                .is_char_boundary(core)
                .then(|| phrasing::token_start(written, 0, core))
        })
        .collect();
    let (Some(offsets), true) = (offsets, starts.len() == words.len() && voice_len > 0) else {
        return whole();
    };
    let text_of = |r: &Range<usize>| {
        let from = if r.start == 0 { 0 } else { offsets[r.start] };
        let to = offsets.get(r.end).copied().unwrap_or(written.len());
        written[from..to.max(from)].trim()
    };
    let sample_at = |i: usize| match i {
        0 => 0,
        i if i >= words.len() => voice_len,
        i => starts[i].min(voice_len),
    };
    let max_samples = VOICE_RATE.frames(MAX_CUE).0 as u64;
    let fits = |r: Range<usize>| {
        sample_at(r.end) - sample_at(r.start) <= max_samples
            && text_of(&r)
                .split_whitespace()
                .map(|w| w.chars().count() + 1)
                .sum::<usize>()
                <= MAX_CUE_CHARS + 1
    };
    let frame_at =
        |i: usize| (u128::from(sample_at(i)) * u128::from(out_len) / u128::from(voice_len)) as u64;
    let mut cues: Vec<Caption> = Vec::new();
    let run = phrasing::Words {
        words,
        text: written,
        base,
    };
    for r in run.runs(fits, true) {
        let (start, end) = (frame_at(r.start), frame_at(r.end));
        let text = text_of(&r);
        match cues.last_mut() {
            // A cue that would last no frame, or show nothing, joins the one before.
            Some(prev) if prev.frames.is_empty() || end <= start || text.is_empty() => {
                prev.frames.end = end.max(prev.frames.end);
                let joined = format!("{} {}", prev.text, text);
                prev.text = joined.trim().to_string();
            }
            _ => cues.push(Caption {
                frames: start..end,
                text: text.to_string(),
            }),
        }
    }
    if let Some(last) = cues.last_mut() {
        last.frames.end = out_len;
    }
    cues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{analyze, NoKnownWords};

    /// Cues of every sentence of `p`, each word taking `word_ms`, at 44.1 kHz.
    fn cues_of(p: &str, word_ms: u64) -> Vec<(Sentence, Vec<Caption>, u64)> {
        analyze(p, &NoKnownWords)
            .into_iter()
            .map(|s| {
                let per_word = word_ms * 16;
                let starts: Vec<u64> = (0..s.words.len() as u64)
                    .map(|i| 1600 + i * per_word)
                    .collect();
                let voice_len = 3200 + s.words.len() as u64 * per_word;
                let out_len = voice_len * 44_100 / 16_000;
                let cues = captions(&s, &starts, voice_len, out_len);
                (s, cues, out_len)
            })
            .collect()
    }

    #[test]
    fn cues_cover_the_sentence_within_the_bounds_and_say_its_text() {
        let long =
            "I know that President Evo is very enthusiastic about this idea and I think that \
            it would be a very important meeting in which we'll try to set the goals, not just for \
            Latin America and the Caribbean but also for the whole world in terms of what we can \
            learn from the pandemic and what are the most important things that we can do, not \
            just as social movements or as ALBA but as a family of the same species. Yes.";
        let unpunctuated = ["so we went down to the river early in the morning"; 30].join(" ");
        for p in [long, unpunctuated.as_str()] {
            for word_ms in [250, 400, 600] {
                for (s, cues, out_len) in cues_of(p, word_ms) {
                    assert_eq!(cues.first().unwrap().frames.start, 0);
                    assert_eq!(cues.last().unwrap().frames.end, out_len);
                    for w in cues.windows(2) {
                        assert_eq!(w[0].frames.end, w[1].frames.start);
                    }
                    for c in &cues {
                        assert!(!c.frames.is_empty());
                        // The first and last cue also hold the sentence's edge pauses (0.1 s each).
                        let secs = (c.frames.end - c.frames.start) as f64 / 44_100.0;
                        assert!(secs <= MAX_CUE.0 + 0.11, "{secs} s: {}", c.text);
                        assert!(c.text.chars().count() <= MAX_CUE_CHARS, "{}", c.text);
                    }
                    let shown: Vec<&str> = cues.iter().map(|c| c.text.as_str()).collect();
                    let written: Vec<&str> = s.written.split_whitespace().collect();
                    assert_eq!(
                        shown.join(" ").split_whitespace().collect::<Vec<_>>(),
                        written
                    );
                }
            }
        }
    }

    #[test]
    fn a_short_sentence_is_one_cue() {
        let cues = cues_of("Most of all, water.", 300);
        assert_eq!(cues.len(), 1);
        assert_eq!(cues[0].1.len(), 1);
        assert_eq!(cues[0].1[0].text, "Most of all, water.");
    }

    #[test]
    fn a_token_longer_than_a_cue_stays_whole() {
        let url = "https://www.kawsachun.org/news/spoke-sacha-llorenti-general-secretary.html";
        let all = cues_of(&format!("See {url} today."), 500);
        assert_eq!(all.len(), 1);
        let cues = &all[0].1;
        assert!(cues.len() > 1, "{cues:?}");
        assert_eq!(cues.iter().filter(|c| c.text.contains(url)).count(), 1);
    }

    #[test]
    fn word_starts_follow_the_phone_durations() {
        let s = &analyze("Most of all, water.", &NoKnownWords)[0];
        let prons: Vec<_> = s
            .words
            .iter()
            .map(|w| crate::phonetics::pronouncer::spell(&w.text))
            .collect();
        let words: Vec<Option<usize>> = crate::prosody::segments(s, &prons)
            .iter()
            .map(|seg| seg.word)
            .collect();
        let durations = vec![100.0; words.len()];
        let starts = word_starts(&words, &durations, s.words.len());
        assert_eq!(starts.len(), 4);
        assert_eq!(starts[0], 100, "after the opening pause");
        assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
        // Each word starts after its predecessor's phones (and any pause between them).
        let first_len = prons[0].phonemes.len() as u64;
        assert_eq!(starts[1], 100 + 100 * first_len);
    }
}
