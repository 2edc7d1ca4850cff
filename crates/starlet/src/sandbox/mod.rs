//! Running untrusted apps in a worker process: renders, and the schema
//! requests (the schema, handler calls) a configuring client makes.
//!
//! The in-process limits stop loops and gradual growth, but one native call
//! can ask for gigabytes at once (`"x" * 2000000000`), and the Starlark
//! interpreter itself advises running untrusted code in a subprocess. A
//! [`Sandbox`] keeps one worker process with a capped address space: an
//! app that exhausts it kills only the worker, a render that outlives its
//! time limit has the worker killed, and either way the next render starts
//! a fresh worker. The worker keeps loaded apps (and so their `cache`)
//! between renders while it lives.
//!
//! The host decides how a worker is started: any program whose entry point
//! calls [`serve`], e.g. its own binary with a hidden subcommand, with the
//! [`crate::net::Network`] its apps' `http` requests go out on.

mod wire;
mod worker;

use std::io::{self, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use parking_lot::Mutex;

pub use worker::serve;

use crate::runtime::applet::{Options, Rendered};
use crate::runtime::error::Error;
use crate::schema::{HandlerKind, Schema};
use crate::values::config::ConfigMap;
use wire::{Answer, Job, Reply, Request, WireOptions};

/// How long past its own time limit a render may take before its worker
/// is killed: painting and the pipe take a little longer than the app.
const GRACE: Duration = Duration::from_secs(2);
/// The longest reply header a worker may send.
const MAX_REPLY_HEADER: usize = 1 << 20;
/// How much of what a worker writes on stderr to keep for the error: the
/// start, where a panic or an allocation failure says what happened.
const STDERR_KEPT: usize = 4096;

/// A worker process, started on first use and again after it dies.
pub struct Sandbox {
    start: Box<dyn Fn() -> Command + Send + Sync>,
    worker: Option<Worker>,
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    stderr: Arc<Mutex<Vec<u8>>>,
}

impl Sandbox {
    /// A sandbox whose workers run the command `start` builds.
    pub fn new(start: impl Fn() -> Command + Send + Sync + 'static) -> Self {
        Self {
            start: Box::new(start),
            worker: None,
        }
    }

    /// Renders the app at `app` in the worker, as [`crate::Applet::render_with_defaults`]
    /// would in this process. `options.print` receives the app's `print()` lines.
    pub fn render(
        &mut self,
        app: &Path,
        config: &ConfigMap,
        defaults: &ConfigMap,
        options: &Options,
    ) -> Result<Rendered, Error> {
        let job = Job::Render {
            config: config.clone(),
            defaults: defaults.clone(),
        };
        match self.ask(app, job, options)? {
            Answer::Rendered(rendered) => Ok(rendered),
            _ => Err(unexpected("frames")),
        }
    }

    /// The schema of the app at `app`, as [`crate::Applet::schema`] gives
    /// it: `None` when the app has no `get_schema()`.
    pub fn schema(&mut self, app: &Path, options: &Options) -> Result<Option<Schema>, Error> {
        match self.ask(app, Job::Schema, options)? {
            Answer::Schema(schema) => Ok(schema),
            _ => Err(unexpected("a schema")),
        }
    }

    /// Calls a schema handler of the app at `app` in the worker, as
    /// [`crate::Applet::call_handler`] would in this process; with the
    /// answer, what it is ([`crate::Applet::handler_kind`]).
    pub fn call_handler(
        &mut self,
        app: &Path,
        handler: &str,
        parameter: &str,
        config: &ConfigMap,
        options: &Options,
    ) -> Result<(HandlerKind, String), Error> {
        let job = Job::Handler {
            handler: handler.to_owned(),
            parameter: parameter.to_owned(),
            config: config.clone(),
        };
        match self.ask(app, job, options)? {
            Answer::Handled(kind, answer) => Ok((kind, answer)),
            _ => Err(unexpected("a handler's answer")),
        }
    }

    /// Sends `job` for the app at `app` to the worker, starting one if
    /// needed, and replaces the worker if it stops answering.
    fn ask(&mut self, app: &Path, job: Job, options: &Options) -> Result<Answer, Error> {
        let app = app
            .canonicalize()
            .map_err(|e| Error::load(format!("cannot open {}: {e}", app.display())))?;
        let request = Request {
            app,
            options: WireOptions::from(options),
            job,
        };
        let worker = self.worker()?;
        let outcome = exchange(worker, &request, options.limits.timeout + GRACE);
        match outcome {
            Ok((answer, printed)) => {
                if let Some(print) = &options.print {
                    printed.iter().for_each(|line| print(line));
                }
                answer
            }
            Err(failure) => {
                let worker = self.worker.take().expect("the worker just used");
                Err(worker.died(failure, options))
            }
        }
    }

    /// The process id of the worker, while one runs: for a host that
    /// watches what its renders cost (the app benchmark reads its peak
    /// memory from `/proc`).
    pub fn worker_id(&self) -> Option<u32> {
        self.worker.as_ref().map(|worker| worker.child.id())
    }

    fn worker(&mut self) -> Result<&mut Worker, Error> {
        if self.worker.is_none() {
            self.worker = Some(Worker::start((self.start)())?);
        }
        Ok(self.worker.as_mut().expect("just started"))
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(mut worker) = self.worker.take() {
            let _ = worker.child.kill();
            let _ = worker.child.wait();
        }
    }
}

/// Why an exchange with a worker broke off.
enum Failure {
    TimedOut,
    Broken(io::Error),
}

/// Sends a request and reads its reply, killing the worker if no reply
/// comes within `patience`.
fn exchange(
    worker: &mut Worker,
    request: &Request,
    patience: Duration,
) -> Result<(Result<Answer, Error>, Vec<String>), Failure> {
    let (done, watch) = mpsc::channel::<()>();
    let pid = rustix::process::Pid::from_raw(worker.child.id() as i32);
    let watchdog = std::thread::spawn(move || {
        if let Err(mpsc::RecvTimeoutError::Timeout) = watch.recv_timeout(patience) {
            if let Some(pid) = pid {
                let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
            }
            return true;
        }
        false
    });
    let result = talk(worker, request);
    drop(done);
    let timed_out = watchdog.join().unwrap_or(false);
    match result {
        Ok(reply) => Ok(reply),
        Err(_) if timed_out => Err(Failure::TimedOut),
        Err(error) => Err(Failure::Broken(error)),
    }
}

fn talk(worker: &mut Worker, request: &Request) -> io::Result<(Result<Answer, Error>, Vec<String>)> {
    wire::write_line(&mut worker.stdin, request)?;
    worker.stdin.flush()?;
    let reply = wire::read_line::<Reply>(&mut worker.stdout, MAX_REPLY_HEADER)?
        .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "the worker closed its output"))?;
    Ok(match reply {
        Reply::Failed { error, printed } => (Err(error.into()), printed),
        Reply::Rendered {
            width,
            height,
            frames,
            delay_ms,
            max_age_s,
            show_full_animation,
            printed,
        } => {
            let frames = wire::read_frames(&mut worker.stdout, width, height, frames)?;
            let rendered = Rendered {
                frames,
                delay: Duration::from_millis(delay_ms),
                max_age: max_age_s.map(Duration::from_secs),
                show_full_animation,
            };
            (Ok(Answer::Rendered(rendered)), printed)
        }
        Reply::Schema { schema, printed } => (Ok(Answer::Schema(schema)), printed),
        Reply::Handled { answer, kind, printed } => match HandlerKind::from_number(kind) {
            Some(kind) => (Ok(Answer::Handled(kind, answer)), printed),
            None => (Err(unexpected("a handler's answer of a known kind")), printed),
        },
    })
}

