//! Path parameters, with a JSON error for a path that cannot be read.
//!
//! axum's `Path` answers a parameter that is not valid UTF-8 (`%ff`) in plain
//! text; [`AppName`] answers it like every other error under `/api`.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use super::error::ApiError;

/// The `{name}` of `/api/apps/{name}/...`, `/api/icons/{name}` and `/api/images/{name}`.
pub struct AppName(pub String);

impl<S: Send + Sync> FromRequestParts<S> for AppName {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(name) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| ApiError::bad_request(format!("Invalid path: {}", rejection.body_text())))?;
        Ok(Self(name))
    }
}
