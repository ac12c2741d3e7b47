//! `aloud lexicon …` maintainer tools: compile the CMU dictionary, train and evaluate
//! letter-to-sound.

use aloud::data;
use aloud::phonetics::lexicon::{self, Lexicon};
use aloud::phonetics::lts::{self, Evaluation, Features, Lts, MaxentConfig, TrainConfig};
use anyhow::Context;
use std::path::PathBuf;
use std::time::Instant;

/// Subcommands of `aloud lexicon`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Compile lexicon/cmudict.dict into the fast-loading lexicon/cmudict.bin.
    Compile(CompileArgs),
    /// Train the letter-to-sound model (lexicon/lts.bin) from the CMU dictionary.
    TrainLts(TrainArgs),
    /// Measure letter-to-sound accuracy on the held-out words, and load times.
    EvalLts(EvalArgs),
}

/// Options of `aloud lexicon compile`.
#[derive(Debug, clap::Args)]
pub struct CompileArgs {
    /// CMU dictionary text (default: lexicon/cmudict.dict of the data folder).
    #[arg(long)]
    dict: Option<PathBuf>,
    /// Output file (default: lexicon/cmudict.bin of the data folder).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Options of `aloud lexicon train-lts`.
#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// Seed of the held-out split (the held-out words are never trained on).
    #[arg(long, default_value_t = TrainConfig::default().seed)]
    seed: u64,
    /// N-gram order over graphones.
    #[arg(long, default_value_t = TrainConfig::default().order)]
    order: usize,
    /// EM iterations of the letter–phone alignment.
    #[arg(long, default_value_t = TrainConfig::default().em_iterations)]
    em_iterations: usize,
    /// Minimum Kneser–Ney count to keep an n-gram, by order from unigrams up
    /// (default: all 1).
    #[arg(long, value_delimiter = ',')]
    cutoffs: Option<Vec<u32>>,
    /// Weighted-difference pruning threshold (0 = off; default 0.5).
    #[arg(long)]
    prune: Option<f64>,
    /// Pronunciations trained on per word, in dictionary order (1 = the first only, 0 = all).
    #[arg(long, default_value_t = TrainConfig::default().variants)]
    variants: usize,
    /// Viterbi re-alignment passes with a trained n-gram (0 = none).
    #[arg(long, default_value_t = TrainConfig::default().realign_passes)]
    realign_passes: usize,
    /// Order of the n-gram that re-aligns.
    #[arg(long, default_value_t = TrainConfig::default().realign_order)]
    realign_order: usize,
    /// Histories kept per (letter, phone) position while re-aligning.
    #[arg(long, default_value_t = TrainConfig::default().realign_beam)]
    realign_beam: usize,
    /// Parts re-aligned each by an n-gram estimated on the others (1 = no cross-validation).
    #[arg(long, default_value_t = TrainConfig::default().realign_folds)]
    realign_folds: usize,
    /// Training passes of the look-ahead classifier (0 = none).
    #[arg(long, default_value_t = TrainConfig::default().maxent.epochs)]
    maxent_epochs: usize,
    /// The classifier's weight table has 2^bits entries.
    #[arg(long, default_value_t = TrainConfig::default().maxent.bits)]
    maxent_bits: u8,
    /// The classifier's AdaGrad learning rate.
    #[arg(long, default_value_t = TrainConfig::default().maxent.rate)]
    maxent_rate: f32,
    /// Weight of the classifier's ln P in the decoder's score.
    #[arg(long, default_value_t = TrainConfig::default().maxent.weight)]
    maxent_weight: f32,
    /// Letters on each side that the classifier looks at (at most 7).
    #[arg(long, default_value_t = TrainConfig::default().maxent.features.window)]
    maxent_window: u8,
    /// Longest letter substring the classifier uses as a feature (at most 9).
    #[arg(long, default_value_t = TrainConfig::default().maxent.features.span)]
    maxent_span: u8,
    /// Previous graphones the classifier conditions on (0–2).
    #[arg(long, default_value_t = TrainConfig::default().maxent.features.history)]
    maxent_history: u8,
    /// Length of the whole-word letter n-grams the classifier uses (0 = none, at most 9).
    #[arg(long, default_value_t = TrainConfig::default().maxent.features.bag)]
    maxent_bag: u8,
    /// Syllable features of the classifier (0 = none, 1 = vowel groups before and after the
    /// letter, consonant–vowel shapes, the word's first and last letters with them).
    #[arg(long, default_value_t = TrainConfig::default().maxent.features.shape)]
    maxent_shape: u8,
    /// CMU dictionary text (default: lexicon/cmudict.dict of the data folder).
    #[arg(long)]
    dict: Option<PathBuf>,
    /// Output model (default: lexicon/lts.bin of the data folder).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Also write the training alignments as text here (for tools/lts-neural).
    #[arg(long)]
    alignments: Option<PathBuf>,
}

