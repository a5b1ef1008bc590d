//! PDF: pdf-extract walks the content streams and hands over every glyph with its
//! position; `pdf_layout` turns the glyphs into lines, the lines into paragraphs, and
//! marks the page furniture (running headers, footers, page numbers).
//!
//! Glyphs are read in the order the file draws them, which is reading order for the
//! producers articles come from (browsers, word processors, TeX, layout programs draw
//! one column after the other); positions decide where words, lines and paragraphs end.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::pdf_layout::{self, Glyph, Page, PendingLine};
use super::pdf_limits;
use super::{RawDocument, MAX_TEXT_CHARS};
use crate::error::ErrorKind;

pub fn read(bytes: &[u8]) -> Result<RawDocument, ErrorKind> {
    let pages = extract_quietly(bytes)?;
    let doc = pdf_layout::assemble(&pages);
    if doc.blocks.is_empty() {
        return Err(ErrorKind::Pdf(
            "it has no extractable text (a scanned image needs OCR first)".into(),
        ));
    }
    Ok(doc)
}

thread_local! {
    static EXTRACTING: Cell<bool> = const { Cell::new(false) };
}

/// pdf-extract panics on some malformed files. The panic is caught and turned into an
/// error; a panic hook (chained to the previous one) keeps it from printing meanwhile.
fn extract_quietly(bytes: &[u8]) -> Result<Vec<Page>, ErrorKind> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !EXTRACTING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    EXTRACTING.with(|e| e.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| extract(bytes)));
    EXTRACTING.with(|e| e.set(false));
    match result {
        Ok(result) => result,
        Err(_) => Err(ErrorKind::Pdf(
            "its structure could not be parsed (damaged or truncated)".into(),
        )),
    }
}

fn extract(bytes: &[u8]) -> Result<Vec<Page>, ErrorKind> {
    let mut doc = pdf_limits::load(bytes)?;
    expand_width_ranges(&mut doc);
    let mut collector = GlyphCollector::default();
    let result = pdf_extract::output_doc(&doc, &mut collector);
    if collector.chars > MAX_TEXT_CHARS {
        return Err(ErrorKind::TooLarge {
            size: collector.chars as u64,
            limit: MAX_TEXT_CHARS as u64,
            unit: "characters",
        });
    }
    result.map_err(|e| ErrorKind::Pdf(describe(&format!("{e:?}"))))?;
    collector.finish_page();
    Ok(collector.pages)
}

/// The most glyph widths `expand_width_ranges` writes out, against a crafted file.
const MAX_EXPANDED_WIDTHS: usize = 1 << 20;

/// Rewrites the range entries of CID fonts' width arrays (`first last width`) in the
/// list form (`first [width width ...]`). pdf-extract reads only the list form and gives
/// every glyph of a range the default width, often 0, which puts the following glyphs
/// in the wrong place; browsers write spaces and most letters as ranges.
fn expand_width_ranges(doc: &mut pdf_extract::Document) {
    use pdf_extract::Object;
    let is_cid_font = |o: &Object| {
        o.as_dict().is_ok_and(|d| {
            d.get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"CIDFontType2" || n == b"CIDFontType0")
        })
    };
    let fonts: Vec<_> = doc
        .objects
        .iter()
        .filter(|(_, o)| is_cid_font(o))
        .map(|(id, _)| *id)
        .collect();
    let mut budget = MAX_EXPANDED_WIDTHS;
    for id in fonts {
        let Ok(widths) = doc
            .get_object(id)
            .and_then(Object::as_dict)
            .and_then(|d| d.get(b"W"))
            .and_then(|w| doc.dereference(w))
            .and_then(|(_, w)| w.as_array())
        else {
            continue;
        };
        let mut out = Vec::with_capacity(widths.len());
        let mut i = 0;
        while i < widths.len() {
            match (widths.get(i), widths.get(i + 1), widths.get(i + 2)) {
                (Some(first), Some(Object::Array(list)), _) => {
                    out.extend([first.clone(), Object::Array(list.clone())]);
                    i += 2;
                }
                (Some(first), Some(last), Some(width)) => {
                    let (Ok(first_cid), Ok(last_cid)) = (first.as_i64(), last.as_i64()) else {
                        break;
                    };
                    let count = usize::try_from(last_cid - first_cid + 1).unwrap_or(0);
                    if count == 0 || count > budget {
                        break;
                    }
                    budget -= count;
                    out.extend([first.clone(), Object::Array(vec![width.clone(); count])]);
                    i += 3;
                }
                _ => break,
            }
        }
        if let Ok(Object::Dictionary(dict)) = doc.get_object_mut(id) {
            dict.set("W", Object::Array(out));
        }
    }
}

