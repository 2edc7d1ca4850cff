//! The state file: a lone instance's [`StateStore`], loaded at start and saved after every change.
//!
//! The [`FileStore`] holds the state in memory and commits to it at once;
//! saves run on a blocking thread behind a watch channel, so commands never
//! wait for the disk, at most one save starts per [`SAVE_SPACING`], and the
//! changes made meanwhile collapse into one write of the newest state (at 50
//! changes/s, a save per change took 2% of the server's CPU with 1,000
//! clients, 18% with 100). Shutdown saves whatever is newer. Each write goes
//! to a temporary file that is fsynced and renamed over the old one: a crash
//! leaves either the old file or the new one. A failed save is retried with
//! back-off until it succeeds.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use parking_lot::Mutex;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::manager::state::{State, StateFile};
use crate::manager::store::{StateStore, StoreError, Version, Versioned};

/// First wait before saving again after a failed save; it doubles up to [`LONGEST_RETRY`].
const FIRST_RETRY: Duration = Duration::from_millis(500);
const LONGEST_RETRY: Duration = Duration::from_secs(30);
/// Least time between two saves: a crash loses at most the changes of this long.
pub const SAVE_SPACING: Duration = Duration::from_secs(1);

/// The state of a lone instance, kept in memory and saved to the state file.
pub struct FileStore {
    path: PathBuf,
    held: Mutex<Versioned>,
    /// The newest committed state, for the saver.
    commits: watch::Sender<StateFile>,
    /// Subscribed at creation, so a commit made before the saver starts is still saved.
    unsaved: watch::Receiver<StateFile>,
    /// Saves that reached the disk, and attempts that failed, for `/metrics`.
    pub saves: AtomicU64,
    pub failed_saves: AtomicU64,
}

impl FileStore {
    /// A store at `path` starting from `state` (as loaded from that file, or defaults).
    pub fn new(path: PathBuf, state: State) -> Self {
        let (commits, unsaved) = watch::channel(state.to_file());
        let version = Version {
            generation: "file".into(),
            number: 0,
        };
        Self {
            path,
            held: Mutex::new(Versioned {
                version,
                state: Arc::new(state),
            }),
            commits,
            unsaved,
            saves: AtomicU64::new(0),
            failed_saves: AtomicU64::new(0),
        }
    }

    /// The state and version the manager starts from.
    pub fn current(&self) -> Versioned {
        self.held.lock().clone()
    }

    /// Writes the held state now; for shutdown, when the saver has stopped.
    pub fn save_now(&self) -> io::Result<()> {
        let file = self.held.lock().state.to_file();
        save(&self.path, &file)
    }

    /// Saves the newest commit until `shutdown`, no sooner than [`SAVE_SPACING`]
    /// after the previous save, retrying failed saves with back-off; the state
    /// the store was created with counts as saved.
    pub async fn run_saver(&self, shutdown: CancellationToken) {
        let mut commits = self.unsaved.clone();
        // While saves fail: how long to wait before the next try.
        let mut retry: Option<Duration> = None;
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                changed = commits.changed() => if changed.is_err() { return },
                () = tokio::time::sleep(retry.unwrap_or_default()), if retry.is_some() => {}
            }
            let state = commits.borrow_and_update().clone();
            let path = self.path.clone();
            let written = tokio::task::spawn_blocking(move || save(&path, &state))
                .await
                .unwrap_or_else(|panic| Err(io::Error::other(panic.to_string())));
            let path = self.path.display();
            let counter = if written.is_ok() {
                &self.saves
            } else {
                &self.failed_saves
            };
            counter.fetch_add(1, Ordering::Relaxed);
            match (written, retry) {
                (Ok(()), None) => tracing::debug!(path = %path, "state saved"),
                (Ok(()), Some(_)) => {
                    tracing::info!(path = %path, "state saved again after failed attempts");
                    retry = None;
                }
                (Err(error), None) => {
                    tracing::error!(path = %path, %error, "could not save state; retrying until it works");
                    retry = Some(FIRST_RETRY);
                }
                (Err(error), Some(wait)) => {
                    tracing::debug!(path = %path, %error, "state still not saved");
                    retry = Some((wait * 2).min(LONGEST_RETRY));
                }
            }
            if retry.is_none() {
                tokio::select! {
                    () = shutdown.cancelled() => return,
                    () = tokio::time::sleep(SAVE_SPACING) => {}
                }
            }
        }
    }
}

