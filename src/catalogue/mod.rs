//! A catalogue: many documents rendered into one output folder, each edition as
//! `<stem>.wav` (or `.mp3`, `.opus`: the template request's encoding) with its sidecars, its
//! player page (unless `--no-player`) and its record (`<stem>.aloud.json`, see [`record`]).
//!
//! ```text
//! documents (argument list or manifest file) ─ names::name ─▶ Entry (document, stem)
//!   ─ Shard::holds (optional) ─▶ this worker's share
//!   ─ Catalogue::run: `at_once` documents at a time, each:
//!       record::read ─ check_ours ─ leaving ─ EditionKey::of ─ up to date? ─▶ UpToDate
//!       else claim ─ Request::render ─ remove_leaving ─ describe_files ─ record::write ─▶ Rendered
//!       any error ─▶ Failed (the other documents go on)
//! ```
//!
//! **Memory and threads.** All documents share one rayon pool (`--jobs` threads): a render
//! spreads its sentences over the pool, so the CPU work in flight never exceeds `--jobs`
//! whatever the number of documents. Rendering a few documents at once fills the pool
//! during each render's serial stretches (reading the text, loading the pronouncer and
//! voices, the last batch, the writer); each document in flight holds its own pronouncer, voices
//! and batch buffers (up to about 165 MB at its peak), so `at_once` bounds the memory:
//! [`default_at_once`] takes the number of threads, capped by what fits in a quarter of the
//! available memory.

pub mod key;
pub mod names;
pub mod record;

pub use key::{EditionKey, Engine, Sha256Hex};
pub use names::{Document, DocumentId, Entry, Shard, Stem};
pub use record::{Edition, FileRole, Record, RecordChapter, RecordFile, RECORD_SUFFIX};

use crate::edition::OutputPaths;
use crate::error::Error;
use crate::pipeline::{Input, Progress, Request, Script};
use record::Found;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// Memory set aside for one render in flight, for [`default_at_once`] (measured: up to 165 MB
/// peak on the corpus, see bench/RESULTS.md, Catalogue).
pub const MEMORY_PER_RENDER: u64 = 256 << 20;

/// Errors of a catalogue: about one document (the others go on) or the whole run.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    /// Standard input cannot be one of a catalogue's documents.
    #[error("`-` (standard input) cannot be one of several documents; name the files")]
    StdinInCatalogue,
    /// The manifest file could not be read.
    #[error("cannot read the manifest {path}: {cause}")]
    Manifest {
        /// The manifest.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// A file could not be read.
    #[error("cannot read {path}: {cause}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {path}: {cause}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// The output folder is missing or not a folder.
    #[error("{path}: the output folder does not exist (create it first)")]
    NoOutputFolder {
        /// The folder.
        path: PathBuf,
    },
    /// A file at an edition's path that aloud did not make (or that was changed since).
    #[error(
        "{path}: aloud will not replace this file: {why}; move it away or choose another --out-dir"
    )]
    NotOurs {
        /// The file.
        path: PathBuf,
        /// Why it is not aloud's.
        why: String,
    },
    /// The render failed.
    #[error(transparent)]
    Render(Box<Error>),
}

impl From<Error> for CatalogueError {
    fn from(e: Error) -> Self {
        CatalogueError::Render(Box::new(e))
    }
}

impl CatalogueError {
    /// The class of the failure, for exit codes.
    pub fn class(&self) -> crate::error::ErrorClass {
        use crate::error::ErrorClass;
        match self {
            CatalogueError::Render(e) => e.class(),
            CatalogueError::StdinInCatalogue
            | CatalogueError::NoOutputFolder { .. }
            | CatalogueError::NotOurs { .. }
            | CatalogueError::Manifest { .. } => ErrorClass::Usage,
            CatalogueError::Read { .. } => ErrorClass::Input,
            CatalogueError::Write { .. } => ErrorClass::Internal,
        }
    }
}

/// Whether an up-to-date edition is rendered again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuild {
    /// Only editions whose key changed (or whose files are not as recorded).
    Changed,
    /// Every edition (`--force`).
    All,
}

/// A catalogue run: where the editions go and how each document is rendered.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// The output folder (must exist).
    pub out_dir: PathBuf,
    /// The request every document is rendered with (its script is replaced by the document).
    pub template: Request,
    /// Whether up-to-date editions are rendered again.
    pub rebuild: Rebuild,
    /// Documents rendered at the same time.
    pub at_once: NonZeroUsize,
}

