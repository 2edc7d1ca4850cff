//! A bounded pool of sandboxed workers: a few threads, each owning one
//! worker process ([`starlet::sandbox::Sandbox`]), taking jobs from a queue
//! with two lanes.
//!
//! Requests a person waits on (a schema for a form, a handler's options, a
//! preview) go in the interactive lane, which workers serve first; renders
//! the board keeps fresh go in the background lane. Each lane holds a bounded
//! number of jobs and refuses more, so a burst of requests is answered "busy"
//! rather than queued without end. A job's answer comes back on a oneshot
//! channel: async callers await it while the worker thread blocks on its
//! process, and the panel's thread never takes part.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use parking_lot::{Condvar, Mutex};
use starlet::sandbox::Sandbox;
use starlet::schema::{HandlerKind, Schema};
use starlet::{ConfigMap, Options, Rendered};
use tokio::sync::oneshot;

/// The most jobs waiting in each lane.
const LANE_CAPACITY: usize = 32;

/// Which lane a job waits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// Someone waits for the answer.
    Interactive,
    /// The board keeps an installation fresh.
    Background,
}

/// Why a job gave no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PoolError {
    #[error("the app workers are all busy; try again shortly")]
    Busy,
    #[error("the app workers have stopped")]
    Stopped,
    #[error(transparent)]
    App(#[from] starlet::Error),
}

/// What a job asks of an app.
enum Work {
    Render {
        config: ConfigMap,
        defaults: ConfigMap,
    },
    Schema,
    Handler {
        handler: String,
        parameter: String,
        config: ConfigMap,
    },
}

enum Answer {
    Rendered(Rendered),
    Schema(Option<Schema>),
    Handled(HandlerKind, String),
}

struct Job {
    app: PathBuf,
    options: Options,
    work: Work,
    reply: oneshot::Sender<Result<Answer, starlet::Error>>,
}

#[derive(Default)]
struct Lanes {
    interactive: VecDeque<Job>,
    background: VecDeque<Job>,
    stopped: bool,
}

struct Queue {
    lanes: Mutex<Lanes>,
    ready: Condvar,
}

/// The workers; dropping the pool stops them once their current job is done,
/// and each takes its process with it.
pub struct Pool {
    queue: Arc<Queue>,
    workers: usize,
}

impl Pool {
    /// `workers` threads, each starting its worker process with `start`.
    pub fn new(workers: usize, start: impl Fn() -> Command + Clone + Send + Sync + 'static) -> Self {
        let queue = Arc::new(Queue {
            lanes: Mutex::default(),
            ready: Condvar::new(),
        });
        let workers = workers.max(1);
        for number in 0..workers {
            let (queue, start) = (queue.clone(), start.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("starlark-{number}"))
                .spawn(move || work(&queue, Sandbox::new(start)));
            if let Err(error) = spawned {
                tracing::error!(%error, "could not start an app worker thread");
            }
        }
        Self { queue, workers }
    }

    /// How many jobs run at once.
    pub fn workers(&self) -> usize {
        self.workers
    }

    /// Renders the app in folder `app`, as [`starlet::Applet::render_with_defaults`] does.
    pub async fn render(
        &self,
        lane: Lane,
        app: &Path,
        config: ConfigMap,
        defaults: ConfigMap,
        options: Options,
    ) -> Result<Rendered, PoolError> {
        match self.ask(lane, app, options, Work::Render { config, defaults }).await? {
            Answer::Rendered(rendered) => Ok(rendered),
            _ => Err(PoolError::Stopped),
        }
    }

    /// The app's schema; `None` when it has no `get_schema()`.
    pub async fn schema(&self, app: &Path, options: Options) -> Result<Option<Schema>, PoolError> {
        match self.ask(Lane::Interactive, app, options, Work::Schema).await? {
            Answer::Schema(schema) => Ok(schema),
            _ => Err(PoolError::Stopped),
        }
    }

    /// Calls the app's schema handler `handler` with `parameter`: what its
    /// answer is, and the answer.
    pub async fn call_handler(
        &self,
        app: &Path,
        handler: String,
        parameter: String,
        config: ConfigMap,
        options: Options,
    ) -> Result<(HandlerKind, String), PoolError> {
        let work = Work::Handler {
            handler,
            parameter,
            config,
        };
        match self.ask(Lane::Interactive, app, options, work).await? {
            Answer::Handled(kind, answer) => Ok((kind, answer)),
            _ => Err(PoolError::Stopped),
        }
    }

    async fn ask(&self, lane: Lane, app: &Path, options: Options, work: Work) -> Result<Answer, PoolError> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            app: app.to_owned(),
            options,
            work,
            reply,
        };
        {
            let mut lanes = self.queue.lanes.lock();
            if lanes.stopped {
                return Err(PoolError::Stopped);
            }
            let waiting = match lane {
                Lane::Interactive => &mut lanes.interactive,
                Lane::Background => &mut lanes.background,
            };
            if waiting.len() >= LANE_CAPACITY {
                return Err(PoolError::Busy);
            }
            waiting.push_back(job);
        }
        self.queue.ready.notify_one();
        answer.await.map_err(|_| PoolError::Stopped)?.map_err(PoolError::App)
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        let mut lanes = self.queue.lanes.lock();
        lanes.stopped = true;
        lanes.interactive.clear();
        lanes.background.clear();
        drop(lanes);
        self.queue.ready.notify_all();
    }
}

/// One worker thread: takes jobs, interactive ones first, until the pool stops.
fn work(queue: &Queue, mut sandbox: Sandbox) {
    loop {
        let job = {
            let mut lanes = queue.lanes.lock();
            loop {
                if lanes.stopped {
                    return;
                }
                if let Some(job) = lanes.interactive.pop_front().or_else(|| lanes.background.pop_front()) {
                    break job;
                }
                queue.ready.wait(&mut lanes);
            }
        };
        if job.reply.is_closed() {
            continue;
        }
        let Job {
            app,
            options,
            work,
            reply,
        } = job;
        let answer = match work {
            Work::Render { config, defaults } => {
                sandbox.render(&app, &config, &defaults, &options).map(Answer::Rendered)
            }
            Work::Schema => sandbox.schema(&app, &options).map(Answer::Schema),
            Work::Handler {
                handler,
                parameter,
                config,
            } => sandbox
                .call_handler(&app, &handler, &parameter, &config, &options)
                .map(|(kind, answer)| Answer::Handled(kind, answer)),
        };
        let _ = reply.send(answer);
    }
}

#[cfg(test)]
mod tests;
