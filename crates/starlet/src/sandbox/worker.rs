//! The worker side: a loop that reads requests on stdin, renders (or reads
//! a schema, or calls a handler), and writes replies on stdout, with its
//! own address space capped so that no single allocation an app asks for
//! can take more than the cap.

use std::io::{self, BufReader, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use parking_lot::Mutex;

use super::wire::{self, Answer, Job, Loaded, Reply, Request, WireError};
use crate::Applet;
use crate::net::Network;
use crate::runtime::error::Error;
use crate::schema::HandlerKind;

/// The longest request line a worker reads (configs are small).
const MAX_REQUEST: usize = 4 << 20;

/// Serves requests until stdin closes. `address_space` caps the process's
/// virtual memory (`RLIMIT_AS`); an allocation past it fails and the worker
/// dies, which its host reports as the app running out of memory. Apps
/// reach the web through `network`; without one, their `http` calls fail.
pub fn serve(address_space: Option<u64>, network: Option<Arc<dyn Network>>) -> io::Result<()> {
    if let Some(limit) = address_space {
        let cap = rustix::process::Rlimit {
            current: Some(limit),
            maximum: Some(limit),
        };
        rustix::process::setrlimit(rustix::process::Resource::As, cap)?;
    }
    let mut input = BufReader::new(io::stdin().lock());
    let mut output = io::BufWriter::new(io::stdout().lock());
    let mut loaded = Loaded::new();
    while let Some(request) = wire::read_line::<Request>(&mut input, MAX_REQUEST)? {
        let printed = Arc::new(Mutex::new(Vec::new()));
        match answer(&request, &mut loaded, &printed, &network) {
            Ok(Answer::Rendered(rendered)) => wire::write_rendered(&mut output, &rendered, take(&printed))?,
            Ok(Answer::Schema(schema)) => reply(
                &mut output,
                Reply::Schema {
                    schema,
                    printed: take(&printed),
                },
            )?,
            Ok(Answer::Handled(kind, answer)) => reply(
                &mut output,
                Reply::Handled {
                    answer,
                    kind: kind.number(),
                    printed: take(&printed),
                },
            )?,
            Err(error) => reply(
                &mut output,
                Reply::Failed {
                    error: WireError::from(error),
                    printed: take(&printed),
                },
            )?,
        }
    }
    Ok(())
}

/// Writes a reply that carries everything in its header; one too long for
/// the host to read is replaced by an error saying so.
fn reply(output: &mut impl Write, reply: Reply) -> io::Result<()> {
    let line = serde_json::to_vec(&reply)?;
    if line.len() < super::MAX_REPLY_HEADER {
        output.write_all(&line)?;
        output.write_all(b"\n")?;
    } else {
        let error = Error::Output(format!(
            "the app's answer is {} bytes, more than the {} a reply may carry",
            line.len(),
            super::MAX_REPLY_HEADER
        ));
        wire::write_line(
            output,
            &Reply::Failed {
                error: WireError::from(error),
                printed: Vec::new(),
            },
        )?;
    }
    output.flush()
}

fn take(printed: &Mutex<Vec<String>>) -> Vec<String> {
    std::mem::take(&mut *printed.lock())
}

/// Most lines of `print()` output a reply carries.
const MAX_PRINTED: usize = 1000;

fn answer(
    request: &Request,
    loaded: &mut Loaded,
    printed: &Arc<Mutex<Vec<String>>>,
    network: &Option<Arc<dyn Network>>,
) -> Result<Answer, Error> {
    let mut options = request.options.to_options()?;
    options.network = network.clone();
    let sink = printed.clone();
    options.print = Some(Arc::new(move |line: &str| {
        let mut lines = sink.lock();
        if lines.len() < MAX_PRINTED {
            lines.push(line.to_owned());
        }
    }));
    let changed = newest_change(&request.app);
    let fresh = loaded.get(&request.app).is_some_and(|(when, _)| Some(*when) == changed);
    if !fresh {
        loaded.remove(&request.app);
        let applet = Applet::load(&request.app, &options)?;
        loaded.insert(request.app.clone(), (changed.unwrap_or(SystemTime::UNIX_EPOCH), applet));
    }
    let (_, applet) = &loaded[&request.app];
    match &request.job {
        Job::Render { config, defaults } => applet
            .render_with_defaults(config, defaults, &options)
            .map(Answer::Rendered),
        Job::Schema => Ok(Answer::Schema(applet.schema().cloned())),
        Job::Handler {
            handler,
            parameter,
            config,
        } => {
            let answer = applet.call_handler(handler, parameter, config, &options)?;
            // A handler that answered exists, so it has a kind.
            let kind = applet.handler_kind(handler).unwrap_or(HandlerKind::String);
            Ok(Answer::Handled(kind, answer))
        }
    }
}

/// When the app's file, or the newest file at the top of its folder, last changed.
fn newest_change(app: &Path) -> Option<SystemTime> {
    let modified = |path: &Path| path.metadata().and_then(|m| m.modified()).ok();
    if app.is_dir() {
        std::fs::read_dir(app)
            .ok()?
            .filter_map(Result::ok)
            .filter_map(|entry| modified(&entry.path()))
            .max()
    } else {
        modified(app)
    }
}
