//! HTTP: the REST API and the embedded browser UI.

pub mod ui;
