//! `aloud render`: an interview or article → a chaptered WAV plus sidecars.

use super::shared::{set_jobs, with_progress, OutputFolder, VoiceArgs, DEFAULT_FOLDER};
use aloud::casting::Cast;
use aloud::edition::{Channels, OutputFormat, PlayerPage};
use aloud::manuscript::Manuscript;
use aloud::pipeline::{Input, RenderOptions, RenderReport, Rendered, Script};
use aloud::units::SampleRate;
use serde_json::json;
use std::path::PathBuf;

/// Options of `aloud render`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The interview or article (plain text, Markdown or a web page); `-` reads standard input.
    /// Several documents make a catalogue (see --out-dir).
    #[arg(value_name = "INPUT", required_unless_present = "manifest")]
    pub inputs: Vec<String>,
    /// Output WAV (default `output/<input-stem>.wav`); sidecars are written beside it.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub voice: VoiceArgs,
    /// Output sample rate.
    #[arg(long, default_value_t = 44_100, value_parser = super::output_rate)]
    pub sample_rate: u32,
    /// Output channels: 1 (mono, −19 LUFS) or 2 (the same signal twice, −16 LUFS).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=2))]
    pub channels: u16,
    /// Worker threads (default: all cores). The output is identical for any number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Leave out the player page (`<stem>.html`, written beside the audio by default).
    #[arg(long)]
    pub no_player: bool,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print a JSON summary (paths, duration, chapters, speakers) on standard output.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub catalogue: super::catalogue::CatalogueArgs,
}

impl Args {
    /// The request to read `script` with these options.
    pub fn request(&self, script: Script) -> aloud::pipeline::Request {
        let mut request = self.voice.request(script);
        request.options = RenderOptions {
            format: OutputFormat {
                rate: SampleRate(self.sample_rate),
                channels: if self.channels == 2 {
                    Channels::Stereo
                } else {
                    Channels::Mono
                },
            },
            player: if self.no_player {
                PlayerPage::Omitted
            } else {
                PlayerPage::Included
            },
            ..RenderOptions::default()
        };
        request
    }
}

/// Runs `aloud render`.
pub fn run(args: Args) -> anyhow::Result<()> {
    set_jobs(args.jobs)?;
    if args.catalogue.wanted(args.inputs.len()) {
        return super::catalogue::run(args);
    }
    let input = Input::from_arg(&args.inputs[0]);
    let (out, folder) = match &args.output {
        Some(p) => (p.clone(), None),
        None => (
            PathBuf::from(DEFAULT_FOLDER).join(format!(
                "{}.wav",
                input.stem().as_deref().unwrap_or("stdin")
            )),
            Some(OutputFolder::ensure()?),
        ),
    };
    let request = args.request(Script::Document(input));
    request.check_output(&out)?;
    let rendered = with_progress(args.quiet || args.json, |progress| {
        request
            .render(&out, super::signals::cancel_flag, progress)
            .map_err(anyhow::Error::from)
    })?;
    if let Some(f) = folder {
        f.keep();
    }
    let Rendered {
        manuscript: m,
        cast,
        report,
    } = rendered;
    if args.json {
        // The files are complete and in place before anything is printed: a reader that
        // goes away or a full disk cannot spoil them.
        let json = serde_json::to_string_pretty(&summary_json(&m, &cast, &report))?;
        super::output::print(&(json + "\n"))?;
    } else if !args.quiet {
        super::output::eprint(&summary_text(&m, &cast, &report));
    }
    Ok(())
}

/// The `--json` summary: output paths, duration, chapters, speakers with voices.
pub fn summary_json(m: &Manuscript, cast: &Cast, r: &RenderReport) -> serde_json::Value {
    let f = &r.finish;
    json!({
        "title": m.title,
        "outputs": {
            "wav": f.paths.wav,
            "chapters_json": f.paths.chapters_json,
            "transcript_vtt": f.paths.transcript_vtt,
            "chapters_vtt": f.paths.chapters_vtt,
            "player_html": f.paths.player,
        },
        "duration_seconds": f.duration.0,
        "sentences": r.sentences,
        "dropped_blocks": m.dropped.len(),
        "loudness_lufs": r.loudness.map(|l| l.0),
        "sample_peak_dbfs": f.sample_peak.0,
        "chapters": f.chapters.iter().map(|c| json!({
            "title": c.title,
            "start": c.start.0,
            "end": c.end.0,
        })).collect::<Vec<_>>(),
        "speakers": m.speakers.iter().zip(&cast.profiles).map(|(s, p)| json!({
            "label": s.label,
            "name": s.name,
            "role": s.role,
            "voice": p.voice,
            "pitch_semitones": p.pitch.0,
            "rate": p.rate.0,
        })).collect::<Vec<_>>(),
        "substitutions": r.substitutions.iter().map(|((voice, what), n)| json!({
            "voice": voice, "unit": what, "count": n,
        })).collect::<Vec<_>>(),
    })
}

fn summary_text(m: &Manuscript, cast: &Cast, r: &RenderReport) -> String {
    let f = &r.finish;
    let mut s = format!(
        "wrote {} ({:.1} min, {} chapters, {} sentences, {})\n",
        f.paths.wav.display(),
        f.duration.0 / 60.0,
        f.chapters.len(),
        r.sentences,
        r.loudness
            .map_or("silent".to_string(), |l| format!("{:.1} LUFS", l.0)),
    );
    for (sp, p) in m.speakers.iter().zip(&cast.profiles) {
        s += &format!("  {} ({}): {}\n", sp.name, sp.label, p.voice);
    }
    if !m.dropped.is_empty() {
        let n = m.dropped.len();
        s += &format!(
            "  {n} block{} of the input not read (aloud plan lists each and why)\n",
            if n == 1 { "" } else { "s" }
        );
    }
    if !m.transliterated.is_empty() {
        s += &format!(
            "  {} words in Cyrillic or Greek letters read in Latin letters (see aloud plan)\n",
            m.transliterated.len()
        );
    }
    let subs: usize = r.substitutions.values().sum();
    if subs > 0 {
        s += &format!("  {subs} diphone substitutions (see --json)\n");
    }
    s += &format!(
        "  sidecars: {}, {}, {}\n",
        f.paths.chapters_json.display(),
        f.paths.transcript_vtt.display(),
        f.paths.chapters_vtt.display()
    );
    if let Some(page) = &f.paths.player {
        s += &format!("  player page: {}\n", page.display());
    }
    s
}
