//! Sidecar texts: Podcasting 2.0 chapters JSON, WebVTT transcript and WebVTT chapters.
//!
//! Every time is computed from the same frame positions as the WAV's cue points, through
//! [`frames_to_millis`], so all files agree to the millisecond.

use crate::units::SampleRate;
use serde::Serialize;
use std::fmt::Write as _;

/// Whole milliseconds of `frames` at `rate`, rounded to nearest (exact integer arithmetic).
pub fn frames_to_millis(frames: u64, rate: SampleRate) -> u64 {
    let rate = u128::from(rate.0.max(1));
    ((u128::from(frames) * 1000 + rate / 2) / rate) as u64
}

/// A WebVTT timestamp `HH:MM:SS.mmm` (hours grow past 99 if needed).
pub fn format_vtt_time(ms: u64) -> String {
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    let (s, milli) = (rest / 1000, rest % 1000);
    format!("{h:02}:{m:02}:{s:02}.{milli:03}")
}

/// Cue text for WebVTT: whitespace runs (including newlines, which would end the cue) become
/// one space; `&`, `<` and `>` are escaped (so `-->` cannot appear).
pub fn vtt_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
    }
    out
}

/// The header of every WebVTT file.
pub const VTT_HEADER: &str = "WEBVTT\n";

/// One transcript cue: `start --> end` and `<v Speaker>text`.
pub fn transcript_cue(start_ms: u64, end_ms: u64, speaker: &str, text: &str) -> String {
    let speaker = vtt_text(speaker);
    let text = vtt_text(text);
    let mut cue = format!(
        "\n{} --> {}\n",
        format_vtt_time(start_ms),
        format_vtt_time(end_ms)
    );
    if speaker.is_empty() {
        cue.push_str(&text);
    } else {
        let _ = write!(cue, "<v {speaker}>{text}");
    }
    cue.push('\n');
    cue
}

/// A chapter with its span in frames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterSpan {
    /// First frame.
    pub start: u64,
    /// One past the last frame.
    pub end: u64,
    /// Title.
    pub title: String,
}

/// The WebVTT chapters track: one numbered cue per chapter.
pub fn chapters_vtt(chapters: &[ChapterSpan], rate: SampleRate) -> String {
    let mut out = VTT_HEADER.to_string();
    for (i, c) in chapters.iter().enumerate() {
        let _ = write!(
            out,
            "\n{}\n{} --> {}\n{}\n",
            i + 1,
            format_vtt_time(frames_to_millis(c.start, rate)),
            format_vtt_time(frames_to_millis(c.end, rate)),
            vtt_text(&c.title)
        );
    }
    out
}

#[derive(Serialize)]
struct JsonChapters<'a> {
    version: &'static str,
    chapters: Vec<JsonChapter<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonChapter<'a> {
    start_time: f64,
    end_time: f64,
    title: &'a str,
}

/// Podcasting 2.0 chapters JSON (version 1.2.0), times in seconds with millisecond precision.
pub fn chapters_json(chapters: &[ChapterSpan], rate: SampleRate) -> String {
    let secs = |f| frames_to_millis(f, rate) as f64 / 1000.0;
    let doc = JsonChapters {
        version: "1.2.0",
        chapters: chapters
            .iter()
            .map(|c| JsonChapter {
                start_time: secs(c.start),
                end_time: secs(c.end),
                title: &c.title,
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millis_round_to_nearest() {
        let r = SampleRate(44_100);
        assert_eq!(frames_to_millis(0, r), 0);
        assert_eq!(frames_to_millis(22, r), 0); // 0.4988 ms
        assert_eq!(frames_to_millis(23, r), 1); // 0.5215 ms
        assert_eq!(frames_to_millis(44_100 * 3600 * 11, r), 39_600_000);
        assert_eq!(frames_to_millis(u64::MAX, r), 418_293_516_410_647_429);
    }

    #[test]
    fn vtt_times_have_hours_minutes_seconds_millis() {
        assert_eq!(format_vtt_time(0), "00:00:00.000");
        assert_eq!(format_vtt_time(3_723_004), "01:02:03.004");
        assert_eq!(format_vtt_time(360_000_000), "100:00:00.000");
    }

    #[test]
    fn cue_text_cannot_break_the_cue() {
        assert_eq!(
            vtt_text("a\n\nb  -->\tc & <d>"),
            "a b --&gt; c &amp; &lt;d&gt;"
        );
        let cue = transcript_cue(1000, 2500, "Ana <M>", "Hola.\n\nQué tal");
        assert_eq!(
            cue,
            "\n00:00:01.000 --> 00:00:02.500\n<v Ana &lt;M&gt;>Hola. Qué tal\n"
        );
    }

    #[test]
    fn chapters_json_has_version_and_times() {
        let chapters = vec![ChapterSpan {
            start: 44_100,
            end: 88_200 + 441,
            title: "Über \"uns\"".into(),
        }];
        let v: serde_json::Value =
            serde_json::from_str(&chapters_json(&chapters, SampleRate(44_100))).unwrap();
        assert_eq!(v["version"], "1.2.0");
        assert_eq!(v["chapters"][0]["startTime"], 1.0);
        assert_eq!(v["chapters"][0]["endTime"], 2.01);
        assert_eq!(v["chapters"][0]["title"], "Über \"uns\"");
    }
}
