//! Align: score every sentence pair, then choose the matches.
//!
//! Every pair gets one answer to one question, "do these two statements assert a common
//! claim?": a probability from one logistic regression ([`SCORER_WEIGHTS`]) over the
//! evidence the pair carries, linear in each piece of evidence so that the score never
//! falls as two sentences grow closer. Some of it describes the two sentences alone — embedding
//! cosine, IDF-weighted stem overlap, how much of the lighter sentence the other
//! contains, shared names and numbers, length ratio — and some describes the pair in its
//! two documents: how clearly it stands out from its row and column (a sentence close to
//! everything is a hub, not a match), whether each is the other's best partner, whether
//! the neighbouring sentences also correspond, whether both open their article, and how
//! far apart they stand. The weights are fitted by `scripts/fit_scorer.py` on the pooled
//! development data (sentence links between news articles on one event, a news story
//! against its rewrite, labelled sentence pairs and graded similarity), each data set
//! weighing the same, and every design choice was made by cross-validation grouped by
//! data set and topic (docs/benchmarks.md). So a score of 0.7 means that about 70% of
//! such pairs in that pooled data were shared claims.
//!
//! A number, date, name or negation that differs between two statements is not evidence
//! against a match: the claim is shared, and the difference is reported as a conflict on
//! the match (crate::compare). Two sentences with the same words are the same statement
//! whatever the evidence says (score 1).
//!
//! Matching takes the pairs that reach [`MATCH_THRESHOLD`] best first and lets a match
//! grow by one sentence at a time up to [`MAX_GROUP_SIDE`] sentences a side, each near one
//! it holds ([`GROUP_REACH`]): one article often states in two neighbouring sentences
//! (headline and lead, or one claim split in two) what the other states in one. Every
//! sentence belongs to at most one match.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::document::{Document, Sentence};
use crate::represent::{FactKind, Idf, SentenceFeatures};

/// Pairs whose probability reaches this are matched: the highest threshold within half
/// a point of the best mean F1 over the development sets (near-ties go to precision).
pub const MATCH_THRESHOLD: f32 = 0.3;
/// The same for the lexical-only engine, whose probability comes from
/// [`LEXICAL_SCORER_WEIGHTS`].
pub const LEXICAL_MATCH_THRESHOLD: f32 = 0.3;
/// A statement no match holds gets its closest statement on the other side reported as
/// a near miss when their [`PairMatrix::score`] reaches this: half the match threshold,
/// where on the pooled development data about one such pair in seven is a shared claim.
pub const NEAR_MISS_FLOOR: f32 = 0.15;
/// The most sentences one side of a match may hold.
pub const MAX_GROUP_SIDE: usize = 2;
/// A match grows only by a sentence at most this many places (counted in content
/// sentences, see [`content_places`]) from one it holds: next to it, or with one
/// sentence between, as a subtitle or a date line between a headline and its lead.
pub const GROUP_REACH: usize = 2;

/// The pair features, in the order of the weight arrays.
pub const FEATURES: [&str; 16] = [
    "cosine",       // embedding cosine
    "lexical",      // IDF-weighted stem cosine
    "names",        // Jaccard overlap of capitalised names
    "numbers",      // Jaccard overlap of numbers
    "margin",       // cosine minus the best other cosine in its row or column
    "row_z",        // (cosine + lexical) standardised within A's sentence's row
    "col_z",        // the same within B's sentence's column
    "mutual_best",  // 1 when each sentence is the other's best partner
    "context",      // the better (cosine + lexical) of the two diagonal neighbour pairs
    "lead_a",       // A's sentence is its article's first content sentence
    "lead_b",       // B's sentence is its article's first content sentence
    "length_ratio", // shorter over longer, in content words
    "containment",  // IDF-weighted share of the lighter sentence's stems the other has
    "best_a",       // 1 when B's sentence is A's sentence's best partner
    "best_b",       // 1 when A's sentence is B's sentence's best partner
    "position_gap", // how far apart the two stand, as shares of their documents
];
const N: usize = FEATURES.len();

/// The features that need the pair's names or numbers rather than the matrices and the
/// per-sentence figures (indices into [`FEATURES`]: names, numbers); each lies in 0..=1.
const BOUNDED: [usize; 2] = [2, 3];

/// The scorer: logistic-regression weights, bias first, then one per feature.
const SCORER_WEIGHTS: [f32; N + 1] = [
    -5.464, 5.764, -1.335, -1.298, 0.883, 4.298, -0.744, -0.057, -0.563, 0.417, 0.494, 0.789,
    0.335, 5.854, 1.375, 1.590, -2.638,
];
/// The same, fitted on a run without the model (every embedding feature is 0).
const LEXICAL_SCORER_WEIGHTS: [f32; N + 1] = [
    -5.184, 0.000, 4.263, 0.179, 0.905, 0.000, -0.650, -0.004, 0.627, 0.214, 0.690, 0.902, 0.804,
    6.897, 1.153, 1.504, -3.507,
];

/// Graded similarity ([`PairMatrix::similarity`]): least-squares weights, bias first,
/// fitted on the gold scores of graded similarity data (sts-train) by the same script.
/// One-sentence texts give the features that describe a pair within its documents no
/// spread there, so those weigh nothing.
const SIMILARITY_WEIGHTS: [f32; N + 1] = [
    -0.223, 4.002, 1.391, -0.142, 0.294, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, 0.000, -0.180,
    -0.181, 0.000, 0.000, 0.000,
];

