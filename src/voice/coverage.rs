//! Lexicon phone-pair coverage of a voice. Placeholder.
