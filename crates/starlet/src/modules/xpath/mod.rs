//! `xpath.star`: `xpath.loads(xml)` reads an XML document, and on what it
//! gives, `query(path)` (the first match's text, or `None`), `query_all`
//! (every match's text), `query_node` and `query_all_nodes` (matches as
//! documents of their own, to query further from).

mod tree;

use std::fmt;
use std::sync::Arc;

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::environment::{GlobalsBuilder, Methods, MethodsBuilder, MethodsStatic};
use starlark::values::list::AllocList;
use starlark::values::{Heap, NoSerialize, StarlarkValue, Value};
use starlark::{starlark_module, starlark_simple_value};
use starlark_derive::starlark_value;
use tree::{Place, Tree};

use crate::values::bytes::data_arg;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("xpath", xpath_members);
}

#[starlark_module]
fn xpath_members(builder: &mut GlobalsBuilder) {
    /// The XML document `xml` (text or bytes in UTF-8), ready to query.
    fn loads<'v>(xml: Value<'v>) -> anyhow::Result<XPath> {
        let data = data_arg(xml, "loads", "xml")?;
        let text = std::str::from_utf8(data).map_err(|e| anyhow::anyhow!("parsing XML: {e}"))?;
        let tree = Tree::parse(text).map_err(|e| anyhow::anyhow!("parsing XML: {e}"))?;
        Ok(XPath {
            tree: Arc::new(tree),
            place: Place::ROOT,
        })
    }
}

/// A document, or a node of one that queries start from.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct XPath {
    #[allocative(skip)]
    tree: Arc<Tree>,
    #[allocative(skip)]
    place: Place,
}

starlark_simple_value!(XPath);

impl XPath {
    fn select(&self, path: &str, method: &str) -> anyhow::Result<Vec<Place>> {
        self.tree
            .select(self.place, path)
            .map_err(|e| anyhow::anyhow!("{method}: querying {path:?}: {e}"))
    }

    fn at(&self, place: Place) -> XPath {
        XPath {
            tree: self.tree.clone(),
            place,
        }
    }
}

impl fmt::Display for XPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("XPath(...)")
    }
}

#[starlark_value(type = "XPath")]
impl<'v> StarlarkValue<'v> for XPath {
    fn get_methods() -> Option<&'static Methods> {
        static METHODS: MethodsStatic = MethodsStatic::new("XPath", xpath_methods);
        Some(METHODS.methods())
    }
}

#[starlark_module]
fn xpath_methods(builder: &mut MethodsBuilder) {
    /// The text of the first node `path` selects, or `None`.
    fn query<'v>(this: &XPath, path: &str, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        Ok(match this.select(path, "query")?.first() {
            Some(&place) => heap.alloc(this.tree.text(place)),
            None => Value::new_none(),
        })
    }

    /// The text of every node `path` selects, in document order.
    fn query_all<'v>(this: &XPath, path: &str, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let texts: Vec<String> = this
            .select(path, "query_all")?
            .into_iter()
            .map(|place| this.tree.text(place))
            .collect();
        Ok(heap.alloc(AllocList(texts)))
    }

    /// The first node `path` selects, to query from, or `None`.
    fn query_node<'v>(this: &XPath, path: &str, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        Ok(match this.select(path, "query_node")?.first() {
            Some(&place) => heap.alloc(this.at(place)),
            None => Value::new_none(),
        })
    }

    /// Every node `path` selects, each to query from.
    fn query_all_nodes<'v>(this: &XPath, path: &str, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let nodes: Vec<XPath> = this
            .select(path, "query_all_nodes")?
            .into_iter()
            .map(|place| this.at(place))
            .collect();
        Ok(heap.alloc(AllocList(nodes)))
    }
}
