//! `aloud voice …` maintainer tools.

/// Subcommands of `aloud voice`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {}

/// Runs one `aloud voice` subcommand.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {}
}
