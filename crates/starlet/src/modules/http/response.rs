//! What `http.get` and its siblings return: Pixlet's response, with `url`,
//! `status`, `status_code`, `headers`, `encoding`, `body()` and `json()`.

use std::fmt;
use std::sync::Arc;

use allocative::Allocative;
use starlark::any::ProvidesStaticType;
use starlark::collections::SmallMap;
use starlark::environment::{Methods, MethodsBuilder, MethodsStatic};
use starlark::values::dict::Dict;
use starlark::values::{Heap, NoSerialize, StarlarkValue, Value};
use starlark::{starlark_module, starlark_simple_value};
use starlark_derive::starlark_value;

use super::status;
use crate::modules::encoding::json_text;
use crate::net::{CacheStatus, Response};
use crate::values::bytes::alloc_data;

const FIELDS: [&str; 5] = ["url", "status", "status_code", "headers", "encoding"];

/// A response as apps see it.
#[derive(Debug, ProvidesStaticType, NoSerialize, Allocative)]
pub struct HttpResponse {
    #[allocative(skip)]
    response: Arc<Response>,
    #[allocative(skip)]
    cache: Option<CacheStatus>,
}

starlark_simple_value!(HttpResponse);

impl HttpResponse {
    pub fn new(response: Arc<Response>, cache: Option<CacheStatus>) -> Self {
        Self { response, cache }
    }

    /// The headers as Go gives them: names in canonical case, repeated
    /// headers joined with commas, `Transfer-Encoding` taken out (it is
    /// `encoding`), and whether the cache answered.
    fn headers(&self) -> Vec<(String, String)> {
        let mut headers: Vec<(String, String)> = Vec::new();
        for (name, value) in &self.response.headers {
            let name = canonical(name);
            if name == "Transfer-Encoding" {
                continue;
            }
            match headers.iter_mut().find(|(known, _)| *known == name) {
                Some((_, joined)) => {
                    joined.push(',');
                    joined.push_str(value);
                }
                None => headers.push((name, value.clone())),
            }
        }
        if let Some(cache) = self.cache {
            headers.push(("Tidbyt-Cache-Status".to_owned(), cache.as_str().to_owned()));
        }
        headers
    }

    fn encoding(&self) -> String {
        let codings: Vec<&str> = self
            .response
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("Transfer-Encoding"))
            .flat_map(|(_, value)| value.split(',').map(str::trim))
            .collect();
        codings.join(",")
    }
}

impl fmt::Display for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "<response {:?} {}>",
            self.response.url,
            status::line(self.response.status)
        )
    }
}

#[starlark_value(type = "Response")]
impl<'v> StarlarkValue<'v> for HttpResponse {
    fn get_attr(&self, attribute: &str, heap: Heap<'v>) -> Option<Value<'v>> {
        Some(match attribute {
            "url" => heap.alloc(self.response.url.as_str()),
            "status" => heap.alloc(status::line(self.response.status)),
            "status_code" => heap.alloc(i32::from(self.response.status)),
            "headers" => {
                let mut content = SmallMap::new();
                for (name, value) in self.headers() {
                    let key = heap.alloc(name).get_hashed().expect("strings hash");
                    content.insert_hashed(key, heap.alloc(value));
                }
                heap.alloc(Dict::new(content))
            }
            "encoding" => heap.alloc(self.encoding()),
            _ => return None,
        })
    }

    fn has_attr(&self, attribute: &str, _heap: Heap<'v>) -> bool {
        FIELDS.contains(&attribute)
    }

    fn dir_attr(&self) -> Vec<String> {
        FIELDS.iter().map(|f| f.to_string()).collect()
    }

    fn get_methods() -> Option<&'static Methods> {
        static METHODS: MethodsStatic = MethodsStatic::new("Response", response_methods);
        Some(METHODS.methods())
    }
}

#[starlark_module]
fn response_methods(builder: &mut MethodsBuilder) {
    /// The body: a string, or `bytes` when it is not UTF-8 text (a picture).
    fn body<'v>(this: &HttpResponse, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        Ok(alloc_data(heap, this.response.body.clone()))
    }

    /// The body read as JSON, every number a float as in Pixlet.
    fn json<'v>(this: &HttpResponse, heap: Heap<'v>) -> anyhow::Result<Value<'v>> {
        json_text::decode_floats(&this.response.body, heap).map_err(|e| anyhow::anyhow!("json(): {e}"))
    }
}

/// A header name in Go's canonical form (`content-type` becomes
/// `Content-Type`); a name with characters a header name cannot hold is
/// left as it is, as Go leaves it.
fn canonical(name: &str) -> String {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if !name.bytes().all(token) {
        return name.to_owned();
    }
    let mut upper = true;
    name.chars()
        .map(|c| {
            let out = if upper {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            };
            upper = c == '-';
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_canonical_as_in_go() {
        assert_eq!(canonical("content-type"), "Content-Type");
        assert_eq!(canonical("X-FORWARDED-FOR"), "X-Forwarded-For");
        assert_eq!(canonical("etag"), "Etag");
        assert_eq!(canonical("bad name"), "bad name");
    }

    #[test]
    fn repeated_headers_join_and_transfer_encoding_is_the_encoding() {
        let response = HttpResponse::new(
            Arc::new(Response {
                status: 200,
                headers: [
                    ("set-cookie", "a=1"),
                    ("transfer-encoding", "chunked"),
                    ("Set-Cookie", "b=2"),
                ]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
                url: "http://x/".into(),
                body: Vec::new(),
            }),
            Some(CacheStatus::Miss),
        );
        assert_eq!(
            response.headers(),
            vec![
                ("Set-Cookie".to_owned(), "a=1,b=2".to_owned()),
                ("Tidbyt-Cache-Status".to_owned(), "MISS".to_owned()),
            ]
        );
        assert_eq!(response.encoding(), "chunked");
    }
}
