//! The OpenAPI 3.1 document of the REST API, served at `GET /api/openapi.json`.
//!
//! Replies are described by the types the handlers serialise (their
//! `ToSchema` derives, here and in [`crate::manager::views`]), so a field
//! added to one of them reaches the document by itself. Request bodies are
//! read by hand-written rules in [`super::bodies`], so their schemas are
//! written out here from the same constants and the app registry. Which
//! routes exist, what each reads and every status it can answer is the list
//! in `operations`: `tests/openapi.rs` holds it against the router, and the
//! schema-driven fuzz run in `tests/python` holds the server to it.

use axum::Json;
use axum::extract::State;
use serde_json::json;
use utoipa::ToSchema;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathItem, PathsBuilder, Ref, RefOr,
    Required, ResponseBuilder,
};

mod awtrix;

use super::AppState;
use super::night::NightReply;
use super::panel::{DEFAULT_SCALE, SCALES};
use crate::apps::schema::Schema as ConfigSchema;
use crate::content::{MAX_FRAGMENTS, MAX_TEXT_CHARS, SCROLL_SPEED_RANGE};
use crate::icons::IconInfo;
use crate::manager::custom::{MAX_BATCH, MAX_CUSTOM_APPS, MAX_LIFETIME, MAX_NAME_LENGTH};
use crate::manager::night::NightView;
use crate::manager::notifications::{MAX_REPEAT, MAX_WAITING};
use crate::manager::schedule::DAYS;
use crate::manager::state::{CarouselEntry, DURATION_RANGE, MAX_BRIGHTNESS, MAX_CAROUSEL_ENTRIES};
use crate::manager::views::{AppsList, CarouselView, CurrentApp, NotificationView, Settings};
use crate::mqtt::status::Snapshot as MqttSnapshot;
use crate::output::OutputStatus;
use crate::render::transition::{DURATION_MS as TRANSITION_MS, Kind};
use crate::render::{PanelHealth, Transition};
use replies::{
    AppDone, CarouselSaved, Done, Error, Fonts, Health, IconDeleted, IconList, ImageDeleted, ImageList, NightSaved,
    Outputs, SavedConfig, TransitionSaved,
};

mod starlark;

/// The app names a path may carry. Looser than the registry on purpose (an
/// unknown name is a 404, not a malformed request), but no wider than names
/// that survive a URL unchanged.
const APP_NAME_PATTERN: &str = "^[A-Za-z0-9_-]{1,64}$";

/// Built on each request, from the apps this server has now (the registry's
/// and the custom ones): it takes well under a millisecond and is asked for rarely.
pub async fn document(State(state): State<AppState>) -> Json<OpenApi> {
    let apps = state.manager.view(AppsList::of).apps;
    Json(describe(&apps.iter().map(String::as_str).collect::<Vec<_>>()))
}

/// The whole document; `apps` are the names a body may start or schedule.
fn describe(apps: &[&str]) -> OpenApi {
    let mut paths = PathsBuilder::new();
    let mut schemas = Vec::new();
    collect::<Error>(&mut schemas);
    for op in operations(apps).into_iter().chain(starlark::operations()) {
        // Health stays open to monitors whatever `--auth-token` guards.
        let op = if op.path == "/api/health" {
            op
        } else {
            op.refuses(&[UNAUTHORIZED])
        };
        paths = paths.path(op.path, PathItem::new(op.method, op.operation.build()));
        schemas.extend(op.schemas);
    }
    let components = ComponentsBuilder::new()
        .schemas_from_iter(schemas)
        .response(
            "MethodNotAllowed",
            error_reply("A method the path does not list; every path answers it with 405."),
        )
        .build();
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("RetroBoard REST API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Every error is a JSON object `{\"error\": \"...\"}`. A method a path does not \
                     list answers 405 and a path not listed here answers 404, both in the same form.",
                ))
                .build(),
        )
        .paths(paths.build())
        .components(Some(components))
        .build()
}

/// `T`'s schema and those it refers to, under their own names. A schema named
/// twice is kept once.
fn collect<T: ToSchema>(schemas: &mut Vec<(String, RefOr<Schema>)>) {
    T::schemas(schemas);
    schemas.push((T::name().into_owned(), T::schema()));
}

