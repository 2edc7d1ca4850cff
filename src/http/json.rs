//! Request bodies: a JSON object, or nothing, read as a typed body with a clear
//! error for anything else.
//!
//! axum's own `Json` extractor answers some failures in plain text and wants a
//! body where the original server accepted none, so commands read their body
//! through [`JsonBody`] instead. The types it reads live in [`super::bodies`].
//! [`parse`], [`object`] and [`list_or_object`] are the same reading for
//! bodies that arrive some other way (MQTT payloads).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::ApiError;
use crate::apps::schema::ConfigMap;
use crate::serve::BodyTimedOut;

/// A JSON object body read as `T`. No body, or `null`, reads as `{}`, so each
/// body type decides what sending nothing means.
///
/// The whole body is parsed before `T` looks at it: a syntax error anywhere is
/// reported as such, and a repeated key keeps its last value. `T` refuses a body
/// with a deserialization error whose message is the reply's `error`.
pub struct JsonBody<T>(pub T);

/// Refuses a request whose `Content-Length` is over `max_payload` before
/// reading any of its body, so a client announcing a huge upload is answered
/// at once instead of being read up to the limit. It runs only for a route
/// and method that exist: anything else is a 404 or 405, whatever it carries.
pub async fn refuse_declared_oversize(max_payload: usize, request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > max_payload as u64) {
        return ApiError::PayloadTooLarge(TOO_LARGE.into()).into_response();
    }
    next.run(request).await
}

/// Why a body could not be read: too large (413), too slow (408), or broken off (400).
pub fn unread(rejection: BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::PayloadTooLarge(TOO_LARGE.into());
    }
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&rejection);
    while let Some(error) = cause {
        if let Some(timed_out) = error.downcast_ref::<BodyTimedOut>() {
            return ApiError::RequestTimeout(timed_out.to_string());
        }
        cause = error.source();
    }
    ApiError::bad_request(format!("Could not read the request body: {}", rejection.body_text()))
}

/// What a body over `--max-payload` is told, however it is sent.
pub const TOO_LARGE: &str = "Request body is too large";

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        object(read(request, state).await?).map(Self)
    }
}

/// A parsed body read as the object `T`; `null` reads as `{}`. Shared with
/// the MQTT payloads, which carry the same bodies.
pub fn object<T: DeserializeOwned>(body: Value) -> Result<T, ApiError> {
    let object = match body {
        Value::Object(object) => object,
        Value::Null => ConfigMap::new(),
        _ => return Err(ApiError::bad_request("Request body must be a JSON object")),
    };
    // Read from a value, an error carries no position: its text is the refusal alone.
    T::deserialize(Value::Object(object)).map_err(|error| ApiError::bad_request(error.to_string()))
}

/// A body that may be a JSON object, a list of them or nothing (`null`), for
/// commands whose body can hold several things at once.
pub struct JsonListOrObject(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonListOrObject {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        list_or_object(read(request, state).await?).map(Self)
    }
}

/// A parsed body that must be an object, a list of them or `null`.
pub fn list_or_object(body: Value) -> Result<Value, ApiError> {
    match body {
        value @ (Value::Object(_) | Value::Array(_) | Value::Null) => Ok(value),
        _ => Err(ApiError::bad_request(
            "Request body must be a JSON object or a list of them",
        )),
    }
}

/// The whole body parsed as JSON; no body reads as `null`.
async fn read<S: Send + Sync>(request: Request, state: &S) -> Result<Value, ApiError> {
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<mime_guess::Mime>().ok())
        .is_some_and(|mime| {
            mime.type_() == "application" && (mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json"))
        });
    let body = Bytes::from_request(request, state).await.map_err(unread)?;
    if !is_json && !body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            "Expected a JSON body with Content-Type: application/json",
        ));
    }
    parse(&body)
}

