//! `bsoup.star`: `bsoup.parseHtml(htmlText)` parses a page and gives its
//! top element as a `SoupNode`, with Beautiful Soup's `find`, `find_all`,
//! `attrs`, `contents`, `child`, `parent`, `next_sibling`, `prev_sibling`
//! and `get_text`, as Pixlet's library (starlib over Go's `soup`) has them.
//!
//! That library's habits are kept: `find("div", {"class": "a"})` matches a
//! `div` one of whose classes (words of the attribute) is `a`, and only the
//! first attribute asked for counts (asking for two matches nothing);
//! `find_all` also matches text nodes whose text is the name asked for;
//! `get_text()` is the first direct text that is not blank, not all text.

use std::fmt;
use std::sync::Arc;

use allocative::Allocative;
use ego_tree::NodeId;
use scraper::{Html, Node};
use starlark::any::ProvidesStaticType;
use starlark::collections::SmallMap;
use starlark::environment::{GlobalsBuilder, Methods, MethodsBuilder, MethodsStatic};
use starlark::values::dict::{Dict, DictRef};
use starlark::values::list::AllocList;
use starlark::values::tuple::UnpackTuple;
use starlark::values::{Heap, NoSerialize, StarlarkValue, Value};
use starlark::{starlark_module, starlark_simple_value};
use starlark_derive::starlark_value;

use super::html::document::{Document, data, node, render};
use crate::values::bytes::data_arg;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("bsoup", bsoup_members);
}

#[starlark_module]
fn bsoup_members(builder: &mut GlobalsBuilder) {
    /// The page `htmlText` parsed; its top element (`<html>`).
    #[allow(non_snake_case)]
    fn parseHtml<'v>(htmlText: Value<'v>) -> anyhow::Result<SoupNode> {
        let data = data_arg(htmlText, "parseHtml", "htmlText")?;
        let document = Document::parse(&String::from_utf8_lossy(data));
        let top = document.with(|html| html.root_element().id());
        Ok(SoupNode { document, id: top })
    }
}

/// A node of a page.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct SoupNode {
    #[allocative(skip)]
    document: Arc<Document>,
    #[allocative(skip)]
    id: NodeId,
}

starlark_simple_value!(SoupNode);

impl SoupNode {
    fn at(&self, id: NodeId) -> SoupNode {
        SoupNode {
            document: self.document.clone(),
            id,
        }
    }

    /// The node `step` leads to, or `None`.
    fn step<'v>(&self, heap: Heap<'v>, step: impl Fn(&Html) -> Option<NodeId>) -> Value<'v> {
        match self.document.with(step) {
            Some(id) => heap.alloc(self.at(id)),
            None => Value::new_none(),
        }
    }
}

impl fmt::Display for SoupNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.document.with(|html| render(node(html, self.id))))
    }
}

#[starlark_value(type = "SoupNode")]
impl<'v> StarlarkValue<'v> for SoupNode {
    fn get_methods() -> Option<&'static Methods> {
        static METHODS: MethodsStatic = MethodsStatic::new("SoupNode", soup_methods);
        Some(METHODS.methods())
    }
}

/// What `find` and `find_all` look for: a name (`""` for any) and
/// attribute names and values, flattened as Pixlet's library flattens them.
struct Wanted {
    terms: Vec<String>,
}

impl Wanted {
    /// Reads Beautiful Soup's arguments: one tag name, dicts of attributes,
    /// attributes by keyword.
    fn from_args(args: &[Value], kwargs: &SmallMap<String, Value>) -> anyhow::Result<Self> {
        let mut name = None;
        let mut attributes = Vec::new();
        for arg in args {
            if let Some(text) = arg.unpack_str() {
                if name.is_some() {
                    anyhow::bail!("only one tagName parameter is allowed, found {text}");
                }
                name = Some(text.to_owned());
            } else if let Some(dict) = DictRef::from_value(*arg) {
                for (key, value) in dict.iter() {
                    attributes.push(string(key)?);
                    attributes.push(string(value)?);
                }
            } else {
                anyhow::bail!("invalid parameter {arg}");
            }
        }
        for (key, value) in kwargs {
            attributes.push(key.clone());
            attributes.push(string(*value)?);
        }
        let mut terms = vec![name.unwrap_or_default()];
        terms.extend(attributes);
        Ok(Self { terms })
    }

