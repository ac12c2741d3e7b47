//! What the tests that write voice folders say about their synthetic voices.
//!
//! Test support, not product: included by `#[path = "support/voice_folder.rs"] mod voice_folder;`.

use aloud::person::Gender;
use aloud::voice::VoiceDescription;

/// The description of a synthetic test voice `id` (sine waves, no rights reserved).
pub fn description(id: &str) -> VoiceDescription {
    VoiceDescription {
        id: id.into(),
        name: "Test".into(),
        gender: Gender::Female,
        language: "en-US".into(),
        source: "synthetic".into(),
        method: "sine waves".into(),
        licence: "test".into(),
        licence_text: "no rights reserved\n".into(),
        changes: "none\n".into(),
    }
}
