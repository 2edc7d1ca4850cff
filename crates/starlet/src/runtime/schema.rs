//! An app's schema at run time: its `get_schema()` called once when the
//! app loads, the functions its handlers name kept frozen with the app, and
//! a handler called when a client asks.

use std::collections::HashMap;
use std::sync::Arc;

use starlark::environment::{FrozenModule, Module};
use starlark::values::list::{AllocList, ListRef};
use starlark::values::{OwnedFrozenValue, Value};

use super::error::Error;
use super::session::Session;
use crate::modules::schema::convert;
use crate::schema::{HandlerKind, Schema, choices_json};
use crate::values::config::{Config, ConfigMap};

/// The function apps describe their configuration with.
const SCHEMA_FUNCTION: &str = "get_schema";

pub(crate) struct AppSchema {
    pub(crate) schema: Schema,
    /// The file that defines `get_schema()`: a legacy schema's handlers are
    /// found among its globals.
    file: String,
    /// Each handler by the name clients call it: its index in `functions`.
    handlers: HashMap<String, (usize, HandlerKind)>,
    /// A frozen list of the handler functions.
    functions: OwnedFrozenValue,
}

impl AppSchema {
    /// Calls the app's `get_schema()`, if one of `files` defines one.
    pub(crate) fn load(session: &Session, files: &[String], app: &str) -> Result<Option<Self>, Error> {
        let mut found: Vec<(String, OwnedFrozenValue)> = Vec::new();
        for name in files {
            let module = session.star_module(name)?;
            let Some(function) = module.get_option(SCHEMA_FUNCTION).ok().flatten() else {
                continue;
            };
            let is_def = function.value().parameters_spec().is_some();
            // A file that loads another's `get_schema` sees the same function.
            let seen = found.iter().any(|(_, f)| f.value().ptr_eq(function.value()));
            if is_def && !seen {
                found.push((name.clone(), function));
            }
        }
        let (file, function) = match &found[..] {
            [] => return Ok(None),
            [one] => one.clone(),
            [first, second, ..] => {
                return Err(Error::load(format!(
                    "multiple files with a {SCHEMA_FUNCTION}() function:\n- {}\n- {}",
                    second.0, first.0
                )));
            }
        };
        let globals = session.star_module(&file)?;
        Module::with_temp_heap(|module| {
            module.frozen_heap().add_reference(function.owner());
            module.frozen_heap().add_reference(globals.frozen_heap());
            // SAFETY: the module's heap holds references to the heaps these
            // values live in.
            let function = unsafe { function.unchecked_frozen_value() }.to_value();
            let mut eval = session.evaluator(&module);
            let value = eval.eval_function(function, &[], &[]).map_err(|error| {
                context(
                    session.error(error, &mut eval),
                    &format!("calling schema function for {app}"),
                )
            })?;
            let read = convert::schema(value, &|name| global(&globals, name))
                .map_err(|e| Error::Output(format!("parsing schema for {app}: {e}")))?;
            drop(eval);
            let mut handlers = HashMap::new();
            let mut functions = Vec::new();
            for (name, function, kind) in read.handlers {
                handlers.insert(name, (functions.len(), kind));
                functions.push(function);
            }
            let list = module.heap().alloc(AllocList(functions));
            module.set("handlers", list);
            let frozen = module
                .freeze()
                .map_err(|e| Error::Starlark(format!("{SCHEMA_FUNCTION}: {}", e.err_msg)))?;
            let functions = frozen.get("handlers").map_err(|e| Error::Starlark(e.to_string()))?;
            Ok(Some(Self {
                schema: read.schema,
                file,
                handlers,
                functions,
            }))
        })
    }

    /// What the handler clients know as `name` answers with, if there is one.
    pub(crate) fn handler_kind(&self, name: &str) -> Option<HandlerKind> {
        self.handlers.get(name).map(|&(_, kind)| kind)
    }

    /// Calls the handler clients know as `name` with `parameter` (and the
    /// config, if it takes two parameters), and encodes its answer as
    /// Pixlet does: options as JSON, a schema as JSON, or a string.
    pub(crate) fn call(
        &self,
        session: &Session,
        modules: &HashMap<String, FrozenModule>,
        name: &str,
        parameter: &str,
        config: Arc<ConfigMap>,
    ) -> Result<String, Error> {
        let &(index, kind) = self
            .handlers
            .get(name)
            .ok_or_else(|| Error::load(format!("no exported handler named '{name}'")))?;
        let globals = modules
            .get(&self.file)
            .ok_or_else(|| Error::load(format!("{} is no longer loaded", self.file)))?;
        Module::with_temp_heap(|module| {
            module.frozen_heap().add_reference(self.functions.owner());
            module.frozen_heap().add_reference(globals.frozen_heap());
            // SAFETY: the module's heap holds a reference to the heap the
            // functions live in.
            let functions = unsafe { self.functions.unchecked_frozen_value() }.to_value();
            let function = ListRef::from_value(functions)
                .expect("handlers are kept in a list")
                .content()[index];
            let heap = module.heap();
            let mut args = vec![heap.alloc(parameter)];
            if function.parameters_spec().is_some_and(|spec| spec.len() > 1) {
                args.push(heap.alloc(Config::new(config, Arc::new(self.schema.defaults()))));
            }
            let mut eval = session.evaluator(&module);
            let result = eval.eval_function(function, &args, &[]).map_err(|error| {
                context(
                    session.error(error, &mut eval),
                    &format!("calling schema handler {name}"),
                )
            })?;
            let answer = match kind {
                HandlerKind::Options => convert::choices(result).map(|choices| choices_json(&choices)),
                HandlerKind::Schema => {
                    convert::schema(result, &|name| global(globals, name)).map(|read| read.schema.to_json())
                }
                HandlerKind::String => result.unpack_str().map(str::to_owned).ok_or_else(|| {
                    anyhow::anyhow!(
                        "expected {} to return a string or string-like value",
                        function.function_name().unwrap_or("lambda")
                    )
                }),
                HandlerKind::Field => Err(anyhow::anyhow!(
                    "a very unexpected error happened for handler \"{name}\""
                )),
            };
            answer.map_err(|e| Error::Output(e.to_string()))
        })
    }
}

/// A global of `module` by name, private ones too, as a value here: its
/// heap must be referenced by the heap it is used in.
fn global<'v>(module: &FrozenModule, name: &str) -> Option<Value<'v>> {
    let (value, _) = module.get_any_visibility(name).ok()?;
    // SAFETY: callers reference the module's heap from their own.
    Some(unsafe { value.unchecked_frozen_value() }.to_value())
}

/// `error` with what was being done in front of an app's own message.
fn context(error: Error, doing: &str) -> Error {
    match error {
        Error::Starlark(message) => Error::Starlark(format!("{doing}: {message}")),
        other => other,
    }
}
