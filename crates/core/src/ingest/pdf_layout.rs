//! Page layout undone: glyphs with positions become lines (spaces from the gaps between
//! glyphs), lines become paragraphs (by line spacing, indents, lines that end short of
//! their column, and type size), and page furniture is set apart.
//!
//! Page furniture is what repeats in the top or bottom margin band of most pages (a
//! running header or footer, with its numbers allowed to change) and page numbers. It
//! stays in the document, marked, so that a reader sees it dimmed and it is never
//! matched. Every signal is geometric or repetition; none depends on the language.

use std::collections::{HashMap, HashSet};

use super::text::{mark_headline, strip_bullet};
use super::{normalize_space, RawBlock, RawDocument};
use crate::document::BlockKind;

/// One glyph as placed on the page (x grows rightwards, in points).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Glyph {
    pub x: f32,
    pub end: f32,
    /// A space character: it separates words only where the glyphs around it leave a gap.
    pub space: bool,
}

/// A line while its glyphs arrive.
pub(crate) struct PendingLine {
    /// Baseline, measured down from the top of the page.
    pub y: f64,
    pub size: f64,
    pub glyphs: Vec<Glyph>,
    /// The text of each glyph, concatenated; `lens[i]` bytes belong to glyph i.
    text: String,
    lens: Vec<u8>,
}

/// A finished line of text.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub y: f64,
    pub size: f64,
    pub x0: f64,
    pub x1: f64,
    /// Where the first word ends: the line before could have held it if it ended this much
    /// short of its column.
    pub first_word_end: f64,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Page {
    pub width: f64,
    pub height: f64,
    pub lines: Vec<Line>,
}

/// Two glyphs this far apart (in ems) are separate words even without a space glyph
/// between them, in a line that has no space glyphs (TeX and others draw none).
const GAP_SPACE_EM: f64 = 0.15;
/// The same, in a line whose producer draws space glyphs: there a smaller gap comes from
/// kerning or an inexact glyph width, not a word break.
const GAP_SPACE_EM_WITH_SPACES: f64 = 1.0;
/// A space glyph separates words only with at least this gap (ems) around it: a hidden
/// soft hyphen that a producer maps to a space has no width.
const SPACE_GLYPH_MIN_EM: f64 = 0.08;
/// The top and bottom share of a page where running headers and footers stand.
const MARGIN_BAND: f64 = 0.12;

impl PendingLine {
    pub fn new(y: f64, size: f64) -> Self {
        PendingLine {
            y,
            size,
            glyphs: Vec::new(),
            text: String::new(),
            lens: Vec::new(),
        }
    }

    /// Where the last glyph that is not a space ends.
    pub fn visible_end(&self) -> f64 {
        self.glyphs
            .iter()
            .rev()
            .find(|g| !g.space)
            .map_or(f64::NEG_INFINITY, |g| f64::from(g.end))
    }

    pub fn push(&mut self, glyph: Glyph, text: &str) {
        let text = expand_ligature(text);
        let before = self.text.len();
        self.text.push_str(text);
        self.lens
            .push((self.text.len() - before).min(usize::from(u8::MAX)) as u8);
        self.glyphs.push(glyph);
    }

    pub fn finish(self) -> Line {
        let size = self.size;
        let has_spaces = self.glyphs.iter().any(|g| g.space);
        let gap_space = size
            * if has_spaces {
                GAP_SPACE_EM_WITH_SPACES
            } else {
                GAP_SPACE_EM
            };
        let mut text = String::with_capacity(self.text.len());
        let (mut x0, mut x1, mut first_word_end) = (None, f64::NEG_INFINITY, None);
        let mut pending_space = false;
        let mut offset = 0;
        for (glyph, &len) in self.glyphs.iter().zip(&self.lens) {
            let piece = self
                .text
                .get(offset..offset + usize::from(len))
                .unwrap_or("");
            offset += usize::from(len);
            if glyph.space {
                pending_space = true;
                continue;
            }
            let (x, end) = (f64::from(glyph.x), f64::from(glyph.end));
            if x0.is_some() {
                let gap = x - x1;
                let word_break =
                    (pending_space && gap > SPACE_GLYPH_MIN_EM * size) || gap > gap_space;
                if word_break {
                    first_word_end.get_or_insert(x1);
                    text.push(' ');
                }
            }
            // A soft hyphen inside a line is invisible; at the line's end it marks a
            // hyphenated word and is kept for the paragraph joiner.
            text.push_str(piece);
            x0.get_or_insert(x);
            x1 = x1.max(end);
            pending_space = false;
        }
        let trimmed = text.trim_end();
        let (body, end_mark) = match trimmed.strip_suffix('\u{ad}') {
            Some(body) => (body, "\u{ad}"),
            None => (trimmed, ""),
        };
        let text = body.replace('\u{ad}', "") + end_mark;
        Line {
            y: self.y,
            size,
            x0: x0.unwrap_or(0.0),
            x1,
            first_word_end: first_word_end.unwrap_or(x1),
            text,
        }
    }
}

