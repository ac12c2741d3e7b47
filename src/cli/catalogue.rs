//! `aloud render a.md b.html … --out-dir site/`: a catalogue (see [`aloud::catalogue`]).
//! Parses the options, shows progress and prints the summary; the library does the work.

use super::feed::ChannelArgs;
use super::UsageError;
use aloud::catalogue::{self, Catalogue, Document, Entry, Event, Outcome, Rebuild, Shard};
use aloud::error::ErrorClass;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use std::collections::BTreeSet;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

/// The options of `aloud render` that make a catalogue.
#[derive(Debug, clap::Args)]
pub struct CatalogueArgs {
    /// Render every document into DIR as `<stem>.wav` (`.mp3`, `.opus` with --format) with its
    /// sidecars, player page and a record (`<stem>.aloud.json`); editions that are up to date
    /// are not rendered again.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// A file listing the documents, one path a line (relative to the file's folder; `#`
    /// comments), after any INPUT.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Render only this worker's share: shard I (from 0) of N, chosen by a hash of each
    /// document's path, so that N workers render every document exactly once.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Render editions again even when they are up to date.
    #[arg(long)]
    pub force: bool,
    /// Documents rendered at the same time (default: the number of threads, capped by the
    /// memory available, 256 MiB set aside for each).
    #[arg(long, value_name = "N")]
    pub documents_at_once: Option<NonZeroUsize>,
    /// After rendering, write the podcast feed of every edition in DIR to FILE (as `aloud
    /// feed` does); needs --feed-title and --base-url.
    #[arg(long, value_name = "FILE")]
    pub feed: Option<PathBuf>,
    #[command(flatten)]
    pub channel: ChannelArgs,
}

impl CatalogueArgs {
    /// Whether the command renders a catalogue rather than one document.
    pub fn wanted(&self, inputs: usize) -> bool {
        inputs != 1
            || self.out_dir.is_some()
            || self.manifest.is_some()
            || self.shard.is_some()
            || self.feed.is_some()
            || self.force
            || self.documents_at_once.is_some()
    }
}

/// Some documents of a catalogue failed (the others were rendered).
#[derive(Debug, thiserror::Error)]
#[error("{failed} of {total} documents failed: {names}")]
pub struct Failures {
    /// How many failed.
    pub failed: usize,
    /// How many there were.
    pub total: usize,
    /// Their identities.
    pub names: String,
    /// The exit code's class: the most serious of the failures (interrupted, internal, bad
    /// input, usage).
    pub class: ErrorClass,
}

fn usage(msg: impl Into<String>) -> anyhow::Error {
    UsageError(msg.into()).into()
}

