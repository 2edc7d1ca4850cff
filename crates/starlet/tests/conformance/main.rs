//! Pixlet's own widget tests (its `render/*_test.go`), expressed through
//! Starlark: the same widgets, built as apps build them, must paint the same
//! pictures.

#[path = "../common/mod.rs"]
mod common;

mod antialias;
mod r#box;
mod circle;
mod pie_chart;
mod plot;
mod text;
