//! `aloud pronounce`: the phones of words and where each pronunciation came from.

use aloud::phonetics::pronouncer::Pronouncer;
use aloud::phonetics::{PronSource, UserLexicon};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Options of `aloud pronounce`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words or text to pronounce.
    #[arg(required = true)]
    words: Vec<String>,
    /// Print JSON: [{"word", "phones", "source"}].
    #[arg(long)]
    json: bool,
    /// A user lexicon (`WORD  PH ON EMES` or `Word = res PEL ling` lines), used first.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
}

#[derive(Serialize)]
struct Row {
    word: String,
    phones: String,
    source: PronSource,
}

use aloud::phonetics::phone::arpabet as phones;

/// Runs `aloud pronounce`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let user = match &args.lexicon {
        Some(path) => UserLexicon::load(path)?,
        None => UserLexicon::new(),
    };
    let pronouncer = Pronouncer::load_default(user)?;
    let (text, _) = aloud::manuscript::speakable(&args.words.join(" "), "the words")?;
    let rows: Vec<Row> = aloud::text::analyze(&text, &pronouncer)
        .into_iter()
        .flat_map(|s| {
            let prons = pronouncer.pronounce_sentence(&s.words);
            s.words.into_iter().zip(prons).map(|(w, p)| Row {
                word: w.text,
                phones: phones(&p.phonemes),
                source: p.source,
            })
        })
        .collect();
    let out = if args.json {
        serde_json::to_string_pretty(&rows)? + "\n"
    } else {
        let width = rows
            .iter()
            .map(|r| r.word.chars().count())
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for r in &rows {
            let source = serde_json::to_value(r.source)?;
            let _ = writeln!(
                out,
                "{:<width$}  {:<9}  {}",
                r.word,
                source.as_str().unwrap_or(""),
                r.phones
            );
        }
        out
    };
    Ok(super::output::print(&out)?)
}
