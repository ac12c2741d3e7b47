//! `aloud feed DIR`: the podcast feed of the editions in a folder, from their records.

use super::UsageError;
use aloud::feed::{BaseUrl, FeedOptions};
use std::path::PathBuf;

/// The podcast's channel: what `render --feed` and `aloud feed` share.
#[derive(Debug, clap::Args)]
pub struct ChannelArgs {
    /// The podcast's title.
    #[arg(long, value_name = "TEXT")]
    pub feed_title: Option<String>,
    /// The address where the folder of editions (and the feed) is published, e.g.
    /// `https://example.org/podcast/`.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// The podcast's description (default: its title).
    #[arg(long, value_name = "TEXT")]
    pub feed_description: Option<String>,
    /// The podcast's author (`itunes:author`).
    #[arg(long, value_name = "NAME")]
    pub feed_author: Option<String>,
}

impl ChannelArgs {
    /// The channel, or a usage error naming what is missing or wrong.
    pub fn options(&self) -> anyhow::Result<FeedOptions> {
        let title = self
            .feed_title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| UsageError("a feed needs --feed-title TEXT".into()))?;
        let url = self.base_url.as_deref().ok_or_else(|| {
            UsageError("a feed needs --base-url URL (where the editions are published)".into())
        })?;
        let base_url = BaseUrl::new(url).map_err(|e| UsageError(e.to_string()))?;
        Ok(FeedOptions {
            title,
            base_url,
            description: self.feed_description.clone(),
            author: self.feed_author.clone(),
        })
    }
}

/// Options of `aloud feed`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder of editions (rendered with `aloud render … --out-dir DIR`).
    pub dir: PathBuf,
    /// The feed file (default: DIR/feed.xml).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub channel: ChannelArgs,
    /// No messages.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `aloud feed`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let channel = args.channel.options()?;
    if !args.dir.is_dir() {
        return Err(UsageError(format!("{}: not a folder", args.dir.display())).into());
    }
    let out = args.output.unwrap_or_else(|| args.dir.join("feed.xml"));
    let r = aloud::feed::write_feed(&args.dir, &out, &channel)?;
    if !args.quiet {
        errln!("feed: {} items in {}", r.items, r.path.display());
        for (path, why) in &r.left_out {
            errln!("  left out: {}: {why}", path.display());
        }
    }
    Ok(())
}
