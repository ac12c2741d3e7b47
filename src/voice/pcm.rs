//! The unit audio of a loaded voice, mapped from its file rather than copied.
//!
//! A voice recorded from running speech holds tens of megabytes of audio of which one
//! text plays a small part, so the samples are read through a read-only memory map of
//! `units.wav`: the operating system brings in the pages a render touches and shares
//! them between processes, and a render's memory grows with the units it plays, not with
//! the size of the voice. The file is checked against its checksum (XXH3-64, or SHA-256
//! for a voice written before XXH3) with ordinary reads before it is mapped (those pages
//! go to the page cache, not to the process).
//! Where a map is not possible (a big-endian machine, a data chunk at an odd offset) the
//! samples are decoded into memory instead.

use super::format::Expected;
use super::wav::{self, WavFormat};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// 16-bit samples, mapped or owned.
#[derive(Debug, Clone)]
pub(crate) enum Pcm {
    /// The data chunk of a mapped file: byte offset and sample count.
    Mapped {
        map: Arc<memmap2::Mmap>,
        offset: usize,
        len: usize,
    },
    /// Decoded samples.
    Owned(Vec<i16>),
}

impl Pcm {
    /// The samples.
    pub(crate) fn samples(&self) -> &[i16] {
        match self {
            Pcm::Mapped { map, offset, len } => {
                bytemuck::cast_slice(&map[*offset..*offset + 2 * *len])
            }
            Pcm::Owned(v) => v,
        }
    }

    /// The whole file the samples are mapped from and the byte offset of the first
    /// sample in it; `None` for decoded samples.
    pub(crate) fn file(&self) -> Option<(&[u8], usize)> {
        match self {
            Pcm::Mapped { map, offset, .. } => Some((&map[..], *offset)),
            Pcm::Owned(_) => None,
        }
    }

    /// Gives back the pages of the map this process has touched: they stay in the page
    /// cache (the next read of one maps it again, without I/O) but no longer count in the
    /// process's memory. Without this, a long render of a large voice ends up holding most
    /// of the voice file, since every read maps the 64 KiB around it. Owned samples are
    /// kept.
    pub(crate) fn release(&self) {
        #[cfg(unix)]
        if let Pcm::Mapped { map, .. } = self {
            // SAFETY: the map is a read-only shared map of a file (`Mmap::map`): dropping
            // its page-table entries changes no byte a reader sees, as the next access maps
            // the same page-cache page again (unlike an anonymous or private written map,
            // whose contents MADV_DONTNEED would reset). A failure only leaves pages mapped.
            let _ = unsafe { map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
        }
    }
}

/// Whether the file at `path`, read in blocks, has the `expected` checksum.
pub(crate) fn file_matches(path: &Path, expected: &Expected<'_>) -> std::io::Result<bool> {
    Ok(match expected {
        Expected::Xxh3(want) => {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            for_blocks(path, |b| h.update(b))?;
            format!("{:016x}", h.digest()) == *want
        }
        Expected::Sha256(want) => {
            let mut h = Sha256::new();
            for_blocks(path, |b| h.update(b))?;
            let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
            hex == *want
        }
    })
}

/// Calls `f` with the file's bytes, block by block.
fn for_blocks(path: &Path, mut f: impl FnMut(&[u8])) -> std::io::Result<()> {
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 18];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        f(&buf[..n]);
    }
}

/// Opens the 16-bit PCM WAV at `path` (already checked against its hash) as samples,
/// with its format.
pub(crate) fn open(path: &Path) -> Result<(WavFormat, Pcm), String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    // SAFETY: the map is read-only and the voice files are data that aloud only reads at
    // render time; the contents were just verified against voice.toml. Should another
    // process truncate the file while it is mapped, reads could fault, as with any mapped
    // data file (the voices are installed read-only, see `aloud data install`).
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| e.to_string())?;
    let (format, data) = wav::pcm_data(&map)?;
    let offset = data.as_ptr() as usize - map.as_ptr() as usize;
    let len = data.len() / 2;
    let mappable = cfg!(target_endian = "little")
        && bytemuck::try_cast_slice::<u8, i16>(&map[offset..offset + 2 * len]).is_ok();
    if mappable {
        Ok((
            format,
            Pcm::Mapped {
                map: Arc::new(map),
                offset,
                len,
            },
        ))
    } else {
        let (format, samples) = wav::decode(&map)?;
        Ok((format, Pcm::Owned(samples)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::format::{sha256_hex, xxh3_hex};
    use super::*;

    #[test]
    fn a_mapped_file_gives_the_samples_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("u.wav");
        let samples: Vec<i16> = (0..5000).map(|i| (i * 7 % 65536 - 32768) as i16).collect();
        wav::write(&path, 16_000, &samples).unwrap();
        let (format, pcm) = open(&path).unwrap();
        assert_eq!(format.sample_rate, 16_000);
        assert!(matches!(pcm, Pcm::Mapped { .. }) || cfg!(target_endian = "big"));
        assert_eq!(pcm.samples(), &samples[..]);
        let bytes = std::fs::read(&path).unwrap();
        let (xxh3, sha) = (xxh3_hex(&bytes), sha256_hex(&bytes));
        assert!(file_matches(&path, &Expected::Xxh3(&xxh3)).unwrap());
        assert!(file_matches(&path, &Expected::Sha256(&sha)).unwrap());
        assert!(!file_matches(&path, &Expected::Xxh3(&sha)).unwrap());
        assert!(!file_matches(&path, &Expected::Sha256(&xxh3)).unwrap());
    }

    /// Resident kilobytes of the mappings of `path` in this process (`/proc/self/smaps`).
    #[cfg(target_os = "linux")]
    fn resident_kb(path: &Path) -> u64 {
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let name = path.to_str().unwrap();
        let mut ours = false;
        let mut kb = 0;
        for line in smaps.lines() {
            let first = line.split_whitespace().next().unwrap_or("");
            if first.contains('-') && !first.ends_with(':') {
                ours = line.ends_with(name);
            } else if ours && first == "Rss:" {
                kb += line
                    .split_whitespace()
                    .nth(1)
                    .unwrap()
                    .parse::<u64>()
                    .unwrap();
            }
        }
        kb
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn released_pages_stop_counting_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("u.wav");
        let samples: Vec<i16> = (0..400_000)
            .map(|i| (i * 13 % 65536 - 32768) as i16)
            .collect();
        wav::write(&path, 16_000, &samples).unwrap();
        let (_, pcm) = open(&path).unwrap();
        let sum = |p: &Pcm| p.samples().iter().map(|&s| i64::from(s)).sum::<i64>();
        let want = sum(&pcm);
        assert!(resident_kb(&path) >= 700, "{} kB", resident_kb(&path));
        pcm.release();
        assert_eq!(resident_kb(&path), 0);
        assert_eq!(sum(&pcm), want);
        assert_eq!(pcm.samples(), &samples[..]);
        let owned = Pcm::Owned(samples.clone());
        owned.release();
        assert_eq!(owned.samples(), &samples[..]);
    }
}
