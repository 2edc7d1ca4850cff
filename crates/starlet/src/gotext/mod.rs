//! Text the way Pixlet's Go libraries write it: go-humanize's formatters,
//! Java date patterns turned into Go layouts, numbers for a locale, Go's
//! printf verbs, and an app's translation catalog.
//! Pure Rust; the Starlark modules `humanize` and `i18n` wrap it.

pub mod catalog;
pub mod humanize;
pub mod java;
pub mod numbers;
pub mod printf;
