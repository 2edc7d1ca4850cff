//! An XML document as Pixlet's XPath library (antchfx's `xmlquery`) sees
//! it, parsed by `roxmltree` and walked by `xpath-eval`.
//!
//! Two of that library's habits apps rely on are kept. Names match by the
//! prefix written in the document, without namespace declarations in the
//! query: `nhc:Cyclone` finds `<nhc:Cyclone>`, and `entry` finds an Atom
//! feed's `<entry>` although a default namespace is declared. And a node an
//! app got from `query_node` is the root of its own queries: `/title` on an
//! `<item>` finds the item's `<title>`.

use std::cmp::Ordering;

use xpath_eval::{EvaluationContext, ExpandedName, Node, NodeKind, Value};

/// Most nodes a document may have: far beyond any feed, and a bound on the
/// memory an app's XML can take.
const MAX_NODES: u32 = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Root,
    Element,
    Text,
    Comment,
    Instruction,
}

#[derive(Debug)]
struct Item {
    kind: Kind,
    parent: Option<usize>,
    children: Vec<usize>,
    /// An element's or instruction's prefix, as written.
    prefix: Option<String>,
    /// An element's local name, an instruction's target.
    name: String,
    /// A text's or comment's text, an instruction's value.
    text: String,
    attributes: Vec<Attribute>,
}

#[derive(Debug)]
struct Attribute {
    prefix: Option<String>,
    name: String,
    value: String,
}

/// A parsed document, its nodes in document order.
#[derive(Debug)]
pub struct Tree {
    items: Vec<Item>,
}

/// A node of a [`Tree`]: an item, or one of an element's attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    item: usize,
    attribute: Option<usize>,
}

impl Place {
    /// The document itself.
    pub const ROOT: Place = Place {
        item: 0,
        attribute: None,
    };
}

impl Tree {
    /// Parses `xml`, or says where it is not well-formed.
    pub fn parse(xml: &str) -> Result<Tree, String> {
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            nodes_limit: MAX_NODES,
            ..Default::default()
        };
        let document = roxmltree::Document::parse_with_options(xml, options).map_err(|e| e.to_string())?;
        let mut items: Vec<Item> = Vec::new();
        // Where each of roxmltree's nodes went in `items`, by its id.
        let mut index = vec![usize::MAX; document.descendants().count()];
        for node in document.root().descendants() {
            let parent = node.parent().map(|p| index[p.id().get_usize()]);
            index[node.id().get_usize()] = items.len();
            let mut item = Item {
                kind: Kind::Root,
                parent,
                children: Vec::new(),
                prefix: None,
                name: String::new(),
                text: String::new(),
                attributes: Vec::new(),
            };
            match node.node_type() {
                roxmltree::NodeType::Root => {}
                roxmltree::NodeType::Element => {
                    item.kind = Kind::Element;
                    let tag = node.tag_name();
                    item.name = tag.name().to_owned();
                    let written = xml.get(node.range()).and_then(|start| start.strip_prefix('<'));
                    item.prefix = prefix_of(written, tag.name()).unwrap_or_else(|| {
                        tag.namespace()
                            .and_then(|uri| node.lookup_prefix(uri))
                            .map(str::to_owned)
                    });
                    item.attributes = node
                        .attributes()
                        .map(|a| Attribute {
                            prefix: prefix_of(xml.get(a.range_qname()), a.name()).unwrap_or_else(|| {
                                a.namespace().and_then(|uri| node.lookup_prefix(uri)).map(str::to_owned)
                            }),
                            name: a.name().to_owned(),
                            value: a.value().to_owned(),
                        })
                        .collect();
                }
                roxmltree::NodeType::Text | roxmltree::NodeType::Comment => {
                    item.kind = if node.is_text() { Kind::Text } else { Kind::Comment };
                    item.text = node.text().unwrap_or("").to_owned();
                }
                roxmltree::NodeType::PI => {
                    item.kind = Kind::Instruction;
                    let pi = node.pi().expect("an instruction node");
                    item.name = pi.target.to_owned();
                    item.text = pi.value.unwrap_or("").to_owned();
                }
            }
            if let Some(parent) = parent {
                let next = items.len();
                items[parent].children.push(next);
            }
            items.push(item);
        }
        Ok(Tree { items })
    }

    /// The nodes `path` selects from `place`, which is the root its
    /// absolute paths start at; nothing for an expression whose value is
    /// not a node-set (a count, a string).
    pub fn select(&self, place: Place, path: &str) -> Result<Vec<Place>, String> {
        let expression = xpath_eval::parse(path).map_err(|e| e.to_string())?;
        let root = place.item;
        let node = Handle {
            tree: self,
            place,
            root,
        };
        let prefixes = |prefix: &str| Some(prefix.to_owned());
        let mut context = EvaluationContext::new(node);
        context.namespaces = Some(&prefixes);
        match xpath_eval::evaluate(&expression, &context).map_err(|e| e.to_string())? {
            Value::NodeSet(nodes) => Ok(nodes.into_iter().map(|n| n.place).collect()),
            _ => Ok(Vec::new()),
        }
    }

    /// The text of `place` as xmlquery's `InnerText` gives it: an element's
    /// (or the document's) text nodes in order, an attribute's value.
    pub fn text(&self, place: Place) -> String {
        let item = &self.items[place.item];
        if let Some(a) = place.attribute {
            return item.attributes[a].value.clone();
        }
        match item.kind {
            Kind::Root | Kind::Element => {
                let mut text = String::new();
                let mut pending = vec![place.item];
                while let Some(next) = pending.pop() {
                    let item = &self.items[next];
                    if item.kind == Kind::Text {
                        text.push_str(&item.text);
                    }
                    pending.extend(item.children.iter().rev());
                }
                text
            }
            Kind::Text | Kind::Comment | Kind::Instruction => item.text.clone(),
        }
    }
}

