//! The app library: every folder of `--apps-dir` that holds a `.star` app
//! (a checkout of tronbyt/apps' `apps/` folder offers the whole community
//! library), and the apps people uploaded, kept apart in the data directory
//! so that the library folder itself is never written to.
//!
//! An app is named by its folder, which must be a name that survives a URL
//! (`[A-Za-z0-9_-]`, at most 64). The folders are read at start and on
//! [`Library::rescan`]; a folder that is not an app is reported, not fatal.
//! Each app carries a revision (the newest change among its files) so that
//! what is derived from it (its schema, its renders) follows an update.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use parking_lot::{Mutex, RwLock};
use serde::Serialize;
use tokio::sync::watch;
use utoipa::ToSchema;

use super::manifest::{self, MAX_MANIFEST_BYTES, Manifest};
use crate::manager::installations::valid_app_id;

/// The most apps the library holds; the community has about a thousand.
pub const MAX_APPS: usize = 5000;
/// Taken by `POST /api/starlark/apps/rescan`, so no app may have it.
const RESERVED: &[&str] = &["rescan"];

/// One app of the library.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryApp {
    pub id: String,
    pub folder: PathBuf,
    pub manifest: Manifest,
    /// Uploaded through the API (and so deletable), rather than in `--apps-dir`.
    pub uploaded: bool,
    /// Changes whenever one of its files does.
    pub revision: u64,
    /// The preview picture it ships (`NAME.webp`, and `NAME@2x.webp`), if any.
    pub preview: Option<PathBuf>,
    pub preview_2x: Option<PathBuf>,
}

/// A folder that was not taken into the library, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Skipped {
    pub folder: String,
    pub reason: String,
}

/// What a scan found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Scan {
    /// How many apps the library now holds.
    pub apps: usize,
    pub skipped: Vec<Skipped>,
}

pub struct Library {
    folder: PathBuf,
    uploads: PathBuf,
    apps: RwLock<Arc<BTreeMap<String, Arc<LibraryApp>>>>,
    /// The last scan's report.
    last_scan: Mutex<Scan>,
    /// Counts changes to the set of apps, for whoever derives things from them.
    changes: watch::Sender<u64>,
}

impl Library {
    /// The library of `folder` and of the uploads kept in `uploads`, read now.
    /// A folder that does not exist (yet) holds no apps: nothing is made at
    /// start; the uploads folder is made by the first upload.
    pub fn open(folder: &Path, uploads: &Path) -> io::Result<Self> {
        for path in [folder, uploads] {
            if path.exists() && !path.is_dir() {
                return Err(io::Error::new(
                    io::ErrorKind::NotADirectory,
                    format!("{} is not a folder", path.display()),
                ));
            }
        }
        let library = Self {
            folder: folder.to_owned(),
            uploads: uploads.to_owned(),
            apps: RwLock::default(),
            last_scan: Mutex::default(),
            changes: watch::Sender::new(0),
        };
        let scan = library.rescan();
        tracing::info!(apps = scan.apps, skipped = scan.skipped.len(), folder = %folder.display(), "app library read");
        Ok(library)
    }

    /// Where uploads are kept; staging folders are made inside it.
    pub fn uploads(&self) -> &Path {
        &self.uploads
    }

    /// Reads both folders again (blocking work: run it off the async runtime).
    pub fn rescan(&self) -> Scan {
        let mut skipped = Vec::new();
        let mut apps = BTreeMap::new();
        for (folder, uploaded) in [(&self.folder, false), (&self.uploads, true)] {
            for (name, path) in folders(folder, &mut skipped) {
                if apps.len() >= MAX_APPS {
                    skipped.push(skip(&name, format!("the library holds at most {MAX_APPS} apps")));
                    continue;
                }
                if let Some(existing) = apps.get(&name).map(|app: &Arc<LibraryApp>| app.uploaded) {
                    let which = if existing { "an upload" } else { "an app of --apps-dir" };
                    skipped.push(skip(&name, format!("{which} has this name already")));
                    continue;
                }
                match read_app(&name, &path, uploaded) {
                    Ok(app) => {
                        apps.insert(name, Arc::new(app));
                    }
                    Err(reason) => skipped.push(skip(&name, reason)),
                }
            }
        }
        let scan = Scan {
            apps: apps.len(),
            skipped,
        };
        *self.apps.write() = Arc::new(apps);
        *self.last_scan.lock() = scan.clone();
        self.changes.send_modify(|count| *count += 1);
        scan
    }