/// Below this many rows (or sentences) work runs on one thread: starting threads costs
/// more than they save.
const PARALLEL_MIN_ROWS: usize = 256;

/// A document's first content sentence counts as its lead only in a document of at
/// least this many content sentences (a one-line text has no headline).
const LEAD_MIN_SENTENCES: usize = 3;

/// Every pair's evidence, stored compactly: the two dense matrices (cosine and lexical
/// overlap, row-major, `i * nb + j`) and the per-row and per-column statistics the
/// other features are derived from. Features and scores are computed on demand, so two
/// 5,000-sentence documents need a few hundred MB, not gigabytes.
pub struct PairMatrix {
    pub na: usize,
    pub nb: usize,
    cos: Vec<f32>,
    lex: Vec<f32>,
    names: (Vec<Vec<u32>>, Vec<Vec<u32>>),
    numbers: (Vec<Vec<u32>>, Vec<Vec<u32>>),
    row: Vec<LineStats>,
    col: Vec<LineStats>,
    layout: (Layout, Layout),
    /// What the scorer's logit over the features outside [`BOUNDED`] must reach for a
    /// pair to stand a chance (see [`PairMatrix::may_match`]).
    quick_bar: f32,
    /// Per sentence of A and of B: what the sentence-alone features need.
    alone: (Vec<Alone>, Vec<Alone>),
    semantic: bool,
}

/// What the sentence-alone features need of one sentence.
#[derive(Clone, Copy, Default)]
struct Alone {
    /// Distinct content stems.
    words: f32,
    /// Norm of the IDF-weighted stem vector.
    norm: f32,
}

/// Statistics of one row or column of the matrix.
#[derive(Clone, Copy)]
struct LineStats {
    mean: f32,
    sd: f32,
    best_comb: f32,
    best_cos: f32,
}

/// Running sums of one row or column, from which its [`LineStats`] come.
#[derive(Clone, Copy)]
struct LineSums {
    n: f32,
    sum: f32,
    squares: f32,
    best_comb: f32,
    best_cos: f32,
}

impl Default for LineSums {
    fn default() -> Self {
        LineSums {
            n: 0.0,
            sum: 0.0,
            squares: 0.0,
            best_comb: f32::MIN,
            best_cos: f32::MIN,
        }
    }
}

impl LineSums {
    fn add(&mut self, cos: f32, lex: f32) {
        let comb = cos + lex;
        self.n += 1.0;
        self.sum += comb;
        self.squares += comb * comb;
        self.best_comb = self.best_comb.max(comb);
        self.best_cos = self.best_cos.max(cos);
    }

    fn stats(&self) -> LineStats {
        let mean = self.sum / self.n.max(1.0);
        LineStats {
            mean,
            sd: (self.squares / self.n.max(1.0) - mean * mean)
                .max(0.0)
                .sqrt(),
            best_comb: self.best_comb,
            best_cos: self.best_cos,
        }
    }
}

/// The cancel flag was raised while the matrix was being built.
#[derive(Debug)]
pub struct Cancelled;

