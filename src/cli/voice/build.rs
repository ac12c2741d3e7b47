//! `aloud voice build`: a voice from labelled recordings (see voices/README.md).

use super::GenderArg;
use aloud::person::Gender;
use aloud::phonetics::phone::{Phone, PhoneSet};
use aloud::phonetics::pronouncer::Pronouncer;
use aloud::phonetics::UserLexicon;
use aloud::units::Hz;
use aloud::voice::build::coverage::PairSet;
use aloud::voice::build::sentences::{place_sentences, read_sentences};
use aloud::voice::build::words::{pronounce_text, read_prompts};
use aloud::voice::build::{
    assemble_with_sentences, read_recordings, Assembled, BuildConfig, UnitStats,
};
use aloud::voice::{write_voice_placed, Diphone, VoiceDescription, VoiceId};
use anyhow::Context;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Options of `aloud voice build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Folder holding the labelled recordings.
    pub labelled_dir: PathBuf,
    /// Voice id (also the folder name under voices/).
    #[arg(long)]
    pub id: VoiceId,
    /// Output folder (created or overwritten).
    #[arg(long)]
    pub out: PathBuf,
    /// Display name.
    #[arg(long)]
    pub name: String,
    /// Speaker gender.
    #[arg(long, value_enum)]
    pub gender: GenderArg,
    /// Language tag.
    #[arg(long, default_value = "en-US")]
    pub language: String,
    /// Where the recordings came from (package, voice).
    #[arg(long)]
    pub source: String,
    /// How the voice was made, one sentence.
    #[arg(
        long,
        default_value = "labelled recordings cut into diphones by `aloud voice build`"
    )]
    pub method: String,
    /// Short licence name.
    #[arg(long)]
    pub licence: String,
    /// File with the upstream copyright and licence text (copied to LICENSE).
    #[arg(long)]
    pub licence_file: PathBuf,
    /// How the recordings were made from the source, one sentence (the first item of
    /// NOTICE; the builder adds its own changes).
    #[arg(long)]
    pub changes: String,
    /// A further folder of recordings of running speech (`NAME.wav` + `NAME.segs`, any
    /// names): every diphone in them becomes a further candidate for unit selection.
    #[arg(long)]
    pub sentences: Option<PathBuf>,
    /// The prompt list the sentences were read from (Festvox `( id "text" )` lines; the
    /// recording `ID.wav` read prompt `ID`): aloud pronounces each prompt and stores where
    /// every unit's phones stood in their words, for unit selection.
    #[arg(long, requires = "sentences")]
    pub prompts: Option<PathBuf>,
    /// Lowest F0 to search for, Hz (default by gender).
    #[arg(long)]
    pub f0_min: Option<f32>,
    /// Highest F0 to search for, Hz (default by gender).
    #[arg(long)]
    pub f0_max: Option<f32>,
    /// Lexicon (CMU format) whose phone pairs the coverage figure counts
    /// (default: the bundled lexicon/cmudict.dict).
    #[arg(long)]
    pub lexicon: Option<PathBuf>,
}

/// Runs `aloud voice build`.
pub fn run(a: BuildArgs) -> anyhow::Result<()> {
    let gender: Gender = a.gender.into();
    let mut config = BuildConfig::for_gender(gender);
    if let Some(f) = a.f0_min {
        config.epochs.f0_min = Hz(f);
    }
    if let Some(f) = a.f0_max {
        config.epochs.f0_max = Hz(f);
    }
    let licence_text = std::fs::read_to_string(&a.licence_file)
        .with_context(|| format!("cannot read licence file {}", a.licence_file.display()))?;
    let started = std::time::Instant::now();
    let recordings = read_recordings(&a.labelled_dir)?;
    let mut sentences = match &a.sentences {
        Some(dir) => read_sentences(dir)?,
        None => Vec::new(),
    };
    if let Some(file) = &a.prompts {
        let pronouncer = Pronouncer::load_default(UserLexicon::new())?;
        let words: BTreeMap<String, _> = read_prompts(file)?
            .into_iter()
            .map(|(id, text)| (id, pronounce_text(&text, &pronouncer)))
            .collect();
        let placed = place_sentences(&mut sentences, &words);
        errln!(
            "{} of {} sentences placed in the words of {}: {} of their {} phones",
            placed.sentences,
            sentences.len(),
            file.display(),
            placed.phones,
            placed.of
        );
    }
    let rates: BTreeSet<u32> = recordings
        .iter()
        .map(|r| r.source_rate)
        .chain(sentences.iter().map(|s| s.source_rate))
        .collect();
    let built = assemble_with_sentences(&recordings, &sentences, &config)?;
    let has: BTreeSet<Diphone> = built.units.iter().map(|u| u.diphone).collect();
    let desc = VoiceDescription {
        changes: notice(&a, &built, &has, &rates),
        id: a.id,
        name: a.name,
        gender,
        language: a.language,
        source: a.source,
        method: a.method,
        licence: a.licence,
        licence_text,
    };
    let meta = write_voice_placed(&a.out, &desc, &built.samples, &built.units, &built.places)?;
    errln!(
        "{}: {} units, median F0 {:.1} Hz, gain {:.3}, {:.1} s of audio, written to {} in {:.1} s",
        meta.id,
        meta.units,
        meta.f0_median.0,
        built.gain,
        built.samples.len() as f64 / 16_000.0,
        a.out.display(),
        started.elapsed().as_secs_f64()
    );
    let lexicon = match a.lexicon {
        Some(p) => p,
        None => aloud::data::lexicon_dir()?.join(aloud::phonetics::lexicon::SOURCE_FILE),
    };
    let needed = PairSet::from_cmudict(&lexicon)?;
    let missing = needed.missing(|d| has.contains(&d));
    errln!(
        "coverage of the {} phone pairs of {}: {:.4}; missing: {}",
        needed.pairs.len(),
        lexicon.display(),
        needed.coverage(|d| has.contains(&d)),
        missing
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    );
    report(&built.stats);
    Ok(())
}

/// The NOTICE text: what aloud changed relative to the recordings' source.
fn notice(
    a: &BuildArgs,
    built: &Assembled,
    has: &BTreeSet<Diphone>,
    rates: &BTreeSet<u32>,
) -> String {
    let rates = rates
        .iter()
        .map(|r| format!("{r} Hz"))
        .collect::<Vec<_>>()
        .join(", ");
    // Pairs of the voice's own phone set: a voice recorded with dictionary phones has no flap.
    let set = PhoneSet::covering(has.iter().flat_map(|d| [d.left, d.right]));
    let absent: Vec<String> = Phone::ALL
        .iter()
        .flat_map(|&l| Phone::ALL.iter().map(move |&r| Diphone::new(l, r)))
        .filter(|d| set.has(d.left) && set.has(d.right))
        .filter(|d| !(has.contains(d) || d.left == Phone::Pau && d.right == Phone::Pau))
        .map(|d| d.to_string())
        .collect();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "This voice is derived from {}. The original copyright and licence are in\n\
         LICENSE. The original authors are named there; they do not endorse aloud.\n\n\
         MODIFIED by aloud (see voices/README.md):\n\
         - {}\n\
         - `aloud voice build` resampled the recordings ({rates}) to 16 kHz (rubato FFT\n  \
           resampler), removed their DC offset (zero-phase 30 Hz high-pass), cut {} diphones from them (middle of the first phone to the middle\n  \
           of the second; stops at their 1/3 point; 50 ms next to silence), found pitch\n  \
           marks with its own epoch detector,{} scaled the level by {:.4} (one gain for the\n  \
           whole voice) and stored the units as 16-bit PCM in one WAV with a new index;\n\
         - phone pairs of aloud's phone set without a unit: {}",
        a.source,
        a.changes,
        built.units.len(),
        if a.sentences.is_some() {
            " kept every diphone of the recordings of whole sentences as\n  \
             further units (their speech stored once, cut at the same points),"
        } else {
            ""
        },
        built.gain,
        if absent.is_empty() {
            "none".to_string()
        } else {
            absent.join(" ")
        }
    );
    s
}

/// Prints per-unit sanity figures: level outliers, near-silent units, F0 of
/// vowel-vowel units, clipping.
fn report(stats: &[UnitStats]) {
    let mut rms: Vec<f32> = stats.iter().map(|s| s.rms).collect();
    rms.sort_by(f32::total_cmp);
    let median = rms.get(rms.len() / 2).copied().unwrap_or(0.0);
    let db = |x: f32| 20.0 * (x.max(1e-9) / median.max(1e-9)).log10();
    errln!(
        "unit RMS: median {:.4} ({:.1} dBFS)",
        median,
        20.0 * median.max(1e-9).log10()
    );
    let loud: Vec<String> = stats
        .iter()
        .filter(|s| db(s.rms) > 9.0)
        .map(|s| format!("{} ({:+.1} dB)", s.diphone, db(s.rms)))
        .collect();
    errln!(
        "units more than 9 dB above the median: {}: {}",
        loud.len(),
        first_of(&loud)
    );
    let quiet: Vec<String> = stats
        .iter()
        .filter(|s| db(s.rms) < -20.0)
        .map(|s| format!("{} ({:+.1} dB)", s.diphone, db(s.rms)))
        .collect();
    errln!(
        "near-silent units (20 dB below the median): {}: {}",
        quiet.len(),
        first_of(&quiet)
    );
    let vv: Vec<&UnitStats> = stats
        .iter()
        .filter(|s| s.diphone.left.is_vowel() && s.diphone.right.is_vowel())
        .collect();
    let mut f0: Vec<f32> = vv.iter().filter_map(|s| s.f0_median.map(|h| h.0)).collect();
    f0.sort_by(f32::total_cmp);
    if let (Some(lo), Some(hi)) = (f0.first(), f0.last()) {
        errln!(
            "vowel-vowel units: {} ({} with F0), F0 {:.0}–{:.0} Hz, median {:.0} Hz",
            vv.len(),
            f0.len(),
            lo,
            hi,
            f0[f0.len() / 2]
        );
    }
    let peak = stats.iter().map(|s| s.peak).fold(0.0f32, f32::max);
    errln!("largest sample: {peak:.3} of full scale");
}

/// The first 40 items of a list, joined, and how many more there are.
fn first_of(items: &[String]) -> String {
    const SHOWN: usize = 40;
    let mut s = items[..items.len().min(SHOWN)].join(", ");
    if items.len() > SHOWN {
        let _ = write!(s, " … and {} more", items.len() - SHOWN);
    }
    s
}
