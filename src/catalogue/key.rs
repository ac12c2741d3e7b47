//! What an edition is made from, as one SHA-256 ([`EditionKey`]): an edition whose key has not
//! changed is up to date.
//!
//! The key covers everything that changes the output bytes:
//! - the program: aloud's version and the SHA-256 of the running executable (a new build
//!   renders again, whatever its version number says);
//! - the data: every file the render reads from the data folder (each voice's `voice.toml`,
//!   `units.wav`, `units.idx` and `units.feat`, `voices/measured.toml`, the compiled dictionary, the
//!   letter-to-sound model and the word lists), by name and content ([`Engine`]);
//! - the document: its name (a text without a title is titled from it) and its bytes, the user
//!   lexicon (given, or `aloud-lexicon.txt` beside it) and the cast file, by content;
//! - the options: `--cast`, `--rate`, sample rate, channels, synthesis style, the audio format
//!   (`--format`, `--bit-rate`)
//!   and whether the edition has its player page (`--no-player`): all of [`RenderOptions`](crate::pipeline::RenderOptions).

use super::CatalogueError;
use crate::pipeline::{Input, Request, Script};
use sha2::{Digest, Sha256};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A SHA-256, shown as 64 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sha256Hex([u8; 32]);

impl fmt::Display for Sha256Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl std::str::FromStr for Sha256Hex {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        if s.len() != 64 {
            return Err(());
        }
        let mut out = [0u8; 32];
        for (i, b) in out.iter_mut().enumerate() {
            *b = u8::from_str_radix(s.get(2 * i..2 * i + 2).ok_or(())?, 16).map_err(|_| ())?;
        }
        Ok(Sha256Hex(out))
    }
}

impl serde::Serialize for Sha256Hex {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Sha256Hex {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|()| serde::de::Error::custom("not a SHA-256 (64 hex digits)"))
    }
}

/// The SHA-256 of a file's content and its length, read in pieces.
pub fn hash_file(path: &Path) -> Result<(Sha256Hex, u64), CatalogueError> {
    let io = |cause| CatalogueError::Read {
        path: path.to_path_buf(),
        cause,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut len = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        len += n as u64;
    }
    Ok((Sha256Hex(hasher.finalize().into()), len))
}

/// The program and data every edition of a run is made with (computed once per run).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Engine(Sha256Hex);

impl Engine {
    /// Hashes aloud's version, the running executable and the data files the render reads
    /// from `voices` and `lexicon` folders.
    pub fn fingerprint(voices: &Path, lexicon: &Path) -> Result<Engine, CatalogueError> {
        let mut h = Sha256::new();
        h.update(concat!("aloud ", env!("CARGO_PKG_VERSION"), "\n"));
        let exe = std::env::current_exe().map_err(|cause| CatalogueError::Read {
            path: PathBuf::from("<the aloud executable>"),
            cause,
        })?;
        for (label, path) in
            std::iter::once(("program".to_string(), exe)).chain(data_files(voices, lexicon)?)
        {
            let (digest, len) = hash_file(&path)?;
            h.update(format!("{label} {len} {digest}\n"));
        }
        Ok(Engine(Sha256Hex(h.finalize().into())))
    }
}

/// (label, path) of every data file a render reads, in a fixed order.
fn data_files(voices: &Path, lexicon: &Path) -> Result<Vec<(String, PathBuf)>, CatalogueError> {
    use crate::phonetics::{lexicon as lex, lts};
    use crate::voice::features::FEATURES_FILE;
    use crate::voice::{measured::MEASURED_FILE, AUDIO_FILE, INDEX_FILE, META_FILE};
    let mut files = Vec::new();
    for name in [lex::COMPILED_FILE, lts::MODEL_FILE]
        .into_iter()
        .chain(crate::data::WORD_LISTS)
    {
        files.push((format!("lexicon/{name}"), lexicon.join(name)));
    }
    let measured = voices.join(MEASURED_FILE);
    if measured.is_file() {
        files.push((format!("voices/{MEASURED_FILE}"), measured));
    }
    let mut ids: Vec<String> = std::fs::read_dir(voices)
        .map_err(|cause| CatalogueError::Read {
            path: voices.to_path_buf(),
            cause,
        })?
        .flatten()
        .filter(|e| e.path().join(META_FILE).is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    for id in ids {
        for name in [META_FILE, AUDIO_FILE, INDEX_FILE, FEATURES_FILE] {
            let path = voices.join(&id).join(name);
            if path.is_file() {
                files.push((format!("voices/{id}/{name}"), path));
            }
        }
    }
    Ok(files)
}

/// What one edition is made from (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct EditionKey(Sha256Hex);

impl fmt::Display for EditionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl EditionKey {
    /// The key of rendering `request` (a document) with `engine` into an edition with the
    /// audio extension `audio_ext`.
    pub fn of(
        engine: Engine,
        request: &Request,
        audio_ext: &str,
    ) -> Result<EditionKey, CatalogueError> {
        let mut h = Sha256::new();
        h.update(format!("aloud edition key 1\nengine {}\n", engine.0));
        h.update(format!(
            "audio {audio_ext}\noptions {:?}\n",
            request.options
        ));
        h.update(format!(
            "cast {:?}\nrate {}\n",
            request.casting.flags, request.casting.rate.0
        ));
        if let Script::Document(input @ Input::File(_)) = &request.script {
            h.update(format!("name {:?}\n", input.stem()));
        }
        // The files read, by role and content: a file that is not there is a fact too (a
        // lexicon put beside the document later changes the key).
        let user_lexicon = request.lexicon.clone().or_else(|| match &request.script {
            Script::Document(Input::File(p)) => Some(
                p.parent()
                    .unwrap_or(Path::new(""))
                    .join(crate::pipeline::LEXICON_BESIDE_INPUT),
            ),
            _ => None,
        });
        let document = match &request.script {
            Script::Document(Input::File(p)) => Some(p.clone()),
            _ => None,
        };
        for (role, path) in [
            ("document", document),
            ("lexicon", user_lexicon),
            ("cast file", request.casting.file.clone()),
        ] {
            match path.filter(|p| p.is_file()) {
                Some(p) => {
                    let (digest, len) = hash_file(&p)?;
                    h.update(format!("{role} {len} {digest}\n"));
                }
                None => h.update(format!("{role} none\n")),
            }
        }
        Ok(EditionKey(Sha256Hex(h.finalize().into())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_hex_round_trips() {
        let (d, len) = {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("x");
            std::fs::write(&p, "abc").unwrap();
            hash_file(&p).unwrap()
        };
        assert_eq!(len, 3);
        assert_eq!(
            d.to_string(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(d.to_string().parse::<Sha256Hex>(), Ok(d));
        assert!("xyz".parse::<Sha256Hex>().is_err());
    }
}