/// Runs a catalogue.
pub fn run(args: super::render::Args) -> anyhow::Result<()> {
    let c = &args.catalogue;
    let Some(out_dir) = c.out_dir.clone() else {
        return Err(usage(
            "several documents (or --manifest, --shard, --feed, --force) need --out-dir DIR: \
             each edition is written there as <stem>.wav (or .mp3, .opus) with its sidecars",
        ));
    };
    if args.output.is_some() {
        return Err(usage(
            "-o names one edition; with --out-dir every edition is named after its document",
        ));
    }
    if c.shard.is_some() && c.feed.is_some() {
        return Err(usage(
            "--feed with --shard would list one shard's editions; when every shard is done, \
             build the feed with `aloud feed DIR`",
        ));
    }
    let channel = match &c.feed {
        Some(_) => Some(c.channel.options()?),
        None => None,
    };
    // The options every document is rendered with (--format, --bit-rate, --sample-rate …),
    // checked before any work.
    let template = args.request(aloud::pipeline::Script::Document(
        aloud::pipeline::Input::Stdin,
    ))?;
    let mut documents = Document::from_args(&args.inputs).map_err(|e| usage(e.to_string()))?;
    if let Some(m) = &c.manifest {
        documents.extend(Document::from_manifest(m).map_err(|e| usage(e.to_string()))?);
    }
    if documents.is_empty() {
        return Err(usage("no documents: the manifest lists none"));
    }
    if !out_dir.is_dir() {
        std::fs::create_dir_all(&out_dir)
            .map_err(|e| usage(format!("{}: cannot create: {e}", out_dir.display())))?;
    }
    let entries = catalogue::plan(documents, c.shard);
    let threads = args
        .jobs
        .map_or_else(rayon::current_num_threads, usize::from);
    let catalogue = Catalogue {
        out_dir: out_dir.clone(),
        template,
        rebuild: if c.force {
            Rebuild::All
        } else {
            Rebuild::Changed
        },
        at_once: c
            .documents_at_once
            .unwrap_or_else(|| catalogue::default_at_once(threads)),
    };
    let quiet = args.quiet || args.json;
    if !quiet {
        let shard = c.shard.map_or(String::new(), |s| {
            format!(" (shard {}/{})", s.index, s.count)
        });
        errln!(
            "catalogue: {} document{}{shard} into {}, {} at a time",
            entries.len(),
            if entries.len() == 1 { "" } else { "s" },
            out_dir.display(),
            catalogue.at_once.get().min(entries.len().max(1))
        );
    }
    let started = Instant::now();
    let report = {
        let bar = bar(quiet, entries.len());
        let busy: Mutex<BTreeSet<usize>> = Mutex::new(BTreeSet::new());
        let events = |e: Event<'_>| on_event(&e, &entries, &catalogue, &bar, &busy, quiet);
        let cancel = super::signals::cancel_flag();
        let report = catalogue.run(entries.clone(), cancel, &events);
        bar.finish_and_clear();
        report?
    };
    let (rendered, current) = report.counts();
    let failed: Vec<(&Entry, Option<&catalogue::CatalogueError>)> = report.failed().collect();
    if args.json {
        let docs: Vec<serde_json::Value> = report
            .results
            .iter()
            .map(|(e, o)| document_json(&catalogue, e, o.as_ref()))
            .collect();
        let json = json!({
            "out_dir": out_dir,
            "rendered": rendered,
            "up_to_date": current,
            "failed": failed.len(),
            "documents": docs,
        });
        super::output::print(&(serde_json::to_string_pretty(&json)? + "\n"))?;
    } else if !quiet {
        errln!(
            "catalogue: {rendered} rendered, {current} up to date, {} failed (of {}) in {:.1} s",
            failed.len(),
            report.results.len(),
            started.elapsed().as_secs_f64()
        );
        for (e, err) in &failed {
            match err {
                Some(err) => errln!("  failed: {}", failure(e, err)),
                None => errln!("  not started: {} (interrupted)", e.document.id),
            }
        }
    }
    if let (Some(feed), Some(channel)) = (&c.feed, &channel) {
        let r = aloud::feed::write_feed(&out_dir, feed, channel)?;
        if !quiet {
            errln!("feed: {} items in {}", r.items, r.path.display());
            for (path, why) in &r.left_out {
                errln!("  left out: {}: {why}", path.display());
            }
        }
    }
    if failed.is_empty() {
        return Ok(());
    }
    let class = failed
        .iter()
        .map(|(_, e)| e.map_or(ErrorClass::Interrupted, |e| e.class()))
        .max_by_key(|c| severity(*c))
        .unwrap_or(ErrorClass::Internal);
    Err(Failures {
        failed: failed.len(),
        total: report.results.len(),
        names: failed
            .iter()
            .map(|(e, _)| e.document.id.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        class,
    }
    .into())
}

/// Which failure decides the exit code: interrupted, then internal, bad input, usage.
fn severity(c: ErrorClass) -> u8 {
    match c {
        ErrorClass::Interrupted => 3,
        ErrorClass::Internal => 2,
        ErrorClass::Input => 1,
        ErrorClass::Usage => 0,
    }
}

/// A progress bar of documents on standard error (drawn only on a terminal).
fn bar(quiet: bool, len: usize) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    ProgressBar::new(len as u64).with_style(
        ProgressStyle::with_template(
            "{spinner} {bar:30} {pos}/{len} documents {elapsed} {wide_msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    )
}

fn on_event(
    e: &Event<'_>,
    entries: &[Entry],
    catalogue: &Catalogue,
    bar: &ProgressBar,
    busy: &Mutex<BTreeSet<usize>>,
    quiet: bool,
) {
    let mut busy = busy.lock().unwrap_or_else(|e| e.into_inner());
    match e {
        Event::Started(i) => {
            busy.insert(*i);
        }
        Event::Progress(..) => return,
        Event::Finished(i, outcome) => {
            busy.remove(i);
            bar.inc(1);
            if !quiet {
                let line = outcome_line(catalogue, &entries[*i], outcome);
                bar.suspend(|| super::output::eprint(&line));
            }
        }
    }
    let names: Vec<&str> = busy
        .iter()
        .filter_map(|i| entries.get(*i))
        .map(|e| e.document.id.as_str())
        .collect();
    bar.set_message(names.join(", "));
}

fn outcome_line(catalogue: &Catalogue, e: &Entry, o: &Outcome) -> String {
    let audio = catalogue.audio_path(&e.stem);
    match o {
        Outcome::Rendered(ed) => format!(
            "  rendered    {} → {} ({:.1} min, {} chapter{})\n",
            e.document.id,
            audio.display(),
            ed.duration_seconds / 60.0,
            ed.chapters.len(),
            if ed.chapters.len() == 1 { "" } else { "s" }
        ),
        Outcome::UpToDate(_) => {
            format!("  up to date  {} ({})\n", e.document.id, audio.display())
        }
        Outcome::Failed(err) => format!("  FAILED      {}\n", failure(e, err)),
    }
}

/// `<document>: <error>`, without the document twice when the error names it first.
fn failure(e: &Entry, err: &catalogue::CatalogueError) -> String {
    let msg = one_line(err);
    let id = e.document.id.as_str();
    let path = e.document.path.display().to_string();
    if msg.starts_with(id) || msg.starts_with(&path) {
        msg
    } else {
        format!("{id}: {msg}")
    }
}

fn one_line(e: &dyn std::error::Error) -> String {
    e.to_string().replace('\n', " ")
}

fn document_json(c: &Catalogue, e: &Entry, o: Option<&Outcome>) -> serde_json::Value {
    let (status, error) = match o {
        Some(Outcome::Rendered(_)) => ("rendered", None),
        Some(Outcome::UpToDate(_)) => ("up-to-date", None),
        Some(Outcome::Failed(err)) => ("failed", Some(one_line(err))),
        None => ("not-started", None),
    };
    json!({
        "source": e.document.id.as_str(),
        "stem": e.stem.as_str(),
        "audio": c.audio_path(&e.stem),
        "record": catalogue::record::record_path(&c.out_dir, &e.stem),
        "status": status,
        "error": error,
    })
}
