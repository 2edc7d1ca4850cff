//! The `encoding/*.star` modules: JSON, base64, CSV and YAML text to and
//! from app values.

pub mod base64;
mod go_float;
pub mod json;
mod json_text;
