//! Export of a comparison of several articles: the claim × article matrix as one
//! self-contained HTML page, as a PDF (the page data [`MatrixPage`] typeset by
//! `templates/matrix.typ`) or as CSV (one row per claim, one column per article).

use std::fmt::Write;

use serde::Serialize;

use parallax_core::multi::{article_letter, member_label, Claim, ClaimConflict, MultiComparison};
use parallax_core::{ConflictKind, DiffOp};

use crate::html::escape;
use crate::ExportError;

/// A member's sentences joined by a space.
fn member_text(m: &MultiComparison, article: usize, sentences: &[usize]) -> String {
    sentences
        .iter()
        .map(|&s| m.documents[article].sentences[s].text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The representative statement of a claim.
fn representative(m: &MultiComparison, claim: &Claim) -> String {
    let r = &claim.members[claim.representative];
    member_text(m, r.article, &r.sentences)
}

fn kind_name(kind: ConflictKind) -> &'static str {
    match kind {
        ConflictKind::Number => "number",
        ConflictKind::Date => "date",
        ConflictKind::Name => "name",
        ConflictKind::Negation => "negation",
    }
}

/// A conflict as one line: `number: A3 "Fourteen" vs B5 "Seventeen"`.
fn conflict_line(c: &ClaimConflict) -> String {
    format!(
        "{}: {} \"{}\" vs {} \"{}\"",
        kind_name(c.kind),
        member_label(c.a.article, &[c.a.fact.sentence]),
        c.a.fact.text,
        member_label(c.b.article, &[c.b.fact.sentence]),
        c.b.fact.text
    )
}

/// An article's column heading: its letter and title (or file name).
fn heading(m: &MultiComparison, article: usize) -> String {
    let doc = &m.documents[article];
    format!(
        "{}: {}",
        article_letter(article),
        doc.title.as_deref().unwrap_or(&doc.path)
    )
}

/// How `article` carries `claim`: its statement's labels, and whether a conflict of the
/// claim involves it; `None` when it does not carry the claim.
fn cell(claim: &Claim, article: usize) -> Option<(String, bool)> {
    let x = claim.members.iter().find(|x| x.article == article)?;
    let warn = claim
        .conflicts
        .iter()
        .any(|c| c.a.article == article || c.b.article == article);
    Some((member_label(article, &x.sentences), warn))
}

/// What the matrix PDF shows, in the order it shows it: every string is final text.
#[derive(Debug, Serialize)]
pub struct MatrixPage {
    pub compared_on: String,
    pub claims_total: usize,
    pub claims_shared: usize,
    pub articles: Vec<PageArticle>,
    /// Row article's share of statements carried by the column article, as "45%"
    /// ("—" on the diagonal).
    pub shares: Vec<Vec<String>>,
    pub claims: Vec<PageClaim>,
}

#[derive(Debug, Serialize)]
pub struct PageArticle {
    pub letter: String,
    /// The title, or the file name when the article has none.
    pub title: String,
    pub source: String,
    pub shared: String,
    pub conflicts: usize,
    /// The article's exclusives: label and text.
    pub exclusives: Vec<[String; 2]>,
}

#[derive(Debug, Serialize)]
pub struct PageClaim {
    pub number: usize,
    pub text: String,
    /// One per article: "●" when it carries the claim, "⚠" when its member conflicts
    /// with another, "" when it does not carry it.
    pub cells: Vec<String>,
    pub conflicts: Vec<String>,
}

impl MatrixPage {
    pub fn new(m: &MultiComparison, compared_on: &str) -> MatrixPage {
        let n = m.documents.len();
        let articles = m
            .documents
            .iter()
            .zip(&m.articles)
            .enumerate()
            .map(|(k, (doc, a))| PageArticle {
                letter: article_letter(k),
                title: doc.title.clone().unwrap_or_else(|| doc.path.clone()),
                source: doc.path.clone(),
                shared: format!("{:.0}%", a.shared * 100.0),
                conflicts: a.conflicts,
                exclusives: a
                    .exclusives
                    .iter()
                    .map(|&c| {
                        let x = &m.claims[c].members[0];
                        [
                            member_label(x.article, &x.sentences),
                            member_text(m, x.article, &x.sentences),
                        ]
                    })
                    .collect(),
            })
            .collect();
        let shares = m
            .shared
            .iter()
            .enumerate()
            .map(|(i, row)| {
                row.iter()
                    .enumerate()
                    .map(|(j, share)| {
                        if i == j {
                            "—".to_string()
                        } else {
                            format!("{:.0}%", share * 100.0)
                        }
                    })
                    .collect()
            })
            .collect();
        let claims = m
            .claims
            .iter()
            .enumerate()
            .map(|(k, claim)| PageClaim {
                number: k + 1,
                text: representative(m, claim),
                cells: (0..n)
                    .map(|article| match cell(claim, article) {
                        Some((_, true)) => "⚠".to_string(),
                        Some((_, false)) => "●".to_string(),
                        None => String::new(),
                    })
                    .collect(),
                conflicts: claim.conflicts.iter().map(conflict_line).collect(),
            })
            .collect();
        MatrixPage {
            compared_on: compared_on.to_string(),
            claims_total: m.claims.len(),
            claims_shared: m.claims.iter().filter(|c| c.members.len() > 1).count(),
            articles,
            shares,
            claims,
        }
    }
}

/// One row per claim, in the claims' order (most widely carried first), under the
/// header `claim,articles,representative,conflicts,` then one column per article
/// headed by its letter and title. An article's cell holds its statement's labels and
/// text (`C4: ...`), empty when it does not carry the claim; `articles` counts the
/// filled cells, so a claim with 1 is that article's exclusive. Conflicts are joined
/// by `; `.
pub fn csv(m: &MultiComparison) -> Result<Vec<u8>, ExportError> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["claim", "articles", "representative", "conflicts"]
        .map(String::from)
        .to_vec();
    header.extend((0..m.documents.len()).map(|k| heading(m, k)));
    w.write_record(&header)?;
    for (k, claim) in m.claims.iter().enumerate() {
        let mut row = vec![
            (k + 1).to_string(),
            claim.members.len().to_string(),
            representative(m, claim),
            claim
                .conflicts
                .iter()
                .map(conflict_line)
                .collect::<Vec<_>>()
                .join("; "),
        ];
        row.extend((0..m.documents.len()).map(|article| {
            claim
                .members
                .iter()
                .find(|x| x.article == article)
                .map(|x| {
                    format!(
                        "{}: {}",
                        member_label(article, &x.sentences),
                        member_text(m, article, &x.sentences)
                    )
                })
                .unwrap_or_default()
        }));
        w.write_record(&row)?;
    }
    w.into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))
}

