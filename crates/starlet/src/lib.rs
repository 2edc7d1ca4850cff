//! Starlet runs Pixlet's Starlark apps (the Tidbyt and Tronbyt community
//! apps) natively: it loads an app's `.star` files, calls its `main`, and
//! paints the widget tree it returns into frames, as Pixlet would.
//!
//! ```no_run
//! use starlet::{Applet, Options};
//!
//! let app = Applet::load("clock.star".as_ref(), &Options::default())?;
//! let rendered = app.render(&Default::default(), &Options::default())?;
//! println!("{} frames, {:?} apart", rendered.frames.len(), rendered.delay);
//! # Ok::<(), starlet::Error>(())
//! ```
//!
//! # Layout
//!
//! - [`render`]: the drawing engine (canvas, colours, fonts, the widget
//!   trait). Pure Rust; knows nothing of Starlark.
//! - [`widgets`]: one file per widget of `render.star` and `animation.star`:
//!   how it lays out and paints, and the constructor apps call.
//! - [`values`]: Starlark values of our own (the objects constructors
//!   return, `config`, binary data).
//! - [`modules`]: the modules apps load by Pixlet's names.
//! - [`runtime`]: loading an app's folder, evaluating it within limits,
//!   rendering its frames.
//! - [`schema`]: an app's configuration schema as Pixlet prints it, read
//!   from its `get_schema()`.
//! - [`net`]: how `http.star` reaches the web: the [`net::Network`] a host
//!   provides, Pixlet's response cache, and the bounds of one render.
//! - [`sandbox`]: rendering untrusted apps in a worker process.
//! - [`encode`]: writing a render as a WebP or GIF.
//! - [`dialect`]: Go Starlark's answers where starlark-rust's differ and
//!   apps rely on Go's.

pub mod dialect;
pub mod encode;
pub mod gotext;
pub mod gotime;
pub mod modules;
pub mod net;
pub mod render;
pub mod runtime;
pub mod sandbox;
pub mod schema;
pub mod values;
pub mod widgets;

pub use net::Network;
pub use runtime::applet::{Applet, Options, PrintFn, Rendered};
pub use runtime::context::CanvasMeta;
pub use runtime::error::Error;
pub use runtime::limits::Limits;
pub use values::config::ConfigMap;
