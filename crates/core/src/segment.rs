//! Segment: split each block into sentences and lay out the canonical text.
//!
//! Unicode sentence boundaries (UAX #29) do most of the work; the rules here undo the
//! breaks it makes after abbreviations, initials and "a.m." that news text is full of,
//! and place the ones it misses or misplaces around ellipses and inline enumerations.

use std::sync::LazyLock;

use regex::Regex;
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
        // Sentence offsets come in order: count the chars between them once, not from the
        // block's start for each sentence (which is quadratic in a long block).
        let (mut counted_bytes, mut counted_chars) = (0, 0);
        for (offset, sentence) in split_sentences(&raw_block.text) {
            counted_chars += raw_block.text[counted_bytes..offset].chars().count();
            counted_bytes = offset;
            let start = block_start + counted_chars;
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
///
/// The Unicode sentence breaks are taken one by one and undone where [`should_join`]
/// says the break follows an abbreviation, an initial or a mid-sentence "!"; then
/// spaced ellipses ([`ellipsis_cuts`]) and inline enumerations ([`enumeration_cuts`])
/// move the cuts. Each step is linear in the text.
pub fn split_sentences(text: &str) -> Vec<(usize, &str)> {
    // Byte offsets where a sentence starts, after the first.
    let mut cuts: Vec<usize> = Vec::new();
    let mut start = 0;
    for (offset, piece) in text.split_sentence_bound_indices() {
        if offset == 0 {
            continue;
        }
        let prev = text[start..offset].trim_end();
        if !should_join(prev, piece.trim_start()) {
            cuts.push(offset);
            start = offset;
        }
    }
    ellipsis_cuts(text, &mut cuts);
    enumeration_cuts(text, &mut cuts);
    let mut bounds = Vec::with_capacity(cuts.len() + 2);
    bounds.push(0);
    bounds.extend(cuts);
    bounds.push(text.len());
    bounds
        .windows(2)
        .filter_map(|w| {
            let slice = &text[w[0]..w[1]];
            let lead = slice.len() - slice.trim_start().len();
            let trimmed = slice.trim();
            (!trimmed.is_empty()).then_some((w[0] + lead, trimmed))
        })
        .collect()
}

/// Moves cuts around spaced ellipses (". . ."). Three spaced dots after a space stand
/// for words left out inside a sentence, so the break Unicode puts after them before a
/// capital goes ("the thing is . . . I didn't"). A period on a word followed by spaced
/// dots and a capital ends the sentence at the period, and the dots open the next one
/// ("compounds. . . . The practice"). Four spaced dots after a space end a sentence.
fn ellipsis_cuts(text: &str, cuts: &mut Vec<usize>) {
    let mut moved = false;
    for cut in cuts.iter_mut() {
        let before = text[..*cut].trim_end();
        let Some(head) = before.strip_suffix(". . .") else {
            continue;
        };
        if !head.ends_with(' ') {
            continue;
        }
        let head = head.trim_end();
        match head.strip_suffix('.') {
            // " . . ." inside a sentence.
            None => {
                *cut = usize::MAX;
                moved = true;
            }
            // "compounds. . . . The": the sentence ends at the word's period.
            Some(word) if !word.ends_with(char::is_whitespace) && !word.is_empty() => {
                *cut = word.len() + 1;
                moved = true;
            }
            // " . . . ." ends the sentence where Unicode put the break.
            Some(_) => {}
        }
    }
    if moved {
        cuts.retain(|&c| c != usize::MAX);
        cuts.sort_unstable();
        cuts.dedup();
    }
}

/// A figure or table label standing before its caption, in any language: one capitalised
/// word (or its abbreviation) and a number ("Figure 1.", "Tabla 2.", "Fig. 3.").
static CAPTION_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}\p{L}*\.?\s+\d+(\.\d+)*\p{Ll}?\.$").expect("valid regex"));

/// Inline list markers: "1.", "2.)", "3)", "a.", optionally after a bullet ("• 9.",
/// "⁃10."), at the start of the text or after a space, and followed by the item.
static ENUMERATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)((?:[•⁃‣◦▪]\s?)?(\d{1,3}|[a-z])(\.\)|\)|\.))\s+\S").expect("valid regex")
});

