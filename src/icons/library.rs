//! A [`Library`]: every image of one kind there is, the built-in ones and those uploaded to
//! its folder, loaded at start.
//!
//! Icons are kept decoded, since notifications draw them on the render thread and they are
//! small. Pictures are not: the library knows each one's size and file, and a picture is
//! decoded from its file when it is to be shown (see `apps::image`), so what memory they take
//! is the picture on show, not all of them. Each upload of a name gets a new revision, which
//! is what tells the image app that the picture it shows was replaced.
//!
//! A library holds at most its [`Capacity`]: an upload that would pass it is refused with
//! nothing stored. Uploads and deletions are made one at a time, so two of them can neither
//! both pass the capacity nor interleave their files.
//!
//! Each upload is kept in a file named after it alone, whatever its format (told from the
//! bytes), so an upload that replaces another is renamed over the old file and a name never
//! has two files. Files with an extension (`washer.gif`, put there by hand or by an earlier
//! version) are loaded too, but an upload's own file wins over them: which one shows after a
//! restart never depends on file times or listing order.
//!
//! In cluster mode the uploads live in a store every instance shares (see `shared_mode.rs`).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::ImageFormat;
use parking_lot::{Mutex, RwLock};

use super::decode::{self, Bounds};
use super::{Capacity, ICON, ICON_CAPACITY, Icon, IconError, IconInfo, PICTURE, PICTURE_CAPACITY, builtin, valid_name};

mod shared_mode;

/// The extension of an upload being written, removed if found at start.
const TEMPORARY: &str = "tmp";

/// An uploaded image: what it is, the file it came from and, for icons, its pixels.
struct Uploaded {
    width: u16,
    height: u16,
    frames: usize,
    /// Kept only by a library that keeps its images decoded.
    decoded: Option<Arc<Icon>>,
    file: PathBuf,
    format: ImageFormat,
    /// Different for every upload of this name.
    revision: u64,
}

impl Uploaded {
    /// What its frames take decoded.
    fn decoded_bytes(&self) -> usize {
        usize::from(self.width) * usize::from(self.height) * 4 * self.frames
    }

    fn new(icon: Icon, file: PathBuf, format: ImageFormat, keep_decoded: bool, revision: u64) -> Self {
        Self {
            width: icon.width,
            height: icon.height,
            frames: icon.frame_count(),
            decoded: keep_decoded.then(|| Arc::new(icon)),
            file,
            format,
            revision,
        }
    }

    fn info(&self, name: &str) -> IconInfo {
        IconInfo {
            name: name.to_owned(),
            width: self.width,
            height: self.height,
            frames: self.frames,
            builtin: false,
        }
    }
}

/// Every image of one kind there is: the built-in ones and those uploaded to `dir`.
pub struct Library {
    dir: PathBuf,
    bounds: Bounds,
    /// Icons are; pictures are decoded from their file when shown.
    keep_decoded: bool,
    capacity: Capacity,
    builtin: BTreeMap<&'static str, Arc<Icon>>,
    uploaded: RwLock<Uploads>,
    /// Held by an upload or deletion from its check to its last file move.
    writing: Mutex<()>,
    /// In cluster mode, the store the uploads are kept in; the folder then only mirrors it.
    shared: Option<shared_mode::Shared>,
}

#[derive(Default)]
struct Uploads {
    by_name: BTreeMap<String, Uploaded>,
    next_revision: u64,
}

impl Uploads {
    fn insert(&mut self, name: &str, make: impl FnOnce(u64) -> Uploaded) -> Option<Uploaded> {
        let revision = self.next_revision;
        self.next_revision += 1;
        self.by_name.insert(name.to_owned(), make(revision))
    }
}

/// Whether `file` is one an upload wrote: named after the upload alone, with no extension.
fn is_upload_file(file: &Path) -> bool {
    file.extension().is_none()
}

impl Library {
    /// The icons: the built-in ones and those uploaded to `dir`, kept decoded.
    pub fn icons(dir: &Path) -> io::Result<Self> {
        Self::open(dir, ICON, ICON_CAPACITY, builtin::icons(), true)
    }

    /// The pictures uploaded to `dir`, decoded only when asked for.
    pub fn pictures(dir: &Path) -> io::Result<Self> {
        Self::open(dir, PICTURE, PICTURE_CAPACITY, BTreeMap::new(), false)
    }

    /// The same library, holding at most `capacity` from now on. Uploads already there are
    /// kept even past it; new ones wait until enough are deleted.
    pub fn with_capacity(self, capacity: Capacity) -> Self {
        let (uploads, decoded) = self.usage();
        if uploads > capacity.uploads || decoded > capacity.decoded_mib << 20 {
            tracing::warn!(
                kind = self.bounds.kind,
                uploads,
                decoded_mib = decoded >> 20,
                "the stored uploads are past the capacity; new ones are refused until some are deleted"
            );
        }
        Self { capacity, ..self }
    }

