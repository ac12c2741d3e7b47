//! The voices of a folder, each read and checked the first time it is needed, or ahead of
//! that by [`VoiceLibrary::prefetch`] on a thread of its own, in the order they were given
//! (the pipeline gives them clearest first, the order casting prefers them in).

use super::{Voice, VoiceError, VoiceId};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// Voices by id, loaded lazily and at most once, safe to share between threads.
#[derive(Debug)]
pub struct VoiceLibrary {
    slots: BTreeMap<VoiceId, Slot>,
    /// The ids in the order given: the order [`VoiceLibrary::prefetch`] reads them in.
    order: Vec<VoiceId>,
}

#[derive(Debug)]
struct Slot {
    dir: PathBuf,
    /// The error is shared so every user of the voice gets it, typed.
    loaded: OnceLock<Result<Voice, Arc<VoiceError>>>,
    /// Whether [`VoiceLibrary::prefetch`] should load it.
    wanted: AtomicBool,
}

impl VoiceLibrary {
    /// The voices `ids` in `dir` (`dir/<id>`), none read yet, all wanted; prefetched in this
    /// order.
    pub fn new<I: IntoIterator<Item = VoiceId>>(dir: &Path, ids: I) -> Self {
        let mut order: Vec<VoiceId> = Vec::new();
        for id in ids {
            if !order.contains(&id) {
                order.push(id);
            }
        }
        let slots = order
            .iter()
            .cloned()
            .map(|id| {
                let slot = Slot {
                    dir: dir.join(id.as_str()),
                    loaded: OnceLock::new(),
                    wanted: AtomicBool::new(true),
                };
                (id, slot)
            })
            .collect();
        VoiceLibrary { slots, order }
    }

    /// The voice `id`, read and checked now if it was not yet (a caller that asks while
    /// another thread reads it waits for that read), opened for rendering: its audio is
    /// checked as it is read ([`Voice::open`]). `None` when the library has no such id.
    pub fn get(&self, id: &str) -> Option<Result<&Voice, Arc<VoiceError>>> {
        let slot = self.slots.get(id)?;
        let loaded = slot
            .loaded
            .get_or_init(|| Voice::open(&slot.dir).map_err(Arc::new));
        Some(loaded.as_ref().map_err(Arc::clone))
    }

    /// From now on [`prefetch`](Self::prefetch) loads only these voices.
    pub fn want_only(&self, ids: &[&str]) {
        for (id, slot) in &self.slots {
            slot.wanted
                .store(ids.contains(&id.as_str()), Ordering::Relaxed);
        }
    }

    /// Loads every wanted voice that is not loaded yet, one after the other in the order
    /// given to [`new`](Self::new); a voice [`want_only`](Self::want_only) left out by the time
    /// its turn comes is not read. Errors stay in the library and are returned by
    /// [`get`](Self::get) where the voice is used.
    pub fn prefetch(&self) {
        for id in &self.order {
            if self.slots[id].wanted.load(Ordering::Relaxed) {
                let _ = self.get(id.as_str());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_voice_is_read_once_and_errors_are_kept() {
        let dir = crate::data::voices_dir().unwrap();
        let lib = VoiceLibrary::new(&dir, [VoiceId::new("kal"), VoiceId::new("nope")]);
        assert!(lib.get("other").is_none());
        let a = lib.get("kal").unwrap().unwrap() as *const Voice;
        let b = lib.get("kal").unwrap().unwrap() as *const Voice;
        assert_eq!(a, b);
        lib.want_only(&["kal"]);
        lib.prefetch(); // skips "nope"
        let e = lib.get("nope").unwrap().unwrap_err().to_string();
        assert!(e.contains("nope"), "{e}");
    }

    #[test]
    fn prefetch_reads_the_wanted_voices_in_the_order_given() {
        let dir = crate::data::voices_dir().unwrap();
        let ids = ["ked", "kal"].map(VoiceId::new);
        let lib = VoiceLibrary::new(&dir, ids.clone());
        assert_eq!(lib.order, ids);
        lib.want_only(&["ked"]);
        lib.prefetch();
        let loaded = |id: &str| lib.slots[&VoiceId::new(id)].loaded.get().is_some();
        assert!(loaded("ked"));
        assert!(!loaded("kal"), "a voice not wanted is not read");
    }
}
