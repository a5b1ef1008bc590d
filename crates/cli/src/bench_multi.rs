//! `parallax bench multi DIR`: claims across several documents against gold sentence
//! links, on news-ecb-format data (`docs.json`, `links.json`; see the bench README).
//!
//! The documents of each topic (those of `links.json` whose ids share the part before
//! their last `_`: `1_10ecbplus` and `1_13ecbplus` are topic `1`) are compared as one
//! set: every pair as `compare` does, then joined into claims as `compare A B C ...`
//! does. Every gold link of every pair of `links.json` is scored twice, on the same
//! pairwise comparisons: against the links the claims imply (every sentence of one
//! member with every sentence of another member of the same claim), and against the
//! pairwise matches themselves. Topics larger than the app's limit are joined whole,
//! so that every gold pair is scored.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::sync::atomic::AtomicBool;

use parallax_core::multi;
use parallax_core::segment::document_from_sentences;
use parallax_core::{Comparison, Engine};

use crate::bench::{warm, Counts, NewsData};
use crate::Failure;

/// The topic of a document id: the part before its last `_`.
fn topic(id: &str) -> &str {
    id.rsplit_once('_').map_or(id, |(topic, _)| topic)
}

pub fn run(engine: &Engine, dir: &Path) -> Result<String, Failure> {
    let data = NewsData::read(dir)?;
    let (docs, pairs) = (&data.docs, &data.pairs);
    let mut topics: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for pair in pairs.values() {
        for id in [&pair.doc1, &pair.doc2] {
            topics.entry(topic(id)).or_default().insert(id);
        }
    }
    warm(engine, docs.values().flat_map(|d| d.values()))?;
    let (mut joined, mut pairwise) = (Counts::default(), Counts::default());
    let mut scored_pairs = 0;
    for (name, ids) in &topics {
        let ids: Vec<&str> = ids.iter().copied().collect();
        // Each document's sentences in the order of their indices, with those indices.
        let mut indices: Vec<Vec<usize>> = Vec::new();
        let mut documents = Vec::new();
        for id in &ids {
            let (keys, texts) = data.sentences(id)?;
            indices.push(keys);
            documents.push(document_from_sentences(id, &texts));
        }
        let comparisons: Vec<Comparison> = multi::pairs(ids.len())
            .map(|(i, j)| {
                engine.compare(
                    documents[i].clone(),
                    documents[j].clone(),
                    &AtomicBool::new(false),
                    &mut |_, _, _| {},
                )
            })
            .collect::<Result<_, _>>()?;
        let pair_of: BTreeMap<(usize, usize), &Comparison> =
            multi::pairs(ids.len()).zip(&comparisons).collect();
        let set = multi::join(documents, &comparisons);
        for pair in pairs.values().filter(|p| topic(&p.doc1) == *name) {
            let position = |id: &str| ids.iter().position(|x| *x == id);
            let (Some(p1), Some(p2)) = (position(&pair.doc1), position(&pair.doc2)) else {
                continue;
            };
            if p1 == p2 {
                continue;
            }
            scored_pairs += 1;
            let gold = data.gold(pair)?;
            // Links as (index in doc1, index in doc2), the gold's numbering.
            let link = |(x, y): (usize, usize)| (indices[p1][x], indices[p2][y]);
            let c = pair_of[&(p1.min(p2), p1.max(p2))];
            let matched: HashSet<(usize, usize)> = c
                .matches
                .iter()
                .flat_map(|m| {
                    m.a.iter()
                        .flat_map(move |&x| m.b.iter().map(move |&y| (x, y)))
                })
                .map(|(x, y)| if p1 < p2 { (x, y) } else { (y, x) })
                .map(link)
                .collect();
            let claimed: HashSet<(usize, usize)> = set
                .claims
                .iter()
                .flat_map(|claim| {
                    let side = |p: usize| claim.members.iter().find(|x| x.article == p);
                    match (side(p1), side(p2)) {
                        (Some(a), Some(b)) => a
                            .sentences
                            .iter()
                            .flat_map(|&x| b.sentences.iter().map(move |&y| (x, y)))
                            .collect(),
                        _ => Vec::new(),
                    }
                })
                .map(link)
                .collect();
            joined.add_links(&claimed, &gold);
            pairwise.add_links(&matched, &gold);
        }
    }
    let (p, r, f) = joined.prf();
    let (pp, pr, pf) = pairwise.prf();
    Ok(format!(
        "multi: P={p:.1} R={r:.1} F1={f:.1} pairwise_P={pp:.1} pairwise_R={pr:.1} pairwise_F1={pf:.1} topics={} pairs={scored_pairs}",
        topics.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_is_the_id_before_its_last_underscore() {
        assert_eq!(topic("1_10ecbplus"), "1");
        assert_eq!(topic("Storm hits coast_generated"), "Storm hits coast");
        assert_eq!(topic("plain"), "plain");
    }
}
