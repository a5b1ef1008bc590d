//! PDF export: the view is handed to a Typst template (`templates/report.typ` for two
//! articles, `templates/matrix.typ` for the claim matrix of several) as
//! `sys.inputs.data` (Typst values: strings stay strings, so article text can never
//! be read as markup), typeset in-process with embedded fonts and written by
//! `typst-pdf`.

use std::sync::OnceLock;

use typst::foundations::{Array, Dict, IntoValue, Str, Value};
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;

use crate::matrix::MatrixPage;
use crate::view::View;
use crate::ExportError;

const REPORT: &str = include_str!("../templates/report.typ");
const MATRIX: &str = include_str!("../templates/matrix.typ");
/// Chinese, Japanese and Korean glyphs (Apache-2.0, see assets/fonts/README.md).
const CJK_FONT: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei.ttc");

type Engine = TypstEngine<TypstTemplateMainFile>;

/// An engine holds its parsed template and the font book; each is built once per process.
fn engine(cell: &'static OnceLock<Engine>, template: &'static str) -> &'static Engine {
    cell.get_or_init(|| {
        TypstEngine::builder()
            .main_file(template)
            .fonts(typst_assets::fonts().chain([CJK_FONT]))
            .build()
    })
}

/// Converts JSON into the Typst value of the same shape.
fn to_typst(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::None,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::Str(Str::from(s)),
        serde_json::Value::Array(items) => {
            Value::Array(items.into_iter().map(to_typst).collect::<Array>())
        }
        serde_json::Value::Object(fields) => Value::Dict(
            fields
                .into_iter()
                .map(|(k, v)| (Str::from(k), to_typst(v)))
                .collect::<Dict>(),
        ),
    }
}

/// The report of two articles.
pub fn render(view: &View) -> Result<Vec<u8>, ExportError> {
    static REPORT_ENGINE: OnceLock<Engine> = OnceLock::new();
    typeset(engine(&REPORT_ENGINE, REPORT), view)
}

/// The claim × article matrix of several articles.
pub fn render_matrix(page: &MatrixPage) -> Result<Vec<u8>, ExportError> {
    static MATRIX_ENGINE: OnceLock<Engine> = OnceLock::new();
    typeset(engine(&MATRIX_ENGINE, MATRIX), page)
}

fn typeset(engine: &Engine, data: &impl serde::Serialize) -> Result<Vec<u8>, ExportError> {
    let data = serde_json::to_value(data).map_err(|e| ExportError::Pdf(e.to_string()))?;
    let mut inputs = Dict::new();
    inputs.insert("data".into(), to_typst(data).into_value());
    let doc: PagedDocument = engine
        .compile_with_input(inputs)
        .output
        .map_err(|e| ExportError::Pdf(e.to_string()))?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|errors| {
        ExportError::Pdf(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}
