//! Plain text: decoding from any common encoding, and paragraphs from line structure.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use super::{normalize_space, RawBlock, RawDocument};
use crate::document::BlockKind;
use crate::error::ErrorKind;

/// Decodes bytes to text: a BOM wins; then strict UTF-8; then UTF-16 without BOM
/// (recognised by its zero bytes); then the legacy encoding chardetng finds most likely.
/// Text with control characters that no document contains is refused as binary.
pub fn decode(bytes: &[u8]) -> Result<String, ErrorKind> {
    let text = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        encoding
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned()
    } else if let Some(encoding) = utf16_without_bom(bytes) {
        encoding.decode_without_bom_handling(bytes).0.into_owned()
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_owned()
    } else {
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(bytes, true);
        let encoding = detector.guess(None, true);
        let encoding = if encoding == UTF_8 {
            encoding_rs::WINDOWS_1252
        } else {
            encoding
        };
        encoding.decode_without_bom_handling(bytes).0.into_owned()
    };
    if looks_binary(&text) {
        return Err(ErrorKind::Binary);
    }
    if text.trim().is_empty() {
        return Err(ErrorKind::Empty);
    }
    Ok(text)
}

fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
            * 2
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd > sample.len() * 3 / 5 && even == 0 {
        Some(UTF_16LE)
    } else if even > sample.len() * 3 / 5 && odd == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when more than 1% of the characters are control characters (or any is NUL or
/// the replacement of undecodable bytes in bulk).
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in text.chars().take(1 << 20) {
        total += 1;
        if c == '\0' {
            return true;
        }
        if (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0C')) || c == '\u{FFFD}' {
            bad += 1;
        }
    }
    total > 0 && bad * 100 > total
}

/// Splits plain text into paragraphs at blank lines; inside a paragraph, wrapped lines
/// are joined again (see [`join_lines`]). The first block may be the headline (see
/// [`mark_headline`]); a later paragraph that is one short line without final
/// punctuation, followed by more text, is a subheading ("Challenges on the Agenda").
pub fn read(text: &str) -> RawDocument {
    let paragraphs = split_paragraphs(text);
    let mut blocks = Vec::new();
    for (k, paragraph) in paragraphs.iter().enumerate() {
        let first = blocks.len();
        blocks.extend(join_lines(paragraph));
        let followed = k + 1 < paragraphs.len();
        if first > 0 && followed && paragraph.len() == 1 && blocks.len() == first + 1 {
            let block = &mut blocks[first];
            if block.kind == BlockKind::Paragraph && reads_as_subheading(&block.text) {
                block.kind = BlockKind::Heading;
            }
        }
    }
    mark_headline(&mut blocks);
    let title = blocks
        .first()
        .filter(|b| b.kind == BlockKind::Heading)
        .map(|b| b.text.clone());
    RawDocument {
        title,
        blocks,
        ..Default::default()
    }
}

/// Rebuilds blocks from hard-wrapped lines. A line ends its block when it starts a list
/// item's successor, when it ends a sentence well short of the wrap width, or when it is
/// short, unpunctuated and followed by a capitalised line (a headline, byline, dateline).
/// Line-end hyphens are removed when the word continues in lower case.
fn join_lines(lines: &[&str]) -> Vec<RawBlock> {
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let mut widths: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    widths.sort_unstable();
    let typical = widths
        .get(widths.len() * 4 / 5)
        .copied()
        .unwrap_or(0)
        .max(1) as f32;
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut kind = BlockKind::Paragraph;
    for (i, line) in lines.iter().enumerate() {
        let (line, is_item) = strip_bullet(line);
        if is_item && !current.is_empty() {
            blocks.push(RawBlock::new(kind, normalize_space(&current)));
            current.clear();
        }
        if current.is_empty() {
            kind = if is_item {
                BlockKind::ListItem
            } else {
                BlockKind::Paragraph
            };
        }
        append_line(&mut current, line);
        let width = line.chars().count() as f32;
        let ends_sentence = line.ends_with(|c: char| ".!?:\"”’".contains(c));
        let ends_block = match lines.get(i + 1) {
            None => true,
            Some(next) => {
                let next_upper = next.chars().next().is_some_and(|c| {
                    c.is_uppercase() || c.is_ascii_digit() || "\"“‘'•".contains(c)
                });
                strip_bullet(next).1
                    || (ends_sentence && width < 0.85 * typical && next_upper)
                    || (!ends_sentence
                        && !line.ends_with([',', ';', '-'])
                        && width < 0.75 * typical
                        && next_upper)
                    || (typical < 60.0 && !ends_sentence && next_upper)
                    || (next.starts_with("By ") && next.chars().count() < 40)
            }
        };
        if ends_block {
            blocks.push(RawBlock::new(kind, normalize_space(&current)));
            current.clear();
        }
    }
    blocks
}

