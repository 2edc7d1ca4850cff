//! REST handlers for night mode: `GET` and `POST /api/night`.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::AppState;
use super::bodies::NightBody;
use super::error::ApiError;
use super::json::JsonBody;
use crate::manager::Command;
use crate::manager::night::NightView;

/// The night settings, whether the night is on now, and the zone its times are in.
#[derive(Debug, Serialize, ToSchema)]
pub struct NightReply {
    #[serde(flatten)]
    pub settings: NightView,
    /// Whether the night is on at this moment.
    pub active: bool,
    /// The IANA zone the times are read in (`--timezone`).
    pub timezone: String,
}

pub async fn night(State(state): State<AppState>) -> Json<NightReply> {
    Json(reply(&state))
}

pub async fn update_night(
    State(state): State<AppState>,
    JsonBody(NightBody(update)): JsonBody<NightBody>,
) -> Result<Json<Value>, ApiError> {
    state.manager.execute(Command::SetNight(update)).await?;
    let mut body = json!(reply(&state));
    body["success"] = json!(true);
    Ok(Json(body))
}

fn reply(state: &AppState) -> NightReply {
    let manager = &state.manager;
    NightReply {
        settings: manager.view(|_, state| NightView::of(&state.night)),
        active: manager.is_night(),
        timezone: manager.clock().zone().name().to_owned(),
    }
}
