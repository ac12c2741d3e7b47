//! Read-only arrays of a model file, used where they lie in its memory map when they can be.
//!
//! The letter-to-sound model is 21 MB, most of it the neural classifier's `f32` weights and
//! the look-ahead classifier's `i8` table. Copied into memory of their own, they cost every
//! render that many megabytes of fresh pages (zeroed by the kernel, then written) before the
//! first sentence. A [`Table`] instead points into the file's map wherever the processor is
//! little-endian and the array starts at a multiple of its values' size: the pages are the
//! page cache's, shared and never written. Anywhere else (a big-endian processor, an array
//! the file does not align, a model read from plain bytes) it holds a decoded copy.

use std::marker::PhantomData;
use std::ops::Deref;
use std::sync::Arc;

/// Where a model's bytes are: a memory map the tables may keep alive, or plain bytes.
#[derive(Clone, Copy)]
pub(super) struct Source<'a> {
    /// All of the file's bytes.
    pub data: &'a [u8],
    /// The map `data` is, when it is one.
    pub map: Option<&'a Arc<memmap2::Mmap>>,
}

/// An array of `T` read from a model file: borrowed from its map, or owned.
pub struct Table<T> {
    kind: Kind<T>,
}

enum Kind<T> {
    Owned(Vec<T>),
    /// `len` values at byte `start` of `map`, aligned for `T`.
    Mapped {
        map: Arc<memmap2::Mmap>,
        start: usize,
        len: usize,
        values: PhantomData<T>,
    },
}

impl<T: bytemuck::Pod> Table<T> {
    /// The `n` little-endian values at byte `start` of `source` (which holds them), read with
    /// `f` from each `N` bytes where they cannot be borrowed.
    pub(super) fn read<const N: usize>(
        source: Source<'_>,
        start: usize,
        n: usize,
        f: fn([u8; N]) -> T,
    ) -> Table<T> {
        let bytes = &source.data[start..start + n * N];
        if let Some(map) = source.map {
            let fits = cfg!(target_endian = "little")
                && std::mem::size_of::<T>() == N
                && bytemuck::try_cast_slice::<u8, T>(bytes).is_ok();
            if fits {
                return Table {
                    kind: Kind::Mapped {
                        map: Arc::clone(map),
                        start,
                        len: n,
                        values: PhantomData,
                    },
                };
            }
        }
        Table::from(super::model::from_le(bytes, f))
    }

    /// Bytes of this table that lie in a model file's map (0 for a copy).
    pub fn mapped_bytes(&self) -> usize {
        match &self.kind {
            Kind::Owned(_) => 0,
            Kind::Mapped { len, .. } => len * std::mem::size_of::<T>(),
        }
    }
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table::from(Vec::new())
    }
}

impl<T> FromIterator<T> for Table<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Table::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<T> From<Vec<T>> for Table<T> {
    fn from(v: Vec<T>) -> Self {
        Table {
            kind: Kind::Owned(v),
        }
    }
}

impl<T: bytemuck::Pod> Deref for Table<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match &self.kind {
            Kind::Owned(v) => v,
            Kind::Mapped {
                map, start, len, ..
            } => bytemuck::cast_slice(&map[*start..*start + len * std::mem::size_of::<T>()]),
        }
    }
}

impl<'a, T: bytemuck::Pod> IntoIterator for &'a Table<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: bytemuck::Pod> Clone for Table<T> {
    fn clone(&self) -> Self {
        match &self.kind {
            Kind::Owned(v) => Table::from(v.clone()),
            Kind::Mapped {
                map, start, len, ..
            } => Table {
                kind: Kind::Mapped {
                    map: Arc::clone(map),
                    start: *start,
                    len: *len,
                    values: PhantomData,
                },
            },
        }
    }
}

impl<T: bytemuck::Pod + std::fmt::Debug> std::fmt::Debug for Table<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table")
            .field("len", &self.len())
            .field("mapped", &(self.mapped_bytes() > 0))
            .finish()
    }
}

impl<T: bytemuck::Pod + PartialEq> PartialEq for Table<T> {
    fn eq(&self, other: &Self) -> bool {
        self[..] == other[..]
    }
}
