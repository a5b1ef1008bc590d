//! Export of a Parallax comparison: one exporter for the CLI and the app.
//!
//! ```no_run
//! use parallax_export::{export, ExportFormat, ExportOptions};
//! # fn demo(comparison: &parallax_core::Comparison) -> Result<(), parallax_export::ExportError> {
//! let opts = ExportOptions::default(); // no boilerplate, no full texts, compared today
//! let pdf: Vec<u8> = export(comparison, ExportFormat::Pdf, &opts)?;
//! # Ok(()) }
//! ```
//!
//! - [`export`]`(c: &Comparison, format: ExportFormat, opts: &ExportOptions) -> Result<Vec<u8>, ExportError>`
//!   returns the file's bytes; [`pdf`], [`html`], [`csv`] and [`json`] do one format each.
//! - **PDF**: typeset in-process by Typst from `templates/report.typ`, offline, with
//!   embedded fonts (Libertinus Serif and DejaVu Sans Mono from `typst-assets` for
//!   Latin, Greek and Cyrillic; WenQuanYi Micro Hei from `assets/fonts` for Chinese,
//!   Japanese and Korean). Page 1: titles, sources, dates, figures, legend; then the
//!   shared statements in A's reading order as an A | B table with the word diff;
//!   then the statements only one side makes; then, if asked, both full texts.
//! - **HTML**: one self-contained file (inline CSS, no external resource), same content.
//! - **CSV**: one row per shown match, then one per statement only one side makes
//!   (kind `only_a` or `only_b`, with its near miss if any): `a_ids, b_ids, a_text,
//!   b_text, kind, score, conflicts, near_miss, near_miss_score`.
//! - **JSON**: the comparison itself, as `parallax compare --json` prints it (options
//!   do not apply).
//!
//! Match `i` of `Comparison::matches` is coloured `palette()[i % palette().len()]`, the
//! palette being `assets/palette.json`, which the app's UI reads too. Article text is
//! always handed to Typst and HTML as data and escaped text, never as markup.
//!
//! The comparison must hold two documents; matches of kind `boilerplate` and
//! boilerplate sentences are left out unless `include_boilerplate` is set.

mod html;
mod matrix;
mod pdf;
mod view;

use std::str::FromStr;

use parallax_core::multi::MultiComparison;
use parallax_core::{sentence_labels, Comparison};
use serde::{Deserialize, Serialize};

pub use view::palette;

/// A file format a comparison can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Pdf,
    Html,
    Csv,
    Json,
}

impl ExportFormat {
    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Pdf => "pdf",
            ExportFormat::Html => "html",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }
}

impl FromStr for ExportFormat {
    type Err = ExportError;

    /// Parses `pdf`, `html`, `csv` or `json` (any case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "pdf" => Ok(ExportFormat::Pdf),
            "html" => Ok(ExportFormat::Html),
            "csv" => Ok(ExportFormat::Csv),
            "json" => Ok(ExportFormat::Json),
            _ => Err(ExportError::UnknownFormat(s.to_string())),
        }
    }
}

/// What an export contains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportOptions {
    /// Keep site chrome (boilerplate matches and sentences).
    pub include_boilerplate: bool,
    /// Append both full texts side by side (PDF and HTML).
    pub full_texts: bool,
    /// The date of the comparison as shown on page 1, e.g. "2026-11-23".
    pub compared_on: String,
}

