//! What the server gives Pixlet apps beyond the Starlet runtime itself: the
//! network their `http` requests go out on, the library of apps one installs
//! from, the pool of sandboxed workers they run in, and the runner that keeps
//! each installation's picture fresh for the panel.
//!
//! - [`library`]: `--apps-dir` and uploaded apps, with their manifests ([`manifest`]);
//!   [`upload`] unpacks an upload safely.
//! - [`pool`]: worker processes running apps off the panel's thread, within bounds.
//! - [`schemas`]: apps' schemas, and the check of a config against one.
//! - [`service`]: [`Starlark`], what the transports ask of all of the above.
//! - [`runner`]: the renders that keep installations fresh, on the panel owner.
//! - [`pictures`]: renders and pushed pictures as the panel plays them.
//! - [`metrics`]: what renders did, for `/metrics`.
//! - [`network`]: the web as apps reach it.

pub mod library;
pub mod manifest;
pub mod metrics;
pub mod network;
pub mod pictures;
pub mod pool;
pub mod runner;
pub mod schemas;
pub mod service;
pub mod upload;

pub use service::{Settings, Starlark, StarlarkError};
