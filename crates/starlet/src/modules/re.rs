//! `re.star`: starlib's regular expressions, with its (not Python's)
//! results: `match` lists every match's groups, `search` gives the first
//! match's `[start, end]`, `findall` and `split` give tuples, `sub` uses
//! `$1`/`${name}` references.
//!
//! Patterns are RE2 syntax, compiled by the `regex` crate (linear time, so
//! no pattern backtracks catastrophically), with `\d`, `\w`, `\s` and `\b`
//! meaning ASCII as in Go. Pattern size, compiled size and result counts are
//! bounded.

mod syntax;

use std::fmt;

use allocative::Allocative;
use regex::Regex;
use starlark::any::ProvidesStaticType;
use starlark::environment::{GlobalsBuilder, Methods, MethodsBuilder, MethodsStatic};
use starlark::values::list::AllocList;
use starlark::values::none::NoneType;
use starlark::values::tuple::AllocTuple;
use starlark::values::{Heap, NoSerialize, StarlarkValue, Value};
use starlark::{starlark_module, starlark_simple_value};
use starlark_derive::starlark_value;

pub use syntax::compile;

/// Most strings one call may return (matches, groups or pieces).
pub const MAX_RESULTS: usize = 1 << 20;
/// Longest text `sub` may build, in bytes.
pub const MAX_SUB_OUTPUT: usize = 64 << 20;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("re", re_members);
}

#[starlark_module]
fn re_members(builder: &mut GlobalsBuilder) {
    /// A compiled pattern with the same functions as methods; `flags` is
    /// accepted and ignored, as in starlib.
    fn compile<'v>(pattern: &str, #[starlark(default = 0)] flags: i64, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let _ = flags;
        Ok(heap.alloc(Regexp {
            pattern: pattern.to_owned(),
            regex: compile(pattern)?,
        }))
    }

    /// `[start, end]` of the first match of `pattern` in `string`, in
    /// characters, or `None`.
    fn search<'v>(
        pattern: &str,
        string: &str,
        #[starlark(default = 0)] flags: i64,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let _ = flags;
        Ok(search_in(&compile(pattern)?, string, heap))
    }

    /// Every match of `pattern` in `string` (anywhere, not only at its
    /// start), each a tuple of the whole match and its groups (`""` for a
    /// group that took no part).
    fn r#match<'v>(
        pattern: &str,
        string: &str,
        #[starlark(default = 0)] flags: i64,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let _ = flags;
        match_all(&compile(pattern)?, string, heap)
    }

    /// `string` cut at each match of `pattern`, as Go's `Regexp.Split`:
    /// `maxsplit` > 0 gives at most that many pieces.
    fn split<'v>(
        pattern: &str,
        string: &str,
        #[starlark(default = 0)] maxsplit: i64,
        #[starlark(default = 0)] flags: i64,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let _ = flags;
        split_by(&compile(pattern)?, string, maxsplit, heap)
    }

    /// Every whole match of `pattern` in `string`, as a tuple.
    fn findall<'v>(
        pattern: &str,
        string: &str,
        #[starlark(default = 0)] flags: i64,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let _ = flags;
        find_all(&compile(pattern)?, string, heap)
    }

    /// `string` with every match of `pattern` replaced by `repl`, in which
    /// `$1` or `${name}` stand for groups. As in starlib, `count` is
    /// accepted but every match is replaced, and a pattern that does not
    /// parse gives `None`.
    fn sub<'v>(
        pattern: &str,
        repl: &str,
        string: &str,
        #[starlark(default = 0)] count: i64,
        #[starlark(default = 0)] flags: i64,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let _ = (count, flags);
        match compile(pattern) {
            Ok(regex) => Ok(heap.alloc(substitute(&regex, repl, string)?)),
            Err(syntax::Error::Syntax(_)) => Ok(Value::new_none()),
            Err(e) => Err(e.into()),
        }
    }
}

/// A compiled pattern, as `re.compile` returns it.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct Regexp {
    pattern: String,
    #[allocative(skip)]
    regex: Regex,
}

starlark_simple_value!(Regexp);

impl fmt::Display for Regexp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pattern)
    }
}

#[starlark_value(type = "regexp")]
impl<'v> StarlarkValue<'v> for Regexp {
    fn get_methods() -> Option<&'static Methods> {
        static METHODS: MethodsStatic = MethodsStatic::new("regexp", regexp_methods);
        Some(METHODS.methods())
    }
}