/// Removes a list marker ("- ", "* ", "• ", "1. ", "2) ") from the start of a line.
pub(crate) fn strip_bullet(line: &str) -> (&str, bool) {
    for marker in ["- ", "* ", "• ", "– ", "· "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return (rest.trim_start(), true);
        }
    }
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    if (1..=2).contains(&digits) {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return (rest.trim_start(), true);
        }
    }
    (line, false)
}

/// Appends a wrapped line, removing a line-end hyphen when the word continues in lower case.
fn append_line(current: &mut String, line: &str) {
    if current.is_empty() {
        current.push_str(line);
        return;
    }
    let hyphenated = current.ends_with('-')
        && current[..current.len() - 1].ends_with(|c: char| c.is_alphabetic())
        && line.starts_with(|c: char| c.is_lowercase());
    if hyphenated {
        current.pop();
    } else {
        current.push(' ');
    }
    current.push_str(line);
}

fn split_paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut paragraphs = vec![Vec::new()];
    for line in text.lines() {
        let line = line.trim_end_matches('\x0C');
        if line.trim().is_empty() {
            if !paragraphs.last().is_some_and(|p: &Vec<&str>| p.is_empty()) {
                paragraphs.push(Vec::new());
            }
        } else {
            paragraphs.last_mut().expect("never empty").push(line);
        }
    }
    paragraphs.retain(|p| !p.is_empty());
    paragraphs
}

/// Whether a line standing alone between paragraphs reads as a subheading: at most
/// [`SUBHEADING_WORDS`] words, with a letter, and no punctuation that ends or continues a
/// sentence at its end.
fn reads_as_subheading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    words <= SUBHEADING_WORDS
        && line.chars().any(char::is_alphabetic)
        && !line.ends_with(|c: char| ".!?:;,-\"”’)".contains(c))
}

/// The most words a plain-text subheading has.
const SUBHEADING_WORDS: usize = 10;

/// A first block that is short and lacks final punctuation is the headline.
pub(crate) fn mark_headline(blocks: &mut [RawBlock]) {
    if let Some(first) = blocks.first_mut() {
        let words = first.text.split_whitespace().count();
        let ends_open = !first.text.ends_with(['.', '!', '?', '"', '”']);
        if words > 1 && words <= 20 && ends_open {
            first.kind = BlockKind::Heading;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf16_with_and_without_bom() {
        let s = "Café “news” — done.";
        let mut le: Vec<u8> = vec![0xFF, 0xFE];
        le.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le).unwrap(), s);
        let be: Vec<u8> = "Plain ASCII text here."
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode(&be).unwrap(), "Plain ASCII text here.");
    }

    #[test]
    fn decodes_windows_1252() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1252.encode("The mayor’s “café” plan — a résumé of costs.");
        assert_eq!(
            decode(&bytes).unwrap(),
            "The mayor’s “café” plan — a résumé of costs."
        );
    }

    #[test]
    fn refuses_binary_junk() {
        let junk: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(matches!(decode(&junk), Err(ErrorKind::Binary)));
    }

    #[test]
    fn joins_wrapped_lines_and_keeps_headline_apart() {
        let doc = read("Council Approves Tram Line For The Harbour District\nBy Ana Ruiz\n\nThe council voted on Tuesday evening to\nbuild the line, which will run from the harbour to\nthe university campus.\n\n- one stop\n- two stops\n");
        let texts: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Council Approves Tram Line For The Harbour District",
                "By Ana Ruiz",
                "The council voted on Tuesday evening to build the line, which will run from the harbour to the university campus.",
                "one stop",
                "two stops"
            ]
        );
        assert_eq!(doc.blocks[3].kind, BlockKind::ListItem);
        assert_eq!(doc.blocks[0].kind, BlockKind::Heading);
        assert_eq!(
            doc.title.as_deref(),
            Some("Council Approves Tram Line For The Harbour District")
        );
    }

    #[test]
    fn a_short_open_line_between_paragraphs_is_a_subheading() {
        let doc = read(
            "Tram line approved\n\nThe council voted on Tuesday.\n\nWhat riders will pay\n\n\
             Fares stay at two euros.\n\nThe vote was close:\n\nseven to six.\n\nOn Friday, 3 May\n",
        );
        let headings: Vec<&str> = doc
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Heading)
            .map(|b| b.text.as_str())
            .collect();
        // Not a sentence's end ("seven to six."), a line that goes on (":"), nor the
        // last line of the text.
        assert_eq!(headings, ["Tram line approved", "What riders will pay"]);
    }
}
