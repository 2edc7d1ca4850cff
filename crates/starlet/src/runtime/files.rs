//! An app's folder: the only files it may load or read.
//!
//! Names come from the app's `load()` calls, so each is checked before it is
//! opened: relative, staying inside the folder after `..` and symbolic links
//! are resolved, and of a bounded size.

use std::path::{Component, Path, PathBuf};

use super::error::Error;

/// The largest file an app may load or read.
pub const MAX_FILE_SIZE: u64 = 16 << 20;

/// The folder of one app and which of its `.star` files make up the app.
#[derive(Debug, Clone)]
pub struct AppFiles {
    root: PathBuf,
    /// The one file rendered when the app was given as a file, not a folder.
    single: Option<String>,
}

impl AppFiles {
    /// The app at `path`: a `.star` file, or a folder holding the app's files.
    pub fn open(path: &Path) -> Result<Self, Error> {
        let meta = std::fs::metadata(path).map_err(|e| Error::load(format!("cannot open {}: {e}", path.display())))?;
        let (root, single) = if meta.is_dir() {
            (path.to_path_buf(), None)
        } else {
            if path.extension().is_none_or(|ext| ext != "star") {
                return Err(Error::load(format!("{} is not a .star file", path.display())));
            }
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let parent = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            (parent.to_path_buf(), name)
        };
        let root = root
            .canonicalize()
            .map_err(|e| Error::load(format!("cannot open {}: {e}", root.display())))?;
        Ok(Self { root, single })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A name for the app in messages: its file or folder name.
    pub fn id(&self) -> String {
        self.single.clone().unwrap_or_else(|| {
            self.root
                .file_name()
                .map_or_else(|| "app".to_owned(), |n| n.to_string_lossy().into_owned())
        })
    }

    /// The `.star` files evaluated at load: the one given, or every one at
    /// the top of the folder (as Pixlet does), in name order.
    pub fn star_files(&self) -> Result<Vec<String>, Error> {
        if let Some(single) = &self.single {
            return Ok(vec![single.clone()]);
        }
        let entries = std::fs::read_dir(&self.root)
            .map_err(|e| Error::load(format!("cannot list {}: {e}", self.root.display())))?;
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".star"))
            .collect();
        names.sort();
        Ok(names)
    }

    /// `name` as a clean path relative to the folder, if it stays inside it.
    pub fn normalize(name: &str) -> Result<String, String> {
        let mut parts: Vec<&str> = Vec::new();
        for component in Path::new(name).components() {
            match component {
                Component::Normal(part) => parts.push(part.to_str().ok_or("file names must be UTF-8")?),
                Component::CurDir => {}
                Component::ParentDir => {
                    parts
                        .pop()
                        .ok_or_else(|| format!("{name} is outside the app's folder"))?;
                }
                Component::RootDir | Component::Prefix(_) => {
                    return Err(format!("{name}: apps load files of their own folder by relative path"));
                }
            }
        }
        if parts.is_empty() {
            return Err(format!("{name:?} names no file"));
        }
        Ok(parts.join("/"))
    }

    /// The file's path on disk, after checking it is in the folder.
    pub fn resolve(&self, name: &str) -> Result<PathBuf, String> {
        let relative = Self::normalize(name)?;
        let path = self
            .root
            .join(&relative)
            .canonicalize()
            .map_err(|e| format!("cannot open {relative}: {e}"))?;
        if !path.starts_with(&self.root) {
            return Err(format!("{relative} is outside the app's folder"));
        }
        Ok(path)
    }

    /// The files directly in the subfolder `folder`, by name, read within
    /// [`MAX_FILE_SIZE`] all together; none when there is no such folder.
    pub fn folder_files(&self, folder: &str) -> Result<Vec<(String, Vec<u8>)>, Error> {
        let Ok(path) = self.resolve(folder) else {
            return Ok(Vec::new());
        };
        let Ok(entries) = std::fs::read_dir(&path) else {
            return Ok(Vec::new());
        };
        let mut files = Vec::new();
        let mut total = 0u64;
        for entry in entries.filter_map(Result::ok) {
            if !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let data = self.read(&format!("{folder}/{name}")).map_err(Error::Load)?;
            total += data.len() as u64;
            if total > MAX_FILE_SIZE {
                return Err(Error::load(format!("{folder}/ holds over {} MiB", MAX_FILE_SIZE >> 20)));
            }
            files.push((name, data));
        }
        files.sort();
        Ok(files)
    }

    /// Reads a file of the folder, refusing one over [`MAX_FILE_SIZE`].
    pub fn read(&self, name: &str) -> Result<Vec<u8>, String> {
        read_bounded(&self.resolve(name)?)
    }
}

/// Reads a file the app was allowed to open, within [`MAX_FILE_SIZE`].
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let mut data = Vec::new();
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut data)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if data.len() as u64 > MAX_FILE_SIZE {
        return Err(format!(
            "{} is over the {} MiB file limit",
            path.display(),
            MAX_FILE_SIZE >> 20
        ));
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_and_kept_inside() {
        assert_eq!(AppFiles::normalize("./a/../b.png").unwrap(), "b.png");
        assert_eq!(AppFiles::normalize("lib/x.star").unwrap(), "lib/x.star");
        assert!(AppFiles::normalize("../secret").is_err());
        assert!(AppFiles::normalize("a/../../secret").is_err());
        assert!(AppFiles::normalize("/etc/passwd").is_err());
        assert!(AppFiles::normalize(".").is_err());
    }

    #[test]
    fn a_link_out_of_the_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().join("app");
        std::fs::create_dir(&app).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        std::fs::write(app.join("main.star"), "").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), app.join("link.txt")).unwrap();
        let files = AppFiles::open(&app).unwrap();
        assert!(files.read("link.txt").unwrap_err().contains("outside"));
        assert_eq!(files.star_files().unwrap(), vec!["main.star"]);
    }
}
