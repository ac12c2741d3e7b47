//! A podcast feed of the editions in a folder: RSS 2.0 with the iTunes and Podcasting 2.0
//! namespaces, built from the editions' records (see [`crate::catalogue::record`]), so it can
//! be made after the renders, on any machine that has the folder.
//!
//! Per edition: `<enclosure>` (the audio's URL, its size in bytes and MIME type),
//! `<itunes:duration>`, `<podcast:chapters>` (the JSON chapters), `<podcast:transcript>` (the
//! WebVTT transcript), a `<link>` to the player page (when the edition has one), a `<guid>` and
//! a `<pubDate>`:
//! - the GUID is a UUID (version 5) of the document's identity (its path as listed), in a
//!   namespace of aloud's: it stays the same when the text is edited, the edition rendered again
//!   with another aloud, or the feed moved to another address, so podcast apps update the episode
//!   rather than showing a new one;
//! - the date is the article's own (front matter, a web page's `<meta>` date, a dated header
//!   line; a day without a time is noon UTC), else the time the document was first rendered into
//!   the folder (kept in its record, so rebuilding the feed gives the same bytes).
//!
//! Items are newest first (ties by stem). The channel's `<podcast:guid>` is the Podcasting 2.0
//! UUID of the feed's address (`<base-url><feed file name>`).

use crate::catalogue::record::{self, Edition, FileRole};
use crate::catalogue::{CatalogueError, Stem};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// The Podcasting 2.0 namespace for `<podcast:guid>` (UUIDv5 of the feed URL).
const PODCAST_NAMESPACE: Uuid = uuid::uuid!("ead4c236-bf58-58c6-a2c6-a6b28d128cb6");

/// aloud's namespace for item GUIDs: the UUIDv5 of `aloud edition` in the URL namespace.
fn item_namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"aloud edition")
}

/// Errors of building a feed.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The base address is not an http(s) URL.
    #[error("--base-url {url:?} is not usable: {why}")]
    BaseUrl {
        /// The value given.
        url: String,
        /// What is wrong.
        why: &'static str,
    },
    /// The feed file exists and is not a feed aloud wrote.
    #[error("{path}: aloud will not replace this file: it is not a feed aloud wrote; choose another --feed path")]
    NotOurs {
        /// The file.
        path: PathBuf,
    },
    /// The folder or a record could not be read, or the feed not written.
    #[error(transparent)]
    Catalogue(#[from] CatalogueError),
    /// Writing the XML failed.
    #[error("cannot write the feed {path}: {cause}")]
    Xml {
        /// The feed file.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
}

impl FeedError {
    /// The class of the failure, for exit codes.
    pub fn class(&self) -> crate::error::ErrorClass {
        match self {
            FeedError::BaseUrl { .. } | FeedError::NotOurs { .. } => {
                crate::error::ErrorClass::Usage
            }
            FeedError::Catalogue(e) => e.class(),
            FeedError::Xml { .. } => crate::error::ErrorClass::Internal,
        }
    }
}

/// An `http://` or `https://` address ending in `/`, where the folder of editions is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks `url` and adds a final `/` when it has none.
    pub fn new(url: &str) -> Result<BaseUrl, FeedError> {
        let bad = |why| FeedError::BaseUrl {
            url: url.to_string(),
            why,
        };
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| bad("it must start with https:// or http://"))?;
        if rest.is_empty() || rest.starts_with('/') {
            return Err(bad("it has no host"));
        }
        if url.chars().any(|c| c.is_whitespace() || c.is_control()) || url.contains(['?', '#']) {
            return Err(bad("it may not hold spaces, `?` or `#`"));
        }
        Ok(BaseUrl(if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        }))
    }

    /// The address of the file `name` in the folder.
    pub fn join(&self, name: &str) -> String {
        format!("{}{name}", self.0)
    }
}

/// The channel of a feed.
#[derive(Debug, Clone)]
pub struct FeedOptions {
    /// The podcast's title.
    pub title: String,
    /// Where the folder of editions (and the feed) is published.
    pub base_url: BaseUrl,
    /// The podcast's description (default: the title).
    pub description: Option<String>,
    /// The podcast's author (`<itunes:author>`), if given.
    pub author: Option<String>,
}

/// The MIME type of an edition's audio file, by its extension: `audio/wav`, `audio/mpeg`
/// (MP3), `audio/ogg` (Opus), `audio/mp4` (M4A/M4B); `None` for anything else.
pub fn audio_mime(file: &str) -> Option<&'static str> {
    let ext = Path::new(file).extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "wav" => "audio/wav",
        "mp3" => "audio/mpeg",
        "opus" | "ogg" | "oga" => "audio/ogg",
        "m4a" | "m4b" => "audio/mp4",
        _ => return None,
    })
}

