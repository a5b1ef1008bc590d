//! Format detection: magic bytes first, then markup sniffing, then the file extension.

use crate::document::Format;
use crate::error::ErrorKind;

/// How the bytes are packaged.
pub enum Container {
    Pdf,
    Docx,
    Text,
}

/// Recognises binary containers by their magic bytes; everything else is treated as text.
pub fn container(bytes: &[u8]) -> Result<Container, ErrorKind> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ErrorKind::Empty);
    }
    // Some PDFs carry a few junk bytes before the header; the spec allows 1024.
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Ok(Container::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(Container::Docx);
    }
    const BINARY_MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x7FELF", "an executable program"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (
            b"\xD0\xCF\x11\xE0",
            "an old Microsoft Office file (.doc/.xls); save it as .docx",
        ),
        (b"{\\rtf", "an RTF document; save it as .docx or .txt"),
    ];
    for (magic, what) in BINARY_MAGIC {
        if bytes.starts_with(magic) {
            return Err(ErrorKind::Unsupported(format!("this is {what}")));
        }
    }
    Ok(Container::Text)
}

/// Decides how decoded text is marked up: HTML, Markdown or plain text.
pub fn text_format(text: &str, extension: Option<&str>) -> Format {
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let trimmed = head.trim_start();
    if trimmed.starts_with("<!doctype html")
        || trimmed.starts_with("<html")
        || head.contains("<body")
        || (trimmed.starts_with('<') && (head.contains("<p>") || head.contains("<div")))
    {
        return Format::Html;
    }
    match extension {
        Some("html" | "htm" | "xhtml") => return Format::Html,
        Some("md" | "markdown" | "mdown") => return Format::Markdown,
        _ => {}
    }
    if looks_like_markdown(text) {
        Format::Markdown
    } else {
        Format::Text
    }
}

/// Plain-text exports of web pages often carry Markdown; parse those as Markdown so
/// that `[links](#)`, `**emphasis**` and `# headings` do not leak into sentences.
fn looks_like_markdown(text: &str) -> bool {
    let mut signals = 0;
    let links = text.matches("](").count();
    if links >= 2 {
        signals += 2;
    }
    if text
        .lines()
        .any(|l| l.starts_with("# ") || l.starts_with("## "))
    {
        signals += 1;
    }
    if text.matches("**").count() >= 2 || text.contains("\\*") {
        signals += 1;
    }
    signals >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_recognised_by_content_whatever_the_extension() {
        assert_eq!(
            text_format("<!DOCTYPE html><html><body><p>Hi.</p>", Some("txt")),
            Format::Html
        );
    }

    #[test]
    fn markdown_in_a_txt_file_is_recognised() {
        let text = "# Title\n\nBy [Someone](#)\n\nSee [this](#) and **that**.";
        assert_eq!(text_format(text, Some("txt")), Format::Markdown);
    }

    #[test]
    fn plain_text_stays_plain() {
        assert_eq!(
            text_format("A plain sentence. Another one.", Some("txt")),
            Format::Text
        );
    }

    #[test]
    fn images_and_programs_are_refused_with_a_reason() {
        let err = container(b"\x89PNG\r\n\x1a\nrest").err().unwrap();
        assert!(err.to_string().contains("PNG image"));
        assert!(matches!(container(b"   \n"), Err(ErrorKind::Empty)));
    }
}
