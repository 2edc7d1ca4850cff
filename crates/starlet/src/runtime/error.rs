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

    /// The app's code failed: Starlark's report, with a run of identical
    /// traceback entries (a function calling itself thousands of times)
    /// shown a few times and then counted, so that a runaway recursion
    /// reads as one and its message stays a few lines long.
    pub(crate) fn starlark(error: &starlark::Error) -> Self {
        Self::Starlark(collapse_repeats(error))
    }
}

/// How often a repeated run of traceback entries is shown before the rest
/// of the repeats are counted.
const REPEATS_SHOWN: usize = 3;
/// The longest cycle of calls told apart as repeating (`f` calls `g` calls
/// `f`: two entries).
const LONGEST_CYCLE: usize = 8;

fn collapse_repeats(error: &starlark::Error) -> String {
    let text = error.to_string();
    let stack = error.call_stack();
    // The report is the traceback followed by the message and its source
    // snippet; only the traceback is rewritten.
    let Some(rest) = text.strip_prefix(&stack.to_string()) else {
        return text;
    };
    if stack.is_empty() {
        return text;
    }
    let mut caller = "<module>";
    let entries: Vec<String> = stack
        .frames
        .iter()
        .map(|frame| {
            let mut entry = String::new();
            // Writing into a String cannot fail.
            let _ = frame.write_two_lines("  ", caller, &mut entry);
            caller = &frame.name;
            entry
        })
        .collect();
    let mut out = String::from("Traceback (most recent call last):\n");
    let mut i = 0;
    while i < entries.len() {
        match repeating_cycle(&entries[i..]) {
            Some((cycle, copies)) => {
                for _ in 0..REPEATS_SHOWN {
                    entries[i..i + cycle].iter().for_each(|entry| out.push_str(entry));
                }
                let what = if cycle == 1 {
                    "the entry above".to_owned()
                } else {
                    format!("the {cycle} entries above")
                };
                out.push_str(&format!("  [{what} repeated {} more times]\n", copies - REPEATS_SHOWN));
                i += cycle * copies;
            }
            None => {
                out.push_str(&entries[i]);
                i += 1;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The shortest cycle `entries` starts with that repeats more than
/// [`REPEATS_SHOWN`] times in a row, and how many times it does.
fn repeating_cycle(entries: &[String]) -> Option<(usize, usize)> {
    (1..=LONGEST_CYCLE).find_map(|cycle| {
        let first = entries.get(..cycle)?;
        let copies = entries.chunks_exact(cycle).take_while(|chunk| *chunk == first).count();
        (copies > REPEATS_SHOWN).then_some((cycle, copies))
    })
}