/// A status an operation can answer with an error, and when.
type Refusal = (u16, &'static str);

const MALFORMED_BODY: Refusal = (
    400,
    "The body is not a JSON object sent as `application/json`, or a key breaks a rule; `error` names which.",
);
const FOREIGN_ORIGIN: Refusal = (
    403,
    "The request comes from a web page whose `Origin` is not allowed by `--cors-origin`.",
);
const TOO_LARGE: Refusal = (413, "The body is larger than `--max-payload` bytes.");
const TOO_SLOW: Refusal = (
    408,
    "The body did not arrive whole within `--body-read-timeout` of the request's headers; the connection is closed.",
);
const STORE_UNAVAILABLE: Refusal = (
    503,
    "The change could not be stored: in cluster mode the shared state store cannot be reached, \
     or too many changes raced; or the server is out of file descriptors.",
);
const OUT_OF_FILES: Refusal = (503, "The server is out of file descriptors.");
const LIBRARY_UNAVAILABLE: Refusal = (
    503,
    "In cluster mode the shared library in Redis cannot be reached; nothing was changed. Or the \
     server is out of file descriptors.",
);
const UNAUTHORIZED: Refusal = (
    401,
    "The server runs with `--auth-token` and the request lacks `Authorization: Bearer <token>` \
     (a command always needs it, a read only with `--auth-reads`).",
);
const UNKNOWN_APP: Refusal = (404, "No app has this name.");
const UNKNOWN_ICON: Refusal = (404, "No icon has this name.");
const UNKNOWN_PICTURE: Refusal = (404, "No picture has this name.");
const NAME_NOT_UTF8: Refusal = (400, "The name is not valid UTF-8 once percent-decoded.");
const FILE_ERROR: Refusal = (
    500,
    "The stored file could not be read, written or removed; `error` says why.",
);

/// What a command shares: it may be refused for where it comes from, or for the store.
const COMMAND: &[Refusal] = &[FOREIGN_ORIGIN, STORE_UNAVAILABLE];
/// What a command with a body adds to that.
const COMMAND_WITH_BODY: &[Refusal] = &[MALFORMED_BODY, FOREIGN_ORIGIN, TOO_SLOW, TOO_LARGE, STORE_UNAVAILABLE];

/// Every route of [`super::api`].
fn operations(apps: &[&str]) -> Vec<Op> {
    let patch = config_patch();
    let mut operations = vec![
        Op::get("/api/health", "health")
            .summary("Whether the server is up, whether the panel is being drawn, and which app runs")
            .reply::<Health>()
            .refuses(&[(
                503,
                "The panel is stalled: the render loop panicked and waits to be started again, or \
                 its frames are long overdue, so the panel shows a frozen picture. `error` says so, \
                 beside the fields of the 200 reply with `status` and `panel` `stalled`. Or the \
                 server is out of file descriptors.",
            )]),
        Op::get("/api/apps", "listApps")
            .summary("The apps that can run, and the one that does")
            .reply::<AppsList>()
            .refuses(&[OUT_OF_FILES]),
        Op::get("/api/current", "currentApp")
            .summary("The running app and its effective config")
            .reply::<CurrentApp>()
            .refuses(&[OUT_OF_FILES]),
        Op::post("/api/switch", "switchApp")
            .summary("Starts an app, merging `config` into its saved config first")
            .body(switch_body(apps))
            .reply::<AppDone>()
            .refuses(COMMAND_WITH_BODY)
            .refuses(&[(404, "No app has the name in `app`.")]),
        Op::post("/api/stop", "stop")
            .summary("Stops the running app; any body is ignored")
            .reply::<Done>()
            .refuses(COMMAND),
        Op::post("/api/nextapp", "nextApp")
            .summary("Shows the next carousel entry while the carousel rotates, else the next app; any body is ignored")
            .reply::<Done>()
            .refuses(COMMAND),
        Op::post("/api/previousapp", "previousApp")
            .summary("Shows the previous carousel entry while the carousel rotates, else the previous app; any body is ignored")
            .reply::<Done>()
            .refuses(COMMAND),
        Op::post("/api/config", "configureRunning")
            .summary("Merges keys into the running app's config, live and saved")
            .body(patch.clone())
            .reply::<Done>()
            .refuses(COMMAND_WITH_BODY)
            .refuses(&[(409, "No app is running.")]),
        Op::get("/api/apps/{name}/config", "savedConfig")
            .summary("An app's config with every default filled in")
            .app_name()
            .reply::<SavedConfig>()
            .refuses(&[NAME_NOT_UTF8, UNKNOWN_APP, OUT_OF_FILES]),
        Op::post("/api/apps/{name}/config", "configureApp")
            .summary("Merges keys into an app's saved config; live if it runs")
            .app_name()
            .body(patch)
            .reply::<AppDone>()
            .refuses(COMMAND_WITH_BODY)
            .refuses(&[UNKNOWN_APP]),
        Op::get("/api/apps/{name}/schema", "appSchema")
            .summary("The keys an app's config takes, their types, ranges and defaults")
            .app_name()
            .reply::<ConfigSchema>()
            .refuses(&[NAME_NOT_UTF8, UNKNOWN_APP, OUT_OF_FILES]),
        Op::get("/api/settings", "settings")
            .summary("Display-wide settings")
            .reply::<Settings>()
            .refuses(&[OUT_OF_FILES]),
        Op::post("/api/settings", "updateSettings")
            .summary("Sets the brightness")
            .body(settings_body())
            .reply::<Done>()
            .refuses(COMMAND_WITH_BODY),
        Op::get("/api/carousel", "carousel")
            .summary("The rotation of apps and where it stands")
            .reply::<CarouselView>()
            .refuses(&[OUT_OF_FILES]),
        Op::post("/api/carousel", "updateCarousel")
            .summary("Turns the rotation on or off, or gives it a new list")
            .body(carousel_body(apps))
            .reply::<CarouselSaved>()
            .refuses(COMMAND_WITH_BODY)
            .refuses(&[(404, "An entry names no app.")]),
        Op::get("/api/night", "night")
            .summary("Night mode: its settings, whether it is on now, and the time zone")
            .reply::<NightReply>()
            .refuses(&[OUT_OF_FILES]),
        Op::post("/api/night", "updateNight")
            .summary("Changes any of the night mode settings; the rest keep their values")
            .body(night_body(apps))
            .reply::<NightSaved>()
            .refuses(COMMAND_WITH_BODY),
        Op::get("/api/transition", "transition")
            .summary("How a new app takes over from the one before")
            .reply::<Transition>()
            .refuses(&[OUT_OF_FILES]),
        Op::post("/api/transition", "updateTransition")
            .summary("Sets the transition's kind, its duration, or both")
            .body(transition_body())
            .reply::<TransitionSaved>()
            .refuses(COMMAND_WITH_BODY),
        Op::get("/api/fonts", "fonts")
            .summary("The fonts a `font` config key accepts")
            .reply::<Fonts>()
            .refuses(&[OUT_OF_FILES]),
        Op::get("/api/frame.png", "framePng")
            .summary("The frame on the panel now, each LED a `scale` x `scale` square")
            .scale()
            .png()
            .refuses(&[
                (
                    400,
                    "`scale` is not an integer in range, or the picture would have more than 2097152 pixels (2048 x 1024) on this panel; `error` says the largest scale it may have.",
                ),
                (
                    503,
                    "As many pictures as may be are being encoded and none finished within 2 s; try again shortly. Or the server is out of file descriptors.",
                ),
            ]),
        Op::get("/api/displays", "displays")
            .summary("The health of each output besides the virtual panel")
            .reply::<Outputs>()
            .refuses(&[OUT_OF_FILES]),
        Op::get("/api/mqtt", "mqtt")
            .summary("Whether the board is on its MQTT broker, since when, and the last error")
            .reply::<MqttSnapshot>()
            .refuses(&[(404, "MQTT is off: the server runs without `--mqtt-url`."), OUT_OF_FILES]),
        Op::get("/api/icons", "listIcons")
            .summary("Every icon: the built-in ones and those uploaded")
            .reply::<IconList>()
            .refuses(&[OUT_OF_FILES]),
        Op::get("/api/icons/{name}", "iconFile")
            .summary("An icon's image: an upload as it came, a built-in icon as a PNG")
            .icon_name()
            .image()
            .refuses(&[NAME_NOT_UTF8, UNKNOWN_ICON, FILE_ERROR, OUT_OF_FILES]),
        Op::put("/api/icons/{name}", "uploadIcon")
            .summary("Stores a PNG, GIF or WebP image of at most 32 x 32 pixels as an icon")
            .icon_name()
            .image_body()
            .reply::<IconInfo>()
            .refuses(&[
                (400, "The name breaks the naming rule, or the body is not a PNG, GIF or WebP icon within the limits; `error` says which."),
                FOREIGN_ORIGIN,
                TOO_SLOW,
                TOO_LARGE,
                FILE_ERROR,
                (507, "As many icons as `--max-icons` allows are stored already, or they would take more than `--max-icon-mib` MiB decoded with this one; `error` says which. Nothing was stored."),
                LIBRARY_UNAVAILABLE,
            ]),
        Op::delete("/api/icons/{name}", "deleteIcon")
            .summary("Deletes an uploaded icon; a built-in icon of that name shows again")
            .icon_name()
            .reply::<IconDeleted>()
            .refuses(&[
                (400, "The icon is a built-in one, or the name is not valid UTF-8."),
                UNKNOWN_ICON,
                FOREIGN_ORIGIN,
                FILE_ERROR,
                LIBRARY_UNAVAILABLE,
            ]),
        Op::get("/api/images", "listImages")
            .summary("Every picture uploaded for the `image` app")
            .reply::<ImageList>()
            .refuses(&[OUT_OF_FILES]),
        Op::get("/api/images/{name}", "imageFile")
            .summary("A picture as it was uploaded")
            .picture_name()
            .image()
            .refuses(&[NAME_NOT_UTF8, UNKNOWN_PICTURE, FILE_ERROR, OUT_OF_FILES]),
        Op::put("/api/images/{name}", "uploadImage")
            .summary(
                "Stores a PNG, GIF or WebP image of at most 256 x 256 pixels, 256 frames and 16 MiB decoded as a picture",
            )
            .picture_name()
            .image_body()
            .reply::<IconInfo>()
            .refuses(&[
                (400, "The name breaks the naming rule, or the body is not a PNG, GIF or WebP picture within the limits; `error` says which."),
                FOREIGN_ORIGIN,
                TOO_SLOW,
                TOO_LARGE,
                FILE_ERROR,
                (507, "As many pictures as `--max-pictures` allows are stored already, or they would take more than `--max-picture-mib` MiB decoded with this one; `error` says which. Nothing was stored."),
                LIBRARY_UNAVAILABLE,
            ]),
        Op::delete("/api/images/{name}", "deleteImage")
            .summary("Deletes a picture; an `image` app showing it shows a placeholder")
            .picture_name()
            .reply::<ImageDeleted>()
            .refuses(&[NAME_NOT_UTF8, UNKNOWN_PICTURE, FOREIGN_ORIGIN, FILE_ERROR, LIBRARY_UNAVAILABLE]),
        Op::get("/api/notify", "notification")
            .summary("The notification showing, and how many wait behind it")
            .reply::<NotificationView>()
            .refuses(&[OUT_OF_FILES]),
        Op::post("/api/notify", "notify")
            .summary("Shows a notification over whatever runs, or queues it (AWTRIX's keys)")
            .body(notify_body())
            .reply::<Done>()
            .refuses(COMMAND_WITH_BODY)
            .refuses(&[(429, QUEUE_FULL)]),
        Op::post("/api/notify/dismiss", "dismissNotification")
            .summary("Ends the notification showing, if any; any body is ignored")
            .reply::<Done>()
            .refuses(COMMAND),
        Op::post("/api/custom", "customApp")
            .summary("Posts, replaces or deletes custom apps (AWTRIX's keys)")
            .custom_name()
            // No body deletes the app, as `{}` does.
            .body_required(custom_body(), Required::False)
            .reply::<Done>()
            .refuses(COMMAND_WITH_BODY)
            .refuses(&[(409, "As many custom apps as may exist already do; nothing was added.")]),
        Op::get("/api/openapi.json", "openapi")
            .summary("This document")
            .reply_with(ObjectBuilder::new().schema_type(Type::Object).into())
            .refuses(&[OUT_OF_FILES]),
    ];
    operations.extend(awtrix::operations());
    operations
}

/// One operation, built up from what it reads and what it answers.
struct Op {
    method: HttpMethod,
    path: &'static str,
    operation: OperationBuilder,
    /// The named schemas its reply refers to, so none is left out of the document.
    schemas: Vec<(String, RefOr<Schema>)>,
}

impl Op {
    fn get(path: &'static str, id: &str) -> Self {
        Self::new(HttpMethod::Get, path, id)
    }

    fn post(path: &'static str, id: &str) -> Self {
        Self::new(HttpMethod::Post, path, id)
    }

    fn put(path: &'static str, id: &str) -> Self {
        Self::new(HttpMethod::Put, path, id)
    }

    fn delete(path: &'static str, id: &str) -> Self {
        Self::new(HttpMethod::Delete, path, id)
    }

    fn new(method: HttpMethod, path: &'static str, id: &str) -> Self {
        let operation = OperationBuilder::new().operation_id(Some(id));
        Self {
            method,
            path,
            operation,
            schemas: Vec::new(),
        }
    }

    fn summary(self, summary: &str) -> Self {
        self.map(|operation| operation.summary(Some(summary)))
    }

    fn map(self, change: impl FnOnce(OperationBuilder) -> OperationBuilder) -> Self {
        Self {
            operation: change(self.operation),
            ..self
        }
    }

    fn reply<T: ToSchema>(mut self) -> Self {
        collect::<T>(&mut self.schemas);
        self.reply_with(Ref::from_schema_name(T::name()).into())
    }

    fn reply_with(self, schema: RefOr<Schema>) -> Self {
        let content = ContentBuilder::new().schema(Some(schema)).build();
        let reply = ResponseBuilder::new()
            .description("Done.")
            .content("application/json", content);
        self.map(|operation| operation.response("200", reply))
    }

    fn png(self) -> Self {
        let png = ObjectBuilder::new()
            .schema_type(Type::String)
            .content_media_type("image/png");
        let content = ContentBuilder::new().schema(Some(png)).build();
        let reply = ResponseBuilder::new()
            .description("A PNG image, not cached.")
            .content("image/png", content);
        self.map(|operation| operation.response("200", reply))
    }

    /// An image in any of the formats icons come in.
    fn image(self) -> Self {
        let reply = IMAGE_TYPES.iter().fold(
            ResponseBuilder::new().description("The image, not cached."),
            |reply, media_type| reply.content(*media_type, binary_content(media_type)),
        );
        self.map(|operation| operation.response("200", reply))
    }

    /// A required body holding an image file.
    fn image_body(self) -> Self {
        let body = IMAGE_TYPES
            .iter()
            .chain(["application/octet-stream"].iter())
            .fold(
                RequestBodyBuilder::new().required(Some(Required::True)),
                |body, media_type| body.content(*media_type, binary_content(media_type)),
            )
            .description(Some(
                "The image file; its format is told from its bytes, not its `Content-Type`.",
            ))
            .build();
        self.map(|operation| operation.request_body(Some(body)))
    }

    /// The `{name}` of an icon's path.
    fn icon_name(self) -> Self {
        let schema = ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^[A-Za-z0-9_-]{1,32}$"))
            .examples(["heart"]);
        let name = ParameterBuilder::new()
            .name("name")
            .parameter_in(ParameterIn::Path)
            .required(Required::True)
            .description(Some("An icon's name, as `GET /api/icons` lists them."))
            .schema(Some(schema));
        self.map(|operation| operation.parameter(name))
    }

    /// The `{name}` of a picture's path.
    fn picture_name(self) -> Self {
        let schema = ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^[A-Za-z0-9_-]{1,32}$"))
            .examples(["sunset"]);
        let name = ParameterBuilder::new()
            .name("name")
            .parameter_in(ParameterIn::Path)
            .required(Required::True)
            .description(Some("A picture's name, as `GET /api/images` lists them."))
            .schema(Some(schema));
        self.map(|operation| operation.parameter(name))
    }

    fn refuses(self, refusals: &[Refusal]) -> Self {
        self.map(|operation| {
            refusals.iter().fold(operation, |operation, (status, when)| {
                operation.response(status.to_string(), error_reply(when))
            })
        })
    }

    /// A required JSON body.
    fn body(self, schema: RefOr<Schema>) -> Self {
        self.body_required(schema, Required::True)
    }

    fn body_required(self, schema: RefOr<Schema>, required: Required) -> Self {
        let content = ContentBuilder::new().schema(Some(schema)).build();
        let body = RequestBodyBuilder::new()
            .required(Some(required))
            .content("application/json", content)
            .build();
        self.map(|operation| operation.request_body(Some(body)))
    }

    /// The `{name}` in the path.
    fn app_name(self) -> Self {
        let schema = ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(APP_NAME_PATTERN))
            .examples(["clock"]);
        let name = ParameterBuilder::new()
            .name("name")
            .parameter_in(ParameterIn::Path)
            .required(Required::True)
            .description(Some("An app's name, as `GET /api/apps` lists them."))
            .schema(Some(schema));
        self.map(|operation| operation.parameter(name))
    }

    /// `?name=` of `POST /api/custom`.
    fn custom_name(self) -> Self {
        let schema = ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(format!("^[A-Za-z0-9_-]{{1,{MAX_NAME_LENGTH}}}$")))
            .examples(["weather"]);
        let name = ParameterBuilder::new()
            .name("name")
            .parameter_in(ParameterIn::Query)
            .required(Required::True)
            .description(Some("The custom app's name; a built-in app's name is refused."))
            .schema(Some(schema));
        self.map(|operation| operation.parameter(name))
    }

    /// `?scale=` of `GET /api/frame.png`.
    fn scale(self) -> Self {
        let schema = ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(*SCALES.start()))
            .maximum(Some(*SCALES.end()))
            .default(Some(DEFAULT_SCALE.into()));
        let scale = ParameterBuilder::new()
            .name("scale")
            .parameter_in(ParameterIn::Query)
            .required(Required::False)
            .description(Some("The side of each LED's square, in pixels."))
            .schema(Some(schema));
        self.map(|operation| operation.parameter(scale))
    }
}

