//! Diff: word-level differences inside a matched pair, computed with `similar` on
//! Unicode words, then cleaned up so that a change reads as one phrase replaced by
//! another rather than a confetti of single words.

use std::time::{Duration, Instant};

use similar::{Algorithm, ChangeTag, TextDiff};

use crate::report::{DiffOp, DiffSpan};

/// Diffs A's text against B's; slow inputs degrade to a coarser diff after 200 ms.
pub fn word_diff(a: &str, b: &str) -> Vec<DiffSpan> {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .deadline(Instant::now() + Duration::from_millis(200))
        .diff_unicode_words(a, b);
    let mut spans: Vec<DiffSpan> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => DiffOp::Equal,
            ChangeTag::Delete => DiffOp::Delete,
            ChangeTag::Insert => DiffOp::Insert,
        };
        push(&mut spans, op, change.value());
    }
    cleanup(spans)
}

fn push(spans: &mut Vec<DiffSpan>, op: DiffOp, text: &str) {
    match spans.last_mut() {
        Some(last) if last.op == op => last.text.push_str(text),
        _ => spans.push(DiffSpan {
            op,
            text: text.to_string(),
        }),
    }
}

/// Semantic cleanup: an equal run that is only white space or punctuation between two
/// changes joins them, and the deletions come before the insertions of each change.
fn cleanup(spans: Vec<DiffSpan>) -> Vec<DiffSpan> {
    let mut out: Vec<DiffSpan> = Vec::new();
    let mut deleted = String::new();
    let mut inserted = String::new();
    let flush = |out: &mut Vec<DiffSpan>, deleted: &mut String, inserted: &mut String| {
        if !deleted.is_empty() {
            push(out, DiffOp::Delete, deleted);
        }
        if !inserted.is_empty() {
            push(out, DiffOp::Insert, inserted);
        }
        deleted.clear();
        inserted.clear();
    };
    for (i, span) in spans.iter().enumerate() {
        match span.op {
            DiffOp::Delete => deleted.push_str(&span.text),
            DiffOp::Insert => inserted.push_str(&span.text),
            DiffOp::Equal => {
                let trivial = span.text.chars().all(|c| !c.is_alphanumeric());
                let between_changes =
                    i > 0 && i + 1 < spans.len() && (!deleted.is_empty() || !inserted.is_empty());
                if trivial && between_changes {
                    deleted.push_str(&span.text);
                    inserted.push_str(&span.text);
                } else {
                    flush(&mut out, &mut deleted, &mut inserted);
                    push(&mut out, DiffOp::Equal, &span.text);
                }
            }
        }
    }
    flush(&mut out, &mut deleted, &mut inserted);
    out
}

/// Rebuilds one side's text from the diff (`Delete` for A, `Insert` for B).
pub fn side(spans: &[DiffSpan], op: DiffOp) -> String {
    spans
        .iter()
        .filter(|s| s.op == DiffOp::Equal || s.op == op)
        .map(|s| s.text.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_phrase_reads_as_one_change() {
        let spans = word_diff(
            "Fourteen people were taken to hospital.",
            "Seventeen people were rushed to hospital.",
        );
        let ops: Vec<(DiffOp, &str)> = spans.iter().map(|s| (s.op, s.text.as_str())).collect();
        assert_eq!(
            ops,
            [
                (DiffOp::Delete, "Fourteen"),
                (DiffOp::Insert, "Seventeen"),
                (DiffOp::Equal, " people were "),
                (DiffOp::Delete, "taken"),
                (DiffOp::Insert, "rushed"),
                (DiffOp::Equal, " to hospital."),
            ]
        );
        assert_eq!(
            side(&spans, DiffOp::Delete),
            "Fourteen people were taken to hospital."
        );
        assert_eq!(
            side(&spans, DiffOp::Insert),
            "Seventeen people were rushed to hospital."
        );
    }
}
