//! Several documents at once: every pair is compared as two documents are, then the
//! pairwise matches are joined into claims, the statements the articles make in
//! common, with the statements only one article makes left as its exclusives.
//!
//! Joining only reads each pair's [`Comparison::matches`] (sentence groups, score, kind,
//! conflicts), so it works whatever scorer chose those matches.
//!
//! A claim is a star: a central statement (its representative) and, from each other
//! article, at most one statement group that the pairwise comparison matched with that
//! central statement. Loose links therefore never chain: two members of a claim are at
//! most two matches apart, both through the representative. Claims are chosen greedily,
//! the statement that matches the most articles first.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::compare::{Engine, Stage};
use crate::diff;
use crate::document::Document;
use crate::error::{Error, ErrorKind, Result};
use crate::report::{Comparison, ConflictKind, DiffSpan, FactSpan, MatchKind};

/// The most documents [`Engine::compare_many`] takes: the work grows with the number
/// of pairs (66 for 12 documents), and a matrix wider than this stops being readable.
pub const MAX_DOCUMENTS: usize = 12;

/// One article's statement inside a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Member {
    /// Index of the article in [`MultiComparison::documents`].
    pub article: usize,
    /// Its sentence ids, in reading order.
    pub sentences: Vec<usize>,
    /// How it relates to the claim's representative; `None` for the representative.
    pub kind: Option<MatchKind>,
    /// The score of its match with the representative; `None` for the representative.
    pub score: Option<f32>,
    /// Word diff from the representative's text (`delete`) to this statement's text
    /// (`insert`); empty for the representative.
    pub diff: Vec<DiffSpan>,
}

/// One side of a conflict between two articles: the article and the span of its fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleFact {
    pub article: usize,
    pub fact: FactSpan,
}

/// A fact two members of a claim state with different values, as the comparison of
/// their two articles found it; `a` is the article that comes first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClaimConflict {
    pub kind: ConflictKind,
    pub a: ArticleFact,
    pub b: ArticleFact,
}

/// A statement several articles make (or, with one member, an article's exclusive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Claim {
    /// At most one per article, in article order.
    pub members: Vec<Member>,
    /// Index in `members` of the central statement every other member matches.
    pub representative: usize,
    /// Conflicts between any two members whose articles' comparison matched them.
    pub conflicts: Vec<ClaimConflict>,
}

/// One article's figures in a multi comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleSummary {
    /// Share of its non-boilerplate sentences that at least one other article carries.
    pub shared: f32,
    /// How many claims it carries with at least one other article.
    pub shared_claims: usize,
    /// Indices in [`MultiComparison::claims`] of the claims only this article makes.
    pub exclusives: Vec<usize>,
    /// How many conflicts it is a side of.
    pub conflicts: usize,
}

/// The result of comparing several documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MultiComparison {
    pub documents: Vec<Document>,
    /// Ordered by how many articles carry them, then by first appearance (the first
    /// article that carries a claim, then its place in that article).
    pub claims: Vec<Claim>,
    /// One per document, in the same order.
    pub articles: Vec<ArticleSummary>,
    /// `shared[i][j]`: the share of article i's non-boilerplate sentences that stand in
    /// a claim article j also carries (1 on the diagonal).
    pub shared: Vec<Vec<f32>>,
    /// Whether sentence embeddings were used (false: lexical features only).
    pub semantic: bool,
    pub warnings: Vec<String>,
}

/// An article's letter: "A" for the first, "B" for the second, and so on.
pub fn article_letter(article: usize) -> String {
    match u8::try_from(article).ok().filter(|&k| k < 26) {
        Some(k) => char::from(b'A' + k).to_string(),
        None => format!("#{}", article + 1),
    }
}

/// A sentence as people refer to it across several articles: its article's letter and
/// its number counted from 1 ("C4" is the third article's fourth sentence).
pub fn member_label(article: usize, sentences: &[usize]) -> String {
    sentences
        .iter()
        .map(|&id| format!("{}{}", article_letter(article), id + 1))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The pairs `(i, j)`, `i < j`, of `n` documents in the order [`join`] expects their
/// comparisons: (0, 1), (0, 2), ..., (1, 2), ...
pub fn pairs(n: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..n).flat_map(move |i| (i + 1..n).map(move |j| (i, j)))
}

