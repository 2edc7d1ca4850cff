//! The one error type of the REST API: every failure becomes a status and `{"error": "..."}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::manager::CommandError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("Method not allowed")]
    MethodNotAllowed,
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    Conflict(String),
    /// A community app's own code failed (a handler, a preview render).
    #[error("{0}")]
    AppFailed(String),
    #[error("{0}")]
    Unavailable(String),
    /// The body did not arrive within `--body-read-timeout`.
    #[error("{0}")]
    RequestTimeout(String),
    /// Storing it would pass what the server may hold (an icon or picture library's capacity).
    #[error("{0}")]
    InsufficientStorage(String),
    #[error(transparent)]
    Command(#[from] CommandError),
    /// The server is doing as much of this as it may at once; try again shortly.
    #[error("{0}")]
    Busy(String),
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest(message.into())
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::AppFailed(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            Self::InsufficientStorage(_) => StatusCode::INSUFFICIENT_STORAGE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Command(CommandError::UnknownApp(_)) => StatusCode::NOT_FOUND,
            Self::Command(CommandError::NothingRunning) => StatusCode::CONFLICT,
            Self::Command(CommandError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Command(CommandError::NotificationQueueFull) => StatusCode::TOO_MANY_REQUESTS,
            Self::Command(CommandError::TooManyCustomApps) => StatusCode::CONFLICT,
            Self::Command(CommandError::UnknownInstallation(_) | CommandError::UnknownStarlarkApp(_)) => {
                StatusCode::NOT_FOUND
            }
            Self::Command(
                CommandError::NameTaken(_) | CommandError::TooManyInstallations | CommandError::TooManyPushed,
            ) => StatusCode::CONFLICT,
            Self::Command(_) => StatusCode::BAD_REQUEST,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        } else {
            tracing::debug!(error = %self, %status, "request refused");
        }
        (status, Json(json!({ "error": self.to_string() }))).into_response()
    }
}
