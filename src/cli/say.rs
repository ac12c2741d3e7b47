//! `aloud say`: speak a short text with one voice, through the same pipeline as `render`.

use super::render::{
    check_output, files_read, prepare, run_pipeline, set_jobs, OutputFolder, VoiceArgs,
};
use aloud::edition::Channels;
use aloud::manuscript::{self, Manuscript};
use aloud::pipeline::RenderOptions;
use aloud::synth::{PitchSource, Style, Timing};
use aloud::units::SampleRate;
use aloud::voice::VoiceId;
use std::path::PathBuf;

/// Where `say` writes unless told otherwise.
const DEFAULT_OUTPUT: &str = "output/say.wav";

/// Options of `aloud say`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text to speak; `-` (or nothing) reads standard input.
    pub text: Option<String>,
    /// The voice (`kal`, `ked`, `slt`; see `aloud voices`).
    #[arg(long, default_value = "slt")]
    pub voice: VoiceId,
    /// Pitch shift in semitones.
    #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
    pub pitch: f32,
    /// Output WAV (sidecars are written beside it).
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
    /// Phone durations: `fitted` (the prosody targets pulled toward the units' own
    /// timing; the default), `targets` (as planned) or `units` (the units' own
    /// lengths: copy synthesis, for diagnosis).
    #[arg(long, value_enum, default_value = "fitted")]
    pub timing: Timing,
    /// F0: `targets` (the prosody's contour; the default) or `units` (the units'
    /// own pitch, no pitch modification: for diagnosis).
    #[arg(long, value_enum, default_value = "targets")]
    pub pitch_source: PitchSource,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `aloud say`.
pub fn run(mut args: Args) -> anyhow::Result<()> {
    set_jobs(args.jobs)?;
    let text = match args.text.as_deref() {
        None | Some("-") => manuscript::read_input("-")?,
        Some(t) => t.to_string(),
    };
    let m = Manuscript::single_voice(&text)?;
    // One speaker (the narrator): cast it with the chosen voice and pitch, unless `--cast`
    // names the narrator's voice itself (then that entry decides).
    let label = m.speakers[0].label.clone();
    let cast_by_flag = args
        .voices
        .cast
        .iter()
        .flat_map(|c| c.split(','))
        .any(|pair| {
            let key = pair.split('=').next().unwrap_or("").trim();
            key.eq_ignore_ascii_case(&label) || key.eq_ignore_ascii_case(&m.speakers[0].name)
        });
    if !cast_by_flag {
        args.voices.cast.push(format!("{label}={}", args.voice));
    }
    let folder = if args.output.as_path() == std::path::Path::new(DEFAULT_OUTPUT) {
        Some(OutputFolder::ensure()?)
    } else {
        None
    };
    let reads = files_read("-", &args.voices);
    check_output(
        &args.output,
        &reads.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
    )?;
    let (mut cast, engine) = prepare(&m, &args.voices, "-")?;
    cast.profiles[0].pitch = aloud::units::Semitones(args.pitch);
    let options = RenderOptions {
        sample_rate: SampleRate(args.sample_rate),
        channels: Channels::Mono,
        style: Style {
            timing: args.timing,
            pitch: args.pitch_source,
        },
    };
    let report = run_pipeline(&m, &cast, &engine, options, &args.output, args.quiet)?;
    if let Some(f) = folder {
        f.keep();
    }
    if !args.quiet {
        super::output::eprint(&format!(
            "wrote {} ({:.1} s) with voice {}\n",
            report.finish.paths.wav.display(),
            report.finish.duration.0,
            args.voice
        ));
    }
    Ok(())
}
