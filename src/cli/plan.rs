//! `aloud plan`: shows how a text will be read (chapters, speakers, casting, dropped blocks).

use aloud::casting::{self, Cast, CastOverrides};
use aloud::manuscript::{self, Manuscript};
use aloud::phonetics::lexicon::Lexicon;
use aloud::phonetics::pronouncer::Pronouncer;
use aloud::pipeline;
use aloud::prosody;
use aloud::text::{self, KnownWords};
use aloud::voice::VoiceMeta;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// Options of `aloud plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The interview or article (plain text or Markdown); `-` reads standard input.
    pub input: String,
    /// Print the plan as JSON.
    #[arg(long)]
    pub json: bool,
    /// Choose voices: `LABEL=VOICE` pairs, e.g. `--cast CE=slt,SL=kal` (labels or names).
    #[arg(long, value_name = "SPEAKER=VOICE,…")]
    pub cast: Vec<String>,
    /// A TOML cast file mapping labels or names to voice, pitch (semitones) and rate.
    #[arg(long, value_name = "FILE")]
    pub cast_file: Option<PathBuf>,
    /// Print the prosody of every sentence in MBROLA `.pho` style (phone, ms, %/Hz pitch points).
    #[arg(long, conflicts_with = "json")]
    pub pho: bool,
    /// A user lexicon for `--pho` (default: `aloud-lexicon.txt` next to the input).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
}

/// Runs `aloud plan`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let text = manuscript::read_input(&args.input)?;
    let m = manuscript::parse_named(&text, file_stem(&args.input).as_deref())?;
    let overrides = overrides(args.cast_file.as_deref(), &args.cast)?;
    let voices = load_voices(&aloud::data::voices_dir()?)?;
    let cast = casting::cast(&m, &voices, &overrides)?;
    let out = if args.pho {
        let user = super::render::user_lexicon(args.lexicon.as_deref(), &args.input)?;
        plan_pho(&m, &cast, &voices, &Pronouncer::load_default(user)?)?
    } else if args.json {
        let lexicon = Lexicon::load_default()?;
        serde_json::to_string_pretty(&plan_json(&m, &cast, &lexicon))? + "\n"
    } else {
        plan_text(&m, &cast)
    };
    Ok(super::output::print(&out)?)
}

