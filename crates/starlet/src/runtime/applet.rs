//! An app: its files loaded and evaluated once, then rendered as often as
//! asked, each time with a fresh heap and its own limits.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use starlark::docs::{DocItem, DocMember};
use starlark::environment::{FrozenModule, Module};
use starlark::values::list::ListRef;
use starlark::values::{OwnedFrozenValue, Value};

use super::cache::Cache;
use super::context::{CanvasMeta, RenderContext};
use super::error::Error;
use super::files::AppFiles;
use super::limits::Limits;
use super::schema::AppSchema;
use super::session::Session;
use crate::gotext::catalog::Catalog;
use crate::net::{Fetcher, Network};
use crate::render::{Image, paint_frames};
use crate::schema::{HandlerKind, Schema};
use crate::values::config::{Config, ConfigMap};
use crate::values::spec::built_as;
use crate::widgets::root::Root;

/// Native stack the thread an app runs on has for each call the app may
/// nest ([`Limits::max_call_depth`]): a Starlark call takes about half a
/// kilobyte in a release build and five and a half in a debug build; the
/// rest is room for native functions between them (`sorted` calling a
/// `key` that recurses).
const STACK_PER_CALL: usize = if cfg!(debug_assertions) { 12 << 10 } else { 3 << 10 };
/// The least stack an app's thread gets, for native work at any depth.
const MIN_STACK: usize = 64 << 20;

/// Where an app's `print()` lines go.
pub type PrintFn = Arc<dyn Fn(&str) + Send + Sync>;

/// The folder of an app's translations, one JSON file per locale.
const LOCALES: &str = "locales";

/// Where and when an app is loaded or rendered.
#[derive(Clone)]
pub struct Options {
    pub canvas: CanvasMeta,
    /// The instant `time.now()` answers; the current time when `None`.
    pub now: Option<DateTime<Utc>>,
    pub timezone: Tz,
    pub locale: String,
    /// The seed of `random`; Pixlet's (the time in 15 s steps) when `None`.
    pub seed: Option<u64>,
    pub limits: Limits,
    /// Where `print()` goes; nowhere when `None`.
    pub print: Option<PrintFn>,
    /// How `http.star` reaches the web; without one, its calls fail.
    pub network: Option<Arc<dyn Network>>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            canvas: CanvasMeta::default(),
            now: None,
            timezone: Tz::UTC,
            locale: "en".to_owned(),
            seed: None,
            limits: Limits::default(),
            print: None,
            network: None,
        }
    }
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("canvas", &self.canvas)
            .field("now", &self.now)
            .field("timezone", &self.timezone)
            .field("limits", &self.limits)
            .field("network", &self.network.is_some())
            .finish_non_exhaustive()
    }
}

/// What a render produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The frames in order; none when the app has nothing to show.
    pub frames: Vec<Image>,
    /// How long each frame shows: the first root's `delay`, 50 ms by default.
    pub delay: Duration,
    /// How long the picture stays valid, when the app says.
    pub max_age: Option<Duration>,
    /// The app asks for its whole animation to be shown.
    pub show_full_animation: bool,
}

/// A loaded app.
pub struct Applet {
    id: String,
    files: AppFiles,
    modules: HashMap<String, FrozenModule>,
    main_file: String,
    main: OwnedFrozenValue,
    main_takes_config: bool,
    cache: Arc<Cache>,
    /// The translations of its `locales/` folder, for `i18n.star`.
    catalog: Arc<Catalog>,
    /// What its `get_schema()` returned, when it has one.
    schema: Option<AppSchema>,
}

impl std::fmt::Debug for Applet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Applet")
            .field("id", &self.id)
            .field("main_file", &self.main_file)
            .finish()
    }
}

