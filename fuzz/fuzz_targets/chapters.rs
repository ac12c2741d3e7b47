//! The chapter reader on arbitrary bytes: a list of chapters or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Cursor;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = aloud::edition::read_chapters_from(Cursor::new(data), Path::new("fuzz"));
});
