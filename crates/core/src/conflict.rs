//! Conflict: the facts two matched statements state with different values — a number
//! or a date that differs, a negation on one side only, another name in the same
//! words' role. It runs on each match after the diff stage, since the name rule reads
//! the match's word diff.

use std::collections::BTreeSet;

use unicode_segmentation::UnicodeSegmentation;

use crate::diff;
use crate::document::Document;
use crate::report::{Conflict, ConflictKind, DiffOp, DiffSpan, FactSpan};
use crate::represent::{self, Fact, FactKind, SentenceFeatures};

/// One side of a match: its document, the features of the document's sentences and the
/// ids of the sentences the match holds.
pub struct Side<'a> {
    pub doc: &'a Document,
    pub features: &'a [SentenceFeatures],
    pub ids: &'a [usize],
}

/// The conflicts of the match between `a` and `b` whose word diff is `diff`: numbers,
/// dates and negation first, then a name.
pub fn find(a: &Side, b: &Side, diff: &[DiffSpan]) -> Vec<Conflict> {
    let mut found = fact_conflicts(a, b);
    found.extend(name_conflict(diff, a, b));
    found
}

/// Facts both sides state with different values: numbers and dates that only one side
/// has while the other has a different one of the same kind, and negation on one side only.
fn fact_conflicts(a: &Side, b: &Side) -> Vec<Conflict> {
    let facts = |ids: &[usize], f: &[SentenceFeatures]| -> Vec<(usize, Fact)> {
        ids.iter()
            .flat_map(|&i| f[i].facts.iter().map(move |x| (i, x.clone())))
            .collect()
    };
    let (xa, xb) = (facts(a.ids, a.features), facts(b.ids, b.features));
    let mut out = Vec::new();
    for (kind, conflict_kind) in [
        (FactKind::Number, ConflictKind::Number),
        (FactKind::Date, ConflictKind::Date),
    ] {
        let values = |x: &[(usize, Fact)]| {
            x.iter()
                .filter(|(_, f)| f.kind == kind)
                .map(|(_, f)| f.value.clone())
                .collect::<BTreeSet<_>>()
        };
        let (va, vb) = (values(&xa), values(&xb));
        let only_a: Vec<&(usize, Fact)> = xa
            .iter()
            .filter(|(_, f)| f.kind == kind && !vb.contains(&f.value))
            .collect();
        let only_b: Vec<&(usize, Fact)> = xb
            .iter()
            .filter(|(_, f)| f.kind == kind && !va.contains(&f.value))
            .collect();
        if let (Some(x), Some(y)) = (only_a.first(), only_b.first()) {
            out.push(Conflict {
                kind: conflict_kind,
                a: fact_span(a.doc, x),
                b: fact_span(b.doc, y),
            });
        }
    }
    let (na, nb) = (negations(&xa), negations(&xb));
    if na.len() % 2 != nb.len() % 2 {
        let (one, doc, other_ids, other) = if na.len() > nb.len() {
            (na[0], a.doc, b.ids, true)
        } else {
            (nb[0], b.doc, a.ids, false)
        };
        let missing = FactSpan {
            sentence: other_ids[0],
            start: 0,
            end: 0,
            text: String::new(),
        };
        let present = fact_span(doc, one);
        out.push(if other {
            Conflict {
                kind: ConflictKind::Negation,
                a: present,
                b: missing,
            }
        } else {
            Conflict {
                kind: ConflictKind::Negation,
                a: missing,
                b: present,
            }
        });
    }
    out
}

