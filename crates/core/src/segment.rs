//! Segment: split each block into sentences and lay out the canonical text.
//!
//! Unicode sentence boundaries (UAX #29) do most of the work; the rules here undo the
//! breaks it makes after abbreviations, initials and "a.m." that news text is full of.

use unicode_segmentation::UnicodeSegmentation;

use crate::boilerplate;
use crate::document::{Block, BlockKind, Document, Format, Sentence};
use crate::error::{Error, ErrorKind, Result};
use crate::ingest::{RawBlock, RawDocument};
use crate::represent::WEEKDAYS;

/// Builds a [`Document`] from a reader's blocks: canonical text, sentences, boilerplate flags.
pub fn build_document(path: &str, format: Format, raw: RawDocument) -> Result<Document> {
    let mut text = String::new();
    let mut chars = 0usize;
    let mut blocks = Vec::new();
    let mut sentences = Vec::new();
    // One entry per block of the document, in order: the text each block holds.
    let kept: Vec<&RawBlock> = raw
        .blocks
        .iter()
        .filter(|b| !b.text.trim().is_empty())
        .collect();
    for raw_block in &kept {
        if !text.is_empty() {
            text.push_str("\n\n");
            chars += 2;
        }
        let block_id = blocks.len();
        let block_start = chars;
        for (offset, sentence) in split_sentences(&raw_block.text) {
            let start = block_start + raw_block.text[..offset].chars().count();
            let len = sentence.chars().count();
            sentences.push(Sentence {
                id: sentences.len(),
                text: sentence.to_string(),
                start,
                end: start + len,
                block: block_id,
                boilerplate: false,
            });
        }
        text.push_str(&raw_block.text);
        chars += raw_block.text.chars().count();
        blocks.push(Block {
            id: block_id,
            kind: raw_block.kind,
            start: block_start,
            end: chars,
            boilerplate: false,
        });
    }
    if sentences.is_empty() {
        return Err(Error::new(path, ErrorKind::NoText));
    }
    let mut doc = Document {
        path: path.to_string(),
        format,
        title: raw.title,
        byline: raw.byline,
        date: raw.date,
        text,
        blocks,
        sentences,
    };
    boilerplate::mark(&mut doc, &kept);
    doc.title = headline(&doc, &kept).or(doc.title);
    Ok(doc)
}

/// The headline: the first heading, or the first short unpunctuated block near the top,
/// that is not site chrome.
fn headline(doc: &Document, kept: &[&RawBlock]) -> Option<String> {
    let is_title = |b: &Block| {
        let text = kept[b.id].text.clone();
        let words = text.split_whitespace().count();
        let open = !text.ends_with(['.', '!', '?', '"', '”']);
        (b.kind == BlockKind::Heading || (words > 1 && words <= 20 && open)).then_some(text)
    };
    let wanted = doc.title.as_deref();
    let candidates = doc.blocks.iter().filter(|b| !b.boilerplate).take(3);
    let found: Vec<String> = candidates.filter_map(is_title).collect();
    if wanted.is_some_and(|t| found.iter().any(|f| f == t)) {
        return wanted.map(str::to_string);
    }
    if wanted.is_some() && !doc.blocks.iter().any(|b| b.boilerplate) {
        return None;
    }
    found.into_iter().next()
}

