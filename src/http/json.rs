//! Request bodies: a JSON object, or nothing, read as a typed body with a clear
//! error for anything else.
//!
//! axum's own `Json` extractor answers some failures in plain text and wants a
//! body where the original server accepted none, so commands read their body
//! through [`JsonBody`] instead. The types it reads live in [`super::bodies`].

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::ApiError;
use crate::apps::schema::ConfigMap;

/// A JSON object body read as `T`. No body, or `null`, reads as `{}`, so each
/// body type decides what sending nothing means.
///
/// The whole body is parsed before `T` looks at it: a syntax error anywhere is
/// reported as such, and a repeated key keeps its last value. `T` refuses a body
/// with a deserialization error whose message is the reply's `error`.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<mime_guess::Mime>().ok())
            .is_some_and(|mime| {
                mime.type_() == "application"
                    && (mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json"))
            });
        let body = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge("Request body is too large".into())
            } else {
                ApiError::bad_request(format!("Could not read the request body: {}", rejection.body_text()))
            }
        })?;
        let object = if body.iter().all(u8::is_ascii_whitespace) {
            ConfigMap::new()
        } else if !is_json {
            return Err(ApiError::bad_request(
                "Expected a JSON body with Content-Type: application/json",
            ));
        } else {
            match serde_json::from_slice(&body) {
                Ok(Value::Object(object)) => object,
                Ok(Value::Null) => ConfigMap::new(),
                Ok(_) => return Err(ApiError::bad_request("Request body must be a JSON object")),
                Err(error) => return Err(ApiError::bad_request(format!("Malformed JSON: {error}"))),
            }
        };
        // Read from a value, an error carries no position: its text is the refusal alone.
        T::deserialize(Value::Object(object))
            .map(Self)
            .map_err(|error| ApiError::bad_request(error.to_string()))
    }
}
