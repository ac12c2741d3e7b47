//! The page template (`page.html`, with `player.css` and `player.js`), read at compile time,
//! and its slots.
//!
//! A slot is written `{{name}}` in the template; [`pieces`] splits the template into text and
//! [`Slot`]s once, and the page writer fills each slot with typed, escaped content.

use super::PlayerError;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The page, with `{{slot}}` markers.
pub(super) const PAGE: &str = include_str!("page.html");
/// The page's style sheet, inlined in `<style>`.
pub(super) const STYLE: &str = include_str!("player.css");
/// The page's script, inlined in `<script>`.
pub(super) const SCRIPT: &str = include_str!("player.js");

/// The marker of a page aloud wrote: the generator `<meta>` near its start. A file at the
/// page's path without it is not replaced.
pub(super) const GENERATOR: &str = "<meta name=\"generator\" content=\"aloud ";

/// A place in the template filled by the writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    /// aloud's version.
    Version,
    /// The Content-Security-Policy: no network, only this page's own style and script.
    Csp,
    /// The edition's title (escaped).
    Title,
    /// [`STYLE`].
    Style,
    /// The publication, length and chapter count under the title.
    Byline,
    /// The audio file's relative URL.
    AudioSrc,
    /// The audio file's MIME type.
    AudioType,
    /// The chapter list's items.
    Chapters,
    /// The transcript, written while the edition was rendered.
    Transcript,
    /// Links to the edition's files.
    Files,
    /// [`SCRIPT`].
    Script,
}

impl Slot {
    /// Every slot.
    pub(super) const ALL: [Slot; 11] = [
        Slot::Version,
        Slot::Csp,
        Slot::Title,
        Slot::Style,
        Slot::Byline,
        Slot::AudioSrc,
        Slot::AudioType,
        Slot::Chapters,
        Slot::Transcript,
        Slot::Files,
        Slot::Script,
    ];

    /// Its name in the template.
    pub(super) fn name(self) -> &'static str {
        match self {
            Slot::Version => "version",
            Slot::Csp => "csp",
            Slot::Title => "title",
            Slot::Style => "style",
            Slot::Byline => "byline",
            Slot::AudioSrc => "audio_src",
            Slot::AudioType => "audio_type",
            Slot::Chapters => "chapters",
            Slot::Transcript => "transcript",
            Slot::Files => "files",
            Slot::Script => "script",
        }
    }
}

/// A run of the template: literal text or a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Piece {
    /// Text written as it is.
    Text(&'static str),
    /// A slot to fill.
    Slot(Slot),
}

/// The template split into text and slots; an unknown or unclosed `{{` is an error naming it.
pub(super) fn pieces(template: &'static str) -> Result<Vec<Piece>, PlayerError> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push(Piece::Text(&rest[..open]));
        let after = &rest[open + 2..];
        let close = after.find("}}").ok_or_else(|| PlayerError::Template {
            slot: after.chars().take(20).collect(),
        })?;
        let name = &after[..close];
        let slot = Slot::ALL
            .into_iter()
            .find(|s| s.name() == name)
            .ok_or_else(|| PlayerError::Template {
                slot: name.to_string(),
            })?;
        out.push(Piece::Slot(slot));
        rest = &after[close + 2..];
    }
    out.push(Piece::Text(rest));
    Ok(out)
}

/// `'sha256-…'`: a CSP source allowing exactly this inline text.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The page's Content-Security-Policy: nothing from the network, no plugins, no forms; only
/// the inlined style and script (by their hashes) and audio from the page's own place.
pub(super) fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src {}; script-src {}; media-src 'self'; \
         img-src 'none'; base-uri 'none'; form-action 'none'",
        csp_hash(STYLE),
        csp_hash(SCRIPT)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_uses_every_slot_and_no_other() {
        let pieces = pieces(PAGE).unwrap();
        for slot in Slot::ALL {
            assert!(
                pieces.contains(&Piece::Slot(slot)),
                "{{{{{}}}}} unused",
                slot.name()
            );
        }
        assert!(matches!(
            super::pieces("a {{nope}} b"),
            Err(PlayerError::Template { slot }) if slot == "nope"
        ));
        assert!(super::pieces("a {{title").is_err());
    }

    #[test]
    fn the_inlined_style_and_script_cannot_close_their_elements() {
        assert!(!STYLE.to_ascii_lowercase().contains("</style"));
        assert!(!SCRIPT.to_ascii_lowercase().contains("</script"));
        assert!(!SCRIPT.contains("{{") && !STYLE.contains("{{"));
    }

    #[test]
    fn the_generator_marker_opens_the_page() {
        let at = PAGE.find(GENERATOR).expect("generator meta");
        assert!(
            at < 256,
            "the marker must lie in the bytes read to recognise a page"
        );
    }
}
