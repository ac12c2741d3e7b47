//! Who speaks, as far as the text and the voices tell: words shared by the manuscript (a
//! speaker's gender when the text makes it clear), the voice bank (a voice's gender) and
//! casting (which matches the two).

use serde::{Deserialize, Serialize};

/// Gender of a speaker or a voice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// Female.
    Female,
    /// Male.
    Male,
}
