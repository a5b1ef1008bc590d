//! PDF: text extraction with pdf-extract, then the layout undone: hyphens at line ends
//! removed, wrapped lines and paragraphs split by page breaks joined again, page
//! numbers dropped.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use super::text::{append_line, join_lines, mark_headline};
use super::{RawBlock, RawDocument};
use crate::document::BlockKind;
use crate::error::ErrorKind;

pub fn read(bytes: &[u8]) -> Result<RawDocument, ErrorKind> {
    let text = extract_quietly(bytes)?;
    let mut blocks = paragraphs(&text);
    if blocks.is_empty() {
        return Err(ErrorKind::Pdf(
            "it has no extractable text (a scanned image needs OCR first)".into(),
        ));
    }
    mark_headline(&mut blocks);
    let title = blocks
        .first()
        .filter(|b| b.kind == BlockKind::Heading)
        .map(|b| b.text.clone());
    Ok(RawDocument {
        title,
        blocks,
        ..Default::default()
    })
}

thread_local! {
    static EXTRACTING: Cell<bool> = const { Cell::new(false) };
}

/// pdf-extract panics on some malformed files. The panic is caught and turned into an
/// error; a panic hook (chained to the previous one) keeps it from printing meanwhile.
fn extract_quietly(bytes: &[u8]) -> Result<String, ErrorKind> {
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
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem(bytes)
    }));
    EXTRACTING.with(|e| e.set(false));
    match result {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(e)) => Err(ErrorKind::Pdf(describe(&e.to_string()))),
        Err(_) => Err(ErrorKind::Pdf(
            "its structure could not be parsed (damaged or truncated)".into(),
        )),
    }
}

fn describe(message: &str) -> String {
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

/// Rebuilds paragraphs from extracted lines. Blank lines separate paragraphs unless the
/// extractor put one between most lines (loose line spacing), in which case the line
/// widths alone decide. A paragraph cut by a page break is joined again.
fn paragraphs(text: &str) -> Vec<RawBlock> {
    let lines: Vec<&str> = text
        .split(['\n', '\x0C'])
        .map(str::trim)
        .filter(|l| !is_page_number(l))
        .collect();
    let blank = lines.iter().filter(|l| l.is_empty()).count();
    let loose = blank * 5 > (lines.len() - blank) * 2;
    let groups: Vec<Vec<&str>> = if loose {
        vec![lines.into_iter().filter(|l| !l.is_empty()).collect()]
    } else {
        lines
            .split(|l| l.is_empty())
            .filter(|g| !g.is_empty())
            .map(<[&str]>::to_vec)
            .collect()
    };
    let mut out: Vec<RawBlock> = Vec::new();
    for group in groups {
        for block in join_lines(&group) {
            let continues = out.last().is_some_and(|last: &RawBlock| {
                !last.text.ends_with(['.', '!', '?', '"', '”', ':'])
                    && block.text.starts_with(|c: char| c.is_lowercase())
            });
            match out.last_mut() {
                Some(last) if continues => append_line(&mut last.text, &block.text),
                _ => out.push(block),
            }
        }
    }
    out
}

fn is_page_number(line: &str) -> bool {
    let l = line.trim_matches(|c: char| c == '-' || c.is_whitespace());
    let l = l.strip_prefix("Page ").unwrap_or(l);
    !l.is_empty() && l.len() <= 4 && l.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_lines_removes_hyphens_and_bridges_page_breaks() {
        let text = "Library Reopens\n\nThe council said the infor-\nmation desk would open\nat nine.\n\n2\n\x0CA second para-\ngraph ends here and\n\n3\n\x0Ccontinues on the next page.\n";
        let texts: Vec<String> = paragraphs(text).into_iter().map(|b| b.text).collect();
        assert_eq!(
            texts,
            [
                "Library Reopens",
                "The council said the information desk would open at nine.",
                "A second paragraph ends here and continues on the next page."
            ]
        );
    }

    #[test]
    fn truncated_pdf_is_an_error_not_a_panic() {
        let bytes =
            b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pa";
        assert!(matches!(read(bytes), Err(ErrorKind::Pdf(_))));
    }
}
