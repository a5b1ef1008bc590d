//! Golden snapshots of comparisons of the project's own sample pairs: which sentences
//! match, how, with which diffs and conflicts, and which came close without matching. Scores are rounded to two decimals so
//! that float noise does not break them. There is one snapshot per mode, semantic (the
//! model from `./x setup` present) and lexical (without it; run with
//! `PARALLAX_MODEL_DIR=/nonexistent` to check or update that one).

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use parallax_core::{Comparison, Engine};
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 100.0).round() / 100.0
}

/// The comparison without the documents' own fields (covered by the ingest tests),
/// each match with its sentences' text so a snapshot reads on its own.
fn view(c: &Comparison) -> Value {
    let text = |doc: usize, ids: &[usize]| -> Vec<&str> {
        ids.iter()
            .map(|&i| c.documents[doc].sentences[i].text.as_str())
            .collect()
    };
    let matches: Vec<Value> = c
        .matches
        .iter()
        .map(|m| {
            json!({
                "a": m.a, "b": m.b, "kind": m.kind, "score": round(m.score),
                "a_text": text(0, &m.a), "b_text": text(1, &m.b),
                "conflicts": m.conflicts, "diff": m.diff,
            })
        })
        .collect();
    let near_misses: Vec<Value> = c
        .near_misses
        .iter()
        .map(|n| {
            json!({
                "a": n.a, "b": n.b, "score": round(n.score),
                "a_text": text(0, &[n.a]), "b_text": text(1, &[n.b]),
            })
        })
        .collect();
    let s = &c.summary;
    json!({
        "semantic": c.semantic,
        "sentences": [c.documents[0].sentences.len(), c.documents[1].sentences.len()],
        "matches": matches,
        "near_misses": near_misses,
        "summary": {
            "a_shared": round(s.a_shared), "b_shared": round(s.b_shared),
            "verbatim": s.verbatim, "edited": s.edited, "paraphrase": s.paraphrase,
            "partial": s.partial, "boilerplate": s.boilerplate, "conflicts": s.conflicts,
            "shared_names": s.shared_names,
        },
    })
}

fn snapshot(name: &str, a: &str, b: &str) {
    let engine = Engine::new(None).with_cache_dir(None);
    let load = |p: &str| parallax_core::load_path(&root().join(p)).expect("loads");
    let c = engine
        .compare(load(a), load(b), &AtomicBool::new(false), &mut |_, _, _| {})
        .expect("compares");
    let mode = if c.semantic { "semantic" } else { "lexical" };
    insta::assert_json_snapshot!(format!("{name}_{mode}"), view(&c));
}

#[test]
fn harbor_bridge() {
    snapshot(
        "harbor_bridge",
        "assets/samples/harbor-bridge-courier.md",
        "assets/samples/harbor-bridge-gazette.txt",
    );
}

#[test]
fn orchard_fire() {
    snapshot(
        "orchard_fire",
        "tests/fixtures/compare/orchard-fire-ledger.md",
        "tests/fixtures/compare/orchard-fire-herald.txt",
    );
}

#[test]
fn council_vote() {
    snapshot(
        "council_vote",
        "tests/fixtures/compare/council-vote-post.txt",
        "tests/fixtures/compare/council-vote-bulletin.md",
    );
}
