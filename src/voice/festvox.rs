//! Decoding Festival diphone group files (residual-excited LPC). Placeholder.