/// Builds a document from sentences that are already split (benchmarks keep their
/// split), one block each, with site chrome marked as ingestion marks it: a benchmark
/// aligns its documents as the app would.
pub fn document_from_sentences(path: &str, sentences: &[String]) -> Document {
    let mut text = String::new();
    let mut chars = 0;
    let mut out = Vec::new();
    let mut blocks = Vec::new();
    for (id, s) in sentences.iter().enumerate() {
        if !text.is_empty() {
            text.push_str("\n\n");
            chars += 2;
        }
        let len = s.chars().count();
        out.push(Sentence {
            id,
            text: s.clone(),
            start: chars,
            end: chars + len,
            block: id,
            boilerplate: false,
        });
        blocks.push(Block {
            id,
            kind: BlockKind::Paragraph,
            start: chars,
            end: chars + len,
            boilerplate: false,
        });
        text.push_str(s);
        chars += len;
    }
    let mut doc = Document {
        path: path.into(),
        format: Format::Text,
        title: None,
        byline: None,
        date: None,
        text,
        blocks,
        sentences: out,
    };
    let raw: Vec<RawBlock> = sentences
        .iter()
        .map(|s| RawBlock::new(BlockKind::Paragraph, s.as_str()))
        .collect();
    boilerplate::mark(&mut doc, &raw.iter().collect::<Vec<_>>());
    doc
}

/// Splits a block's text into trimmed sentences with their byte offsets.
pub fn split_sentences(text: &str) -> Vec<(usize, &str)> {
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for (offset, piece) in text.split_sentence_bound_indices() {
        let end = offset + piece.len();
        let merge = pieces.last().is_some_and(|&(start, prev_end)| {
            let prev = text[start..prev_end].trim_end();
            should_join(prev, piece.trim_start())
        });
        if merge {
            pieces.last_mut().expect("checked").1 = end;
        } else {
            pieces.push((offset, end));
        }
    }
    pieces
        .into_iter()
        .filter_map(|(start, end)| {
            let slice = &text[start..end];
            let lead = slice.len() - slice.trim_start().len();
            let trimmed = slice.trim();
            (!trimmed.is_empty()).then_some((start + lead, trimmed))
        })
        .collect()
}

/// Titles and other abbreviations that are almost never the end of a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt",
    "cmdr", "adm", "maj", "pres", "rev", "fr", "hon", "jr", "sr", "mt", "ft", "ave", "blvd", "rd",
    "no", "nos", "vol", "fig", "vs", "v", "etc", "approx", "dept", "univ", "assn", "corp", "inc",
    "ltd", "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "e.g", "i.e", "cf", "al",
];

/// Words that usually start a new sentence, so that a break after "U.S." or "a.m." stands.
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "but",
    "and",
    "or",
    "so",
    "in",
    "on",
    "at",
    "if",
    "when",
    "while",
    "after",
    "before",
    "as",
    "there",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "no",
    "yes",
    "however",
    "meanwhile",
    "still",
    "yet",
    "then",
    "now",
    "some",
    "many",
    "most",
    "officials",
    "police",
    "what",
    "why",
    "how",
    "who",
    "where",
    "one",
    "two",
    "for",
    "by",
    "to",
    "from",
    "with",
];

fn should_join(prev: &str, next: &str) -> bool {
    let Some(next_first) = next.chars().next() else {
        return false;
    };
    if !prev.ends_with('.') {
        return false;
    }
    let last_word = prev
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    let word = last_word.trim_end_matches('.');
    let lower = word.to_lowercase();
    if next_first.is_lowercase() {
        return true;
    }
    // "No. 10", "Feb. 24", "Vol. 3"
    if TITLES.contains(&lower.as_str()) {
        let is_month_or_number = [
            "no", "nos", "vol", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
            "sept", "oct", "nov", "dec",
        ]
        .contains(&lower.as_str());
        return !is_month_or_number || next_first.is_ascii_digit() || !starts_with_starter(next);
    }
    // An initial: "J. R. Talbot"
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return true;
    }
    // "7.45 a.m. Tuesday" continues; "7.45 a.m. Costs rose" does not.
    if lower == "a.m" || lower == "p.m" {
        return starts_with_any(next, TIME_CONTINUATIONS) || starts_with_any(next, WEEKDAYS);
    }
    // Dotted abbreviations: "U.S.", "U.N."
    if word.contains('.')
        && word
            .split('.')
            .all(|p| p.chars().count() <= 2 && !p.is_empty())
    {
        return !starts_with_starter(next);
    }
    false
}

