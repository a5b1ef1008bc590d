//! The app's one error type, serialised for the web view as `{kind, message}`.

use parallax_core::ErrorKind;
use serde::Serialize;
use ts_rs::TS;

/// Why a command failed, in a form the view can place next to the pane it concerns.
#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct AppError {
    pub kind: AppErrorKind,
    /// A sentence for the user that names the file and the reason.
    pub message: String,
}

/// What the view may react to differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AppErrorKind {
    /// The file is missing, unreadable, empty, too large, damaged or of an unknown type.
    Input,
    /// The sentence model could not be loaded or run.
    Model,
    /// A newer comparison replaced this one.
    Cancelled,
    /// Writing an export failed.
    Export,
    /// A failure that is not the input's fault.
    Internal,
    /// The view named a file the user did not hand over, or an export path the Save
    /// dialog did not return.
    NotAllowed,
}

impl AppError {
    pub fn internal(message: String) -> Self {
        AppError {
            kind: AppErrorKind::Internal,
            message,
        }
    }

    pub fn input(message: String) -> Self {
        AppError {
            kind: AppErrorKind::Input,
            message,
        }
    }

    pub fn not_allowed(message: String) -> Self {
        AppError {
            kind: AppErrorKind::NotAllowed,
            message,
        }
    }

    pub fn export(message: String) -> Self {
        AppError {
            kind: AppErrorKind::Export,
            message,
        }
    }
}

impl From<parallax_core::Error> for AppError {
    fn from(e: parallax_core::Error) -> Self {
        let kind = match e.kind {
            ErrorKind::Cancelled => AppErrorKind::Cancelled,
            ErrorKind::Model(_) => AppErrorKind::Model,
            _ => AppErrorKind::Input,
        };
        AppError {
            kind,
            message: e.to_string(),
        }
    }
}
