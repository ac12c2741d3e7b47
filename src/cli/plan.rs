//! `aloud plan`: shows how a text will be read (chapters, speakers, casting, dropped blocks).

use super::shared::VoiceArgs;
use aloud::casting::Cast;
use aloud::manuscript::{self, Manuscript};
use aloud::phonetics::{Pronouncer, UserLexicon};
use aloud::pipeline::{ChapterPlan, Input, Script};
use aloud::prosody;
use aloud::text::{self, KnownWords};
use aloud::voice::Voice;
use serde_json::{json, Value};

/// Options of `aloud plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The interview or article (plain text, Markdown or a web page); `-` reads standard input.
    pub input: String,
    /// Print the plan as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print the prosody of every sentence in MBROLA `.pho` style (phone, ms, %/Hz pitch points):
    /// the plan. Voices that choose among recordings (slt, rms) play their units' own lengths
    /// and pitch within bounds of it (see `--units` for the units).
    #[arg(long, conflicts_with = "json")]
    pub pho: bool,
    /// Print, for every sentence, the unit each diphone is read from: where it lies in the
    /// voice's audio, how many units the voice holds for it, its target cost, how it was
    /// recorded (the phones on either side, and `eh1-t` inside a word, `ax0#p` across a word
    /// boundary, `eh~t` not known), its join cost, whether it continues the previous unit's
    /// recording (no join), how bright the release of a voiceless stop, affricate or sibilant
    /// into a vowel is (and, for a /t/ in a voice whose /t/ can sound like its /tʃ/, how much
    /// duller than it needs), and over how much of its end a vowel before a pause dies away
    /// through the murmur its recording ends in.
    #[arg(long, conflicts_with_all = ["json", "pho"])]
    pub units: bool,
    #[command(flatten)]
    pub voice: VoiceArgs,
}

/// Runs `aloud plan`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let request = args
        .voice
        .request(Script::Document(Input::from_arg(&args.input)));
    let out = if args.units {
        let prepared = request.prepare()?;
        plan_units(
            prepared.manuscript(),
            &prepared.plan()?,
            &request.voices_dir()?,
        )?
    } else if args.pho {
        let prepared = request.prepare()?;
        plan_pho(prepared.manuscript(), &prepared.plan()?)
    } else {
        let m = request.manuscript()?;
        let cast = request.cast(&m, &request.catalog()?)?;
        if args.json {
            let pronouncer = Pronouncer::load_default(UserLexicon::new())?;
            let known = pronouncer.reference_words();
            serde_json::to_string_pretty(&plan_json(&m, &cast, &known))? + "\n"
        } else {
            plan_text(&m, &cast)
        }
    };
    Ok(super::output::print(&out)?)
}

/// Every sentence's prosody as `.pho` text, under a `;` comment naming the speaker and sentence.
fn plan_pho(m: &Manuscript, chapters: &[ChapterPlan]) -> String {
    let mut out = String::new();
    for chapter in chapters {
        out += &format!("; chapter: {}\n", chapter.title);
        for s in &chapter.sentences {
            let name = m.speaker(s.speaker).map_or("", |s| s.name.as_str());
            out += &format!("; {name} ({}): {}\n", s.voice, s.written);
            out += &prosody::to_pho(&s.targets);
        }
    }
    out
}