impl PairMatrix {
    /// Builds the matrix for A's and B's sentences, laid out in their documents as
    /// `layout` says. `progress(done, total)` is called as rows are finished and
    /// `cancel` is checked between rows.
    pub fn new(
        a: &[SentenceFeatures],
        b: &[SentenceFeatures],
        layout: (Layout, Layout),
        idf: &Idf,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<PairMatrix, Cancelled> {
        let (na, nb) = (a.len(), b.len());
        let semantic =
            !a.is_empty() && !b.is_empty() && a.iter().chain(b).all(|s| s.embedding.is_some());
        let cos = if semantic {
            cosines(a, b).unwrap_or_else(|| vec![0.0; na * nb])
        } else {
            vec![0.0; na * nb]
        };
        let (lex, norms) = lexical(a, b, idf, cancel, progress)?;
        let alone = |side: &[SentenceFeatures], norms: &[f32]| -> Vec<Alone> {
            side.iter()
                .zip(norms)
                .map(|(s, &norm)| {
                    let mut stems: Vec<&String> = s.stems.iter().collect();
                    stems.sort_unstable();
                    stems.dedup();
                    Alone {
                        words: stems.len() as f32,
                        norm,
                    }
                })
                .collect()
        };
        let alone = (alone(a, &norms.0), alone(b, &norms.1));
        let mut interner = HashMap::new();
        let mut ids = |side: &[SentenceFeatures], kind: FactKind| -> Vec<Vec<u32>> {
            side.iter()
                .map(|s| {
                    let mut v: Vec<u32> = s
                        .facts
                        .iter()
                        .filter(|f| f.kind == kind)
                        .map(|f| {
                            let next = interner.len() as u32;
                            *interner
                                .entry((kind as u8, f.value.clone()))
                                .or_insert(next)
                        })
                        .collect();
                    v.sort_unstable();
                    v.dedup();
                    v
                })
                .collect()
        };
        let names = (ids(a, FactKind::Name), ids(b, FactKind::Name));
        let numbers = (ids(a, FactKind::Number), ids(b, FactKind::Number));
        let row = (0..na)
            .map(|i| {
                let mut line = LineSums::default();
                for k in i * nb..(i + 1) * nb {
                    line.add(cos[k], lex[k]);
                }
                line.stats()
            })
            .collect();
        // The columns' sums in one row-major pass: the matrix is read in memory order.
        let mut columns = vec![LineSums::default(); nb];
        for i in 0..na {
            for (j, line) in columns.iter_mut().enumerate() {
                let k = i * nb + j;
                line.add(cos[k], lex[k]);
            }
        }
        let col = columns.iter().map(LineSums::stats).collect();
        let (weights, threshold) = scorer(semantic);
        let lift: f32 = BOUNDED.iter().map(|&k| weights[k + 1].max(0.0)).sum();
        // sigmoid(z) >= t exactly when z >= ln(t / (1 - t)); a hair of slack for rounding.
        let quick_bar = (threshold / (1.0 - threshold)).ln() - lift - 1e-4;
        Ok(PairMatrix {
            quick_bar,
            na,
            nb,
            cos,
            lex,
            names,
            numbers,
            row,
            col,
            layout,
            alone,
            semantic,
        })
    }

    /// Whether the cosine features come from embeddings.
    pub fn is_semantic(&self) -> bool {
        self.semantic
    }

    /// The features of pair (i, j), in [`FEATURES`] order.
    pub fn features(&self, i: usize, j: usize) -> [f32; N] {
        let mut f = self.placed_features(i, j);
        let bounded = [
            jaccard(&self.names.0[i], &self.names.1[j]),
            jaccard(&self.numbers.0[i], &self.numbers.1[j]),
        ];
        for (k, value) in BOUNDED.into_iter().zip(bounded) {
            f[k] = value;
        }
        f
    }

    /// The features of pair (i, j) that come straight from the matrices, their line
    /// statistics and the per-sentence figures; the [`BOUNDED`] ones are left 0.
    fn placed_features(&self, i: usize, j: usize) -> [f32; N] {
        let k = i * self.nb + j;
        let comb = |i: usize, j: usize| self.cos[i * self.nb + j] + self.lex[i * self.nb + j];
        let c = self.cos[k];
        let here = comb(i, j);
        let (r, q) = (self.row[i], self.col[j]);
        let z = |s: LineStats| (here - s.mean) / (s.sd + 1e-3);
        let (la, lb) = (&self.layout.0, &self.layout.1);
        let before = la.previous[i].zip(lb.previous[j]).map(|(i, j)| comb(i, j));
        let after = la.next[i].zip(lb.next[j]).map(|(i, j)| comb(i, j));
        let context = before.into_iter().chain(after).fold(0.0, f32::max);
        let (best_a, best_b) = (here >= r.best_comb, here >= q.best_comb);
        let [ratio, containment] = self.lengths(i, j);
        [
            c,
            self.lex[k],
            0.0,
            0.0,
            c - r.best_cos.max(q.best_cos),
            z(r),
            z(q),
            f32::from(best_a && best_b),
            context,
            f32::from(la.lead == Some(i)),
            f32::from(lb.lead == Some(j)),
            ratio,
            containment,
            f32::from(best_a),
            f32::from(best_b),
            (la.position[i] - lb.position[j]).abs(),
        ]
    }

    /// Length ratio and containment of pair (i, j).
    fn lengths(&self, i: usize, j: usize) -> [f32; 2] {
        let (x, y) = (self.alone.0[i], self.alone.1[j]);
        let lex = self.lex[i * self.nb + j];
        let ratio = |p: f32, q: f32| {
            if p.max(q) > 0.0 {
                p.min(q) / p.max(q)
            } else {
                0.0
            }
        };
        let containment = if x.norm > 0.0 && y.norm > 0.0 {
            (lex / ratio(x.norm, y.norm)).min(1.0)
        } else {
            0.0
        };
        [ratio(x.words, y.words), containment]
    }

    /// The logit of the scorer for features `f`.
    fn logit(&self, f: &[f32; N]) -> f32 {
        let (w, _) = scorer(self.semantic);
        w[0] + f.iter().zip(&w[1..]).map(|(x, w)| x * w).sum::<f32>()
    }

    /// Graded similarity of pair (i, j), for ranking how close two statements are
    /// rather than deciding whether they share a claim (see [`SIMILARITY_WEIGHTS`]); the
    /// lexical overlap for the lexical-only engine.
    pub fn similarity(&self, i: usize, j: usize) -> f32 {
        let f = self.features(i, j);
        if !self.semantic {
            return f[1];
        }
        SIMILARITY_WEIGHTS[0]
            + f.iter()
                .zip(&SIMILARITY_WEIGHTS[1..])
                .map(|(x, w)| x * w)
                .sum::<f32>()
    }

    /// The match score of pair (i, j): the probability that the two statements assert a
    /// common claim.
    pub fn score(&self, i: usize, j: usize) -> f32 {
        sigmoid(self.logit(&self.features(i, j)))
    }

    /// The score of pair (i, j) when it reaches the match threshold.
    pub fn decide(&self, i: usize, j: usize) -> Option<f32> {
        if !self.may_match(i, j) {
            return None;
        }
        self.decide_in_full(i, j)
    }

    /// A quick test that rules out most pairs [`PairMatrix::decide_in_full`] rejects,
    /// and never one it accepts: the score cannot reach the threshold when even the best
    /// values of the [`BOUNDED`] features (all in 0..=1) would not lift it there.
    fn may_match(&self, i: usize, j: usize) -> bool {
        self.logit(&self.placed_features(i, j)) >= self.quick_bar
    }

    /// [`PairMatrix::decide`] without the quick test.
    fn decide_in_full(&self, i: usize, j: usize) -> Option<f32> {
        let (_, threshold) = scorer(self.semantic);
        let score = self.score(i, j);
        (score >= threshold).then_some(score)
    }
}

/// The scorer's weights and threshold for the semantic or the lexical-only engine.
fn scorer(semantic: bool) -> (&'static [f32; N + 1], f32) {
    if semantic {
        (&SCORER_WEIGHTS, MATCH_THRESHOLD)
    } else {
        (&LEXICAL_SCORER_WEIGHTS, LEXICAL_MATCH_THRESHOLD)
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// Where a document's content sentences stand: its lead (its first content sentence,
/// when it has at least `LEAD_MIN_SENTENCES` of them) and each sentence's previous and
/// next content sentence. Site chrome between two statements does not separate them,
/// and is nobody's neighbour: two articles from one site share their bylines, which
/// says nothing about the statements next to them.
pub struct Layout {
    lead: Option<usize>,
    /// Each sentence's place among the content sentences, as a share of them (0..=1).
    position: Vec<f32>,
    previous: Vec<Option<usize>>,
    next: Vec<Option<usize>>,
}

impl Layout {
    pub fn of(doc: &Document) -> Layout {
        let content: Vec<usize> = doc.content_sentences().map(|s| s.id).collect();
        let n = doc.sentences.len();
        let (mut previous, mut next) = (vec![None; n], vec![None; n]);
        for w in content.windows(2) {
            next[w[0]] = Some(w[1]);
            previous[w[1]] = Some(w[0]);
        }
        let mut position = vec![0.0; n];
        let last = content.len().saturating_sub(1).max(1) as f32;
        for (place, &k) in content.iter().enumerate() {
            position[k] = place as f32 / last;
        }
        Layout {
            position,
            lead: content
                .first()
                .copied()
                .filter(|_| content.len() >= LEAD_MIN_SENTENCES),
            previous,
            next,
        }
    }
}

/// All embedding cosines as one matrix product (the embeddings are L2-normalised).
fn cosines(a: &[SentenceFeatures], b: &[SentenceFeatures]) -> Option<Vec<f32>> {
    fn vectors(side: &[SentenceFeatures]) -> Option<Vec<&[f32]>> {
        side.iter().map(|s| s.embedding.as_deref()).collect()
    }
    crate::embed::dot_products(&vectors(a)?, &vectors(b)?)
}

/// Every pair's lexical overlap (row-major) and the norms of A's and B's stem vectors.
type Lexical = (Vec<f32>, (Vec<f32>, Vec<f32>));

/// IDF-weighted cosine of every pair's stem sets, through an inverted index of B's stems.
fn lexical(
    a: &[SentenceFeatures],
    b: &[SentenceFeatures],
    idf: &Idf,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Lexical, Cancelled> {
    let nb = b.len();
    fn weighted<'s>(s: &'s SentenceFeatures, idf: &Idf) -> (Vec<(&'s str, f32)>, f32) {
        let mut stems: Vec<&str> = s.stems.iter().map(String::as_str).collect();
        stems.sort_unstable();
        stems.dedup();
        let w: Vec<(&str, f32)> = stems
            .into_iter()
            .map(|t| (t, idf.weight(t).powi(2)))
            .collect();
        let norm = w.iter().map(|(_, x)| x).sum::<f32>().sqrt();
        (w, norm)
    }
    let wb: Vec<_> = b.iter().map(|s| weighted(s, idf)).collect();
    let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, (stems, _)) in wb.iter().enumerate() {
        for (t, _) in stems {
            index.entry(t).or_default().push(j);
        }
    }
    let mut out = vec![0.0; a.len() * nb];
    let mut norms_a = Vec::with_capacity(a.len());
    for (i, s) in a.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Err(Cancelled);
        }
        let (stems, norm) = weighted(s, idf);
        norms_a.push(norm);
        let row = &mut out[i * nb..(i + 1) * nb];
        for (t, w) in &stems {
            for &j in index.get(t).into_iter().flatten() {
                row[j] += w;
            }
        }
        for (x, (_, nb_norm)) in row.iter_mut().zip(&wb) {
            let d = norm * nb_norm;
            *x = if d > 0.0 { *x / d } else { 0.0 };
        }
        if i % 256 == 255 {
            progress(i + 1, a.len());
        }
    }
    let norms_b = wb.iter().map(|(_, norm)| *norm).collect();
    Ok((out, (norms_a, norms_b)))
}

fn jaccard(a: &[u32], b: &[u32]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut x, mut y, mut shared) = (0, 0, 0);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                x += 1;
                y += 1;
            }
        }
    }
    shared as f32 / (a.len() + b.len() - shared) as f32
}

