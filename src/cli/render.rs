//! `aloud render`: an interview or article → a chaptered WAV plus sidecars.

use super::plan::{load_voices, overrides};
use super::UsageError;
use aloud::casting::{self, Cast};
use aloud::edition::{Channels, OutputPaths};
use aloud::manuscript::{self, Manuscript};
use aloud::phonetics::Pronouncer;
use aloud::phonetics::UserLexicon;
use aloud::pipeline::{self, Engine, Progress, RenderOptions, RenderReport};
use aloud::units::{Rate, SampleRate};
use aloud::voice::VoiceLibrary;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Options of `aloud render`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The interview or article (plain text or Markdown); `-` reads standard input.
    pub input: String,
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
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print a JSON summary (paths, duration, chapters, speakers) on standard output.
    #[arg(long)]
    pub json: bool,
}

/// Casting and pronunciation options shared by `render` and `say`.
#[derive(Debug, clap::Args)]
pub struct VoiceArgs {
    /// Choose voices: `LABEL=VOICE` pairs, e.g. `--cast CE=slt,SL=kal` (labels or names).
    #[arg(long, value_name = "SPEAKER=VOICE,…")]
    pub cast: Vec<String>,
    /// A TOML cast file mapping labels or names to voice, pitch (semitones) and rate.
    #[arg(long, value_name = "FILE")]
    pub cast_file: Option<PathBuf>,
    /// A user lexicon (`WORD  PH ON EMES` or `Word = res PEL ling`), used before the CMU
    /// dictionary. Default: `aloud-lexicon.txt` next to the input, if present.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Speaking-rate factor for everyone (1.0 natural, 1.2 is 20 % faster).
    #[arg(long, default_value_t = 1.0, value_parser = rate_factor)]
    pub rate: f32,
}

fn rate_factor(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(r) if (0.5..=2.0).contains(&r) => Ok(r),
        _ => Err(format!("`{s}` is not a rate between 0.5 and 2.0")),
    }
}

/// The user lexicon: the one given, else `aloud-lexicon.txt` next to the input.
pub fn user_lexicon(given: Option<&Path>, input: &str) -> anyhow::Result<UserLexicon> {
    if let Some(path) = given {
        return Ok(UserLexicon::load(path)?);
    }
    if input != "-" {
        let beside = Path::new(input)
            .parent()
            .unwrap_or(Path::new(""))
            .join("aloud-lexicon.txt");
        if beside.is_file() {
            return Ok(UserLexicon::load(&beside)?);
        }
    }
    Ok(UserLexicon::new())
}

/// Casts the manuscript, applies the global rate, loads the pronouncer and the cast voices.
pub fn prepare(m: &Manuscript, args: &VoiceArgs, input: &str) -> anyhow::Result<(Cast, Engine)> {
    let voices_dir = aloud::data::voices_dir()?;
    let cast = cast_with(m, args, &load_voices(&voices_dir)?)?;
    let pronouncer = Pronouncer::load_default(user_lexicon(args.lexicon.as_deref(), input)?)?;
    let library = VoiceLibrary::new(&voices_dir, cast.profiles.iter().map(|p| p.voice.clone()));
    let engine = Engine::new(pronouncer, &cast, Arc::new(library));
    Ok((cast, engine))
}

/// Casts the manuscript from `catalog` with the options' overrides and global rate.
fn cast_with(
    m: &Manuscript,
    args: &VoiceArgs,
    catalog: &[aloud::voice::VoiceMeta],
) -> anyhow::Result<Cast> {
    let overrides = overrides(args.cast_file.as_deref(), &args.cast)?;
    let mut cast = casting::cast(m, catalog, &overrides)?;
    for p in &mut cast.profiles {
        p.rate = Rate(p.rate.0 * args.rate);
    }
    Ok(cast)
}

/// Sets the number of worker threads for the whole process.
pub fn set_jobs(jobs: Option<u16>) -> anyhow::Result<()> {
    if let Some(n) = jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()?;
    }
    Ok(())
}

/// Runs the pipeline with a progress bar on a terminal (unless `quiet`).
pub fn run_pipeline(
    m: &Manuscript,
    cast: &Cast,
    engine: &Engine,
    options: RenderOptions,
    out: &Path,
    quiet: bool,
) -> anyhow::Result<RenderReport> {
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(0).with_style(
            ProgressStyle::with_template("{spinner} {bar:30} {pos}/{len} sentences {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        )
    };
    let progress = |p: Progress| {
        bar.set_length(p.total as u64);
        bar.set_position(p.done as u64);
    };
    let report = pipeline::render(
        m,
        cast,
        engine,
        options,
        out,
        super::signals::cancel_flag(),
        &progress,
    );
    bar.finish_and_clear();
    Ok(report?)
}

/// Refuses, before any work, an output path whose folder does not exist, that does not name a
/// `.wav` file, or whose edition (the WAV or a sidecar) would replace a file the render reads
/// (`reads`) or something that is not a regular file.
pub fn check_output(out: &Path, reads: &[&Path]) -> anyhow::Result<()> {
    let dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(UsageError(format!(
            "{}: the output folder {} does not exist",
            out.display(),
            dir.display()
        ))
        .into());
    }
    let paths = OutputPaths::for_wav(out)?;
    aloud::edition::check_output_set(&paths, reads)?;
    Ok(())
}