/// Options of `aloud lexicon eval-lts`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Seed of the held-out split; must be the seed the model was trained with.
    #[arg(long, default_value_t = TrainConfig::default().seed)]
    seed: u64,
    /// Model to evaluate (default: lexicon/lts.bin of the data folder).
    #[arg(long)]
    model: Option<PathBuf>,
    /// CMU dictionary text (default: lexicon/cmudict.dict of the data folder).
    #[arg(long)]
    dict: Option<PathBuf>,
    /// Weight of the look-ahead classifier instead of the model's (0 = the n-gram alone).
    #[arg(long)]
    maxent_weight: Option<f32>,
    /// Weights of the neural letter classifiers instead of the model's, in file order,
    /// comma-separated (0 = without one; the last weight serves for the rest).
    #[arg(long, value_delimiter = ',')]
    neural_weight: Option<Vec<f32>>,
    /// Print every wrong held-out word.
    #[arg(long)]
    errors: bool,
}

/// Runs one `aloud lexicon` subcommand.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Compile(a) => compile(a),
        Command::TrainLts(a) => train(a),
        Command::EvalLts(a) => eval(a),
    }
}

fn dict_path(p: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    or_data(p, lexicon::SOURCE_FILE)
}

/// The given path, or the file `name` of the data folder's lexicon.
fn or_data(p: Option<PathBuf>, name: &str) -> anyhow::Result<PathBuf> {
    Ok(match p {
        Some(p) => p,
        None => data::lexicon_dir()?.join(name),
    })
}

fn compile(a: CompileArgs) -> anyhow::Result<()> {
    let dict = dict_path(a.dict)?;
    let out = or_data(a.out, lexicon::COMPILED_FILE)?;
    let entries = lexicon::read_cmu_text(&dict)?;
    let bytes = lexicon::compile(&entries);
    std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    outln!(
        "{}: {} pronunciations, {} bytes",
        out.display(),
        entries.len(),
        bytes.len()
    );
    Ok(())
}