/// A chosen group of sentences: A's ids, B's ids, and the group's score (its best pair's).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub a: Vec<usize>,
    pub b: Vec<usize>,
    pub score: f32,
}

/// The boilerplate rule: two statements may be matched, and boilerplate only with
/// boilerplate of the same text.
pub fn may_pair(x: &Sentence, y: &Sentence) -> bool {
    match (x.boilerplate, y.boilerplate) {
        (false, false) => true,
        (true, true) => normalise(&x.text) == normalise(&y.text),
        _ => false,
    }
}

/// Chooses matches: the pairs [`PairMatrix::decide`] accepts, and pairs of sentences with
/// the same words (score 1), in order of score; a pair of two unmatched sentences opens a
/// match, a pair with one unmatched sentence adds it to
/// the other's match while that side holds fewer than [`MAX_GROUP_SIDE`] and the
/// sentence stands within [`GROUP_REACH`] of one the side already holds. Boilerplate
/// only matches boilerplate with the same text. `cancel` is checked between rows.
pub fn choose(
    m: &PairMatrix,
    a: &Document,
    b: &Document,
    cancel: &AtomicBool,
) -> Result<Vec<Group>, Cancelled> {
    let allowed = |i: usize, j: usize| may_pair(&a.sentences[i], &b.sentences[j]);
    let (words_a, words_b) = (word_keys(a), word_keys(b));
    let same_words = |i: usize, j: usize| words_a[i].is_some() && words_a[i] == words_b[j];
    let pairs = by_rows(m.na, |rows| {
        let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
        for i in rows {
            if cancel.load(Ordering::Relaxed) {
                return Err(Cancelled);
            }
            for j in 0..m.nb {
                let decided = if same_words(i, j) {
                    Some(1.0)
                } else {
                    m.decide(i, j)
                };
                if let Some(s) = decided.filter(|_| allowed(i, j)) {
                    pairs.push((s, i, j));
                }
            }
        }
        Ok(pairs)
    })?;
    Ok(group(pairs, &content_places(a), &content_places(b)))
}

