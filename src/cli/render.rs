//! `aloud render`: an interview or article → a chaptered WAV plus sidecars.

use super::shared::{set_jobs, with_progress, OutputFolder, VoiceArgs, DEFAULT_FOLDER};
use aloud::casting::Cast;
use aloud::edition::{
    BitRate, Channels, Codec, EditionError, EncodeError, Encoding, OutputFormat, PlayerPage,
};
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
    /// Output audio file (default `output/<input-stem>.wav`, or `.mp3`/`.opus` with
    /// `--format`); sidecars are written beside it. A `.mp3`, `.opus` or `.ogg` name chooses
    /// that format.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Audio format: wav (16-bit PCM), mp3 (ID3v2 chapters, 64 kbit/s) or opus (Ogg Opus with
    /// chapter comments, 32 kbit/s, 48 kHz). Default: from the output name, else wav.
    #[arg(long, value_name = "FORMAT", value_parser = codec_arg)]
    pub format: Option<Codec>,
    /// Bit rate of an MP3 (8–320, default 64) or Opus (6–256, default 32) edition, in kbit/s.
    #[arg(long, value_name = "KBPS")]
    pub bit_rate: Option<u32>,
    #[command(flatten)]
    pub voice: VoiceArgs,
    /// Output sample rate: 44100 or 48000 (default 44100; Opus is always 48000).
    #[arg(long, value_parser = super::output_rate)]
    pub sample_rate: Option<u32>,
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
    /// The request to read `script` with these options. The format is `--format`, else the
    /// one `-o`'s extension names, else WAV; Opus needs 48 kHz.
    pub fn request(&self, script: Script) -> Result<aloud::pipeline::Request, EditionError> {
        let codec = Codec::resolve(self.format, self.output.as_deref())?;
        let encoding = Encoding::new(codec, self.bit_rate.map(BitRate))?;
        let rate = match (encoding.required_rate(), self.sample_rate) {
            (Some(needed), Some(asked)) if asked != needed => {
                return Err(EncodeError::SampleRate {
                    codec,
                    rate: asked,
                    needed,
                }
                .into())
            }
            (Some(needed), _) => needed,
            (None, asked) => asked.unwrap_or(44_100),
        };
        let mut request = self.voice.request(script);
        request.options = RenderOptions {
            encoding,
            format: OutputFormat {
                rate: SampleRate(rate),
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
        Ok(request)
    }
}

/// Runs `aloud render`.
pub fn run(args: Args) -> anyhow::Result<()> {
    set_jobs(args.jobs)?;
    if args.catalogue.wanted(args.inputs.len()) {
        return super::catalogue::run(args);
    }
    let input = Input::from_arg(&args.inputs[0]);
    let request = args.request(Script::Document(input.clone()))?;
    let codec = request.options.encoding.codec();
    let (out, folder) = match &args.output {
        Some(p) => (p.clone(), None),
        None => (
            PathBuf::from(DEFAULT_FOLDER).join(format!(
                "{}.{}",
                input.stem().as_deref().unwrap_or("stdin"),
                codec.extension()
            )),
            Some(OutputFolder::ensure()?),
        ),
    };
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
        "format": f.encoding.codec().name(),
        "bit_rate_kbps": f.encoding.bit_rate().map(|r| r.0),
        "bytes": f.bytes,
        "outputs": {
            "audio": f.paths.audio,
            "wav": (f.encoding == Encoding::Wav).then_some(&f.paths.audio),
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
        f.paths.audio.display(),
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

/// Parses `--format`.
fn codec_arg(s: &str) -> Result<Codec, String> {
    Codec::ALL
        .into_iter()
        .find(|c| c.name().eq_ignore_ascii_case(s))
        .ok_or_else(|| format!("`{s}` is not a format (wav, mp3 or opus)"))
}
