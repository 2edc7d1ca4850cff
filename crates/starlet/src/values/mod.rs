//! Starlark values of our own: the objects `render` and `animation` build,
//! the app's `config`, and binary data.

pub mod bytes;
pub mod color;
pub mod config;
pub mod duration;
pub mod object;
pub mod spec;
pub mod time;
