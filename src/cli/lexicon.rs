//! `aloud lexicon …` maintainer tools.

/// Subcommands of `aloud lexicon`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {}

/// Runs one `aloud lexicon` subcommand.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {}
}
