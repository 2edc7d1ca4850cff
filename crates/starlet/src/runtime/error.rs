//! Why an app could not be loaded or rendered, in words an app author acts on.

use std::time::Duration;

/// A failed load or render.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The app's files: missing, unreadable, not a `.star`, no `main()`.
    #[error("{0}")]
    Load(String),
    /// The app's code failed; the text holds the file, line, column,
    /// message and call stack.
    #[error("{0}")]
    Starlark(String),
    /// The app ran past its time limit.
    #[error("the app ran longer than its {} s limit", .0.as_secs_f64())]
    Timeout(Duration),
    /// The app's heap grew past its limit.
    #[error("the app used more than its {} MiB memory limit", .0 >> 20)]
    Memory(usize),
    /// The app returned something other than what was asked for: `main`
    /// no `render.Root`s, `get_schema()` or a handler no valid schema or
    /// options.
    #[error("{0}")]
    Output(String),
}

impl Error {
    pub(crate) fn load(message: impl Into<String>) -> Self {
        Self::Load(message.into())
    }
}
