//! The command for three or more articles: the loaded documents in, the claim matrix
//! (`MultiComparison`) out, with progress, on a background thread.

use std::sync::Arc;

use parallax_core::multi::MultiComparison;
use parallax_core::Document;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use crate::{blocking, engine_for_run, forward_progress, AppError, AppState, Progress};

/// Compares 2 to 12 loaded documents, streaming progress. Like `compare`, starting it
/// cancels the comparison that is running; the cancelled call returns an error of kind
/// `cancelled`.
#[tauri::command]
pub async fn compare_many(
    app: AppHandle,
    state: State<'_, AppState>,
    documents: Vec<Document>,
    on_progress: Channel<Progress>,
) -> Result<MultiComparison, AppError> {
    let cancel = state.start_run();
    let handle = app.clone();
    let flag = cancel.clone();
    let result = blocking(move || {
        let engine = engine_for_run(&handle, &on_progress);
        let mut report = forward_progress(&on_progress);
        Ok(engine.compare_many(&documents, &flag, &mut report)?)
    })
    .await;
    if state.finish_run(&cancel) {
        *state.last_many.lock().unwrap_or_else(|p| p.into_inner()) =
            result.as_ref().ok().map(|m| Arc::new(m.clone()));
    }
    result
}
