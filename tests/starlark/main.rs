//! Community (Pixlet) apps on a real server: the library of `--apps-dir`,
//! installations, their config forms and pictures on the panel, uploads,
//! the `http` module against a local server, Tidbyt's push API, and
//! installations through MQTT and in a cluster. The apps are the small
//! ones in `tests/fixtures/starlark`, run in this build's worker.

#[path = "../common/mod.rs"]
mod common;

mod elsewhere;
mod forms;
mod freshness;
mod http;
mod installations;
mod library;
mod push;
mod upload;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{StateDir, TestServer};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// How long a test waits for a render: a worker starts, loads and renders.
pub const RENDER_PATIENCE: Duration = Duration::from_secs(20);

pub const RED: [u8; 3] = [255, 0, 0];
pub const GREEN: [u8; 3] = [0, 255, 0];
pub const BLUE: [u8; 3] = [0, 0, 255];
pub const BLACK: [u8; 3] = [0, 0, 0];

/// A state folder with an app library holding the fixture apps.
pub struct Board {
    pub dir: StateDir,
    pub apps: PathBuf,
}

impl Board {
    /// The fixture apps named in `apps` copied into a fresh library.
    pub fn with(apps: &[&str]) -> Self {
        let dir = StateDir::new();
        let library = dir.path().join("library");
        std::fs::create_dir(&library).unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/starlark");
        for app in apps {
            copy_folder(&fixtures.join(app), &library.join(app));
        }
        Self { dir, apps: library }
    }

    /// The uploads folder of the data directory.
    pub fn uploads(&self) -> PathBuf {
        self.dir.path().join("retroboard-data/uploaded-apps")
    }

    pub async fn spawn(&self) -> TestServer {
        self.spawn_with(&[]).await
    }

    pub async fn spawn_with(&self, extra: &[&str]) -> TestServer {
        let apps = self.apps.to_str().unwrap();
        let mut args = vec![
            "--apps-dir",
            apps,
            "--starlark-worker",
            env!("CARGO_BIN_EXE_retroboard"),
        ];
        args.extend_from_slice(extra);
        TestServer::spawn_with(&self.dir, &args).await
    }
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// Polls `check` until it gives a value, for `patience` at most.
pub async fn eventually<T, F: Future<Output = Option<T>>>(
    what: &str,
    patience: Duration,
    mut check: impl FnMut() -> F,
) -> T {
    let started = std::time::Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(started.elapsed() < patience, "gave up waiting: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The panel's pixel at (x, y), at scale 1.
pub async fn pixel(server: &TestServer, x: u32, y: u32) -> [u8; 3] {
    let (width, _, pixels) = server.frame_png("?scale=1").await;
    let at = ((y * width + x) * 3) as usize;
    [pixels[at], pixels[at + 1], pixels[at + 2]]
}

/// Waits for the panel's pixel at (x, y) to be `color`.
pub async fn shows(server: &TestServer, x: u32, y: u32, color: [u8; 3]) {
    eventually(&format!("pixel ({x},{y}) is {color:?}"), RENDER_PATIENCE, || async {
        (pixel(server, x, y).await == color).then_some(())
    })
    .await;
}

/// The installation `name` as `GET /api/starlark/installations` lists it.
/// Installs `app` as `name` with `config`, which must succeed.
pub async fn install(server: &TestServer, name: &str, app: &str, config: Value) {
    let (status, body) = server
        .post(
            "/api/starlark/installations",
            json!({ "app": app, "name": name, "config": config }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

pub async fn installation(server: &TestServer, name: &str) -> Option<Value> {
    let (_, body) = server.get("/api/starlark/installations").await;
    body["installations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|installation| installation["name"] == name)
        .cloned()
}

/// Waits for installation `name` to have rendered with `done` true of its listing.
pub async fn rendered(server: &TestServer, name: &str, done: impl Fn(&Value) -> bool) -> Value {
    let started = std::time::Instant::now();
    loop {
        let found = installation(server, name).await;
        if let Some(found) = found.as_ref().filter(|found| done(found)) {
            return found.clone();
        }
        assert!(
            started.elapsed() < RENDER_PATIENCE,
            "gave up waiting for {name} to render: {found:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