/// The formats icons and pictures are uploaded and served in.
const IMAGE_TYPES: &[&str] = &["image/png", "image/gif", "image/webp"];

fn binary_content(media_type: &str) -> utoipa::openapi::Content {
    let schema = ObjectBuilder::new()
        .schema_type(Type::String)
        .content_media_type(media_type);
    ContentBuilder::new().schema(Some(schema)).build()
}

fn error_reply(when: &str) -> RefOr<utoipa::openapi::Response> {
    let content = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name(Error::name())))
        .build();
    ResponseBuilder::new()
        .description(when)
        .content("application/json", content)
        .into()
}

/// `null` or a value of `kind`: a body key that may be left out or sent as `null` alike.
fn nullable(kind: Type) -> SchemaType {
    SchemaType::from_iter([kind, Type::Null])
}

fn app_enum(apps: &[&str]) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(apps.iter().copied()))
}

/// Keys to merge into an app's config. They are checked against that app's
/// schema (`GET /api/apps/{name}/schema`), which differs per app; the example
/// is one that the clock and scroll_text take.
fn config_patch() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .min_properties(Some(1))
        .description(Some(
            "Config keys to merge, each checked against the app's schema (`GET /api/apps/{name}/schema`).",
        ))
        .examples([json!({"color": [255, 0, 0]})])
        .into()
}

