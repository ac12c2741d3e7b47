//! Markdown front matter: YAML (`---`) or TOML (`+++`) metadata before the text, read for its
//! title, author and publication, and dropped from what is read.

use super::lines::Doc;
use super::{clean, DropReason, Dropped};

/// Reads YAML (`---`) or TOML (`+++`) front matter; returns the first line after it.
pub(crate) fn front_matter(lines: &[&str], doc: &mut Doc) -> usize {
    let Some(first) = lines.first().map(|l| l.trim()) else {
        return 0;
    };
    if first != "---" && first != "+++" {
        return 0;
    }
    let end = lines
        .iter()
        .enumerate()
        .skip(1)
        .take(80)
        .find(|(_, l)| matches!(l.trim(), "---" | "+++" | "..."));
    let Some((end, _)) = end else {
        return 0;
    };
    let body = lines[1..end].join("\n");
    let fields = if first == "---" {
        yaml_fields(&body)
    } else {
        toml_fields(&body)
    };
    for (k, v) in fields.unwrap_or_else(|| plain_fields(&lines[1..end])) {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        match k.trim().to_lowercase().as_str() {
            "title" => doc.front.title = Some(clean::inline(v)),
            "author" | "authors" => {
                doc.front
                    .author
                    .get_or_insert_with(|| without_affiliation(&clean::inline(v)));
            }
            "publication" | "site" | "source" | "publisher" => {
                doc.front
                    .publication
                    .get_or_insert_with(|| clean::inline(v));
            }
            "date" | "published" | "pubdate" | "publishdate" | "publish_date"
            | "date_published" | "datepublished"
                if doc.front.published.is_none() =>
            {
                doc.front.published = super::Published::find(v);
            }
            _ => {}
        }
    }
    doc.dropped.push(Dropped {
        text: lines[..=end].join("\n"),
        reason: DropReason::FrontMatter,
        line: 1,
    });
    end + 1
}

/// The top-level text values of YAML front matter (a list of names is joined with "and"):
/// quoted, escaped, folded and block values read as YAML reads them. None when it is not
/// YAML.
fn yaml_fields(body: &str) -> Option<Vec<(String, String)>> {
    use yaml_rust2::{Yaml, YamlLoader};
    let docs = YamlLoader::load_from_str(body).ok()?;
    let Some(Yaml::Hash(map)) = docs.into_iter().next() else {
        return None;
    };
    let text = |v: &Yaml| match v {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Real(r) => Some(r.clone()),
        _ => None,
    };
    let fields = map
        .iter()
        .filter_map(|(k, v)| {
            let key = k.as_str()?.to_string();
            let value = match v {
                Yaml::Array(items) => {
                    let names: Vec<String> = items.iter().filter_map(text).collect();
                    (!names.is_empty()).then(|| names.join(" and "))?
                }
                v => text(v)?,
            };
            Some((key, value))
        })
        .collect();
    Some(fields)
}

/// The top-level text values of TOML front matter; None when it is not TOML.
fn toml_fields(body: &str) -> Option<Vec<(String, String)>> {
    let table: toml::Table = body.parse().ok()?;
    let fields = table
        .into_iter()
        .filter_map(|(k, v)| match v {
            toml::Value::String(s) => Some((k, s)),
            toml::Value::Datetime(d) => Some((k, d.to_string())),
            toml::Value::Array(items) => {
                let names: Vec<&str> = items.iter().filter_map(|i| i.as_str()).collect();
                (!names.is_empty()).then(|| (k, names.join(" and ")))
            }
            _ => None,
        })
        .collect();
    Some(fields)
}

/// `key: value` lines, for front matter that is neither valid YAML nor valid TOML.
fn plain_fields(lines: &[&str]) -> Vec<(String, String)> {
    lines
        .iter()
        .filter_map(|l| l.split_once(':').or_else(|| l.split_once('=')))
        .map(|(k, v)| {
            (
                k.to_string(),
                v.trim().trim_matches(['"', '\'']).to_string(),
            )
        })
        .collect()
}

/// "Frederico Muñoz (SAS Institute)" → "Frederico Muñoz": the author without the employer.
fn without_affiliation(author: &str) -> String {
    match author
        .trim()
        .strip_suffix(')')
        .and_then(|a| a.rfind(" (").map(|i| &a[..i]))
    {
        Some(name) if !name.trim().is_empty() => name.trim().to_string(),
        _ => author.trim().to_string(),
    }
}
