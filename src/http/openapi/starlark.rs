//! The community app routes of the OpenAPI document: the library under
//! `/api/starlark/apps`, installations under `/api/starlark/installations`,
//! and an installation's schema handler under `/api/apps/{name}`.

use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{RefOr, Required};

use super::{COMMAND, COMMAND_WITH_BODY, FOREIGN_ORIGIN, NAME_NOT_UTF8, OUT_OF_FILES, Op, Refusal, binary_content};
use crate::http::starlark::library::{DEFAULT_LIMIT, LibraryAppView};
use crate::manager::installations::{INTERVAL_MINUTES, InstallationView};
use crate::manager::views::InstallationsView;
use crate::starlark::library::{MAX_APPS, Scan};

const UNKNOWN_LIBRARY_APP: Refusal = (404, "No app of the library has this id.");
const UNKNOWN_INSTALLATION: Refusal = (404, "No installation has this name.");
const APP_FAILED: Refusal = (422, "The app's own code failed; `error` has its message.");
const BUSY: Refusal = (
    503,
    "The app workers are all busy, or the server is out of file descriptors.",
);
const CONFLICT: Refusal = (
    409,
    "The name is another app's, as many apps as may be installed are, or the app is installed or not an upload.",
);

pub(super) fn operations() -> Vec<Op> {
    vec![
        Op::get("/api/starlark/apps", "listLibrary")
            .summary("A page of the app library, sorted by id; `q` keeps the apps whose name, id, summary, author, category or tags hold every word")
            .library_query()
            .reply_with(object("`apps` (the page), `total` (matching apps), `offset`, `limit`"))
            .refuses(&[(400, "`offset` or `limit` is not a whole number in range."), OUT_OF_FILES]),
        Op::post("/api/starlark/apps/rescan", "rescanLibrary")
            .summary("Reads --apps-dir and the uploads again; any body is ignored")
            .reply::<Scan>()
            .refuses(COMMAND),
        Op::get("/api/starlark/apps/{id}", "libraryApp")
            .summary("One app of the library, with its manifest and its installations")
            .app_id()
            .reply::<LibraryAppView>()
            .refuses(&[UNKNOWN_LIBRARY_APP, OUT_OF_FILES]),
        Op::put("/api/starlark/apps/{id}", "uploadApp")
            .summary("Stores an app of one's own: a .star file, or a zip of its folder, once it unpacks safely and loads")
            .app_id()
            .upload_body()
            .reply::<LibraryAppView>()
            .refuses(&[
                (400, "The upload is not an app, leaves its folder, unpacks too big, or does not load; `error` says which."),
                UNKNOWN_LIBRARY_APP,
                CONFLICT,
                FOREIGN_ORIGIN,
                (413, "The body is larger than `--max-app-upload` bytes."),
                BUSY,
            ]),
        Op::delete("/api/starlark/apps/{id}", "deleteApp")
            .summary("Deletes an uploaded app that is not installed")
            .app_id()
            .reply_with(object("`success` and the `app` deleted"))
            .refuses(&[UNKNOWN_LIBRARY_APP, CONFLICT, FOREIGN_ORIGIN, OUT_OF_FILES]),
        Op::get("/api/starlark/apps/{id}/schema", "libraryAppSchema")
            .summary("The app's schema as Pixlet writes it (`null` without get_schema()), and the fields this board cannot offer")
            .app_id()
            .reply_with(object("`app`, `schema` (Pixlet's JSON) and `unsupported` (field id to reason)"))
            .refuses(&[UNKNOWN_LIBRARY_APP, APP_FAILED, BUSY]),
        Op::post("/api/starlark/apps/{id}/schema/handler", "libraryAppHandler")
            .summary("Calls a schema handler (typeahead, location-based, generated) before the app is installed")
            .app_id()
            .body(handler_body())
            .reply_with(handler_reply())
            .refuses(COMMAND_WITH_BODY)
            .refuses(&[UNKNOWN_LIBRARY_APP, APP_FAILED, BUSY]),
        Op::get("/api/starlark/apps/{id}/preview", "libraryAppPreview")
            .summary("A WebP of the app: the preview it ships, else a render with its defaults")
            .app_id()
            .webp()
            .refuses(&[UNKNOWN_LIBRARY_APP, APP_FAILED, BUSY]),
        Op::get("/api/starlark/installations", "listInstallations")
            .summary("Every installed community app and pushed picture, with what its last render gave")
            .reply::<InstallationsView>()
            .refuses(&[OUT_OF_FILES]),
        Op::post("/api/starlark/installations", "install")
            .summary("Installs a library app under a name of its own, its config checked against the app's schema")
            .body(install_body())
            .reply_with(object("`success` and the new `installation`"))
            .refuses(COMMAND_WITH_BODY)
            .refuses(&[UNKNOWN_LIBRARY_APP, CONFLICT, APP_FAILED]),
        Op::get("/api/starlark/installations/{name}", "installation")
            .summary("One installation and what its last render gave")
            .app_name()
            .reply::<InstallationView>()
            .refuses(&[NAME_NOT_UTF8, UNKNOWN_INSTALLATION, OUT_OF_FILES]),
        Op::post("/api/starlark/installations/{name}", "updateInstallation")
            .summary("Sets how often it renders; its config goes to /api/apps/{name}/config")
            .app_name()
            .body(interval_body())
            .reply_with(object("`success` and the `installation`"))
            .refuses(COMMAND_WITH_BODY)
            .refuses(&[UNKNOWN_INSTALLATION]),
        Op::delete("/api/starlark/installations/{name}", "uninstall")
            .summary("Removes an installation or a pushed picture")
            .app_name()
            .reply_with(object("`success` and the `installation` removed"))
            .refuses(&[NAME_NOT_UTF8, UNKNOWN_INSTALLATION, FOREIGN_ORIGIN, OUT_OF_FILES]),
        Op::post("/api/starlark/installations/{name}/render", "renderNow")
            .summary("Renders the installation again now; any body is ignored")
            .app_name()
            .reply_with(object("`success` and the `installation`"))
            .refuses(COMMAND)
            .refuses(&[NAME_NOT_UTF8, UNKNOWN_INSTALLATION, OUT_OF_FILES]),
        Op::post("/api/apps/{name}/schema/handler", "appSchemaHandler")
            .summary("Calls a schema handler of an installed community app, with its config under what was typed")
            .app_name()
            .body(handler_body())
            .reply_with(handler_reply())
            .refuses(COMMAND_WITH_BODY)
            .refuses(&[UNKNOWN_INSTALLATION, APP_FAILED, BUSY]),
    ]
}

