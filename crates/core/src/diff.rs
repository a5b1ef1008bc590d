//! Diff: word-level differences inside a matched pair, computed with `similar` on
//! Unicode words, then cleaned up so that a change reads as one phrase replaced by
//! another rather than a confetti of single words; and the match's kind, read from
//! how much of the text the two sides share.

use std::time::{Duration, Instant};

use similar::{Algorithm, ChangeTag, TextDiff};

use crate::align;
use crate::report::{DiffOp, DiffSpan, MatchKind};

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

/// Diffs a match's sentences: A's joined by spaces against B's. When both sides hold
/// the same number of sentences (a headline and a lead on each side, say), each is
/// diffed against its counterpart in reading order, so that no word of one headline is
/// lined up with a word of the other side's lead. Either way the spans rebuild both
/// joined texts ([`side`]).
pub fn group_diff(a: &[&str], b: &[&str]) -> Vec<DiffSpan> {
    if a.len() != b.len() || a.len() < 2 {
        return word_diff(&a.join(" "), &b.join(" "));
    }
    let mut spans: Vec<DiffSpan> = Vec::new();
    for (k, (x, y)) in a.iter().zip(b).enumerate() {
        if k > 0 {
            push(&mut spans, DiffOp::Equal, " ");
        }
        for span in word_diff(x, y) {
            push(&mut spans, span.op, &span.text);
        }
    }
    spans
}

/// How many characters the two sides share in `spans`.
pub fn equal_chars(spans: &[DiffSpan]) -> usize {
    spans
        .iter()
        .filter(|s| s.op == DiffOp::Equal)
        .map(|s| s.text.chars().count())
        .sum()
}

/// How a match's sentences `a` and `b`, whose word diff is `diff`, relate: boilerplate
/// when `boilerplate` (A's sentences are all site chrome), verbatim when the words are
/// the same, edited when the two sides share at least 60% of the characters, partial
/// when one side has less than half the other's words, paraphrase otherwise.
pub fn kind(a: &[&str], b: &[&str], diff: &[DiffSpan], boilerplate: bool) -> MatchKind {
    let (ta, tb) = (a.join(" "), b.join(" "));
    if boilerplate {
        MatchKind::Boilerplate
    } else if align::normalise(&ta) == align::normalise(&tb) {
        MatchKind::Verbatim
    } else {
        let shared = equal_chars(diff);
        let longest = ta.chars().count().max(tb.chars().count()).max(1);
        let (la, lb) = (
            ta.split_whitespace().count() as f32,
            tb.split_whitespace().count() as f32,
        );
        if shared * 10 >= longest * 6 {
            MatchKind::Edited
        } else if la.min(lb) / la.max(lb) < 0.5 {
            // One side says more: counted in words, not sentences, since a statement
            // split in two says no more than the one it was split from.
            MatchKind::Partial
        } else {
            MatchKind::Paraphrase
        }
    }
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
    fn a_statement_split_in_two_is_no_partial_but_one_that_says_more_is() {
        let kind_of = |a: &[&str], b: &[&str]| kind(a, b, &group_diff(a, b), false);
        let whole =
            ["The ferry terminal opened in 1987 and inspectors last checked its roof in May."];
        let split = [
            "The terminal dates from 1987.",
            "Its roof was looked at by inspectors in May.",
        ];
        assert_eq!(kind_of(&whole, &split), MatchKind::Paraphrase);
        let more = [
            "The terminal dates from 1987.",
            "Its roof was looked at by inspectors in May, and its piers, its car park, its waiting rooms and the slipway were all found in need of urgent repair.",
        ];
        assert_eq!(kind_of(&whole, &more), MatchKind::Partial);
    }

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

    #[test]
    fn two_sentences_a_side_are_diffed_pair_by_pair() {
        let a = [
            "Tidewater footbridge collapses into harbor",
            "A 20-metre section of the footbridge gave way on Tuesday.",
        ];
        let b = [
            "Terror on the Tidewater: footbridge snaps",
            "Dozens felt the deck lurch before a 20-metre stretch plunged.",
        ];
        let spans = group_diff(&a, &b);
        assert_eq!(side(&spans, DiffOp::Delete), a.join(" "));
        assert_eq!(side(&spans, DiffOp::Insert), b.join(" "));
        // The headlines are diffed with each other, the leads with each other.
        let headlines = word_diff(a[0], b[0]);
        assert_eq!(&spans[..headlines.len()], &headlines[..]);
        // One diff of the joined texts runs B's headline into its lead in one change.
        let crosses = |spans: &[DiffSpan]| {
            spans.iter().any(|s| {
                s.op == DiffOp::Insert && s.text.contains("snaps") && s.text.contains("Dozens")
            })
        };
        assert!(crosses(&word_diff(&a.join(" "), &b.join(" "))));
        assert!(!crosses(&spans));
    }

    #[test]
    fn one_sentence_against_two_is_one_diff_of_the_joined_texts() {
        let (a, b) = (["A B C D."], ["A B.", "C D."]);
        assert_eq!(group_diff(&a, &b), word_diff("A B C D.", "A B. C D."));
    }
}
