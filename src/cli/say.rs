//! `aloud say`: speak a short text with one voice, through the same pipeline as `render`.

use super::shared::{set_jobs, with_progress, OutputFolder, VoiceArgs};
use aloud::edition::{Channels, OutputFormat, PlayerPage};
use aloud::manuscript;
use aloud::pipeline::{Narration, RenderOptions, Script};
use aloud::synth::{PitchSource, Postfilter, Style, Timing};
use aloud::units::{SampleRate, Semitones};
use aloud::voice::VoiceId;
use std::path::PathBuf;

/// Where `say` writes unless told otherwise.
const DEFAULT_OUTPUT: &str = "output/say.wav";

/// Options of `aloud say`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text to speak; `-` (or nothing) reads standard input.
    pub text: Option<String>,
    /// The voice (`kal`, `ked`, `slt`, `rms`; see `aloud voices`).
    #[arg(long, default_value = "slt")]
    pub voice: VoiceId,
    /// Pitch shift in semitones.
    #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
    pub pitch: f32,
    /// Output WAV (sidecars and the player page are written beside it).
    #[arg(short, long, value_name = "PATH", default_value = DEFAULT_OUTPUT)]
    pub output: PathBuf,
    #[command(flatten)]
    pub voices: VoiceArgs,
    /// Output sample rate.
    #[arg(long, default_value_t = 44_100, value_parser = super::output_rate)]
    pub sample_rate: u32,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Phone durations: `auto` (as suits the voice: `guided` for voices that choose
    /// among recordings of running speech, `fitted` for diphone voices), `guided` (the
    /// units' own lengths, at most 1.5 times the plan), `fitted` (the prosody targets
    /// pulled toward the units' own timing), `targets` (as planned) or `units` (the
    /// units' own lengths: copy synthesis, for diagnosis).
    #[arg(long, value_enum, default_value = "auto")]
    pub timing: Timing,
    /// F0: `auto` (as suits the voice: `guided` for voices that choose among recordings,
    /// `targets` for diphone voices), `targets` (the prosody's contour), `guided` (the
    /// units' own pitch, continuous across joins and within a factor 1.25 of the contour, 1.1 on a phrase's last vowel) or `units` (the
    /// units' own pitch untouched: copy synthesis, for diagnosis).
    #[arg(long, value_enum, default_value = "auto")]
    pub pitch_source: PitchSource,
    /// The last step of synthesis: `formant` (the formant postfilter of speech codecs:
    /// deeper valleys between the formants, the same level) or `off` (the units as
    /// concatenated, for diagnosis and comparison).
    #[arg(long, value_enum, default_value = "formant")]
    pub postfilter: Postfilter,
    /// Leave out the player page (`<stem>.html`).
    #[arg(long)]
    pub no_player: bool,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `aloud say`.
pub fn run(args: Args) -> anyhow::Result<()> {
    set_jobs(args.jobs)?;
    let text = match args.text.as_deref() {
        None | Some("-") => manuscript::read_input("-")?,
        Some(t) => t.to_string(),
    };
    // One speaker (the narrator), cast with the chosen voice and pitch, unless `--cast`
    // names the narrator's voice itself (then that entry decides).
    let narration = Narration::new(&text, args.voice.clone(), Semitones(args.pitch))?;
    let folder = if args.output.as_path() == std::path::Path::new(DEFAULT_OUTPUT) {
        Some(OutputFolder::ensure()?)
    } else {
        None
    };
    let mut request = args.voices.request(Script::Narration(narration));
    request.options = RenderOptions {
        format: OutputFormat {
            rate: SampleRate(args.sample_rate),
            channels: Channels::Mono,
        },
        style: Style {
            timing: args.timing,
            pitch: args.pitch_source,
            postfilter: args.postfilter,
            ..Style::default()
        },
        encoding: aloud::edition::Encoding::Wav,
        player: if args.no_player {
            PlayerPage::Omitted
        } else {
            PlayerPage::Included
        },
    };
    request.check_output(&args.output)?;
    let rendered = with_progress(args.quiet, |progress| {
        request
            .render(&args.output, super::signals::cancel_flag, progress)
            .map_err(anyhow::Error::from)
    })?;
    if let Some(f) = folder {
        f.keep();
    }
    if !args.quiet {
        super::output::eprint(&format!(
            "wrote {} ({:.1} s) with voice {}\n",
            rendered.report.finish.paths.audio.display(),
            rendered.report.finish.duration.0,
            args.voice
        ));
    }
    Ok(())
}