/// [`super::bodies::SwitchBody`]; other keys are ignored.
fn switch_body(apps: &[&str]) -> RefOr<Schema> {
    let config = ObjectBuilder::new()
        .schema_type(nullable(Type::Object))
        .description(Some(
            "Config keys to merge into the app's saved config before it starts.",
        ));
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("app", app_enum(apps))
        .property(
            "name",
            optional(Type::String).description(Some(
                "AWTRIX's name for `app`, read when `app` is absent; one of them is required.",
            )),
        )
        .property("config", config)
        .into()
}

/// [`super::bodies::SettingsBody`]; any other key is refused.
fn settings_body() -> RefOr<Schema> {
    let brightness = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(0))
        .maximum(Some(MAX_BRIGHTNESS));
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("brightness", brightness)
        .required("brightness")
        .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(false)))
        .into()
}

/// [`super::bodies::CarouselBody`]: a key left out or `null` keeps its value.
/// Enabling a carousel with no entries is refused with 400.
fn carousel_body(apps: &[&str]) -> RefOr<Schema> {
    let duration = ObjectBuilder::new()
        .schema_type(Type::Number)
        .minimum(Some(*DURATION_RANGE.start()))
        .maximum(Some(*DURATION_RANGE.end()))
        .description(Some("Seconds the app shows before the next one."));
    let days = ArrayBuilder::new()
        .schema_type(nullable(Type::Array))
        .items(ObjectBuilder::new().schema_type(Type::String).enum_values(Some(DAYS)))
        .min_items(Some(1))
        .description(Some("The days the entry may show; every day when absent or null."));
    let entry = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("app", app_enum(apps))
        .property("duration", duration)
        .property("days", days)
        .property(
            "start",
            time_of_day()
                .schema_type(nullable(Type::String))
                .description(Some("With `end`: the entry shows only from this time of day.")),
        )
        .property(
            "end",
            time_of_day().schema_type(nullable(Type::String)).description(Some(
                "Until this time (not included); before `start` to run past midnight.",
            )),
        )
        .required("app")
        .required("duration");
    let entries = ArrayBuilder::new()
        .schema_type(nullable(Type::Array))
        .items(entry)
        .max_items(Some(MAX_CAROUSEL_ENTRIES));
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .min_properties(Some(1))
        .property("enabled", ObjectBuilder::new().schema_type(nullable(Type::Boolean)))
        .property("apps", entries)
        .into()
}

