//! `http.star` against an in-memory web: Pixlet's starlarkhttp and
//! httpcache tests, the request each argument builds, responses (text,
//! bytes, JSON), the cache and its bounds, and the errors apps see.

use starlet::net::Body;

use crate::fake_web::FakeWeb;

const HELLO: &str = r#"{"hello":"world"}"#;

fn hello_web() -> std::sync::Arc<FakeWeb> {
    let web = FakeWeb::new();
    let headers = [
        ("Date", "Mon, 01 Jun 2000 00:00:00 GMT"),
        ("Content-Length", "17"),
        ("Content-Type", "text/plain; charset=utf-8"),
    ];
    web.route("http://test.local/", 200, &headers, HELLO);
    web.route("http://test.local/?a=b&c=d", 200, &headers, HELLO);
    web
}

/// Pixlet's starlarkhttp `testdata/test.star`. The URL comes back with the
/// path `/` a bare host stands for, and the headers say the cache missed,
/// as Pixlet's own cache says.
#[test]
fn pixlets_module_test_passes() {
    let web = hello_web();
    web.passes(
        r#"
load("assert.star", asserts = "assert")
load("http.star", "http")

url = "http://test.local"
res_1 = http.get(url, params = {"a": "b", "c": "d"})
asserts.eq(res_1.url, url + "/?a=b&c=d")
asserts.eq(res_1.status_code, 200)
asserts.eq(res_1.body(), '{"hello":"world"}')
asserts.eq(res_1.json(), {"hello": "world"})
asserts.eq(res_1.headers, {
    "Date": "Mon, 01 Jun 2000 00:00:00 GMT",
    "Content-Length": "17",
    "Content-Type": "text/plain; charset=utf-8",
    "Tidbyt-Cache-Status": "MISS",
})

res_2 = http.get(url)
asserts.eq(res_2.json()["hello"], "world")

headers = {"foo": "bar"}
http.post(url, json_body = {"a": "b", "c": "d"}, headers = headers)
http.post(url, form_body = {"a": "b", "c": "d"})
"#,
    );
    let sent = web.sent();
    assert_eq!(sent.len(), 4);
    let json = &sent[2];
    assert_eq!(json.method, "POST");
    assert_eq!(json.body, Body::Bytes(br#"{"a":"b","c":"d"}"#.to_vec()));
    assert!(json.headers.contains(&("foo".into(), "bar".into())));
    assert!(
        json.headers
            .contains(&("Content-Type".into(), "application/json".into()))
    );
    let form = &sent[3];
    assert_eq!(form.body, Body::Bytes(b"a=b&c=d".to_vec()));
    assert!(
        form.headers
            .contains(&("Content-Type".into(), "application/x-www-form-urlencoded".into()))
    );
}

/// Pixlet's `TestSetBody` cases, and the order it reads bodies in.
#[test]
fn bodies_are_built_as_pixlet_builds_them() {
    let web = FakeWeb::new();
    web.passes(
        r#"
load("http.star", "http")
u = "http://test.local/body"
http.put(u, body = "hallo")
http.put(u, form_body = {"foo": "bar baz"})
http.put(u, form_body = {"foo": "bar baz", "x": "1"}, form_encoding = "multipart/form-data")
http.put(u, json_body = (True, 1, "der"))
http.put(u, body = "wins", json_body = {"a": 1}, form_body = {"b": "2"})
http.put(u, json_body = {"a": 1}, form_body = {"b": "2"})
http.put(u, json_body = None)
http.put(u, body = b"\x89PNG")
http.put(u, json_body = {"z": 2.0, "a": [0.5, "<&>"], "m": {"k": None}})
"#,
    );
    let bodies: Vec<Body> = web.sent().into_iter().map(|r| r.body).collect();
    let bytes = |b: &[u8]| Body::Bytes(b.to_vec());
    assert_eq!(bodies[0], bytes(b"hallo"));
    assert_eq!(bodies[1], bytes(b"foo=bar+baz"));
    assert_eq!(
        bodies[2],
        Body::Multipart(vec![("foo".into(), "bar baz".into()), ("x".into(), "1".into())])
    );
    assert_eq!(bodies[3], bytes(br#"[true,1,"der"]"#));
    assert_eq!(bodies[4], bytes(b"wins"));
    assert_eq!(bodies[5], bytes(b"b=2"), "a form replaces a JSON body");
    assert_eq!(bodies[6], bytes(b"null"));
    assert_eq!(bodies[7], bytes(b"\x89PNG"));
    assert_eq!(
        bodies[8],
        bytes(br#"{"a":[0.5,"\u003c\u0026\u003e"],"m":{"k":null},"z":2}"#)
    );
    let form_then_json = &web.sent()[5];
    assert!(
        form_then_json
            .headers
            .contains(&("Content-Type".into(), "application/json".into())),
        "the JSON type stays: {:?}",
        form_then_json.headers
    );
}

#[test]
fn params_headers_and_auth_go_into_the_request() {
    let web = FakeWeb::new();
    web.passes(
        r#"
load("http.star", "http")
http.get("http://192.168.1.20:8123/api/states?z=1&b=old", params = {"b": "new", "a": "x y"},
         headers = {"Authorization": "Bearer t", "X-Quote": "\"foo'"})
http.get("https://example.com/secure", auth = ("user", "pass"), headers = {"Authorization": "lost"})
http.delete("http://test.local/item/7")
http.options("http://test.local/item/7")
http.patch("http://test.local/item/7", json_body = {"done": True})
"#,
    );
    let sent = web.sent();
    assert_eq!(sent[0].url, "http://192.168.1.20:8123/api/states?a=x+y&b=new&z=1");
    assert_eq!(
        sent[0].headers,
        vec![
            ("Authorization".into(), "Bearer t".into()),
            ("X-Quote".into(), "\"foo'".into())
        ]
    );
    assert_eq!(
        sent[1].headers,
        vec![("Authorization".into(), "Basic dXNlcjpwYXNz".into())],
        "auth replaces an Authorization header"
    );
    let methods: Vec<&str> = sent.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(methods, ["GET", "GET", "DELETE", "OPTIONS", "PATCH"]);
    assert!(
        sent.iter()
            .all(|r| r.timeout > std::time::Duration::ZERO && r.timeout <= std::time::Duration::from_secs(5))
    );
    assert!(sent.iter().all(|r| r.max_body == 20 << 20));
}

#[test]
fn bodies_that_are_not_text_come_back_as_bytes() {
    let web = FakeWeb::new();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    web.route("http://test.local/logo.png", 200, &[("Content-Type", "image/png")], png);
    web.route("http://test.local/text", 200, &[], "héllo");
    web.passes(
        r#"
load("assert.star", asserts = "assert")
load("http.star", "http")
logo = http.get("http://test.local/logo.png").body()
asserts.eq(type(logo), "bytes")
asserts.eq(logo, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
asserts.eq(http.get("http://test.local/text").body(), "héllo")
"#,
    );
}

/// `json()` reads every number as a float, as Go's decoder does for
/// Pixlet; keys keep the document's order.
#[test]
fn json_numbers_are_floats_as_in_pixlet() {
    let web = FakeWeb::new();
    web.route(
        "http://test.local/weather",
        200,
        &[],
        r#"{"temp": 21, "wind": 3.5, "ok": true, "none": null, "list": [1, "a"], "big": 12345678901234567890}"#,
    );
    web.route("http://test.local/broken", 200, &[], "{nope");
    web.passes(
        r#"
load("assert.star", asserts = "assert")
load("http.star", "http")
data = http.get("http://test.local/weather").json()
asserts.eq(data["temp"], 21.0)
asserts.eq(type(data["temp"]), "float")
asserts.eq(str(data["temp"]), "21.0")
asserts.eq(data["wind"], 3.5)
asserts.eq(data["ok"], True)
asserts.eq(data["none"], None)
asserts.eq(data["list"], [1.0, "a"])
asserts.eq(data["big"], 12345678901234567890.0)
asserts.eq(list(data.keys()), ["temp", "wind", "ok", "none", "list", "big"])
"#,
    );
    web.fails_with(
        "load('http.star', 'http')\nhttp.get('http://test.local/broken').json()\n",
        "json():",
    );
}

/// Pixlet's `testdata/httpcache.star`, and `TestCacheClientRoundTripCachesResponses`:
/// the second request is answered from the cache, the network asked once.
#[test]
fn pixlets_cache_test_passes() {
    let web = FakeWeb::new();
    web.route("https://example.com/", 200, &[], r#"{"ok":true}"#);
    web.passes(
        r#"
load("assert.star", asserts = "assert")
load("http.star", "http")

resp = http.get(url = "https://example.com", ttl_seconds = 60)
asserts.eq(resp.headers.get("Tidbyt-Cache-Status"), "MISS")
resp = http.get(url = "https://example.com", ttl_seconds = 3)
asserts.eq(resp.headers.get("Tidbyt-Cache-Status"), "HIT")
resp = http.post(url = "https://example.com", ttl_seconds = 0)
asserts.eq(resp.headers.get("Tidbyt-Cache-Status"), "MISS")
resp = http.post(url = "https://example.com", ttl_seconds = 60)
asserts.eq(resp.headers.get("Tidbyt-Cache-Status"), "HIT")
resp = http.post(url = "https://example.com", ttl_seconds = 60)
asserts.eq(resp.headers.get("Tidbyt-Cache-Status"), "HIT")
"#,
    );
    let methods: Vec<String> = web.sent().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["GET", "POST"], "the network was asked once for each");
}

#[test]
fn the_cache_outlives_a_render_and_is_keyed_by_request_and_app() {
    use crate::common::TestApp;
    let web = FakeWeb::new();
    web.route("http://test.local/n", 200, &[("Cache-Control", "max-age=600")], "1");
    let source = r#"
load("http.star", "http")
load("render.star", "render")
def main():
    http.get("http://test.local/n")
    http.get("http://test.local/n", headers = {"Accept": "text/plain"})
    http.put("http://test.local/n")
    http.put("http://test.local/n")
    return []
"#;
    let app = TestApp::new(source);
    let applet = starlet::Applet::load(app.path(), &web.options()).unwrap();
    for _ in 0..3 {
        applet.render(&Default::default(), &web.options()).unwrap();
    }
    let sent = web.sent();
    let gets = sent.iter().filter(|r| r.method == "GET").count();
    let puts = sent.iter().filter(|r| r.method == "PUT").count();
    assert_eq!(gets, 2, "two different requests, each kept for its max-age");
    assert_eq!(puts, 6, "PUT is never cached");
    let other = TestApp::new(source);
    starlet::Applet::load(other.path(), &web.options())
        .unwrap()
        .render(&Default::default(), &web.options())
        .unwrap();
    assert_eq!(
        web.sent().iter().filter(|r| r.method == "GET").count(),
        4,
        "another app has its own entries"
    );
}

/// Pixlet keeps even a failure for 5 seconds, so a retry within a render
/// does not hit a failing server again.
#[test]
fn a_server_error_is_a_response_and_is_kept_briefly() {
    let web = FakeWeb::new();
    web.route("http://test.local/down", 500, &[], "oops");
    web.passes(
        r#"
load("assert.star", asserts = "assert")
load("http.star", "http")
r = http.get("http://test.local/down", ttl_seconds = 3600)
asserts.eq(r.status_code, 500)
asserts.eq(r.status, "500 Internal Server Error")
asserts.eq(r.body(), "oops")
asserts.eq(http.get("http://test.local/down").headers["Tidbyt-Cache-Status"], "HIT")
missing = http.get("http://test.local/nothing-here")
asserts.eq(missing.status, "404 Not Found")
"#,
    );
    assert_eq!(web.sent().len(), 2);
}

#[test]
fn responses_show_status_encoding_and_url() {
    let web = FakeWeb::new();
    web.route(
        "http://test.local/chunked",
        201,
        &[("transfer-encoding", "chunked"), ("x-count", "1"), ("X-Count", "2")],
        "",
    );
    web.passes(
        r#"
load("assert.star", asserts = "assert")
load("http.star", "http")
r = http.post("http://test.local/chunked")
asserts.eq(r.status_code, 201)
asserts.eq(r.status, "201 Created")
asserts.eq(r.encoding, "chunked")
asserts.eq(r.url, "http://test.local/chunked")
asserts.eq(r.headers, {"X-Count": "1,2", "Tidbyt-Cache-Status": "MISS"})
asserts.eq(dir(r), ["body", "encoding", "headers", "json", "status", "status_code", "url"])
"#,
    );
}

/// Pixlet's `TestStatusText`.
#[test]
fn status_texts_are_gos() {
    let web = FakeWeb::new();
    web.passes(
        r#"
load("assert.star", asserts = "assert")
load("http.star", "http")
asserts.eq(http.status_text(200), "OK")
asserts.eq(http.status_text(404), "Not Found")
asserts.eq(http.status_text(999), "")
asserts.eq(http.status_text(413), "Request Entity Too Large")
"#,
    );
    assert!(web.sent().is_empty());
}

#[test]
fn only_web_urls_are_fetched() {
    let web = FakeWeb::new();
    for url in ["file:///etc/passwd", "data:text/plain,hi", "ftp://example.com/f"] {
        web.fails_with(
            &format!("load('http.star', 'http')\nhttp.get({url:?})\n"),
            "unsupported protocol scheme",
        );
    }
    web.fails_with(
        "load('http.star', 'http')\nhttp.get('not a url')\n",
        "parse \"not a url\"",
    );
    web.fails_with("load('http.star', 'http')\nhttp.get(True)\n", "url");
    assert!(web.sent().is_empty(), "nothing was sent: {:?}", web.sent());
}

#[test]
fn network_failures_fail_the_app_naming_the_request() {
    let web = FakeWeb::new();
    web.fail("http://10.0.0.9/api", "connection refused");
    web.fails_with(
        "load('http.star', 'http')\nhttp.get('http://10.0.0.9/api')\n",
        "http.get: Get \"http://10.0.0.9/api\": connection refused",
    );
}

#[test]
fn a_body_over_the_size_limit_is_refused() {
    let web = FakeWeb::new();
    web.route("http://test.local/huge", 200, &[], vec![b'x'; (20 << 20) + 1]);
    web.route("http://test.local/fits", 200, &[], vec![b'x'; 20 << 20]);
    web.fails_with(
        "load('http.star', 'http')\nhttp.get('http://test.local/huge')\n",
        "the response is larger than 20 MiB, the most an app may fetch",
    );
    web.passes(
        "load('http.star', 'http')\nif len(http.get('http://test.local/fits').body()) != 20 << 20: fail('short')\n",
    );
}

#[test]
fn arguments_are_checked_as_pixlet_checks_them() {
    let web = FakeWeb::new();
    let get = |args: &str| format!("load('http.star', 'http')\nhttp.get('http://test.local/', {args})\n");
    web.fails_with(
        &get("params = {'limit': 10}"),
        "expected param value for key '\"limit\"' to be a string. got: 'int'",
    );
    web.fails_with(
        &get("headers = {'n': 1}"),
        "expected param value for key '\"n\"' to be a string. got: 'int'",
    );
    web.fails_with(&get("params = ['a']"), "for parameter params: got list, want dict");
    web.fails_with(
        &get("auth = ('only-user',)"),
        "expected two values for auth params tuple",
    );
    web.fails_with(&get("auth = ['u', 'p']"), "for parameter auth: got list, want tuple");
    web.fails_with(
        &get("form_body = {'a': 'b'}, form_encoding = 'text/csv'"),
        "unknown form encoding: text/csv",
    );
    web.fails_with(&get("json_body = {1: 'x'}"), "unsupported type");
    web.fails_with(&get("json_body = set([1])"), "unrecognized starlark type: set");
    web.fails_with(&get("ttl_seconds = 1.5"), "ttl_seconds");
    web.fails_with(&get("bogus = 1"), "bogus");
    assert!(web.sent().is_empty());
}

#[test]
fn without_a_network_http_fails_clearly() {
    crate::support::fails_with(
        "load('http.star', 'http')\nhttp.get('http://test.local/')\n",
        "no network: this host runs apps without network access",
    );
}

#[test]
fn a_render_cannot_send_more_than_a_hundred_requests() {
    let web = FakeWeb::new();
    web.fails_with(
        r#"
load("http.star", "http")
def main():
    for i in range(101):
        http.put("http://test.local/item/%d" % i)
    return []
"#,
        "already sent 100 requests",
    );
    assert_eq!(web.sent().len(), 100);
}
