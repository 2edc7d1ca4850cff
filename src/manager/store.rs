//! The seam between the manager and where the state is kept.
//!
//! A lone instance keeps it in the state file ([`crate::persistence::FileStore`]),
//! a cluster in Redis ([`crate::cluster::store::RedisStore`]). Either way the
//! manager keeps a mirror and commits every change as a compare-and-set
//! against the version it read, so two commands changing the state at once
//! (on one instance or two) can never lose an update. The manager knows the
//! store only through [`StateStore`]; adding a store means implementing it
//! and choosing it in `Application::build`.

use std::sync::Arc;

use futures_util::future::BoxFuture;

use super::state::State;

/// Which shared state a mirror holds.
///
/// `generation` changes whenever the store has to be seeded again (its
/// contents were lost), so versions are only compared within a generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub generation: String,
    pub number: u64,
}

impl Version {
    /// Whether a mirror at `self` should take a state read at `incoming`.
    pub fn accepts(&self, incoming: &Version) -> bool {
        self.generation != incoming.generation || incoming.number > self.number
    }
}

/// A state together with the version it had in the store. The state is shared, not
/// copied, between the mirror, the store and the commands reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned {
    pub version: Version,
    pub state: Arc<State>,
}

/// The store could not be reached or answered nonsense; nothing was changed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(pub String);

pub trait StateStore: Send + Sync + 'static {
    /// Reads the newest shared state, given `known`, this instance's mirror: a store
    /// still at `known`'s version may answer with it rather than read and decode the
    /// state again. When the store holds none (first start, or its data was lost) it is
    /// seeded with `known`'s state.
    fn load<'a>(&'a self, known: &'a Versioned) -> BoxFuture<'a, Result<Versioned, StoreError>>;

    /// Stores `state` as the version after `base`, and announces it to every
    /// instance, if the store is still at `base`. `Ok(None)` means someone else
    /// changed it first: read again and reapply.
    fn store<'a>(
        &'a self,
        base: &'a Version,
        state: &'a Arc<State>,
    ) -> BoxFuture<'a, Result<Option<Version>, StoreError>>;
}
