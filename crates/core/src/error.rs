//! The engine's one error type: which input failed and why, in words a user can act on.

use std::fmt;

/// An error from the comparison engine, naming the input it concerns.
#[derive(Debug)]
pub struct Error {
    /// The file name (or label of pasted text) the error concerns; empty when none applies.
    pub source_name: String,
    /// What went wrong.
    pub kind: ErrorKind,
}

/// What went wrong, one variant per reason a user can tell apart.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    /// The file could not be opened or read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// The path names a folder, a named pipe, a device or another thing that is not a
    /// regular file; it is refused before it is opened.
    #[error("not a regular file: {0}")]
    NotAFile(&'static str),
    /// The input holds no bytes, or only white space.
    #[error("the file is empty")]
    Empty,
    /// The input is over a size limit that keeps memory bounded.
    #[error("the file is too large ({size} {unit}; the limit is {limit})")]
    TooLarge {
        size: u64,
        limit: u64,
        unit: &'static str,
    },
    /// Two documents whose sentences make more pairs than a comparison holds in memory.
    #[error(
        "too many sentences to compare ({a} × {b} sentence pairs; the limit is {limit} pairs)"
    )]
    TooManyPairs { a: usize, b: usize, limit: u64 },
    /// A format Parallax does not read (an image, an archive, a spreadsheet...).
    #[error("unsupported format: {0}")]
    Unsupported(String),
    /// Bytes that are not text in any encoding Parallax knows.
    #[error("this is binary data, not a text document")]
    Binary,
    /// A PDF that is damaged, truncated or encrypted.
    #[error("damaged or unreadable PDF: {0}")]
    Pdf(String),
    /// A DOCX whose zip container or XML is damaged.
    #[error("damaged or unreadable DOCX: {0}")]
    Docx(String),
    /// The document parsed but holds no readable sentences.
    #[error("no readable text was found in it")]
    NoText,
    /// The sentence-embedding model could not be loaded or run.
    #[error("sentence model: {0}")]
    Model(String),
    /// A multi-document comparison was given too few or too many documents.
    #[error("a comparison takes 2 to {max} documents, not {count}")]
    DocumentCount { count: usize, max: usize },
    /// The caller cancelled the comparison.
    #[error("the comparison was cancelled")]
    Cancelled,
}

impl Error {
    pub fn new(source_name: impl Into<String>, kind: ErrorKind) -> Self {
        Error {
            source_name: source_name.into(),
            kind,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.source_name.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.source_name, self.kind)
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.kind.source()
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
