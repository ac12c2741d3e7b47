//! Command-line definitions and dispatch. Each subcommand lives in its own file.

use clap::{Parser, Subcommand};

/// `println!` that never panics: the line goes through [`output::print`] and a failure returns
/// from the enclosing function (a closed pipe ends the command quietly).
macro_rules! outln {
    ($($arg:tt)*) => {
        crate::cli::output::print(&format!("{}\n", format_args!($($arg)*)))?
    };
}

/// `eprintln!` that never panics (an unwritable standard error is ignored).
macro_rules! errln {
    ($($arg:tt)*) => {
        crate::cli::output::eprint(&format!("{}\n", format_args!($($arg)*)))
    };
}

mod catalogue;
mod chapters;
mod data;
mod feed;
mod lexicon;
pub mod output;
mod plan;
mod pronounce;
mod render;
mod say;
mod shared;
pub mod signals;
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
    /// Write the podcast feed of the editions in a folder (rendered with --out-dir).
    Feed(feed::Args),
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
    /// aloud's data folder (voices and lexicon): where it is, and installing it.
    #[command(subcommand)]
    Data(data::Command),
}

/// Parses an output sample rate: 44100 or 48000.
pub fn output_rate(s: &str) -> Result<u32, String> {
    match s {
        "44100" => Ok(44_100),
        "48000" => Ok(48_000),
        _ => Err(format!(
            "`{s}` is not a supported output rate (44100 or 48000)"
        )),
    }
}

/// Exit code for usage errors (bad options, unknown voices in a cast).
pub const EXIT_USAGE: u8 = 2;
/// Exit code for bad input (unreadable, empty, not text).
pub const EXIT_INPUT: u8 = 3;
/// Exit code for internal failures (damaged voice data, I/O errors while writing).
pub const EXIT_INTERNAL: u8 = 4;

/// Runs one command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    if matches!(cli.command, Command::Render(_) | Command::Say(_)) {
        signals::set_message(aloud::error::Error::Interrupted.to_string());
    }
    if matches!(
        cli.command,
        Command::Render(_) | Command::Say(_) | Command::Plan(_) | Command::Pronounce(_)
    ) {
        // The word lists of the data folder, read once: a missing or damaged list (or no data
        // folder at all) is reported here rather than in the middle of the text.
        aloud::text::load_word_lists()?;
        aloud::manuscript::load_first_names()?;
    }
    match cli.command {
        Command::Render(a) => render::run(a),
        Command::Plan(a) => plan::run(a),
        Command::Say(a) => say::run(a),
        Command::Pronounce(a) => pronounce::run(a),
        Command::Chapters(a) => chapters::run(a),
        Command::Feed(a) => feed::run(a),
        Command::Voices(a) => voices::run(a),
        Command::Voice(c) => voice::run(c),
        Command::Lexicon(c) => lexicon::run(c),
        Command::Data(c) => data::run(c),
    }
}

/// Exit code for a render stopped by SIGINT/SIGTERM (128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

/// An error in how the command was used (options that contradict each other, an output
/// folder that does not exist).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Maps an error to the process exit code: usage 2, bad input 3, internal 4, interrupted 130.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    use aloud::error::ErrorClass;
    let class = e.chain().find_map(|c| {
        if c.is::<UsageError>() {
            Some(ErrorClass::Usage)
        } else if let Some(f) = c.downcast_ref::<catalogue::Failures>() {
            Some(f.class)
        } else if c.is::<output::StdoutError>() {
            Some(ErrorClass::Internal)
        } else {
            aloud::error::classify(c)
        }
    });
    match class {
        Some(ErrorClass::Usage) => EXIT_USAGE,
        Some(ErrorClass::Input) => EXIT_INPUT,
        Some(ErrorClass::Interrupted) => EXIT_INTERRUPTED,
        Some(ErrorClass::Internal) | None => EXIT_INTERNAL,
    }
}

/// Whether the command stopped because the reader of standard output went away.
pub fn output_closed(e: &anyhow::Error) -> bool {
    e.chain()
        .any(|c| matches!(c.downcast_ref(), Some(output::StdoutError::Closed)))
}