impl Default for ExportOptions {
    /// No boilerplate, no full texts, compared today (local date, `YYYY-MM-DD`).
    fn default() -> Self {
        ExportOptions {
            include_boilerplate: false,
            full_texts: false,
            compared_on: chrono::Local::now().format("%Y-%m-%d").to_string(),
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("a comparison of two documents is needed, this one has {0}")]
    Documents(usize),
    #[error("cannot typeset the PDF: {0}")]
    Pdf(String),
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("cannot write the JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("unknown export format `{0}` (pdf, html, csv or json)")]
    UnknownFormat(String),
}

/// Exports `c` in `format`; returns the file's bytes.
pub fn export(
    c: &Comparison,
    format: ExportFormat,
    opts: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    match format {
        ExportFormat::Pdf => pdf(c, opts),
        ExportFormat::Html => html(c, opts).map(String::into_bytes),
        ExportFormat::Csv => csv(c, opts),
        ExportFormat::Json => json(c),
    }
}

/// Exports a comparison of several articles (the claim × article matrix, see
/// [`matrix::html`] and [`matrix::csv`]); JSON is the comparison as `parallax compare
/// --json` prints it. Claims hold no site chrome, so the options other than
/// `compared_on` do not apply.
pub fn export_multi(
    m: &MultiComparison,
    format: ExportFormat,
    opts: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    match format {
        ExportFormat::Html => Ok(matrix::html(m, &opts.compared_on).into_bytes()),
        ExportFormat::Csv => matrix::csv(m),
        ExportFormat::Json => Ok(serde_json::to_vec_pretty(m)?),
        ExportFormat::Pdf => pdf::render_matrix(&matrix::MatrixPage::new(m, &opts.compared_on)),
    }
}

fn check(c: &Comparison) -> Result<(), ExportError> {
    match c.documents.len() {
        2 => Ok(()),
        n => Err(ExportError::Documents(n)),
    }
}

/// The comparison as a PDF report.
pub fn pdf(c: &Comparison, opts: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    check(c)?;
    pdf::render(&view::View::new(c, opts))
}

/// The comparison as one self-contained HTML page.
pub fn html(c: &Comparison, opts: &ExportOptions) -> Result<String, ExportError> {
    check(c)?;
    Ok(html::render(&view::View::new(c, opts)))
}

/// One CSV row per shown match, in A's reading order, then one per statement only A
/// makes and one per statement only B makes, under the header
/// `a_ids,b_ids,a_text,b_text,kind,score,conflicts,near_miss,near_miss_score`. Ids
/// are the sentence labels ([`sentence_labels`], numbered from 1 like the app's and the
/// PDF's: JSON id + 1), space-separated (`A3 A4`); texts are the matched sentences
/// joined by a space, conflicts are joined by `; `. A statement only one side makes has
/// kind `only_a` or `only_b`, the other side's columns and the score empty, and its near
/// miss (the other side's closest statement, which did not match) in the last two
/// columns when there is one; a match leaves those two empty.
pub fn csv(c: &Comparison, opts: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    check(c)?;
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record([
        "a_ids",
        "b_ids",
        "a_text",
        "b_text",
        "kind",
        "score",
        "conflicts",
        "near_miss",
        "near_miss_score",
    ])?;
    let text = |doc: usize, ids: &[usize]| {
        ids.iter()
            .map(|&i| c.documents[doc].sentences[i].text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    for (_, m) in view::shown_matches(c, opts) {
        w.write_record([
            sentence_labels(0, &m.a),
            sentence_labels(1, &m.b),
            text(0, &m.a),
            text(1, &m.b),
            view::kind_name(m.kind).to_string(),
            format!("{:.3}", m.score),
            view::conflict_lines(m).join("; "),
            String::new(),
            String::new(),
        ])?;
    }
    let only = view::only_statements(c, opts);
    for (side, statements) in only.iter().enumerate() {
        for s in statements {
            let (near_miss, near_miss_score) = s
                .closest
                .as_ref()
                .map(|n| (n.id.clone(), n.score.clone()))
                .unwrap_or_default();
            let (ids, text) = (s.id.clone(), s.text.clone());
            let [a_ids, b_ids, a_text, b_text] = if side == 0 {
                [ids, String::new(), text, String::new()]
            } else {
                [String::new(), ids, String::new(), text]
            };
            let kind = ["only_a", "only_b"][side].to_string();
            w.write_record([
                a_ids,
                b_ids,
                a_text,
                b_text,
                kind,
                String::new(),
                String::new(),
                near_miss,
                near_miss_score,
            ])?;
        }
    }
    w.into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))
}

/// The comparison as pretty JSON, byte for byte what `parallax compare --json` prints
/// (without its final newline).
pub fn json(c: &Comparison) -> Result<Vec<u8>, ExportError> {
    Ok(serde_json::to_vec_pretty(c)?)
}