/// Every sentence's units (see [`Args::units`]), with a count of joins per sentence and in all.
fn plan_units(
    m: &Manuscript,
    chapters: &[ChapterPlan],
    voices_dir: &std::path::Path,
) -> anyhow::Result<String> {
    use std::collections::BTreeMap;
    let mut voices: BTreeMap<String, Voice> = BTreeMap::new();
    let (mut all_units, mut all_joins) = (0usize, 0usize);
    let mut out = String::new();
    for chapter in chapters {
        out += &format!("; chapter: {}\n", chapter.title);
        for s in &chapter.sentences {
            let id = s.voice.to_string();
            if !voices.contains_key(&id) {
                voices.insert(id.clone(), Voice::load(&voices_dir.join(&id))?);
            }
            let voice = &voices[&id];
            let rate = f64::from(voice.meta().sample_rate.0);
            let name = m.speaker(s.speaker).map_or("", |s| s.name.as_str());
            out += &format!("; {name} ({id}): {}\n", s.written);
            let (mut units, mut joins) = (0usize, 0usize);
            let choices = aloud::synth::explain_units(&s.targets, voice)?;
            for (k, c) in choices.iter().enumerate() {
                let Some(c) = c else { continue };
                units += 1;
                let after_unit = k > 0 && choices[k - 1].is_some();
                let cost = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{x:.2}"));
                let join = if c.continues {
                    "continues".to_string()
                } else if after_unit {
                    joins += 1;
                    format!("join {}", cost(c.join))
                } else {
                    "after a pause".to_string()
                };
                let phone =
                    |p: Option<aloud::phonetics::phone::Phone>| p.map_or("?", |p| p.as_str());
                let recorded = c.context.map_or(String::new(), |x| {
                    let d = c.unit.diphone;
                    let pair = recorded_pair(d.left, d.right, c.place);
                    format!(" ({} {pair} {})", phone(x.before), phone(x.after))
                });
                let release = c.release.map_or(String::new(), |r| {
                    let gap = c.release_gap.0;
                    let short = if gap > 0.0 {
                        format!(", {:.1} kHz duller than its /t/ needs", gap / 1000.0)
                    } else {
                        String::new()
                    };
                    format!(", release at {:.1} kHz{short}", r.0 / 1000.0)
                });
                let dies = c.dies_away.map_or(String::new(), |d| {
                    format!(", dies away over its last {:.0} ms", d.0 * 1000.0)
                });
                out += &format!(
                    "{:<8} at {:>9.3} s  {:>4} of {:<4}  target {:<4}{recorded:<20}  {join}{release}{dies}\n",
                    c.unit.diphone.to_string(),
                    c.unit.start.0 as f64 / rate,
                    1 + c.index,
                    c.candidates,
                    cost(c.target),
                );
            }
            out += &format!("; {units} units, {joins} joins\n");
            all_units += units;
            all_joins += joins;
        }
    }
    out += &format!(
        "; in all: {all_units} units, {all_joins} joins between recordings ({:.1} units per join)\n",
        all_units as f64 / all_joins.max(1) as f64
    );
    Ok(out)
}

/// A unit's phone pair as recorded: stress digits on its vowels and `#` between the two
/// phones where a word boundary lay between them, `-` where none did (`eh1-t`, `ax0#p`);
/// `~` and no digits where the place is not known.
fn recorded_pair(
    left: aloud::phonetics::phone::Phone,
    right: aloud::phonetics::phone::Phone,
    place: Option<aloud::voice::UnitPlace>,
) -> String {
    use aloud::phonetics::phone::{Phone, Phoneme};
    let Some(p) = place else {
        return format!("{left}~{right}");
    };
    let name = |phone: Phone, stress| Phoneme::new(phone, stress).to_string().to_lowercase();
    let sep = if p.word_break { '#' } else { '-' };
    format!(
        "{}{sep}{}",
        name(left, p.stress[0]),
        name(right, p.stress[1])
    )
}

/// The plan as JSON: title, publication, speakers, chapters with turns (text as written and the
/// normalized words), dropped blocks.
pub fn plan_json(m: &Manuscript, cast: &Cast, known: &dyn KnownWords) -> Value {
    let speakers: Vec<Value> = m
        .speakers
        .iter()
        .zip(&cast.profiles)
        .zip(m.said())
        .map(|((s, p), said)| {
            json!({
                "label": s.label,
                "name": s.name,
                "role": s.role,
                "gender": s.gender,
                "voice": p.voice,
                "pitch": p.pitch.0,
                "rate": p.rate.0,
                "turns": said.turns,
                "words": said.words,
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
    for ((s, p), said) in m.speakers.iter().zip(&cast.profiles).zip(m.said()) {
        let (n, words) = (said.turns, said.words);
        let mut voice = p.voice.to_string();
        if p.pitch.0 != 0.0 {
            voice.push_str(&format!(" {:+.1} st", p.pitch.0));
        }
        if p.rate.0 != 1.0 {
            voice.push_str(&format!(" ×{:.2}", p.rate.0));
        }
        let _ = writeln!(
            out,
            "  {:lw$} → {:nw$} → {:8} → {voice}  ({n} turn{}, {words} word{})",
            s.label,
            s.name,
            s.role.to_string(),
            if n == 1 { "" } else { "s" },
            if words == 1 { "" } else { "s" },
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
