//! `http.star`: `get`, `post`, `put`, `patch`, `delete` and `options`, each
//! taking `url` and, by name or in this order, `params`, `headers`, `body`,
//! `form_body`, `form_encoding`, `json_body`, `auth` and `ttl_seconds`; and
//! `status_text(code)`. Requests go through the render's
//! [`crate::net::Fetcher`]: Pixlet's cache, the host's network, the bounds
//! of one render.

mod go_json;
mod request;
mod response;
mod status;

use starlark::environment::GlobalsBuilder;
use starlark::eval::Evaluator;
use starlark::starlark_module;
use starlark::values::Value;

use request::{Call, Refused};
use response::HttpResponse;

use crate::runtime::context::RenderContext;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("http", http_members);
}

/// Sends the request `call` describes with `method`.
fn send<'v>(
    method: &str,
    call: Call<'v>,
    ttl_seconds: Option<i64>,
    eval: &mut Evaluator<'v, '_, '_>,
) -> anyhow::Result<Value<'v>> {
    let function = format!("http.{}", method.to_ascii_lowercase());
    // Network failures read as Go's (`Get "https://...": ...`), naming the call.
    let failed = |error: String| {
        let verb = format!("{}{}", &method[..1], method[1..].to_ascii_lowercase());
        anyhow::anyhow!("{function}: {verb} {:?}: {error}", call.url)
    };
    let request = request::build(method, &call).map_err(|refused| match refused {
        Refused::Url(error) => failed(error),
        Refused::Argument(error) => anyhow::anyhow!("{function}: {error}"),
    })?;
    let context = RenderContext::of(eval)?;
    let (response, cache) = context
        .fetcher
        .fetch(request, ttl_seconds.unwrap_or(0))
        .map_err(failed)?;
    Ok(eval.heap().alloc(HttpResponse::new(response, cache)))
}

#[starlark_module]
fn http_members(builder: &mut GlobalsBuilder) {
    /// `GET url`: the response, from the cache when it holds one.
    #[allow(clippy::too_many_arguments, reason = "Pixlet's nine parameters, plus the evaluator")]
    fn get<'v>(
        url: &'v str,
        params: Option<Value<'v>>,
        headers: Option<Value<'v>>,
        body: Option<Value<'v>>,
        form_body: Option<Value<'v>>,
        form_encoding: Option<&'v str>,
        json_body: Option<Value<'v>>,
        auth: Option<Value<'v>>,
        ttl_seconds: Option<i64>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> anyhow::Result<Value<'v>> {
        let call = Call {
            url,
            params,
            headers,
            body,
            form_body,
            form_encoding,
            json_body,
            auth,
        };
        send("GET", call, ttl_seconds, eval)
    }

    /// `POST url`; cached like `GET` (for 5 seconds unless `ttl_seconds`).
    #[allow(clippy::too_many_arguments, reason = "Pixlet's nine parameters, plus the evaluator")]
    fn post<'v>(
        url: &'v str,
        params: Option<Value<'v>>,
        headers: Option<Value<'v>>,
        body: Option<Value<'v>>,
        form_body: Option<Value<'v>>,
        form_encoding: Option<&'v str>,
        json_body: Option<Value<'v>>,
        auth: Option<Value<'v>>,
        ttl_seconds: Option<i64>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> anyhow::Result<Value<'v>> {
        let call = Call {
            url,
            params,
            headers,
            body,
            form_body,
            form_encoding,
            json_body,
            auth,
        };
        send("POST", call, ttl_seconds, eval)
    }

    /// `PUT url`, never cached.
    #[allow(clippy::too_many_arguments, reason = "Pixlet's nine parameters, plus the evaluator")]
    fn put<'v>(
        url: &'v str,
        params: Option<Value<'v>>,
        headers: Option<Value<'v>>,
        body: Option<Value<'v>>,
        form_body: Option<Value<'v>>,
        form_encoding: Option<&'v str>,
        json_body: Option<Value<'v>>,
        auth: Option<Value<'v>>,
        ttl_seconds: Option<i64>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> anyhow::Result<Value<'v>> {
        let call = Call {
            url,
            params,
            headers,
            body,
            form_body,
            form_encoding,
            json_body,
            auth,
        };
        send("PUT", call, ttl_seconds, eval)
    }

    /// `PATCH url`, never cached.
    #[allow(clippy::too_many_arguments, reason = "Pixlet's nine parameters, plus the evaluator")]
    fn patch<'v>(
        url: &'v str,
        params: Option<Value<'v>>,
        headers: Option<Value<'v>>,
        body: Option<Value<'v>>,
        form_body: Option<Value<'v>>,
        form_encoding: Option<&'v str>,
        json_body: Option<Value<'v>>,
        auth: Option<Value<'v>>,
        ttl_seconds: Option<i64>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> anyhow::Result<Value<'v>> {
        let call = Call {
            url,
            params,
            headers,
            body,
            form_body,
            form_encoding,
            json_body,
            auth,
        };
        send("PATCH", call, ttl_seconds, eval)
    }

    /// `DELETE url`, never cached.
    #[allow(clippy::too_many_arguments, reason = "Pixlet's nine parameters, plus the evaluator")]
    fn delete<'v>(
        url: &'v str,
        params: Option<Value<'v>>,
        headers: Option<Value<'v>>,
        body: Option<Value<'v>>,
        form_body: Option<Value<'v>>,
        form_encoding: Option<&'v str>,
        json_body: Option<Value<'v>>,
        auth: Option<Value<'v>>,
        ttl_seconds: Option<i64>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> anyhow::Result<Value<'v>> {
        let call = Call {
            url,
            params,
            headers,
            body,
            form_body,
            form_encoding,
            json_body,
            auth,
        };
        send("DELETE", call, ttl_seconds, eval)
    }

    /// `OPTIONS url`, never cached.
    #[allow(clippy::too_many_arguments, reason = "Pixlet's nine parameters, plus the evaluator")]
    fn options<'v>(
        url: &'v str,
        params: Option<Value<'v>>,
        headers: Option<Value<'v>>,
        body: Option<Value<'v>>,
        form_body: Option<Value<'v>>,
        form_encoding: Option<&'v str>,
        json_body: Option<Value<'v>>,
        auth: Option<Value<'v>>,
        ttl_seconds: Option<i64>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> anyhow::Result<Value<'v>> {
        let call = Call {
            url,
            params,
            headers,
            body,
            form_body,
            form_encoding,
            json_body,
            auth,
        };
        send("OPTIONS", call, ttl_seconds, eval)
    }

    /// Go's text for an HTTP status code (`"Not Found"` for 404); `""` for
    /// a code it does not know.
    fn status_text(code: i64) -> anyhow::Result<&'static str> {
        Ok(status::text(code))
    }
}