/// Typographic ligatures (ﬁ, ﬂ, ﬀ, ﬃ, ﬄ, ﬅ, ﬆ) as their letters, so that "ﬁrst" reads as
/// "first" when words are compared.
fn expand_ligature(text: &str) -> &str {
    match text {
        "\u{fb00}" => "ff",
        "\u{fb01}" => "fi",
        "\u{fb02}" => "fl",
        "\u{fb03}" => "ffi",
        "\u{fb04}" => "ffl",
        "\u{fb05}" | "\u{fb06}" => "st",
        other => other,
    }
}

/// The document from its pages: the paragraphs of the text, then the page furniture,
/// marked, each shape once ("Page 1 of 9" stands for every page's number).
pub(crate) fn assemble(pages: &[Page]) -> RawDocument {
    let furniture = furniture(pages);
    let body: Vec<(usize, &Line)> = pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| page.lines.iter().map(move |l| (p, l)))
        .enumerate()
        .filter(|(i, _)| !furniture.contains(i))
        .map(|(_, line)| line)
        .filter(|(_, l)| !l.text.trim().is_empty())
        .collect();
    let mut blocks = paragraphs(pages, &body);
    mark_headline(&mut blocks);
    let title = blocks
        .first()
        .filter(|b| b.kind == BlockKind::Heading)
        .map(|b| b.text.clone());
    let mut seen = HashSet::new();
    let mut furniture_blocks: Vec<RawBlock> = pages
        .iter()
        .flat_map(|page| &page.lines)
        .enumerate()
        .filter(|(i, _)| furniture.contains(i))
        .map(|(_, line)| normalize_space(&line.text.replace('\u{ad}', "")))
        .filter(|text| !text.is_empty() && seen.insert(shape(text)))
        .map(|text| RawBlock {
            structural_chrome: true,
            ..RawBlock::new(BlockKind::Paragraph, text)
        })
        .collect();
    blocks.append(&mut furniture_blocks);
    RawDocument {
        title,
        blocks,
        ..Default::default()
    }
}

/// Indices (over all pages' lines in order) of page furniture: lines in a page's margin
/// band that repeat, numbers aside, at the same height (within half the type size) and
/// size on at least half of the pages (two at least), and page numbers standing alone in the band or as a page's
/// first or last line.
fn furniture(pages: &[Page]) -> HashSet<usize> {
    let in_band = |page: &Page, line: &Line| {
        line.y < page.height * MARGIN_BAND || line.y > page.height * (1.0 - MARGIN_BAND)
    };
    // The pages each margin-band line's shape stands on, by type size and baseline (in
    // steps of a quarter of the type size); a line repeats when its shape stands at its
    // size within one step of its baseline on enough pages. Lines of one shape, size
    // and step are judged once, so a crafted page of a million equal lines costs little.
    let step = |line: &Line| (line.y / (0.25 * line.size.max(0.1))).round() as i64;
    let mut placed: HashMap<(String, i64, i64), HashSet<usize>> = HashMap::new();
    for (p, page) in pages.iter().enumerate() {
        for line in page.lines.iter().filter(|l| in_band(page, l)) {
            placed
                .entry((shape(&line.text), size_key(line.size), step(line)))
                .or_default()
                .insert(p);
        }
    }
    let mut judged: HashMap<(String, i64, i64), bool> = HashMap::new();
    let mut repeated = |line: &Line| {
        let key = (shape(&line.text), size_key(line.size), step(line));
        if let Some(&known) = judged.get(&key) {
            return known;
        }
        let mut on: HashSet<usize> = HashSet::new();
        for near in key.2 - 2..=key.2 + 2 {
            if let Some(pages) = placed.get(&(key.0.clone(), key.1, near)) {
                on.extend(pages);
            }
        }
        let verdict = pages.len() >= 2 && on.len() >= 2 && on.len() * 2 >= pages.len();
        judged.insert(key, verdict);
        verdict
    };
    let mut out = HashSet::new();
    let mut index = 0;
    for page in pages {
        let last = page.lines.len().saturating_sub(1);
        for (i, line) in page.lines.iter().enumerate() {
            let band = in_band(page, line);
            if (band && repeated(line))
                || ((band || i == 0 || i == last) && is_page_number(&line.text))
            {
                out.insert(index);
            }
            index += 1;
        }
    }
    out
}

