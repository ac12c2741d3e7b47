//! `aloud voices`: list the bundled voices.

use aloud::voice::build::coverage::PairSet;
use aloud::voice::{catalog, Voice, VoiceId};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Options of `aloud voices`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Voices folder (default: the bundled voices).
    #[arg(long)]
    pub voices: Option<PathBuf>,
    /// Lexicon whose phone pairs define coverage (default: the bundled CMU dictionary).
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
}

/// One row of the listing.
#[derive(Debug, Serialize)]
struct Row {
    id: VoiceId,
    name: String,
    gender: aloud::person::Gender,
    language: String,
    sample_rate: u32,
    units: usize,
    f0_median_hz: f32,
    /// The phones the voice has units for (`arpabet-ax-pau-dx`: it says the flap).
    phone_set: aloud::phonetics::phone::PhoneSet,
    /// Share of the lexicon's phone pairs the voice has without fallback.
    coverage: f64,
    /// The same, counting only units taken from the source as they are.
    coverage_source: f64,
    /// Units aloud composed from parts of other units.
    composed: usize,
    /// How clearly and how well the voice speaks, as measured by the judges
    /// (`voices/measured.toml`); casting goes by it.
    measured: Option<aloud::voice::measured::Measured>,
    licence: String,
    source: String,
}

/// Runs `aloud voices`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let dir = match args.voices {
        Some(p) => p,
        None => aloud::data::voices_dir()?,
    };
    let lexicon = match args.lexicon {
        Some(p) => p,
        None => aloud::data::lexicon_dir()?.join(aloud::phonetics::lexicon::SOURCE_FILE),
    };
    let pairs = PairSet::from_cmudict(&lexicon)?;
    let mut rows = Vec::new();
    for meta in catalog(&dir)? {
        let voice = Voice::load(&meta.dir)?;
        let has = |d| voice.has(d);
        let source_has = |d| voice.has(d) && !meta.composed.contains(&d);
        rows.push(Row {
            coverage: round4(pairs.coverage(has)),
            coverage_source: round4(pairs.coverage(source_has)),
            composed: meta.composed.len(),
            measured: meta.measured,
            id: meta.id,
            name: meta.name,
            gender: meta.gender,
            language: meta.language,
            sample_rate: meta.sample_rate.0,
            units: meta.units,
            f0_median_hz: meta.f0_median.0,
            phone_set: meta.phone_set,
            licence: meta.licence,
            source: meta.source,
        });
    }
    let mut out = String::new();
    if args.json {
        out = serde_json::to_string_pretty(&rows)? + "\n";
        return Ok(super::output::print(&out)?);
    }
    let _ = writeln!(
        out,
        "{:<6} {:<10} {:<7} {:>6} {:>6} {:>7} {:>9} {:>7} {:>7}  source",
        "id", "name", "gender", "rate", "units", "F0 Hz", "coverage", "errors", "quality"
    );
    for r in &rows {
        let gender = match r.gender {
            aloud::person::Gender::Female => "female",
            aloud::person::Gender::Male => "male",
        };
        let (errors, quality) = r.measured.map_or(("–".to_string(), "–".to_string()), |m| {
            (
                format!("{:.1}%", m.word_error_rate * 100.0),
                format!("{:.2}", m.quality),
            )
        });
        let _ = writeln!(
            out,
            "{:<6} {:<10} {:<7} {:>6} {:>6} {:>7.1} {:>8.2}% {:>7} {:>7}  {}",
            r.id,
            r.name,
            gender,
            r.sample_rate,
            r.units,
            r.f0_median_hz,
            r.coverage * 100.0,
            errors,
            quality,
            r.source
        );
    }
    let _ = writeln!(
        out,
        "coverage: share of the {} phone pairs of {} a voice has without fallback",
        pairs.pairs.len(),
        lexicon.display()
    );
    let _ = writeln!(
        out,
        "errors, quality: the voice alone on the judges' three texts (Whisper's word error rate, \
         DistillMOS 1–5; voices/measured.toml), which casting goes by"
    );
    Ok(super::output::print(&out)?)
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
