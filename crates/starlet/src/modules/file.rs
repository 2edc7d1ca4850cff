//! Files of the app's own folder, as `load("icon.png", ICON = "file")` gives
//! them: a `File` with `path` and `readall(mode)`.

use std::fmt;
use std::path::PathBuf;

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::environment::{FrozenModule, Methods, MethodsBuilder, MethodsStatic, Module};
use starlark::values::bytes::StarlarkBytes;
use starlark::values::{Heap, NoSerialize, StarlarkValue, Value};
use starlark::{starlark_module, starlark_simple_value};
use starlark_derive::starlark_value;

use crate::runtime::files::read_bounded;
use crate::values::bytes::alloc_data;

/// A file the app may read; `path` was checked to be inside its folder.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct File {
    name: String,
    #[allocative(skip)]
    path: PathBuf,
}

starlark_simple_value!(File);

impl File {
    /// The file's path inside the app's folder, as the app named it.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "File({:?})", self.name)
    }
}

#[starlark_value(type = "File")]
impl<'v> StarlarkValue<'v> for File {
    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        (attribute == "path").then(|| heap.alloc(self.name.as_str()))
    }

    fn get_methods() -> Option<&'static Methods> {
        static METHODS: MethodsStatic = MethodsStatic::new("File", file_methods);
        Some(METHODS.methods())
    }
}

#[starlark_module]
fn file_methods(builder: &mut MethodsBuilder) {
    /// The file's contents: text (`"r"`, the default) or `bytes` (`"rb"`).
    /// Text that is not UTF-8 comes back as `bytes` too.
    fn readall<'v>(this: &File, #[starlark(default = "r")] mode: &str, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let data = read_bounded(&this.path).map_err(|e| anyhow::anyhow!(e))?;
        match mode {
            "" | "r" | "rt" => Ok(alloc_data(heap, data)),
            "rb" => Ok(heap.alloc(StarlarkBytes::from_vec(data))),
            _ => anyhow::bail!("unsupported mode: {mode}"),
        }
    }
}

/// The module a non-Starlark file loads as: one symbol, `file`.
pub fn module(name: &str, path: PathBuf) -> FrozenModule {
    Module::with_temp_heap(|module| {
        let file = module.heap().alloc(File {
            name: name.to_owned(),
            path,
        });
        module.set("file", file);
        module.freeze().expect("a module of one simple value freezes")
    })
}
