//! Command-line definitions and dispatch. Each subcommand lives in its own file.

use clap::{Parser, Subcommand};

/// Turn an interview or an article into a chaptered, multi-voice podcast WAV.
#[derive(Debug, Parser)]
#[command(name = "aloud", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {}

/// Exit code for usage errors (bad options, unknown voices in a cast).
pub const EXIT_USAGE: u8 = 2;
/// Exit code for bad input (unreadable, empty, not text).
pub const EXIT_INPUT: u8 = 3;
/// Exit code for internal failures (damaged voice data, I/O errors while writing).
pub const EXIT_INTERNAL: u8 = 4;

/// Runs one command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {}
}

/// Maps an error to the process exit code.
pub fn exit_code(_e: &anyhow::Error) -> u8 {
    EXIT_INTERNAL
}