/// Runs `work` on consecutive ranges of `rows`, one per available core, and joins what
/// the ranges return in row order; the first error wins. Under [`PARALLEL_MIN_ROWS`]
/// rows there is one range.
pub(crate) fn by_rows<T: Send, E: Send>(
    rows: usize,
    work: impl Fn(std::ops::Range<usize>) -> Result<Vec<T>, E> + Sync,
) -> Result<Vec<T>, E> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || rows < PARALLEL_MIN_ROWS {
        return work(0..rows);
    }
    let chunk = rows.div_ceil(threads);
    let parts: Vec<Result<Vec<T>, E>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..rows)
            .step_by(chunk)
            .map(|start| {
                let work = &work;
                scope.spawn(move || work(start..(start + chunk).min(rows)))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut out = Vec::new();
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// The grouping of [`choose`]: `pairs` as (score, A id, B id), in any order; `places`
/// as from [`content_places`].
fn group(mut pairs: Vec<(f32, usize, usize)>, place_a: &[usize], place_b: &[usize]) -> Vec<Group> {
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let near = |places: &[usize], k: usize, members: &[usize]| {
        members
            .iter()
            .any(|&x| places[k].abs_diff(places[x]) <= GROUP_REACH)
    };
    let mut a_group = vec![None; place_a.len()];
    let mut b_group = vec![None; place_b.len()];
    let mut groups: Vec<Group> = Vec::new();
    for (s, i, j) in pairs {
        match (a_group[i], b_group[j]) {
            (None, None) => {
                a_group[i] = Some(groups.len());
                b_group[j] = Some(groups.len());
                groups.push(Group {
                    a: vec![i],
                    b: vec![j],
                    score: s,
                });
            }
            (Some(g), None)
                if groups[g].b.len() < MAX_GROUP_SIDE && near(place_b, j, &groups[g].b) =>
            {
                groups[g].b.push(j);
                b_group[j] = Some(g);
            }
            (None, Some(g))
                if groups[g].a.len() < MAX_GROUP_SIDE && near(place_a, i, &groups[g].a) =>
            {
                groups[g].a.push(i);
                a_group[i] = Some(g);
            }
            _ => {}
        }
    }
    for g in &mut groups {
        g.a.sort_unstable();
        g.b.sort_unstable();
    }
    groups.sort_by_key(|g| g.a[0]);
    groups
}

/// Each sentence's place among the document's content sentences (boilerplate and the
/// sentence after it share a place), so that chrome between a headline and its lead
/// does not keep them apart.
pub fn content_places(doc: &Document) -> Vec<usize> {
    let mut place = 0;
    doc.sentences
        .iter()
        .map(|s| {
            let here = place;
            if !s.boilerplate {
                place += 1;
            }
            here
        })
        .collect()
}

/// Which sentences of A (`[0]`) and B (`[1]`) a group holds.
fn held(groups: &[Group], m: &PairMatrix) -> [Vec<bool>; 2] {
    let mut held = [vec![false; m.na], vec![false; m.nb]];
    for g in groups {
        g.a.iter().for_each(|&i| held[0][i] = true);
        g.b.iter().for_each(|&j| held[1][j] = true);
    }
    held
}

/// For every `wanted` sentence of A (`[0]`) and B (`[1]`), its closest `eligible`
/// sentence on the other side by cosine plus lexical overlap (ties go to the first), in
/// one pass over the eligible part of the matrix. Wanted sentences must be eligible.
fn closest_partners(
    m: &PairMatrix,
    eligible: &[Vec<bool>; 2],
    wanted: &[Vec<bool>; 2],
) -> [Vec<Option<usize>>; 2] {
    let mut best: [Vec<Option<(f32, usize)>>; 2] = [vec![None; m.na], vec![None; m.nb]];
    for i in (0..m.na).filter(|&i| eligible[0][i]) {
        for j in (0..m.nb).filter(|&j| eligible[1][j] && (wanted[0][i] || wanted[1][j])) {
            let at = i * m.nb + j;
            let comb = m.cos[at] + m.lex[at];
            for (side, k, x) in [(0, i, j), (1, j, i)] {
                if wanted[side][k] && best[side][k].is_none_or(|(c, _)| comb > c) {
                    best[side][k] = Some((comb, x));
                }
            }
        }
    }
    best.map(|side| side.into_iter().map(|b| b.map(|(_, x)| x)).collect())
}

/// Near misses: for each statement (content sentence, not a subheading) of either side
/// that no group holds, the statement of the other side closest to it (by cosine plus
/// lexical overlap, the evidence the pair's row and column statistics rank by), when the pair's
/// [`PairMatrix::score`] reaches [`NEAR_MISS_FLOOR`]. Pairs as (A id, B id, score),
/// each once, in order.
pub fn near_misses(
    m: &PairMatrix,
    a: &Document,
    b: &Document,
    groups: &[Group],
) -> Vec<(usize, usize, f32)> {
    let held = held(groups, m);
    // Subheadings are signposts, not statements: they neither get nor are a near miss.
    let statement =
        |doc: &Document, k: usize| !doc.sentences[k].boilerplate && !doc.is_subheading(k);
    let (in_a, in_b): (Vec<bool>, Vec<bool>) = (
        (0..m.na).map(|i| statement(a, i)).collect(),
        (0..m.nb).map(|j| statement(b, j)).collect(),
    );
    let open: [Vec<bool>; 2] = [
        (0..m.na).map(|i| !held[0][i] && in_a[i]).collect(),
        (0..m.nb).map(|j| !held[1][j] && in_b[j]).collect(),
    ];
    let [row_best, col_best] = closest_partners(m, &[in_a, in_b], &open);
    let rows = row_best
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.map(|j| (i, j)));
    let cols = col_best
        .iter()
        .enumerate()
        .filter_map(|(j, b)| b.map(|i| (i, j)));
    let mut pairs: Vec<(usize, usize)> = rows.chain(cols).collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
        .into_iter()
        .map(|(i, j)| (i, j, m.score(i, j)))
        .filter(|&(_, _, s)| s >= NEAR_MISS_FLOOR)
        .collect()
}

/// Each sentence's words as [`normalise`] gives them, with their hash first so that most
/// comparisons stop there; `None` for a sentence without words ("***").
fn word_keys(doc: &Document) -> Vec<Option<(u64, String)>> {
    doc.sentences
        .iter()
        .map(|s| {
            let words = normalise(&s.text);
            let mut hasher = DefaultHasher::new();
            words.hash(&mut hasher);
            (!words.is_empty()).then(|| (hasher.finish(), words))
        })
        .collect()
}

/// Lower-cased words only, for "same text" tests.
pub fn normalise(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::document_from_sentences;

    #[test]
    fn rows_split_over_threads_come_back_in_row_order() {
        for rows in [0, 1, PARALLEL_MIN_ROWS - 1, PARALLEL_MIN_ROWS, 1001] {
            let out = by_rows(rows, |range| {
                Ok::<_, Cancelled>(range.map(|i| i * 2).collect())
            })
            .unwrap();
            assert_eq!(
                out,
                (0..rows).map(|i| i * 2).collect::<Vec<_>>(),
                "{rows} rows"
            );
        }
        let cancelled = by_rows(1000, |range| {
            if range.contains(&999) {
                Err(Cancelled)
            } else {
                Ok(range.collect())
            }
        });
        assert!(cancelled.is_err());
    }

    #[test]
    fn column_statistics_are_those_of_the_columns() {
        let (cos, lex) = (
            [0.1, 0.9, 0.4, 0.2, 0.3, 0.5],
            [0.0, 0.2, 0.1, 0.0, 0.3, 0.1],
        );
        // Two rows of three: column 1 holds (0.9, 0.2) and (0.3, 0.3).
        let mut column = LineSums::default();
        for k in [1, 4] {
            column.add(cos[k], lex[k]);
        }
        let stats = column.stats();
        assert!((stats.mean - (1.1 + 0.6) / 2.0).abs() < 1e-6);
        assert!((stats.sd - 0.25).abs() < 1e-6);
        assert_eq!((stats.best_comb, stats.best_cos), (1.1, 0.9));
    }

    fn doc(sentences: &[&str], boilerplate: &[usize]) -> Document {
        let texts: Vec<String> = sentences.iter().map(|s| s.to_string()).collect();
        let mut d = document_from_sentences("t", &texts);
        for &k in boilerplate {
            d.sentences[k].boilerplate = true;
        }
        d
    }

    /// The pair matrix of two documents of `sentences`, the listed ones marked chrome.
    fn scored(
        engine: &crate::Engine,
        (texts, chrome_a): (&[&str], &[usize]),
        (other, chrome_b): (&[&str], &[usize]),
    ) -> (PairMatrix, Document, Document) {
        let all: Vec<&str> = texts.iter().chain(other).copied().collect();
        let features = engine.represent(&all, &mut |_, _, _| {}).unwrap();
        let (fa, fb) = features.split_at(texts.len());
        let (a, b) = (doc(texts, chrome_a), doc(other, chrome_b));
        let m = PairMatrix::new(
            fa,
            fb,
            (Layout::of(&a), Layout::of(&b)),
            &Idf::new(features.iter()),
            &AtomicBool::new(false),
            &mut |_, _| {},
        )
        .unwrap();
        (m, a, b)
    }

    #[test]
    fn neighbours_and_lead_skip_site_chrome() {
        let d = doc(
            &["By A. Writer", "Lead.", "Share this", "Second.", "Third."],
            &[0, 2],
        );
        let layout = Layout::of(&d);
        assert_eq!(layout.lead, Some(1));
        assert_eq!(layout.next[1], Some(3));
        assert_eq!(layout.previous[3], Some(1));
        assert_eq!(layout.previous[1], None);
        assert_eq!(layout.next[4], None);
        // Chrome is nobody's neighbour and has none.
        assert_eq!((layout.previous[2], layout.next[2]), (None, None));
        assert_eq!((layout.previous[0], layout.next[0]), (None, None));
    }

    #[test]
    fn a_shared_byline_is_not_context_for_the_statements_next_to_it() {
        let texts = [
            "By Jo Smith",
            "The mayor opened the new library on Monday.",
            "Rain is expected later this week.",
        ];
        let other = [
            "By Jo Smith",
            "Ferry fares will rise in the spring.",
            "Local farmers expect a poor harvest.",
        ];
        let engine = crate::Engine::lexical("test".into());
        let (m, _, _) = scored(&engine, (&texts, &[0]), (&other, &[0]));
        let context = FEATURES.iter().position(|&f| f == "context").unwrap();
        // The bylines are identical (lexical overlap 1) but are chrome, not context.
        assert!(m.features(0, 0)[1] > 0.99);
        assert!(m.features(1, 1)[context] < 0.5);
    }

    #[test]
    fn sentences_with_the_same_words_are_a_certain_match() {
        let texts = [
            "The mayor opened the new library on Monday.",
            "He is a regular at the harbour.",
            "Rain is expected later this week.",
        ];
        let other = [
            "Ferry fares will rise in the spring.",
            "He is a regular at the Harbour!",
            "Local farmers expect a poor harvest.",
        ];
        let engine = crate::Engine::new(None);
        assert!(engine.is_semantic(), "the model is needed");
        let (m, a, b) = scored(&engine, (&texts, &[]), (&other, &[]));
        let groups = choose(&m, &a, &b, &AtomicBool::new(false)).unwrap();
        let copied = groups.iter().find(|g| g.a == [1]).expect("matched");
        assert_eq!((copied.b.as_slice(), copied.score), ([1].as_slice(), 1.0));
        // The evidence alone is less sure of a short copied sentence.
        assert!(m.score(1, 1) < 1.0);
    }

    #[test]
    fn the_quick_test_never_rules_out_a_pair_the_full_decision_accepts() {
        let texts = [
            "The mayor opened the new library on Monday.",
            "Rain is expected later this week.",
            "The library holds 40,000 books.",
            "It cost 12 million dollars.",
        ];
        let other = [
            "On Monday the mayor opened a new library.",
            "The new library has 45,000 books.",
            "Its cost was not 12 million dollars.",
            "Forecasters expect rain this week.",
        ];
        for engine in [
            crate::Engine::new(None),
            crate::Engine::lexical("test".into()),
        ] {
            let (m, _, _) = scored(&engine, (&texts, &[]), (&other, &[]));
            let mut accepted = 0;
            for i in 0..4 {
                for j in 0..4 {
                    if m.decide_in_full(i, j).is_some() {
                        accepted += 1;
                        assert!(m.may_match(i, j), "({i}, {j}) ruled out");
                    }
                    assert_eq!(m.decide(i, j), m.decide_in_full(i, j));
                }
            }
            assert!(accepted >= 3, "{accepted} pairs accepted");
        }
    }

    #[test]
    fn chrome_shares_the_place_of_the_sentence_after_it() {
        let d = doc(&["Headline", "By A. Writer", "Lead.", "Second."], &[1]);
        assert_eq!(content_places(&d), [0, 1, 1, 2]);
    }

    #[test]
    fn a_match_grows_only_by_sentences_near_the_ones_it_holds() {
        let ids = |groups: &[Group]| {
            groups
                .iter()
                .map(|g| (g.a.clone(), g.b.clone()))
                .collect::<Vec<_>>()
        };
        let places: Vec<usize> = (0..8).collect();
        // A0 ~ B0 opens a match. A2 (one sentence between) may join it; A6, far down the
        // article, may not, and stays free for its own match with B5.
        let pairs = vec![
            (0.9, 0, 0),
            (0.8, 6, 0),
            (0.7, 2, 0),
            (0.6, 6, 5),
            (0.5, 7, 0),
        ];
        assert_eq!(
            ids(&group(pairs.clone(), &places, &places)),
            [(vec![0, 2], vec![0]), (vec![6], vec![5])]
        );
        // Chrome between does not count: A3 is two content places from A0 here.
        let with_chrome = [0, 1, 1, 2, 3, 4, 5, 6];
        let pairs = vec![(0.9, 0, 0), (0.8, 3, 0)];
        assert_eq!(
            ids(&group(pairs.clone(), &with_chrome, &places)),
            [(vec![0, 3], vec![0])]
        );
        assert_eq!(ids(&group(pairs, &places, &places)), [(vec![0], vec![0])]);
    }

    /// The groups of a comparison of `texts` with `other` by the semantic engine.
    fn semantic_groups(texts: &[&str], other: &[&str]) -> (Vec<Group>, PairMatrix) {
        let engine = crate::Engine::new(None);
        assert!(engine.is_semantic(), "the model is needed");
        let (m, a, b) = scored(&engine, (texts, &[]), (other, &[]));
        let groups = choose(&m, &a, &b, &AtomicBool::new(false)).unwrap();
        (groups, m)
    }

    #[test]
    fn a_statement_with_a_different_figure_is_a_match_not_a_miss() {
        // The same claim with a different count: a factual conflict on a shared
        // statement, which the reader needs to see side by side.
        let texts = [
            "Crews fought the warehouse fire in Dunmore for six hours.",
            "Fourteen workers were taken to hospital with smoke injuries.",
            "The owner said the building had passed an inspection in May.",
        ];
        let other = [
            "Seventeen workers were rushed to St Ann's Hospital after inhaling smoke.",
            "Firefighters needed six hours to bring the Dunmore blaze under control.",
            "Police have not said what started the fire.",
        ];
        let (groups, m) = semantic_groups(&texts, &other);
        assert!(
            groups.iter().any(|g| g.a == [1] && g.b == [0]),
            "{groups:?}, score {}",
            m.score(1, 0)
        );
    }

    #[test]
    fn a_restatement_in_other_words_is_a_match() {
        let texts = [
            "Tarrow edged Millby 21-19 at home to reach the cup semi-finals.",
            "The club's new stand will open next season.",
        ];
        let other = [
            "Ticket prices rose for the third year running.",
            "Tarrow beat Millby 21-19 to secure a place in the semi-finals of the cup.",
        ];
        let (groups, m) = semantic_groups(&texts, &other);
        assert!(
            groups.iter().any(|g| g.a == [0] && g.b == [1]),
            "{groups:?}, score {}",
            m.score(0, 1)
        );
        // Statements on different subjects stay apart.
        assert!(!groups.iter().any(|g| g.a.contains(&1) && g.b.contains(&0)));
    }

    #[test]
    fn a_match_is_exactly_a_pair_whose_score_reaches_the_threshold() {
        // Two one-sentence texts sharing some of their eight stems, their embeddings at a
        // swept cosine: the decision follows the score the reader sees, both ways.
        let sentence = |stems: &[&str], embedding: Vec<f32>| SentenceFeatures {
            stems: stems.iter().map(|s| s.to_string()).collect(),
            facts: Vec::new(),
            embedding: Some(embedding.into()),
        };
        let (a, b) = (doc(&["A."], &[]), doc(&["B."], &[]));
        let stems_a = [
            "mayor", "union", "talk", "strike", "friday", "hall", "pay", "offer",
        ];
        let others = [
            "walkout", "week", "labour", "chief", "citi", "council", "wage", "deal",
        ];
        let (mut matched_count, mut unmatched_count) = (0, 0);
        for shared in 0..=stems_a.len() {
            let stems_b: Vec<&str> = stems_a[..shared]
                .iter()
                .chain(&others[shared..])
                .copied()
                .collect();
            for step in (0..1000).step_by(7) {
                let cos = step as f32 / 1000.0;
                let fa = [sentence(&stems_a, vec![1.0, 0.0])];
                let fb = [sentence(&stems_b, vec![cos, (1.0 - cos * cos).sqrt()])];
                let m = PairMatrix::new(
                    &fa,
                    &fb,
                    (Layout::of(&a), Layout::of(&b)),
                    &Idf::new(fa.iter().chain(&fb)),
                    &AtomicBool::new(false),
                    &mut |_, _| {},
                )
                .unwrap();
                let matched = !choose(&m, &a, &b, &AtomicBool::new(false))
                    .unwrap()
                    .is_empty();
                assert_eq!(
                    matched,
                    m.score(0, 0) >= MATCH_THRESHOLD,
                    "{shared} shared, cosine {cos}"
                );
                matched_count += usize::from(matched);
                unmatched_count += usize::from(!matched);
            }
        }
        assert!(matched_count > 0 && unmatched_count > 0);
    }

    #[test]
    fn a_short_document_has_no_lead() {
        assert_eq!(Layout::of(&doc(&["One.", "Two."], &[])).lead, None);
        assert_eq!(Layout::of(&doc(&["Menu", "One.", "Two."], &[0])).lead, None);
    }
}
