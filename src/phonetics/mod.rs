//! Words → phones: the phone set, the CMU lexicon, letter-to-sound and the user lexicon.

pub mod phone;
