//! The manager over a store: commits that race, stale announcements and outages.
//!
//! The store here is a small in-memory compare-and-set store with the same
//! contract as the Redis one, plus a hook that lets "another instance" commit
//! between a command's read and its write.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use parking_lot::Mutex;

use super::state::{State, StateFile};
use super::store::{StateStore, StoreError, Version, Versioned};
use super::{Command, CommandError, Manager};
use crate::apps::Registry;

#[derive(Default)]
struct MemoryStore {
    held: Mutex<Option<Versioned>>,
    down: AtomicBool,
    /// Committed by "someone else" just before the next write is checked.
    interloper: Mutex<Option<State>>,
}

impl MemoryStore {
    fn current(&self) -> Versioned {
        self.held.lock().clone().expect("seeded")
    }

    fn commit(held: &mut Versioned, state: Arc<State>) {
        held.version.number += 1;
        held.state = state;
    }
}

impl StateStore for MemoryStore {
    fn load<'a>(&'a self, known: &'a Versioned) -> BoxFuture<'a, Result<Versioned, StoreError>> {
        async move {
            if self.down.load(Ordering::Relaxed) {
                return Err(StoreError("connection refused".into()));
            }
            let mut held = self.held.lock();
            Ok(held
                .get_or_insert_with(|| Versioned {
                    version: Version {
                        generation: "first".into(),
                        number: 1,
                    },
                    state: known.state.clone(),
                })
                .clone())
        }
        .boxed()
    }

    fn store<'a>(
        &'a self,
        base: &'a Version,
        state: &'a Arc<State>,
    ) -> BoxFuture<'a, Result<Option<Version>, StoreError>> {
        async move {
            if self.down.load(Ordering::Relaxed) {
                return Err(StoreError("connection refused".into()));
            }
            let mut guard = self.held.lock();
            let held = guard.as_mut().expect("seeded");
            if let Some(theirs) = self.interloper.lock().take() {
                Self::commit(held, Arc::new(theirs));
            }
            if held.version != *base {
                return Ok(None);
            }
            Self::commit(held, state.clone());
            Ok(Some(held.version.clone()))
        }
        .boxed()
    }
}

fn registry() -> Arc<Registry> {
    Arc::new(Registry::builtin())
}

fn defaults(registry: &Registry) -> State {
    State::from_file(StateFile::default(), registry, Some("clock"), |_| {})
}

async fn member(registry: &Arc<Registry>, store: &Arc<MemoryStore>) -> Manager {
    let seed = Versioned {
        version: Version {
            generation: "none yet".into(),
            number: 0,
        },
        state: Arc::new(defaults(registry)),
    };
    let initial = store.load(&seed).await.expect("store up");
    Manager::new(registry.clone(), initial, store.clone())
}

#[tokio::test]
async fn a_command_on_a_stale_mirror_builds_on_the_newest_shared_state() {
    let registry = registry();
    let store = Arc::new(MemoryStore::default());
    let first = member(&registry, &store).await;
    let second = member(&registry, &store).await;

    first.execute(Command::SetBrightness(20)).await.unwrap();
    // `second` never heard of that change, yet its command keeps it.
    second.execute(Command::Stop).await.unwrap();

    let shared = store.current();
    assert_eq!((shared.state.brightness, shared.state.current.clone()), (20, None));
    assert_eq!(shared.version.number, 3);
    assert_eq!(second.state(), shared.state);
    assert_eq!(second.version(), shared.version);
}

#[tokio::test]
async fn a_commit_that_loses_the_race_is_reapplied_not_lost() {
    let registry = registry();
    let store = Arc::new(MemoryStore::default());
    let manager = member(&registry, &store).await;
    let mut theirs = defaults(&registry);
    theirs.brightness = 5;
    *store.interloper.lock() = Some(theirs);

    manager.execute(Command::Stop).await.unwrap();

    let shared = store.current();
    assert_eq!((shared.state.brightness, shared.state.current.clone()), (5, None));
    assert_eq!(shared.version.number, 3, "their commit, then ours once");
    assert_eq!(manager.state().brightness, 5);
}

#[tokio::test]
async fn validation_uses_the_shared_state_and_refusals_write_nothing() {
    let registry = registry();
    let store = Arc::new(MemoryStore::default());
    let first = member(&registry, &store).await;
    let second = member(&registry, &store).await;
    first.execute(Command::Stop).await.unwrap();

    let refused = second.execute(Command::ConfigureRunning(Default::default())).await;

    assert_eq!(refused, Err(CommandError::NothingRunning));
    assert_eq!(store.current().version.number, 2);
}

#[tokio::test]
async fn without_the_store_commands_are_refused_and_the_mirror_kept() {
    let registry = registry();
    let store = Arc::new(MemoryStore::default());
    let manager = member(&registry, &store).await;
    store.down.store(true, Ordering::Relaxed);

    let refused = manager.execute(Command::SetBrightness(1)).await;

    assert_eq!(refused, Err(CommandError::Unavailable("connection refused".into())));
    assert_eq!(manager.state().brightness, 100);
    store.down.store(false, Ordering::Relaxed);
    manager.execute(Command::SetBrightness(1)).await.unwrap();
    assert_eq!(manager.state().brightness, 1);
}

#[tokio::test]
async fn late_announcements_never_roll_the_mirror_back() {
    let registry = registry();
    let store = Arc::new(MemoryStore::default());
    let manager = member(&registry, &store).await;
    manager.execute(Command::SetBrightness(40)).await.unwrap();
    let mut older = defaults(&registry);
    older.brightness = 90;
    let (_, mut settings) = manager
        .watch_views()
        .find(|(view, _)| view.event == "settings")
        .unwrap();
    settings.mark_unchanged();

    manager.adopt(Versioned {
        version: Version {
            generation: "first".into(),
            number: 1,
        },
        state: Arc::new(older.clone()),
    });
    assert_eq!(manager.state().brightness, 40);
    assert!(!settings.has_changed().unwrap());

    // A new generation (the store was lost and seeded again) is taken whatever its number.
    manager.adopt(Versioned {
        version: Version {
            generation: "second".into(),
            number: 1,
        },
        state: Arc::new(older),
    });
    assert_eq!(manager.state().brightness, 90);
    assert!(settings.has_changed().unwrap());
}

#[tokio::test]
async fn commands_share_the_state_rather_than_copy_it() {
    let registry = registry();
    let store = Arc::new(MemoryStore::default());
    let manager = member(&registry, &store).await;
    let before = manager.state();
    manager.execute(Command::SetBrightness(100)).await.unwrap();
    assert!(
        Arc::ptr_eq(&before, &manager.state()),
        "a command that changes nothing leaves the one state there was"
    );
    manager.execute(Command::SetBrightness(30)).await.unwrap();
    assert!(
        Arc::ptr_eq(&manager.state(), &store.current().state),
        "the mirror and the store hold the same committed state"
    );
}
