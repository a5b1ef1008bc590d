//! DOCX: paragraphs, headings, list items and quotes read from `word/document.xml`
//! with zip + quick-xml. Uncompressed sizes are capped so a zip bomb is refused.

use std::io::{Read, Seek};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{normalize_space, RawBlock, RawDocument, MAX_DOCX_XML_BYTES};
use crate::document::BlockKind;
use crate::error::ErrorKind;

pub fn read(bytes: &[u8]) -> Result<RawDocument, ErrorKind> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ErrorKind::Docx(format!("the zip container is damaged ({e})")))?;
    let xml = read_part(&mut archive, "word/document.xml")?.ok_or_else(|| {
        ErrorKind::Unsupported(
            "a zip archive that is not a Word document (no word/document.xml)".into(),
        )
    })?;
    let mut doc = parse_document(&xml)?;
    if let Some(core) = read_part(&mut archive, "docProps/core.xml")? {
        doc.title = core_title(&core).or(doc.title);
    }
    Ok(doc)
}

fn read_part<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<Vec<u8>>, ErrorKind> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(ErrorKind::Docx(format!("cannot open {name} ({e})"))),
    };
    if file.size() > MAX_DOCX_XML_BYTES {
        return Err(too_big(name));
    }
    // The declared size can lie; the read itself is capped too.
    let mut out = Vec::new();
    file.take(MAX_DOCX_XML_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| ErrorKind::Docx(format!("cannot decompress {name} ({e})")))?;
    if out.len() as u64 > MAX_DOCX_XML_BYTES {
        return Err(too_big(name));
    }
    Ok(Some(out))
}

fn too_big(name: &str) -> ErrorKind {
    ErrorKind::Docx(format!(
        "{name} unpacks to more than {} MiB (a zip bomb?)",
        MAX_DOCX_XML_BYTES >> 20
    ))
}

fn parse_document(xml: &[u8]) -> Result<RawDocument, ErrorKind> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut blocks = Vec::new();
    let mut text = String::new();
    let mut kind = BlockKind::Paragraph;
    let mut in_text = false;
    let mut title = None;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            ErrorKind::Docx(format!("word/document.xml is not well-formed XML ({e})"))
        })?;
        let is_start = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                if let Some(k) = paragraph_kind(&e) {
                    kind = k;
                }
                if is_start && e.local_name().as_ref() == b"t" {
                    in_text = true;
                }
                match e.local_name().as_ref() {
                    b"tab" | b"br" | b"cr" => text.push(' '),
                    b"p" => {
                        text.clear();
                        kind = BlockKind::Paragraph;
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                let unescaped = t
                    .unescape()
                    .map_err(|e| ErrorKind::Docx(format!("bad text in word/document.xml ({e})")))?;
                text.push_str(&unescaped);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    let t = normalize_space(&text);
                    if !t.is_empty() {
                        if kind == BlockKind::Heading && title.is_none() {
                            title = Some(t.clone());
                        }
                        blocks.push(RawBlock::new(kind, t));
                    }
                    text.clear();
                    kind = BlockKind::Paragraph;
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(RawDocument {
        title,
        blocks,
        ..Default::default()
    })
}

/// Reads a paragraph's style (`w:pStyle`) or list numbering (`w:numPr`) into a block kind.
fn paragraph_kind(e: &BytesStart) -> Option<BlockKind> {
    match e.local_name().as_ref() {
        b"numPr" => Some(BlockKind::ListItem),
        b"pStyle" => {
            let style = e
                .attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == b"val")
                .map(|a| String::from_utf8_lossy(&a.value).to_ascii_lowercase())?;
            if style.starts_with("heading") || style == "title" || style == "subtitle" {
                Some(BlockKind::Heading)
            } else if style.contains("quote") {
                Some(BlockKind::Quote)
            } else if style.contains("list") {
                Some(BlockKind::ListItem)
            } else {
                None
            }
        }
        _ => None,
    }
}

fn core_title(xml: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut in_title = false;
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.local_name().as_ref() == b"title" => in_title = true,
            Event::Text(t) if in_title => {
                let t = normalize_space(&t.unescape().ok()?);
                return (!t.is_empty()).then_some(t);
            }
            Event::End(_) => in_title = false,
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrupted_zip_is_a_docx_error() {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend_from_slice(&[0x14, 0, 0, 0, 8, 0]);
        bytes.extend(std::iter::repeat_n(0xAB, 200));
        assert!(matches!(read(&bytes), Err(ErrorKind::Docx(_))));
    }
}
