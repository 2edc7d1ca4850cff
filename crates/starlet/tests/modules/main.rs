//! The modules apps load besides `render.star`, each checked with small
//! apps of our own against what Pixlet documents.

#[path = "../common/mod.rs"]
mod common;

mod color;
mod filter;
