//! What `render`, `say` and `plan` share: the casting and lexicon options, worker threads,
//! the progress bar and the default output folder.

use super::UsageError;
use aloud::pipeline::{Casting, Progress, Request, Script};
use aloud::units::Rate;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};

/// Casting and pronunciation options shared by `render`, `say` and `plan`.
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

impl VoiceArgs {
    /// A request to read `script` with these options (and the library's defaults otherwise).
    pub fn request(&self, script: Script) -> Request {
        Request {
            casting: Casting {
                file: self.cast_file.clone(),
                flags: self.cast.clone(),
                rate: Rate(self.rate),
            },
            lexicon: self.lexicon.clone(),
            ..Request::new(script)
        }
    }
}

fn rate_factor(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(r) if (0.5..=2.0).contains(&r) => Ok(r),
        _ => Err(format!("`{s}` is not a rate between 0.5 and 2.0")),
    }
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

/// Runs `render` with a progress bar on a terminal (unless `quiet`).
pub fn with_progress<T>(
    quiet: bool,
    render: impl FnOnce(&(dyn Fn(Progress) + Sync)) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
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
    let done = render(&progress);
    bar.finish_and_clear();
    done
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
