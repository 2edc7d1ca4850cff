//! REST handlers for notifications: post one, dismiss the one showing, see the queue.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::AppState;
use super::bodies::NotifyBody;
use super::error::ApiError;
use super::icons;
use super::json::JsonBody;
use crate::manager::Command;
use crate::manager::views::NotificationView;

type Reply = Result<Json<Value>, ApiError>;

pub async fn notify(State(state): State<AppState>, JsonBody(body): JsonBody<NotifyBody>) -> Reply {
    let command = body.into();
    icons::check(&state.libraries, &command).await?;
    state.manager.execute(command).await?;
    Ok(Json(json!({ "success": true })))
}

/// Ends the notification showing; with none showing there is nothing to do, and that is no error.
pub async fn dismiss(State(state): State<AppState>) -> Reply {
    state.manager.execute(Command::DismissNotification).await?;
    Ok(Json(json!({ "success": true })))
}

pub async fn showing(State(state): State<AppState>) -> Json<NotificationView> {
    Json(
        state
            .manager
            .view(|_, state| NotificationView::of(&state.notifications)),
    )
}
