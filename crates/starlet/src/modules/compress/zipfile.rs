//! `compress/zipfile.star`: `zipfile.ZipFile(data)` opens a zip archive an
//! app holds in memory; `namelist()` lists it and `open(name).read()` reads
//! one entry (stored or deflated), within the decompression limit.

use std::fmt;
use std::io::Cursor;
use std::sync::Arc;

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::environment::{GlobalsBuilder, Methods, MethodsBuilder, MethodsStatic};
use starlark::values::list::AllocList;
use starlark::values::{Heap, NoSerialize, StarlarkValue, Value};
use starlark::{starlark_module, starlark_simple_value};
use starlark_derive::starlark_value;
use zip::ZipArchive;

use super::read_bounded;
use crate::values::bytes::{alloc_data, data_arg};

type Archive = ZipArchive<Cursor<Arc<[u8]>>>;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("zipfile", zipfile_members);
}

#[starlark_module]
fn zipfile_members(builder: &mut GlobalsBuilder) {
    /// The zip archive whose bytes are `file` (a string or bytes).
    #[allow(non_snake_case)]
    fn ZipFile<'v>(file: Value<'v>, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let data: Arc<[u8]> = data_arg(file, "ZipFile", "file")?.into();
        let archive = ZipArchive::new(Cursor::new(data)).map_err(|e| anyhow::anyhow!("ZipFile: {e}"))?;
        Ok(heap.alloc(ZipFile { archive }))
    }
}

/// An open archive.
#[derive(ProvidesStaticType, NoSerialize, Allocative)]
pub struct ZipFile {
    #[allocative(skip)]
    archive: Archive,
}

starlark_simple_value!(ZipFile);

impl fmt::Debug for ZipFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ZipFile").field("entries", &self.archive.len()).finish()
    }
}

impl fmt::Display for ZipFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<ZipFile of {} entries>", self.archive.len())
    }
}

#[starlark_value(type = "ZipFile")]
impl<'v> StarlarkValue<'v> for ZipFile {
    fn get_methods() -> Option<&'static Methods> {
        static METHODS: MethodsStatic = MethodsStatic::new("ZipFile", zip_file_methods);
        Some(METHODS.methods())
    }
}

#[starlark_module]
fn zip_file_methods(builder: &mut MethodsBuilder) {
    /// The names of the archive's entries, folders included, in the
    /// archive's order.
    fn namelist<'v>(this: &ZipFile, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let names = this
            .archive
            .file_names_raw()
            .map(|name| alloc_data(heap, name.to_vec()));
        Ok(heap.alloc(AllocList(names.collect::<Vec<_>>())))
    }

    /// The entry called `name`, to `read()`.
    fn open<'v>(this: &ZipFile, name: &str, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        if this.archive.index_for_name(name).is_none() {
            anyhow::bail!("not found");
        }
        Ok(heap.alloc(ZipInfo {
            archive: this.archive.clone(),
            name: name.to_owned(),
        }))
    }
}

/// One entry of an archive.
#[derive(ProvidesStaticType, NoSerialize, Allocative)]
pub struct ZipInfo {
    #[allocative(skip)]
    archive: Archive,
    name: String,
}

starlark_simple_value!(ZipInfo);

impl fmt::Debug for ZipInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ZipInfo").field("name", &self.name).finish()
    }
}

impl fmt::Display for ZipInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<ZipInfo {:?}>", self.name)
    }
}

#[starlark_value(type = "ZipInfo")]
impl<'v> StarlarkValue<'v> for ZipInfo {
    fn get_methods() -> Option<&'static Methods> {
        static METHODS: MethodsStatic = MethodsStatic::new("ZipInfo", zip_info_methods);
        Some(METHODS.methods())
    }
}

#[starlark_module]
fn zip_info_methods(builder: &mut MethodsBuilder) {
    /// The entry's contents: a string when they are UTF-8 text, else bytes.
    fn read<'v>(this: &ZipInfo, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let mut archive = this.archive.clone();
        let entry = archive
            .by_name(&this.name)
            .map_err(|e| anyhow::anyhow!("read {}: {e}", this.name))?;
        let data = read_bounded(entry, &format!("read {}", this.name))?;
        Ok(alloc_data(heap, data))
    }
}