/// A whole body parsed as JSON; nothing (or only whitespace) reads as `null`.
pub fn parse(body: &[u8]) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body).map_err(|error| ApiError::bad_request(format!("Malformed JSON: {error}")))
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    use axum::body::Body;
    use serde_json::json;

    use super::*;
    use crate::http::bodies::{CarouselBody, SettingsBody, SwitchBody};
    use crate::manager::state::CarouselEntry;

    async fn read<T: DeserializeOwned>(content_type: Option<&str>, body: impl Into<Body>) -> Result<T, ApiError> {
        let mut request = Request::post("/api/test");
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let request = request.body(body.into()).expect("valid request");
        JsonBody::<T>::from_request(request, &())
            .await
            .map(|JsonBody(body)| body)
    }

    async fn read_json<T: DeserializeOwned>(body: impl Into<Body>) -> Result<T, ApiError> {
        read(Some("application/json"), body).await
    }

    /// The `error` a client gets for `body`, which must be refused with 400.
    async fn refusal<T: DeserializeOwned + Debug>(body: &Value) -> String {
        match read_json::<T>(body.to_string()).await {
            Err(ApiError::BadRequest(message)) => message,
            other => panic!("{body} -> {other:?}"),
        }
    }

    async fn assert_refusals<T: DeserializeOwned + Debug>(cases: &[(Value, &str)]) {
        for (body, message) in cases {
            assert_eq!(refusal::<T>(body).await, *message, "{body}");
        }
    }

    fn object(value: Value) -> ConfigMap {
        serde_json::from_value(value).expect("an object")
    }

    #[tokio::test]
    async fn switch_names_the_field_that_is_wrong() {
        let missing = "Missing app name";
        let not_a_string = "'app' must be a string";
        let bad_config = "'config' must be a JSON object";
        assert_refusals::<SwitchBody>(&[
            (json!({}), missing),
            (json!({"app": null}), missing),
            (json!({"app": ""}), missing),
            (json!({"app": 7}), not_a_string),
            (json!({"app": ["clock"]}), not_a_string),
            (json!({"app": {"name": "clock"}}), not_a_string),
            (json!({"app": "stars", "config": 5}), bad_config),
            (json!({"app": "stars", "config": [1]}), bad_config),
            (json!({"app": "stars", "config": "fast"}), bad_config),
            // The app is checked first, whichever key the client wrote first.
            (json!({"config": 5}), missing),
            (json!({"config": 5, "app": 7}), not_a_string),
        ])
        .await;

        let body = read_json::<SwitchBody>(r#"{"app": "stars", "config": {"fps": 20}, "extra": 1}"#).await;
        let expected = SwitchBody {
            app: "stars".into(),
            config: Some(object(json!({"fps": 20}))),
        };
        assert_eq!(body.unwrap(), expected);
        let body = read_json::<SwitchBody>(r#"{"app": "stars", "config": null}"#).await;
        assert_eq!(body.unwrap().config, None);
    }

    #[tokio::test]
    async fn settings_take_an_integer_brightness_and_nothing_else() {
        let not_an_integer = "Brightness must be an integer between 0 and 100";
        assert_refusals::<SettingsBody>(&[
            (json!({}), "Missing settings data"),
            (
                json!({"contrast": 3}),
                "Unknown setting 'contrast'; allowed: brightness",
            ),
            (
                json!({"brightness": 5, "zeta": 1, "alpha": 2}),
                "Unknown setting 'alpha'; allowed: brightness",
            ),
            // Unknown keys are named before a bad brightness.
            (
                json!({"brightness": "x", "contrast": 3}),
                "Unknown setting 'contrast'; allowed: brightness",
            ),
            (json!({"brightness": "50"}), not_an_integer),
            (json!({"brightness": 50.5}), not_an_integer),
            (json!({"brightness": 50.0}), not_an_integer),
            (json!({"brightness": true}), not_an_integer),
            (json!({"brightness": null}), not_an_integer),
            (json!({"brightness": u64::MAX}), not_an_integer),
        ])
        .await;
        // The range is the domain's to check.
        let body = read_json::<SettingsBody>(r#"{"brightness": 101}"#).await;
        assert_eq!(body.unwrap(), SettingsBody { brightness: 101 });
    }

    #[tokio::test]
    async fn carousel_checks_its_keys_then_each_entry_in_order() {
        let needs_both = "Each carousel entry needs 'app' and 'duration'";
        let bad_app = "Carousel entry 'app' must be a string";
        let bad_duration = "Duration must be a positive number of seconds";
        let not_a_list = "'apps' must be a list of {\"app\", \"duration\"} entries";
        assert_refusals::<CarouselBody>(&[
            (json!({}), "Missing carousel data"),
            (json!({"enabled": "yes"}), "'enabled' must be true or false"),
            (json!({"enabled": 1}), "'enabled' must be true or false"),
            (json!({"apps": {"app": "clock"}}), not_a_list),
            (json!({"apps": "clock"}), not_a_list),
            (json!({"apps": 5, "enabled": "x"}), "'enabled' must be true or false"),
            (json!({"apps": [5]}), needs_both),
            (json!({"apps": [["clock", 3]]}), needs_both),
            (json!({"apps": [null]}), needs_both),
            (json!({"apps": [{"app": "clock"}]}), needs_both),
            (json!({"apps": [{"duration": "5"}]}), needs_both),
            (json!({"apps": [{"app": null, "duration": 3}]}), bad_app),
            (json!({"apps": [{"duration": "x", "app": 5}]}), bad_app),
            (json!({"apps": [{"app": "clock", "duration": "5"}]}), bad_duration),
            (json!({"apps": [{"app": "clock", "duration": null}]}), bad_duration),
            (json!({"apps": [{"app": "clock", "duration": 3}, 5]}), needs_both),
            (
                json!({"apps": [{"app": "clock", "duration": 3, "days": "mon"}]}),
                "Carousel entry 'days' must be a list of mon, tue, wed, thu, fri, sat, sun",
            ),
            (
                json!({"apps": [{"app": "clock", "duration": 3, "start": 700}]}),
                "Carousel entry 'start' must be a time of day as \"HH:MM\"",
            ),
        ])
        .await;

        let body = read_json::<CarouselBody>(r#"{"apps": [{"app": "clock", "duration": 2.5}], "enabled": true}"#).await;
        let clock = CarouselEntry {
            app: "clock".into(),
            duration: serde_json::Number::from_f64(2.5).unwrap(),
            schedule: Default::default(),
        };
        let expected = CarouselBody {
            enabled: Some(true),
            entries: Some(vec![clock]),
        };
        assert_eq!(body.unwrap(), expected);
        let body = read_json::<CarouselBody>(r#"{"enabled": null, "apps": null, "other": 1}"#).await;
        let unchanged = CarouselBody {
            enabled: None,
            entries: None,
        };
        assert_eq!(body.unwrap(), unchanged);
    }

    #[tokio::test]
    async fn no_body_or_null_reads_as_an_empty_object() {
        for body in ["", " \r\n\t", "null", " null "] {
            assert_eq!(
                read_json::<ConfigMap>(body).await.unwrap(),
                ConfigMap::new(),
                "{body:?}"
            );
        }
        // An empty body needs no Content-Type.
        assert_eq!(read::<ConfigMap>(None, "").await.unwrap(), ConfigMap::new());
        match read::<SwitchBody>(Some("text/plain"), "").await {
            Err(ApiError::BadRequest(message)) => assert_eq!(message, "Missing app name"),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn anything_but_a_json_object_is_refused_before_the_fields_are_read() {
        let cases = [
            (
                "{\"app\": ",
                "Malformed JSON: EOF while parsing a value at line 1 column 8",
            ),
            // A syntax error wins over a field of the wrong type before it.
            (
                "{\"app\": 7",
                "Malformed JSON: EOF while parsing an object at line 1 column 9",
            ),
            (
                "{\"app\": 7}x",
                "Malformed JSON: trailing characters at line 1 column 11",
            ),
            ("[1, 2]", "Request body must be a JSON object"),
            ("\"stars\"", "Request body must be a JSON object"),
            ("5", "Request body must be a JSON object"),
        ];
        for (body, message) in cases {
            match read_json::<SwitchBody>(body).await {
                Err(ApiError::BadRequest(got)) => assert_eq!(got, message, "{body}"),
                other => panic!("{body} -> {other:?}"),
            }
        }
        match read_json::<SwitchBody>(vec![0xff, 0xfe, 0x00]).await {
            Err(ApiError::BadRequest(got)) => assert!(got.starts_with("Malformed JSON: "), "{got}"),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn the_content_type_must_say_json() {
        let body = r#"{"app": "stars"}"#;
        for content_type in [None, Some("text/plain"), Some("application/jsonx"), Some("garbage")] {
            match read::<SwitchBody>(content_type, body).await {
                Err(ApiError::BadRequest(message)) => {
                    assert_eq!(message, "Expected a JSON body with Content-Type: application/json")
                }
                other => panic!("{content_type:?} -> {other:?}"),
            }
        }
        for content_type in [
            "application/json; charset=utf-8",
            "APPLICATION/JSON",
            "application/vnd.api+json",
        ] {
            assert_eq!(read::<SwitchBody>(Some(content_type), body).await.unwrap().app, "stars");
        }
    }

    #[tokio::test]
    async fn a_repeated_key_keeps_its_last_value() {
        let body = read_json::<SwitchBody>(r#"{"app": 7, "app": "stars"}"#).await;
        assert_eq!(body.unwrap().app, "stars");
        let body = read_json::<SettingsBody>(r#"{"brightness": "x", "brightness": 9}"#).await;
        assert_eq!(body.unwrap().brightness, 9);
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_too_large() {
        let huge = format!("{{\"text\": \"{}\"}}", "a".repeat(3 << 20));
        match read_json::<ConfigMap>(huge).await {
            Err(ApiError::PayloadTooLarge(message)) => assert_eq!(message, "Request body is too large"),
            other => panic!("{other:?}"),
        }
    }
}
