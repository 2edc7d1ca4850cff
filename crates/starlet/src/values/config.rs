//! The `config` an app's `main(config)` receives: Pixlet's string map.
//!
//! A key the person set wins; otherwise the schema's default answers, but
//! only when the app passed no default of its own (`config.get("k")` gives
//! the schema default, `config.get("k", "x")` gives "x"), as in Pixlet.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::environment::{Methods, MethodsBuilder, MethodsStatic};
use starlark::values::none::NoneType;
use starlark::values::{Heap, NoSerialize, StarlarkValue, Value};
use starlark::{starlark_module, starlark_simple_value};
use starlark_derive::starlark_value;

/// Config values by field id, as strings.
pub type ConfigMap = BTreeMap<String, String>;

#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct Config {
    #[allocative(skip)]
    values: Arc<ConfigMap>,
    #[allocative(skip)]
    defaults: Arc<ConfigMap>,
}

starlark_simple_value!(Config);

impl Config {
    pub fn new(values: Arc<ConfigMap>, defaults: Arc<ConfigMap>) -> Self {
        Self { values, defaults }
    }

    /// The value for `key` and whether it is only the schema's default.
    fn lookup(&self, key: &str) -> Option<(&str, bool)> {
        if let Some(value) = self.values.get(key) {
            return Some((value, false));
        }
        self.defaults
            .get(key)
            .filter(|value| !value.is_empty())
            .map(|value| (value.as_str(), true))
    }

    /// What `get`/`str` and `bool` answer with the app's default left out or given.
    fn answer(&self, key: &str, default_given: bool) -> Option<&str> {
        self.lookup(key)
            .filter(|&(_, is_default)| !is_default || !default_given)
            .map(|(value, _)| value)
    }
}

impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AppletConfig(...)")
    }
}

#[starlark_value(type = "AppletConfig")]
impl<'v> StarlarkValue<'v> for Config {
    fn get_methods() -> Option<&'static Methods> {
        static METHODS: MethodsStatic = MethodsStatic::new("AppletConfig", config_methods);
        Some(METHODS.methods())
    }

    fn at(&self, index: Value<'v>, heap: Heap<'v>) -> starlark::Result<Value<'v>> {
        let key = index.unpack_str().ok_or_else(|| {
            starlark::Error::new_other(anyhow::anyhow!("config keys are strings, not {}", index.get_type()))
        })?;
        match self.lookup(key) {
            Some((value, _)) => Ok(heap.alloc(value)),
            None => Err(starlark::Error::new_other(anyhow::anyhow!("key {key:?} not in config"))),
        }
    }

    fn is_in(&self, other: Value<'v>) -> starlark::Result<bool> {
        Ok(other.unpack_str().is_some_and(|key| self.lookup(key).is_some()))
    }
}

#[starlark_module]
fn config_methods(builder: &mut MethodsBuilder) {
    /// The string set for `key`, or `default`.
    fn get<'v>(
        this: &Config,
        #[starlark(require = pos)] key: &str,
        #[starlark(require = pos)] default: Option<Value<'v>>,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        Ok(text(this, key, default, heap))
    }

    /// The same as `get`.
    fn str<'v>(
        this: &Config,
        #[starlark(require = pos)] key: &str,
        #[starlark(require = pos)] default: Option<Value<'v>>,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        Ok(text(this, key, default, heap))
    }

    /// The value for `key` read as a boolean (`true`, `1`, `T`, `false`, ...), or `default`.
    fn bool<'v>(
        this: &Config,
        #[starlark(require = pos)] key: &str,
        #[starlark(require = pos)] default: Option<Value<'v>>,
    ) -> anyhow::Result<Value<'v>> {
        match this.answer(key, default.is_some()) {
            Some(value) => Ok(Value::new_bool(parse_bool(value)?)),
            None => Ok(default.unwrap_or_else(Value::new_none)),
        }
    }
}

fn text<'v>(config: &Config, key: &str, default: Option<Value<'v>>, heap: Heap<'v>) -> Value<'v> {
    match config.answer(key, default.is_some()) {
        Some(value) => heap.alloc(value),
        None => default.unwrap_or_else(|| heap.alloc(NoneType)),
    }
}

/// Go's `strconv.ParseBool`, which Pixlet reads booleans with.
fn parse_bool(text: &str) -> anyhow::Result<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => anyhow::bail!("config value {text:?} is not a boolean"),
    }
}
