//! Loading and running apps: the folder an app may read, its limits, the
//! context its native functions see, the sessions that evaluate it, and
//! its schema with the handlers clients call.

pub mod applet;
pub mod cache;
pub mod context;
pub mod error;
pub mod files;
pub mod limits;
pub(crate) mod schema;
pub(crate) mod session;