/// A marker of an inline enumeration: where it starts and ends, its number (letters
/// count from a = 1), its punctuation, and whether it can open a list (it starts the
/// text or follows a sentence's or a clause's end).
struct Marker<'a> {
    start: usize,
    end: usize,
    number: u32,
    letter: bool,
    style: &'a str,
    opens: bool,
}

/// Splits inline enumerations at their markers and keeps each marker with its item.
/// Markers count as a list only when at least two follow each other with consecutive
/// numbers (or letters) and the same punctuation, and the first opens the text or
/// follows ".", ":" or the like. A number after a capitalised word is a reference, not
/// a marker ("Article 1. The law applies. Article 2. ..."), unless it follows such
/// punctuation.
fn enumeration_cuts(text: &str, cuts: &mut Vec<usize>) {
    let mut markers: Vec<Marker> = Vec::new();
    for caps in ENUMERATION.captures_iter(text) {
        let start = caps.get(1).expect("group").start();
        let before = text[..start].trim_end();
        let opens = before.is_empty() || before.ends_with(['.', ':', ';', '!', '?', ')']);
        let after_capital = before
            .rsplit(char::is_whitespace)
            .next()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase);
        if after_capital && !opens {
            continue;
        }
        let (whole, value, style) = (&caps[1], &caps[2], caps.get(3).expect("group"));
        let letter = value.chars().all(|c| c.is_ascii_lowercase());
        let number = if letter {
            u32::from(value.as_bytes()[0] - b'a' + 1)
        } else {
            value.parse().unwrap_or(0)
        };
        markers.push(Marker {
            start,
            end: start + whole.len(),
            number,
            letter,
            style: style.as_str(),
            opens,
        });
    }
    if markers.len() < 2 {
        return;
    }
    // Runs of markers that count up by one in the same style.
    let mut lists: Vec<&[Marker]> = Vec::new();
    let mut run_start = 0;
    for i in 1..=markers.len() {
        let continues = markers.get(i).is_some_and(|m| {
            let prev = &markers[i - 1];
            m.letter == prev.letter && m.style == prev.style && m.number == prev.number + 1
        });
        if !continues {
            if i - run_start >= 2 && markers[run_start].opens {
                lists.push(&markers[run_start..i]);
            }
            run_start = i;
        }
    }
    if lists.is_empty() {
        return;
    }
    // No cut inside a marker or between it and its item; a cut before each marker.
    // Markers and cuts are both in text order, so one pass over each suffices.
    let items: Vec<&Marker> = lists.iter().flat_map(|l| l.iter()).collect();
    let guarded: Vec<(usize, usize)> = items
        .iter()
        .map(|m| {
            let gap = text[m.end..].len() - text[m.end..].trim_start().len();
            (m.start, m.end + gap)
        })
        .collect();
    let mut next = 0;
    cuts.retain(|&c| {
        while next < guarded.len() && guarded[next].1 < c {
            next += 1;
        }
        !guarded
            .get(next)
            .is_some_and(|&(start, end)| c > start && c <= end)
    });
    cuts.extend(items.iter().map(|m| m.start).filter(|&s| s > 0));
    cuts.sort_unstable();
    cuts.dedup();
}

/// Abbreviations that stand before a name or a word and never end a sentence.
const PREFIX_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt",
    "capt", "cmdr", "adm", "maj", "pres", "rev", "fr", "hon", "mt", "supt", "insp", "det", "vs",
    "v", "e.g", "i.e", "cf", "approx",
];

/// Abbreviations that also end sentences ("... Briggs & Co. It closed"): they join the
/// next word unless it usually starts a sentence.
const FINAL_ABBREVIATIONS: &[&str] = &[
    "st", "jr", "sr", "ave", "blvd", "rd", "ft", "etc", "dept", "univ", "assn", "corp", "inc",
    "ltd", "co", "al", "bros", "esq",
];

