//! Report: the comparison's output types, the one contract for the CLI, the app and
//! the exporters, and the [`Summary`] built from the matches (in `report/summary.rs`).

mod summary;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::document::Document;

pub(crate) use summary::summarise;

/// How two matched statements relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MatchKind {
    /// The same words.
    Verbatim,
    /// The same sentence with some words changed.
    Edited,
    /// The same claim in other words.
    Paraphrase,
    /// One side says more than the other.
    Partial,
    /// Site chrome that stands on both sides.
    Boilerplate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConflictKind {
    Number,
    Date,
    Name,
    Negation,
}

/// One side of a conflict: a span inside one sentence (char offsets in the sentence text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FactSpan {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A fact both sides state with different values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Conflict {
    pub kind: ConflictKind,
    pub a: FactSpan,
    pub b: FactSpan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DiffOp {
    Equal,
    Delete,
    Insert,
}

/// A run of words from A's text (`delete`), B's text (`insert`) or both (`equal`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DiffSpan {
    pub op: DiffOp,
    pub text: String,
}

/// Statements the two documents share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Match {
    /// Sentence ids in `documents[0]`.
    pub a: Vec<usize>,
    /// Sentence ids in `documents[1]`.
    pub b: Vec<usize>,
    /// Match probability, 0..1.
    pub score: f32,
    pub kind: MatchKind,
    pub conflicts: Vec<Conflict>,
    pub diff: Vec<DiffSpan>,
}

/// A statement no match holds and the closest statement of the other side: a lead
/// for the reader to check, not a claim that the two say the same thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NearMiss {
    /// Sentence id in `documents[0]`.
    pub a: usize,
    /// Sentence id in `documents[1]`.
    pub b: usize,
    /// The pair's match probability, 0..1. It can be high: a pair is also left out when
    /// one of its statements is a better partner's, or is close to many (no hubs).
    pub score: f32,
}

/// Headline figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Summary {
    /// Share of A's non-boilerplate sentences that B shares.
    pub a_shared: f32,
    /// Share of B's non-boilerplate sentences that A shares.
    pub b_shared: f32,
    pub verbatim: usize,
    pub edited: usize,
    pub paraphrase: usize,
    pub partial: usize,
    pub boilerplate: usize,
    pub conflicts: usize,
    /// Names both documents mention, written in full as A writes them ("Antony Blinken").
    pub shared_names: Vec<String>,
}

/// The result of comparing two documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Comparison {
    pub documents: Vec<Document>,
    pub matches: Vec<Match>,
    /// For each statement of either side that no match holds, its closest statement on
    /// the other side when their score reaches [`crate::align::NEAR_MISS_FLOOR`];
    /// sorted by A's sentence, then B's, each pair once. Benchmarks ignore them.
    pub near_misses: Vec<NearMiss>,
    pub summary: Summary,
    /// Whether sentence embeddings were used (false: lexical features only).
    pub semantic: bool,
    pub warnings: Vec<String>,
}

/// A sentence as people refer to it: its side's letter and its number counted from 1
/// ("A1" is document A's first sentence, whose `id` is 0). The app, the terminal
/// summary and the PDF, HTML and CSV exports all use these labels; the JSON keeps
/// the 0-based `id`s, which index `sentences`.
pub fn sentence_label(side: usize, id: usize) -> String {
    format!("{}{}", if side == 0 { "A" } else { "B" }, id + 1)
}

/// The labels of several sentences of one side, space-separated: "A3 A4".
pub fn sentence_labels(side: usize, ids: &[usize]) -> String {
    ids.iter()
        .map(|&id| sentence_label(side, id))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Comparison {
    /// The ids of side `side`'s sentences (0: A, 1: B) that some match holds.
    pub fn matched(&self, side: usize) -> std::collections::HashSet<usize> {
        self.matches
            .iter()
            .flat_map(|m| if side == 0 { &m.a } else { &m.b })
            .copied()
            .collect()
    }

    /// The best near miss of sentence `id` of side `side` (0: A, 1: B): the other
    /// side's sentence it names, and its score.
    pub fn closest(&self, side: usize, id: usize) -> Option<(usize, f32)> {
        self.near_misses
            .iter()
            .filter(|n| [n.a, n.b][side] == id)
            .max_by(|x, y| x.score.total_cmp(&y.score))
            .map(|n| ([n.b, n.a][side], n.score))
    }
}
