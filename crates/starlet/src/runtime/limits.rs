//! The bounds an untrusted app runs within, and how they are put on an
//! evaluator.
//!
//! Time and heap are checked by the interpreter every thousand steps, which
//! catches loops and gradual growth. A single native call that allocates
//! gigabytes at once (`"x" * 2**30`) is beyond what an in-process check can
//! stop; [`crate::sandbox`] runs renders in a child process with an
//! address-space limit for that.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use starlark::eval::Evaluator;

/// Pixlet's limits, and ours where Pixlet has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// How long loading or rendering may take: Pixlet's 30 s.
    pub timeout: Duration,
    /// The most the Starlark heap may hold.
    pub max_heap: usize,
    /// The most frames a render paints: Pixlet's 2,000.
    pub max_frames: usize,
    /// How deep calls may nest before the app is stopped. Go's Starlark
    /// has no such limit and apps recurse thousands deep (counting steps
    /// since a date one call at a time), so ours is well beyond that; the
    /// app's thread gets the native stack this depth needs.
    pub max_call_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_heap: 256 << 20,
            max_frames: 2000,
            max_call_depth: 20_000,
        }
    }
}

/// One evaluation's deadline; remembers whether it was what stopped the app.
#[derive(Clone, Debug)]
pub(crate) struct Deadline {
    at: Instant,
    expired: Arc<AtomicBool>,
}

impl Deadline {
    pub(crate) fn after(timeout: Duration) -> Self {
        Self {
            at: Instant::now() + timeout,
            expired: Arc::default(),
        }
    }

    pub(crate) fn passed(&self) -> bool {
        let passed = Instant::now() >= self.at;
        if passed {
            self.expired.store(true, Ordering::Relaxed);
        }
        passed
    }

    /// Whether an evaluation was cancelled because of this deadline.
    pub(crate) fn expired(&self) -> bool {
        self.expired.load(Ordering::Relaxed)
    }
}

/// Puts the limits and the deadline on an evaluator.
pub(crate) fn apply(eval: &mut Evaluator<'_, '_, '_>, limits: &Limits, deadline: &Deadline) {
    let deadline = deadline.clone();
    eval.set_check_cancelled(Box::new(move || deadline.passed()));
    // Each can only fail when set twice or to zero; a fresh evaluator and
    // nonzero limits rule both out.
    eval.set_max_heap_size(limits.max_heap.max(1)).expect("fresh evaluator");
    eval.set_max_callstack_size(limits.max_call_depth.max(1))
        .expect("fresh evaluator");
}
