//! [`Starlark`]: what the transports ask of community apps (the library,
//! schemas and config checks, handler calls, previews, uploads) and what the
//! renders share, in one place. It knows nothing of HTTP; [`StarlarkError`]
//! says what went wrong and the transports translate it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono_tz::Tz;
use parking_lot::Mutex;
use serde_json::Value;
use starlet::encode::{self, EncodeOptions};
use starlet::schema::{HandlerKind, Schema};
use starlet::{CanvasMeta, ConfigMap, Limits, Options};

use super::library::{Library, LibraryApp, Scan};
use super::pool::{Lane, Pool, PoolError};
use super::schemas::{self, FieldError, Schemas};
use super::upload::{self, UploadError};
use crate::apps::starlark::Renders;
use crate::manager::installations::StarlarkConfig;

/// The config key Tronbyt sets to the device's time zone, as apps expect it.
pub const TIMEZONE_KEY: &str = "$tz";
/// The most previews kept rendered.
const PREVIEWS_KEPT: usize = 64;
/// The largest shipped preview file served.
const MAX_PREVIEW_FILE: u64 = 4 << 20;

/// How apps run on this board.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The panel's size: apps that support 2x draw at 128x64 on a panel at least that big.
    pub panel: (u16, u16),
    /// The board's time zone: `time.now()`'s, and `$tz` in every config.
    pub timezone: Tz,
    /// How long one load, render or handler call may take.
    pub timeout: Duration,
    /// The largest app upload or pushed picture, in bytes.
    pub max_upload: usize,
}

