//! The seam between a library and the store a cluster shares its uploads through
//! ([`crate::cluster::library::RedisUploads`] in production).
//!
//! The store keeps each upload's bytes as they came, never decoded frames, beside
//! an [`Entry`] describing them; every instance decodes what it needs itself. A
//! store admits an upload and gives it its revision in one step, so two instances
//! uploading at once can neither both pass the capacity nor get the same revision.

use std::collections::BTreeMap;

use futures_util::future::BoxFuture;
use image::ImageFormat;
use serde::{Deserialize, Serialize};

use super::{Capacity, IconError};

/// What the shared store says of one upload, so that an instance can list it and
/// count it against the capacity without fetching its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub width: u16,
    pub height: u16,
    pub frames: usize,
    /// The bytes' MIME type.
    pub format: String,
    /// Given by the store: grows with every upload of any name, cluster-wide.
    #[serde(default)]
    pub revision: u64,
}

impl Entry {
    pub fn new(width: u16, height: u16, frames: usize, format: ImageFormat) -> Self {
        Self {
            width,
            height,
            frames,
            format: format.to_mime_type().to_owned(),
            revision: 0,
        }
    }

    /// What its frames take decoded: what the capacity counts.
    pub fn decoded_bytes(&self) -> usize {
        usize::from(self.width) * usize::from(self.height) * 4 * self.frames
    }

    /// The format the bytes were told to be when uploaded.
    pub fn image_format(&self) -> Option<ImageFormat> {
        ImageFormat::from_mime_type(&self.format)
    }
}

/// An upload as the store holds it: its entry, and its bytes as they came.
pub type Stored = (Entry, Vec<u8>);

/// What became of an upload offered to the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Stored {
        revision: u64,
    },
    /// It would pass the capacity; nothing was stored.
    Refused(Refusal),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    TooMany,
    TooMuch,
}

impl Refusal {
    pub fn error(self, kind: &'static str, capacity: Capacity) -> IconError {
        match self {
            Self::TooMany => IconError::TooMany {
                kind,
                max: capacity.uploads,
            },
            Self::TooMuch => IconError::TooMuch {
                kind,
                max_mib: capacity.decoded_mib,
            },
        }
    }
}

/// Where a cluster's uploads of every kind ("icon", "picture") are kept. Every change is
/// announced to every instance, which then calls [`crate::icons::Library::sync`].
/// Errors are [`IconError::Shared`].
pub trait SharedUploads: Send + Sync + 'static {
    /// Stores `bytes` as `name`, replacing any upload of that name, unless the uploads
    /// of `kind` would then pass `capacity`.
    fn put<'a>(
        &'a self,
        kind: &'static str,
        name: &'a str,
        entry: &'a Entry,
        bytes: &'a [u8],
        capacity: Capacity,
    ) -> BoxFuture<'a, Result<Admission, IconError>>;

    /// Deletes the upload `name`; `false` if there was none.
    fn delete<'a>(&'a self, kind: &'static str, name: &'a str) -> BoxFuture<'a, Result<bool, IconError>>;

    /// Every upload of `kind`, by name.
    fn entries<'a>(&'a self, kind: &'static str) -> BoxFuture<'a, Result<BTreeMap<String, Entry>, IconError>>;

    /// The upload `name` with its bytes, read together so that they match; `None` if
    /// there is none.
    fn fetch<'a>(&'a self, kind: &'static str, name: &'a str) -> BoxFuture<'a, Result<Option<Stored>, IconError>>;
}