/// What [`write_feed`] wrote.
#[derive(Debug, Clone)]
pub struct FeedReport {
    /// The feed file.
    pub path: PathBuf,
    /// Items in it.
    pub items: usize,
    /// Records left out, and why.
    pub left_out: Vec<(PathBuf, String)>,
}

/// Builds the feed of every complete edition in `dir` and writes it to `out` (through a
/// temporary file renamed into place; an existing file is replaced only when it is a feed
/// aloud wrote).
pub fn write_feed(dir: &Path, out: &Path, options: &FeedOptions) -> Result<FeedReport, FeedError> {
    if let Ok(existing) = std::fs::read(out) {
        let head = String::from_utf8_lossy(&existing[..existing.len().min(4096)]).into_owned();
        if !head.contains(GENERATOR_MARK) {
            return Err(FeedError::NotOurs {
                path: out.to_path_buf(),
            });
        }
    } else if std::fs::symlink_metadata(out).is_ok() {
        return Err(FeedError::NotOurs {
            path: out.to_path_buf(),
        });
    }
    let scan = crate::catalogue::editions_in(dir)?;
    let mut left_out = scan.unusable;
    let mut items: Vec<(Stem, Edition)> = Vec::new();
    for (stem, edition) in scan.editions {
        let audio = edition.files.iter().find(|f| f.role == FileRole::Audio);
        match audio.map(|a| audio_mime(&a.name)) {
            Some(Some(_)) => items.push((stem, edition)),
            _ => left_out.push((
                record::record_path(dir, &stem),
                "its audio has no type a podcast feed can carry".to_string(),
            )),
        }
    }
    items.sort_by(|(sa, a), (sb, b)| date_of(b).cmp(&date_of(a)).then(sa.cmp(sb)));
    let feed_name = record::file_name(out);
    let xml = render(&items, options, &feed_name).map_err(|cause| FeedError::Xml {
        path: out.to_path_buf(),
        cause,
    })?;
    record::write_bytes(out, &xml)?;
    Ok(FeedReport {
        path: out.to_path_buf(),
        items: items.len(),
        left_out,
    })
}

/// What every feed aloud writes holds near its start.
const GENERATOR_MARK: &str = "<generator>aloud ";

/// An edition's date for the feed: the article's, else its first render.
fn date_of(e: &Edition) -> Option<jiff::Timestamp> {
    match &e.published {
        Some(p) => p.timestamp(),
        None => e.first_rendered.parse().ok(),
    }
}

fn pub_date(e: &Edition) -> Option<String> {
    match &e.published {
        Some(p) => Some(p.rfc2822()),
        None => {
            let t: jiff::Timestamp = e.first_rendered.parse().ok()?;
            jiff::fmt::rfc2822::DateTimePrinter::new()
                .zoned_datetime_to_string(&t.to_zoned_datetime(jiff::tz::TimeZone::UTC))
                .ok()
        }
    }
}