/// Words that continue a sentence after "a.m." or "p.m.".
const TIME_CONTINUATIONS: &[&str] = &[
    "et",
    "est",
    "edt",
    "gmt",
    "utc",
    "bst",
    "cet",
    "pt",
    "pst",
    "local",
    "eastern",
    "pacific",
    "central",
    "mountain",
    "today",
    "tomorrow",
    "yesterday",
];

fn starts_with_starter(text: &str) -> bool {
    starts_with_any(text, SENTENCE_STARTERS)
}

fn starts_with_any(text: &str, words: &[&str]) -> bool {
    let first: String = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '\'')
        .collect::<String>()
        .to_lowercase();
    words.contains(&first.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        split_sentences(text).into_iter().map(|(_, s)| s).collect()
    }

    #[test]
    fn headings_after_the_headline_are_subheadings() {
        let text = "# Ferry fares rise\n\nFares rise by a tenth in May.\n\n## What riders pay\n\nA return ticket costs 12 pounds.\n";
        let (format, raw) = crate::ingest::read_text(text, Some("md")).unwrap();
        let doc = build_document("t.md", format, raw).unwrap();
        let subheadings: Vec<&str> = doc
            .sentences
            .iter()
            .filter(|s| doc.is_subheading(s.id))
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(subheadings, ["What riders pay"]);
    }

    #[test]
    fn titles_and_initials_do_not_end_sentences() {
        assert_eq!(
            split("Mr. Okafor met Dr. J. R. Talbot on Quay St. on Monday. They spoke."),
            [
                "Mr. Okafor met Dr. J. R. Talbot on Quay St. on Monday.",
                "They spoke."
            ]
        );
    }

    #[test]
    fn us_abbreviation_joins_unless_a_sentence_starts() {
        assert_eq!(
            split("The U.S. Secretary of State arrived. He met U.S. officials in the U.S. The talks ended."),
            ["The U.S. Secretary of State arrived.", "He met U.S. officials in the U.S.", "The talks ended."]
        );
    }

    #[test]
    fn dates_numbers_decimals_and_times() {
        assert_eq!(
            split("It reopens on Feb. 24 at 7.45 a.m. Costs rose 3.5 percent. Rule No. 9 applies."),
            [
                "It reopens on Feb. 24 at 7.45 a.m.",
                "Costs rose 3.5 percent.",
                "Rule No. 9 applies."
            ]
        );
        assert_eq!(
            split("The meeting began at 10:30 and ended at noon. Nobody left."),
            [
                "The meeting began at 10:30 and ended at noon.",
                "Nobody left."
            ]
        );
    }

    #[test]
    fn quotes_that_end_sentences_and_ellipses() {
        assert_eq!(
            split("“We are confident,” he said. “It is over.” She left... Then the rain came."),
            [
                "“We are confident,” he said.",
                "“It is over.”",
                "She left...",
                "Then the rain came."
            ]
        );
        assert_eq!(
            split("He said it was \"a crack like a rifle shot.\" Nobody moved."),
            [
                "He said it was \"a crack like a rifle shot.\"",
                "Nobody moved."
            ]
        );
    }

    #[test]
    fn a_month_abbreviation_at_the_end_of_a_sentence_still_ends_it() {
        assert_eq!(
            split("The vote was held in Jan. The result came later."),
            ["The vote was held in Jan.", "The result came later."]
        );
    }

    #[test]
    fn given_sentences_get_their_chrome_marked_as_ingestion_would() {
        let sentences = [
            "By Jo Smith",
            "Updated: March 14, 2013 9:31 AM",
            "The ferry sank near the harbour on Tuesday.",
            "Share this article on Facebook",
            "Nobody was hurt, the coastguard said.",
        ]
        .map(String::from);
        let doc = document_from_sentences("t", &sentences);
        let chrome: Vec<bool> = doc.sentences.iter().map(|s| s.boilerplate).collect();
        assert_eq!(chrome, [true, true, false, true, false]);
        assert_eq!(doc.sentences[2].text, sentences[2]);
    }
}
