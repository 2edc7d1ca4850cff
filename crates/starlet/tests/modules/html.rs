//! `html.star`: the test of Pixlet's library (starlib's `html/testdata/
//! test.star`), every assertion, and goquery's rules where apps meet them.

use crate::support::passes;

const PAGE: &str = r##"
htmlstr = """
<!DOCTYPE html>
<html>
<head>
  <title>example page</title>
</head>
<body id="A" class="le_body">
  <header id="B">Header Tag</header>
  <section id="C">
    <div id="D" class="le_div">
      <h1 id="E" data-name="foo">Heading One</h1>
      <p id="F" class="paragraph">Paragraph</p>
    </div>
  </section>
  <footer id="G">
    <a id="H" href="http://foo.com">link</a>
  </footer>
</body>
</html>
"""
"##;

#[test]
fn starlibs_html_test_passes() {
    passes(&format!(
        r##"
load('html.star', 'html')
load('assert.star', asserts = 'assert')
{PAGE}
doc = html(htmlstr)

asserts.eq(doc.children().text(), "\n  example page\n\n\n  Header Tag\n  \n    \n      Heading One\n      Paragraph\n    \n  \n  \n    link\n  \n\n\n")
asserts.eq(doc.find("#E").text(), "Heading One")
asserts.eq(doc.find("body header").text(), "Header Tag")
asserts.eq(doc.find("#F").text(), "Paragraph")
asserts.eq(doc.find("#E").attr("data-name"), "foo")
asserts.eq(doc.contents().text(), "\n  example page\n\n\n  Header Tag\n  \n    \n      Heading One\n      Paragraph\n    \n  \n  \n    link\n  \n\n\n")
asserts.eq(doc.find("footer").children().attr("href"), "http://foo.com")
asserts.eq(doc.find("#D").children_filtered("#E").attr("data-name"), "foo")
asserts.eq(doc.find("#D").children().filter("h1").attr("data-name"), "foo")
asserts.eq(doc.has("#B").find("header").text(), "Header Tag")
asserts.eq(doc.find("#A").children().first().text(), "Header Tag")
asserts.eq(doc.find("#A").children().last().text(), "\n    link\n  ")
asserts.eq(doc.find("#A").children().eq(0).text(), "Header Tag")
asserts.eq(doc.find("#A").children().len(), 3)

p = doc.find("p")
asserts.eq(p.parent().attr("class"), "le_div")
asserts.eq(p.parents_until("body").attr("class"), "le_div")
asserts.eq(p.siblings().text(), "Heading One")
asserts.eq(p.get(), ("p",))
asserts.eq(p.get(0), "p")
asserts.eq(p.is_selector("p"), True)
"##
    ));
}

#[test]
fn selections_follow_goquerys_rules() {
    passes(&format!(
        r##"
load('html.star', 'html')
load('assert.star', asserts = 'assert')
{PAGE}
def p_ancestors(doc):
    return list(doc.find("p").parents_until("nothing").get())

doc = html(htmlstr)
asserts.eq(doc.find("[data-name='foo']").attr("id"), "E")
asserts.eq(doc.find("section > div > p.paragraph").text(), "Paragraph")
asserts.eq(doc.find("#D > h1:first-child").text(), "Heading One")
asserts.eq(doc.find("*[id]").len(), 8)
asserts.eq(doc.find("h1, p").get(), ("h1", "p"))
asserts.eq(doc.find("#E").attr("nope"), None)
asserts.eq(doc.find("nothing").attr("id"), None)
asserts.eq(doc.find("nothing").text(), "")
asserts.eq(doc.find("nothing").len(), 0)
asserts.eq(doc.find("p").eq(-1).text(), "Paragraph")
asserts.eq(doc.find("p").eq(5).len(), 0)
asserts.eq(doc.find("p").get(3), None)
asserts.eq(doc.find("h1, p").get(-1), "p")
asserts.eq(doc.find("h1, p").parent().len(), 1)
asserts.eq(p_ancestors(doc), ["div", "section", "body", "html"])
asserts.eq(doc.find("#D").contents().len(), 5)
asserts.eq(doc.find("#D").contents().get(0), "\n      ")
asserts.eq(doc.find("[[invalid").len(), 0)
asserts.eq(doc.find("p").is_selector("[[invalid"), False)
asserts.eq(doc.find("div").has("h1").len(), 1)
asserts.eq(doc.find("div").has("footer").len(), 0)
asserts.eq(doc.children().get(), ("html",))
asserts.eq(type(doc), "Selection")
"##
    ));
}

#[test]
fn pages_are_parsed_as_browsers_parse_them() {
    passes(
        r##"
load('html.star', 'html')
load('assert.star', asserts = 'assert')
doc = html("<p>one<p>two &amp; <b>three</table>")
asserts.eq(doc.find("p").len(), 2)
asserts.eq(doc.find("p").last().text(), "two & three")
asserts.eq(doc.find("body").children().get(), ("p", "p"))
script = html('<script id="__NEXT_DATA__">{"a": "<b>"}</script>')
asserts.eq(script.find("script#__NEXT_DATA__").text(), '{"a": "<b>"}')
asserts.eq(html(b"<i>bytes</i>").find("i").text(), "bytes")
"##,
    );
}
