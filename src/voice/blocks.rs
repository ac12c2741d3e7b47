//! Checking the unit audio block by block, as a render reads it.
//!
//! A voice recorded from running speech holds tens of megabytes of audio of which one text
//! plays a few per cent, yet a whole-file checksum reads all of it at every load (for the
//! four bundled voices, 90 MB hashed before the first sentence). So `units.wav` also has
//! the XXH3-64 of each [`BLOCK_BYTES`]-byte block of the file in `units.blocks`
//! ([`BLOCKS_FILE`]), itself covered by `voice.toml`'s checksums; a voice opened for
//! rendering ([`super::Voice::open`]) checks the blocks under a unit the first time the
//! synthesizer is about to read it, and remembers which blocks it has checked. Every byte a
//! render plays has been checked; a damaged block that no sentence reads does not stop the
//! render (it cannot change the output), while [`super::Voice::load`] still checks the whole
//! file.
//!
//! `units.blocks` format: the 8 bytes `aloudblk`, the block size as a little-endian `u32`,
//! the number of blocks as a little-endian `u32`, then each block's XXH3-64 as a
//! little-endian `u64` (the last block may be shorter than the others).

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

/// File name of the block checksums in a voice folder.
pub const BLOCKS_FILE: &str = "units.blocks";
/// Bytes per checked block: one memory page, so a check reads about what the synthesizer
/// would bring in anyway.
pub const BLOCK_BYTES: usize = 4096;
const MAGIC: &[u8; 8] = b"aloudblk";
const HEADER: usize = 16;

/// XXH3-64 of each `block`-byte block of `bytes`.
fn sums(bytes: &[u8], block: usize) -> Vec<u64> {
    bytes
        .chunks(block)
        .map(xxhash_rust::xxh3::xxh3_64)
        .collect()
}

/// The `units.blocks` file for the audio file `bytes`.
pub(crate) fn encode(bytes: &[u8]) -> Vec<u8> {
    let sums = sums(bytes, BLOCK_BYTES);
    let mut out = Vec::with_capacity(HEADER + 8 * sums.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(BLOCK_BYTES as u32).to_le_bytes());
    out.extend_from_slice(&(sums.len() as u32).to_le_bytes());
    for s in sums {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

/// The block checks of an audio file of `file_len` bytes, none done yet, from its
/// `units.blocks` bytes; the error says what is wrong with them.
pub(crate) fn decode(data: &[u8], file_len: usize) -> Result<BlockCheck, String> {
    if data.len() < HEADER || &data[..8] != MAGIC {
        return Err("not an aloud block checksum file".into());
    }
    let word = |at: usize| u32::from_le_bytes(data[at..at + 4].try_into().expect("4 bytes"));
    let (block, count) = (word(8) as usize, word(12) as usize);
    if block == 0 || block % 2 != 0 {
        return Err(format!("block size {block} is not a positive even number"));
    }
    if count != file_len.div_ceil(block) {
        return Err(format!(
            "{count} blocks of {block} bytes do not cover the {file_len}-byte audio file"
        ));
    }
    if data.len() != HEADER + 8 * count {
        return Err(format!(
            "{} bytes, expected {} for {count} blocks",
            data.len(),
            HEADER + 8 * count
        ));
    }
    let sums = data[HEADER..]
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect();
    Ok(BlockCheck {
        sums,
        block,
        done: (0..count.div_ceil(64)).map(|_| AtomicU64::new(0)).collect(),
    })
}

/// The block checksums of one audio file and which blocks have been checked; shared by
/// the threads of a render (a block checked by two at once is only hashed twice).
#[derive(Debug)]
pub(crate) struct BlockCheck {
    sums: Vec<u64>,
    block: usize,
    done: Vec<AtomicU64>,
}

impl BlockCheck {
    /// Checks every block of `file` (the audio file's bytes) that holds a byte of `bytes`
    /// and was not checked before. Returns the byte range of the first damaged block.
    pub(crate) fn verify(&self, file: &[u8], bytes: Range<usize>) -> Result<(), Range<usize>> {
        let end = bytes.end.min(file.len());
        if bytes.start >= end {
            return Ok(());
        }
        for b in bytes.start / self.block..=(end - 1) / self.block {
            let (word, bit) = (&self.done[b / 64], 1u64 << (b % 64));
            if word.load(Ordering::Acquire) & bit != 0 {
                continue;
            }
            let range = b * self.block..((b + 1) * self.block).min(file.len());
            if xxhash_rust::xxh3::xxh3_64(&file[range.clone()]) != self.sums[b] {
                return Err(range);
            }
            word.fetch_or(bit, Ordering::Release);
        }
        Ok(())
    }

    /// How many blocks have been checked so far.
    #[cfg(test)]
    pub(crate) fn checked(&self) -> u32 {
        self.done
            .iter()
            .map(|w| w.load(Ordering::Relaxed).count_ones())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 31 % 251) as u8).collect()
    }

    #[test]
    fn blocks_round_trip_and_check_only_what_is_read() {
        let bytes = file(3 * BLOCK_BYTES + 100);
        let check = decode(&encode(&bytes), bytes.len()).unwrap();
        assert_eq!(check.sums.len(), 4);
        check.verify(&bytes, 10..20).unwrap();
        assert_eq!(check.checked(), 1);
        check
            .verify(&bytes, BLOCK_BYTES - 1..2 * BLOCK_BYTES + 1)
            .unwrap();
        assert_eq!(check.checked(), 3);
        check.verify(&bytes, 0..usize::MAX).unwrap();
        assert_eq!(check.checked(), 4);
        check.verify(&bytes, 5..5).unwrap();
    }

    #[test]
    fn a_damaged_block_is_found_when_read_and_only_then() {
        let good = file(5 * BLOCK_BYTES);
        let blocks = encode(&good);
        let mut bad = good.clone();
        bad[2 * BLOCK_BYTES + 7] ^= 1;
        let check = decode(&blocks, bad.len()).unwrap();
        check.verify(&bad, 0..2 * BLOCK_BYTES).unwrap();
        check
            .verify(&bad, 3 * BLOCK_BYTES..5 * BLOCK_BYTES)
            .unwrap();
        assert_eq!(
            check.verify(&bad, 100..2 * BLOCK_BYTES + 8),
            Err(2 * BLOCK_BYTES..3 * BLOCK_BYTES)
        );
        // still unchecked: found again
        assert!(check
            .verify(&bad, 2 * BLOCK_BYTES..2 * BLOCK_BYTES + 1)
            .is_err());
    }

    #[test]
    fn wrong_block_files_are_refused() {
        let bytes = file(2 * BLOCK_BYTES);
        let blocks = encode(&bytes);
        assert!(decode(&blocks, bytes.len() + BLOCK_BYTES).is_err());
        assert!(decode(&blocks[..blocks.len() - 1], bytes.len()).is_err());
        assert!(decode(b"aloudblx", bytes.len()).is_err());
        let mut odd = blocks.clone();
        odd[8..12].copy_from_slice(&3u32.to_le_bytes());
        assert!(decode(&odd, bytes.len()).is_err());
        assert!(decode(&encode(&[]), 0).unwrap().sums.is_empty());
    }
}