    /// Whether `node` is wanted; `elements_only` as `find` (not `find_all`).
    fn matches(&self, node: ego_tree::NodeRef<'_, Node>, elements_only: bool) -> bool {
        if elements_only && !node.value().is_element() {
            return false;
        }
        let name = &self.terms[0];
        if !name.is_empty() && *name != data(node) {
            return false;
        }
        match self.terms.as_slice() {
            [_] => true,
            [_, attribute, value] => node.value().as_element().is_some_and(|element| {
                element
                    .attrs()
                    .any(|(key, text)| key == attribute && text.split_whitespace().any(|word| word == value))
            }),
            _ => false,
        }
    }
}

fn string(value: Value) -> anyhow::Result<String> {
    value
        .unpack_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("want a string, got {}", value.get_type()))
}

#[starlark_module]
fn soup_methods(builder: &mut MethodsBuilder) {
    /// The first node under this one that matches, or `None`.
    fn find<'v>(
        this: &SoupNode,
        #[starlark(args)] args: UnpackTuple<Value<'v>>,
        #[starlark(kwargs)] kwargs: SmallMap<String, Value<'v>>,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let wanted = Wanted::from_args(&args.items, &kwargs)?;
        Ok(this.step(heap, |html| {
            node(html, this.id)
                .descendants()
                .skip(1)
                .find(|&n| wanted.matches(n, true))
                .map(|n| n.id())
        }))
    }

    /// Every node under this one that matches, in document order.
    fn find_all<'v>(
        this: &SoupNode,
        #[starlark(args)] args: UnpackTuple<Value<'v>>,
        #[starlark(kwargs)] kwargs: SmallMap<String, Value<'v>>,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let wanted = Wanted::from_args(&args.items, &kwargs)?;
        let found: Vec<NodeId> = this.document.with(|html| {
            node(html, this.id)
                .descendants()
                .skip(1)
                .filter(|&n| wanted.matches(n, false))
                .map(|n| n.id())
                .collect()
        });
        Ok(heap.alloc(AllocList(found.into_iter().map(|id| this.at(id)))))
    }

    /// The element's attributes, by name.
    fn attrs<'v>(this: &SoupNode, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let pairs: Vec<(String, String)> = this.document.with(|html| {
            let mut pairs: Vec<(String, String)> = Vec::new();
            if let Some(element) = node(html, this.id).value().as_element() {
                for (name, value) in element.attrs() {
                    if !pairs.iter().any(|(known, _)| known == name) {
                        pairs.push((name.to_owned(), value.to_owned()));
                    }
                }
            }
            pairs
        });
        let mut content = SmallMap::new();
        for (name, value) in pairs {
            let key = heap.alloc(name).get_hashed().map_err(|e| anyhow::anyhow!("{e}"))?;
            content.insert_hashed(key, heap.alloc(value));
        }
        Ok(heap.alloc(Dict::new(content)))
    }

    /// The node's children, text and comments included.
    fn contents<'v>(this: &SoupNode, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        let children: Vec<NodeId> = this
            .document
            .with(|html| node(html, this.id).children().map(|c| c.id()).collect());
        Ok(heap.alloc(AllocList(children.into_iter().map(|id| this.at(id)))))
    }

    /// The first child element named `tagName`, or `None`.
    fn child<'v>(
        this: &SoupNode,
        #[starlark(require = pos)] tag_name: &str,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        Ok(this.step(heap, |html| {
            node(html, this.id)
                .children()
                .find(|c| c.value().as_element().is_some_and(|e| e.name() == tag_name))
                .map(|c| c.id())
        }))
    }

    /// The node's parent (the document, above the top element), or `None`.
    fn parent<'v>(this: &SoupNode, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        Ok(this.step(heap, |html| node(html, this.id).parent().map(|p| p.id())))
    }

    /// The node after this one (text included), or `None`.
    fn next_sibling<'v>(this: &SoupNode, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        Ok(this.step(heap, |html| node(html, this.id).next_sibling().map(|s| s.id())))
    }

    /// The node before this one (text included), or `None`.
    fn prev_sibling<'v>(this: &SoupNode, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        Ok(this.step(heap, |html| node(html, this.id).prev_sibling().map(|s| s.id())))
    }

    /// The first text directly in the node that is not all blanks, or `""`.
    fn get_text(this: &SoupNode) -> anyhow::Result<String> {
        Ok(this.document.with(|html| {
            node(html, this.id)
                .children()
                .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                .find(|t| !t.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')))
                .unwrap_or_default()
        }))
    }
}
