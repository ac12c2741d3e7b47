//! `aloud data`: where aloud finds its data folder, and installing one.

use aloud::data::{self, Lookup};
use anyhow::Context as _;
use clap::Subcommand;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The `aloud data` subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Copy the voices and lexicon aloud reads (with their licences) into a data folder.
    Install(InstallArgs),
    /// Show where aloud looks for its data folder, in order, and which one it uses.
    Where(WhereArgs),
}

/// Options of `aloud data install`.
#[derive(Debug, clap::Args)]
pub struct InstallArgs {
    /// The data folder to copy (holding voices/ and lexicon/; default: the one aloud uses now,
    /// see `aloud data where`).
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
    /// Where to put it (default: $XDG_DATA_HOME/aloud, i.e. ~/.local/share/aloud).
    #[arg(long, value_name = "DIR")]
    pub to: Option<PathBuf>,
    /// Print a JSON summary instead of a sentence.
    #[arg(long)]
    pub json: bool,
}

/// Options of `aloud data where`.
#[derive(Debug, clap::Args)]
pub struct WhereArgs {
    /// Print JSON instead of a list.
    #[arg(long)]
    pub json: bool,
}

/// Runs an `aloud data` subcommand.
pub fn run(c: Command) -> anyhow::Result<()> {
    match c {
        Command::Install(a) => install(a),
        Command::Where(a) => where_(a),
    }
}

fn install(a: InstallArgs) -> anyhow::Result<()> {
    let from = match a.from {
        Some(p) => p,
        None => data::root()?,
    };
    let to = match a.to {
        Some(p) => p,
        None => data::user_data_dir().context(
            "no default place to install to (neither XDG_DATA_HOME nor HOME is set); give --to DIR",
        )?,
    };
    let done = data::install(&from, &to)?;
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&done)?);
    } else {
        outln!(
            "installed aloud's data from {} to {}: {} files, {:.1} MB{}",
            done.from.display(),
            done.to.display(),
            done.files,
            done.bytes as f64 / 1e6,
            if done.replaced {
                " (the earlier data there was replaced)"
            } else {
                ""
            }
        );
    }
    Ok(())
}

/// The JSON of `aloud data where`.
#[derive(serde::Serialize)]
struct Where<'a> {
    #[serde(flatten)]
    lookup: &'a Lookup,
    chosen: Option<&'a std::path::Path>,
}

fn where_(a: WhereArgs) -> anyhow::Result<()> {
    let lookup = Lookup::current();
    let chosen = lookup.chosen().map(|p| p.path.as_path());
    if a.json {
        let json = Where {
            lookup: &lookup,
            chosen,
        };
        outln!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        let mut out = String::from(
            "aloud uses the first of these folders that holds voices/ and lexicon/:\n",
        );
        let mut used = false;
        for (i, p) in lookup.places.iter().enumerate() {
            let mark = match (p.found, used) {
                (true, false) => "used",
                (true, true) => "found",
                (false, _) => "-",
            };
            used |= p.found;
            let _ = writeln!(
                out,
                "{:>2}. {mark:<5}  {}  ({})",
                i + 1,
                p.path.display(),
                p.source
            );
        }
        super::output::print(&out)?;
    }
    // Nothing found (or a wrong ALOUD_DATA): the same error as any other command.
    lookup.data_dir()?;
    Ok(())
}