    pub fn get(&self, id: &str) -> Option<Arc<LibraryApp>> {
        self.apps.read().get(id).cloned()
    }

    /// Every app, by id.
    pub fn all(&self) -> Arc<BTreeMap<String, Arc<LibraryApp>>> {
        self.apps.read().clone()
    }

    /// What the last scan reported.
    pub fn last_scan(&self) -> Scan {
        self.last_scan.lock().clone()
    }

    /// Tells of every change to the set of apps.
    pub fn watch(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// The folder an upload of `id` goes to.
    pub fn upload_folder(&self, id: &str) -> PathBuf {
        self.uploads.join(id)
    }
}

fn skip(folder: &str, reason: impl Into<String>) -> Skipped {
    Skipped {
        folder: folder.to_owned(),
        reason: reason.into(),
    }
}

/// The folders of `parent` by name, sorted; hidden ones (staging folders
/// among them) are passed over, and names that cannot be ids are reported.
fn folders(parent: &Path, skipped: &mut Vec<Skipped>) -> Vec<(String, PathBuf)> {
    let entries = match std::fs::read_dir(parent) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Vec::new(),
        Err(_) => {
            skipped.push(skip(&parent.display().to_string(), "the folder cannot be read"));
            return Vec::new();
        }
    };
    let mut found: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                return None;
            }
            if !valid_app_id(&name) || RESERVED.contains(&name.as_str()) {
                skipped.push(skip(
                    &name,
                    "an app's folder name must be 1 to 64 of A-Z, a-z, 0-9, '_' and '-' (and not 'rescan')",
                ));
                return None;
            }
            Some((name, entry.path()))
        })
        .collect();
    found.sort();
    found
}

/// The app in folder `path`, or why it is not one.
fn read_app(id: &str, path: &Path, uploaded: bool) -> Result<LibraryApp, String> {
    let files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|error| format!("the folder cannot be read: {error}"))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    let stars: Vec<&PathBuf> = files
        .iter()
        .filter(|file| file.extension().is_some_and(|ext| ext == "star") && file.is_file())
        .collect();
    if stars.is_empty() {
        return Err("holds no .star file".into());
    }
    let manifest = match read_bounded(&path.join("manifest.yaml")) {
        Ok(Some(text)) => manifest::read(&text)?,
        Ok(None) => Manifest::default(),
        Err(error) => return Err(format!("manifest.yaml cannot be read: {error}")),
    };
    let revision = files
        .iter()
        .filter_map(|file| file.metadata().and_then(|meta| meta.modified()).ok())
        .max()
        .and_then(|newest| newest.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos() as u64);
    let stem = manifest
        .file_name
        .as_deref()
        .and_then(|name| name.strip_suffix(".star"))
        .unwrap_or(id);
    let existing = |name: String| Some(path.join(name)).filter(|file| file.is_file());
    Ok(LibraryApp {
        id: id.to_owned(),
        folder: path.to_owned(),
        preview: existing(format!("{stem}.webp")),
        preview_2x: existing(format!("{stem}@2x.webp")),
        manifest,
        uploaded,
        revision,
    })
}

/// The file's text, if it exists; at most [`MAX_MANIFEST_BYTES`] of it.
fn read_bounded(path: &Path) -> io::Result<Option<String>> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error),
    };
    let mut text = String::new();
    file.take(MAX_MANIFEST_BYTES as u64).read_to_string(&mut text)?;
    Ok(Some(text))
}

#[cfg(test)]
mod tests;
