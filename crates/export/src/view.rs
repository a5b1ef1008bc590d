//! The view of a comparison that the PDF and HTML exports both lay out: every figure
//! formatted, every statement split into marked pieces, every colour resolved, and
//! boilerplate dropped unless asked for. Article text stays plain data here; each
//! exporter renders it as text, never as markup.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use parallax_core::{
    sentence_label, sentence_labels, Comparison, ConflictKind, DiffOp, Document, Match, MatchKind,
};
use serde::Serialize;

use crate::ExportOptions;

/// The match colours (Okabe–Ito, colour-blind safe), shared with the app's UI.
const PALETTE_JSON: &str = include_str!("../../../assets/palette.json");

/// How much of a match colour a tint keeps (the rest is white), so text on it stays
/// readable.
const TINT_ALPHA: f32 = 0.28;

/// The match colours as `#RRGGBB`; match `i` of `Comparison::matches` has colour
/// `palette()[i % palette().len()]`.
pub fn palette() -> &'static [String] {
    static PALETTE: OnceLock<Vec<String>> = OnceLock::new();
    PALETTE.get_or_init(|| {
        serde_json::from_str(PALETTE_JSON).expect("assets/palette.json is a list of colours")
    })
}

/// The colour of match `index`.
pub fn match_colour(index: usize) -> &'static str {
    let palette = palette();
    &palette[index % palette.len()]
}

/// A colour mixed with white: the background that marks match `index`.
pub fn match_tint(index: usize) -> String {
    let [r, g, b] = rgb(match_colour(index));
    let mix = |c: u8| (f32::from(c) * TINT_ALPHA + 255.0 * (1.0 - TINT_ALPHA)).round() as u8;
    format!("#{:02X}{:02X}{:02X}", mix(r), mix(g), mix(b))
}

/// The red, green and blue of `#RRGGBB`.
pub fn rgb(hex: &str) -> [u8; 3] {
    let channel = |i: usize| u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap_or(0);
    [channel(0), channel(1), channel(2)]
}

#[derive(Debug, Serialize)]
pub struct View {
    pub title: String,
    pub compared_on: String,
    pub semantic: bool,
    pub warnings: Vec<String>,
    pub include_boilerplate: bool,
    pub docs: [DocView; 2],
    pub summary: SummaryView,
    pub palette: Vec<Swatch>,
    pub kinds: Vec<KindView>,
    pub rows: Vec<Row>,
    pub only: [Vec<Statement>; 2],
    pub full: Option<[Vec<Vec<Piece>>; 2]>,
}

#[derive(Debug, Serialize)]
pub struct DocView {
    pub label: &'static str,
    /// The file name the document was read from.
    pub source: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub byline: Option<String>,
    pub format: String,
    pub statements: usize,
}

#[derive(Debug, Serialize)]
pub struct SummaryView {
    /// Share of A's statements that B repeats, e.g. "62%".
    pub b_repeats_a: String,
    pub a_repeats_b: String,
    pub conflicts: usize,
    pub shared: usize,
    pub shared_names: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Swatch {
    pub colour: String,
    pub tint: String,
}

#[derive(Debug, Serialize)]
pub struct KindView {
    pub name: &'static str,
    pub description: &'static str,
    pub count: usize,
}

/// One shared statement, A's side and B's side.
#[derive(Debug, Serialize)]
pub struct Row {
    /// 1-based position in `Comparison::matches`.
    pub number: usize,
    pub colour: String,
    pub tint: String,
    pub a_ids: String,
    pub b_ids: String,
    pub a: Vec<Piece>,
    pub b: Vec<Piece>,
    pub kind: &'static str,
    pub score: String,
    pub conflicts: Vec<String>,
}

/// A run of text and how it is marked: `mark` is "delete", "insert" or none in a
/// row; `tint` is the colour of the match a full-text sentence belongs to.
#[derive(Debug, Serialize)]
pub struct Piece {
    pub text: String,
    pub mark: Option<&'static str>,
    pub tint: Option<String>,
}

/// A statement only one side makes.
#[derive(Debug, Serialize)]
pub struct Statement {
    pub id: String,
    pub text: String,
    /// Its closest statement on the other side when there is a near miss.
    pub closest: Option<Closest>,
}

/// The other side's statement that came closest to an unmatched one without matching.
#[derive(Debug, Serialize)]
pub struct Closest {
    pub id: String,
    pub text: String,
    /// The pair's match score, formatted ("0.31").
    pub score: String,
}

pub fn kind_name(kind: MatchKind) -> &'static str {
    match kind {
        MatchKind::Verbatim => "verbatim",
        MatchKind::Edited => "edited",
        MatchKind::Paraphrase => "paraphrase",
        MatchKind::Partial => "partial",
        MatchKind::Boilerplate => "boilerplate",
    }
}