fn train(a: TrainArgs) -> anyhow::Result<()> {
    let dict = dict_path(a.dict)?;
    let out = or_data(a.out, lts::MODEL_FILE)?;
    let config = TrainConfig {
        seed: a.seed,
        order: a.order,
        em_iterations: a.em_iterations,
        cutoffs: a.cutoffs.unwrap_or(TrainConfig::default().cutoffs),
        prune: a.prune.unwrap_or(TrainConfig::default().prune),
        variants: a.variants,
        realign_passes: a.realign_passes,
        realign_order: a.realign_order,
        realign_beam: a.realign_beam,
        realign_folds: a.realign_folds,
        maxent: MaxentConfig {
            epochs: a.maxent_epochs,
            bits: a.maxent_bits,
            rate: a.maxent_rate,
            weight: a.maxent_weight,
            features: Features {
                window: a.maxent_window.min(7),
                span: a.maxent_span.min(9),
                history: a.maxent_history.min(2),
                bag: a.maxent_bag.min(9),
                shape: a.maxent_shape.min(1),
            },
        },
        ..TrainConfig::default()
    };
    let t0 = Instant::now();
    let entries = lexicon::read_cmu_text(&dict)?;
    let (train, held) = lts::split(
        lts::lts_words(&entries),
        config.seed,
        config.held_out_percent,
    );
    outln!(
        "training on {} words, {} held out (seed {})",
        train.len(),
        held.len(),
        config.seed
    );
    let (bytes, alignments) = lts::train_with_alignments(&train, &config)?;
    if let Some(p) = &a.alignments {
        std::fs::write(p, alignments).with_context(|| format!("cannot write {}", p.display()))?;
    }
    std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    outln!(
        "{}: {} bytes in {:.1} s",
        out.display(),
        bytes.len(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

fn eval(a: EvalArgs) -> anyhow::Result<()> {
    let dict = dict_path(a.dict)?;
    let model = or_data(a.model, lts::MODEL_FILE)?;
    let t = Instant::now();
    let lex = Lexicon::load_default()?;
    let lex_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let mut lts = Lts::load(&model)?;
    let lts_ms = t.elapsed().as_secs_f64() * 1e3;
    if let Some(w) = a.maxent_weight {
        lts.set_maxent_weight(w);
    }
    if let Some(w) = a.neural_weight {
        lts.set_neural_weights(&w);
    }
    if !lts.header().contains(&format!("--seed {}", a.seed)) {
        errln!(
            "warning: {} was not trained with seed {}; held-out words may have been trained on",
            model.display(),
            a.seed
        );
    }
    let entries = lexicon::read_cmu_text(&dict)?;
    let (_, held) = lts::split(lts::lts_words(&entries), a.seed, 5);
    let t = Instant::now();
    let e: Evaluation = lts::evaluate(&lts, &held);
    let eval_s = t.elapsed().as_secs_f64();
    if a.errors {
        for w in &held {
            let guess = lts.pronounce(&w.word);
            let strip = |v: &[aloud::phonetics::phone::Phoneme]| -> Vec<_> {
                v.iter().map(|p| p.phone).collect()
            };
            if !w.prons.iter().any(|p| strip(p) == strip(&guess)) {
                let show = |v: &[aloud::phonetics::phone::Phoneme]| {
                    v.iter()
                        .map(|p| p.to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                outln!("{}\t{}\t{}", w.word, show(&guess), show(&w.prons[0]));
            }
        }
    }
    let pct = Evaluation::percent;
    let bytes = std::fs::metadata(&model).map(|m| m.len()).unwrap_or(0);
    outln!(
        "model: {} ({:.2} MB, {} graphones, n-grams by order {:?})",
        model.display(),
        bytes as f64 / 1e6,
        lts.graphone_count(),
        lts.ngram_counts()
    );
    if let Some(w) = lts.maxent_weight() {
        outln!("look-ahead classifier: weight {w}");
    }
    for w in lts.neural_weights() {
        outln!("neural letter classifier: weight {w}");
    }
    outln!(
        "held-out split: seed {}, {} words (5 % of the CMU words spelled a-z and ')",
        a.seed,
        e.words
    );
    outln!(
        "word accuracy (phones exact, stress ignored, any variant): {:.2} %",
        pct(e.correct, e.words)
    );
    outln!(
        "word accuracy against the first variant only: {:.2} %",
        pct(e.correct_first, e.words)
    );
    outln!(
        "word accuracy with stress: {:.2} % (stress right in {:.2} % of the words with right phones)",
        pct(e.correct_with_stress, e.words),
        pct(e.correct_with_stress, e.correct)
    );
    outln!("phone error rate: {:.2} %", pct(e.phone_errors, e.phones));
    outln!(
        "timing: lexicon load {lex_ms:.1} ms ({} entries), model load {lts_ms:.1} ms, \
         {:.3} ms per word",
        lex.len(),
        eval_s * 1e3 / e.words.max(1) as f64
    );
    Ok(())
}