impl Applet {
    /// Loads the app at `path` (a `.star` file, or a folder of them with
    /// their assets): evaluates its files and finds its one `main()`.
    pub fn load(path: &std::path::Path, options: &Options) -> Result<Self, Error> {
        let files = AppFiles::open(path)?;
        let cache = Arc::new(Cache::default());
        let catalog = Arc::new(Catalog::from_files(files.folder_files(LOCALES)?).map_err(Error::Load)?);
        let names = files.star_files()?;
        if names.is_empty() {
            return Err(Error::load(format!("{} holds no .star file", path.display())));
        }
        let (modules, schema) = on_app_thread(&options.limits, || {
            let session = Session::new(
                &files,
                context(options, &files.id(), &cache, &catalog),
                options.limits,
                options.print.clone(),
                HashMap::new(),
            );
            for name in &names {
                session.star_module(name)?;
            }
            let schema = AppSchema::load(&session, &names, &files.id())?;
            Ok((session.into_modules(), schema))
        })?;
        let mut mains = names.iter().filter_map(|name| {
            let main = modules.get(name)?.get_option("main").ok().flatten()?;
            Some((name.clone(), main))
        });
        let Some((main_file, main)) = mains.next() else {
            return Err(Error::load(format!("no main() function found in {}", files.id())));
        };
        if let Some((other, _)) = mains.next() {
            return Err(Error::load(format!(
                "multiple files with a main() function:\n- {main_file}\n- {other}"
            )));
        }
        let main_takes_config = takes_arguments(&main);
        Ok(Self {
            id: files.id(),
            files,
            modules,
            main_file,
            main,
            main_takes_config,
            cache,
            catalog,
            schema,
        })
    }

    /// The app's name: its file or folder name.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The app's folder.
    pub fn root(&self) -> &std::path::Path {
        self.files.root()
    }

    /// The app's evaluated `.star` files, by name.
    pub fn modules(&self) -> &HashMap<String, FrozenModule> {
        &self.modules
    }

    /// The schema its `get_schema()` returned, checked; `None` when it has
    /// no `get_schema()`.
    pub fn schema(&self) -> Option<&Schema> {
        self.schema.as_ref().map(|s| &s.schema)
    }

    /// Runs `main` with `config`, its schema's defaults behind it, and
    /// paints what it returns.
    pub fn render(&self, config: &ConfigMap, options: &Options) -> Result<Rendered, Error> {
        let defaults = self.schema().map(Schema::defaults).unwrap_or_default();
        self.render_with_defaults(config, &defaults, options)
    }

    /// What the schema handler clients know as `handler` answers with:
    /// a field's handler is known by its field's type, but a
    /// `schema.Handler`'s only by the type it was given, which the schema's
    /// JSON does not carry. `None` when there is no such handler.
    pub fn handler_kind(&self, handler: &str) -> Option<HandlerKind> {
        self.schema.as_ref()?.handler_kind(handler)
    }

    /// Calls the schema handler clients know as `handler` (a field's
    /// `handler` in the schema's JSON, or a `schema.Handler`'s function
    /// name) with `parameter`, and gives its answer as Pixlet does: options
    /// and generated schemas as JSON, OAuth handlers' strings as they are.
    pub fn call_handler(
        &self,
        handler: &str,
        parameter: &str,
        config: &ConfigMap,
        options: &Options,
    ) -> Result<String, Error> {
        let schema = self
            .schema
            .as_ref()
            .ok_or_else(|| Error::load(format!("no exported handler named '{handler}'")))?;
        let config = Arc::new(config.clone());
        on_app_thread(&options.limits, || {
            let session = Session::new(
                &self.files,
                context(options, &self.id, &self.cache, &self.catalog),
                options.limits,
                options.print.clone(),
                self.modules.clone(),
            );
            schema.call(&session, &self.modules, handler, parameter, config)
        })
    }

    /// As [`Applet::render`], with `defaults` behind `config` in place of
    /// the schema's: for a host that keeps its own copy of them.
    pub fn render_with_defaults(
        &self,
        config: &ConfigMap,
        defaults: &ConfigMap,
        options: &Options,
    ) -> Result<Rendered, Error> {
        self.call_main(config, defaults, options, paint)
    }

    /// Runs `main` and returns the roots it built, unpainted: for a host
    /// that paints frames as it shows them, or looks at the widgets.
    pub fn run(&self, config: &ConfigMap, defaults: &ConfigMap, options: &Options) -> Result<Vec<Arc<Root>>, Error> {
        self.call_main(config, defaults, options, |roots, _| Ok(roots.to_vec()))
    }

