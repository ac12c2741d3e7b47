//! The front end of a whole text at once: every paragraph's sentences and normalized words
//! (paragraphs in parallel), then each distinct word pronounced once (words in parallel).
//!
//! A word's pronunciation depends only on its spoken form and kind, so a name read forty
//! times ("Almagro") goes through letter-to-sound once. Results are put back in reading
//! order, so they do not depend on the number of threads; then each sentence's homographs
//! are given the reading of their role ("how do you read", "I have read").

use super::PhonSentence;
use crate::manuscript::Manuscript;
use crate::phonetics::{Pronouncer, Pronunciation};
use crate::text::{self, Sentence, WordKind};
use rayon::prelude::*;
use std::collections::HashMap;

/// The sentences of each paragraph of `paragraphs`, in order, with one pronunciation per
/// word; sentences without words are left out (as [`super::phonetize`] does).
pub fn phonetize_all(paragraphs: &[&str], pronouncer: &Pronouncer) -> Vec<Vec<PhonSentence>> {
    // aloud's lexicons (technical names, CMU) decide whether an all-caps token is a word
    // (ALBA, JSON) or spelled (OAS).
    let reference = pronouncer.reference_words();
    let analyzed: Vec<Vec<Sentence>> = paragraphs
        .par_iter()
        .map(|p| {
            text::analyze(p, &reference)
                .into_iter()
                .filter(|s| !s.words.is_empty())
                .collect()
        })
        .collect();
    // Each distinct (spoken form, kind) once, numbered in order of first appearance.
    let mut index: HashMap<(&str, WordKind), usize> = HashMap::new();
    let mut distinct = Vec::new();
    let ids: Vec<Vec<Vec<usize>>> = analyzed
        .iter()
        .map(|sentences| {
            sentences
                .iter()
                .map(|s| {
                    s.words
                        .iter()
                        .map(|w| {
                            *index.entry((w.text.as_str(), w.kind)).or_insert_with(|| {
                                distinct.push(w);
                                distinct.len() - 1
                            })
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let prons: Vec<Pronunciation> = distinct
        .par_iter()
        .map(|w| pronouncer.pronounce(w))
        .collect();
    analyzed
        .into_iter()
        .zip(ids)
        .map(|(sentences, ids)| {
            sentences
                .into_iter()
                .zip(ids)
                .map(|(sentence, ids)| {
                    let mut sentence_prons: Vec<Pronunciation> =
                        ids.iter().map(|&i| prons[i].clone()).collect();
                    pronouncer.in_context(&sentence.words, &mut sentence_prons);
                    PhonSentence {
                        sentence,
                        prons: sentence_prons,
                    }
                })
                .collect()
        })
        .collect()
}

/// Every paragraph of `m`, chapter by chapter and turn by turn, phonetized together:
/// `result[chapter][turn][paragraph]` holds that paragraph's sentences.
pub(super) fn phonetize_manuscript(
    m: &Manuscript,
    pronouncer: &Pronouncer,
) -> Vec<Vec<Vec<Vec<PhonSentence>>>> {
    let paragraphs: Vec<&str> = m
        .chapters
        .iter()
        .flat_map(|c| &c.turns)
        .flat_map(|t| &t.paragraphs)
        .map(|p| p.text.as_str())
        .collect();
    let mut done = phonetize_all(&paragraphs, pronouncer).into_iter();
    m.chapters
        .iter()
        .map(|c| {
            c.turns
                .iter()
                .map(|t| done.by_ref().take(t.paragraphs.len()).collect())
                .collect()
        })
        .collect()
}
