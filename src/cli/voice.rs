//! `aloud voice …` maintainer tools that build the bundled voices.

use aloud::person::Gender;
use aloud::voice::build::coverage::PairSet;
use aloud::voice::build::festvox::GroupFile;
use aloud::voice::build::import::{import_festvox, ImportReport};
use aloud::voice::{write_voice_composed, VoiceDescription, VoiceId};
use anyhow::Context;
use std::fmt::Write as _;
use std::path::PathBuf;

mod build;

/// Subcommands of `aloud voice`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Decode a Festival diphone group file (residual-excited LPC) into an aloud voice.
    ImportFestvox(Box<ImportFestvoxArgs>),
    /// Build a voice from labelled recordings, one per diphone: `X-Y.wav` (mono PCM,
    /// any rate) plus `X-Y.segs` or `X-Y.lab` (Festival/xlabel or HTK labels).
    Build(Box<build::BuildArgs>),
    /// Write a voice folder's checksums again from its data as it is: `units.blocks` (the
    /// per-block checksums a render checks as it reads) and the hashes in `voice.toml`.
    Checksums {
        /// The voice folder, e.g. voices/rms.
        dir: PathBuf,
    },
}

/// Gender option of the voice tools.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum GenderArg {
    /// Female speaker.
    Female,
    /// Male speaker.
    Male,
}

impl From<GenderArg> for Gender {
    fn from(g: GenderArg) -> Gender {
        match g {
            GenderArg::Female => Gender::Female,
            GenderArg::Male => Gender::Male,
        }
    }
}

/// Options of `aloud voice import-festvox`.
#[derive(Debug, clap::Args)]
pub struct ImportFestvoxArgs {
    /// The group file, e.g. /usr/share/festival/voices/english/kal_diphone/group/kallpc16k.group.
    pub group: PathBuf,
    /// Voice id (also the folder name).
    #[arg(long)]
    pub id: VoiceId,
    /// Output folder, e.g. voices/kal.
    #[arg(long)]
    pub out: PathBuf,
    /// Display name (default: the id, capitalised).
    #[arg(long)]
    pub name: Option<String>,
    /// Gender of the speaker.
    #[arg(long, value_enum)]
    pub gender: GenderArg,
    /// Upstream copyright file, copied verbatim to LICENSE (e.g. /usr/share/doc/<pkg>/copyright).
    #[arg(long)]
    pub copyright: PathBuf,
    /// Where the data came from, recorded in voice.toml (e.g. "Debian festvox-kallpc16k 2.4-1").
    #[arg(long)]
    pub source: String,
    /// Short licence name for listings.
    #[arg(
        long,
        default_value = "Festvox diphone licence (permissive, keep notice, mark changes)"
    )]
    pub licence: String,
    /// Lexicon whose phone pairs missing from the group file are composed (CMU format).
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
    /// How the voice was made, for voice.toml (default: decoded from a Festival group file).
    #[arg(long)]
    pub method: Option<String>,
    /// A change made before the import (e.g. how the group file was written from
    /// another format), listed first under MODIFIED in NOTICE.
    #[arg(long)]
    pub changes: Option<String>,
}

/// Runs one `aloud voice` subcommand.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::ImportFestvox(a) => import(*a),
        Command::Build(a) => build::run(*a),
        Command::Checksums { dir } => {
            let meta = aloud::voice::rewrite_checksums(&dir)?;
            errln!("{}: checksums written in {}", meta.id, dir.display());
            Ok(())
        }
    }
}

