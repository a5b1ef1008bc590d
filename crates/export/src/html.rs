//! HTML export: one self-contained page (inline CSS, no script, no external resource,
//! and a Content-Security-Policy that forbids loading any), laid out like the PDF.
//! Every piece of article text goes through [`escape`].

use std::fmt::Write;

use crate::view::{DocView, Piece, View};

const CSS: &str = r#"
:root { color-scheme: light; --muted: #5f5f5f; --rule: #c8c8c8; --red: #B3261E; --green: #1A7F37; }
* { box-sizing: border-box; }
body { font: 15px/1.45 Georgia, "Libertinus Serif", "Noto Serif", serif; color: #1a1a1a; max-width: 1100px; margin: 2em auto; padding: 0 1.2em; }
h1 { font-size: 1.7em; margin: 0; }
h2 { font-size: 1.25em; margin: 1.6em 0 .6em; }
.muted, .ids, .meta { color: var(--muted); }
.ids, .meta, small { font-size: .8em; }
.docs, .figures { display: grid; gap: .8em; }
.docs { grid-template-columns: 1fr 1fr; margin-top: 1em; }
.figures { grid-template-columns: repeat(4, 1fr); }
.doc { border: 1px solid var(--rule); border-radius: 4px; padding: .7em .9em; }
.doc h3 { margin: .1em 0 .4em; font-size: 1.15em; }
.doc dl { display: grid; grid-template-columns: auto 1fr; gap: .2em .8em; margin: 0; }
.doc dt { color: var(--muted); font-size: .85em; }
.doc dd { margin: 0; overflow-wrap: anywhere; }
.figure { background: #f5f5f5; border-radius: 4px; padding: .6em .8em; }
.figure b { display: block; font-size: 1.8em; }
.warnings { background: #FFF4E5; border-radius: 4px; padding: .5em 1em; margin-top: 1em; }
.swatch { display: inline-block; width: 2.2em; height: 1.1em; border-left: 4px solid; margin-right: 4px; vertical-align: middle; }
del { color: var(--red); text-decoration-color: var(--red); }
ins { color: var(--green); text-decoration-color: var(--green); text-underline-offset: 2px; }
.conflict { color: var(--red); font-size: .9em; }
table { border-collapse: separate; border-spacing: 0 3px; width: 100%; }
th { background: #e8e8e8; text-align: left; padding: .35em .5em; font-weight: normal; }
td { vertical-align: top; padding: .35em .5em; overflow-wrap: anywhere; }
td.no { border-left: 5px solid; width: 4.5em; }
.legend td { padding: .2em .5em; }
.only { display: grid; grid-template-columns: 3.5em 1fr; gap: .35em .6em; }
.closest { color: var(--muted); font-size: .85em; }
.full { display: grid; grid-template-columns: 1fr 1fr; gap: 1.4em; }
.full mark { color: inherit; }
@media print { * { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"#;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn or_dash(value: &Option<String>) -> String {
    value.as_deref().map(escape).unwrap_or_else(|| "—".into())
}

fn pieces(out: &mut String, pieces: &[Piece]) {
    for p in pieces {
        let text = escape(&p.text);
        match (p.mark, &p.tint) {
            (Some("delete"), _) => write!(out, "<del>{text}</del>"),
            (Some(_), _) => write!(out, "<ins>{text}</ins>"),
            (None, Some(tint)) => write!(out, "<mark style=\"background:{tint}\">{text}</mark>"),
            (None, None) => write!(out, "{text}"),
        }
        .expect("writing to a String");
    }
}

fn doc_box(out: &mut String, d: &DocView) {
    let _ = write!(
        out,
        "<section class=\"doc\"><small class=\"muted\"><b>ARTICLE {}</b></small><h3>{}</h3><dl>\
         <dt>Source</dt><dd>{}</dd><dt>Date</dt><dd>{}</dd><dt>Byline</dt><dd>{}</dd>\
         <dt>Read as</dt><dd>{}</dd><dt>Statements</dt><dd>{}</dd></dl></section>",
        d.label,
        or_dash(&d.title),
        escape(&d.source),
        or_dash(&d.date),
        or_dash(&d.byline),
        escape(&d.format),
        d.statements
    );
}

pub fn render(v: &View) -> String {
    let [a, b] = &v.docs;
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Parallax comparison: {}</title><style>{CSS}</style></head><body>\n\
         <header><h1>Comparison of two articles</h1>\
         <div class=\"muted\">Compared on {} by Parallax</div></header>\n<div class=\"docs\">",
        escape(&v.title),
        escape(&v.compared_on)
    );
    doc_box(&mut out, a);
    doc_box(&mut out, b);
    out.push_str("</div>\n");
    if !v.warnings.is_empty() {
        out.push_str("<div class=\"warnings\"><b>Warnings</b><ul>");
        for w in &v.warnings {
            let _ = write!(out, "<li>{}</li>", escape(w));
        }
        out.push_str("</ul></div>\n");
    }
    let s = &v.summary;
    let _ = write!(
        out,
        "<h2>Summary</h2><div class=\"figures\">\
         <div class=\"figure\"><b>{}</b>of A's statements are repeated by B</div>\
         <div class=\"figure\"><b>{}</b>of B's statements are repeated by A</div>\
         <div class=\"figure\"><b>{}</b>shared statements</div>\
         <div class=\"figure\"><b>{}</b>factual conflicts (numbers, dates, names, negation)</div></div>\n<p>",
        s.b_repeats_a, s.a_repeats_b, s.shared, s.conflicts
    );
    for k in &v.kinds {
        let _ = write!(
            out,
            "<b>{}</b> {} <small class=\"muted\">({})</small><br>",
            k.name, k.count, k.description
        );
    }
    let names = if s.shared_names.is_empty() {
        "none".to_string()
    } else {
        escape(&s.shared_names.join(", "))
    };
    let _ = write!(
        out,
        "</p><p><b>Names both articles mention:</b> {names}</p>\n<h2>Legend</h2><table class=\"legend\"><tr><td>"
    );
    for sw in &v.palette {
        let _ = write!(
            out,
            "<span class=\"swatch\" style=\"background:{};border-color:{}\"></span>",
            sw.tint, sw.colour
        );
    }
    let _ = writeln!(
        out,
        "</td><td>Each shared statement has one colour, the same on both sides (and in the full texts); the colours repeat every {} statements.</td></tr>\
         <tr><td><del>struck words</del></td><td>words of A's version that B does not have</td></tr>\
         <tr><td><ins>underlined words</ins></td><td>words of B's version that A does not have</td></tr>\
         <tr><td class=\"conflict\"><b>conflict</b></td><td>a fact both state with different values (a number, a date, a name, or a negation on one side only)</td></tr>\
         <tr><td>score</td><td>how likely the two statements are the same statement, 0 to 1</td></tr></table>",
        v.palette.len()
    );
    if !v.include_boilerplate {
        out.push_str("<p><small class=\"muted\">Site chrome (share prompts, bylines, newsletter boxes and the like) is left out.</small></p>\n");
    }
    let _ = write!(
        out,
        "<h2>Shared statements, in A's reading order ({})</h2>\n<table><thead><tr><th>no.</th>\
         <th><b>A</b> <small>{}</small></th><th><b>B</b> <small>{}</small></th></tr></thead><tbody>\n",
        v.rows.len(),
        escape(&a.source),
        escape(&b.source)
    );
    for r in &v.rows {
        let _ = write!(
            out,
            "<tr style=\"background:{}\"><td class=\"no\" style=\"border-color:{}\"><b>{}</b><br><span class=\"meta\">{}<br>{}</span></td>\
             <td><span class=\"ids\">{}</span><br>",
            r.tint, r.colour, r.number, r.kind, r.score, r.a_ids
        );
        pieces(&mut out, &r.a);
        let _ = write!(out, "</td><td><span class=\"ids\">{}</span><br>", r.b_ids);
        pieces(&mut out, &r.b);
        out.push_str("</td></tr>\n");
        if !r.conflicts.is_empty() {
            let _ = write!(
                out,
                "<tr style=\"background:{}\"><td class=\"no\" style=\"border-color:{}\"></td><td colspan=\"2\" class=\"conflict\">",
                r.tint, r.colour
            );
            for c in &r.conflicts {
                let _ = write!(out, "<b>conflict</b> {}<br>", escape(c));
            }
            out.push_str("</td></tr>\n");
        }
    }
    out.push_str("</tbody></table>\n");
    if v.rows.is_empty() {
        out.push_str("<p><i>The two articles share no statement.</i></p>\n");
    }
    for (d, only) in [(a, &v.only[0]), (b, &v.only[1])] {
        let _ = writeln!(out, "<h2>Only in {} ({})</h2>", d.label, only.len());
        if only.is_empty() {
            let _ = writeln!(
                out,
                "<p><i>Nothing: every statement of {} has a counterpart.</i></p>",
                d.label
            );
            continue;
        }
        out.push_str("<div class=\"only\">");
        for s in only {
            let closest = s.closest.as_ref().map_or(String::new(), |n| {
                format!(
                    "<br><span class=\"closest\">closest in {} ({}, not a match): {}</span>",
                    n.id,
                    n.score,
                    escape(&n.text)
                )
            });
            let _ = writeln!(
                out,
                "<span class=\"ids\">{}</span><span>{}{closest}</span>",
                s.id,
                escape(&s.text)
            );
        }
        out.push_str("</div>\n");
    }
    if let Some(full) = &v.full {
        out.push_str("<h2>Full texts</h2><div class=\"full\">");
        for (d, blocks) in [(a, &full[0]), (b, &full[1])] {
            let _ = write!(
                out,
                "<section><h3>{} <small>{}</small></h3>",
                d.label,
                escape(&d.source)
            );
            for block in blocks {
                out.push_str("<p>");
                pieces(&mut out, block);
                out.push_str("</p>\n");
            }
            out.push_str("</section>");
        }
        out.push_str("</div>\n");
    }
    out.push_str("</body></html>\n");
    out
}
