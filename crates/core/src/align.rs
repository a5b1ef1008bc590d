//! Align: score every sentence pair, then choose the matches.
//!
//! The score combines evidence rather than trusting one cosine: embedding cosine,
//! IDF-weighted stem overlap, shared names and numbers, and how clearly a pair stands
//! out from its row and column (a sentence that is close to everything is a hub, not a
//! match). Matching is order-free, 1:1 by default, and extends to 1:2 when one
//! sentence's content is spread over two adjacent sentences of the other.

use crate::document::Document;
use crate::represent::{fact_overlap, FactKind, Idf, SentenceFeatures};

/// Pairs scoring at least this are matched: near the pair-level F1 optimum on the
/// development data (the gold links are sparse, so calibrated probabilities are low).
pub const MATCH_THRESHOLD: f32 = 0.1;
/// An adjacent sentence joins an existing match at this score.
const EXTEND_THRESHOLD: f32 = 0.07;

/// The pair features, in the order of the weight arrays: embedding cosine, IDF-weighted
/// stem overlap, name overlap, number overlap, and the cosine's margin over the best
/// other candidate in its row or column.
pub const FEATURES: [&str; 5] = ["cosine", "lexical", "names", "numbers", "margin"];

/// Logistic-regression weights (bias first, then one per feature), fitted on the
/// development data by `scripts/fit_weights.py`.
const SEMANTIC_WEIGHTS: [f32; 6] = [-6.865, 5.984, 2.133, -0.635, 0.196, 0.997];
/// Weights for lexical features alone, used when the model is missing.
const LEXICAL_WEIGHTS: [f32; 6] = [-5.0, 0.0, 9.0, 1.5, 0.8, 0.0];

/// Feature vectors of every pair: `features[i][j]` for A's sentence i and B's sentence j.
pub fn feature_matrix(
    a: &[SentenceFeatures],
    b: &[SentenceFeatures],
    idf: &Idf,
) -> Vec<Vec<[f32; 5]>> {
    let cos: Vec<Vec<f32>> = a
        .iter()
        .map(|x| {
            b.iter()
                .map(|y| {
                    x.embedding
                        .as_ref()
                        .zip(y.embedding.as_ref())
                        .map_or(0.0, |(p, q)| dot(p, q))
                })
                .collect()
        })
        .collect();
    let row_best: Vec<f32> = cos
        .iter()
        .map(|r| r.iter().copied().fold(f32::MIN, f32::max))
        .collect();
    let col_best: Vec<f32> = (0..b.len())
        .map(|j| cos.iter().map(|r| r[j]).fold(f32::MIN, f32::max))
        .collect();
    a.iter()
        .enumerate()
        .map(|(i, x)| {
            b.iter()
                .enumerate()
                .map(|(j, y)| {
                    let c = cos[i][j];
                    [
                        c,
                        idf.overlap(&x.stems, &y.stems),
                        fact_overlap(&x.facts, &y.facts, FactKind::Name).unwrap_or(0.0),
                        fact_overlap(&x.facts, &y.facts, FactKind::Number).unwrap_or(0.0),
                        c - row_best[i].max(col_best[j]),
                    ]
                })
                .collect()
        })
        .collect()
}

/// The match probability of every pair.
pub fn score_matrix(features: &[Vec<[f32; 5]>], semantic: bool) -> Vec<Vec<f32>> {
    let w = if semantic {
        &SEMANTIC_WEIGHTS
    } else {
        &LEXICAL_WEIGHTS
    };
    features
        .iter()
        .map(|row| {
            row.iter()
                .map(|f| {
                    let z = w[0] + f.iter().zip(&w[1..]).map(|(x, w)| x * w).sum::<f32>();
                    1.0 / (1.0 + (-z).exp())
                })
                .collect()
        })
        .collect()
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A chosen group of sentences: A's ids, B's ids, and the group's score.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub a: Vec<usize>,
    pub b: Vec<usize>,
    pub score: f32,
}

/// Chooses matches from the score matrix. Boilerplate only matches boilerplate with
/// the same text.
pub fn choose(scores: &[Vec<f32>], a: &Document, b: &Document) -> Vec<Group> {
    let allowed = |i: usize, j: usize| {
        let (x, y) = (&a.sentences[i], &b.sentences[j]);
        match (x.boilerplate, y.boilerplate) {
            (false, false) => true,
            (true, true) => normalise(&x.text) == normalise(&y.text),
            _ => false,
        }
    };
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for (i, row) in scores.iter().enumerate() {
        for (j, &s) in row.iter().enumerate() {
            if s >= EXTEND_THRESHOLD && allowed(i, j) {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
    let mut a_group = vec![None; scores.len()];
    let mut b_group = vec![None; scores.first().map_or(0, Vec::len)];
    let mut groups: Vec<Group> = Vec::new();
    for &(s, i, j) in pairs.iter().filter(|p| p.0 >= MATCH_THRESHOLD) {
        if a_group[i].is_none() && b_group[j].is_none() {
            a_group[i] = Some(groups.len());
            b_group[j] = Some(groups.len());
            groups.push(Group {
                a: vec![i],
                b: vec![j],
                score: s,
            });
        }
    }
    // 1:2 extension to an adjacent, unmatched sentence.
    for &(_, i, j) in &pairs {
        match (a_group[i], b_group[j]) {
            (Some(g), None)
                if groups[g].a.len() == 1
                    && groups[g].b.len() == 1
                    && groups[g].b[0].abs_diff(j) == 1 =>
            {
                groups[g].b.push(j);
                groups[g].b.sort_unstable();
                b_group[j] = Some(g);
            }
            (None, Some(g))
                if groups[g].a.len() == 1
                    && groups[g].b.len() == 1
                    && groups[g].a[0].abs_diff(i) == 1 =>
            {
                groups[g].a.push(i);
                groups[g].a.sort_unstable();
                a_group[i] = Some(g);
            }
            _ => {}
        }
    }
    groups.sort_by_key(|g| g.a[0]);
    groups
}

/// Lower-cased words only, for "same text" tests.
pub fn normalise(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}
