//! The plain baseline every bench suite prints beside the engine: the TF-IDF cosine of
//! two sentences' lower-cased words, with inverse document frequencies counted over the
//! suite's own sentences, and a link wherever that cosine reaches a threshold fixed once
//! on the development data. A figure of the engine means something only next to this
//! one, measured in the same run on the same data.

use std::collections::HashMap;

/// Sentence pairs of two articles whose cosine reaches this are linked (news-ecb
/// format). The F1 optimum of the news-ecb and news-synth development halves taken
/// together (mean of the two F1s).
pub const NEWS_THRESHOLD: f64 = 0.25;
/// Two one-sentence texts whose cosine reaches this are a match (pairs format): the F1
/// optimum of the pairs development half.
pub const PAIRS_THRESHOLD: f64 = 0.07;

/// Document frequencies of words over a set of sentences.
pub struct Tfidf {
    df: HashMap<String, usize>,
    n: usize,
}

/// A sentence as unit-length TF-IDF weights, sorted by word.
pub type Vector = Vec<(String, f64)>;

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

impl Tfidf {
    /// Counts each word once per sentence it occurs in.
    pub fn new<'a>(sentences: impl Iterator<Item = &'a str>) -> Tfidf {
        let mut df: HashMap<String, usize> = HashMap::new();
        let mut n = 0;
        for s in sentences {
            n += 1;
            let mut seen: Vec<String> = words(s).collect();
            seen.sort_unstable();
            seen.dedup();
            for w in seen {
                *df.entry(w).or_default() += 1;
            }
        }
        Tfidf { df, n }
    }

    /// Smoothed inverse document frequency: ln((1 + n) / (1 + df)) + 1.
    fn idf(&self, word: &str) -> f64 {
        let df = self.df.get(word).copied().unwrap_or(0);
        ((1 + self.n) as f64 / (1 + df) as f64).ln() + 1.0
    }

    /// Raw term counts times IDF, scaled to unit length.
    pub fn vector(&self, text: &str) -> Vector {
        let mut counts: HashMap<String, f64> = HashMap::new();
        for w in words(text) {
            *counts.entry(w).or_default() += 1.0;
        }
        let mut v: Vector = counts
            .into_iter()
            .map(|(w, c)| {
                let x = c * self.idf(&w);
                (w, x)
            })
            .collect();
        let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|(_, x)| *x /= norm);
        }
        v.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        v
    }
}

/// Cosine of two unit vectors from [`Tfidf::vector`].
pub fn cosine(a: &Vector, b: &Vector) -> f64 {
    let (mut x, mut y, mut dot) = (0, 0, 0.0);
    while x < a.len() && y < b.len() {
        match a[x].0.cmp(&b[y].0) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                dot += a[x].1 * b[y].1;
                x += 1;
                y += 1;
            }
        }
    }
    dot
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one_and_disjoint_ones_zero() {
        let t = Tfidf::new(["The ferry sank.", "A bridge opened.", "The ferry left."].into_iter());
        let (a, b, c) = (
            t.vector("The ferry sank."),
            t.vector("the FERRY sank"),
            t.vector("A bridge opened."),
        );
        assert!((cosine(&a, &b) - 1.0).abs() < 1e-9);
        assert_eq!(cosine(&a, &c), 0.0);
    }

    #[test]
    fn rare_shared_words_weigh_more_than_common_ones() {
        let corpus = [
            "the ferry sank",
            "the bridge opened",
            "the mayor spoke",
            "a ferry",
        ];
        let t = Tfidf::new(corpus.into_iter());
        let query = t.vector("the ferry");
        // "ferry" occurs in two sentences, "the" in three: sharing the rarer word scores higher.
        assert!(cosine(&query, &t.vector("ferry")) > cosine(&query, &t.vector("the")));
    }
}
