//! Pixlet's own widget tests (its `render/*_test.go`), expressed through
//! Starlark: the same widgets, built as apps build them, must paint the same
//! pictures.

#[path = "../common/mod.rs"]
mod common;

mod r#box;
mod column;
mod padding;
mod row;
mod stack;
mod text;
mod vector;
mod vector_cross;
mod vector_spacing;
mod wrappedtext;
