//! The command for three or more articles: the loaded documents in, the claim matrix
//! (`MultiComparison`) out, with progress, on a background thread.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use parallax_core::multi::MultiComparison;
use parallax_core::{Document, Stage};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use crate::{blocking, engine, AppError, AppState, Progress};

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
    let cancel = Arc::new(AtomicBool::new(false));
    if let Some(previous) = state
        .running
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .replace(cancel.clone())
    {
        previous.store(true, Ordering::Relaxed);
    }
    let handle = app.clone();
    let flag = cancel.clone();
    let result = blocking(move || {
        let state = handle.state::<AppState>();
        if state.engine.get().is_none() {
            let _ = on_progress.send(Progress::LoadingModel);
        }
        let engine = engine(&handle, &state);
        let mut report = |stage: Stage, done: usize, total: usize| {
            let progress = match stage {
                Stage::Embedding => Progress::Embedding { done, total },
                Stage::Aligning => Progress::Aligning { done, total },
            };
            let _ = on_progress.send(progress);
        };
        Ok(engine.compare_many(&documents, &flag, &mut report)?)
    })
    .await;
    let mut running = state.running.lock().unwrap_or_else(|p| p.into_inner());
    if running.as_ref().is_some_and(|r| Arc::ptr_eq(r, &cancel)) {
        *running = None;
        *state.last_many.lock().unwrap_or_else(|p| p.into_inner()) =
            result.as_ref().ok().map(|m| Arc::new(m.clone()));
    }
    result
}
