//! The `encoding/*.star` modules: JSON, base64, CSV and YAML text to and
//! from app values.

mod go_float;
pub mod json;
mod json_text;