/// What became of one document.
#[derive(Debug)]
pub enum Outcome {
    /// Rendered now.
    Rendered(Edition),
    /// Its edition was up to date: nothing was done.
    UpToDate(Edition),
    /// It failed; nothing of its previous edition was changed.
    Failed(CatalogueError),
}

/// What a catalogue run tells its caller as it goes.
#[derive(Debug)]
pub enum Event<'a> {
    /// Document `index` of the entries is being looked at.
    Started(usize),
    /// Progress of document `index`'s render.
    Progress(usize, Progress),
    /// Document `index` is done.
    Finished(usize, &'a Outcome),
}

/// The outcome of every entry, in the entries' order.
#[derive(Debug)]
pub struct Report {
    /// (entry, outcome), in order; `None` for documents not started because of an
    /// interruption.
    pub results: Vec<(Entry, Option<Outcome>)>,
}

impl Report {
    /// The entries that failed (or were not started), in order.
    pub fn failed(&self) -> impl Iterator<Item = (&Entry, Option<&CatalogueError>)> {
        self.results.iter().filter_map(|(e, o)| match o {
            Some(Outcome::Failed(err)) => Some((e, Some(err))),
            None => Some((e, None)),
            _ => None,
        })
    }

    /// Number of editions rendered now and found up to date.
    pub fn counts(&self) -> (usize, usize) {
        let rendered = self
            .results
            .iter()
            .filter(|(_, o)| matches!(o, Some(Outcome::Rendered(_))))
            .count();
        let current = self
            .results
            .iter()
            .filter(|(_, o)| matches!(o, Some(Outcome::UpToDate(_))))
            .count();
        (rendered, current)
    }
}

/// Documents at once by default: `threads`, capped by what fits in a quarter of the memory
/// available now ([`MEMORY_PER_RENDER`] each), at least one.
pub fn default_at_once(threads: usize) -> NonZeroUsize {
    let fits = available_memory().map_or(usize::MAX, |m| {
        usize::try_from(m / 4 / MEMORY_PER_RENDER).unwrap_or(usize::MAX)
    });
    NonZeroUsize::new(threads.min(fits)).unwrap_or(NonZeroUsize::MIN)
}

/// `MemAvailable` of `/proc/meminfo`, in bytes (Linux; `None` elsewhere).
fn available_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

impl Catalogue {
    /// The path of the edition `stem`'s audio.
    pub fn audio_path(&self, stem: &Stem) -> PathBuf {
        self.out_dir
            .join(format!("{stem}.{}", audio_extension(&self.template)))
    }

    /// The request that renders `document`.
    fn request_for(&self, document: &Document) -> Request {
        Request {
            script: Script::Document(Input::File(document.path.clone())),
            ..self.template.clone()
        }
    }

