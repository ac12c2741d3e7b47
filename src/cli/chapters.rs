//! `aloud chapters`: the chapters of any WAV file (cue points with labels).

use aloud::edition::{format_vtt_time, read_chapters, ChapterMark};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Options of `aloud chapters`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The WAV file (RIFF or RF64) to read.
    pub file: PathBuf,
    /// Print JSON: `{"file", "chapters": [{"start", "end", "startFrame", "endFrame", "title"}]}`
    /// with times in seconds to the millisecond.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonChapter<'a> {
    start: f64,
    end: f64,
    start_frame: u64,
    end_frame: u64,
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    file: String,
    chapters: Vec<JsonChapter<'a>>,
}

fn millis(s: f64) -> u64 {
    (s * 1000.0).round().max(0.0) as u64
}

/// Runs `aloud chapters`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let chapters = read_chapters(&args.file)?;
    let out = if args.json {
        let out = JsonOut {
            file: args.file.display().to_string(),
            chapters: chapters.iter().map(json_chapter).collect(),
        };
        serde_json::to_string_pretty(&out)? + "\n"
    } else if chapters.is_empty() {
        format!("{}: no chapters\n", args.file.display())
    } else {
        let mut out = String::new();
        for (i, c) in chapters.iter().enumerate() {
            let _ = writeln!(
                out,
                "{:>3}  {}  {}  {}",
                i + 1,
                format_vtt_time(millis(c.start.0)),
                format_vtt_time(millis(c.end.0)),
                c.title.as_deref().unwrap_or("(untitled)")
            );
        }
        out
    };
    Ok(super::output::print(&out)?)
}

fn json_chapter(c: &ChapterMark) -> JsonChapter<'_> {
    JsonChapter {
        start: millis(c.start.0) as f64 / 1000.0,
        end: millis(c.end.0) as f64 / 1000.0,
        start_frame: c.start_frame,
        end_frame: c.end_frame,
        title: c.title.as_deref(),
    }
}
