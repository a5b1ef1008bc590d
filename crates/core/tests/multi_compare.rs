//! Several documents through the real engine: two documents give back what the
//! two-document comparison gives, every sentence is embedded once, progress and
//! cancellation work, bad document counts are refused, and a golden snapshot of the
//! three sample articles (one per mode, as in `golden_compare.rs`).

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use parallax_core::multi::{member_label, MultiComparison, MAX_DOCUMENTS};
use parallax_core::{Document, Engine, ErrorKind, Stage};
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn engine() -> Engine {
    Engine::new(None).with_cache_dir(None)
}

fn load(path: &str) -> Document {
    parallax_core::load_path(&root().join(path)).expect("loads")
}

const SAMPLES: [&str; 3] = [
    "assets/samples/harbor-bridge-courier.md",
    "assets/samples/harbor-bridge-gazette.txt",
    "assets/samples/harbor-bridge-wire.txt",
];

fn round(x: f32) -> f64 {
    (f64::from(x) * 100.0).round() / 100.0
}

#[test]
fn two_documents_give_the_matches_and_shares_of_compare() {
    let e = engine();
    let (a, b) = (load(SAMPLES[0]), load(SAMPLES[1]));
    let pair = e
        .compare(
            a.clone(),
            b.clone(),
            &AtomicBool::new(false),
            &mut |_, _, _| {},
        )
        .expect("compares");
    let multi = e
        .compare_many(&[a, b], &AtomicBool::new(false), &mut |_, _, _| {})
        .expect("compares");
    let shared: Vec<_> = pair
        .matches
        .iter()
        .filter(|m| m.kind != parallax_core::MatchKind::Boilerplate)
        .collect();
    assert!(!shared.is_empty());
    let claims: Vec<_> = multi
        .claims
        .iter()
        .filter(|c| c.members.len() == 2)
        .collect();
    assert_eq!(claims.len(), shared.len());
    for m in shared {
        let claim = claims
            .iter()
            .find(|c| c.members[0].sentences == m.a && c.members[1].sentences == m.b)
            .unwrap_or_else(|| panic!("no claim for match {:?} ~ {:?}", m.a, m.b));
        // A is the representative; B's kind, score and diff are the match's.
        assert_eq!(claim.representative, 0);
        assert_eq!(claim.members[1].kind, Some(m.kind));
        assert_eq!(claim.members[1].score, Some(m.score));
        assert_eq!(claim.members[1].diff, m.diff);
        let conflicts: Vec<_> = claim
            .conflicts
            .iter()
            .map(|c| (&c.a.fact, &c.b.fact))
            .collect();
        let expected: Vec<_> = m.conflicts.iter().map(|c| (&c.a, &c.b)).collect();
        assert_eq!(conflicts, expected);
    }
    assert_eq!(multi.articles[0].shared, pair.summary.a_shared);
    assert_eq!(multi.articles[1].shared, pair.summary.b_shared);
    assert_eq!(multi.shared[0][1], pair.summary.a_shared);
    assert_eq!(multi.shared[1][0], pair.summary.b_shared);
    // Every content sentence no match holds is an exclusive of its article.
    for side in 0..2 {
        let matched = pair.matched(side);
        let alone: Vec<usize> = pair.documents[side]
            .content_sentences()
            .filter(|s| !matched.contains(&s.id))
            .map(|s| s.id)
            .collect();
        let exclusives: Vec<usize> = multi.articles[side]
            .exclusives
            .iter()
            .flat_map(|&k| multi.claims[k].members[0].sentences.clone())
            .collect();
        assert_eq!(exclusives, alone);
    }
}

