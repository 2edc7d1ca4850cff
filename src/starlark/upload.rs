//! An uploaded app, unpacked into a staging folder: a `.star` file as it is,
//! or a zip of the app's folder, checked entry by entry before anything is
//! written.
//!
//! A zip is someone else's archive. Entries whose path would land outside
//! the app's folder (`../`, an absolute path, a drive, a backslash), symbolic
//! links, encrypted entries, more than [`MAX_FILES`] entries, or more than
//! [`MAX_UNPACKED`] bytes unpacked (counted as the bytes come, not as the
//! archive claims: a zip bomb lies) are refused, naming the entry. The
//! caller keeps the staging folder only once everything is in and the app
//! loads, so a refused upload stores nothing.

use std::io::{self, Cursor, Read, Write};
use std::path::{Component, Path, PathBuf};

use zip::ZipArchive;
use zip::result::ZipError;

/// The most entries an app's zip may hold.
pub const MAX_FILES: usize = 1000;
/// The most bytes an app may unpack to, all files together.
pub const MAX_UNPACKED: u64 = 32 << 20;
/// How many times larger than its packed size an entry may unpack: beyond
/// that, and over a mebibyte, it is taken for a zip bomb.
const MAX_RATIO: u64 = 200;

/// Why an upload was refused; each says what to change.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UploadError {
    #[error("the upload is empty")]
    Empty,
    #[error("the upload is neither a zip of the app's folder nor a .star file in UTF-8")]
    NotAnApp,
    #[error("the zip cannot be read: {0}")]
    BadZip(String),
    #[error("'{0}' leaves the app's folder (paths may not be absolute or contain '..')")]
    Escapes(String),
    #[error("'{0}' is a symbolic link; an app's zip may hold only files and folders")]
    Link(String),
    #[error("'{0}' is encrypted")]
    Encrypted(String),
    #[error("the zip holds more than {MAX_FILES} entries")]
    TooManyFiles,
    #[error("the app unpacks to more than {} MiB", MAX_UNPACKED >> 20)]
    TooBig,
    #[error("'{0}' unpacks to over {MAX_RATIO} times its packed size (a zip bomb?)")]
    Bomb(String),
    #[error("the app holds no .star file at the top of its folder")]
    NoStar,
    #[error("the app cannot be stored: {0}")]
    Io(String),
}

impl From<io::Error> for UploadError {
    fn from(error: io::Error) -> Self {
        Self::Io(error.to_string())
    }
}

/// Unpacks `body` (a zip or a `.star` file) into the empty folder `into`,
/// as the app `id`.
pub fn unpack(id: &str, body: &[u8], into: &Path) -> Result<(), UploadError> {
    if body.is_empty() {
        return Err(UploadError::Empty);
    }
    if body.starts_with(b"PK\x03\x04") || body.starts_with(b"PK\x05\x06") {
        unzip(body, into)?;
    } else {
        let source = std::str::from_utf8(body).map_err(|_| UploadError::NotAnApp)?;
        if source.contains('\0') {
            return Err(UploadError::NotAnApp);
        }
        std::fs::write(into.join(format!("{id}.star")), source)?;
    }
    let has_star = std::fs::read_dir(into)?
        .filter_map(Result::ok)
        .any(|entry| entry.path().extension().is_some_and(|ext| ext == "star") && entry.path().is_file());
    if has_star { Ok(()) } else { Err(UploadError::NoStar) }
}

fn unzip(body: &[u8], into: &Path) -> Result<(), UploadError> {
    let mut archive = ZipArchive::new(Cursor::new(body)).map_err(bad_zip)?;
    if archive.len() > MAX_FILES {
        return Err(UploadError::TooManyFiles);
    }
    // Every name is checked before anything is written.
    let mut entries = Vec::with_capacity(archive.len());
    let mut declared: u64 = 0;
    for index in 0..archive.len() {
        let file = archive.by_index_raw(index).map_err(bad_zip)?;
        let name = file.name().map_err(bad_zip)?.into_owned();
        let path = safe_path(&name)?;
        if file.is_symlink() {
            return Err(UploadError::Link(name));
        }
        if file.encrypted() {
            return Err(UploadError::Encrypted(name));
        }
        declared = declared.saturating_add(file.size());
        if declared > MAX_UNPACKED {
            return Err(UploadError::TooBig);
        }
        if file.size() > (1 << 20) && file.size() / file.compressed_size().max(1) > MAX_RATIO {
            return Err(UploadError::Bomb(name));
        }
        entries.push((index, name, path, file.is_dir()));
    }
    let strip = common_folder(&entries);
    let mut unpacked: u64 = 0;
    for (index, name, path, is_dir) in entries {
        let path = match &strip {
            Some(folder) => match path.strip_prefix(folder) {
                Ok(inner) if inner.as_os_str().is_empty() => continue,
                Ok(inner) => inner.to_owned(),
                Err(_) => path,
            },
            None => path,
        };
        let target = into.join(&path);
        if is_dir {
            std::fs::create_dir_all(&target)?;
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut file = archive.by_index(index).map_err(bad_zip)?;
        let mut out = std::fs::File::create(&target)?;
        // Counted as they come: the sizes in the archive are the sender's word.
        let room = MAX_UNPACKED - unpacked;
        let copied = io::copy(&mut (&mut file).take(room + 1), &mut out).map_err(|error| {
            if error.kind() == io::ErrorKind::InvalidData {
                UploadError::BadZip(format!("'{name}': {error}"))
            } else {
                UploadError::from(error)
            }
        })?;
        if copied > room {
            return Err(UploadError::TooBig);
        }
        out.flush()?;
        unpacked += copied;
    }
    Ok(())
}

fn bad_zip(error: ZipError) -> UploadError {
    UploadError::BadZip(error.to_string())
}

/// The relative path an entry named `name` unpacks to, or the refusal.
fn safe_path(name: &str) -> Result<PathBuf, UploadError> {
    let escapes = || UploadError::Escapes(name.to_owned());
    if name.is_empty() || name.contains('\\') || name.contains('\0') || name.starts_with('/') {
        return Err(escapes());
    }
    let path = Path::new(name);
    let mut clean = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => clean.push(part),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return Err(escapes()),
        }
    }
    if clean.as_os_str().is_empty() {
        return Err(escapes());
    }
    Ok(clean)
}

/// The one folder every entry lies in, when the zip is of the app's folder
/// itself rather than of its contents.
fn common_folder(entries: &[(usize, String, PathBuf, bool)]) -> Option<PathBuf> {
    let folder = PathBuf::from(entries.first()?.2.components().next()?.as_os_str());
    let inside = |(_, _, path, is_dir): &(usize, String, PathBuf, bool)| {
        path.starts_with(&folder) && (*is_dir || *path != folder)
    };
    entries.iter().all(inside).then_some(folder)
}

#[cfg(test)]
mod tests;