/// The prefix written before `local` at the start of `written` (`nhc` in
/// `nhc:Cyclone ...`, none in `title ...`), when the source shows the name
/// there; `None` when it does not (nodes an entity expanded), and then the
/// prefix their namespace has stands in.
fn prefix_of(written: Option<&str>, local: &str) -> Option<Option<String>> {
    let qname = written?
        .split(|c: char| c.is_whitespace() || c == '/' || c == '>' || c == '=')
        .next()?;
    match qname.split_once(':') {
        Some((prefix, name)) if name == local => Some(Some(prefix.to_owned())),
        None if qname == local => Some(None),
        _ => None,
    }
}

/// A node as `xpath-eval` walks it, with the item its paths start at.
#[derive(Clone, Copy)]
struct Handle<'a> {
    tree: &'a Tree,
    place: Place,
    root: usize,
}

impl PartialEq for Handle<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.place == other.place
    }
}

impl Eq for Handle<'_> {}

impl<'a> Handle<'a> {
    fn item(self) -> &'a Item {
        &self.tree.items[self.place.item]
    }

    fn at(self, item: usize, attribute: Option<usize>) -> Self {
        Handle {
            place: Place { item, attribute },
            ..self
        }
    }
}

impl<'a> Node<'a> for Handle<'a> {
    fn kind(self) -> NodeKind {
        if self.place.attribute.is_some() {
            return NodeKind::Attribute;
        }
        match self.item().kind {
            Kind::Root => NodeKind::Root,
            Kind::Element => NodeKind::Element,
            Kind::Text => NodeKind::Text,
            Kind::Comment => NodeKind::Comment,
            Kind::Instruction => NodeKind::ProcessingInstruction,
        }
    }

    fn parent(self) -> Option<Self> {
        if self.place.attribute.is_some() {
            return Some(self.at(self.place.item, None));
        }
        if self.place.item == self.root {
            return None;
        }
        self.item().parent.map(|p| self.at(p, None))
    }

    fn children(self) -> impl Iterator<Item = Self> + 'a {
        let children: &'a [usize] = match self.place.attribute {
            Some(_) => &[],
            None => &self.tree.items[self.place.item].children,
        };
        children.iter().map(move |&c| self.at(c, None))
    }

    fn attributes(self) -> impl Iterator<Item = Self> + 'a {
        let count = match self.place.attribute {
            Some(_) => 0,
            None => self.item().attributes.len(),
        };
        (0..count).map(move |a| self.at(self.place.item, Some(a)))
    }

    fn namespaces(self) -> impl Iterator<Item = Self> + 'a {
        std::iter::empty()
    }

    fn expanded_name(self) -> Option<ExpandedName> {
        let item = self.item();
        let (prefix, name) = match self.place.attribute {
            Some(a) => (&item.attributes[a].prefix, &item.attributes[a].name),
            None if matches!(item.kind, Kind::Element | Kind::Instruction) => (&item.prefix, &item.name),
            None => return None,
        };
        Some(ExpandedName {
            namespace_uri: prefix.clone(),
            local_name: name.clone(),
        })
    }

    fn has_expanded_name(self, namespace_uri: Option<&str>, local_name: &str) -> bool {
        let item = self.item();
        let (prefix, name) = match self.place.attribute {
            Some(a) => (&item.attributes[a].prefix, &item.attributes[a].name),
            None if matches!(item.kind, Kind::Element | Kind::Instruction) => (&item.prefix, &item.name),
            None => return false,
        };
        name == local_name && prefix.as_deref() == namespace_uri
    }

    fn string_value(self) -> String {
        self.tree.text(self.place)
    }

    fn document_order(self, other: Self) -> Ordering {
        let slot = |place: Place| place.attribute.map_or(0, |a| a + 1);
        (self.place.item, slot(self.place)).cmp(&(other.place.item, slot(other.place)))
    }
}
