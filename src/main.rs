//! The `aloud` command line: a thin layer over the library.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Before anything else: a signal must never find the default action in place.
    if let Err(e) = cli::signals::install() {
        cli::output::eprint(&format!(
            "aloud: error: cannot install the signal handler: {e}\n"
        ));
        return ExitCode::from(cli::EXIT_INTERNAL);
    }
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of standard output went away: stop quietly, like other Unix tools.
        Err(e) if cli::output_closed(&e) => ExitCode::SUCCESS,
        Err(e) => {
            cli::output::eprint(&format!("aloud: error: {}\n", one_line(&e)));
            ExitCode::from(cli::exit_code(&e))
        }
    }
}

/// The error and its causes on one line, leaving out causes the message already quotes.
fn one_line(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !msg.contains(&text) {
            if !msg.is_empty() {
                msg.push_str(": ");
            }
            msg.push_str(&text);
        }
    }
    msg.replace('\n', " ")
}