const CSS: &str = r#"
:root { color-scheme: light; --muted: #5f5f5f; --rule: #c8c8c8; --red: #B3261E; --green: #1A7F37; --fill: #3b6ea8; }
body { font: 15px/1.45 Georgia, "Libertinus Serif", "Noto Serif", serif; color: #1a1a1a; max-width: 1200px; margin: 2em auto; padding: 0 1.2em; }
h1 { font-size: 1.7em; margin: 0; }
h2 { font-size: 1.25em; margin: 1.6em 0 .6em; }
.muted, small { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--rule); padding: .3em .5em; vertical-align: top; text-align: left; }
th { background: #e8e8e8; font-weight: normal; }
td.cell { text-align: center; width: 3.2em; }
td.cell.on { background: var(--fill); color: #fff; }
td.num { text-align: right; }
.warn { color: var(--red); }
del { color: var(--red); }
ins { color: var(--green); }
details { margin: .2em 0; }
@media print { * { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"#;

/// The matrix as one self-contained page: the articles with their figures, the
/// matrix of shared shares, one row per claim with a filled cell for each article
/// that carries it (⚠ where its members conflict) and the members' diffs folded
/// under the claim, then each article's exclusives.
pub fn html(m: &MultiComparison, compared_on: &str) -> String {
    let n = m.documents.len();
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>Comparison of {n} articles</title><style>{CSS}</style></head><body>\
         <header><h1>Comparison of {n} articles</h1><p class=\"muted\">Compared on {}; {} claims, {} carried by several articles.</p></header>",
        escape(compared_on),
        m.claims.len(),
        m.claims.iter().filter(|c| c.members.len() > 1).count()
    );
    out.push_str("<h2>Articles</h2><table><tr><th></th><th>Title</th><th>Source</th><th>Carried elsewhere</th><th>Exclusives</th><th>Conflicts</th></tr>");
    for (k, (doc, a)) in m.documents.iter().zip(&m.articles).enumerate() {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.0}%</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            article_letter(k),
            escape(doc.title.as_deref().unwrap_or("(untitled)")),
            escape(&doc.path),
            a.shared * 100.0,
            a.exclusives.len(),
            a.conflicts
        );
    }
    out.push_str("</table><h2>Shared statements</h2><p class=\"muted\">Share of each row's statements that each column carries.</p><table class=\"shares\"><tr><th></th>");
    for j in 0..n {
        let _ = write!(out, "<th>{}</th>", article_letter(j));
    }
    out.push_str("</tr>");
    for (i, row) in m.shared.iter().enumerate() {
        let _ = write!(out, "<tr><th>{}</th>", article_letter(i));
        for (j, share) in row.iter().enumerate() {
            if i == j {
                out.push_str("<td class=\"num\">—</td>");
            } else {
                let _ = write!(out, "<td class=\"num\">{:.0}%</td>", share * 100.0);
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</table><h2>Claims</h2><table class=\"claims\"><tr><th>#</th><th>Claim</th>");
    for j in 0..n {
        let _ = write!(
            out,
            "<th title=\"{}\">{}</th>",
            escape(&heading(m, j)),
            article_letter(j)
        );
    }
    out.push_str("</tr>");
    for (k, claim) in m.claims.iter().enumerate() {
        let _ = write!(
            out,
            "<tr class=\"claim\"><td class=\"num\">{}</td><td><details><summary>{}{}</summary>",
            k + 1,
            if claim.conflicts.is_empty() {
                ""
            } else {
                "<span class=\"warn\">⚠ </span>"
            },
            escape(&representative(m, claim))
        );
        claim_details(&mut out, m, claim);
        out.push_str("</details></td>");
        for article in 0..n {
            match cell(claim, article) {
                Some((label, warn)) => {
                    let _ = write!(
                        out,
                        "<td class=\"cell on\" title=\"{}\">{}</td>",
                        escape(&label),
                        if warn { "⚠" } else { "●" }
                    );
                }
                None => out.push_str("<td class=\"cell\"></td>"),
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</table><h2>Exclusives</h2>");
    for (k, a) in m.articles.iter().enumerate() {
        let _ = write!(out, "<h3>Only in {}</h3><ul>", escape(&heading(m, k)));
        for &c in &a.exclusives {
            let x = &m.claims[c].members[0];
            let _ = write!(
                out,
                "<li><small>{}</small> {}</li>",
                escape(&member_label(x.article, &x.sentences)),
                escape(&member_text(m, x.article, &x.sentences))
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</body></html>\n");
    out
}

/// Under a claim: each member's labels, kind and diff against the representative, then
/// the conflicts.
fn claim_details(out: &mut String, m: &MultiComparison, claim: &Claim) {
    out.push_str("<ul>");
    for (k, x) in claim.members.iter().enumerate() {
        let label = escape(&member_label(x.article, &x.sentences));
        if k == claim.representative {
            let _ = write!(
                out,
                "<li><small>{label} (representative)</small> {}</li>",
                escape(&member_text(m, x.article, &x.sentences))
            );
            continue;
        }
        let kind = x
            .kind
            .map(|k| format!("{k:?}").to_lowercase())
            .unwrap_or_default();
        let _ = write!(out, "<li><small>{label} ({kind})</small> ");
        for span in &x.diff {
            let text = escape(&span.text);
            let _ = match span.op {
                DiffOp::Equal => write!(out, "{text}"),
                DiffOp::Delete => write!(out, "<del>{text}</del>"),
                DiffOp::Insert => write!(out, "<ins>{text}</ins>"),
            };
        }
        out.push_str("</li>");
    }
    for c in &claim.conflicts {
        let _ = write!(
            out,
            "<li class=\"warn\">⚠ {}</li>",
            escape(&conflict_line(c))
        );
    }
    out.push_str("</ul>");
}
