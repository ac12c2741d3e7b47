//! Casting: every speaker gets a distinct voice profile.