impl Op {
    /// The `{id}` of a library app's path: its folder's name.
    fn app_id(self) -> Self {
        let schema = ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^[A-Za-z0-9_-]{1,64}$"))
            .examples(["fuzzyclock"]);
        let id = ParameterBuilder::new()
            .name("id")
            .parameter_in(ParameterIn::Path)
            .required(Required::True)
            .description(Some("A library app's id, as `GET /api/starlark/apps` lists them."))
            .schema(Some(schema));
        self.map(|operation| operation.parameter(id))
    }

    /// `?q=&offset=&limit=` of the library's listing.
    fn library_query(self) -> Self {
        let number = |name: &str, default: usize, description: &str| {
            let schema = ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(0))
                .maximum(Some(MAX_APPS as f64))
                .default(Some(default.into()));
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(description))
                .schema(Some(schema))
        };
        let query = ParameterBuilder::new()
            .name("q")
            .parameter_in(ParameterIn::Query)
            .required(Required::False)
            .description(Some("Words every listed app holds, in any case."))
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)));
        self.map(|operation| {
            operation
                .parameter(query)
                .parameter(number("offset", 0, "How many matching apps to skip."))
                .parameter(number("limit", DEFAULT_LIMIT, "How many apps to list at most."))
        })
    }

    fn upload_body(self) -> Self {
        let body = ["application/zip", "text/plain", "application/octet-stream"]
            .iter()
            .fold(
                RequestBodyBuilder::new().required(Some(Required::True)),
                |body, media_type| body.content(*media_type, binary_content(media_type)),
            )
            .description(Some(
                "A .star file, or a zip of the app's folder; told apart by its bytes, not its `Content-Type`.",
            ))
            .build();
        self.map(|operation| operation.request_body(Some(body)))
    }

    fn webp(self) -> Self {
        let reply = utoipa::openapi::ResponseBuilder::new()
            .description("A WebP image, not cached.")
            .content("image/webp", binary_content("image/webp"));
        self.map(|operation| operation.response("200", reply))
    }
}

fn object(description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(description))
        .into()
}

fn string(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
}

fn config(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(ObjectBuilder::new().schema_type(Type::String)))
        .description(Some(description))
}

fn interval() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(super::nullable(Type::Integer))
        .minimum(Some(*INTERVAL_MINUTES.start()))
        .maximum(Some(*INTERVAL_MINUTES.end()))
        .description(Some(
            "Minutes between renders; `null` for the app's recommended interval.",
        ))
}

fn install_body() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("app", string("The library app's id."))
        .required("app")
        .property(
            "name",
            string("The installation's name: 1 to 32 of A-Z a-z 0-9 _ -, no other app's.")
                .pattern(Some("^[A-Za-z0-9_-]{1,32}$")),
        )
        .required("name")
        .property(
            "config",
            config("Values by field id, as strings; checked against the app's schema."),
        )
        .property("interval", interval())
        .into()
}

fn interval_body() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("interval", interval())
        .required("interval")
        .into()
}

fn handler_body() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("handler", string("The handler a schema field names."))
        .required("handler")
        .property("parameter", string("What the person typed or chose."))
        .property("config", config("The config filled in so far."))
        .into()
}

fn handler_reply() -> RefOr<Schema> {
    object("`app`, `handler`, `kind` (`options`, `schema` or `string`) and `result`")
}
