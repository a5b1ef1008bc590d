//! `parallax compare`: two files in, the comparison out (terminal summary or JSON),
//! and optionally exported to PDF, HTML or CSV files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use parallax_core::{sentence_label, sentence_labels, Comparison, DiffOp, Engine};
use parallax_export::{ExportFormat, ExportOptions};

use crate::{Failure, EXIT_FAILURE};

pub fn run(
    a: &Path,
    b: &Path,
    json: bool,
    exports: &[(ExportFormat, PathBuf)],
    opts: &ExportOptions,
) -> Result<(), Failure> {
    let doc_a = parallax_core::load_path(a)?;
    let doc_b = parallax_core::load_path(b)?;
    let engine = Engine::new(None);
    if let Some(warning) = &engine.warning {
        eprintln!("parallax: warning: {warning}");
    }
    let comparison = engine.compare(doc_a, doc_b, &AtomicBool::new(false), &mut |_, _, _| {})?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &comparison)?;
        writeln!(out)?;
    } else {
        print_summary(&mut out, &comparison)?;
    }
    for (format, file) in exports {
        let failure = |reason: String| Failure {
            message: format!("{}: {reason}", file.display()),
            code: EXIT_FAILURE,
        };
        let bytes = parallax_export::export(&comparison, *format, opts)
            .map_err(|e| failure(e.to_string()))?;
        std::fs::write(file, bytes).map_err(|e| failure(format!("cannot write: {e}")))?;
    }
    Ok(())
}

fn print_summary(out: &mut impl Write, c: &Comparison) -> std::io::Result<()> {
    let [a, b] = [&c.documents[0], &c.documents[1]];
    let s = &c.summary;
    writeln!(
        out,
        "A: {} — {}",
        a.path,
        a.title.as_deref().unwrap_or("(untitled)")
    )?;
    writeln!(
        out,
        "B: {} — {}",
        b.path,
        b.title.as_deref().unwrap_or("(untitled)")
    )?;
    writeln!(
        out,
        "B repeats {:.0}% of A's statements; A repeats {:.0}% of B's; {} factual conflict(s)",
        s.a_shared * 100.0,
        s.b_shared * 100.0,
        s.conflicts
    )?;
    writeln!(
        out,
        "{} verbatim, {} edited, {} paraphrase, {} partial, {} boilerplate\n",
        s.verbatim, s.edited, s.paraphrase, s.partial, s.boilerplate
    )?;
    writeln!(out, "== Shared statements")?;
    for m in &c.matches {
        writeln!(
            out,
            "\n[{:?} {:.2}] {} ~ {}",
            m.kind,
            m.score,
            sentence_labels(0, &m.a),
            sentence_labels(1, &m.b)
        )?;
        let mut line = String::new();
        for span in &m.diff {
            match span.op {
                DiffOp::Equal => line.push_str(&span.text),
                DiffOp::Delete => line.push_str(&format!("[-{}-]", span.text)),
                DiffOp::Insert => line.push_str(&format!("{{+{}+}}", span.text)),
            }
        }
        writeln!(out, "  {line}")?;
        for conflict in &m.conflicts {
            writeln!(
                out,
                "  conflict ({:?}): A \"{}\" vs B \"{}\"",
                conflict.kind, conflict.a.text, conflict.b.text
            )?;
        }
    }
    for (label, doc, side) in [("A", a, 0), ("B", b, 1)] {
        writeln!(out, "\n== Only in {label}")?;
        let matched = c.matched(side);
        for s in doc.content_sentences().filter(|s| !matched.contains(&s.id)) {
            writeln!(out, "  {:>4}  {}", sentence_label(side, s.id), s.text)?;
            if let Some((partner, score)) = c.closest(side, s.id) {
                writeln!(
                    out,
                    "        closest: {} ({score:.2}, not a match)",
                    sentence_label(1 - side, partner)
                )?;
            }
        }
    }
    Ok(())
}
