//! The manuscript parser on arbitrary bytes: decoding then parsing gives a result or an error,
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = aloud::manuscript::decode_input(data, "fuzz") {
        let _ = aloud::manuscript::parse(&text);
    }
});