fn conflict_name(kind: ConflictKind) -> &'static str {
    match kind {
        ConflictKind::Number => "number",
        ConflictKind::Date => "date",
        ConflictKind::Name => "name",
        ConflictKind::Negation => "negation",
    }
}

/// A match's conflicts, one line each: `number: A "12" vs B "14"`.
pub fn conflict_lines(m: &Match) -> Vec<String> {
    m.conflicts
        .iter()
        .map(|c| {
            format!(
                "{}: A \u{201c}{}\u{201d} vs B \u{201c}{}\u{201d}",
                conflict_name(c.kind),
                c.a.text,
                c.b.text
            )
        })
        .collect()
}

/// The matches an export shows, as (index in `Comparison::matches`, match), in A's
/// reading order.
pub fn shown_matches<'c>(c: &'c Comparison, opts: &ExportOptions) -> Vec<(usize, &'c Match)> {
    let mut shown: Vec<(usize, &Match)> = c
        .matches
        .iter()
        .enumerate()
        .filter(|(_, m)| opts.include_boilerplate || m.kind != MatchKind::Boilerplate)
        .collect();
    shown.sort_by_key(|(i, m)| (m.a.first().copied().unwrap_or(usize::MAX), *i));
    shown
}

fn percent(share: f32) -> String {
    format!("{:.0}%", share * 100.0)
}

fn doc_view(label: &'static str, doc: &Document) -> DocView {
    let source = Path::new(&doc.path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| doc.path.clone());
    DocView {
        label,
        source,
        title: doc.title.clone(),
        date: doc.date.clone(),
        byline: doc.byline.clone(),
        format: format!("{:?}", doc.format).to_lowercase(),
        statements: doc.content_sentences().count(),
    }
}