impl StateStore for FileStore {
    fn load<'a>(&'a self, _known: &'a Versioned) -> BoxFuture<'a, Result<Versioned, StoreError>> {
        let current = self.current();
        async move { Ok(current) }.boxed()
    }

    fn store<'a>(
        &'a self,
        base: &'a Version,
        state: &'a Arc<State>,
    ) -> BoxFuture<'a, Result<Option<Version>, StoreError>> {
        let mut held = self.held.lock();
        let committed = (held.version == *base).then(|| {
            held.version.number += 1;
            held.state = Arc::clone(state);
            // A change the file does not hold (a notification) is not saved again.
            let file = state.to_file();
            self.commits.send_if_modified(|unsaved| {
                let changed = *unsaved != file;
                if changed {
                    *unsaved = file;
                }
                changed
            });
            held.version.clone()
        });
        async move { Ok(committed) }.boxed()
    }
}

/// What [`load`] found on disk.
#[derive(Debug)]
pub enum Loaded {
    Found(Box<StateFile>),
    Missing,
    /// The file could not be used; it was moved to `set_aside` (if that worked).
    Unusable {
        reason: String,
        set_aside: Option<PathBuf>,
    },
}

/// Reads the state file. A corrupt or unreadable file is moved aside rather
/// than overwritten, so nothing a user had is silently lost.
pub fn load(path: &Path) -> Loaded {
    let reason = match std::fs::read(path) {
        Ok(bytes) => match serde_json::from_slice::<StateFile>(&bytes) {
            Ok(file) => return Loaded::Found(Box::new(file)),
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
    let mut temp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .rand_bytes(TEMP_RANDOM_CHARS)
        .tempfile_in(dir)?;
    serde_json::to_writer_pretty(&mut temp, state)?;
    temp.write_all(b"\n")?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|error| error.error)?;
    std::fs::File::open(dir)?.sync_all()
}

/// Temporary files are `.{file name}.` followed by this many random letters and digits.
const TEMP_RANDOM_CHARS: usize = 6;

fn temp_prefix(path: &Path) -> String {
    format!(".{}.", file_name(path))
}

/// Removes the temporary files that saves interrupted by a crash left next to
/// the state file (only names [`save`] makes), and says how many went.
pub fn remove_stale_temp_files(path: &Path) {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let prefix = temp_prefix(path);
    let ours = |name: &str| {
        name.strip_prefix(&prefix).is_some_and(|rest| {
            rest.len() == TEMP_RANDOM_CHARS && rest.bytes().all(|byte| byte.is_ascii_alphanumeric())
        })
    };
    let stale: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_str().is_some_and(ours))
        .map(|entry| entry.path())
        .collect();
    let removed = stale.iter().filter(|file| std::fs::remove_file(file).is_ok()).count();
    if removed > 0 {
        tracing::info!(dir = %dir.display(), "removed {removed} temporary files left by interrupted saves");
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "state.json".into(), |name| name.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::apps::Registry;

    /// A store of the default state saving to `path`, its saver running.
    struct Saving {
        store: Arc<FileStore>,
        shutdown: CancellationToken,
        saver: tokio::task::JoinHandle<()>,
    }

    impl Saving {
        fn start(path: &Path) -> Self {
            let store = Arc::new(FileStore::new(path.to_path_buf(), defaults()));
            let shutdown = CancellationToken::new();
            let saver = tokio::spawn({
                let (store, shutdown) = (store.clone(), shutdown.clone());
                async move { store.run_saver(shutdown).await }
            });
            Self { store, shutdown, saver }
        }

        async fn stop(self) {
            self.shutdown.cancel();
            self.saver.await.unwrap();
        }
    }

    fn defaults() -> State {
        State::from_file(StateFile::default(), &Registry::builtin(), Some("clock"), |w| {
            panic!("{w}")
        })
    }

    #[tokio::test]
    async fn commits_are_compare_and_set_and_reach_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let saving = Saving::start(&path);
        let store = &saving.store;

        let base = store.current().version;
        let mut dimmed = defaults();
        dimmed.brightness = 30;
        let dimmed = Arc::new(dimmed);
        let next = store.store(&base, &dimmed).await.unwrap().expect("at the base version");
        assert_eq!(next.number, base.number + 1);
        assert_eq!(
            store.store(&base, &Arc::new(defaults())).await.unwrap(),
            None,
            "a stale base is refused"
        );
        assert_eq!(store.current().state, dimmed);

        let saved = wait_for(|| match load(&path) {
            Loaded::Found(file) => file.settings.brightness == Some(30),
            _ => false,
        })
        .await;
        assert!(saved, "the commit was saved");
        saving.stop().await;
    }

    #[tokio::test]
    async fn changes_within_the_spacing_are_one_later_save_of_the_newest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let saving = Saving::start(&path);
        let store = &saving.store;
        let brightness_on_disk = || match load(&path) {
            Loaded::Found(file) => file.settings.brightness,
            _ => None,
        };
        let set = |brightness| {
            let mut state = State::clone(&store.current().state);
            state.brightness = brightness;
            let state = Arc::new(state);
            let store = store.clone();
            async move { store.store(&store.current().version, &state).await.unwrap().unwrap() }
        };

        set(10).await;
        assert!(wait_for(|| store.saves.load(Ordering::Relaxed) == 1).await);
        assert_eq!(brightness_on_disk(), Some(10));
        set(20).await;
        set(30).await;
        tokio::time::sleep(SAVE_SPACING / 2).await;
        assert_eq!(brightness_on_disk(), Some(10), "no save within the spacing");
        assert!(wait_for(|| store.saves.load(Ordering::Relaxed) == 2).await);
        assert_eq!(brightness_on_disk(), Some(30), "20 and 30 were one save of the newest");
        tokio::time::sleep(SAVE_SPACING / 2).await;
        assert_eq!(store.saves.load(Ordering::Relaxed), 2);
        saving.stop().await;
    }

    #[tokio::test]
    async fn a_failed_save_is_retried_until_it_works() {
        let dir = tempfile::tempdir().unwrap();
        // The directory does not exist yet, so saving fails.
        let path = dir.path().join("later").join("state.json");
        let saving = Saving::start(&path);
        let store = &saving.store;
        let mut stopped = defaults();
        stopped.current = None;
        store
            .store(&store.current().version, &Arc::new(stopped))
            .await
            .unwrap()
            .unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(matches!(load(&path), Loaded::Missing));

        // No further change comes; the saver tries again by itself.
        std::fs::create_dir(dir.path().join("later")).unwrap();
        let saved = wait_for(|| matches!(load(&path), Loaded::Found(file) if file.last_app.is_none())).await;
        assert!(saved, "saved once the directory appeared");
        saving.stop().await;
    }

    #[test]
    fn only_temporary_files_of_interrupted_saves_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        save(&path, &StateFile::default()).unwrap();
        let names = [
            ".state.json.a1B2c3",
            ".state.json.zzzzzz",
            ".state.json.abc",
            ".other.json.a1B2c3",
            "notes.txt",
        ];
        for name in names {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        remove_stale_temp_files(&path);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [".other.json.a1B2c3", ".state.json.abc", "notes.txt", "state.json"]
        );
    }

    async fn wait_for(mut done: impl FnMut() -> bool) -> bool {
        for _ in 0..100 {
            if done() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }
}
