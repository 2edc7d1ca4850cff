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

use starlark::environment::Module;
use starlark::eval::Evaluator;
use starlark::values::{FrozenHeap, Heap};

/// Pixlet's limits, and ours where Pixlet has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// How long loading or rendering may take: Pixlet's 30 s.
    pub timeout: Duration,
    /// The most the Starlark heap may hold: the bytes the app's values
    /// take there, not what the heap has reserved for more.
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

/// The bytes an evaluation's values take on its heaps, which
/// [`Limits::max_heap`] bounds.
///
/// Not what starlark-rust's own heap limit counts: that is every chunk the
/// heap's arena has reserved, and each new chunk is as large as all before
/// it, so an app could be stopped with its values filling little more than
/// half of `max_heap`. The unfilled end of the newest chunk is left out
/// here: it is address space, not memory the app has used (the worker's
/// address-space cap bounds it).
pub(crate) fn heap_in_use(heap: Heap<'_>, frozen: &FrozenHeap) -> usize {
    let live = heap.allocated_bytes().saturating_sub(heap.available_bytes());
    live + frozen.allocated_bytes().saturating_sub(frozen.available_bytes())
}

/// Puts the limits and the deadline on an evaluator for `module`.
pub(crate) fn apply<'v, 'a>(
    eval: &mut Evaluator<'v, 'a, '_>,
    module: &'a Module<'v>,
    limits: &Limits,
    deadline: &Deadline,
) {
    let deadline = deadline.clone();
    let max_heap = limits.max_heap;
    // The interpreter asks this as often as it would check its own heap
    // limit; [`heap_in_use`] says why that one is not set.
    eval.set_check_cancelled(Box::new(move || {
        deadline.passed() || heap_in_use(module.heap(), module.frozen_heap()) > max_heap
    }));
    // Can only fail when set twice or to zero; a fresh evaluator and a
    // nonzero limit rule both out.
    eval.set_max_callstack_size(limits.max_call_depth.max(1))
        .expect("fresh evaluator");
}

#[cfg(test)]
mod tests {
    use starlark::environment::Globals;
    use starlark::syntax::{AstModule, Dialect};

    use super::*;

    const MAX_HEAP: usize = 48 << 20;

    /// Evaluates `source` within `MAX_HEAP`: how it ended, what the heap's
    /// arena reserved, and what its values take.
    fn evaluate(source: &str) -> (Result<(), String>, usize, usize) {
        Module::with_temp_heap(|module| {
            let mut eval = Evaluator::new(&module);
            let limits = Limits {
                max_heap: MAX_HEAP,
                ..Limits::default()
            };
            apply(&mut eval, &module, &limits, &Deadline::after(Duration::from_secs(60)));
            let ast = AstModule::parse("app.star", source.to_owned(), &Dialect::Extended).unwrap();
            let result = eval
                .eval_module(ast, &Globals::standard())
                .map(|_| ())
                .map_err(|e| e.to_string());
            drop(eval);
            let reserved = module.heap().allocated_bytes();
            (result, reserved, heap_in_use(module.heap(), module.frozen_heap()))
        })
    }

    /// `count` strings of 4 KiB made and dropped inside a function, where
    /// starlark-rust never collects garbage: each stays on the heap until
    /// the evaluation ends, as an app's temporaries do while it builds its
    /// frames.
    fn garbage(count: usize) -> String {
        format!(
            "def garbage(n):\n    for i in range(n):\n        s = str(10000000 + i) * 512\n    return n\n\ngarbage({count})\n"
        )
    }

    #[test]
    fn the_heap_limit_counts_what_values_take_not_what_the_arena_reserved() {
        // About 36 MB of strings: just past what the arena's chunks hold
        // before it reserves one as large as all the others together.
        let (result, reserved, in_use) = evaluate(&garbage(8_700));
        assert!(
            reserved > MAX_HEAP,
            "the arena reserved only {reserved} bytes, so this no longer tests anything"
        );
        assert!(in_use < MAX_HEAP, "{in_use} bytes in use");
        assert_eq!(result, Ok(()), "{in_use} bytes in use, {reserved} reserved");
    }

    #[test]
    fn the_heap_limit_stops_values_past_it() {
        let (result, _, in_use) = evaluate(&garbage(20_000));
        let error = result.unwrap_err();
        assert!(error.contains("cancelled"), "{error}");
        assert!(in_use > MAX_HEAP, "{in_use} bytes in use");
    }
}