/// A worker answered a request with a reply of another kind.
fn unexpected(wanted: &str) -> Error {
    Error::load(format!("the app's worker answered with something other than {wanted}"))
}

impl Worker {
    fn start(mut command: Command) -> Result<Self, Error> {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::load(format!("cannot start the app worker: {e}")))?;
        let stdin = child.stdin.take().expect("piped");
        let stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut stderr_pipe = child.stderr.take().expect("piped");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let kept = stderr.clone();
        std::thread::spawn(move || {
            let mut chunk = [0u8; 1024];
            while let Ok(n) = stderr_pipe.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                let mut kept = kept.lock();
                let room = STDERR_KEPT.saturating_sub(kept.len());
                kept.extend_from_slice(&chunk[..n.min(room)]);
            }
        });
        Ok(Self {
            child,
            stdin,
            stdout,
            stderr,
        })
    }

    /// The error to report for a worker that stopped answering; reaps it.
    fn died(mut self, failure: Failure, options: &Options) -> Error {
        let _ = self.child.kill();
        let status = self.child.wait();
        let last_words = String::from_utf8_lossy(&self.stderr.lock()).trim().to_owned();
        match failure {
            Failure::TimedOut => Error::Timeout(options.limits.timeout),
            Failure::Broken(_) if last_words.contains("memory allocation") => Error::Memory(options.limits.max_heap),
            Failure::Broken(error) => {
                let status = status.map_or_else(|e| e.to_string(), |s| s.to_string());
                Error::Starlark(format!("the app's worker stopped ({status}): {error}; {last_words}"))
            }
        }
    }
}
