//! `parallax inspect`: how one file is read and segmented.

use std::io::Write;
use std::path::Path;

use crate::Failure;

pub fn run(path: &Path, json: bool) -> Result<(), Failure> {
    let doc = parallax_core::load_path(path)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "file:   {}", doc.path)?;
    writeln!(out, "format: {:?}", doc.format)?;
    writeln!(out, "title:  {}", doc.title.as_deref().unwrap_or("(none)"))?;
    if let Some(byline) = &doc.byline {
        writeln!(out, "byline: {byline}")?;
    }
    let chrome = doc.sentences.iter().filter(|s| s.boilerplate).count();
    writeln!(
        out,
        "sentences: {} ({} boilerplate)\n",
        doc.sentences.len(),
        chrome
    )?;
    let mut block = usize::MAX;
    for s in &doc.sentences {
        if s.block != block && block != usize::MAX {
            writeln!(out)?;
        }
        block = s.block;
        let flag = if s.boilerplate { "[boilerplate] " } else { "" };
        writeln!(
            out,
            "{:>4} {:>6}-{:<6} {flag}{}",
            s.id, s.start, s.end, s.text
        )?;
    }
    Ok(())
}
