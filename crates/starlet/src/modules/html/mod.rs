//! `html.star`: `html(markup)` parses a page and gives a selection of its
//! document node, with the jQuery-like methods of Pixlet's library (starlib
//! over goquery): `find`, `children`, `children_filtered`, `contents`,
//! `filter`, `has`, `is_selector`, `parent`, `parents_until`, `siblings`,
//! `first`, `last`, `eq`, `len`, `get`, `text` and `attr`.
//!
//! As in goquery, results keep the order the selection's nodes give them
//! (each node's matches in document order) without repeats, and an invalid
//! selector matches nothing.

pub mod document;

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use allocative::Allocative;
use ego_tree::NodeId;
use scraper::Html;
use starlark::any::ProvidesStaticType;
use starlark::environment::{GlobalsBuilder, Methods, MethodsBuilder, MethodsStatic};
use starlark::values::none::NoneOr;
use starlark::values::tuple::AllocTuple;
use starlark::values::tuple::UnpackTuple;
use starlark::values::{Heap, NoSerialize, StarlarkValue, Value};
use starlark::{starlark_module, starlark_simple_value};
use starlark_derive::starlark_value;

use document::{Document, data, matches, node, text};

use crate::values::bytes::data_arg;

#[starlark_module]
pub fn members(builder: &mut GlobalsBuilder) {
    /// The page `body` (text or UTF-8 bytes) parsed, as a selection of its
    /// document node.
    fn html<'v>(body: Value<'v>) -> anyhow::Result<Selection> {
        let data = data_arg(body, "html", "body")?;
        let document = Document::parse(&String::from_utf8_lossy(data));
        let root = document.root();
        Ok(Selection {
            document,
            nodes: vec![root],
        })
    }
}

/// Nodes of one page, in the order goquery keeps them.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct Selection {
    #[allocative(skip)]
    document: Arc<Document>,
    #[allocative(skip)]
    nodes: Vec<NodeId>,
}

starlark_simple_value!(Selection);

impl Selection {
    /// A selection of the same page.
    fn of(&self, nodes: Vec<NodeId>) -> Selection {
        Selection {
            document: self.document.clone(),
            nodes,
        }
    }

    /// For each node, the nodes `each` gives, without repeats.
    fn map(&self, each: impl Fn(&Html, NodeId, &mut Vec<NodeId>)) -> Selection {
        let nodes = self.document.with(|html| {
            let mut found = Vec::new();
            let mut seen = HashSet::new();
            for &id in &self.nodes {
                let mut more = Vec::new();
                each(html, id, &mut more);
                found.extend(more.into_iter().filter(|&id| seen.insert(id)));
            }
            found
        });
        self.of(nodes)
    }

    /// The nodes for which `keep` holds.
    fn keep(&self, keep: impl Fn(&Html, NodeId) -> bool) -> Selection {
        let nodes = self
            .document
            .with(|html| self.nodes.iter().copied().filter(|&id| keep(html, id)).collect());
        self.of(nodes)
    }

    /// The node at `index`, counting from the end when negative.
    fn index(&self, index: i64) -> Option<NodeId> {
        let len = self.nodes.len() as i64;
        let index = if index < 0 { index + len } else { index };
        usize::try_from(index).ok().and_then(|i| self.nodes.get(i).copied())
    }
}

impl fmt::Display for Selection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<selection of {} nodes>", self.nodes.len())
    }
}

#[starlark_value(type = "Selection")]
impl<'v> StarlarkValue<'v> for Selection {
    fn get_methods() -> Option<&'static Methods> {
        static METHODS: MethodsStatic = MethodsStatic::new("Selection", selection_methods);
        Some(METHODS.methods())
    }
}