/// [`super::bodies::TransitionBody`]: at least one key; any other key is refused.
fn transition_body() -> RefOr<Schema> {
    let kind = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(Kind::ALL.map(Kind::name)));
    let duration = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(*TRANSITION_MS.start()))
        .maximum(Some(*TRANSITION_MS.end()))
        .description(Some("Milliseconds."));
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .min_properties(Some(1))
        .property("kind", kind)
        .property("duration", duration)
        .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(false)))
        .into()
}

/// A time of day as `HH:MM`, in the board's time zone.
fn time_of_day() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some("^([01][0-9]|2[0-3]):[0-5][0-9]$"))
}

/// [`super::bodies::NightBody`]: at least one key; any other key is refused.
fn night_body(apps: &[&str]) -> RefOr<Schema> {
    let time = || time_of_day().description(Some("A time of day, HH:MM, in the board's time zone."));
    let brightness = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(0))
        .maximum(Some(MAX_BRIGHTNESS));
    let app = ObjectBuilder::new()
        .schema_type(nullable(Type::String))
        .enum_values(Some(apps.iter().map(|app| json!(app)).chain([serde_json::Value::Null])))
        .description(Some(
            "The app shown at night (pausing the carousel); null keeps the daytime app.",
        ));
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .min_properties(Some(1))
        .property("enabled", ObjectBuilder::new().schema_type(Type::Boolean))
        .property("start", time())
        .property("end", time())
        .property("brightness", brightness)
        .property("app", app)
        .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(false)))
        .into()
}

