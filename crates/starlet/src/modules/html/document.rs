//! A parsed HTML page, shared by `html.star` and `bsoup.star`: html5ever's
//! tree (through `scraper`), as Go's `html.Parse` builds it for Pixlet, and
//! the few things both modules ask of its nodes.

use std::sync::Arc;

use ego_tree::{NodeId, NodeRef};
use parking_lot::Mutex;
use scraper::{ElementRef, Html, Node, Selector};

/// A page. Its nodes are reached by id, under a lock: the parser's strings
/// may be shared between threads but not used from two at once.
pub struct Document {
    html: Mutex<Html>,
}

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Document")
    }
}

impl Document {
    /// `text` parsed as a whole page, as browsers (and Go) parse it: never
    /// an error, whatever the markup.
    pub fn parse(text: &str) -> Arc<Self> {
        Arc::new(Self {
            html: Mutex::new(Html::parse_document(text)),
        })
    }

    /// The document node.
    pub fn root(&self) -> NodeId {
        self.html.lock().tree.root().id()
    }

    /// Runs `f` on the page.
    pub fn with<T>(&self, f: impl FnOnce(&Html) -> T) -> T {
        f(&self.html.lock())
    }
}

/// The node `id` of `html`; ids only come from the same document.
pub fn node(html: &Html, id: NodeId) -> NodeRef<'_, Node> {
    html.tree.get(id).expect("a node of this document")
}

/// What Go's `html.Node.Data` holds: an element's tag name, a text's or a
/// comment's text, a doctype's name; nothing for the document.
pub fn data(node: NodeRef<'_, Node>) -> String {
    match node.value() {
        Node::Element(element) => element.name().to_owned(),
        Node::Text(text) => text.to_string(),
        Node::Comment(comment) => comment.to_string(),
        Node::Doctype(doctype) => doctype.name().to_owned(),
        Node::ProcessingInstruction(instruction) => instruction.to_string(),
        Node::Document | Node::Fragment => String::new(),
    }
}

/// The text of `node`'s text nodes and its descendants', in order.
pub fn text(node: NodeRef<'_, Node>) -> String {
    node.descendants()
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect()
}

/// `selector` compiled, or `None` when it is not valid CSS: like Pixlet's
/// libraries, an invalid selector matches nothing rather than failing.
pub fn selector(selector: &str) -> Option<Selector> {
    Selector::parse(selector).ok()
}

/// Whether `node` is an element `selector` matches.
pub fn matches(selector: &Option<Selector>, node: NodeRef<'_, Node>) -> bool {
    match (selector, ElementRef::wrap(node)) {
        (Some(selector), Some(element)) => selector.matches(&element),
        _ => false,
    }
}

/// `node` written back as HTML.
pub fn render(node: NodeRef<'_, Node>) -> String {
    match node.value() {
        Node::Element(_) => ElementRef::wrap(node).map(|e| e.html()).unwrap_or_default(),
        Node::Text(text) if in_raw_text(node) => text.to_string(),
        Node::Text(text) => escape(text),
        Node::Comment(comment) => format!("<!--{}-->", &**comment),
        Node::Doctype(doctype) => format!("<!DOCTYPE {}>", doctype.name()),
        Node::ProcessingInstruction(instruction) => format!("<?{}>", &**instruction),
        Node::Document | Node::Fragment => node.children().map(render).collect(),
    }
}

/// Whether a text node is the content of an element whose text is not
/// escaped (a script, a style sheet).
fn in_raw_text(node: NodeRef<'_, Node>) -> bool {
    const RAW: [&str; 8] = [
        "iframe",
        "noembed",
        "noframes",
        "noscript",
        "plaintext",
        "script",
        "style",
        "xmp",
    ];
    node.parent()
        .and_then(|p| p.value().as_element().map(|e| RAW.contains(&e.name())))
        .unwrap_or(false)
}

/// Text escaped as html5ever escapes it inside elements.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}