fn import(a: ImportFestvoxArgs) -> anyhow::Result<()> {
    let group = GroupFile::open(&a.group)?;
    let lexicon = match a.lexicon.clone() {
        Some(p) => p,
        None => aloud::data::lexicon_dir()?.join(aloud::phonetics::lexicon::SOURCE_FILE),
    };
    let needed = PairSet::from_cmudict(&lexicon)?;
    let imported = import_festvox(&group, &needed)?;
    let licence_text = std::fs::read_to_string(&a.copyright)
        .with_context(|| format!("reading {}", a.copyright.display()))?;
    let group_name = a
        .group
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let r = &imported.report;
    let name = a.name.clone().unwrap_or_else(|| {
        let mut c = a.id.as_str().chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    });
    let desc = VoiceDescription {
        id: a.id.clone(),
        name,
        gender: a.gender.into(),
        language: "en-US".into(),
        source: format!("{}: {group_name}", a.source),
        method: a.method.clone().unwrap_or_else(|| {
            "Festival residual-excited LPC diphones decoded by `aloud voice import-festvox` \
             and re-encoded as 16-bit PCM"
                .into()
        }),
        licence: a.licence.clone(),
        licence_text,
        changes: notice(&a, &group_name, r),
    };
    let composed: Vec<_> = r.composed.iter().map(|(d, _)| *d).collect();
    let meta = write_voice_composed(&a.out, &desc, &imported.samples, &imported.units, &composed)?;
    errln!(
        "{}: {} entries; {} used as they are, {} onset clusters, {} variants, {} composed, {} skipped, {} duplicates, \
         {} rejected; \
         gain {:.3}, {} clamped samples; {} units, median F0 {:.1} Hz -> {}",
        meta.id,
        r.entries,
        r.plain,
        r.clusters.len(),
        r.variants.len(),
        r.composed.len(),
        r.skipped.len(),
        r.duplicates.len(),
        r.rejected.len(),
        r.gain,
        r.clamped,
        meta.units,
        meta.f0_median.0,
        a.out.display()
    );
    Ok(())
}

/// The NOTICE text: what aloud changed relative to the group file.
fn notice(a: &ImportFestvoxArgs, group_name: &str, r: &ImportReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "This voice is derived from {group_name} ({}). The original copyright and licence\n\
         are in LICENSE. The original authors are named there; they do not endorse aloud.\n\n\
         MODIFIED by aloud (`aloud voice import-festvox`, see voices/README.md):\n{}\
         - the residual-excited LPC units were decoded (LPC filter over the mu-law residual)\n  \
           and re-encoded as 16-bit PCM at 16 kHz in one WAV, with a new unit index;\n\
         - the level was scaled by {:.4} (one gain for the whole voice);\n\
         - pitch marks were given voicing flags derived from the decoded signal;\n\
         - {} entries were used under their own name; {} allophone/cluster variants stand in\n  \
           for missing plain pairs; {} entries were left out (not in aloud's phone set or\n  \
           duplicates of a pair present); {} duplicate entries were dropped;\n\
         - {} units were composed by aloud from parts of other units of this voice:",
        a.source,
        a.changes
            .as_deref()
            .map_or(String::new(), |c| format!("- {c};\n")),
        r.gain,
        r.plain,
        r.variants.len(),
        r.skipped.len(),
        r.duplicates.len(),
        r.composed.len()
    );
    for (d, recipe) in &r.composed {
        let _ = writeln!(s, "    {d}: {recipe}");
    }
    if !r.rejected.is_empty() {
        let _ = writeln!(s, "\nEntries left out because their audio is unusable:");
        for (n, why) in &r.rejected {
            let _ = writeln!(s, "    {n}: {why}");
        }
    }
    if !r.clusters.is_empty() {
        let _ = writeln!(
            s,
            "\nOnset-cluster recordings used instead of the plain pair (Festival name -> aloud pair):"
        );
        for (n, d) in &r.clusters {
            let _ = writeln!(s, "    {n} -> {d}");
        }
    }
    if !r.variants.is_empty() {
        let _ = writeln!(s, "\nVariants used (Festival name -> aloud pair):");
        for (n, d) in &r.variants {
            let _ = writeln!(s, "    {n} -> {d}");
        }
    }
    s
}
