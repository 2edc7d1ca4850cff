//! Loading and running apps: the folder an app may read, its limits, the
//! context its native functions see, and the sessions that evaluate it.

pub mod applet;
pub mod cache;
pub mod context;
pub mod error;
pub mod files;
pub mod limits;
pub(crate) mod session;
