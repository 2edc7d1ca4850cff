//! Libraries of a cluster, each an instance's, sharing one in-memory store that
//! behaves as the Redis scripts do: the capacity counted over every upload of a kind,
//! revisions growing with every upload.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use image::{ImageFormat, Rgba, RgbaImage};
use parking_lot::Mutex;

use super::shared::{Admission, Entry, Refusal, SharedUploads, Stored};
use super::*;

#[derive(Default)]
struct MemoryUploads {
    held: Mutex<Held>,
    unreachable: AtomicBool,
}

#[derive(Default)]
struct Held {
    uploads: BTreeMap<(&'static str, String), (Entry, Vec<u8>)>,
    revision: u64,
}

impl MemoryUploads {
    fn reachable(&self, kind: &'static str) -> Result<(), IconError> {
        match self.unreachable.load(Ordering::Relaxed) {
            true => Err(IconError::Shared(kind, "connection refused".into())),
            false => Ok(()),
        }
    }

    fn names(&self, kind: &'static str) -> Vec<String> {
        let held = self.held.lock();
        held.uploads
            .keys()
            .filter(|(of, _)| *of == kind)
            .map(|(_, name)| name.clone())
            .collect()
    }
}

impl SharedUploads for MemoryUploads {
    fn put<'a>(
        &'a self,
        kind: &'static str,
        name: &'a str,
        entry: &'a Entry,
        bytes: &'a [u8],
        capacity: Capacity,
    ) -> BoxFuture<'a, Result<Admission, IconError>> {
        async move {
            self.reachable(kind)?;
            let mut held = self.held.lock();
            let others = held
                .uploads
                .iter()
                .filter(|((of, _), _)| *of == kind)
                .map(|((_, name), (entry, _))| (name.as_str(), entry.decoded_bytes()));
            match capacity.admit(kind, others, name, entry.decoded_bytes()) {
                Err(IconError::TooMany { .. }) => return Ok(Admission::Refused(Refusal::TooMany)),
                Err(_) => return Ok(Admission::Refused(Refusal::TooMuch)),
                Ok(()) => {}
            }
            held.revision += 1;
            let revision = held.revision;
            let stored = Entry {
                revision,
                ..entry.clone()
            };
            held.uploads.insert((kind, name.to_owned()), (stored, bytes.to_vec()));
            Ok(Admission::Stored { revision })
        }
        .boxed()
    }

    fn delete<'a>(&'a self, kind: &'static str, name: &'a str) -> BoxFuture<'a, Result<bool, IconError>> {
        async move {
            self.reachable(kind)?;
            Ok(self.held.lock().uploads.remove(&(kind, name.to_owned())).is_some())
        }
        .boxed()
    }

    fn entries<'a>(&'a self, kind: &'static str) -> BoxFuture<'a, Result<BTreeMap<String, Entry>, IconError>> {
        async move {
            self.reachable(kind)?;
            let held = self.held.lock();
            Ok(held
                .uploads
                .iter()
                .filter(|((of, _), _)| *of == kind)
                .map(|((_, name), (entry, _))| (name.clone(), entry.clone()))
                .collect())
        }
        .boxed()
    }

    fn fetch<'a>(&'a self, kind: &'static str, name: &'a str) -> BoxFuture<'a, Result<Option<Stored>, IconError>> {
        async move {
            self.reachable(kind)?;
            Ok(self.held.lock().uploads.get(&(kind, name.to_owned())).cloned())
        }
        .boxed()
    }
}

fn png(width: u32, height: u32, color: [u8; 4]) -> Bytes {
    let mut bytes = Vec::new();
    RgbaImage::from_pixel(width, height, Rgba(color))
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .unwrap();
    Bytes::from(bytes)
}

/// An instance's icon library in the cluster `store`, holding at most `capacity`, synced.
async fn icons_of(store: &Arc<MemoryUploads>, data_dir: &std::path::Path, capacity: Capacity) -> Arc<Library> {
    let library = Arc::new(
        Library::shared_icons(data_dir, store.clone())
            .unwrap()
            .with_capacity(capacity),
    );
    library.sync(store.as_ref()).await.unwrap();
    library
}

fn top_left(library: &Library, name: &str) -> Option<Vec<u8>> {
    Some(library.get(name)?.frame(0).rgba[..4].to_vec())
}

