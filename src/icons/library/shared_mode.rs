//! A library in cluster mode: its uploads live in a [`SharedUploads`] store, and its
//! folder holds a copy of each, made when the instance learns of it, so that drawing and
//! decoding read local files exactly as a lone instance's library does.
//!
//! Uploads and deletions go to the store first and reach this library's copy only once
//! the store took them; the store announces them to every instance, which then
//! [`Library::sync`]s. Revisions come from the store, so they grow cluster-wide and a
//! copy can tell an older upload of a name from a newer one whichever arrives first.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use image::ImageFormat;

use super::super::shared::{Admission, Entry, SharedUploads};
use super::super::{Capacity, ICON, ICON_CAPACITY, Icon, IconError, IconInfo, PICTURE, PICTURE_CAPACITY, builtin};
use super::{Library, Uploaded, decode, valid_name};

/// What a library shares its uploads through, and the folder of its copies.
pub(super) struct Shared {
    uploads: Arc<dyn SharedUploads>,
    /// Removed when the library goes.
    _copies: tempfile::TempDir,
}

impl Library {
    /// The icons of a cluster, kept in `uploads`; this instance's copies go to a folder
    /// of its own in `parent`, removed with the library.
    pub fn shared_icons(parent: &Path, uploads: Arc<dyn SharedUploads>) -> io::Result<Self> {
        Self::shared(parent, uploads, ICON, ICON_CAPACITY, builtin::icons(), true)
    }

    /// The pictures of a cluster, kept in `uploads`; this instance's copies go to a folder
    /// of its own in `parent`, removed with the library.
    pub fn shared_pictures(parent: &Path, uploads: Arc<dyn SharedUploads>) -> io::Result<Self> {
        Self::shared(parent, uploads, PICTURE, PICTURE_CAPACITY, BTreeMap::new(), false)
    }

    /// Starts from a new, empty folder: two instances given one data directory must not
    /// share copies, and copies left by an earlier run carry revisions of their own,
    /// which must not be mistaken for the store's. [`Library::sync`] fills it.
    fn shared(
        parent: &Path,
        uploads: Arc<dyn SharedUploads>,
        bounds: super::Bounds,
        capacity: Capacity,
        builtin: BTreeMap<&'static str, Arc<Icon>>,
        keep_decoded: bool,
    ) -> io::Result<Self> {
        std::fs::create_dir_all(parent)?;
        let copies = tempfile::Builder::new()
            .prefix(&format!("cluster-{}s-", bounds.kind))
            .tempdir_in(parent)?;
        let library = Self::open(copies.path(), bounds, capacity, builtin, keep_decoded)?;
        Ok(Self {
            shared: Some(Shared {
                uploads,
                _copies: copies,
            }),
            ..library
        })
    }

    /// Decodes and stores `bytes` as `name`, replacing an upload of that name, unless the
    /// library (cluster-wide, in cluster mode) would then hold more than its capacity.
    /// Decoding and file work run on tokio's blocking threads.
    pub async fn upload(self: Arc<Self>, name: String, bytes: Bytes) -> Result<IconInfo, IconError> {
        let Some(shared) = self.shared.as_ref().map(|shared| shared.uploads.clone()) else {
            return blocking(move || self.store(&name, &bytes)).await?;
        };
        let kind = self.bounds.kind;
        if !valid_name(&name) {
            return Err(IconError::InvalidName(kind, name));
        }
        let (bounds, decoding) = (self.bounds, bytes.clone());
        let (icon, format) = blocking(move || decode::decode(&decoding, bounds)).await??;
        let mut entry = Entry::new(icon.width, icon.height, icon.frame_count(), format);
        entry.revision = match shared.put(kind, &name, &entry, &bytes, self.capacity).await? {
            Admission::Stored { revision } => revision,
            Admission::Refused(refusal) => return Err(refusal.error(kind, self.capacity)),
        };
        let info = IconInfo {
            name: name.clone(),
            width: entry.width,
            height: entry.height,
            frames: entry.frames,
            builtin: false,
        };
        blocking(move || self.adopt(&name, entry, &bytes, Some(icon))).await??;
        Ok(info)
    }

    /// Deletes the upload `name` (on every instance, in cluster mode); a built-in icon of
    /// that name shows again.
    pub async fn delete(self: Arc<Self>, name: String) -> Result<(), IconError> {
        let Some(shared) = self.shared.as_ref().map(|shared| shared.uploads.clone()) else {
            return blocking(move || self.remove(&name)).await?;
        };
        if !shared.delete(self.bounds.kind, &name).await? {
            return Err(self.missing(&name));
        }
        blocking(move || self.forget(&name, u64::MAX)).await?
    }

