//! Export of the last comparison (of two articles, or the matrix of a set), through the
//! same exporter as `parallax compare --pdf`, to a file the user chose in the Save dialog.

use std::path::{Path, PathBuf};

use parallax_export::{ExportFormat, ExportOptions};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;

use crate::scope::ExportTickets;
use crate::{blocking, AppError, AppState};

/// Asks where to export with the Save dialog. The shell shows the dialog itself, so it
/// knows the answer came from the user: that path may take one export.
#[tauri::command]
pub async fn choose_export_path(
    app: AppHandle,
    tickets: State<'_, ExportTickets>,
    default_name: String,
) -> Result<Option<String>, AppError> {
    let handle = app.clone();
    let picked: Option<PathBuf> = blocking(move || {
        let mut dialog = handle
            .dialog()
            .file()
            .set_title("Export the comparison")
            .set_file_name(default_name)
            .add_filter("PDF report", &["pdf"])
            .add_filter("Web page", &["html"])
            .add_filter("Spreadsheet (CSV)", &["csv"])
            .add_filter("JSON", &["json"]);
        if let Some(window) = handle.get_webview_window("main") {
            dialog = dialog.set_parent(&window);
        }
        Ok(dialog.blocking_save_file().and_then(|p| p.into_path().ok()))
    })
    .await?;
    Ok(picked.map(|path| {
        let named = path.display().to_string();
        tickets.issue(path);
        named
    }))
}

/// Writes the last comparison to `path`, in the format its extension names (.pdf, .html,
/// .csv or .json), through the same exporter as `parallax compare --pdf`: the last
/// comparison of a set of articles when `matrix` is true (the matrix view is on screen),
/// else the last of two. Only a path the Save dialog returned is written, once.
#[tauri::command]
pub async fn export(
    state: State<'_, AppState>,
    tickets: State<'_, ExportTickets>,
    path: String,
    include_boilerplate: bool,
    matrix: Option<bool>,
) -> Result<(), AppError> {
    let matrix = matrix.unwrap_or(false);
    if !tickets.redeem(Path::new(&path)) {
        return Err(AppError::not_allowed(format!(
            "{path}: Parallax exports only to a file chosen in its Export dialog"
        )));
    }
    let nothing = || AppError::export("there is no comparison to export yet".into());
    let pair = state.last.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let many = state
        .last_many
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    if (matrix && many.is_none()) || (!matrix && pair.is_none()) {
        return Err(nothing());
    }
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
        let bytes = match (matrix, &pair, &many) {
            (true, _, Some(m)) => parallax_export::export_multi(m, format, &options),
            (false, Some(c), _) => parallax_export::export(c, format, &options),
            _ => return Err(nothing()),
        }
        .map_err(|e| AppError::export(format!("{path}: {e}")))?;
        std::fs::write(&path, bytes)
            .map_err(|e| AppError::export(format!("{path}: cannot write the file: {e}")))
    })
    .await
}
