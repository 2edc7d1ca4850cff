//! Turning an app's `http` call into a [`Request`], by Pixlet's rules:
//! `params` merged into the query (which is then sorted), `headers` added,
//! `auth` as Basic authorization, and the body from `body`, else
//! `json_body`, else `form_body` (URL-encoded or multipart).

use base64::Engine as _;
use starlark::values::Value;
use starlark::values::dict::DictRef;
use starlark::values::tuple::TupleRef;

use super::go_json;
use crate::net::{Body, Request, header, parse_url};
use crate::values::bytes::data_of;

const FORM_URLENCODED: &str = "application/x-www-form-urlencoded";
const FORM_MULTIPART: &str = "multipart/form-data";

/// An app's arguments to `http.get` and its siblings, as given.
pub struct Call<'v> {
    pub url: &'v str,
    pub params: Option<Value<'v>>,
    pub headers: Option<Value<'v>>,
    pub body: Option<Value<'v>>,
    pub form_body: Option<Value<'v>>,
    pub form_encoding: Option<&'v str>,
    pub json_body: Option<Value<'v>>,
    pub auth: Option<Value<'v>>,
}

/// Why a call could not become a request.
pub enum Refused {
    /// The URL cannot be fetched (said in Go's words, after the URL).
    Url(String),
    /// An argument is wrong.
    Argument(anyhow::Error),
}

impl From<anyhow::Error> for Refused {
    fn from(error: anyhow::Error) -> Self {
        Refused::Argument(error)
    }
}

/// The request `call` asks for with `method` (upper case); its timeout and
/// size limit are left for the fetcher to set.
pub fn build(method: &str, call: &Call) -> Result<Request, Refused> {
    let mut url = parse_url(call.url).map_err(Refused::Url)?;
    let params = entries(call.params, "params")?;
    if !params.is_empty() {
        set_query(&mut url, params);
    }
    let mut headers = entries(call.headers, "headers")?;
    if let Some(auth) = call.auth.filter(|a| !a.is_none()) {
        let (user, password) = credentials(auth)?;
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        set_header(&mut headers, "Authorization", format!("Basic {token}"));
    }
    let body = body(call, &mut headers)?;
    Ok(Request {
        method: method.to_owned(),
        url: url.into(),
        headers,
        body,
        timeout: Default::default(),
        max_body: 0,
    })
}

/// The body, setting the `Content-Type` the way Pixlet does: `body` wins
/// outright; `json_body` sets `application/json`; a non-empty `form_body`
/// then replaces the body, its type set only if none is yet.
fn body(call: &Call, headers: &mut Vec<(String, String)>) -> anyhow::Result<Body> {
    if let Some(body) = call.body.filter(|b| !b.is_none()) {
        let data = data_of(body)
            .ok_or_else(|| anyhow::anyhow!("for parameter body: got {}, want string or bytes", body.get_type()))?;
        if !data.is_empty() {
            return Ok(Body::Bytes(data.to_vec()));
        }
    }
    let mut result = Body::Empty;
    if let Some(json) = call.json_body {
        set_header(headers, "Content-Type", "application/json".to_owned());
        result = Body::Bytes(go_json::marshal(json)?.into_bytes());
    }
    let mut form = entries(call.form_body, "form_body")?;
    if form.is_empty() {
        return Ok(result);
    }
    form.sort_by(|a, b| a.0.cmp(&b.0));
    let (content_type, body) = match call.form_encoding.unwrap_or("") {
        "" | FORM_URLENCODED => {
            let encoded = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&form)
                .finish();
            (FORM_URLENCODED, Body::Bytes(encoded.into_bytes()))
        }
        FORM_MULTIPART => (FORM_MULTIPART, Body::Multipart(form)),
        other => anyhow::bail!("unknown form encoding: {other}"),
    };
    if content_type == FORM_URLENCODED && header(headers, "Content-Type").is_none() {
        headers.push(("Content-Type".to_owned(), content_type.to_owned()));
    }
    Ok(body)
}

/// Sets header `name`, replacing any value it had, as Go's `Header.Set`.
fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: String) {
    headers.retain(|(key, _)| !key.eq_ignore_ascii_case(name));
    headers.push((name.to_owned(), value));
}

/// `url` with `params` set in its query: each replaces the values its name
/// had, and the query is written sorted by name, as Go's `url.Values` does.
fn set_query(url: &mut url::Url, params: Vec<(String, String)>) {
    let mut query: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !params.iter().any(|(set, _)| set == name))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    query.extend(params);
    query.sort_by(|a, b| a.0.cmp(&b.0));
    url.query_pairs_mut().clear().extend_pairs(&query);
}

/// The string entries of a dict argument, in order; `None` is no entries.
fn entries(value: Option<Value>, param: &str) -> anyhow::Result<Vec<(String, String)>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    let dict = DictRef::from_value(value)
        .ok_or_else(|| anyhow::anyhow!("for parameter {param}: got {}, want dict", value.get_type()))?;
    dict.iter()
        .map(|(key, item)| {
            let name = key
                .unpack_str()
                .ok_or_else(|| anyhow::anyhow!("{param}: a key is {}, want string", key.get_type()))?;
            let text = item.unpack_str().ok_or_else(|| {
                anyhow::anyhow!(
                    "expected param value for key '{}' to be a string. got: '{}'",
                    key.to_repr(),
                    item.get_type()
                )
            })?;
            Ok((name.to_owned(), text.to_owned()))
        })
        .collect()
}

/// The user name and password of an `auth` tuple.
fn credentials(auth: Value) -> anyhow::Result<(String, String)> {
    let tuple = TupleRef::from_value(auth)
        .ok_or_else(|| anyhow::anyhow!("for parameter auth: got {}, want tuple", auth.get_type()))?;
    let [user, password] = tuple.content() else {
        anyhow::bail!("expected two values for auth params tuple");
    };
    let text = |value: &Value, what: &str| {
        value
            .unpack_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow::anyhow!("parsing auth {what} string: got {}", value.get_type()))
    };
    Ok((text(user, "username")?, text(password, "password")?))
}