const QUEUE_FULL: &str =
    "As many notifications as may wait behind the one showing already do (see the body); nothing was queued.";

/// `[r, g, b]` or a hex string, or `null` for the default.
fn color() -> OneOfBuilder {
    let hex = ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some("^#?[0-9A-Fa-f]{6}$"))
        .examples(["#FF0000"]);
    let channel = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(0))
        .maximum(Some(255));
    let channels = ArrayBuilder::new().items(channel).min_items(Some(3)).max_items(Some(3));
    OneOfBuilder::new()
        .item(hex)
        .item(channels)
        .item(ObjectBuilder::new().schema_type(Type::Null))
}

fn optional(kind: Type) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(nullable(kind))
}

fn flag(about: &str) -> ObjectBuilder {
    optional(Type::Boolean).description(Some(about.to_owned()))
}

/// The text: a string or coloured fragments, and `null` as well when `nullable`.
fn text(nullable: bool) -> OneOfBuilder {
    let fragment = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("t", ObjectBuilder::new().schema_type(Type::String))
        .required("t")
        .property("c", color());
    let text = OneOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(MAX_TEXT_CHARS)),
        )
        .item(ArrayBuilder::new().items(fragment).max_items(Some(MAX_FRAGMENTS)))
        .description(Some(format!(
            "The text, or coloured fragments; at most {MAX_TEXT_CHARS} characters in all."
        )));
    if nullable {
        text.item(ObjectBuilder::new().schema_type(Type::Null))
    } else {
        text
    }
}

