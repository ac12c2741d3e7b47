//! SIGINT, SIGTERM and SIGHUP. The handler is installed first thing in `main`, so a signal
//! never kills aloud with the default action (no exit 143, no half-made files), whenever it
//! comes.
//!
//! Until a command asks for [`cancel_flag`], nothing it does can be left half-written, so the
//! handler ends the process at once: the `interrupted: …` message, exit 130. From then on the
//! handler only raises the flag; the render checks it between sentences, stops with
//! [`aloud::error::Error::Interrupted`] and removes its temporary files (exit 130 too).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

/// Raised by the handler once the command has asked for the flag.
static CANCEL: AtomicBool = AtomicBool::new(false);
/// Whether the command checks [`CANCEL`]. The handler decides under this lock, so a command
/// that takes the flag is never ended by the handler afterwards.
static WATCHED: Mutex<bool> = Mutex::new(false);
/// The message printed when the handler ends the process itself.
static MESSAGE: OnceLock<String> = OnceLock::new();

/// Installs the handler. Call before any other work.
pub fn install() -> Result<(), ctrlc::Error> {
    ctrlc::set_handler(on_signal)
}

/// Sets what the handler prints when it ends the process before the command watches the
/// flag (default: `interrupted: stopped by a signal`). First call wins.
pub fn set_message(message: String) {
    let _ = MESSAGE.set(message);
}

fn on_signal() {
    let watched = WATCHED.lock().unwrap_or_else(|e| e.into_inner());
    if *watched {
        CANCEL.store(true, Ordering::SeqCst);
        return;
    }
    let message = MESSAGE
        .get()
        .map_or("interrupted: stopped by a signal", String::as_str);
    super::output::eprint(&format!("aloud: error: {message}\n"));
    // The lock is held until the process ends: a command cannot start watching meanwhile.
    std::process::exit(i32::from(super::EXIT_INTERRUPTED));
}

/// The flag the handler raises from now on (it no longer ends the process). A command that
/// takes it must check it and stop cleanly.
pub fn cancel_flag() -> &'static AtomicBool {
    *WATCHED.lock().unwrap_or_else(|e| e.into_inner()) = true;
    &CANCEL
}
