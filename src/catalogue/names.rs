//! The documents of a catalogue: their identity, the output name (stem) of each edition, and
//! which shard renders which.
//!
//! - A document's **identity** ([`DocumentId`]) is its path as written in the argument list or
//!   the manifest file, with `.` components and repeated slashes removed (`./a//b.md` →
//!   `a/b.md`). It names the document in messages, picks its shard and its feed GUID.
//! - Its **stem** ([`Stem`]) is the file name without extension, made safe for a web address:
//!   letters in other scripts are spelled in ASCII (deunicode), every run of characters
//!   other than ASCII letters, digits, `_` and `-` becomes one `-` (`My Talk (2).md` →
//!   `My-Talk-2`). Stems that are equal ignoring case (`a/intro.md`, `b/Intro.html`) are
//!   lengthened with their folders' names (`a-intro`, `b-Intro`), then the extension, then 8
//!   hex digits of the identity's SHA-256, until none is shared. The rule looks only at the
//!   set of identities, so the names do not depend on the order of the list, and every shard
//!   of a catalogue computes the same names.
//! - Its **shard** is the first 8 bytes of the SHA-256 of its identity, as a big-endian number,
//!   modulo the number of shards: stable when the list is reordered and when documents are added
//!   or removed (a document stays on its shard while the shard count is the same).

use super::CatalogueError;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// A document's identity: its path as written, normalized (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentId(String);

impl DocumentId {
    /// The identity of a path as written.
    pub fn new(written: &str) -> DocumentId {
        let absolute = written.starts_with('/');
        let parts: Vec<&str> = written
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        let joined = parts.join("/");
        DocumentId(if absolute {
            format!("/{joined}")
        } else {
            joined
        })
    }

    /// The identity as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SHA-256 of the identity.
    fn digest(&self) -> [u8; 32] {
        Sha256::digest(self.0.as_bytes()).into()
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name shared by an edition's files in the output folder (`<stem>.wav`,
/// `<stem>.chapters.json`…): ASCII letters, digits, `_` and `-` only.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stem(String);

impl Stem {
    /// The stem as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A stem read back from an output folder; `None` if it is not one aloud makes.
    pub fn parse(s: &str) -> Option<Stem> {
        (!s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .then(|| Stem(s.to_string()))
    }
}

impl fmt::Display for Stem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A document to render: its identity and the file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its identity.
    pub id: DocumentId,
    /// The file to read (the identity, or the manifest's folder joined with it).
    pub path: PathBuf,
}

impl Document {
    /// The documents named on the command line, in order; `-` (standard input) cannot be
    /// one of several.
    pub fn from_args(args: &[String]) -> Result<Vec<Document>, CatalogueError> {
        args.iter()
            .map(|a| {
                if a == "-" {
                    return Err(CatalogueError::StdinInCatalogue);
                }
                Ok(Document {
                    id: DocumentId::new(a),
                    path: PathBuf::from(a),
                })
            })
            .collect()
    }

    /// The documents listed in a manifest file: one path a line, relative to the manifest's
    /// folder; blank lines and lines starting with `#` are skipped.
    pub fn from_manifest(manifest: &Path) -> Result<Vec<Document>, CatalogueError> {
        let text = std::fs::read_to_string(manifest).map_err(|cause| CatalogueError::Manifest {
            path: manifest.to_path_buf(),
            cause,
        })?;
        let folder = manifest.parent().unwrap_or(Path::new(""));
        Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| Document {
                id: DocumentId::new(l),
                path: folder.join(l),
            })
            .collect())
    }
}

/// One of `count` shards, numbered from 0 (as Kubernetes' `JOB_COMPLETION_INDEX`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, `0..count`.
    pub index: u32,
    /// How many shards share the catalogue.
    pub count: u32,
}