#[test]
fn each_sentence_is_embedded_once_and_progress_reaches_every_pair() {
    let e = engine();
    let docs: Vec<Document> = SAMPLES.iter().map(|p| load(p)).collect();
    let mut events: Vec<(Stage, usize, usize)> = Vec::new();
    e.compare_many(&docs, &AtomicBool::new(false), &mut |s, d, t| {
        events.push((s, d, t))
    })
    .expect("compares");
    let first_aligning = events
        .iter()
        .position(|(s, _, _)| *s == Stage::Aligning)
        .expect("aligning is reported");
    // The pairwise comparisons report any embedding they do: they must find every
    // sentence in the engine's cache and do none.
    assert!(events[first_aligning..]
        .iter()
        .all(|(s, _, _)| *s == Stage::Aligning));
    assert_eq!(events.last(), Some(&(Stage::Aligning, 3, 3)));
    if e.is_semantic() {
        let unique: std::collections::BTreeSet<&str> = docs
            .iter()
            .flat_map(|d| &d.sentences)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(
            events[first_aligning - 1],
            (Stage::Embedding, unique.len(), unique.len())
        );
    }
}

#[test]
fn a_cancelled_multi_comparison_stops_with_cancelled() {
    let e = engine();
    let docs: Vec<Document> = SAMPLES.iter().map(|p| load(p)).collect();
    let err = e
        .compare_many(&docs, &AtomicBool::new(true), &mut |_, _, _| {})
        .expect_err("cancelled");
    assert!(matches!(err.kind, ErrorKind::Cancelled), "{err}");
}

#[test]
fn fewer_than_two_or_more_than_the_limit_are_refused() {
    let e = engine();
    let one = vec![load(SAMPLES[0])];
    let err = e
        .compare_many(&one, &AtomicBool::new(false), &mut |_, _, _| {})
        .expect_err("one document");
    assert!(
        err.to_string().contains("2 to 12 documents, not 1"),
        "{err}"
    );
    let many = vec![load(SAMPLES[0]); MAX_DOCUMENTS + 1];
    let err = e
        .compare_many(&many, &AtomicBool::new(false), &mut |_, _, _| {})
        .expect_err("too many");
    assert!(matches!(
        err.kind,
        ErrorKind::DocumentCount { count: 13, .. }
    ));
}

/// The multi comparison with each member's text, so a snapshot reads on its own.
fn view(m: &MultiComparison) -> Value {
    let claims: Vec<Value> = m
        .claims
        .iter()
        .map(|c| {
            let members: Vec<Value> = c
                .members
                .iter()
                .map(|x| {
                    let text: Vec<&str> = x
                        .sentences
                        .iter()
                        .map(|&s| m.documents[x.article].sentences[s].text.as_str())
                        .collect();
                    json!({
                        "label": member_label(x.article, &x.sentences),
                        "kind": x.kind, "score": x.score.map(round),
                        "text": text.join(" "), "diff": x.diff,
                    })
                })
                .collect();
            let conflicts: Vec<Value> = c
                .conflicts
                .iter()
                .map(|k| {
                    json!({
                        "kind": k.kind,
                        "a": format!("{} {:?}", member_label(k.a.article, &[k.a.fact.sentence]), k.a.fact.text),
                        "b": format!("{} {:?}", member_label(k.b.article, &[k.b.fact.sentence]), k.b.fact.text),
                    })
                })
                .collect();
            json!({"representative": c.representative, "members": members, "conflicts": conflicts})
        })
        .collect();
    let articles: Vec<Value> = m
        .articles
        .iter()
        .map(|a| {
            json!({
                "shared": round(a.shared), "shared_claims": a.shared_claims,
                "exclusives": a.exclusives, "conflicts": a.conflicts,
            })
        })
        .collect();
    let matrix: Vec<Vec<f64>> = m
        .shared
        .iter()
        .map(|row| row.iter().map(|&x| round(x)).collect())
        .collect();
    json!({
        "semantic": m.semantic,
        "claims": claims,
        "articles": articles,
        "shared": matrix,
    })
}

#[test]
fn harbor_bridge_three_outlets() {
    let e = engine();
    let docs: Vec<Document> = SAMPLES.iter().map(|p| load(p)).collect();
    let m = e
        .compare_many(&docs, &AtomicBool::new(false), &mut |_, _, _| {})
        .expect("compares");
    let mode = if m.semantic { "semantic" } else { "lexical" };
    insta::assert_json_snapshot!(format!("harbor_bridge_three_{mode}"), view(&m));
}