/// A name in the same role: the diff replaces one run of capitalised name words by
/// another between the same words on both sides ("said Minister Ana Ruiz" vs "said
/// Minister Carla Ruiz"). Precision first: the replaced and the replacing name must
/// each appear only there, both must be one to three name words, and the unchanged
/// context must hold at least two words on one side of the change.
fn name_conflict(diff: &[DiffSpan], a: &Side, b: &Side) -> Option<Conflict> {
    let words = |t: &str| t.unicode_words().count();
    let name_run = |t: &str| {
        let n = words(t);
        (1..=3).contains(&n)
            && t.unicode_words().all(represent::is_name_word)
            && t.chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '.')
    };
    let (ta, tb) = (
        diff::side(diff, DiffOp::Delete),
        diff::side(diff, DiffOp::Insert),
    );
    for k in 0..diff.len().saturating_sub(1) {
        let (del, ins) = (&diff[k], &diff[k + 1]);
        if del.op != DiffOp::Delete || ins.op != DiffOp::Insert {
            continue;
        }
        let (x, y) = (del.text.trim(), ins.text.trim());
        if !name_run(x) || !name_run(y) || ta.contains(y) || tb.contains(x) {
            continue;
        }
        let before = k
            .checked_sub(1)
            .map(|p| &diff[p])
            .filter(|s| s.op == DiffOp::Equal);
        let after = diff.get(k + 2).filter(|s| s.op == DiffOp::Equal);
        let context = before
            .map_or(0, |s| words(&s.text))
            .max(after.map_or(0, |s| words(&s.text)));
        if context < 2 || ta.matches(x).count() != 1 || tb.matches(y).count() != 1 {
            continue;
        }
        return Some(Conflict {
            kind: ConflictKind::Name,
            a: locate(x, a.ids, a.doc)?,
            b: locate(y, b.ids, b.doc)?,
        });
    }
    None
}

/// The span of `text` in the first of `ids`' sentences that holds it.
fn locate(text: &str, ids: &[usize], doc: &Document) -> Option<FactSpan> {
    ids.iter().find_map(|&id| {
        let sentence = &doc.sentences[id].text;
        let byte = sentence.find(text)?;
        let start = sentence[..byte].chars().count();
        Some(FactSpan {
            sentence: id,
            start,
            end: start + text.chars().count(),
            text: text.to_string(),
        })
    })
}

fn negations(x: &[(usize, Fact)]) -> Vec<&(usize, Fact)> {
    x.iter()
        .filter(|(_, f)| f.kind == FactKind::Negation)
        .collect()
}

/// A fact as its sentence writes it ("9,000", "Fourteen"), not its normalised value.
fn fact_span(doc: &Document, (sentence, f): &(usize, Fact)) -> FactSpan {
    let text = doc.sentences[*sentence].text.chars();
    FactSpan {
        sentence: *sentence,
        start: f.start,
        end: f.end,
        text: text.skip(f.start).take(f.end - f.start).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::document_from_sentences;

    /// The conflicts between A's only sentence and B's only sentence.
    fn conflicts(a: &str, b: &str) -> Vec<(ConflictKind, String, String)> {
        let doc = |s: &str| document_from_sentences("t", &[s.to_string()]);
        let (da, db) = (doc(a), doc(b));
        let (fa, fb) = ([represent::features(a)], [represent::features(b)]);
        let side = |doc, features| Side {
            doc,
            features,
            ids: &[0],
        };
        find(&side(&da, &fa), &side(&db, &fb), &diff::word_diff(a, b))
            .into_iter()
            .map(|c| (c.kind, c.a.text, c.b.text))
            .collect()
    }

    #[test]
    fn a_negation_on_one_side_only_is_a_conflict() {
        assert_eq!(
            conflicts(
                "The ferry did not sail on Monday.",
                "The ferry sailed on Monday."
            ),
            [(ConflictKind::Negation, "not".into(), String::new())]
        );
    }

    #[test]
    fn declining_to_do_something_agrees_with_not_doing_it() {
        assert!(conflicts(
            "The mayor said the city would not speculate about the cause.",
            "The mayor declined to speculate about the cause of the collapse."
        )
        .is_empty());
        assert_eq!(
            conflicts(
                "The mayor declined to speculate about the cause.",
                "The mayor speculated about the cause."
            ),
            [(ConflictKind::Negation, "declined".into(), String::new())]
        );
    }

    #[test]
    fn different_counts_of_one_thing_are_a_number_conflict() {
        assert_eq!(
            conflicts(
                "Fourteen people were taken to hospital.",
                "Seventeen people were rushed to hospital."
            ),
            [(ConflictKind::Number, "Fourteen".into(), "Seventeen".into())]
        );
    }
}
