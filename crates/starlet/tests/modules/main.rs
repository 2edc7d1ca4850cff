//! The modules apps `load()` besides `render`: each checked through small
//! apps against Pixlet's documented examples and its own module tests.

#[path = "../common/mod.rs"]
mod common;

mod humanize;
mod i18n;
mod math;
mod random;
mod strings;
mod sunrise;
mod time;