/// The files a render reads besides the voices: the input, the user lexicon (given or found
/// beside the input) and the cast file.
pub fn files_read(input: &str, args: &VoiceArgs) -> Vec<PathBuf> {
    let mut reads = Vec::new();
    if input != "-" {
        reads.push(PathBuf::from(input));
        reads.push(
            Path::new(input)
                .parent()
                .unwrap_or(Path::new(""))
                .join("aloud-lexicon.txt"),
        );
    }
    reads.extend(args.lexicon.clone());
    reads.extend(args.cast_file.clone());
    reads
}

/// The default output folder, `output/` in the current folder: created if missing (and
/// removed again by [`OutputFolder::drop`] if the render fails and leaves it empty).
pub struct OutputFolder {
    created: bool,
}

impl OutputFolder {
    /// Makes sure `output/` exists; a file of that name is a usage error that names it.
    pub fn ensure() -> anyhow::Result<OutputFolder> {
        let dir = Path::new(DEFAULT_FOLDER);
        match std::fs::symlink_metadata(dir) {
            Ok(m) if m.is_dir() || dir.is_dir() => Ok(OutputFolder { created: false }),
            Ok(_) => Err(UsageError(format!(
                "{DEFAULT_FOLDER}: exists and is not a folder, so the default output folder \
                 cannot be made; give -o PATH.wav or move that file"
            ))
            .into()),
            Err(_) => {
                std::fs::create_dir(dir)
                    .map_err(|e| UsageError(format!("{DEFAULT_FOLDER}: cannot create: {e}")))?;
                Ok(OutputFolder { created: true })
            }
        }
    }

    /// The render succeeded: keep the folder.
    pub fn keep(mut self) {
        self.created = false;
    }
}

impl Drop for OutputFolder {
    fn drop(&mut self) {
        if self.created {
            let _ = std::fs::remove_dir(DEFAULT_FOLDER); // only if empty
        }
    }
}

/// The folder `render` and `say` write into without `-o`.
pub const DEFAULT_FOLDER: &str = "output";

/// Runs `aloud render`.
pub fn run(args: Args) -> anyhow::Result<()> {
    set_jobs(args.jobs)?;
    let stem = super::plan::file_stem(&args.input);
    let (out, folder) = match &args.output {
        Some(p) => (p.clone(), None),
        None => (
            PathBuf::from(DEFAULT_FOLDER)
                .join(format!("{}.wav", stem.as_deref().unwrap_or("stdin"))),
            Some(OutputFolder::ensure()?),
        ),
    };
    let reads = files_read(&args.input, &args.voice);
    check_output(
        &out,
        &reads.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
    )?;
    // The voices are read on a thread of their own from the start; meanwhile the text is
    // parsed and the pronouncer loaded, then synthesis begins (a voice not read yet when it
    // is first needed is read right there).
    let voices_dir = aloud::data::voices_dir()?;
    let catalog = load_voices(&voices_dir)?;
    let user = user_lexicon(args.voice.lexicon.as_deref(), &args.input)?;
    let library = Arc::new(VoiceLibrary::new(
        &voices_dir,
        catalog.iter().map(|v| v.id.clone()),
    ));
    let options = RenderOptions {
        sample_rate: SampleRate(args.sample_rate),
        channels: if args.channels == 2 {
            Channels::Stereo
        } else {
            Channels::Mono
        },
        style: Default::default(),
    };
    let (m, cast, report) = std::thread::scope(|s| -> anyhow::Result<_> {
        s.spawn(|| library.prefetch());
        let rendered = (|| {
            let (parsed, pronouncer) = rayon::join(
                || -> anyhow::Result<Manuscript> {
                    let text = manuscript::read_input(&args.input)?;
                    Ok(manuscript::parse_named(&text, stem.as_deref())?)
                },
                || Pronouncer::load_default(user),
            );
            let m = parsed?;
            let cast = cast_with(&m, &args.voice, &catalog)?;
            let engine = Engine::new(pronouncer?, &cast, Arc::clone(&library));
            let used: Vec<&str> = engine.cast_voices().iter().map(String::as_str).collect();
            library.want_only(&used);
            let report = run_pipeline(&m, &cast, &engine, options, &out, args.quiet || args.json)?;
            Ok((m, cast, report))
        })();
        if rendered.is_err() {
            library.want_only(&[]); // the prefetch thread stops after the voice it is reading
        }
        rendered
    })?;
    if let Some(f) = folder {
        f.keep();
    }
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
        },
        "duration_seconds": f.duration.0,
        "sentences": r.sentences,
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
    s
}
