//! Loading and running apps: what `main` may return, `config`, errors that
//! say where, and the limits a hostile app runs into.

#[path = "../common/mod.rs"]
mod common;

mod bench_apps;
mod dialect;
mod hostile;
mod loading;
mod pictures;
mod sandbox;
