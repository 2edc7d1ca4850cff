use std::sync::Arc;
use std::time::Duration;

use starlet::Limits;

use super::*;
use crate::apps::Registry;
use crate::apps::starlark::{Picture, Renders};
use crate::gfx::testing::fixed_time;
use crate::render::{Renderer, Scene};

/// Polls for `path` to appear, for a few seconds at most.
async fn appears(path: &Path) -> bool {
    for _ in 0..500 {
        if path.exists() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    false
}

/// The render thread only reads the newest picture: while a worker is stuck
/// in a render (a process that takes the request and never answers), the
/// panel draws frame after frame of the picture it has.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_panel_keeps_drawing_while_a_render_is_stuck() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    std::fs::create_dir(&app).unwrap();
    std::fs::write(app.join("app.star"), "def main():\n    return []\n").unwrap();
    let started = dir.path().join("started");
    let marker = started.clone();
    let pool = Pool::new(1, move || {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("touch '{}'; exec sleep 5", marker.display()));
        command
    });
    let options = Options {
        limits: Limits {
            timeout: Duration::from_millis(300),
            ..Limits::default()
        },
        ..Options::default()
    };
    let render = tokio::spawn(async move {
        pool.render(Lane::Background, &app, ConfigMap::new(), ConfigMap::new(), options)
            .await
    });
    assert!(appears(&started).await, "the worker took the render");

    let renders = Arc::new(Renders::default());
    let red = Picture::new(64, 32, vec![vec![[255, 0, 0]; 64 * 32]], Duration::from_millis(50)).unwrap();
    renders.set("weather", Some(Arc::new(red)));
    let registry = Arc::new(Registry::builtin().with_renders(renders));
    let mut renderer = Renderer::new(registry, Vec::new(), 64, 32, 1);
    renderer.apply(&Scene {
        app: Some("weather".into()),
        installed: true,
        brightness: 100,
        ..Scene::default()
    });
    for _ in 0..200 {
        renderer.step(fixed_time());
        assert_eq!(renderer.frame(fixed_time()).pixel(10, 10), [255, 0, 0]);
    }
    assert!(
        !render.is_finished(),
        "the render was still running while the panel drew"
    );
    let outcome = render.await.unwrap();
    assert!(
        matches!(outcome, Err(PoolError::App(starlet::Error::Timeout(_)))),
        "the stuck worker is stopped at the time limit: {outcome:?}"
    );
}

#[tokio::test]
async fn a_full_lane_answers_busy_at_once() {
    // The one worker takes a job and never answers it (its process is gone
    // within seconds), so every later job waits in the lane.
    let dir = tempfile::tempdir().unwrap();
    let started = dir.path().join("started");
    let marker = started.clone();
    let pool = Arc::new(Pool::new(1, move || {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("touch '{}'; exec sleep 5", marker.display()));
        command
    }));
    let options = Options {
        limits: Limits {
            timeout: Duration::from_secs(60),
            ..Limits::default()
        },
        ..Options::default()
    };
    let ask = |pool: Arc<Pool>, app: PathBuf, options: Options| {
        tokio::spawn(async move {
            pool.render(Lane::Background, &app, ConfigMap::new(), ConfigMap::new(), options)
                .await
        })
    };
    let mut waiting = vec![ask(pool.clone(), dir.path().to_owned(), options.clone())];
    assert!(appears(&started).await, "the worker took the first job");
    for _ in 0..LANE_CAPACITY {
        waiting.push(ask(pool.clone(), dir.path().to_owned(), options.clone()));
    }
    let queued = || pool.queue.lanes.lock().background.len();
    for _ in 0..500 {
        if queued() == LANE_CAPACITY {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(queued(), LANE_CAPACITY, "the lane filled up behind the stuck job");
    let refused = pool
        .render(
            Lane::Background,
            dir.path(),
            ConfigMap::new(),
            ConfigMap::new(),
            options,
        )
        .await;
    assert_eq!(refused.unwrap_err(), PoolError::Busy);
    for job in waiting {
        job.abort();
    }
}
