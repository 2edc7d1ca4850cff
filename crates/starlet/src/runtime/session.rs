//! One load or render: the evaluator's settings, the loader that answers
//! `load()`, and the app's own modules as they are evaluated.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use starlark::PrintHandler;
use starlark::environment::{FrozenModule, Globals, GlobalsBuilder, LibraryExtension, Module};
use starlark::eval::{Evaluator, FileLoader};
use starlark::syntax::{AstModule, Dialect};

use super::applet::PrintFn;
use super::context::RenderContext;
use super::error::Error;
use super::files::AppFiles;
use super::limits::{self, Deadline, Limits};
use crate::{dialect, modules};

/// The builtins every app has: the Starlark standard library with `struct`,
/// `set` and `print`, the dialect Pixlet accepts, with Go's answers where
/// apps rely on them ([`dialect`]).
fn globals() -> &'static Globals {
    static GLOBALS: OnceLock<Globals> = OnceLock::new();
    GLOBALS.get_or_init(|| {
        GlobalsBuilder::extended_by(&[
            LibraryExtension::StructType,
            LibraryExtension::SetType,
            LibraryExtension::Print,
        ])
        .with(dialect::members)
        .build()
    })
}

struct Printer(Option<PrintFn>);

impl PrintHandler for Printer {
    fn println(&self, text: &str) -> starlark::Result<()> {
        if let Some(print) = &self.0 {
            print(text);
        }
        Ok(())
    }
}

pub(crate) struct Session<'a> {
    files: &'a AppFiles,
    context: RenderContext,
    limits: Limits,
    deadline: Deadline,
    printer: Printer,
    modules: RefCell<HashMap<String, FrozenModule>>,
    loading: RefCell<Vec<String>>,
}

impl<'a> Session<'a> {
    /// A session that finds the app's evaluated modules in `modules`.
    pub(crate) fn new(
        files: &'a AppFiles,
        context: RenderContext,
        limits: Limits,
        print: Option<PrintFn>,
        modules: HashMap<String, FrozenModule>,
    ) -> Self {
        Self {
            files,
            context,
            deadline: Deadline::after(limits.timeout),
            limits,
            printer: Printer(print),
            modules: RefCell::new(modules),
            loading: RefCell::default(),
        }
    }

    pub(crate) fn context(&self) -> &RenderContext {
        &self.context
    }

    pub(crate) fn deadline(&self) -> &Deadline {
        &self.deadline
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The app's modules evaluated so far, by file name.
    pub(crate) fn into_modules(self) -> HashMap<String, FrozenModule> {
        self.modules.into_inner()
    }

    /// An evaluator for `module` with this session's loader, context and limits.
    pub(crate) fn evaluator<'v, 'b>(&'b self, module: &'b Module<'v>) -> Evaluator<'v, 'b, 'b> {
        let mut eval = Evaluator::new(module);
        eval.set_loader(self);
        eval.extra = Some(&self.context);
        eval.set_print_handler(&self.printer);
        limits::apply(&mut eval, module, &self.limits, &self.deadline);
        eval
    }

    /// The error an evaluation failed with, told apart from running out of
    /// time or memory.
    pub(crate) fn error(&self, error: starlark::Error, eval: &mut Evaluator) -> Error {
        if self.deadline.expired() {
            Error::Timeout(self.limits.timeout)
        } else if limits::heap_in_use(eval.heap(), eval.frozen_heap()) > self.limits.max_heap {
            Error::Memory(self.limits.max_heap)
        } else {
            Error::starlark(&error)
        }
    }

    /// Evaluates one of the app's `.star` files (once), after what it loads.
    pub(crate) fn star_module(&self, name: &str) -> Result<FrozenModule, Error> {
        if let Some(module) = self.modules.borrow().get(name) {
            return Ok(module.clone());
        }
        if self.loading.borrow().iter().any(|loading| loading == name) {
            let chain = self.loading.borrow().join(" -> ");
            return Err(Error::load(format!("circular load: {chain} -> {name}")));
        }
        let source = self.files.read(name).map_err(Error::Load)?;
        let source = String::from_utf8(source).map_err(|_| Error::load(format!("{name} is not UTF-8 text")))?;
        let mut ast = AstModule::parse(name, source, &Dialect::Extended).map_err(|e| Error::Starlark(e.to_string()))?;
        dialect::adapt(&mut ast);
        self.loading.borrow_mut().push(name.to_owned());
        let evaluated = Module::with_temp_heap(|module| {
            let mut eval = self.evaluator(&module);
            let result = eval.eval_module(ast, globals());
            match result {
                Ok(_) => {
                    drop(eval);
                    module
                        .freeze()
                        .map_err(|e| Error::Starlark(format!("{name}: {}", e.err_msg)))
                }
                Err(error) => Err(self.error(error, &mut eval)),
            }
        });
        self.loading.borrow_mut().pop();
        let module = evaluated?;
        self.modules.borrow_mut().insert(name.to_owned(), module.clone());
        Ok(module)
    }
}

impl FileLoader for Session<'_> {
    fn load(&self, path: &str) -> starlark::Result<FrozenModule> {
        if let Some(module) = modules::native(path) {
            return Ok(module);
        }
        let name = AppFiles::normalize(path).map_err(|e| starlark::Error::new_other(anyhow::anyhow!(e)))?;
        let module = if name.ends_with(".star") {
            self.star_module(&name)
                .map_err(|e| starlark::Error::new_other(anyhow::anyhow!("loading {name}: {e}")))?
        } else {
            let path = self
                .files
                .resolve(&name)
                .map_err(|e| starlark::Error::new_other(anyhow::anyhow!(e)))?;
            modules::file::module(&name, path)
        };
        Ok(module)
    }
}