/// Appends `text` to `pieces`; a marked run keeps its surrounding white space
/// unmarked, so that no strike-through or underline runs over a space.
fn push_piece(pieces: &mut Vec<Piece>, text: &str, mark: Option<&'static str>) {
    let plain = |text: &str| Piece {
        text: text.to_string(),
        mark: None,
        tint: None,
    };
    let core = text.trim();
    if mark.is_none() || core.is_empty() {
        pieces.push(plain(text));
        return;
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    if !lead.is_empty() {
        pieces.push(plain(lead));
    }
    pieces.push(Piece {
        text: core.to_string(),
        mark,
        tint: None,
    });
    if !trail.is_empty() {
        pieces.push(plain(trail));
    }
}

fn row(index: usize, m: &Match) -> Row {
    let mut a = Vec::new();
    let mut b = Vec::new();
    for span in &m.diff {
        match span.op {
            DiffOp::Equal => {
                push_piece(&mut a, &span.text, None);
                push_piece(&mut b, &span.text, None);
            }
            DiffOp::Delete => push_piece(&mut a, &span.text, Some("delete")),
            DiffOp::Insert => push_piece(&mut b, &span.text, Some("insert")),
        }
    }
    Row {
        number: index + 1,
        colour: match_colour(index).to_string(),
        tint: match_tint(index),
        a_ids: sentence_labels(0, &m.a),
        b_ids: sentence_labels(1, &m.b),
        a,
        b,
        kind: kind_name(m.kind),
        score: format!("{:.2}", m.score),
        conflicts: conflict_lines(m),
    }
}

/// A document's text block by block, each sentence tinted with its match's colour.
fn full_text(
    doc: &Document,
    side_of: &dyn Fn(&Match) -> &[usize],
    c: &Comparison,
    opts: &ExportOptions,
) -> Vec<Vec<Piece>> {
    let shown = shown_matches(c, opts);
    let tint_of: HashMap<usize, String> = shown
        .iter()
        .flat_map(|(i, m)| side_of(m).iter().map(move |&s| (s, match_tint(*i))))
        .collect();
    let mut blocks: Vec<Vec<Piece>> = Vec::new();
    let mut current: Option<usize> = None;
    for s in doc
        .sentences
        .iter()
        .filter(|s| opts.include_boilerplate || !s.boilerplate)
    {
        if current != Some(s.block) {
            blocks.push(Vec::new());
            current = Some(s.block);
        }
        let block = blocks.last_mut().expect("pushed above");
        if !block.is_empty() {
            block.push(Piece {
                text: " ".to_string(),
                mark: None,
                tint: None,
            });
        }
        block.push(Piece {
            text: s.text.clone(),
            mark: None,
            tint: tint_of.get(&s.id).cloned(),
        });
    }
    blocks
}

/// The best near miss of sentence `id` of side `side` (0: A, 1: B), if any.
fn closest(c: &Comparison, side: usize, id: usize) -> Option<Closest> {
    let (partner, score) = c.closest(side, id)?;
    let other = 1 - side;
    Some(Closest {
        id: sentence_label(other, partner),
        text: c.documents[other].sentences[partner].text.clone(),
        score: format!("{score:.2}"),
    })
}

/// The statements only A (`[0]`) and only B (`[1]`) makes, in reading order, with their
/// near misses; chrome only when the options keep it.
pub fn only_statements(c: &Comparison, opts: &ExportOptions) -> [Vec<Statement>; 2] {
    [0, 1].map(|side| {
        let matched = c.matched(side);
        c.documents[side]
            .sentences
            .iter()
            .filter(|s| !matched.contains(&s.id))
            .filter(|s| opts.include_boilerplate || !s.boilerplate)
            .map(|s| Statement {
                id: sentence_label(side, s.id),
                text: s.text.clone(),
                closest: closest(c, side, s.id),
            })
            .collect()
    })
}

impl View {
    pub fn new(c: &Comparison, opts: &ExportOptions) -> View {
        let [a, b] = [&c.documents[0], &c.documents[1]];
        let s = &c.summary;
        let shown = shown_matches(c, opts);
        let title_of = |d: &DocView| d.title.clone().unwrap_or_else(|| d.source.clone());
        let docs = [doc_view("A", a), doc_view("B", b)];
        let only = only_statements(c, opts);
        let kinds = [
            (MatchKind::Verbatim, "the same words", s.verbatim),
            (
                MatchKind::Edited,
                "the same sentence, some words changed",
                s.edited,
            ),
            (
                MatchKind::Paraphrase,
                "the same claim in other words",
                s.paraphrase,
            ),
            (MatchKind::Partial, "one side says more", s.partial),
            (
                MatchKind::Boilerplate,
                "site chrome on both sides",
                s.boilerplate,
            ),
        ]
        .into_iter()
        .filter(|(kind, _, _)| opts.include_boilerplate || *kind != MatchKind::Boilerplate)
        .map(|(kind, description, count)| KindView {
            name: kind_name(kind),
            description,
            count,
        })
        .collect();
        let full = opts.full_texts.then(|| {
            [
                full_text(a, &|m: &Match| &m.a, c, opts),
                full_text(b, &|m: &Match| &m.b, c, opts),
            ]
        });
        View {
            title: format!("{} / {}", title_of(&docs[0]), title_of(&docs[1])),
            compared_on: opts.compared_on.clone(),
            semantic: c.semantic,
            warnings: c.warnings.clone(),
            include_boilerplate: opts.include_boilerplate,
            summary: SummaryView {
                b_repeats_a: percent(s.a_shared),
                a_repeats_b: percent(s.b_shared),
                conflicts: s.conflicts,
                shared: shown.len(),
                shared_names: s.shared_names.clone(),
            },
            docs,
            palette: (0..palette().len())
                .map(|i| Swatch {
                    colour: match_colour(i).to_string(),
                    tint: match_tint(i),
                })
                .collect(),
            kinds,
            rows: shown.iter().map(|&(i, m)| row(i, m)).collect(),
            only,
            full,
        }
    }
}