#[starlark_module]
fn selection_methods(builder: &mut MethodsBuilder) {
    /// The value of attribute `name` of the first node, or `None`.
    fn attr<'v>(this: &Selection, #[starlark(require = pos)] name: &str) -> anyhow::Result<NoneOr<String>> {
        Ok(NoneOr::from_option(this.nodes.first().and_then(|&id| {
            this.document.with(|html| {
                node(html, id)
                    .value()
                    .as_element()
                    .and_then(|e| e.attr(name).map(str::to_owned))
            })
        })))
    }

    /// Each node's child elements.
    fn children(this: &Selection) -> anyhow::Result<Selection> {
        Ok(this.map(|html, id, out| {
            out.extend(
                node(html, id)
                    .children()
                    .filter(|c| c.value().is_element())
                    .map(|c| c.id()),
            );
        }))
    }

    /// Each node's child elements that `selector` matches.
    fn children_filtered(this: &Selection, #[starlark(require = pos)] selector: &str) -> anyhow::Result<Selection> {
        let selector = document::selector(selector);
        Ok(this.map(|html, id, out| {
            out.extend(
                node(html, id)
                    .children()
                    .filter(|&c| matches(&selector, c))
                    .map(|c| c.id()),
            );
        }))
    }

    /// Each node's children, text and comments included.
    fn contents(this: &Selection) -> anyhow::Result<Selection> {
        Ok(this.map(|html, id, out| out.extend(node(html, id).children().map(|c| c.id()))))
    }

    /// The elements under each node that `selector` matches.
    fn find(this: &Selection, #[starlark(require = pos)] selector: &str) -> anyhow::Result<Selection> {
        let selector = document::selector(selector);
        Ok(this.map(|html, id, out| {
            let below = node(html, id).descendants().skip(1);
            out.extend(below.filter(|&d| matches(&selector, d)).map(|d| d.id()));
        }))
    }

    /// The nodes `selector` matches.
    fn filter(this: &Selection, #[starlark(require = pos)] selector: &str) -> anyhow::Result<Selection> {
        let selector = document::selector(selector);
        Ok(this.keep(|html, id| matches(&selector, node(html, id))))
    }

    /// The nodes with an element under them that `selector` matches.
    fn has(this: &Selection, #[starlark(require = pos)] selector: &str) -> anyhow::Result<Selection> {
        let selector = document::selector(selector);
        Ok(this.keep(|html, id| node(html, id).descendants().skip(1).any(|d| matches(&selector, d))))
    }

    /// Whether `selector` matches any of the nodes.
    fn is_selector(this: &Selection, #[starlark(require = pos)] selector: &str) -> anyhow::Result<bool> {
        let selector = document::selector(selector);
        Ok(this
            .document
            .with(|html| this.nodes.iter().any(|&id| matches(&selector, node(html, id)))))
    }

    /// Each node's parent element.
    fn parent(this: &Selection) -> anyhow::Result<Selection> {
        Ok(this.map(|html, id, out| {
            out.extend(
                node(html, id)
                    .parent()
                    .filter(|p| p.value().is_element())
                    .map(|p| p.id()),
            );
        }))
    }

    /// Each node's ancestor elements, nearest first, up to (not including)
    /// the first one `selector` matches.
    fn parents_until(this: &Selection, #[starlark(require = pos)] selector: &str) -> anyhow::Result<Selection> {
        let selector = document::selector(selector);
        Ok(this.map(|html, id, out| {
            for ancestor in node(html, id).ancestors() {
                if matches(&selector, ancestor) {
                    break;
                }
                if ancestor.value().is_element() {
                    out.push(ancestor.id());
                }
            }
        }))
    }

    /// Each node's sibling elements.
    fn siblings(this: &Selection) -> anyhow::Result<Selection> {
        Ok(this.map(|html, id, out| {
            if let Some(parent) = node(html, id).parent() {
                let others = parent.children().filter(|s| s.id() != id && s.value().is_element());
                out.extend(others.map(|s| s.id()));
            }
        }))
    }

    /// The text of the nodes and everything under them.
    fn text(this: &Selection) -> anyhow::Result<String> {
        Ok(this
            .document
            .with(|html| this.nodes.iter().map(|&id| text(node(html, id))).collect()))
    }

    /// The first node.
    fn first(this: &Selection) -> anyhow::Result<Selection> {
        Ok(this.of(this.index(0).into_iter().collect()))
    }

    /// The last node.
    fn last(this: &Selection) -> anyhow::Result<Selection> {
        Ok(this.of(this.index(-1).into_iter().collect()))
    }

    /// The node at `i`, counting from the end when negative.
    fn eq(this: &Selection, #[starlark(require = pos)] i: i64) -> anyhow::Result<Selection> {
        Ok(this.of(this.index(i).into_iter().collect()))
    }

    /// How many nodes there are.
    fn len(this: &Selection) -> anyhow::Result<i64> {
        Ok(this.nodes.len() as i64)
    }

    /// With an int `i`: the tag name (or text) of the node at `i`, `None`
    /// past the end. Otherwise: a tuple of every node's.
    fn get<'v>(
        this: &Selection,
        #[starlark(args)] args: UnpackTuple<Value<'v>>,
        heap: Heap<'v>,
    ) -> anyhow::Result<Value<'v>> {
        let index = match args.items.as_slice() {
            [i] => i.unpack_i32(),
            _ => None,
        };
        Ok(match index {
            Some(i) if i64::from(i) >= this.nodes.len() as i64 => Value::new_none(),
            Some(i) => match this.index(i.into()) {
                Some(id) => heap.alloc(this.document.with(|html| data(node(html, id)))),
                None => Value::new_none(),
            },
            None => {
                let names: Vec<String> = this
                    .document
                    .with(|html| this.nodes.iter().map(|&id| data(node(html, id))).collect());
                heap.alloc(AllocTuple(names))
            }
        })
    }
}