impl Shard {
    /// Whether this shard renders the document `id` (see the module docs).
    pub fn holds(&self, id: &DocumentId) -> bool {
        let d = id.digest();
        let mut first = [0u8; 8];
        first.copy_from_slice(&d[..8]);
        u64::from_be_bytes(first) % u64::from(self.count) == u64::from(self.index)
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    /// `I/N`: shard I (from 0) of N.
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard: give I/N, with I from 0 to N-1 (e.g. 0/4)");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

/// A document and the stem of its edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The document.
    pub document: Document,
    /// Its edition's stem in the output folder.
    pub stem: Stem,
}

/// `text` made safe for a file name and a web address (see the module docs); `None` when
/// nothing is left.
fn slug(text: &str) -> Option<String> {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    (!out.is_empty()).then_some(out)
}

/// The names a document may take, shortest first.
fn candidates(id: &DocumentId) -> Vec<String> {
    let path = Path::new(id.as_str());
    let stem = path
        .file_stem()
        .and_then(|s| slug(&s.to_string_lossy()))
        .unwrap_or_else(|| "document".to_string());
    let folders: Vec<String> = path
        .parent()
        .map(|p| {
            p.components()
                .filter_map(|c| slug(&c.as_os_str().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    let mut names = vec![stem.clone()];
    for k in 1..=folders.len() {
        let mut parts = folders[folders.len() - k..].to_vec();
        parts.push(stem.clone());
        names.push(parts.join("-"));
    }
    let longest = names.last().cloned().unwrap_or_default();
    let with_ext = match path.extension().and_then(|e| slug(&e.to_string_lossy())) {
        Some(ext) => format!("{longest}-{ext}"),
        None => longest,
    };
    let hash: String = id.digest()[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    names.push(with_ext.clone());
    names.push(format!("{with_ext}-{hash}"));
    names
}

/// Gives every document a stem (see the module docs). A document listed twice (the same
/// identity) is kept once, at its first place; the order of the list is kept.
pub fn name(documents: Vec<Document>) -> Vec<Entry> {
    let mut seen = BTreeSet::new();
    let documents: Vec<Document> = documents
        .into_iter()
        .filter(|d| seen.insert(d.id.clone()))
        .collect();
    let options: Vec<Vec<String>> = documents.iter().map(|d| candidates(&d.id)).collect();
    let mut level = vec![0usize; documents.len()];
    loop {
        let name_of = |i: usize| options[i][level[i].min(options[i].len() - 1)].to_lowercase();
        let mut users: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for i in 0..documents.len() {
            users.entry(name_of(i)).or_default().push(i);
        }
        let mut changed = false;
        for shared in users.values().filter(|u| u.len() > 1) {
            for &i in shared {
                if level[i] + 1 < options[i].len() {
                    level[i] += 1;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    documents
        .into_iter()
        .enumerate()
        .map(|(i, document)| Entry {
            stem: Stem(options[i][level[i].min(options[i].len() - 1)].clone()),
            document,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(paths: &[&str]) -> Vec<String> {
        let docs =
            Document::from_args(&paths.iter().map(|p| p.to_string()).collect::<Vec<_>>()).unwrap();
        name(docs).into_iter().map(|e| e.stem.0).collect()
    }

    #[test]
    fn identities_are_paths_as_written_without_dots() {
        assert_eq!(DocumentId::new("./a//b/./c.md").as_str(), "a/b/c.md");
        assert_eq!(DocumentId::new("/srv/x.md").as_str(), "/srv/x.md");
        assert_eq!(DocumentId::new("../x.md").as_str(), "../x.md");
    }

    #[test]
    fn stems_are_web_safe_and_unique_ignoring_case() {
        assert_eq!(stems(&["talks/My Talk (2).md"]), ["My-Talk-2"]);
        assert_eq!(stems(&["Über.straße.md"]), ["Uber-strasse"]);
        assert_eq!(
            stems(&["a/intro.md", "b/Intro.html", "c/other.txt"]),
            ["a-intro", "b-Intro", "other"]
        );
        assert_eq!(
            stems(&["x/a/intro.md", "y/a/intro.md"]),
            ["x-a-intro", "y-a-intro"]
        );
        assert_eq!(stems(&["a.md", "a.html"]), ["a-md", "a-html"]);
        assert_eq!(stems(&["a.md", "./a.md"]), ["a"], "the same document once");
        assert_eq!(stems(&["+++.md"]), ["document"]);
    }

    #[test]
    fn stems_do_not_depend_on_the_order_of_the_list() {
        let a = stems(&["a/intro.md", "b/intro.md", "intro.txt", "c.md"]);
        let b = stems(&["c.md", "intro.txt", "b/intro.md", "a/intro.md"]);
        let mut a2 = a.clone();
        a2.sort();
        let mut b2 = b.clone();
        b2.sort();
        assert_eq!(a2, b2);
        let lower: BTreeSet<String> = a.iter().map(|s| s.to_lowercase()).collect();
        assert_eq!(lower.len(), a.len());
    }

    #[test]
    fn every_document_falls_in_exactly_one_shard() {
        let ids: Vec<DocumentId> = (0..200)
            .map(|i| DocumentId::new(&format!("docs/{i}.md")))
            .collect();
        let n = 7;
        let mut per_shard = vec![0; n as usize];
        for id in &ids {
            let holders: Vec<u32> = (0..n)
                .filter(|&index| Shard { index, count: n }.holds(id))
                .collect();
            assert_eq!(holders.len(), 1);
            per_shard[holders[0] as usize] += 1;
        }
        assert!(per_shard.iter().all(|&c| c > 10), "{per_shard:?}");
    }

    #[test]
    fn shards_parse_from_zero() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
        assert!("4/4".parse::<Shard>().is_err());
        assert!("1/0".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }
}