/// `H:MM:SS`, rounded to the second.
fn duration_text(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The feed as XML bytes.
fn render(items: &[(Stem, Edition)], o: &FeedOptions, feed_name: &str) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let feed_url = o.base_url.join(feed_name);
    let bare = feed_url
        .split_once("://")
        .map_or(feed_url.as_str(), |(_, r)| r)
        .trim_end_matches('/');
    let channel_guid = Uuid::new_v5(&PODCAST_NAMESPACE, bare.as_bytes());
    let text = |w: &mut Writer<Vec<u8>>, name: &str, value: &str| -> std::io::Result<()> {
        w.create_element(name)
            .write_text_content(BytesText::new(value))?;
        Ok(())
    };
    w.create_element("rss")
        .with_attributes([
            ("version", "2.0"),
            ("xmlns:itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"),
            ("xmlns:podcast", "https://podcastindex.org/namespace/1.0"),
            ("xmlns:atom", "http://www.w3.org/2005/Atom"),
        ])
        .write_inner_content(|w| {
            w.create_element("channel").write_inner_content(|w| {
                text(w, "title", &o.title)?;
                text(w, "link", &o.base_url.0)?;
                text(
                    w,
                    "description",
                    o.description.as_deref().unwrap_or(&o.title),
                )?;
                text(w, "language", "en")?;
                text(w, "generator", concat!("aloud ", env!("CARGO_PKG_VERSION")))?;
                if let Some(latest) = items.first().and_then(|(_, e)| pub_date(e)) {
                    text(w, "lastBuildDate", &latest)?;
                }
                w.create_element("atom:link")
                    .with_attributes([
                        ("href", feed_url.as_str()),
                        ("rel", "self"),
                        ("type", "application/rss+xml"),
                    ])
                    .write_empty()?;
                if let Some(author) = &o.author {
                    text(w, "itunes:author", author)?;
                }
                text(w, "itunes:explicit", "false")?;
                text(w, "podcast:guid", &channel_guid.to_string())?;
                for (stem, e) in items {
                    item(w, stem, e, &o.base_url)?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// One `<item>`.
fn item(w: &mut Writer<Vec<u8>>, stem: &Stem, e: &Edition, base: &BaseUrl) -> std::io::Result<()> {
    let file = |role| e.files.iter().find(|f| f.role == role);
    let guid = Uuid::new_v5(&item_namespace(), e.source.as_bytes());
    w.create_element("item").write_inner_content(|w| {
        let text = |w: &mut Writer<Vec<u8>>, name: &str, value: &str| -> std::io::Result<()> {
            w.create_element(name)
                .write_text_content(BytesText::new(value))?;
            Ok(())
        };
        text(w, "title", &e.title)?;
        if let Some(page) = file(FileRole::PlayerPage) {
            text(w, "link", base.join(&page.name).as_str())?;
        }
        text(w, "description", &describe(e))?;
        w.create_element("guid")
            .with_attribute(("isPermaLink", "false"))
            .write_text_content(BytesText::new(&format!("urn:uuid:{guid}")))?;
        if let Some(date) = pub_date(e) {
            text(w, "pubDate", &date)?;
        }
        if let Some(audio) = file(FileRole::Audio) {
            let length = audio.bytes.to_string();
            w.create_element("enclosure")
                .with_attributes([
                    ("url", base.join(&audio.name).as_str()),
                    ("length", length.as_str()),
                    ("type", audio_mime(&audio.name).unwrap_or("audio/wav")),
                ])
                .write_empty()?;
        }
        text(w, "itunes:duration", &duration_text(e.duration_seconds))?;
        if let Some(p) = &e.publication {
            text(w, "itunes:author", p)?;
        }
        text(w, "itunes:episodeType", "full")?;
        if let Some(ch) = file(FileRole::Chapters) {
            w.create_element("podcast:chapters")
                .with_attributes([
                    ("url", base.join(&ch.name).as_str()),
                    ("type", "application/json+chapters"),
                ])
                .write_empty()?;
        }
        if let Some(tr) = file(FileRole::Transcript) {
            w.create_element("podcast:transcript")
                .with_attributes([
                    ("url", base.join(&tr.name).as_str()),
                    ("type", "text/vtt"),
                    ("language", "en"),
                    ("rel", "captions"),
                ])
                .write_empty()?;
        }
        let _ = stem;
        Ok(())
    })?;
    Ok(())
}

/// The item's description: the publication, then the chapters with their start times.
fn describe(e: &Edition) -> String {
    let mut s = match &e.publication {
        Some(p) => format!("{} — {p}.", e.title),
        None => format!("{}.", e.title),
    };
    if e.chapters.len() > 1 {
        s.push_str(" Chapters:");
        for c in &e.chapters {
            let t = c.start_seconds.max(0.0).round() as u64;
            s.push_str(&format!(" ({}:{:02}) {};", t / 60, t % 60, c.title));
        }
        s.pop();
        s.push('.');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types_follow_the_extension() {
        assert_eq!(audio_mime("a.wav"), Some("audio/wav"));
        assert_eq!(audio_mime("a.MP3"), Some("audio/mpeg"));
        assert_eq!(audio_mime("a.opus"), Some("audio/ogg"));
        assert_eq!(audio_mime("a.m4b"), Some("audio/mp4"));
        assert_eq!(audio_mime("a.vtt"), None);
    }

    #[test]
    fn base_urls_are_http_folders() {
        assert_eq!(
            BaseUrl::new("https://example.org/pod")
                .unwrap()
                .join("a.wav"),
            "https://example.org/pod/a.wav"
        );
        assert!(BaseUrl::new("example.org").is_err());
        assert!(BaseUrl::new("https://").is_err());
        assert!(BaseUrl::new("https://x.org/a b").is_err());
    }

    #[test]
    fn durations_are_hours_minutes_seconds() {
        assert_eq!(duration_text(59.6), "0:01:00");
        assert_eq!(duration_text(3725.0), "1:02:05");
    }

    #[test]
    fn the_channel_guid_follows_podcasting_2_0() {
        // The example of the podcast:guid specification.
        let g = Uuid::new_v5(&PODCAST_NAMESPACE, b"mp3s.nashownotes.com/pc20rss.xml");
        assert_eq!(g.to_string(), "917393e3-1b1e-5cef-ace4-edaa54e1f810");
    }
}