impl Engine {
    /// Compares 2 to [`MAX_DOCUMENTS`] documents: each pair as [`Engine::compare`]
    /// does, then [`join`]s the pairs into claims. Every sentence is embedded once, up
    /// front (the pairwise comparisons find them in the engine's cache). `cancel` is
    /// checked between embedding batches and between pairs; `progress` reports
    /// embedding, then aligning as pairs done out of all pairs.
    pub fn compare_many(
        &self,
        documents: &[Document],
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(Stage, usize, usize),
    ) -> Result<MultiComparison> {
        if !(2..=MAX_DOCUMENTS).contains(&documents.len()) {
            return Err(Error::new(
                "",
                ErrorKind::DocumentCount {
                    count: documents.len(),
                    max: MAX_DOCUMENTS,
                },
            ));
        }
        let texts: Vec<&str> = documents
            .iter()
            .flat_map(|d| &d.sentences)
            .map(|s| s.text.as_str())
            .collect();
        self.represent_cancellable(&texts, cancel, progress)?;
        let total = documents.len() * (documents.len() - 1) / 2;
        progress(Stage::Aligning, 0, total);
        let mut comparisons = Vec::with_capacity(total);
        for (done, (i, j)) in pairs(documents.len()).enumerate() {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::new("", ErrorKind::Cancelled));
            }
            // A pair's own embedding work (none while the engine's cache holds every
            // sentence) is reported too; its aligning steps are summed up as one pair.
            let c = self.compare(
                documents[i].clone(),
                documents[j].clone(),
                cancel,
                &mut |stage, done, of| {
                    if stage == Stage::Embedding {
                        progress(stage, done, of);
                    }
                },
            )?;
            comparisons.push(c);
            progress(Stage::Aligning, done + 1, total);
        }
        Ok(join(documents.to_vec(), &comparisons))
    }
}

/// A statement group of one article: sentences that some pairwise match holds together
/// (or one sentence no match holds).
struct Node {
    article: usize,
    sentences: Vec<usize>,
}

/// The pairwise matches between two nodes: the best score and its kind, and every
/// match (as pair index, match index) for the conflicts.
struct Edge {
    score: f32,
    kind: MatchKind,
    matches: Vec<(usize, usize)>,
}

/// Joins the pairwise comparisons of `documents` into claims. `comparisons` holds one
/// comparison per pair, in the order of [`pairs`], each with the lower-numbered
/// document as A. Takes any number of documents (the benchmark joins larger sets).
///
/// # Panics
/// When `comparisons` does not hold one comparison per pair.
pub fn join(documents: Vec<Document>, comparisons: &[Comparison]) -> MultiComparison {
    let n = documents.len();
    let pair_list: Vec<(usize, usize)> = pairs(n).collect();
    assert_eq!(
        pair_list.len(),
        comparisons.len(),
        "one comparison per pair of documents"
    );
    let (nodes, node_of) = statement_groups(&documents, &pair_list, comparisons);
    let edges = edges(&pair_list, comparisons, &node_of);
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for &(x, y) in edges.keys() {
        neighbours[x].push(y);
        neighbours[y].push(x);
    }
    let edge = |x: usize, y: usize| &edges[&(x.min(y), x.max(y))];

    let mut taken = vec![false; nodes.len()];
    let mut stars: Vec<(usize, Vec<usize>)> = Vec::new();
    loop {
        // The best partner of `c` in each other article among the nodes not taken.
        let partners = |c: usize, taken: &[bool]| -> Vec<usize> {
            let mut best: BTreeMap<usize, usize> = BTreeMap::new();
            for &y in neighbours[c].iter().filter(|&&y| !taken[y]) {
                let slot = best.entry(nodes[y].article).or_insert(y);
                if edge(c, y).score > edge(c, *slot).score {
                    *slot = y;
                }
            }
            best.into_values().collect()
        };
        // The centre reaching the most articles, then the surest, then the first.
        let mut best: Option<(usize, Vec<usize>, f32)> = None;
        for c in (0..nodes.len()).filter(|&c| !taken[c]) {
            let members = partners(c, &taken);
            if members.is_empty() {
                continue;
            }
            let weight: f32 = members.iter().map(|&y| edge(c, y).score).sum();
            let better = match &best {
                None => true,
                Some((_, m, w)) => (members.len(), weight) > (m.len(), *w),
            };
            if better {
                best = Some((c, members, weight));
            }
        }
        let Some((centre, members, _)) = best else {
            break;
        };
        taken[centre] = true;
        for &y in &members {
            taken[y] = true;
        }
        stars.push((centre, members));
    }
    // Every statement group left is an exclusive, unless it is only site chrome.
    for (x, node) in nodes.iter().enumerate() {
        let chrome = node
            .sentences
            .iter()
            .all(|&s| documents[node.article].sentences[s].boilerplate);
        if !taken[x] && !chrome {
            stars.push((x, Vec::new()));
        }
    }

    let mut claims: Vec<Claim> = stars
        .iter()
        .map(|(centre, others)| {
            claim(
                *centre,
                others,
                &nodes,
                &documents,
                comparisons,
                &pair_list,
                &edges,
            )
        })
        .collect();
    claims.sort_by_key(|c| {
        let first = &c.members[0];
        (
            std::cmp::Reverse(c.members.len()),
            first.article,
            first.sentences[0],
        )
    });
    let (articles, shared) = figures(&documents, &claims);
    let semantic = comparisons.iter().all(|c| c.semantic);
    let warnings: BTreeSet<String> = comparisons
        .iter()
        .flat_map(|c| c.warnings.iter().cloned())
        .collect();
    MultiComparison {
        documents,
        claims,
        articles,
        shared,
        semantic,
        warnings: warnings.into_iter().collect(),
    }
}

