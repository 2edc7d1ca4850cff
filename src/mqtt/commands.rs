//! Command topics: a payload becomes the manager command REST builds from the same body.
//!
//! The bodies, their checks and their error messages are the REST API's own
//! ([`crate::http::bodies`], [`crate::http::json`]), so a payload is accepted,
//! refused and answered exactly as the same body posted to `/api/...`.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::http::bodies::{CarouselBody, NotifyBody, SettingsBody, SwitchBody};
use crate::http::error::ApiError;
use crate::http::{self, awtrix, custom, json};
use crate::icons::Libraries;
use crate::manager::{Command, Manager};
use crate::starlark::Starlark;

use super::topics::CUSTOM;

/// What commands act on: the manager, the icons and pictures a body may
/// name, and the community apps whose configs a body may set.
#[derive(Clone)]
pub struct Board {
    pub manager: Arc<Manager>,
    pub libraries: Libraries,
    pub starlark: Arc<Starlark>,
}

impl Board {
    /// Runs the command `request` (a topic below the prefix) with `payload`;
    /// a refusal changed nothing. A payload over `max_payload` bytes is
    /// refused as a REST body over `--max-payload` is.
    pub async fn execute(&self, request: &str, payload: &[u8], max_payload: usize) -> Result<(), ApiError> {
        if payload.len() > max_payload {
            return Err(ApiError::PayloadTooLarge(json::TOO_LARGE.into()));
        }
        let command = read(&self.manager, request, payload)?;
        http::icons::check(&self.libraries, &command).await?;
        http::starlark::check(&self.starlark, &self.manager, &command).await?;
        self.manager.execute(command).await?;
        Ok(())
    }
}

/// What a refusal is answered with: the REST error body, and the topic it answers.
pub fn refusal(topic: &str, error: &ApiError) -> Value {
    json!({ "error": error.to_string(), "topic": topic })
}

fn read(manager: &Manager, request: &str, payload: &[u8]) -> Result<Command, ApiError> {
    let body = || json::parse(payload);
    Ok(match request {
        "notify" => json::object::<NotifyBody>(body()?)?.into(),
        "notify/dismiss" => Command::DismissNotification,
        "switch" => json::object::<SwitchBody>(body()?)?.into(),
        "stop" => Command::Stop,
        "power" => power(payload)?,
        "sleep" => awtrix::sleep_command(json::object(body()?)?)?,
        "moodlight" => awtrix::moodlight_command(json::object(body()?)?)?,
        "indicator1" => awtrix::indicator_command(0, json::object(body()?)?)?,
        "indicator2" => awtrix::indicator_command(1, json::object(body()?)?)?,
        "indicator3" => awtrix::indicator_command(2, json::object(body()?)?)?,
        "settings" => json::object::<SettingsBody>(body()?)?.into(),
        "carousel" => json::object::<CarouselBody>(body()?)?.into(),
        "next" => Command::Step { forward: true },
        "previous" => Command::Step { forward: false },
        other => match other.strip_prefix(CUSTOM) {
            Some(name) => custom::command(manager.registry(), name, json::list_or_object(body()?)?)?,
            None => return Err(ApiError::NotFound(format!("Unknown command topic '{other}'"))),
        },
    })
}

/// `ON` starts what ran last when nothing runs; `OFF` stops the running app.
/// AWTRIX's `{"power": true|false}` says the same.
fn power(payload: &[u8]) -> Result<Command, ApiError> {
    match payload.trim_ascii() {
        b"ON" => Ok(Command::Resume),
        b"OFF" => Ok(Command::Stop),
        object if object.starts_with(b"{") => awtrix::power_command(json::object(json::parse(object)?)?),
        _ => Err(ApiError::bad_request(
            "Power must be ON or OFF, or {\"power\": true|false}",
        )),
    }
}
