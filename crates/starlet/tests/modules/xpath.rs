//! `xpath.star`: Pixlet's `TestXPath`, its documented example, and the
//! habits of its XPath library that community apps' feeds rely on.

use crate::support::{fails_with, passes};

/// Pixlet's `xpath_test.go`, every assertion.
#[test]
fn pixlets_xpath_test_passes() {
    passes(
        r#"
load("xpath.star", "xpath")

xml = """
<foo>
   <bar>1337</bar>
   <bar>4711</bar>
   <baz>
      <qux>999</qux>
      <qux>888</qux>
   </baz>
   <baz>
      <qux>777</qux>
   </baz>
</foo>
"""

d = xpath.loads(xml)

t = d.query("/foo/bar")
if t != "1337":
    fail(t)

t = d.query_all("/foo/bar")
if len(t) != 2:
    fail(len(t))
if t[0] != "1337":
    fail(t[0])
if t[1] != "4711":
    fail(t[1])

t = d.query("/foo/doesntexist")
if t != None:
    fail(t)

t = d.query_all("/foo/doesntexist")
if len(t) != 0:
    fail(t)

n = d.query_node("/foo/baz")
t = n.query("/qux")
if t != "999":
    fail(t)

n = d.query_all_nodes("/foo/baz")
if len(n) != 2:
    fail(len(n))
t = n[0].query_all("/qux")
if len(t) != 2:
    fail(len(t))
if t[0] != "999":
    fail(t[0])
if t[1] != "888":
    fail(t[1])
t = n[1].query_all("/qux")
if len(t) != 1:
    fail(len(t))
if t[0] != "777":
    fail(t[0])
"#,
    );
}

/// The example of Pixlet's module reference.
#[test]
fn the_documented_example_gets_the_bars_both_ways() {
    passes(
        r#"
load("assert.star", asserts = "assert")
load("xpath.star", "xpath")

doc = """
<foo>
    <bar>bar</bar>
    <bar>baz</bar>
</foo>
"""

x = xpath.loads(doc)
asserts.eq(x.query_all("/foo/bar"), ["bar", "baz"])
foo = x.query_node("/foo")
asserts.eq(foo.query_all("/bar"), ["bar", "baz"])
asserts.eq(str(foo), "XPath(...)")
asserts.eq(type(foo), "XPath")
"#,
    );
}

const FEED: &str = r#"
feed = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:nhc="https://www.nhc.noaa.gov" xmlns:media="http://search.yahoo.com/mrss/">
  <channel>
    <title>Storms &amp; more</title>
    <item>
      <title>Alpha</title>
      <nhc:Cyclone><nhc:wind>45 mph</nhc:wind></nhc:Cyclone>
      <media:content url="http://img/a.png"/>
      <enclosure url="http://a.mp3" length="1"/>
      <time from="2026-01-01T06:00:00"><location><temperature value="3.5"/></location></time>
    </item>
    <item>
      <title><![CDATA[Beta <b>bold</b>]]></title>
      <time from="2026-01-01T12:00:00"><location><temperature value="7"/></location></time>
    </item>
  </channel>
</rss>
"""
"#;

/// Names match by the prefix written in the document, with no namespace
/// declarations in the query, and a node is the root of its own queries.
#[test]
fn feeds_query_as_in_pixlet() {
    passes(&format!(
        r#"
load("assert.star", asserts = "assert")
load("xpath.star", "xpath")
{FEED}
x = xpath.loads(feed)
asserts.eq(x.query("/rss/channel/title"), "Storms & more")
asserts.eq(x.query("/rss/channel/item[1]/nhc:Cyclone/nhc:wind"), "45 mph")
asserts.eq(x.query("//Cyclone"), None)
asserts.eq(x.query_all("//item/title"), ["Alpha", "Beta <b>bold</b>"])
asserts.eq(x.query("//item[2]/title"), "Beta <b>bold</b>")
asserts.eq(x.query("count(//item)"), None)

items = x.query_all_nodes("//rss/channel/item")
asserts.eq(len(items), 2)
asserts.eq(items[0].query("/title"), "Alpha")
asserts.eq(items[0].query("title"), "Alpha")
asserts.eq(items[0].query("/media:content/@url"), "http://img/a.png")
asserts.eq(items[0].query("/enclosure/@url"), "http://a.mp3")
asserts.eq(items[1].query("/enclosure/@url"), None)

times = x.query_all_nodes("//time")
asserts.eq([t.query("@from") for t in times], ["2026-01-01T06:00:00", "2026-01-01T12:00:00"])
asserts.eq(times[1].query("location/temperature/@value"), "7")
asserts.eq(times[0].query("//temperature/@value"), "3.5")
asserts.eq(x.query_node("//nothing"), None)
asserts.eq(x.query_all_nodes("//nothing"), [])
"#
    ));
}

/// An Atom feed declares a default namespace; its names still match
/// without a prefix, as in Pixlet.
#[test]
fn a_default_namespace_does_not_hide_names() {
    passes(
        r#"
load("assert.star", asserts = "assert")
load("xpath.star", "xpath")
x = xpath.loads('<feed xmlns="http://www.w3.org/2005/Atom"><updated>2026-12-01</updated><entry><title>One</title></entry><entry><title>Two</title></entry></feed>')
asserts.eq(x.query("/feed/updated"), "2026-12-01")
asserts.eq(x.query_all("/feed/entry/title"), ["One", "Two"])
asserts.eq([e.query("/title") for e in x.query_all_nodes("//entry")], ["One", "Two"])
asserts.eq(x.query("//entry[last()]/title/text()"), "Two")
asserts.eq(x.query("//title[text()='Two']/../title"), "Two")
asserts.eq(x.query_all("//entry/title[contains(., 'n')]"), ["One"])
"#,
    );
}

#[test]
fn bad_documents_and_queries_are_errors() {
    fails_with(
        "load('xpath.star', 'xpath')\nxpath.loads('<a><b></a>')\n",
        "parsing XML:",
    );
    fails_with(
        "load('xpath.star', 'xpath')\nxpath.loads('<a/>').query('/a[')\n",
        "query: querying \"/a[\"",
    );
    fails_with(
        "load('xpath.star', 'xpath')\nxpath.loads(1)\n",
        "loads: for parameter xml: got int",
    );
}

/// Elements an entity of the document's own DTD brings in are queried like
/// the others, and an entity cannot make the document explode.
#[test]
fn entities_expand_within_bounds() {
    passes(
        r#"
load("assert.star", asserts = "assert")
load("xpath.star", "xpath")
doc = xpath.loads('<!DOCTYPE r [<!ENTITY e "<x:b xmlns:x=\'urn:x\'>in</x:b>">]><r xmlns:x="urn:x">&e;<x:b>out</x:b></r>')
asserts.eq(doc.query_all("//x:b"), ["in", "out"])
"#,
    );
    let mut laughs = String::from("<!DOCTYPE l [<!ENTITY l0 \"lol\">");
    for i in 1..10 {
        laughs += &format!("<!ENTITY l{i} \"{}\">", format!("&l{};", i - 1).repeat(10));
    }
    laughs += "]><l>&l9;</l>";
    fails_with(
        &format!("load('xpath.star', 'xpath')\nxpath.loads({laughs:?})\n"),
        "parsing XML:",
    );
}