/// A line's shape for repetition: lower case, every run of digits as one '#', spaces
/// collapsed ("Page 3 of 12" and "Page 4 of 12" share one shape).
fn shape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_digits = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
            continue;
        }
        in_digits = false;
        if c.is_whitespace() {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.trim_end().to_string()
}

/// "7", "- 7 -", "Page 7", "page 7 of 12", "7 / 12", "7 of 12".
fn is_page_number(line: &str) -> bool {
    let l = line.trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let l = l
        .strip_prefix("Page ")
        .or_else(|| l.strip_prefix("page "))
        .unwrap_or(l)
        .trim();
    let number = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    if number(l) {
        return true;
    }
    let parts: Vec<&str> = l
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty() && *p != "of")
        .collect();
    parts.len() == 2 && parts.iter().all(|p| number(p)) && (l.contains('/') || l.contains(" of "))
}

/// The body size: the type size that most characters are set in.
fn body_size(lines: &[(usize, &Line)]) -> f64 {
    let mut chars: HashMap<i64, usize> = HashMap::new();
    for (_, line) in lines {
        *chars.entry(size_key(line.size)).or_default() += line.text.len();
    }
    chars
        .into_iter()
        .max_by_key(|&(size, n)| (n, -size))
        .map_or(10.0, |(size, _)| size as f64 / 2.0)
}

/// Groups body lines into paragraphs. A paragraph ends where the type size changes, where
/// a list item starts, the next line stands further below than the usual line spacing
/// explains, where it is indented,
/// or where this line ends so far short of its column that the next line's first word
/// would have fitted; at a column or page change, also where a sentence ends short of the
/// column's edge. A column or page change alone does not end one.
fn paragraphs(pages: &[Page], lines: &[(usize, &Line)]) -> Vec<RawBlock> {
    let body = body_size(lines);
    let column_right = column_rights(pages, lines);
    let hyphenation = Hyphenation::of(lines);
    let pitches = line_pitches(lines);
    let mut blocks: Vec<RawBlock> = Vec::new();
    let mut current = String::new();
    let mut current_size = 0.0;
    for (k, &(page, line)) in lines.iter().enumerate() {
        let breaks = k == 0 || {
            let (prev_page, prev) = lines[k - 1];
            let size_changes = (line.size - prev.size).abs() > 0.15 * line.size.max(prev.size);
            let next_word = line.first_word_end - line.x0;
            // A line that ends mid-sentence before a lower-case word runs on however short
            // it is (text wrapped by a count of characters, not by width).
            let runs_on = prev
                .text
                .trim_end()
                .ends_with(|c: char| c.is_alphanumeric() || c == ',')
                && line.text.starts_with(char::is_lowercase);
            let ends_short = !runs_on && prev.x1 + next_word + prev.size < column_right[k - 1];
            let below = page == prev_page && line.y > prev.y;
            let pitch = pitches.get(&size_key(prev.size)).copied();
            let spaced = below && line.y - prev.y > 1.3 * pitch.unwrap_or(1.2 * prev.size);
            let indent = line.x0 - prev.x0;
            let indented = below && indent > 0.8 * prev.size && indent < 4.0 * prev.size;
            // Where the text moves to the next column or page, a sentence that ends short
            // of the column's edge ends its paragraph too.
            let ends_sentence_short = !below
                && prev
                    .text
                    .trim_end()
                    .ends_with(['.', '!', '?', '"', '”', '’'])
                && prev.x1 < column_right[k - 1] - prev.size;
            let item = strip_bullet(&line.text).1;
            size_changes || ends_short || spaced || indented || ends_sentence_short || item
        };
        if breaks && !current.is_empty() {
            blocks.push(block(&current, current_size, body));
            current.clear();
        }
        if current.is_empty() {
            current_size = line.size;
        }
        join_line(&mut current, line.text.trim(), &hyphenation);
    }
    if !current.is_empty() {
        blocks.push(block(&current, current_size, body));
    }
    blocks
}