#[starlark_module]
fn regexp_methods(builder: &mut MethodsBuilder) {
    /// As `re.search`, with this pattern.
    fn search<'v>(
        this: &Regexp,
        string: &str,
        #[starlark(default = 0)] flags: i64,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let _ = flags;
        Ok(search_in(&this.regex, string, heap))
    }

    /// As `re.match`, with this pattern.
    fn r#match<'v>(
        this: &Regexp,
        string: &str,
        #[starlark(default = 0)] flags: i64,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let _ = flags;
        match_all(&this.regex, string, heap)
    }

    /// As `re.split`, with this pattern.
    fn split<'v>(
        this: &Regexp,
        string: &str,
        #[starlark(default = 0)] maxsplit: i64,
        #[starlark(default = 0)] flags: i64,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let _ = flags;
        split_by(&this.regex, string, maxsplit, heap)
    }

    /// As `re.findall`, with this pattern.
    fn findall<'v>(
        this: &Regexp,
        string: &str,
        #[starlark(default = 0)] flags: i64,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let _ = flags;
        find_all(&this.regex, string, heap)
    }

    /// As `re.sub`, with this pattern.
    fn sub<'v>(
        this: &Regexp,
        repl: &str,
        string: &str,
        #[starlark(default = 0)] count: i64,
        #[starlark(default = 0)] flags: i64,
    ) -> anyhow::Result<String> {
        let _ = (count, flags);
        substitute(&this.regex, repl, string)
    }
}

fn search_in<'v>(regex: &Regex, text: &str, heap: Heap<'v>) -> Value<'v> {
    match regex.find(text) {
        Some(found) => {
            let start = text[..found.start()].chars().count();
            let end = start + found.as_str().chars().count();
            heap.alloc(AllocList([start, end]))
        }
        None => heap.alloc(NoneType),
    }
}

fn match_all<'v>(regex: &Regex, text: &str, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
    let groups = regex.captures_len();
    let mut matches = Vec::new();
    let mut produced = 0usize;
    for captures in regex.captures_iter(text) {
        produced += groups;
        check_results(produced)?;
        let strings: Vec<&str> = (0..groups)
            .map(|i| captures.get(i).map_or("", |m| m.as_str()))
            .collect();
        matches.push(heap.alloc(AllocTuple(strings)));
    }
    Ok(heap.alloc(AllocList(matches)))
}

fn find_all<'v>(regex: &Regex, text: &str, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
    let mut found = Vec::new();
    for m in regex.find_iter(text) {
        check_results(found.len() + 1)?;
        found.push(m.as_str());
    }
    Ok(heap.alloc(AllocTuple(found)))
}

fn split_by<'v>(regex: &Regex, text: &str, maxsplit: i64, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
    // starlib passes maxsplit on as Go's count of pieces, 0 meaning all.
    let limit = if maxsplit <= 0 { usize::MAX } else { maxsplit as usize };
    let mut pieces = Vec::new();
    if !regex.as_str().is_empty() && text.is_empty() {
        pieces.push("");
        return Ok(heap.alloc(AllocTuple(pieces)));
    }
    let (mut begin, mut end) = (0, 0);
    for m in regex.find_iter(text).take(limit) {
        if pieces.len() + 1 == limit {
            break;
        }
        end = m.start();
        if m.end() != 0 {
            check_results(pieces.len() + 1)?;
            pieces.push(&text[begin..end]);
        }
        begin = m.end();
    }
    if end != text.len() {
        pieces.push(&text[begin..]);
    }
    Ok(heap.alloc(AllocTuple(pieces)))
}

fn substitute(regex: &Regex, repl: &str, text: &str) -> anyhow::Result<String> {
    let expands = repl.contains('$');
    let mut out = String::new();
    let mut last = 0;
    for captures in regex.captures_iter(text) {
        let whole = captures.get(0).expect("group 0 is the match");
        out.push_str(&text[last..whole.start()]);
        if expands {
            captures.expand(repl, &mut out);
        } else {
            out.push_str(repl);
        }
        last = whole.end();
        if out.len() > MAX_SUB_OUTPUT {
            anyhow::bail!("sub: the result is over the {} MiB limit", MAX_SUB_OUTPUT >> 20);
        }
    }
    out.push_str(&text[last..]);
    Ok(out)
}

fn check_results(count: usize) -> anyhow::Result<()> {
    if count > MAX_RESULTS {
        anyhow::bail!("more than {MAX_RESULTS} results from one regular expression call");
    }
    Ok(())
}