/// Each article's statement groups: the sentences of one article that some match (with
/// any other article) holds together are one group; every other sentence is its own.
/// Boilerplate matches are left out: site chrome states no claim. Returns the groups
/// and, per article, each sentence's group.
fn statement_groups(
    documents: &[Document],
    pair_list: &[(usize, usize)],
    comparisons: &[Comparison],
) -> (Vec<Node>, Vec<Vec<usize>>) {
    let mut parent: Vec<Vec<usize>> = documents
        .iter()
        .map(|d| (0..d.sentences.len()).collect())
        .collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut unite = |article: usize, ids: &[usize]| {
        let p = &mut parent[article];
        if let Some((&first, rest)) = ids.split_first() {
            for &id in rest {
                let (x, y) = (root(p, first), root(p, id));
                p[x.max(y)] = x.min(y);
            }
        }
    };
    for (&(i, j), c) in pair_list.iter().zip(comparisons) {
        for m in c
            .matches
            .iter()
            .filter(|m| m.kind != MatchKind::Boilerplate)
        {
            unite(i, &m.a);
            unite(j, &m.b);
        }
    }
    let mut nodes = Vec::new();
    let mut node_of = Vec::with_capacity(documents.len());
    for (article, p) in parent.iter_mut().enumerate() {
        let mut of_root: BTreeMap<usize, usize> = BTreeMap::new();
        let mut of_sentence = Vec::with_capacity(p.len());
        for s in 0..p.len() {
            let r = root(p, s);
            let node = *of_root.entry(r).or_insert_with(|| {
                nodes.push(Node {
                    article,
                    sentences: Vec::new(),
                });
                nodes.len() - 1
            });
            nodes[node].sentences.push(s);
            of_sentence.push(node);
        }
        node_of.push(of_sentence);
    }
    (nodes, node_of)
}

/// The links between statement groups, keyed by (lower node, higher node).
fn edges(
    pair_list: &[(usize, usize)],
    comparisons: &[Comparison],
    node_of: &[Vec<usize>],
) -> BTreeMap<(usize, usize), Edge> {
    let mut edges: BTreeMap<(usize, usize), Edge> = BTreeMap::new();
    for (p, (&(i, j), c)) in pair_list.iter().zip(comparisons).enumerate() {
        for (k, m) in c.matches.iter().enumerate() {
            if m.kind == MatchKind::Boilerplate || m.a.is_empty() || m.b.is_empty() {
                continue;
            }
            let (x, y) = (node_of[i][m.a[0]], node_of[j][m.b[0]]);
            let e = edges.entry((x.min(y), x.max(y))).or_insert(Edge {
                score: m.score,
                kind: m.kind,
                matches: Vec::new(),
            });
            if m.score > e.score {
                e.score = m.score;
                e.kind = m.kind;
            }
            e.matches.push((p, k));
        }
    }
    edges
}

