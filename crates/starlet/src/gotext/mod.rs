//! Text the way Pixlet's Go libraries write it: go-humanize's formatters,
//! Java date patterns turned into Go layouts, and numbers for a locale.
//! Pure Rust; the Starlark modules `humanize` and `i18n` wrap it.

pub mod humanize;
pub mod java;
pub mod numbers;