    fn call_main<T: Send>(
        &self,
        config: &ConfigMap,
        defaults: &ConfigMap,
        options: &Options,
        finish: impl FnOnce(&[Arc<Root>], &Session) -> Result<T, Error> + Send,
    ) -> Result<T, Error> {
        let config = Arc::new(config.clone());
        let defaults = Arc::new(defaults.clone());
        on_app_thread(&options.limits, || {
            let session = Session::new(
                &self.files,
                context(options, &self.id, &self.cache, &self.catalog),
                options.limits,
                options.print.clone(),
                self.modules.clone(),
            );
            let roots = Module::with_temp_heap(|module| {
                module.frozen_heap().add_reference(self.main.owner());
                // SAFETY: the module's heap now holds a reference to the heap
                // `main` lives in, so the value outlives every use here.
                let main = unsafe { self.main.unchecked_frozen_value() }.to_value();
                let mut eval = session.evaluator(&module);
                let args: Vec<Value> = if self.main_takes_config {
                    vec![module.heap().alloc(Config::new(config, defaults))]
                } else {
                    Vec::new()
                };
                let result = eval
                    .eval_function(main, &args, &[])
                    .map_err(|error| session.error(error, &mut eval))?;
                roots_of(result)
            })?;
            finish(&roots, &session)
        })
    }
}

/// The render context an evaluation sees.
fn context(options: &Options, app: &str, cache: &Arc<Cache>, catalog: &Arc<Catalog>) -> RenderContext {
    let now = options.now.unwrap_or_else(Utc::now);
    RenderContext {
        canvas: options.canvas,
        now,
        timezone: options.timezone,
        seed: options.seed.unwrap_or_else(|| (now.timestamp() / 15) as u64),
        cache: cache.clone(),
        locale: options.locale.clone(),
        random: Default::default(),
        catalog: catalog.clone(),
        fetcher: Fetcher::new(options.network.clone(), app, options.limits.timeout),
    }
}

/// Whether a function declares parameters (`main(config)` vs `main()`).
fn takes_arguments(function: &OwnedFrozenValue) -> bool {
    match function.value().documentation() {
        DocItem::Member(DocMember::Function(f)) => {
            f.params.regular_params().next().is_some() || f.params.args.is_some()
        }
        _ => true,
    }
}

/// The roots `main` returned: one, a list of them, or nothing.
fn roots_of(value: Value) -> Result<Vec<Arc<Root>>, Error> {
    if value.is_none() {
        return Ok(Vec::new());
    }
    if let Some(root) = built_as::<Root>(value) {
        return Ok(vec![root]);
    }
    if let Some(list) = ListRef::from_value(value) {
        return list
            .content()
            .iter()
            .enumerate()
            .map(|(i, item)| {
                built_as::<Root>(*item).ok_or_else(|| {
                    Error::Output(format!(
                        "expected app implementation to return Root(s) but found: {} (at index {i})",
                        item.get_type()
                    ))
                })
            })
            .collect();
    }
    Err(Error::Output(format!(
        "expected app implementation to return Root(s) but found: {}",
        value.get_type()
    )))
}

/// Paints every root's frames in turn, within the frame limit and the deadline.
fn paint(roots: &[Arc<Root>], session: &Session) -> Result<Rendered, Error> {
    let canvas = session.context().canvas;
    let (width, height) = (canvas.scaled_width(), canvas.scaled_height());
    let limits = session.limits();
    let mut frames = Vec::new();
    for root in roots {
        let left = limits.max_frames.saturating_sub(frames.len());
        for frame in paint_frames(root.child.as_ref(), width, height, left) {
            if session.deadline().passed() {
                return Err(Error::Timeout(limits.timeout));
            }
            frames.push(frame);
        }
    }
    let first = roots.first();
    Ok(Rendered {
        frames,
        delay: Duration::from_millis(
            first
                .map_or(0, |r| r.delay)
                .try_into()
                .ok()
                .filter(|&d| d > 0)
                .unwrap_or(50),
        ),
        max_age: first
            .map(|r| r.max_age)
            .filter(|&age| age > 0)
            .map(|age| Duration::from_secs(age as u64)),
        show_full_animation: first.is_some_and(|r| r.show_full_animation),
    })
}

/// Runs `work` on a thread of its own with a stack deep enough for the
/// call-depth limit, so deep recursion in an app stops at that limit rather
/// than overflowing the caller's stack, and a panic in a native function
/// fails this app only.
fn on_app_thread<T: Send>(limits: &Limits, work: impl FnOnce() -> Result<T, Error> + Send) -> Result<T, Error> {
    let stack = limits.max_call_depth.saturating_mul(STACK_PER_CALL).max(MIN_STACK);
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("starlet-app".into())
            .stack_size(stack)
            .spawn_scoped(scope, work)
            .map_err(|e| Error::load(format!("cannot start the app's thread: {e}")))?;
        thread.join().unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(Error::Starlark(format!(
                "internal error while running the app: {message}"
            )))
        })
    })
}
