//! Pixlet's own widget tests (its `render/*_test.go`), expressed through
//! Starlark: the same widgets, built as apps build them, must paint the same
//! pictures.

#[path = "../common/mod.rs"]
mod common;

mod animation;
mod r#box;
mod marquee;
mod marquee_arguments;
mod marquee_vertical;
mod sequence;
mod text;