    /// Renders `entries`, `at_once` at a time; one failure does not stop the others.
    /// `cancel` is checked before each document starts and by each render; documents not
    /// started when it is raised are reported as `None`.
    pub fn run(
        &self,
        entries: Vec<Entry>,
        cancel: &AtomicBool,
        events: &(dyn Fn(Event<'_>) + Sync),
    ) -> Result<Report, CatalogueError> {
        if !self.out_dir.is_dir() {
            return Err(CatalogueError::NoOutputFolder {
                path: self.out_dir.clone(),
            });
        }
        let engine = Engine::fingerprint(
            &self.template.voices_dir()?,
            &crate::data::lexicon_dir().map_err(Error::from)?,
        )?;
        let next = AtomicUsize::new(0);
        let outcomes: Mutex<Vec<Option<Outcome>>> =
            Mutex::new((0..entries.len()).map(|_| None).collect());
        let workers = self.at_once.get().min(entries.len()).max(1);
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| loop {
                    if cancel.load(Ordering::SeqCst) {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(entry) = entries.get(i) else { break };
                    events(Event::Started(i));
                    let progress = |p: Progress| events(Event::Progress(i, p));
                    let outcome = match self.one(entry, engine, cancel, &progress) {
                        Ok(o) => o,
                        Err(e) => Outcome::Failed(e),
                    };
                    events(Event::Finished(i, &outcome));
                    outcomes.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(outcome);
                });
            }
        });
        let outcomes = outcomes.into_inner().unwrap_or_else(|e| e.into_inner());
        Ok(Report {
            results: entries.into_iter().zip(outcomes).collect(),
        })
    }

    /// Renders one document unless its edition is up to date.
    fn one(
        &self,
        entry: &Entry,
        engine: Engine,
        cancel: &AtomicBool,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Outcome, CatalogueError> {
        let request = self.request_for(&entry.document);
        let audio = self.audio_path(&entry.stem);
        let paths = OutputPaths::new(
            &audio,
            request.options.encoding.codec(),
            request.options.player,
        )
        .map_err(Error::from)?;
        let record_path = record::record_path(&self.out_dir, &entry.stem);
        let found = record::read(&record_path)?;
        let owned = record::owned_names(&self.out_dir, &found)?;
        record::check_ours(&paths, &owned)?;
        let leaving = record::leaving(&self.out_dir, &paths, &owned);
        request.check_output(&audio).map_err(Error::from)?;
        let key = EditionKey::of(engine, &request, audio_extension(&request))?;
        let (previous, first_rendered) = match &found {
            Found::Ours(record, bytes) if matches!(**record, Record::Complete { .. }) => {
                let Record::Complete { edition, .. } = &**record else {
                    unreachable!("matched above")
                };
                let current = edition.key == key
                    && edition.source == entry.document.id.as_str()
                    && record::verify(&self.out_dir, edition).is_ok();
                if current && self.rebuild == Rebuild::Changed {
                    return Ok(Outcome::UpToDate(edition.clone()));
                }
                (Some(bytes.clone()), Some(edition.first_rendered.clone()))
            }
            Found::Ours(record, bytes) => match &**record {
                Record::Rendering { first_rendered, .. } => {
                    (Some(bytes.clone()), first_rendered.clone())
                }
                Record::Complete { .. } => (Some(bytes.clone()), None),
            },
            Found::Nothing => (None, None),
        };
        record::write(
            &record_path,
            &record::claim(&entry.document.id, &paths, &leaving, first_rendered.clone()),
        )?;
        let rendered = request.render(&audio, || cancel, progress);
        let rendered = match rendered {
            Ok(r) => r,
            Err(e) => {
                // The previous edition is untouched: put its record back.
                let _ = match previous {
                    Some(bytes) => std::fs::write(&record_path, bytes),
                    None => std::fs::remove_file(&record_path),
                };
                return Err(e.into());
            }
        };
        // The new edition is in place: the previous one's files it does not have (another
        // format's audio, a page --no-player leaves out) go (the claim still names them until
        // the complete record is written).
        record::remove_leaving(&leaving)?;
        let finish = &rendered.report.finish;
        let edition = Edition {
            generator: concat!("aloud ", env!("CARGO_PKG_VERSION")).to_string(),
            source: entry.document.id.to_string(),
            key,
            title: rendered.manuscript.title.clone(),
            publication: rendered.manuscript.publication.clone(),
            published: rendered.manuscript.published,
            first_rendered: first_rendered.unwrap_or_else(now),
            duration_seconds: finish.duration.0,
            chapters: finish
                .chapters
                .iter()
                .map(|c| RecordChapter {
                    title: c.title.clone().unwrap_or_default(),
                    start_seconds: c.start.0,
                })
                .collect(),
            files: record::describe_files(&finish.paths)?,
        };
        record::write(
            &record_path,
            &Record::Complete {
                format: record::RECORD_FORMAT.to_string(),
                edition: edition.clone(),
            },
        )?;
        Ok(Outcome::Rendered(edition))
    }
}

/// The audio file's extension for a request's options: `wav`, `mp3` or `opus`.
pub fn audio_extension(request: &Request) -> &'static str {
    request.options.encoding.codec().extension()
}

/// Now, to the second, in RFC 3339 (UTC).
fn now() -> String {
    jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .map_or_else(|_| jiff::Timestamp::now().to_string(), |t| t.to_string())
}

/// The documents of a catalogue and their stems: `documents` named ([`names::name`]), then
/// this shard's share when `shard` is given.
pub fn plan(documents: Vec<Document>, shard: Option<Shard>) -> Vec<Entry> {
    names::name(documents)
        .into_iter()
        .filter(|e| shard.is_none_or(|s| s.holds(&e.document.id)))
        .collect()
}

/// The record of every complete edition in `dir` whose files are as recorded (see
/// [`record::scan`]).
pub fn editions_in(dir: &Path) -> Result<record::Scan, CatalogueError> {
    record::scan(dir)
}