    /// Whether there is an image `name`. In cluster mode one this instance has not heard
    /// of yet may have just been uploaded through another: the store is asked before
    /// saying no, so that an upload followed at once by a command naming it through
    /// another instance is not refused.
    pub async fn knows(self: &Arc<Self>, name: &str) -> bool {
        if self.contains(name) {
            return true;
        }
        let Some(shared) = self.shared.as_ref().map(|shared| shared.uploads.clone()) else {
            return false;
        };
        if let Err(error) = self.sync(shared.as_ref()).await {
            tracing::warn!(%error, kind = self.bounds.kind, name, "cannot ask the shared library");
        }
        self.contains(name)
    }

    /// Makes this library's copy match `store`: drops what it no longer holds, fetches
    /// what is new or was replaced. An upload that cannot be copied is logged and left
    /// out, to be tried again at the next sync.
    pub async fn sync(self: &Arc<Self>, store: &dyn SharedUploads) -> Result<(), IconError> {
        let kind = self.bounds.kind;
        // Read before the store: an upload copied in between is one the store already
        // holds, so it is never taken for one the store dropped.
        let held: Vec<(String, u64)> = {
            let uploaded = self.uploaded.read();
            uploaded
                .by_name
                .iter()
                .map(|(name, upload)| (name.clone(), upload.revision))
                .collect()
        };
        let entries = store.entries(kind).await?;
        for (name, revision) in held {
            // A revision above the store's is from before the store lost its data.
            if entries.get(&name).is_none_or(|entry| entry.revision < revision) {
                let library = self.clone();
                blocking(move || library.forget(&name, revision)).await??;
            }
        }
        for (name, entry) in entries {
            if self.held_revision(&name) == Some(entry.revision) {
                continue;
            }
            let Some((entry, bytes)) = store.fetch(kind, &name).await? else {
                continue;
            };
            let library = self.clone();
            let copied = name.clone();
            if let Err(error) = blocking(move || library.adopt(&copied, entry, &bytes, None)).await? {
                tracing::warn!(%error, kind, name, "cannot copy a shared upload");
            }
        }
        Ok(())
    }

    fn held_revision(&self, name: &str) -> Option<u64> {
        self.uploaded.read().by_name.get(name).map(|upload| upload.revision)
    }

    /// Keeps a copy of the store's upload `name`, unless a newer one is already kept.
    /// `decoded` is its icon when the caller decoded it already.
    pub(in crate::icons) fn adopt(
        &self,
        name: &str,
        entry: Entry,
        bytes: &[u8],
        decoded: Option<Icon>,
    ) -> Result<(), IconError> {
        let _writing = self.writing.lock();
        if self.held_revision(name).is_some_and(|held| held >= entry.revision) {
            return Ok(());
        }
        let icon = match decoded {
            Some(icon) => Some(icon),
            None if self.keep_decoded => Some(decode::decode(bytes, self.bounds)?.0),
            None => None,
        };
        let file = self.write_file(name, bytes)?;
        let upload = Uploaded {
            width: entry.width,
            height: entry.height,
            frames: entry.frames,
            decoded: icon.filter(|_| self.keep_decoded).map(Arc::new),
            file,
            format: entry.image_format().unwrap_or(ImageFormat::Png),
            revision: entry.revision,
        };
        self.uploaded.write().by_name.insert(name.to_owned(), upload);
        Ok(())
    }

    /// Drops this instance's copy of the upload `name`, if it has one of `up_to` that
    /// revision: one copied since is newer than what the caller knew of.
    pub(in crate::icons) fn forget(&self, name: &str, up_to: u64) -> Result<(), IconError> {
        let _writing = self.writing.lock();
        if self.held_revision(name).is_none_or(|held| held > up_to) {
            return Ok(());
        }
        let Some(upload) = self.uploaded.write().by_name.remove(name) else {
            return Ok(());
        };
        match std::fs::remove_file(&upload.file) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error.into()),
            _ => Ok(()),
        }
    }
}

/// Runs file and decoding work on tokio's blocking threads.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, IconError> {
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        IconError::Io(io::Error::other(format!(
            "the file operation was not finished: {error}"
        )))
    })
}