/// A paragraph's block: a heading when set larger than the body and short, a list item
/// when it opens with a bullet or number.
fn block(text: &str, size: f64, body: f64) -> RawBlock {
    let text = normalize_space(text);
    let (item_text, is_item) = strip_bullet(&text);
    if is_item {
        return RawBlock::new(BlockKind::ListItem, item_text);
    }
    let words = text.split_whitespace().count();
    let kind = if size > 1.15 * body && words <= 25 {
        BlockKind::Heading
    } else {
        BlockKind::Paragraph
    };
    RawBlock::new(kind, text)
}

/// A type size as a key (half points).
fn size_key(size: f64) -> i64 {
    (size * 2.0).round() as i64
}

/// The usual distance between the baselines of consecutive lines, per type size: the
/// most common one (to half a point), so that a paragraph gap stands out against it
/// whatever the line spacing.
fn line_pitches(lines: &[(usize, &Line)]) -> HashMap<i64, f64> {
    let mut counts: HashMap<(i64, i64), usize> = HashMap::new();
    for pair in lines.windows(2) {
        let ((page_a, a), (page_b, b)) = (pair[0], pair[1]);
        let step = b.y - a.y;
        if page_a == page_b && size_key(a.size) == size_key(b.size) && step > 0.0 {
            *counts
                .entry((size_key(a.size), (step * 2.0).round() as i64))
                .or_default() += 1;
        }
    }
    let mut best: HashMap<i64, (usize, i64)> = HashMap::new();
    for ((size, step), n) in counts {
        let entry = best.entry(size).or_insert((0, step));
        if (n, -step) > (entry.0, -entry.1) {
            *entry = (n, step);
        }
    }
    best.into_iter()
        .map(|(size, (_, step))| (size, step as f64 / 2.0))
        .collect()
}

