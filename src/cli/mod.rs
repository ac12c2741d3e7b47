//! Command-line definitions and dispatch. Each subcommand lives in its own file.

use clap::{Parser, Subcommand};

mod chapters;
mod lexicon;
mod plan;
mod pronounce;
mod render;
mod say;
mod voice;
mod voices;

/// Turn an interview or an article into a chaptered, multi-voice podcast WAV.
#[derive(Debug, Parser)]
#[command(name = "aloud", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render an interview or article into a chaptered WAV with sidecars.
    Render(render::Args),
    /// Show how a text will be read: chapters, speakers, casting, dropped blocks.
    Plan(plan::Args),
    /// Speak a short text with one voice (quick listening and testing).
    Say(say::Args),
    /// Show the phones of words and where each pronunciation came from.
    Pronounce(pronounce::Args),
    /// Read the chapters back from a WAV file.
    Chapters(chapters::Args),
    /// List the bundled voices.
    Voices(voices::Args),
    /// Voice building tools (import a Festival group file, build from recordings).
    #[command(subcommand)]
    Voice(voice::Command),
    /// Lexicon tools (train and evaluate letter-to-sound).
    #[command(subcommand)]
    Lexicon(lexicon::Command),
}

/// Exit code for usage errors (bad options, unknown voices in a cast).
pub const EXIT_USAGE: u8 = 2;
/// Exit code for bad input (unreadable, empty, not text).
pub const EXIT_INPUT: u8 = 3;
/// Exit code for internal failures (damaged voice data, I/O errors while writing).
pub const EXIT_INTERNAL: u8 = 4;

/// Runs one command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Render(a) => render::run(a),
        Command::Plan(a) => plan::run(a),
        Command::Say(a) => say::run(a),
        Command::Pronounce(a) => pronounce::run(a),
        Command::Chapters(a) => chapters::run(a),
        Command::Voices(a) => voices::run(a),
        Command::Voice(c) => voice::run(c),
        Command::Lexicon(c) => lexicon::run(c),
    }
}

/// Maps an error to the process exit code.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    if e.downcast_ref::<aloud::manuscript::ManuscriptError>()
        .is_some()
    {
        EXIT_INPUT
    } else if e.downcast_ref::<aloud::casting::CastError>().is_some() {
        EXIT_USAGE
    } else {
        EXIT_INTERNAL
    }
}
