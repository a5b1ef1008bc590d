//! Ingest: turn the bytes of an article file into titled blocks of clean text.
//!
//! The format is detected from the content first (magic bytes, markup) and the file
//! extension second. Each format has its own reader; all of them produce a
//! [`RawDocument`], which the segment stage turns into a [`crate::Document`].

mod detect;
mod docx;
mod html;
mod markdown;
mod pdf;
mod pdf_layout;
mod pdf_limits;
mod text;

use std::io::Read;
use std::path::Path;

use crate::document::{BlockKind, Format};
use crate::error::{Error, ErrorKind, Result};

/// Files larger than this are refused before they are read whole.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Extracted text longer than this (in chars) is refused: about 2,000 pages of news.
pub const MAX_TEXT_CHARS: usize = 8 * 1024 * 1024;
/// The largest uncompressed XML part read from a DOCX (guards against zip bombs).
pub const MAX_DOCX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// What sets a table row's cells apart when a reader makes the row one block; later
/// stages tell a table row by it.
pub const CELL_SEPARATOR: &str = " | ";

/// A block of text as a reader found it, before sentence segmentation.
#[derive(Debug, Clone, PartialEq)]
pub struct RawBlock {
    pub kind: BlockKind,
    pub text: String,
    /// How many of the block's characters were link text (a signal of site chrome).
    pub link_chars: usize,
    /// The reader's structural evidence that the block is chrome: a paged format's running
    /// header, footer or page number; a web page element whose tag, role or class names
    /// navigation, sharing, a breadcrumb trail, tags, comments and the like; an item of a
    /// list made of links.
    pub structural_chrome: bool,
}

impl RawBlock {
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Self {
        RawBlock {
            kind,
            text: text.into(),
            link_chars: 0,
            structural_chrome: false,
        }
    }
}

/// What a format reader produces.
#[derive(Debug, Clone, Default)]
pub struct RawDocument {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub date: Option<String>,
    pub blocks: Vec<RawBlock>,
}

/// Reads a file from disk, refusing files over [`MAX_FILE_BYTES`] without reading them whole.
///
/// Only regular files are read. The type is checked before the file is opened: opening a
/// named pipe waits for a writer, and a device such as `/dev/zero` never ends. The
/// file is then opened without blocking and checked again, so that a path swapped for a
/// pipe in between cannot block either.
pub fn read_path(path: &Path) -> Result<(Format, RawDocument)> {
    let name = path.display().to_string();
    let err = |kind| Error::new(name.clone(), kind);
    let meta = std::fs::metadata(path).map_err(|e| err(ErrorKind::Io(e)))?;
    if let Some(what) = special_file(&meta.file_type()) {
        return Err(err(ErrorKind::NotAFile(what)));
    }
    let file = open_without_blocking(path).map_err(|e| err(ErrorKind::Io(e)))?;
    let meta = file.metadata().map_err(|e| err(ErrorKind::Io(e)))?;
    if let Some(what) = special_file(&meta.file_type()) {
        return Err(err(ErrorKind::NotAFile(what)));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(ErrorKind::Io(e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(err(too_large(
            meta.len().max(bytes.len() as u64),
            MAX_FILE_BYTES,
        )));
    }
    read_bytes(&name, &bytes)
}

/// What a path that is not a regular file is, in words; `None` for a regular file.
fn special_file(file_type: &std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("it is a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("it is a named pipe (FIFO)");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("it is a device");
        }
        if file_type.is_socket() {
            return Some("it is a socket");
        }
    }
    Some("it is a special file")
}

#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // Reads from a regular file ignore O_NONBLOCK; it only keeps `open` from waiting.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Reads an in-memory file; `name` is used for the extension hint and in errors.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<(Format, RawDocument)> {
    let err = |kind| Error::new(name, kind);
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(err(too_large(bytes.len() as u64, MAX_FILE_BYTES)));
    }
    let extension = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let container = detect::container(bytes).map_err(err)?;
    let (format, raw) = match container {
        detect::Container::Pdf => (Format::Pdf, pdf::read(bytes).map_err(err)?),
        detect::Container::Docx => (Format::Docx, docx::read(bytes).map_err(err)?),
        detect::Container::Text => {
            let decoded = text::decode(bytes).map_err(err)?;
            read_text(&decoded, extension.as_deref()).map_err(err)?
        }
    };
    let chars: usize = raw.blocks.iter().map(|b| b.text.chars().count()).sum();
    if chars > MAX_TEXT_CHARS {
        return Err(err(too_large(chars as u64, MAX_TEXT_CHARS as u64)));
    }
    Ok((format, raw))
}

/// Reads text that is already decoded (pasted text, or a decoded file).
pub fn read_text(text: &str, extension: Option<&str>) -> Result<(Format, RawDocument), ErrorKind> {
    if text.trim().is_empty() {
        return Err(ErrorKind::Empty);
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(too_large(
            text.chars().count() as u64,
            MAX_TEXT_CHARS as u64,
        ));
    }
    let format = detect::text_format(text, extension);
    let raw = match format {
        Format::Html => html::read(text),
        Format::Markdown => markdown::read(text),
        _ => text::read(text),
    };
    Ok((format, raw))
}

fn too_large(size: u64, limit: u64) -> ErrorKind {
    ErrorKind::TooLarge {
        size,
        limit,
        unit: "bytes",
    }
}

/// Collapses runs of white space (including line breaks) into single spaces and trims.
pub(crate) fn normalize_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
