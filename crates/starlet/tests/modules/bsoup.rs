//! `bsoup.star`: the tests of Pixlet's library (starlib's `bsoup_test.go`),
//! each checking what the node prints as with its blanks taken out, as they
//! do, and the habits of Go's `soup` that library keeps.

use crate::support::{fails_with, passes};

const PAGE: &str = r#"
PAGE = """<html>
  <head>
    <title>Sample page</title>
  </head>
  <body>
    <div id="header">header</div>
    <div id="content">
      <ul>
        <li>one</li>
        <li>two</li>
        <li>
          <b>three</b>
        </li>
      </ul>
    </div>
    <div class="footer">
      <span id="abc" style="color:red;">foot</span>
    </div>
  </body>
</html>"""

def squeeze(x):
    return str(x).replace(" ", "").replace("\n", "")
"#;

/// Runs `script` (which sets `result` from `doc`) on the test page and
/// checks what `result` prints as, blanks removed.
fn expect(script: &str, want: &str) {
    let lines = passes(&format!(
        "load('bsoup.star', 'bsoup')\n{PAGE}\ndoc = bsoup.parseHtml(PAGE)\n{script}\nprint(squeeze(result))\n"
    ));
    assert_eq!(lines, [want], "{script}");
}

#[test]
fn find_by_tag_name() {
    expect(
        r#"result = doc.find("ul")"#,
        "<ul><li>one</li><li>two</li><li><b>three</b></li></ul>",
    );
}

#[test]
fn child_by_tag_name() {
    expect(r#"result = doc.find("ul").child("li")"#, "<li>one</li>");
}

#[test]
fn children() {
    expect(
        r#"result = doc.find("ul").contents()"#,
        "[,<li>one</li>,,<li>two</li>,,<li><b>three</b></li>,]",
    );
}

#[test]
fn parent() {
    expect(r#"result = doc.find("b").parent()"#, "<li><b>three</b></li>");
}

#[test]
fn find_by_tag_name_and_dict() {
    expect(
        r#"result = doc.find("div", {"class": "footer"})"#,
        r#"<divclass="footer"><spanid="abc"style="color:red;">foot</span></div>"#,
    );
}

#[test]
fn find_only_dict() {
    expect(
        r#"result = doc.find("", {"class": "footer"})"#,
        r#"<divclass="footer"><spanid="abc"style="color:red;">foot</span></div>"#,
    );
}

#[test]
fn find_only_dict_using_id() {
    expect(
        r#"result = doc.find("", {"id": "content"})"#,
        r#"<divid="content"><ul><li>one</li><li>two</li><li><b>three</b></li></ul></div>"#,
    );
}

#[test]
fn find_keyword_for_attribute() {
    expect(
        r#"result = doc.find("", id="content")"#,
        r#"<divid="content"><ul><li>one</li><li>two</li><li><b>three</b></li></ul></div>"#,
    );
}

#[test]
fn find_keyword_without_tagname() {
    expect(
        r#"result = doc.find(id="content")"#,
        r#"<divid="content"><ul><li>one</li><li>two</li><li><b>three</b></li></ul></div>"#,
    );
}

#[test]
fn next_sibling() {
    expect(
        r#"result = doc.find(id="content").next_sibling().next_sibling()"#,
        r#"<divclass="footer"><spanid="abc"style="color:red;">foot</span></div>"#,
    );
}

#[test]
fn prev_sibling() {
    expect(
        r#"result = doc.find(id="content").prev_sibling().prev_sibling()"#,
        r#"<divid="header">header</div>"#,
    );
}

#[test]
fn attrs() {
    expect(
        r#"result = doc.find("span").attrs()"#,
        r#"{"id":"abc","style":"color:red;"}"#,
    );
}

#[test]
fn soups_habits_are_kept() {
    passes(&format!(
        r#"
load('assert.star', asserts = 'assert')
load('bsoup.star', 'bsoup')
{PAGE}
doc = bsoup.parseHtml(PAGE)
asserts.eq(type(doc), "SoupNode")
asserts.eq(doc.child("head").child("title").get_text(), "Sample page")
asserts.eq(doc.find("li").get_text(), "one")
asserts.eq(doc.find_all("li")[2].get_text(), "")
asserts.eq([li.get_text() for li in doc.find_all("li")], ["one", "two", ""])
asserts.eq(len(doc.find_all("div")), 3)
asserts.eq(doc.find("div", {{"class": "footer", "id": "x"}}), None)
asserts.eq(doc.find("missing"), None)
asserts.eq(doc.find_all("missing"), [])
asserts.eq(doc.find("div").find_all("one"), [])
asserts.eq(len(doc.find("ul").find_all("one")), 1)
asserts.eq(doc.find("title").attrs(), {{}})
asserts.eq(doc.child("nothing"), None)
asserts.eq(doc.parent().parent(), None)
asserts.eq(doc.find("title").next_sibling().next_sibling(), None)
asserts.eq(squeeze(doc.find("ul").find("li").next_sibling()), "")
asserts.eq(bsoup.parseHtml('<div class="a  b c">x</div>').find("div", class_ = "b"), None)
asserts.eq(bsoup.parseHtml('<div class="a  b c">x</div>').find("div", {{"class": "b"}}).get_text(), "x")
asserts.eq(str(bsoup.parseHtml("<p>a &amp; b</p>").find("p")), "<p>a &amp; b</p>")
"#
    ));
    fails_with(
        "load('bsoup.star', 'bsoup')\nbsoup.parseHtml('<p>').find('p', 'div')\n",
        "only one tagName parameter is allowed, found div",
    );
    fails_with(
        "load('bsoup.star', 'bsoup')\nbsoup.parseHtml('<p>').find(1)\n",
        "invalid parameter 1",
    );
}
