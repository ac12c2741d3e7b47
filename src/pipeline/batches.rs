//! How a chapter's sentences are grouped into batches (synthesized together, then levelled,
//! resampled and written) and a batch into pieces of one turn each.
//!
//! A batch is what is in flight at once, so it bounds the memory of a render: it ends at a
//! paragraph end once it holds [`BATCH_SENTENCES`] sentences, and at any sentence end once it
//! holds [`BATCH_WORDS`] spoken words, however long the paragraph or the turn.

use std::ops::Range;

/// Where a sentence sits in its chapter and how many words it speaks: all batching needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Place {
    /// Turn index in the chapter.
    pub turn: usize,
    /// Paragraph index in the turn.
    pub paragraph: usize,
    /// Spoken words.
    pub words: usize,
}

/// Sentences after which a batch ends at the next paragraph end (about a minute and a half of
/// speech).
pub(super) const BATCH_SENTENCES: usize = 24;

/// Spoken words after which a batch ends at the next sentence end, paragraph end or not
/// (about two and a half minutes of speech): the bound on audio in flight for a paragraph of
/// any length. A sentence holds at most [`crate::text::phrasing::MAX_SENTENCE_WORDS`] words.
pub(super) const BATCH_WORDS: usize = 400;

/// Splits a chapter's sentences into consecutive batches: each ends where a paragraph ends
/// once it holds [`BATCH_SENTENCES`] sentences, or where a sentence ends once it holds
/// [`BATCH_WORDS`] words. A chapter without sentences gets one empty batch (for its mark).
pub(super) fn batches(places: &[Place]) -> Vec<Range<usize>> {
    if places.is_empty() {
        return std::iter::once(0..0).collect();
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut words = 0;
    for i in 1..=places.len() {
        words += places[i - 1].words;
        let last = i == places.len();
        let paragraph_ends = last
            || (places[i].turn, places[i].paragraph)
                != (places[i - 1].turn, places[i - 1].paragraph);
        if last || (paragraph_ends && i - start >= BATCH_SENTENCES) || words >= BATCH_WORDS {
            out.push(start..i);
            start = i;
            words = 0;
        }
    }
    out
}

/// Splits a batch into pieces of one turn each (`turns` holds each sentence's turn): a whole
/// turn, or the part of a long turn that falls in this batch. Each piece is levelled and
/// resampled on its own.
pub(super) fn pieces(turns: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=turns.len() {
        if i == turns.len() || turns[i] != turns[i - 1] {
            out.push(start..i);
            start = i;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn place(turn: usize, paragraph: usize, words: usize) -> Place {
        Place {
            turn,
            paragraph,
            words,
        }
    }

    proptest! {
        /// Batches cover the chapter in order, each ends at a paragraph end or holds at most
        /// BATCH_WORDS plus one sentence's words, whatever the layout.
        #[test]
        fn batches_cover_in_order_and_stay_bounded(
            layout in proptest::collection::vec((0usize..3, 0usize..3, 1usize..=100), 1..400)
        ) {
            // Build a layout of non-decreasing (turn, paragraph) from the steps drawn.
            let mut places = Vec::new();
            let (mut turn, mut paragraph) = (0, 0);
            for (t, p, words) in layout {
                if t == 0 { turn += 1; paragraph = 0; } else if p == 0 { paragraph += 1; }
                places.push(place(turn, paragraph, words));
            }
            let b = batches(&places);
            prop_assert_eq!(b.first().unwrap().start, 0);
            prop_assert_eq!(b.last().unwrap().end, places.len());
            for w in b.windows(2) {
                prop_assert_eq!(w[0].end, w[1].start);
            }
            for r in &b {
                prop_assert!(!r.is_empty());
                let words: usize = places[r.clone()].iter().map(|p| p.words).sum();
                prop_assert!(words < BATCH_WORDS + 100, "{} words", words);
            }
        }
    }

    #[test]
    fn one_endless_paragraph_is_cut_at_sentence_ends() {
        let places = vec![place(0, 0, 20); 1000];
        let b = batches(&places);
        assert_eq!(b.len(), 1000 * 20 / BATCH_WORDS);
        assert!(b.iter().all(|r| r.len() == BATCH_WORDS / 20));
    }

    #[test]
    fn short_paragraphs_end_batches_at_paragraph_ends() {
        // 40 paragraphs of 3 short sentences: batches end at the first paragraph end past 24.
        let places: Vec<Place> = (0..120).map(|i| place(0, i / 3, 5)).collect();
        assert_eq!(
            batches(&places),
            vec![0..24, 24..48, 48..72, 72..96, 96..120]
        );
        assert_eq!(batches(&[]), vec![0..0]);
    }

    #[test]
    fn pieces_follow_turns() {
        assert_eq!(pieces(&[0, 0, 1, 2, 2]), vec![0..2, 2..3, 3..5]);
        assert_eq!(pieces(&[]), Vec::<Range<usize>>::new());
    }
}
