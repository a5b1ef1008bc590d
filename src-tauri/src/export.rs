//! Export of the last comparison, through the same exporter as `parallax compare --pdf`.

use std::path::Path;

use parallax_export::{ExportFormat, ExportOptions};
use tauri::State;

use crate::{blocking, AppError, AppState};

/// Writes the last comparison to `path`, in the format its extension names (.pdf, .html,
/// .csv or .json), through the same exporter as `parallax compare --pdf`.
#[tauri::command]
pub async fn export(
    state: State<'_, AppState>,
    path: String,
    include_boilerplate: bool,
) -> Result<(), AppError> {
    let comparison = state
        .last
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
        .ok_or_else(|| AppError::export("there is no comparison to export yet".into()))?;
    blocking(move || {
        let extension = Path::new(&path)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        let format: ExportFormat = extension.parse().map_err(|_| {
            AppError::export(format!(
                "{path}: choose a file ending in .pdf, .html, .csv or .json"
            ))
        })?;
        let options = ExportOptions {
            include_boilerplate,
            ..ExportOptions::default()
        };
        let bytes = parallax_export::export(&comparison, format, &options)
            .map_err(|e| AppError::export(format!("{path}: {e}")))?;
        std::fs::write(&path, bytes)
            .map_err(|e| AppError::export(format!("{path}: cannot write the file: {e}")))
    })
    .await
}