pub(super) fn describe(message: &str) -> String {
    let lower = message.to_ascii_lowercase();
    if lower.contains("encrypt") || lower.contains("password") {
        "it is encrypted".into()
    } else if lower.contains("xref")
        || lower.contains("trailer")
        || lower.contains("eof")
        || lower.contains("parse")
    {
        format!("it is damaged or truncated ({message})")
    } else {
        message.to_string()
    }
}

/// Receives pdf-extract's glyphs and groups them into lines per page: a glyph starts a
/// new line when the baseline moves, when it jumps back left (the next column, or a
/// margin box drawn after its neighbour) or far to the right on the same baseline.
#[derive(Default)]
struct GlyphCollector {
    pages: Vec<Page>,
    page: Option<Page>,
    line: Option<PendingLine>,
    /// Characters seen so far, to stop a decompression bomb early.
    chars: usize,
}

impl GlyphCollector {
    fn finish_line(&mut self) {
        if let (Some(line), Some(page)) = (self.line.take(), self.page.as_mut()) {
            if !line.glyphs.is_empty() {
                page.lines.push(line.finish());
            }
        }
    }

    fn finish_page(&mut self) {
        self.finish_line();
        if let Some(page) = self.page.take() {
            self.pages.push(page);
        }
    }
}

impl OutputDev for GlyphCollector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.finish_page();
        self.page = Some(Page {
            height: (media_box.ury - media_box.lly).abs(),
            width: (media_box.urx - media_box.llx).abs(),
            lines: Vec::new(),
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.finish_page();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        self.chars += text.chars().count();
        if self.chars > MAX_TEXT_CHARS {
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        // The glyph's size on the page: the font size scaled by the text matrix.
        let scale_x = font_size * (trm.m11 + trm.m21);
        let scale_y = font_size * (trm.m12 + trm.m22);
        let size = (scale_x * scale_y).abs().sqrt();
        // PDF's y grows upwards; lines are kept with y measured down from the page's top.
        let height = self.page.as_ref().map_or(0.0, |p| p.height);
        let (x, y) = (trm.m31, height - trm.m32);
        if !(size.is_finite() && x.is_finite() && y.is_finite() && width.is_finite()) || size <= 0.0
        {
            return Ok(());
        }
        let space = text.chars().all(char::is_whitespace);
        let glyph = Glyph {
            x: x as f32,
            end: (x + width * size) as f32,
            space,
        };
        let starts_line = match &self.line {
            None => true,
            Some(line) => {
                let last = line.visible_end();
                (y - line.y).abs() > 0.6 * line.size.max(size)
                    || f64::from(glyph.x) < last - 0.5 * size
                    || f64::from(glyph.x) > last + 6.0 * size
            }
        };
        if starts_line {
            if space {
                return Ok(());
            }
            self.finish_line();
            self.line = Some(PendingLine::new(y, size));
        }
        if let Some(line) = self.line.as_mut() {
            line.push(glyph, text);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::pdf_limits::tests::pdf_of;
    use super::*;

    #[test]
    fn a_pdf_is_read_up_to_the_page_limit_and_refused_beyond_it() {
        let doc = read(&pdf_of(2, "The ferry sailed at noon.")).unwrap();
        let texts: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert!(
            texts
                .iter()
                .any(|t| t.contains("The ferry sailed at noon.")),
            "{texts:?}"
        );
        assert!(read(&pdf_of(pdf_limits::MAX_PAGES, "x")).is_ok());
        let err = read(&pdf_of(pdf_limits::MAX_PAGES + 1, "x")).unwrap_err();
        assert!(
            matches!(err, ErrorKind::TooLarge { size, unit: "pages", .. } if size == pdf_limits::MAX_PAGES as u64 + 1),
            "{err}"
        );
    }

    #[test]
    fn truncated_pdf_is_an_error_not_a_panic() {
        let bytes =
            b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pa";
        assert!(matches!(read(bytes), Err(ErrorKind::Pdf(_))));
    }
}