/// The drawing keys notifications and custom apps share (see [`crate::content::Content`]).
fn drawing_keys(object: ObjectBuilder) -> ObjectBuilder {
    let progress = optional(Type::Integer)
        .minimum(Some(-1))
        .maximum(Some(100))
        .description(Some("Percent of the bottom row filled; -1 for no bar."));
    let scroll_speed = optional(Type::Number)
        .minimum(Some(*SCROLL_SPEED_RANGE.start()))
        .maximum(Some(*SCROLL_SPEED_RANGE.end()))
        .description(Some("Percent of the normal scrolling speed (default 100)."));
    let text_case = optional(Type::Integer)
        .minimum(Some(0))
        .maximum(Some(2))
        .description(Some("0: as sent (the board's default), 1: upper case, 2: as sent."));
    let icon = optional(Type::String)
        .pattern(Some("^[A-Za-z0-9_-]{1,32}$"))
        .description(Some(
            "An icon's name (`GET /api/icons`), drawn at the left; an unknown one is refused.",
        ));
    awtrix::content_keys(object)
        .property("icon", icon)
        .property("color", color())
        .property("background", color())
        .property("rainbow", flag("Each character in its own colour."))
        .property("center", flag("Centres text that fits (default)."))
        .property("textCase", text_case)
        .property("scrollSpeed", scroll_speed)
        .property("progress", progress)
        .property("progressC", color())
        .property("progressBC", color())
}

/// [`super::bodies::NotifyBody`]: AWTRIX's notification keys. Keys not listed
/// are ignored; `null` is the same as leaving a key out.
fn notify_body() -> RefOr<Schema> {
    let duration = optional(Type::Number)
        .minimum(Some(*DURATION_RANGE.start()))
        .maximum(Some(*DURATION_RANGE.end()))
        .description(Some("Seconds it shows (default 5)."));
    let repeat = optional(Type::Integer)
        .minimum(Some(-1))
        .maximum(Some(MAX_REPEAT))
        .description(Some(
            "Times scrolling text crosses the panel instead of `duration`; -1 for none, 0 is refused.",
        ));
    let object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(format!(
            "AWTRIX 3's notification keys. One of `text`, `icon`, `draw`, `bar`, `line` or `effect` is required; keys not listed \
             are ignored. At most {MAX_WAITING} notifications wait behind the one showing."
        )))
        .property("text", text(false))
        .property("duration", duration)
        .property("repeat", repeat)
        .property("hold", flag("Stays until dismissed."))
        .property(
            "stack",
            flag("Queues behind the one showing (default) or replaces it (`false`)."),
        )
        .property(
            "wakeup",
            flag("Shows even while the panel is stopped or at brightness 0."),
        )
        .examples([json!({"text": "Hello", "color": "#FF0000", "duration": 3})]);
    drawing_keys(object).into()
}