/// For each body line, the right edge of its column: the furthest any line on the same
/// page in the same type size that starts within 2.5 ems of it reaches (a headline set
/// larger across all columns does not count).
fn column_rights(pages: &[Page], lines: &[(usize, &Line)]) -> Vec<f64> {
    let mut by_page: HashMap<usize, Vec<(f64, f64, f64)>> = HashMap::new();
    for &(page, line) in lines {
        by_page
            .entry(page)
            .or_default()
            .push((line.x0, line.x1, line.size));
    }
    for starts in by_page.values_mut() {
        starts.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    lines
        .iter()
        .map(|&(page, line)| {
            let reach = 2.5 * line.size;
            let starts = &by_page[&page];
            let from = starts.partition_point(|&(x0, _, _)| x0 < line.x0 - reach);
            let page_width = pages.get(page).map_or(f64::INFINITY, |p| p.width);
            starts[from..]
                .iter()
                .take_while(|&&(x0, _, _)| x0 <= line.x0 + reach)
                .filter(|&&(_, _, size)| (size - line.size).abs() <= 0.1 * line.size)
                .map(|&(_, x1, _)| x1)
                .fold(line.x1, f64::max)
                .min(page_width.max(line.x1))
        })
        .collect()
}

/// Every word of the text, lower-cased, to tell a hyphenated compound from a word split
/// at a line end.
fn document_words(lines: &[(usize, &Line)]) -> HashSet<String> {
    lines
        .iter()
        .flat_map(|(_, l)| l.text.split_whitespace())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// How a document breaks words at line ends: `marked` when its producer prints breaks
/// with a hyphenation character of their own (a soft hyphen or U+2010, as browsers do),
/// so that a hard hyphen at a line end is a real one.
struct Hyphenation {
    marked: bool,
    words: HashSet<String>,
}

impl Hyphenation {
    fn of(lines: &[(usize, &Line)]) -> Self {
        Hyphenation {
            marked: lines
                .iter()
                .any(|(_, l)| l.text.trim_end().ends_with(['\u{ad}', '\u{2010}'])),
            words: document_words(lines),
        }
    }
}

/// Appends a line to a paragraph. A soft hyphen or U+2010 at the end joins the word's
/// halves. So does a hard hyphen before a lower-case continuation, unless the producer
/// marks its breaks otherwise or the text elsewhere writes the compound with its hyphen
/// and never without.
fn join_line(current: &mut String, line: &str, hyphenation: &Hyphenation) {
    if current.is_empty() {
        current.push_str(line);
        return;
    }
    let continues_lower = line.starts_with(|c: char| c.is_lowercase());
    let break_mark = current
        .strip_suffix(['\u{ad}', '\u{2010}'])
        .filter(|head| head.ends_with(char::is_alphabetic));
    if let Some(head) = break_mark {
        current.truncate(head.len());
        current.push_str(line);
        return;
    }
    let before_hyphen = current
        .strip_suffix('-')
        .filter(|head| head.ends_with(|c: char| c.is_alphabetic()) && continues_lower);
    if let Some(head) = before_hyphen {
        let first = head.rsplit(char::is_whitespace).next().unwrap_or("");
        let rest = line.split(char::is_whitespace).next().unwrap_or("");
        let clean = |s: &str| {
            s.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        };
        let (first, rest) = (clean(first), clean(rest));
        let words = &hyphenation.words;
        let written_with_hyphen = words.contains(&format!("{first}-{rest}"))
            && !words.contains(&format!("{first}{rest}"));
        if !(hyphenation.marked || written_with_hyphen) {
            current.pop();
        }
        current.push_str(line);
        return;
    }
    current.push(' ');
    current.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of `text` at baseline `y` and type size `size`, starting at `x`, with
    /// glyphs half an em wide (a space glyph for each space).
    fn line(text: &str, x: f64, y: f64, size: f64) -> Line {
        let mut pending = PendingLine::new(y, size);
        let mut at = x as f32;
        let advance = (0.5 * size) as f32;
        for c in text.chars() {
            let s = c.to_string();
            pending.push(
                Glyph {
                    x: at,
                    end: at + advance,
                    space: c == ' ',
                },
                &s,
            );
            at += advance;
        }
        pending.finish()
    }

    fn page(lines: Vec<Line>) -> Page {
        Page {
            width: 400.0,
            height: 600.0,
            lines,
        }
    }

    fn texts(doc: &RawDocument) -> Vec<(&str, bool)> {
        doc.blocks
            .iter()
            .map(|b| (b.text.as_str(), b.structural_chrome))
            .collect()
    }

    #[test]
    fn zero_width_spaces_and_kerning_gaps_do_not_split_words() {
        let mut pending = PendingLine::new(100.0, 10.0);
        // "main" + a soft hyphen drawn as a zero-width space + "land", then a real space.
        let mut at = 0.0f32;
        for (c, w) in "main".chars().map(|c| (c, 5.0)).chain([(' ', 0.0)]) {
            pending.push(
                Glyph {
                    x: at,
                    end: at + w,
                    space: c == ' ',
                },
                &c.to_string(),
            );
            at += w;
        }
        for c in "land".chars() {
            pending.push(
                Glyph {
                    x: at,
                    end: at + 5.0,
                    space: false,
                },
                &c.to_string(),
            );
            at += 5.0;
        }
        pending.push(
            Glyph {
                x: at,
                end: at,
                space: true,
            },
            " ",
        );
        at += 3.0;
        // "P" whose width the font reports too small: a 0.6 em gap, no space glyph.
        pending.push(
            Glyph {
                x: at,
                end: at + 1.0,
                space: false,
            },
            "P",
        );
        at += 7.0;
        pending.push(
            Glyph {
                x: at,
                end: at + 5.0,
                space: false,
            },
            "\u{fb01}",
        );
        assert_eq!(pending.finish().text, "mainland Pfi");
    }

    #[test]
    fn without_space_glyphs_gaps_make_the_spaces() {
        let mut pending = PendingLine::new(100.0, 10.0);
        for (i, c) in "ab".chars().enumerate() {
            let x = i as f32 * 8.0;
            pending.push(
                Glyph {
                    x,
                    end: x + 5.0,
                    space: false,
                },
                &c.to_string(),
            );
        }
        assert_eq!(pending.finish().text, "a b");
    }

    #[test]
    fn running_header_footer_and_page_numbers_are_furniture() {
        let make = |n: usize, body: &[&str]| {
            let mut lines = vec![
                line("THE LEDGER  Regional news", 20.0, 30.0, 7.0),
                line(&format!("Page {n} of 2"), 20.0, 580.0, 7.0),
            ];
            for (i, text) in body.iter().enumerate() {
                lines.push(line(text, 20.0, 100.0 + 14.0 * i as f64, 10.0));
            }
            page(lines)
        };
        let pages = [
            make(
                1,
                &["The ferry sailed again on", "Friday after eleven weeks."],
            ),
            make(2, &["It carried 212 people on the", "first crossing."]),
        ];
        let doc = assemble(&pages);
        assert_eq!(
            texts(&doc),
            [
                (
                    "The ferry sailed again on Friday after eleven weeks. It carried 212 people on the first crossing.",
                    false
                ),
                ("THE LEDGER Regional news", true),
                ("Page 1 of 2", true),
            ]
        );
    }

    #[test]
    fn a_line_that_ends_short_a_gap_or_a_size_change_ends_the_paragraph() {
        let lines = vec![
            line("Ferry returns", 20.0, 40.0, 16.0),
            line("The ferry sailed again on", 20.0, 80.0, 10.0),
            line("Friday.", 20.0, 94.0, 10.0),
            line("Islanders had relied on a", 20.0, 108.0, 10.0),
            line("small boat since the storm.", 20.0, 122.0, 10.0),
            line("Repairs cost 3.4 million and", 20.0, 150.0, 10.0),
            line("took eleven weeks in all.", 20.0, 164.0, 10.0),
        ];
        let doc = assemble(&[page(lines)]);
        let got: Vec<(&str, BlockKind)> = doc
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("Ferry returns", BlockKind::Heading),
                ("The ferry sailed again on Friday.", BlockKind::Paragraph),
                (
                    "Islanders had relied on a small boat since the storm.",
                    BlockKind::Paragraph
                ),
                (
                    "Repairs cost 3.4 million and took eleven weeks in all.",
                    BlockKind::Paragraph
                ),
            ]
        );
        assert_eq!(doc.title.as_deref(), Some("Ferry returns"));
    }

    #[test]
    fn a_paragraph_runs_on_into_the_next_column() {
        let lines = vec![
            line("The council, which owns the", 20.0, 500.0, 10.0),
            line("vessel, leases it out.", 220.0, 80.0, 10.0),
        ];
        let doc = assemble(&[page(lines)]);
        assert_eq!(
            texts(&doc),
            [("The council, which owns the vessel, leases it out.", false)]
        );
    }

    #[test]
    fn hyphens_at_line_ends_join_words_unless_the_text_writes_the_compound() {
        let mut plain = Hyphenation {
            marked: false,
            words: ["five-yearly".to_string(), "overhaul".into()].into(),
        };
        let join = |first: &str, second: &str, h: &Hyphenation| {
            let mut text = first.to_string();
            join_line(&mut text, second, h);
            text
        };
        assert_eq!(
            join("its infor-", "mation desk", &plain),
            "its information desk"
        );
        assert_eq!(
            join("a five-", "yearly check", &plain),
            "a five-yearly check"
        );
        assert_eq!(join("the main\u{ad}", "land", &plain), "the mainland");
        assert_eq!(join("ap\u{2010}", "pointments", &plain), "appointments");
        // A producer that marks its own breaks prints a hard hyphen only in compounds.
        plain.marked = true;
        plain.words.clear();
        assert_eq!(
            join("due for its five-", "yearly overhaul", &plain),
            "due for its five-yearly overhaul"
        );
        assert_eq!(join("cel\u{2010}", "ebration", &plain), "celebration");
    }

    #[test]
    fn page_numbers_in_their_usual_forms() {
        for yes in ["7", "- 7 -", "Page 7", "page 7 of 12", "7/12", "7 of 12"] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["7 people", "1998 and 2004", "Page one", "12345"] {
            assert!(!is_page_number(no), "{no}");
        }
    }
}