/// Abbreviations that stand before a number ("p. 55", "No. 10", "Feb. 24", "N°. 1026"):
/// before a number they join; before a word they end a sentence if the word usually
/// starts one.
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "no", "nos", "n°", "nº", "p", "pp", "vol", "vols", "fig", "figs", "ch", "sec", "art", "para",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Prepositions that open a sentence with a time: "At 5 a.m. Mr. Smith went ...".
const TIME_PREPOSITIONS: &[&str] = &[
    "at", "by", "from", "until", "till", "before", "after", "around", "about", "since", "on",
];

/// Verbs that open a question after the pronoun "I" ends a sentence: "... you and I.
/// Did you see ...".
const QUESTION_OPENERS: &[&str] = &[
    "did", "do", "does", "is", "are", "was", "were", "will", "would", "can", "could", "should",
    "have", "has", "had", "may", "might", "must",
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

/// Whether the Unicode break between `prev` (the sentence so far, trimmed) and `next`
/// is not a sentence's end.
fn should_join(prev: &str, next: &str) -> bool {
    let Some(next_first) = next.chars().next() else {
        return false;
    };
    // "She works at Yahoo! in the ...", "“Why now?” he asked.": a lower-case word after
    // "!" or "?" goes on with the sentence.
    let unquoted = prev.trim_end_matches(|c: char| "\"'”’)]".contains(c));
    // A citation after a quotation: "... stairways [...]" (Smith 55).
    if unquoted.ends_with(['.', '!', '?']) && is_citation(next) {
        return true;
    }
    if unquoted.ends_with(['!', '?']) {
        return next_first.is_lowercase();
    }
    if !prev.ends_with('.') {
        return false;
    }
    if next_first.is_lowercase() || CAPTION_LABEL.is_match(prev.trim()) {
        return true;
    }
    let last_word = prev
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    let word = last_word.trim_end_matches('.');
    let lower = word.to_lowercase();
    if PREFIX_ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    if FINAL_ABBREVIATIONS.contains(&lower.as_str()) {
        return !starts_with_starter(next);
    }
    if NUMBER_ABBREVIATIONS.contains(&lower.as_str()) {
        return next_first.is_ascii_digit() || !starts_with_starter(next);
    }
    // The pronoun "I" ends a sentence before a question or a usual opener: "... you
    // and I. Did you see Albert I. Jones?"
    if word == "I" {
        return !(starts_with_starter(next) || starts_with_any(next, QUESTION_OPENERS));
    }
    // An initial: "J. R. Talbot"
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return true;
    }
    // "7.45 a.m. Tuesday" continues; "7.45 a.m. Costs rose" does not; a sentence that
    // opens with the time goes on ("At 5 a.m. Mr. Smith went ...").
    if lower == "a.m" || lower == "p.m" {
        return starts_with_any(next, TIME_CONTINUATIONS)
            || starts_with_any(next, WEEKDAYS)
            || (opens_with_time(prev) && !starts_with_starter(next));
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

/// Whether the sentence so far is only a time phrase: "At 5 a.m.", "By 9.30 p.m.".
fn opens_with_time(prev: &str) -> bool {
    let words: Vec<&str> = prev.split_whitespace().take(5).collect();
    words.len() <= 4
        && words
            .first()
            .is_some_and(|w| starts_with_any(w, TIME_PREPOSITIONS))
}

/// A short parenthesis followed by the sentence's end: "(Smith 55).".
fn is_citation(next: &str) -> bool {
    let Some(inside) = next.strip_prefix('(') else {
        return false;
    };
    let Some(close) = inside.find(')') else {
        return false;
    };
    close <= 60
        && !inside[..close].contains('(')
        && inside[close + 1..].starts_with(['.', '!', '?'])
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
    fn an_abbreviation_before_a_number_does_not_end_the_sentence() {
        assert_eq!(
            split("The chart is on p. 12 of the report. See pp. 4 to 9 and fig. 3 too."),
            [
                "The chart is on p. 12 of the report.",
                "See pp. 4 to 9 and fig. 3 too."
            ]
        );
        assert_eq!(
            split("The ticket was N°. 4471.202.19. It expired in May."),
            ["The ticket was N°. 4471.202.19.", "It expired in May."]
        );
    }

    #[test]
    fn a_figure_label_stays_with_its_caption() {
        assert_eq!(
            split("Figure 1. The ferry at the west quay. Tabla 2. Votos por distrito."),
            [
                "Figure 1. The ferry at the west quay.",
                "Tabla 2. Votos por distrito."
            ]
        );
        assert_eq!(
            split("He left at 5. Then it rained."),
            ["He left at 5.", "Then it rained."]
        );
    }

    #[test]
    fn a_sentence_that_opens_with_a_time_goes_on_past_a_title() {
        assert_eq!(
            split("At 6 a.m. Dr. Osei opened the clinic. She closed it at 8 P.M. Mrs. Lund then locked up."),
            [
                "At 6 a.m. Dr. Osei opened the clinic.",
                "She closed it at 8 P.M.",
                "Mrs. Lund then locked up."
            ]
        );
    }

    #[test]
    fn abbreviations_that_can_end_a_sentence_end_it_before_a_new_one() {
        assert_eq!(
            split("The harbour hired Dole, Ward & Co. It paid them well. Dole, Ward & Co. at first said no."),
            [
                "The harbour hired Dole, Ward & Co.",
                "It paid them well.",
                "Dole, Ward & Co. at first said no."
            ]
        );
        assert_eq!(
            split("Ask Ravi and co. They were on the quay."),
            ["Ask Ravi and co.", "They were on the quay."]
        );
        assert_eq!(
            split("The oars were left to you and I. Did anyone ask Henry I. Price?"),
            [
                "The oars were left to you and I.",
                "Did anyone ask Henry I. Price?"
            ]
        );
    }

    #[test]
    fn an_exclamation_or_question_before_a_lower_case_word_goes_on() {
        assert_eq!(
            split("She won on Jeopardy! in the spring. “Is it safe?” the mayor asked. Hooray! The ferry runs."),
            [
                "She won on Jeopardy! in the spring.",
                "“Is it safe?” the mayor asked.",
                "Hooray!",
                "The ferry runs."
            ]
        );
    }

    #[test]
    fn inline_enumerations_split_at_their_markers_and_keep_them() {
        assert_eq!(
            split("1.) Check the brakes 2.) Check the lights."),
            ["1.) Check the brakes", "2.) Check the lights."]
        );
        assert_eq!(
            split("a. Ferries run b. Buses run c. Trams run"),
            ["a. Ferries run", "b. Buses run", "c. Trams run"]
        );
        assert_eq!(
            split("• 4. Docks are shut • 5. Piers are open"),
            ["• 4. Docks are shut", "• 5. Piers are open"]
        );
        assert_eq!(
            split("Two rules: 1) Fares rose. 2) Trips fell."),
            ["Two rules:", "1) Fares rose.", "2) Trips fell."]
        );
        // One number is not a list, nor are numbers after capitalised words (which label
        // what follows).
        assert_eq!(
            split("He finished 3. The others were slower."),
            ["He finished 3.", "The others were slower."]
        );
        assert_eq!(
            split("Article 1. The fare applies. Article 2. The fare ends."),
            ["Article 1. The fare applies.", "Article 2. The fare ends."]
        );
    }

    #[test]
    fn a_citation_after_a_quotation_stays_with_it() {
        assert_eq!(
            split("“Tides […] carry the silt far out” (Moreau 12). The silt stays."),
            [
                "“Tides […] carry the silt far out” (Moreau 12).",
                "The silt stays."
            ]
        );
    }

    #[test]
    fn spaced_ellipses_inside_and_at_the_end_of_sentences() {
        assert_eq!(
            split("The mayor paused . . . Then he read the list aloud."),
            ["The mayor paused . . . Then he read the list aloud."]
        );
        assert_eq!(
            split("The list went on. . . . Nobody read it. . . ."),
            ["The list went on.", ". . . Nobody read it. . . ."]
        );
        assert_eq!(
            split("He trailed off . . . . The hall was quiet."),
            ["He trailed off . . . .", "The hall was quiet."]
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
