//! The worker side: a loop that reads requests on stdin, renders, and writes
//! replies on stdout, with its own address space capped so that no single
//! allocation an app asks for can take more than the cap.

use std::io::{self, BufReader, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use parking_lot::Mutex;

use super::wire::{self, Loaded, Reply, Request, WireError};
use crate::Applet;
use crate::net::Network;
use crate::runtime::error::Error;

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
        match render(&request, &mut loaded, &printed, &network) {
            Ok(rendered) => wire::write_rendered(&mut output, &rendered, take(&printed))?,
            Err(error) => {
                wire::write_line(
                    &mut output,
                    &Reply::Failed {
                        error: WireError::from(error),
                        printed: take(&printed),
                    },
                )?;
                output.flush()?;
            }
        }
    }
    Ok(())
}

fn take(printed: &Mutex<Vec<String>>) -> Vec<String> {
    std::mem::take(&mut *printed.lock())
}

/// Most lines of `print()` output a reply carries.
const MAX_PRINTED: usize = 1000;

fn render(
    request: &Request,
    loaded: &mut Loaded,
    printed: &Arc<Mutex<Vec<String>>>,
    network: &Option<Arc<dyn Network>>,
) -> Result<crate::Rendered, Error> {
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
    applet.render_with_defaults(&request.config, &request.defaults, &options)
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