/// The claim of a star: members with their kind and diff against the centre, and the
/// conflicts of the matches between any two of them.
fn claim(
    centre: usize,
    others: &[usize],
    nodes: &[Node],
    documents: &[Document],
    comparisons: &[Comparison],
    pair_list: &[(usize, usize)],
    edges: &BTreeMap<(usize, usize), Edge>,
) -> Claim {
    let texts = |x: usize| -> Vec<&str> {
        let doc = &documents[nodes[x].article];
        nodes[x]
            .sentences
            .iter()
            .map(|&s| doc.sentences[s].text.as_str())
            .collect()
    };
    let mut ids: Vec<usize> = others.iter().copied().chain([centre]).collect();
    ids.sort_by_key(|&x| nodes[x].article);
    let members = ids
        .iter()
        .map(|&x| {
            let link = (x != centre).then(|| &edges[&(x.min(centre), x.max(centre))]);
            Member {
                article: nodes[x].article,
                sentences: nodes[x].sentences.clone(),
                kind: link.map(|e| e.kind),
                score: link.map(|e| e.score),
                diff: if x == centre {
                    Vec::new()
                } else {
                    diff::group_diff(&texts(centre), &texts(x))
                },
            }
        })
        .collect();
    let mut conflicts: Vec<ClaimConflict> = Vec::new();
    for (k, &x) in ids.iter().enumerate() {
        for &y in &ids[k + 1..] {
            let Some(edge) = edges.get(&(x.min(y), x.max(y))) else {
                continue;
            };
            for &(p, m) in &edge.matches {
                let (i, j) = pair_list[p];
                for c in &comparisons[p].matches[m].conflicts {
                    let found = ClaimConflict {
                        kind: c.kind,
                        a: ArticleFact {
                            article: i,
                            fact: c.a.clone(),
                        },
                        b: ArticleFact {
                            article: j,
                            fact: c.b.clone(),
                        },
                    };
                    if !conflicts.contains(&found) {
                        conflicts.push(found);
                    }
                }
            }
        }
    }
    Claim {
        representative: ids.iter().position(|&x| x == centre).unwrap_or(0),
        members,
        conflicts,
    }
}

