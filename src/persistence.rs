//! The state file: loading it at start, and saving it after every change.
//!
//! Saves run on a blocking thread behind a watch channel, so request handlers
//! never wait for the disk and a burst of changes collapses into one write of
//! the newest state. Each write goes to a temporary file that is fsynced and
//! renamed over the old one: a crash leaves either the old file or the new one.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::manager::state::StateFile;

/// What [`load`] found on disk.
#[derive(Debug)]
pub enum Loaded {
    Found(StateFile),
    Missing,
    /// The file could not be used; it was moved to `set_aside` (if that worked).
    Unusable { reason: String, set_aside: Option<PathBuf> },
}

/// Reads the state file. A corrupt or unreadable file is moved aside rather
/// than overwritten, so nothing a user had is silently lost.
pub fn load(path: &Path) -> Loaded {
    let reason = match std::fs::read(path) {
        Ok(bytes) => match serde_json::from_slice::<StateFile>(&bytes) {
            Ok(file) => return Loaded::Found(file),
            Err(error) => format!("not a valid state file: {error}"),
        },
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Loaded::Missing,
        Err(error) => format!("unreadable: {error}"),
    };
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let aside = path.with_file_name(format!("{}.corrupt-{seconds}", file_name(path)));
    let set_aside = std::fs::rename(path, &aside).ok().map(|()| aside);
    Loaded::Unusable { reason, set_aside }
}

/// Writes `state` to `path` atomically: temp file, fsync, rename, fsync of the directory.
pub fn save(path: &Path, state: &StateFile) -> io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new().prefix(&format!(".{}.", file_name(path))).tempfile_in(dir)?;
    serde_json::to_writer_pretty(&mut temp, state)?;
    temp.write_all(b"\n")?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|error| error.error)?;
    std::fs::File::open(dir)?.sync_all()
}

/// Saves every new state published on `states` until `shutdown`, then returns.
///
/// The value present when the task starts counts as already saved.
pub async fn run_saver(path: PathBuf, mut states: watch::Receiver<StateFile>, shutdown: CancellationToken) {
    states.mark_unchanged();
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            changed = states.changed() => if changed.is_err() { return },
        }
        let state = states.borrow_and_update().clone();
        let target = path.clone();
        let written = tokio::task::spawn_blocking(move || save(&target, &state)).await;
        match written {
            Ok(Ok(())) => tracing::debug!(path = %path.display(), "state saved"),
            Ok(Err(error)) => tracing::error!(path = %path.display(), %error, "could not save state"),
            Err(error) => tracing::error!(%error, "state saver panicked"),
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| "state.json".into(), |name| name.to_string_lossy().into_owned())
}