/// Why a request about community apps failed; nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum StarlarkError {
    #[error("No app of the library has the id '{0}'")]
    UnknownApp(String),
    #[error("'{0}' is an app of --apps-dir, not an upload: change or remove it in that folder")]
    NotAnUpload(String),
    #[error("'{app}' is installed as {}; delete those installations first", names.join(", "))]
    Installed { app: String, names: Vec<String> },
    #[error("{0}")]
    Upload(#[from] UploadError),
    #[error("the app does not load: {0}")]
    DoesNotLoad(starlet::Error),
    #[error(transparent)]
    Config(#[from] FieldError),
    #[error("'{0}' is not a handler of the app's schema")]
    UnknownHandler(String),
    #[error("the app failed: {0}")]
    App(starlet::Error),
    #[error("the app workers are all busy; try again shortly")]
    Busy,
    #[error("the app workers have stopped")]
    Stopped,
    #[error("{0}")]
    Io(String),
}

impl From<PoolError> for StarlarkError {
    fn from(error: PoolError) -> Self {
        match error {
            PoolError::Busy => Self::Busy,
            PoolError::Stopped => Self::Stopped,
            PoolError::App(error) => Self::App(error),
        }
    }
}

/// What a schema handler answered.
#[derive(Debug, Clone, PartialEq)]
pub struct HandlerAnswer {
    /// `options` (a list of choices), `schema` (generated fields) or `string`.
    pub kind: &'static str,
    pub result: Value,
}

/// Something derived from an app, with the app's revision it was derived from.
type Revised<T> = (u64, T);

pub struct Starlark {
    pub library: Library,
    pub pool: Pool,
    pub schemas: Schemas,
    /// The pictures the panel plays, shared with the renderer.
    pub renders: Arc<Renders>,
    pub settings: Settings,
    /// Rendered previews (WebP) by app id, with the revision they were rendered from.
    previews: Mutex<HashMap<String, Revised<Arc<Vec<u8>>>>>,
    /// One upload or deletion at a time: each replaces folders and rescans.
    changing: tokio::sync::Mutex<()>,
}

impl Starlark {
    pub fn new(library: Library, pool: Pool, settings: Settings) -> Self {
        Self {
            library,
            pool,
            schemas: Schemas::default(),
            renders: Arc::default(),
            settings,
            previews: Mutex::default(),
            changing: tokio::sync::Mutex::new(()),
        }
    }

    /// Whether `app` draws at 2x here: it says it can, and the panel is at least 128x64.
    pub fn draws_2x(&self, app: &LibraryApp) -> bool {
        let (width, height) = self.settings.panel;
        app.manifest.supports2x && width >= 128 && height >= 64
    }

    /// How `app` runs: at 64x32 (or 2x), in the board's time zone, within the time limit.
    pub fn options(&self, app: &LibraryApp) -> Options {
        let id = app.id.clone();
        Options {
            canvas: CanvasMeta {
                width: 64,
                height: 32,
                is2x: self.draws_2x(app),
            },
            timezone: self.settings.timezone,
            limits: Limits {
                timeout: self.settings.timeout,
                ..Limits::default()
            },
            print: Some(Arc::new(move |line: &str| tracing::debug!(app = %id, "print: {line}"))),
            ..Options::default()
        }
    }

    /// `config` with the board's time zone as `$tz`, as Tronbyt passes it.
    pub fn with_timezone(&self, config: &StarlarkConfig) -> ConfigMap {
        let mut config = config.clone();
        config.insert(TIMEZONE_KEY.into(), self.settings.timezone.name().to_owned());
        config
    }

    pub fn app(&self, id: &str) -> Result<Arc<LibraryApp>, StarlarkError> {
        self.library
            .get(id)
            .ok_or_else(|| StarlarkError::UnknownApp(id.to_owned()))
    }

    /// The app's schema, read once per revision of the app.
    pub async fn schema(&self, app: &LibraryApp) -> Result<Arc<Option<Schema>>, StarlarkError> {
        if let Some(schema) = self.schemas.cached(&app.id, app.revision) {
            return Ok(schema);
        }
        let schema = Arc::new(self.pool.schema(&app.folder, self.options(app)).await?);
        self.schemas.keep(&app.id, app.revision, schema.clone());
        Ok(schema)
    }

    /// Checks a config patch for app `id` against its schema.
    pub async fn check_config(&self, id: &str, patch: &StarlarkConfig) -> Result<(), StarlarkError> {
        let app = self.app(id)?;
        let schema = self.schema(&app).await?;
        schemas::check(schema.as_ref().as_ref(), patch)?;
        Ok(())
    }

    /// Calls the schema handler `handler` with `parameter`, for a person
    /// filling in the app's config `config`. A field's handler is named as
    /// the schema names it (`<field id>$<function>`), a handler of the
    /// schema's own `handlers` list by its function's name, as Pixlet calls
    /// them. The fields a generated field adds name their handlers as every
    /// field does, but the app can only export them under the function's
    /// name, so that name is tried when the field's is unknown.
    pub async fn call_handler(
        &self,
        app: &LibraryApp,
        handler: &str,
        parameter: &str,
        config: &StarlarkConfig,
    ) -> Result<HandlerAnswer, StarlarkError> {
        let schema = self.schema(app).await?;
        let Some(schema) = schema.as_ref().as_ref() else {
            return Err(StarlarkError::UnknownHandler(handler.to_owned()));
        };
        let named_by_a_field = schema.fields.iter().any(|field| field.handler == handler);
        let exported = handler.rsplit_once('$').map(|(_, function)| function);
        let mut names = std::iter::once(handler).chain(exported.filter(|_| !named_by_a_field));
        let (kind, answer) = loop {
            let Some(name) = names.next() else {
                return Err(StarlarkError::UnknownHandler(handler.to_owned()));
            };
            let called = self
                .pool
                .call_handler(
                    &app.folder,
                    name.to_owned(),
                    parameter.to_owned(),
                    self.with_timezone(config),
                    self.options(app),
                )
                .await;
            match called {
                // The app loaded, but has no handler of that name.
                Err(PoolError::App(starlet::Error::Load(_))) if !named_by_a_field => continue,
                called => break called?,
            }
        };
        let kind = match kind {
            HandlerKind::Options => "options",
            HandlerKind::Schema => "schema",
            HandlerKind::String | HandlerKind::Field => "string",
        };
        let result = match kind {
            "string" => Value::String(answer),
            _ => serde_json::from_str(&answer).unwrap_or(Value::String(answer)),
        };
        Ok(HandlerAnswer { kind, result })
    }

    /// Reads the library's folders again.
    pub async fn rescan(self: &Arc<Self>) -> Scan {
        let service = self.clone();
        let scan = tokio::task::spawn_blocking(move || service.library.rescan())
            .await
            .unwrap_or_default();
        let apps = self.library.all();
        self.schemas.retain(|id| apps.contains_key(id));
        scan
    }

    /// Stores `body` (a `.star` file or a zip of the app's folder) as the
    /// uploaded app `id`, replacing an upload of that id, once it unpacks
    /// safely and loads; a refused upload stores nothing.
    pub async fn upload(self: &Arc<Self>, id: &str, body: bytes::Bytes) -> Result<Arc<LibraryApp>, StarlarkError> {
        let _one_at_a_time = self.changing.lock().await;
        if self.library.get(id).is_some_and(|app| !app.uploaded) {
            return Err(StarlarkError::NotAnUpload(id.to_owned()));
        }
        let uploads = self.library.uploads().to_owned();
        let (name, staged_id) = (id.to_owned(), id.to_owned());
        let staging = blocking(move || -> Result<tempfile::TempDir, StarlarkError> {
            std::fs::create_dir_all(&uploads)
                .map_err(|error| StarlarkError::Io(format!("cannot make the uploads folder: {error}")))?;
            let staging = tempfile::Builder::new()
                .prefix(".staging-")
                .tempdir_in(&uploads)
                .map_err(|error| StarlarkError::Io(format!("cannot stage the upload: {error}")))?;
            upload::unpack(&staged_id, &body, staging.path())?;
            Ok(staging)
        })
        .await??;
        let options = Options {
            limits: Limits {
                timeout: self.settings.timeout,
                ..Limits::default()
            },
            ..Options::default()
        };
        match self.pool.schema(staging.path(), options).await {
            Ok(_) => {}
            Err(PoolError::App(error)) => return Err(StarlarkError::DoesNotLoad(error)),
            Err(other) => return Err(other.into()),
        }
        let target = self.library.upload_folder(&name);
        let service = self.clone();
        blocking(move || -> Result<(), StarlarkError> {
            replace_folder(staging, &target)
                .map_err(|error| StarlarkError::Io(format!("cannot store the app: {error}")))?;
            service.library.rescan();
            Ok(())
        })
        .await??;
        self.app(&name)
    }

    /// Deletes the uploaded app `id`, unless it is installed (`installed_as` names the installations).
    pub async fn delete_upload(self: &Arc<Self>, id: &str, installed_as: Vec<String>) -> Result<(), StarlarkError> {
        let _one_at_a_time = self.changing.lock().await;
        let app = self.app(id)?;
        if !app.uploaded {
            return Err(StarlarkError::NotAnUpload(id.to_owned()));
        }
        if !installed_as.is_empty() {
            return Err(StarlarkError::Installed {
                app: id.to_owned(),
                names: installed_as,
            });
        }
        let service = self.clone();
        blocking(move || -> Result<(), StarlarkError> {
            std::fs::remove_dir_all(&app.folder)
                .map_err(|error| StarlarkError::Io(format!("cannot delete the app: {error}")))?;
            service.library.rescan();
            Ok(())
        })
        .await??;
        self.schemas.retain(|kept| kept != id);
        Ok(())
    }

    /// A preview of `app`: the picture it ships (the 2x one where it draws at
    /// 2x), else a render with its defaults, kept per revision. WebP either way.
    pub async fn preview(&self, app: &LibraryApp) -> Result<Arc<Vec<u8>>, StarlarkError> {
        let shipped = if self.draws_2x(app) {
            app.preview_2x.clone().or_else(|| app.preview.clone())
        } else {
            app.preview.clone()
        };
        if let Some(file) = shipped
            && let Ok(bytes) = blocking(move || read_small(&file)).await?
        {
            return Ok(Arc::new(bytes));
        }
        if let Some((revision, bytes)) = self.previews.lock().get(&app.id)
            && *revision == app.revision
        {
            return Ok(bytes.clone());
        }
        let schema = self.schema(app).await?;
        let defaults = schema.as_ref().as_ref().map(Schema::defaults).unwrap_or_default();
        let config = self.with_timezone(&StarlarkConfig::new());
        let rendered = self
            .pool
            .render(Lane::Interactive, &app.folder, config, defaults, self.options(app))
            .await?;
        let bytes = blocking(move || encode::webp(&rendered, &EncodeOptions::default()))
            .await?
            .map_err(|error| StarlarkError::App(starlet::Error::Output(error.to_string())))?;
        let bytes = Arc::new(bytes);
        let mut previews = self.previews.lock();
        if previews.len() >= PREVIEWS_KEPT {
            previews.clear();
        }
        previews.insert(app.id.clone(), (app.revision, bytes.clone()));
        Ok(bytes)
    }
}

/// Runs blocking work (the disk, encoding) off the async runtime.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, StarlarkError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| StarlarkError::Io(format!("the work was not finished: {error}")))
}

/// Puts the staged folder where `target` is, replacing what was there.
fn replace_folder(staging: tempfile::TempDir, target: &Path) -> std::io::Result<()> {
    let staged: PathBuf = staging.keep();
    if target.exists() {
        let parent = target.parent().unwrap_or(Path::new("."));
        let old = tempfile::Builder::new().prefix(".replaced-").tempdir_in(parent)?;
        let aside = old.path().join("app");
        std::fs::rename(target, &aside)?;
        if let Err(error) = std::fs::rename(&staged, target) {
            // Put the app that was there back rather than lose both.
            std::fs::rename(&aside, target)?;
            let _ = std::fs::remove_dir_all(&staged);
            return Err(error);
        }
    } else if let Err(error) = std::fs::rename(&staged, target) {
        let _ = std::fs::remove_dir_all(&staged);
        return Err(error);
    }
    Ok(())
}

fn read_small(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_PREVIEW_FILE)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}
