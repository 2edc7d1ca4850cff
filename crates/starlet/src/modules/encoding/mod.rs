//! The `encoding/*.star` modules: JSON, base64, CSV and YAML text to and
//! from app values.

pub mod base64;
pub mod csv;
mod go_float;
pub mod json;
pub(crate) mod json_text;
pub mod yaml;
