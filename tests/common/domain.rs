//! The domain without a server, for tests that drive the manager's timers on paused tokio time.

use std::sync::Arc;

use retroboard::apps::Registry;
use retroboard::manager::Manager;
use retroboard::manager::state::{CarouselEntry, State, StateFile};
use retroboard::persistence::FileStore;
use serde_json::Number;

/// A manager over a state file that these tests never save, running the clock.
pub fn manager() -> Arc<Manager> {
    let registry = Arc::new(Registry::builtin());
    let state = State::from_file(StateFile::default(), &registry, Some("clock"), |warning| {
        panic!("{warning}")
    });
    let store = Arc::new(FileStore::new("never-saved.json".into(), state));
    Arc::new(Manager::new(registry, store.current(), store))
}

/// A carousel entry showing `app` for `seconds`, at any time.
pub fn entry(app: &str, seconds: f64) -> CarouselEntry {
    CarouselEntry {
        app: app.into(),
        duration: Number::from_f64(seconds).unwrap(),
        schedule: Default::default(),
    }
}
