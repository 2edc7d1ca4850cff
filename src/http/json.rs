//! Request bodies: a JSON object, or nothing, with a clear error for anything else.
//!
//! axum's own `Json` extractor answers some failures in plain text and wants a
//! body where the original server accepted none, so commands read their body
//! through [`JsonObject`] instead.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde_json::Value;

use super::error::ApiError;
use crate::apps::schema::ConfigMap;

/// A JSON object body; `None` when the body is empty or `null`.
pub struct JsonObject(pub Option<ConfigMap>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<mime_guess::Mime>().ok())
            .is_some_and(|mime| mime.type_() == "application" && (mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json")));
        let body = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge("Request body is too large".into())
            } else {
                ApiError::bad_request(format!("Could not read the request body: {}", rejection.body_text()))
            }
        })?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(None));
        }
        if !is_json {
            return Err(ApiError::bad_request("Expected a JSON body with Content-Type: application/json"));
        }
        match serde_json::from_slice(&body) {
            Ok(Value::Object(object)) => Ok(Self(Some(object))),
            Ok(Value::Null) => Ok(Self(None)),
            Ok(_) => Err(ApiError::bad_request("Request body must be a JSON object")),
            Err(error) => Err(ApiError::bad_request(format!("Malformed JSON: {error}"))),
        }
    }
}