/// [`crate::manager::custom::read_body`]: one app's keys, a list of apps
/// (`NAME0`, `NAME1`, ...), or `null`; `{}` and `null` delete the app.
fn custom_body() -> RefOr<Schema> {
    let lifetime = || {
        optional(Type::Number)
            .minimum(Some(0.0))
            .maximum(Some(MAX_LIFETIME))
            .description(Some(
                "Seconds without an update after which the app is removed; 0 for never (default).",
            ))
    };
    let pos = || {
        optional(Type::Integer)
            .minimum(Some(0))
            .maximum(Some(MAX_CAROUSEL_ENTRIES))
            .description(Some(
                "Puts the app in the carousel at this place, unless it is there already.",
            ))
    };
    let duration = || {
        optional(Type::Number)
            .minimum(Some(*DURATION_RANGE.start()))
            .maximum(Some(*DURATION_RANGE.end()))
            .description(Some(
                "Seconds it shows in the carousel when placed with `pos` (default 10).",
            ))
    };
    let app = || {
        drawing_keys(
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .property("text", text(true))
                .property("lifetime", lifetime())
                .property(
                    "lifetimeMode",
                    optional(Type::Integer)
                        .minimum(Some(0))
                        .maximum(Some(1))
                        .description(Some(
                            "1 keeps the app past its lifetime, marked stale; 0 removes it (default).",
                        )),
                )
                .property("pos", pos())
                .property("duration", duration())
                .property("save", flag("Keeps it in the state file across restarts.")),
        )
    };
    let apps = ArrayBuilder::new()
        .items(app())
        .min_items(Some(1))
        .max_items(Some(MAX_BATCH));
    OneOfBuilder::new()
        .item(app())
        .item(apps)
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .description(Some(format!(
            "AWTRIX 3's custom app keys. Keys not listed are ignored. At most \
             {MAX_CUSTOM_APPS} custom apps exist at once."
        )))
        .examples([json!({"text": "21°C", "color": "#00AAFF", "pos": 0, "lifetime": 600})])
        .into()
}

/// The replies the handlers build with `json!`. These types are never built:
/// they exist only to be described, next to the operations that send them.
#[allow(dead_code)]
mod replies {
    use serde_json::Value;
    use utoipa::ToSchema;

    use super::{CarouselEntry, IconInfo, Kind, NightView, OutputStatus, PanelHealth};

    /// `GET /api/health`.
    #[derive(ToSchema)]
    pub struct Health {
        /// Always `"ok"` (a stalled panel answers 503).
        pub status: String,
        pub manager_running: bool,
        #[schema(required = true)]
        pub current_app: Option<String>,
        /// Whether the render loop draws the panel: `ok`, `stalled`, or `standby` on a
        /// cluster member that does not drive it.
        pub panel: PanelHealth,
        /// Whether MQTT is on (`--mqtt-url`): only then does `GET /api/mqtt` answer, so
        /// a client asks here first rather than meet a 404.
        pub mqtt: bool,
        /// Cluster mode only: the instance that answered.
        pub instance: Option<String>,
        /// Cluster mode only: whether that instance drives the carousel and the panel.
        pub panel_owner: Option<bool>,
    }

    /// A command that was carried out.
    #[derive(ToSchema)]
    pub struct Done {
        /// Always `true`.
        pub success: bool,
    }

    /// A command on one app that was carried out.
    #[derive(ToSchema)]
    pub struct AppDone {
        /// Always `true`.
        pub success: bool,
        pub app: String,
    }

    /// An app's config with every default filled in.
    #[derive(ToSchema)]
    pub struct SavedConfig {
        pub app: String,
        #[schema(value_type = Object)]
        pub config: Value,
    }

    /// The carousel as it now is.
    #[derive(ToSchema)]
    pub struct CarouselSaved {
        /// Always `true`.
        pub success: bool,
        pub enabled: bool,
        pub apps: Vec<CarouselEntry>,
    }

    /// The transition as it now is.
    #[derive(ToSchema)]
    pub struct TransitionSaved {
        /// Always `true`.
        pub success: bool,
        pub kind: Kind,
        pub duration: u64,
    }

    /// Night mode as it now is.
    #[derive(ToSchema)]
    pub struct NightSaved {
        /// Always `true`.
        pub success: bool,
        #[serde(flatten)]
        pub settings: NightView,
        pub active: bool,
        pub timezone: String,
    }

    #[derive(ToSchema)]
    pub struct Fonts {
        pub fonts: Vec<String>,
    }

    #[derive(ToSchema)]
    pub struct Outputs {
        pub displays: Vec<OutputStatus>,
    }

    #[derive(ToSchema)]
    pub struct IconList {
        pub icons: Vec<IconInfo>,
    }

    /// An uploaded icon that was deleted.
    #[derive(ToSchema)]
    pub struct IconDeleted {
        /// Always `true`.
        pub success: bool,
        pub icon: String,
    }

    #[derive(ToSchema)]
    pub struct ImageList {
        pub images: Vec<IconInfo>,
    }

    /// A picture that was deleted.
    #[derive(ToSchema)]
    pub struct ImageDeleted {
        /// Always `true`.
        pub success: bool,
        pub image: String,
    }

    /// Every error the API answers.
    #[derive(ToSchema)]
    pub struct Error {
        pub error: String,
    }
}
