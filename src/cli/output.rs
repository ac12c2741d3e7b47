//! Standard output and standard error as the shell sees them: a reader that stops early
//! (`aloud chapters x.wav | head -1`) ends the command quietly; any other write failure
//! (`> /dev/full`) is an error that names standard output. Nothing here panics.

use std::io::Write;

/// Writing to standard output failed.
#[derive(Debug, thiserror::Error)]
pub enum StdoutError {
    /// The reader went away (a closed pipe). The command stops quietly with exit 0, as if
    /// its output had been read to the end: files it wrote before printing are complete.
    #[error("standard output was closed by its reader")]
    Closed,
    /// Any other failure (a full disk, an I/O error).
    #[error("cannot write to standard output: {0}")]
    Write(std::io::Error),
}

/// Writes `text` to standard output and flushes it.
pub fn print(text: &str) -> Result<(), StdoutError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => StdoutError::Closed,
            _ => StdoutError::Write(e),
        })
}

/// Writes `text` to standard error; a standard error that cannot be written is ignored
/// (there is nowhere left to report it).
pub fn eprint(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