#[tokio::test]
async fn an_upload_through_one_instance_is_drawn_by_another_and_a_deletion_reaches_it() {
    let store = Arc::new(MemoryUploads::default());
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = icons_of(&store, dir_a.path(), ICON_CAPACITY).await;
    let b = icons_of(&store, dir_b.path(), ICON_CAPACITY).await;

    let washer = png(8, 6, [0, 200, 0, 255]);
    let info = a.clone().upload("washer".into(), washer.clone()).await.unwrap();
    assert_eq!((info.width, info.height, info.builtin), (8, 6, false));
    assert_eq!(
        top_left(&a, "washer"),
        Some(vec![0, 200, 0, 255]),
        "at once where uploaded"
    );
    assert!(!b.contains("washer"), "the other instance learns of it when it syncs");
    assert!(b.knows("washer").await, "or when a command names it first");
    assert!(!b.knows("nothing").await);
    assert_eq!(top_left(&b, "washer"), Some(vec![0, 200, 0, 255]));
    assert_eq!(b.file("washer").unwrap(), Some((washer.to_vec(), "image/png")));
    let first = b.revision("washer").unwrap();

    // Replaced through B: A draws the new one, and the revision moved on everywhere.
    b.clone()
        .upload("washer".into(), png(4, 4, [9, 9, 200, 255]))
        .await
        .unwrap();
    a.sync(store.as_ref()).await.unwrap();
    assert_eq!(top_left(&a, "washer"), Some(vec![9, 9, 200, 255]));
    assert!(a.revision("washer").unwrap() > first);
    assert_eq!(a.revision("washer"), b.revision("washer"));

    // Deleted through B: gone from the store and B at once, from A once it syncs.
    b.clone().delete("washer".into()).await.unwrap();
    assert!(!b.contains("washer"));
    assert!(store.names("icon").is_empty());
    a.sync(store.as_ref()).await.unwrap();
    assert!(!a.contains("washer"));
    assert!(matches!(
        a.clone().delete("washer".into()).await,
        Err(IconError::Unknown("icon", _))
    ));
    assert!(matches!(
        a.clone().delete("heart".into()).await,
        Err(IconError::BuiltIn("icon", _))
    ));
}

#[tokio::test]
async fn an_instance_started_later_has_every_upload_made_before() {
    let store = Arc::new(MemoryUploads::default());
    let dir = tempfile::tempdir().unwrap();
    let first = icons_of(&store, dir.path(), ICON_CAPACITY).await;
    for (name, red) in [("one", 10), ("two", 20), ("sun", 30)] {
        first
            .clone()
            .upload(name.into(), png(2, 2, [red, 0, 0, 255]))
            .await
            .unwrap();
    }
    // The same data directory: copies go to a folder of each library's own.
    let later = icons_of(&store, dir.path(), ICON_CAPACITY).await;
    assert_eq!(top_left(&later, "two"), Some(vec![20, 0, 0, 255]));
    assert_eq!(
        later.get("sun").unwrap().width(),
        2,
        "an upload hides the built-in icon"
    );
    assert_eq!(later.usage(), first.usage());
    assert_eq!(top_left(&first, "one"), Some(vec![10, 0, 0, 255]));
}