    /// How many uploads there are, and what they take decoded, in bytes.
    pub fn usage(&self) -> (usize, usize) {
        let uploaded = self.uploaded.read();
        let decoded = uploaded.by_name.values().map(Uploaded::decoded_bytes).sum();
        (uploaded.by_name.len(), decoded)
    }

    /// Loads the images in `dir`, which is only created by the first upload;
    /// a file that does not decode is logged and left alone.
    fn open(
        dir: &Path,
        bounds: Bounds,
        capacity: Capacity,
        builtin: BTreeMap<&'static str, Arc<Icon>>,
        keep_decoded: bool,
    ) -> io::Result<Self> {
        let mut uploaded = Uploads::default();
        let entries = match std::fs::read_dir(dir) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => Vec::new(),
            listing => listing?.collect::<io::Result<Vec<_>>>()?,
        };
        // Of two files for one name, the later one in this order is kept: an upload's own
        // file last, and of files with an extension the newer.
        let mut files: Vec<(bool, std::time::SystemTime, PathBuf)> = entries
            .iter()
            .map(|entry| {
                let file = entry.path();
                let modified = entry.metadata().and_then(|metadata| metadata.modified());
                (is_upload_file(&file), modified.unwrap_or(std::time::UNIX_EPOCH), file)
            })
            .collect();
        files.sort();
        for (_, _, file) in files {
            if file.extension().is_some_and(|extension| extension == TEMPORARY) {
                let _ = std::fs::remove_file(&file);
                continue;
            }
            let Some(name) = file
                .file_stem()
                .and_then(|stem| stem.to_str())
                .filter(|name| valid_name(name))
                .map(str::to_owned)
            else {
                continue;
            };
            match std::fs::read(&file)
                .map_err(|error| error.to_string())
                .and_then(|bytes| decode::decode(&bytes, bounds).map_err(|error| error.to_string()))
            {
                Ok((icon, format)) => {
                    let replaced = uploaded.insert(&name, |revision| {
                        Uploaded::new(icon, file.clone(), format, keep_decoded, revision)
                    });
                    if let Some(older) = replaced {
                        tracing::warn!(kept = %file.display(), removed = %older.file.display(), "two files for one name; keeping one");
                        let _ = std::fs::remove_file(&older.file);
                    }
                }
                Err(reason) => tracing::warn!(file = %file.display(), %reason, kind = bounds.kind, "file skipped"),
            }
        }
        Ok(Self {
            dir: dir.to_owned(),
            bounds,
            keep_decoded,
            capacity,
            builtin,
            uploaded: RwLock::new(uploaded),
            writing: Mutex::new(()),
            shared: None,
        })
    }

    /// The image `name`, decoded. A library that does not keep its images decoded
    /// (pictures) reads and decodes the file here, which takes a while for a big animation:
    /// never ask it on the render thread.
    pub fn get(&self, name: &str) -> Option<Arc<Icon>> {
        let (file, revision) = {
            let uploaded = self.uploaded.read();
            match uploaded.by_name.get(name) {
                Some(Uploaded {
                    decoded: Some(icon), ..
                }) => return Some(Arc::clone(icon)),
                Some(upload) => (upload.file.clone(), upload.revision),
                None => return self.builtin.get(name).cloned(),
            }
        };
        let decoded = std::fs::read(&file)
            .map_err(|error| error.to_string())
            .and_then(|bytes| decode::decode(&bytes, self.bounds).map_err(|error| error.to_string()));
        match decoded {
            Ok((icon, _)) => Some(Arc::new(icon)),
            Err(reason) => {
                tracing::warn!(file = %file.display(), %reason, revision, kind = self.bounds.kind, "cannot read a stored image");
                None
            }
        }
    }

    /// Whether there is an image `name`, without decoding it.
    pub fn contains(&self, name: &str) -> bool {
        self.uploaded.read().by_name.contains_key(name) || self.builtin.contains_key(name)
    }

    /// What changes whenever `name` is uploaded again; `None` while there is none of that
    /// name (a built-in image is revision 0).
    pub fn revision(&self, name: &str) -> Option<u64> {
        let uploaded = self.uploaded.read().by_name.get(name).map(|upload| upload.revision + 1);
        uploaded.or_else(|| self.builtin.contains_key(name).then_some(0))
    }

    pub fn list(&self) -> Vec<IconInfo> {
        let uploaded = self.uploaded.read();
        let mut names: Vec<&str> = self
            .builtin
            .keys()
            .copied()
            .chain(uploaded.by_name.keys().map(String::as_str))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
            .into_iter()
            .map(|name| match uploaded.by_name.get(name) {
                Some(upload) => upload.info(name),
                None => {
                    let icon = &self.builtin[name];
                    IconInfo {
                        name: name.to_owned(),
                        width: icon.width,
                        height: icon.height,
                        frames: icon.frame_count(),
                        builtin: true,
                    }
                }
            })
            .collect()
    }

    /// What the library holds: "icon" or "picture".
    pub fn kind(&self) -> &'static str {
        self.bounds.kind
    }

    /// Decodes and stores `bytes` as `name`, replacing an upload of that name, unless the
    /// library would then hold more than its capacity. This is a lone instance's upload;
    /// [`Library::upload`] makes either kind.
    pub fn store(&self, name: &str, bytes: &[u8]) -> Result<IconInfo, IconError> {
        debug_assert!(
            self.shared.is_none(),
            "a shared library stores through `Library::upload`"
        );
        if !valid_name(name) {
            return Err(IconError::InvalidName(self.bounds.kind, name.to_owned()));
        }
        let (icon, format) = decode::decode(bytes, self.bounds)?;
        let _writing = self.writing.lock();
        self.check_capacity(
            name,
            usize::from(icon.width) * usize::from(icon.height) * 4 * icon.frame_count(),
        )?;
        let file = self.write_file(name, bytes)?;
        let upload = Uploaded::new(icon, file.clone(), format, self.keep_decoded, 0);
        let info = upload.info(name);
        let replaced = self
            .uploaded
            .write()
            .insert(name, |revision| Uploaded { revision, ..upload });
        if let Some(replaced) = replaced.filter(|replaced| replaced.file != file)
            && let Err(error) = std::fs::remove_file(&replaced.file)
        {
            // Should it stay, the upload's own file is still the one loaded at the next start.
            tracing::warn!(file = %replaced.file.display(), %error, "cannot remove the file an upload replaced");
        }
        Ok(info)
    }

    /// Refuses an upload of `name` that decodes to `decoded` bytes if the library would hold
    /// more than its capacity with it (in place of the upload of that name, if any).
    fn check_capacity(&self, name: &str, decoded: usize) -> Result<(), IconError> {
        let uploaded = self.uploaded.read();
        let held = uploaded
            .by_name
            .iter()
            .map(|(name, upload)| (name.as_str(), upload.decoded_bytes()));
        self.capacity.admit(self.bounds.kind, held, name, decoded)
    }

    /// Writes `bytes` as the file of the upload `name`, whole or not at all.
    fn write_file(&self, name: &str, bytes: &[u8]) -> io::Result<PathBuf> {
        let file = self.dir.join(name);
        std::fs::create_dir_all(&self.dir)?;
        // A name of its own, so that nothing else writing to the folder can meet it.
        let mut temporary = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(&format!(".{TEMPORARY}"))
            .tempfile_in(&self.dir)?;
        temporary.write_all(bytes)?;
        temporary.persist(&file).map_err(|error| error.error)?;
        Ok(file)
    }

    /// Deletes the upload `name`; a built-in icon of that name shows again. The file is
    /// removed with no lock held that drawing takes. This is a lone instance's deletion;
    /// [`Library::delete`] makes either kind.
    pub fn remove(&self, name: &str) -> Result<(), IconError> {
        debug_assert!(
            self.shared.is_none(),
            "a shared library deletes through `Library::delete`"
        );
        let _writing = self.writing.lock();
        let file = self.uploaded.read().by_name.get(name).map(|upload| upload.file.clone());
        let Some(file) = file else {
            return Err(self.missing(name));
        };
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            // Already gone: what is left to do is forget it.
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error.into()),
        }
        self.uploaded.write().by_name.remove(name);
        Ok(())
    }

    /// Why there is no upload `name` to delete.
    fn missing(&self, name: &str) -> IconError {
        if self.builtin.contains_key(name) {
            IconError::BuiltIn(self.bounds.kind, name.to_owned())
        } else {
            IconError::Unknown(self.bounds.kind, name.to_owned())
        }
    }

    /// The image as a file to show in a browser: the uploaded bytes as they came, or a
    /// built-in icon as a PNG; `None` if there is no image of that name. The file is read
    /// with no lock held, so a slow disk holds up neither uploads nor drawing.
    pub fn file(&self, name: &str) -> Result<Option<(Vec<u8>, &'static str)>, IconError> {
        let stored = self
            .uploaded
            .read()
            .by_name
            .get(name)
            .map(|upload| (upload.file.clone(), upload.format.to_mime_type()));
        if let Some((file, content_type)) = stored {
            return Ok(Some((std::fs::read(file)?, content_type)));
        }
        let Some(icon) = self.builtin.get(name) else {
            return Ok(None);
        };
        let mut png = Vec::new();
        let frame = &icon.frames[0];
        image::RgbaImage::from_raw(u32::from(icon.width), u32::from(icon.height), frame.rgba.clone())
            .ok_or_else(|| io::Error::other("a built-in icon has the wrong number of pixels"))?
            .write_to(&mut io::Cursor::new(&mut png), ImageFormat::Png)
            .map_err(io::Error::other)?;
        Ok(Some((png, "image/png")))
    }
}
