//! RetroBoard: a Socket.IO backend for browser-driven RGB LED-matrix displays.

pub mod apps;
pub mod http;
pub mod render;