/// The input's file stem (`None` for standard input).
pub fn file_stem(input: &str) -> Option<String> {
    (input != "-")
        .then(|| {
            Path::new(input)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .flatten()
}

/// The cast file first, then each `--cast` value (two entries that set the same field of one
/// speaker are refused when casting, see [`CastError::Duplicate`](aloud::casting::CastError)).
pub fn overrides(file: Option<&Path>, flags: &[String]) -> anyhow::Result<CastOverrides> {
    let mut o = match file {
        Some(f) => CastOverrides::load(f)?,
        None => CastOverrides::default(),
    };
    for f in flags {
        o = o.then(CastOverrides::parse_flag(f)?);
    }
    Ok(o)
}

/// Every sentence's prosody as `.pho` text, under a `;` comment naming the speaker and sentence.
fn plan_pho(
    m: &Manuscript,
    cast: &Cast,
    voices: &[VoiceMeta],
    pronouncer: &Pronouncer,
) -> anyhow::Result<String> {
    let mut out = String::new();
    for chapter in &m.chapters {
        out += &format!("; chapter: {}\n", chapter.title);
        for turn in &chapter.turns {
            let profile = cast
                .profile(turn.speaker)
                .ok_or_else(|| anyhow::anyhow!("speaker #{} has no voice", turn.speaker.0))?;
            let f0 = voices
                .iter()
                .find(|v| v.id == profile.voice)
                .map(|v| v.f0_median)
                .ok_or_else(|| anyhow::anyhow!("voice `{}` is not installed", profile.voice))?;
            let prosody = profile.prosody(f0);
            let name = m.speaker(turn.speaker).map_or("", |s| s.name.as_str());
            for p in &turn.paragraphs {
                for s in pipeline::phonetize(&p.text, pronouncer) {
                    out += &format!("; {name} ({}): {}\n", profile.voice, s.sentence.written);
                    let targets = prosody::plan_sentence(&s.sentence, &s.prons, &prosody)?;
                    out += &prosody::to_pho(&targets);
                }
            }
        }
    }
    Ok(out)
}

/// The plan as JSON: title, publication, speakers, chapters with turns (text as written and the
/// normalized words), dropped blocks.
pub fn plan_json(m: &Manuscript, cast: &Cast, known: &dyn KnownWords) -> Value {
    let speakers: Vec<Value> = m
        .speakers
        .iter()
        .zip(&cast.profiles)
        .map(|(s, p)| {
            json!({
                "label": s.label,
                "name": s.name,
                "role": s.role,
                "gender": s.gender,
                "voice": p.voice,
                "pitch": p.pitch.0,
                "rate": p.rate.0,
            })
        })
        .collect();
    let label = |id: manuscript::SpeakerId| m.speaker(id).map_or("", |s| s.label.as_str());
    let chapters: Vec<Value> = m
        .chapters
        .iter()
        .map(|c| {
            let turns: Vec<Value> = c
                .turns
                .iter()
                .map(|t| {
                    let text: Vec<&str> = t.paragraphs.iter().map(|p| p.text.as_str()).collect();
                    let normalized: Vec<String> = t
                        .paragraphs
                        .iter()
                        .flat_map(|p| text::analyze(&p.text, known))
                        .flat_map(|s| s.words)
                        .map(|w| w.text)
                        .collect();
                    json!({
                        "speaker": label(t.speaker),
                        "text": text.join("\n\n"),
                        "paragraphs": t.paragraphs,
                        "words": normalized,
                    })
                })
                .collect();
            json!({ "title": c.title, "turns": turns })
        })
        .collect();
    let dropped: Vec<Value> = m
        .dropped
        .iter()
        .map(|d| json!({ "text": d.text, "reason": d.reason.to_string(), "kind": d.reason, "line": d.line }))
        .collect();
    json!({
        "title": m.title,
        "publication": m.publication,
        "speakers": speakers,
        "chapters": chapters,
        "dropped": dropped,
        "transliterated": m.transliterated,
    })
}

/// The plan as readable text.
pub fn plan_text(m: &Manuscript, cast: &Cast) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "{}", m.title);
    if let Some(p) = &m.publication {
        let _ = writeln!(out, "from {p}");
    }
    let _ = writeln!(out, "\nSpeakers (label → name → role → voice):");
    let counts = m.turn_counts();
    let lw = m
        .speakers
        .iter()
        .map(|s| s.label.chars().count())
        .max()
        .unwrap_or(0);
    let nw = m
        .speakers
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    for ((s, p), n) in m.speakers.iter().zip(&cast.profiles).zip(&counts) {
        let mut voice = p.voice.to_string();
        if p.pitch.0 != 0.0 {
            voice.push_str(&format!(" {:+.1} st", p.pitch.0));
        }
        if p.rate.0 != 1.0 {
            voice.push_str(&format!(" ×{:.2}", p.rate.0));
        }
        let _ = writeln!(
            out,
            "  {:lw$} → {:nw$} → {:8} → {voice}  ({n} turn{})",
            s.label,
            s.name,
            s.role.to_string(),
            if *n == 1 { "" } else { "s" },
        );
    }
    let _ = writeln!(out, "\nChapters:");
    for (i, c) in m.chapters.iter().enumerate() {
        let mut per: Vec<(String, usize)> = Vec::new();
        for t in &c.turns {
            let l = m
                .speaker(t.speaker)
                .map_or(String::new(), |s| s.label.clone());
            match per.iter_mut().find(|(x, _)| *x == l) {
                Some(e) => e.1 += 1,
                None => per.push((l, 1)),
            }
        }
        let who: Vec<String> = per.iter().map(|(l, n)| format!("{l} {n}")).collect();
        let _ = writeln!(
            out,
            "  {:2}. {}  ({} turn{}: {})",
            i + 1,
            c.title,
            c.turns.len(),
            if c.turns.len() == 1 { "" } else { "s" },
            who.join(", ")
        );
    }
    let _ = writeln!(out, "\nDropped ({}):", m.dropped.len());
    for d in &m.dropped {
        let mut text: String = d.text.replace('\n', " ⏎ ");
        if text.chars().count() > 70 {
            text = text.chars().take(69).collect::<String>() + "…";
        }
        let _ = writeln!(out, "  line {:4}  {}: “{}”", d.line, d.reason, text);
    }
    if !m.transliterated.is_empty() {
        let _ = writeln!(out, "\nTransliterated ({}):", m.transliterated.len());
        for t in &m.transliterated {
            let _ = writeln!(out, "  line {:4}  {} → {}", t.line, t.from, t.to);
        }
    }
    out
}

/// The bundled voices' metadata (voice.toml only; no audio is loaded).
pub fn load_voices(dir: &Path) -> anyhow::Result<Vec<VoiceMeta>> {
    let voices = aloud::voice::catalog(dir)?;
    if voices.is_empty() {
        anyhow::bail!(
            "{}: no voices found (expected <id>/voice.toml folders)",
            dir.display()
        );
    }
    Ok(voices)
}
