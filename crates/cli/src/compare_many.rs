//! `parallax compare A B C ...`: three or more files in, the claims they make out
//! (terminal summary or JSON), and optionally exported to HTML or CSV files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use parallax_core::multi::{article_letter, member_label, MultiComparison};
use parallax_core::{DiffOp, Engine};
use parallax_export::{ExportFormat, ExportOptions};

use crate::{Failure, EXIT_FAILURE};

pub fn run(
    files: &[PathBuf],
    json: bool,
    exports: &[(ExportFormat, PathBuf)],
    opts: &ExportOptions,
) -> Result<(), Failure> {
    let documents = files
        .iter()
        .map(|f| parallax_core::load_path(f))
        .collect::<Result<Vec<_>, _>>()?;
    let engine = Engine::new(None);
    if let Some(warning) = &engine.warning {
        eprintln!("parallax: warning: {warning}");
    }
    let multi = engine.compare_many(&documents, &AtomicBool::new(false), &mut |_, _, _| {})?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &multi)?;
        writeln!(out)?;
    } else {
        print_summary(&mut out, &multi)?;
    }
    for (format, file) in exports {
        write_export(&multi, *format, file, opts)?;
    }
    Ok(())
}

fn write_export(
    multi: &MultiComparison,
    format: ExportFormat,
    file: &Path,
    opts: &ExportOptions,
) -> Result<(), Failure> {
    let failure = |reason: String| Failure {
        message: format!("{}: {reason}", file.display()),
        code: EXIT_FAILURE,
    };
    let bytes =
        parallax_export::export_multi(multi, format, opts).map_err(|e| failure(e.to_string()))?;
    std::fs::write(file, bytes).map_err(|e| failure(format!("cannot write: {e}")))
}

/// The articles, their figures and the matrix of shared shares, then the claims several
/// articles carry (most widely carried first) with their conflicts, then each
/// article's exclusives.
fn print_summary(out: &mut impl Write, m: &MultiComparison) -> std::io::Result<()> {
    let n = m.documents.len();
    for (k, (doc, figures)) in m.documents.iter().zip(&m.articles).enumerate() {
        writeln!(
            out,
            "{}: {} — {}",
            article_letter(k),
            doc.path,
            doc.title.as_deref().unwrap_or("(untitled)")
        )?;
        writeln!(
            out,
            "   {:.0}% of its statements carried elsewhere; {} shared claim(s), {} exclusive(s), {} conflict(s)",
            figures.shared * 100.0,
            figures.shared_claims,
            figures.exclusives.len(),
            figures.conflicts
        )?;
    }
    writeln!(
        out,
        "\nShare of each row's statements that each column carries:"
    )?;
    write!(out, "     ")?;
    for j in 0..n {
        write!(out, "{:>6}", article_letter(j))?;
    }
    writeln!(out)?;
    for (i, row) in m.shared.iter().enumerate() {
        write!(out, "{:>5}", article_letter(i))?;
        for (j, share) in row.iter().enumerate() {
            if i == j {
                write!(out, "{:>6}", "—")?;
            } else {
                write!(out, "{:>5.0}%", share * 100.0)?;
            }
        }
        writeln!(out)?;
    }
    writeln!(out, "\n== Claims carried by several articles")?;
    for claim in m.claims.iter().filter(|c| c.members.len() > 1) {
        let outlets: Vec<String> = claim
            .members
            .iter()
            .map(|x| article_letter(x.article))
            .collect();
        writeln!(
            out,
            "\n[{}/{n}: {}]{}",
            claim.members.len(),
            outlets.join(" "),
            if claim.conflicts.is_empty() {
                ""
            } else {
                " ⚠"
            }
        )?;
        for (k, x) in claim.members.iter().enumerate() {
            let label = member_label(x.article, &x.sentences);
            if k == claim.representative {
                let doc = &m.documents[x.article];
                let text: Vec<&str> = x
                    .sentences
                    .iter()
                    .map(|&s| doc.sentences[s].text.as_str())
                    .collect();
                writeln!(out, "  {label}: {}", text.join(" "))?;
                continue;
            }
            let mut line = String::new();
            for span in &x.diff {
                match span.op {
                    DiffOp::Equal => line.push_str(&span.text),
                    DiffOp::Delete => line.push_str(&format!("[-{}-]", span.text)),
                    DiffOp::Insert => line.push_str(&format!("{{+{}+}}", span.text)),
                }
            }
            let how = match (x.kind, x.score) {
                (Some(kind), Some(score)) => format!(" ({kind:?} {score:.2})"),
                _ => String::new(),
            };
            writeln!(out, "  {label}{how}: {line}")?;
        }
        for c in &claim.conflicts {
            writeln!(
                out,
                "  conflict ({:?}): {} \"{}\" vs {} \"{}\"",
                c.kind,
                member_label(c.a.article, &[c.a.fact.sentence]),
                c.a.fact.text,
                member_label(c.b.article, &[c.b.fact.sentence]),
                c.b.fact.text
            )?;
        }
    }
    for (k, figures) in m.articles.iter().enumerate() {
        writeln!(out, "\n== Only in {}", article_letter(k))?;
        for &c in &figures.exclusives {
            let x = &m.claims[c].members[0];
            let doc = &m.documents[x.article];
            let text: Vec<&str> = x
                .sentences
                .iter()
                .map(|&s| doc.sentences[s].text.as_str())
                .collect();
            writeln!(
                out,
                "  {:>4}  {}",
                member_label(x.article, &x.sentences),
                text.join(" ")
            )?;
        }
    }
    Ok(())
}