/// Per-article figures and the matrix of shared shares.
fn figures(documents: &[Document], claims: &[Claim]) -> (Vec<ArticleSummary>, Vec<Vec<f32>>) {
    let n = documents.len();
    // For each article, its content sentences held by a claim that article j carries.
    let mut shared_with: Vec<Vec<BTreeSet<usize>>> = vec![vec![BTreeSet::new(); n]; n];
    let mut articles: Vec<ArticleSummary> = (0..n)
        .map(|_| ArticleSummary {
            shared: 0.0,
            shared_claims: 0,
            exclusives: Vec::new(),
            conflicts: 0,
        })
        .collect();
    for (k, claim) in claims.iter().enumerate() {
        if let [only] = &claim.members[..] {
            articles[only.article].exclusives.push(k);
            continue;
        }
        for x in &claim.members {
            articles[x.article].shared_claims += 1;
            let content = x
                .sentences
                .iter()
                .filter(|&&s| !documents[x.article].sentences[s].boilerplate);
            for y in &claim.members {
                shared_with[x.article][y.article].extend(content.clone());
            }
        }
        for c in &claim.conflicts {
            articles[c.a.article].conflicts += 1;
            articles[c.b.article].conflicts += 1;
        }
    }
    let mut matrix = vec![vec![0.0; n]; n];
    for (i, doc) in documents.iter().enumerate() {
        let content = doc.content_sentences().count().max(1) as f32;
        let mut any: BTreeSet<usize> = BTreeSet::new();
        for j in 0..n {
            if j == i {
                matrix[i][j] = 1.0;
            } else {
                matrix[i][j] = shared_with[i][j].len() as f32 / content;
                any.extend(&shared_with[i][j]);
            }
        }
        articles[i].shared = any.len() as f32 / content;
    }
    (articles, matrix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Conflict, Match, Summary};
    use crate::segment::document_from_sentences;

    /// A document of `n` sentences named "s0", "s1", ...; joining reads no text but
    /// the diffs'.
    fn doc(name: &str, n: usize) -> Document {
        let sentences: Vec<String> = (0..n).map(|k| format!("{name} says thing {k}.")).collect();
        document_from_sentences(name, &sentences)
    }

    fn matched(a: &[usize], b: &[usize], score: f32) -> Match {
        Match {
            a: a.to_vec(),
            b: b.to_vec(),
            score,
            kind: MatchKind::Paraphrase,
            conflicts: Vec::new(),
            diff: Vec::new(),
        }
    }

    /// A pair's comparison holding only `matches`, which is all [`join`] reads.
    fn pair(matches: Vec<Match>) -> Comparison {
        Comparison {
            documents: Vec::new(),
            matches,
            near_misses: Vec::new(),
            summary: Summary {
                a_shared: 0.0,
                b_shared: 0.0,
                verbatim: 0,
                edited: 0,
                paraphrase: 0,
                partial: 0,
                boilerplate: 0,
                conflicts: 0,
                shared_names: Vec::new(),
            },
            semantic: true,
            warnings: Vec::new(),
        }
    }

    /// Each claim as its members' labels ("A1 B1"), in claim order.
    fn labels(m: &MultiComparison) -> Vec<String> {
        m.claims
            .iter()
            .map(|c| {
                c.members
                    .iter()
                    .map(|x| member_label(x.article, &x.sentences))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn a_chain_of_links_does_not_drift_into_one_claim() {
        // A1 ~ B1 ~ C1 ~ D1, each link only between neighbours; B1 ~ C1 is the surest.
        let docs = vec![doc("a", 1), doc("b", 1), doc("c", 1), doc("d", 1)];
        let m = join(
            docs,
            &[
                pair(vec![matched(&[0], &[0], 0.6)]), // a-b
                pair(vec![]),                         // a-c
                pair(vec![]),                         // a-d
                pair(vec![matched(&[0], &[0], 0.9)]), // b-c
                pair(vec![]),                         // b-d
                pair(vec![matched(&[0], &[0], 0.7)]), // c-d
            ],
        );
        // C1 reaches two articles with the surer links, so it is the centre; A1 matches
        // only B1, not C1, and stays on its own.
        assert_eq!(labels(&m), ["B1 C1 D1", "A1"]);
        assert_eq!(m.claims[0].members[m.claims[0].representative].article, 2);
        assert_eq!(m.articles[0].exclusives, [1]);
    }

    #[test]
    fn every_member_matches_the_representative_and_each_article_gives_one_group() {
        // A1 matches B1 and C1; B2 matches C1 too; B1 and B2 are different statements.
        let docs = vec![doc("a", 2), doc("b", 2), doc("c", 1)];
        let m = join(
            docs,
            &[
                pair(vec![matched(&[0], &[0], 0.8)]), // a-b
                pair(vec![matched(&[0], &[0], 0.8)]), // a-c
                pair(vec![matched(&[1], &[0], 0.9)]), // b-c
            ],
        );
        for claim in &m.claims {
            let articles: BTreeSet<usize> = claim.members.iter().map(|x| x.article).collect();
            assert_eq!(articles.len(), claim.members.len(), "{:?}", labels(&m));
            for (k, x) in claim.members.iter().enumerate() {
                assert_eq!(x.kind.is_none(), k == claim.representative);
            }
        }
        // C1 matches A1 and B2 (weight 1.7), A1 matches B1 and C1 (1.6): C1 wins, and B1
        // is left out even though it matches A1.
        assert_eq!(labels(&m), ["A1 B2 C1", "A2", "B1"]);
    }

    #[test]
    fn sentences_one_article_splits_across_pairs_form_one_statement_group() {
        // A says in two sentences what B says in one and C says in the first of them.
        let docs = vec![doc("a", 2), doc("b", 1), doc("c", 1)];
        let m = join(
            docs,
            &[
                pair(vec![matched(&[0, 1], &[0], 0.8)]),
                pair(vec![matched(&[0], &[0], 0.7)]),
                pair(vec![matched(&[0], &[0], 0.9)]),
            ],
        );
        assert_eq!(labels(&m), ["A1 A2 B1 C1"]);
        assert_eq!(m.articles[0].shared, 1.0);
    }

    #[test]
    fn conflicts_name_both_articles_and_their_facts() {
        let docs = vec![
            document_from_sentences("a", &["Fourteen people were hurt.".into()]),
            document_from_sentences("b", &["Seventeen people were hurt.".into()]),
            document_from_sentences("c", &["Fourteen people were injured.".into()]),
        ];
        let fact = |sentence: usize, text: &str| FactSpan {
            sentence,
            start: 0,
            end: text.chars().count(),
            text: text.into(),
        };
        let number = |x: &str, y: &str| Conflict {
            kind: ConflictKind::Number,
            a: fact(0, x),
            b: fact(0, y),
        };
        let mut ab = matched(&[0], &[0], 0.9);
        ab.conflicts.push(number("Fourteen", "Seventeen"));
        let mut bc = matched(&[0], &[0], 0.8);
        bc.conflicts.push(number("Seventeen", "Fourteen"));
        let m = join(
            docs,
            &[
                pair(vec![ab]),
                pair(vec![matched(&[0], &[0], 0.8)]),
                pair(vec![bc]),
            ],
        );
        assert_eq!(labels(&m), ["A1 B1 C1"]);
        let found: Vec<(usize, &str, usize, &str)> = m.claims[0]
            .conflicts
            .iter()
            .map(|c| {
                (
                    c.a.article,
                    c.a.fact.text.as_str(),
                    c.b.article,
                    c.b.fact.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (0, "Fourteen", 1, "Seventeen"),
                (1, "Seventeen", 2, "Fourteen")
            ]
        );
        assert_eq!(
            m.articles.iter().map(|a| a.conflicts).collect::<Vec<_>>(),
            [1, 2, 1]
        );
        // The members' diffs run from the representative (A, the first of the surest).
        let b = &m.claims[0].members[1];
        assert!(b
            .diff
            .iter()
            .any(|d| d.op == crate::report::DiffOp::Insert && d.text.contains("Seventeen")));
    }

    #[test]
    fn exclusives_and_shares_count_content_sentences_and_skip_site_chrome() {
        let mut c = doc("c", 3);
        c.sentences[2].boilerplate = true;
        let docs = vec![doc("a", 4), doc("b", 2), c];
        let m = join(
            docs,
            &[
                pair(vec![matched(&[0], &[0], 0.9), matched(&[1], &[1], 0.8)]), // a-b
                pair(vec![matched(&[0], &[0], 0.9)]),                           // a-c
                pair(vec![matched(&[0], &[0], 0.9)]),                           // b-c
            ],
        );
        // A1 B1 C1 in all three; A2 B2 in two; A3, A4 and C2 alone; C3 is chrome.
        assert_eq!(labels(&m), ["A1 B1 C1", "A2 B2", "A3", "A4", "C2"]);
        assert_eq!(m.articles[0].exclusives, [2, 3]);
        assert!(m.articles[1].exclusives.is_empty());
        assert_eq!(m.articles[2].exclusives, [4]);
        assert_eq!(m.articles[0].shared, 0.5);
        assert_eq!(m.articles[1].shared, 1.0);
        assert_eq!(m.articles[2].shared, 0.5);
        assert_eq!(m.shared[0], [1.0, 0.5, 0.25]);
        assert_eq!(m.shared[1], [1.0, 1.0, 0.5]);
        assert_eq!(m.shared[2], [0.5, 0.5, 1.0]);
        assert_eq!(
            m.articles
                .iter()
                .map(|a| a.shared_claims)
                .collect::<Vec<_>>(),
            [2, 2, 1]
        );
    }

    #[test]
    fn site_chrome_matched_across_articles_is_no_claim() {
        let mut a = doc("a", 2);
        let mut b = doc("b", 2);
        a.sentences[1].boilerplate = true;
        b.sentences[1].boilerplate = true;
        let mut chrome = matched(&[1], &[1], 1.0);
        chrome.kind = MatchKind::Boilerplate;
        let m = join(vec![a, b], &[pair(vec![matched(&[0], &[0], 0.9), chrome])]);
        assert_eq!(labels(&m), ["A1 B1"]);
        assert_eq!(m.articles[0].shared, 1.0);
    }

    #[test]
    fn labels_count_articles_by_letter() {
        assert_eq!(member_label(2, &[3, 4]), "C4 C5");
        assert_eq!(article_letter(26), "#27");
        assert_eq!(pairs(3).collect::<Vec<_>>(), [(0, 1), (0, 2), (1, 2)]);
    }
}