#[tokio::test]
async fn the_capacity_holds_across_instances_and_a_refused_upload_stores_nothing() {
    let store = Arc::new(MemoryUploads::default());
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let two = Capacity {
        uploads: 2,
        decoded_mib: 1,
    };
    let a = icons_of(&store, dir_a.path(), two).await;
    let b = icons_of(&store, dir_b.path(), two).await;
    a.clone().upload("one".into(), png(4, 4, [1, 1, 1, 255])).await.unwrap();
    a.clone().upload("two".into(), png(4, 4, [2, 2, 2, 255])).await.unwrap();

    // B has not synced, so its own copy is empty: the store counts, not the copy.
    let refused = b.clone().upload("three".into(), png(4, 4, [3, 3, 3, 255])).await;
    assert!(
        matches!(refused, Err(IconError::TooMany { kind: "icon", max: 2 })),
        "{refused:?}"
    );
    assert_eq!(store.names("icon"), ["one", "two"]);
    assert!(!b.contains("three"));
    // Replacing one of the two is no third upload.
    b.clone().upload("two".into(), png(4, 4, [5, 5, 5, 255])).await.unwrap();

    let pictures = |dir| Library::shared_pictures(dir, store.clone());
    let dir_c = tempfile::tempdir().unwrap();
    let small = Arc::new(pictures(dir_c.path()).unwrap().with_capacity(Capacity {
        uploads: 9,
        decoded_mib: 1,
    }));
    // Four of 256 x 256 take 1 MiB decoded, as much as the capacity allows.
    for name in ["p0", "p1", "p2", "p3"] {
        small
            .clone()
            .upload(name.into(), png(256, 256, [0, 0, 0, 255]))
            .await
            .unwrap();
    }
    let refused = small.clone().upload("more".into(), png(256, 256, [0, 0, 0, 255])).await;
    assert!(
        matches!(
            refused,
            Err(IconError::TooMuch {
                kind: "picture",
                max_mib: 1
            })
        ),
        "{refused:?}"
    );
    assert_eq!(store.names("picture"), ["p0", "p1", "p2", "p3"]);
    assert_eq!(store.names("icon"), ["one", "two"], "each kind counts its own");
}

#[tokio::test]
async fn a_bad_upload_or_an_unreachable_store_changes_nothing_anywhere() {
    let store = Arc::new(MemoryUploads::default());
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = icons_of(&store, dir_a.path(), ICON_CAPACITY).await;
    let b = icons_of(&store, dir_b.path(), ICON_CAPACITY).await;
    a.clone()
        .upload("kept".into(), png(3, 3, [7, 7, 7, 255]))
        .await
        .unwrap();
    b.sync(store.as_ref()).await.unwrap();

    let half = png(3, 3, [8, 8, 8, 255]);
    let corrupt = Bytes::copy_from_slice(&half[..half.len() / 2]);
    assert!(matches!(
        a.clone().upload("kept".into(), corrupt).await,
        Err(IconError::Decode(_))
    ));
    assert!(matches!(
        a.clone().upload("big".into(), png(33, 33, [0, 0, 0, 255])).await,
        Err(IconError::Decode(_))
    ));
    assert!(matches!(
        a.clone().upload("../kept".into(), half.clone()).await,
        Err(IconError::InvalidName(..))
    ));
    store.unreachable.store(true, Ordering::Relaxed);
    assert!(matches!(
        a.clone().upload("kept".into(), half).await,
        Err(IconError::Shared("icon", _))
    ));
    assert!(matches!(
        a.clone().delete("kept".into()).await,
        Err(IconError::Shared("icon", _))
    ));
    assert!(b.sync(store.as_ref()).await.is_err());
    store.unreachable.store(false, Ordering::Relaxed);

    b.sync(store.as_ref()).await.unwrap();
    for library in [&a, &b] {
        assert_eq!(top_left(library, "kept"), Some(vec![7, 7, 7, 255]));
        assert!(!library.contains("big"));
    }
    assert_eq!(store.names("icon"), ["kept"]);
}

#[tokio::test]
async fn a_copy_of_an_older_upload_never_replaces_a_newer_one() {
    let store = Arc::new(MemoryUploads::default());
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = icons_of(&store, dir_a.path(), ICON_CAPACITY).await;
    let b = icons_of(&store, dir_b.path(), ICON_CAPACITY).await;
    a.clone()
        .upload("flag".into(), png(2, 2, [1, 0, 0, 255]))
        .await
        .unwrap();
    let (older, bytes) = store.held.lock().uploads[&("icon", "flag".to_owned())].clone();
    b.clone()
        .upload("flag".into(), png(2, 2, [2, 0, 0, 255]))
        .await
        .unwrap();

    // A late copy of the first upload, as a sync that read it before the second may make.
    let first = older.revision;
    b.adopt("flag", older, &bytes, None).unwrap();
    assert_eq!(top_left(&b, "flag"), Some(vec![2, 0, 0, 255]));
    // Nor does a sync that saw the first upload gone drop the second.
    b.forget("flag", first).unwrap();
    assert_eq!(top_left(&b, "flag"), Some(vec![2, 0, 0, 255]));
    b.forget("flag", first + 1).unwrap();
    assert!(!b.contains("flag"));
}
