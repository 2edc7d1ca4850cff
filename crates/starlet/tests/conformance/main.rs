//! Pixlet's own widget tests (its `render/*_test.go`), expressed through
//! Starlark: the same widgets, built as apps build them, must paint the same
//! pictures.

#[path = "../common/mod.rs"]
mod common;

mod r#box;
mod emoji;
mod image;
mod image_formats;
mod text;
mod text_emoji;
