//! The render loop: one tokio task that paces the running app and publishes its frames.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::watch;
use tokio::time::{Instant, sleep_until};
use tokio_util::sync::CancellationToken;

use super::{Renderer, Scene};
use crate::gfx::Frame;

/// What the render loop has done so far, as `/metrics` reports it.
#[derive(Debug, Default)]
pub struct RenderStats {
    /// Frames handed to the outputs (pictures that changed).
    pub frames: AtomicU64,
    /// Timed frames drawn more than half an interval after they were due.
    pub late_frames: AtomicU64,
    /// Time spent stepping and drawing, in nanoseconds.
    pub drawing_nanos: AtomicU64,
}

/// Draws `scene` until `shutdown` is cancelled or the scene's sender is gone.
///
/// The task sleeps until the next frame is due or the scene changes, so
/// between frames it costs nothing. A frame is handed to `show` (the outputs,
/// which must not block) and published on `frames` only when its pixels
/// differ from the last.
pub async fn run(
    mut renderer: Renderer,
    mut scene: watch::Receiver<Scene>,
    frames: watch::Sender<Arc<Frame>>,
    mut show: impl FnMut(&Arc<Frame>) + Send,
    stats: Arc<RenderStats>,
    shutdown: CancellationToken,
) {
    let mut last: Option<Arc<Frame>> = None;
    let mut publish = |frame: Frame| {
        if last.as_deref() == Some(&frame) {
            return;
        }
        stats.frames.fetch_add(1, Ordering::Relaxed);
        let frame = Arc::new(frame);
        show(&frame);
        frames.send_replace(Arc::clone(&frame));
        last = Some(frame);
    };

    renderer.apply(&scene.borrow_and_update());
    publish(renderer.frame(local_now()));
    let mut due = renderer.frame_interval().map(|interval| Instant::now() + interval);

    loop {
        tokio::select! {
            biased;
            () = shutdown.cancelled() => break,
            changed = scene.changed() => {
                if changed.is_err() {
                    break;
                }
                let started = renderer.apply(&scene.borrow_and_update());
                publish(renderer.frame(local_now()));
                // A new app starts its own schedule; a reconfigured one keeps its cadence.
                due = match renderer.frame_interval() {
                    Some(interval) if started || due.is_none() => Some(Instant::now() + interval),
                    Some(_) => due,
                    None => None,
                };
            }
            () = sleep_until(due.unwrap_or_else(Instant::now)), if due.is_some() => {
                let woke = Instant::now();
                let interval = renderer.frame_interval().unwrap_or_default();
                if due.is_some_and(|due| woke.duration_since(due) > interval / 2) {
                    stats.late_frames.fetch_add(1, Ordering::Relaxed);
                }
                let now = local_now();
                let drawing = std::time::Instant::now();
                renderer.step(now);
                let frame = renderer.frame(now);
                let nanos = u64::try_from(drawing.elapsed().as_nanos()).unwrap_or(u64::MAX);
                stats.drawing_nanos.fetch_add(nanos, Ordering::Relaxed);
                publish(frame);
                due = renderer.frame_interval().map(|interval| {
                    // Keep a steady cadence, but after a stall start afresh rather than
                    // rushing out the missed frames.
                    let next = due.unwrap_or_else(Instant::now) + interval;
                    next.max(Instant::now())
                });
            }
        }
    }
}

fn local_now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

    use serde_json::json;

    use super::*;
    use crate::apps::Registry;

    /// A frame and when it was shown, in (paused) tokio time.
    type Shown = (Instant, Arc<Frame>);

    /// Remembers every frame shown.
    #[derive(Clone, Default)]
    struct Recorder(Arc<Mutex<Vec<Shown>>>);

    impl Recorder {
        fn show(&self, frame: &Arc<Frame>) {
            self.0.lock().unwrap().push((Instant::now(), Arc::clone(frame)));
        }

        fn take(&self) -> Vec<Shown> {
            std::mem::take(&mut self.0.lock().unwrap())
        }
    }

    struct Harness {
        scene: watch::Sender<Scene>,
        frames: watch::Receiver<Arc<Frame>>,
        shown: Recorder,
        shutdown: CancellationToken,
        task: tokio::task::JoinHandle<()>,
    }

    fn start(initial: Scene) -> Harness {
        let registry = Arc::new(Registry::builtin());
        let (scene, scene_rx) = watch::channel(initial);
        let (frames_tx, frames) = watch::channel(Arc::new(Frame::blank(64, 32)));
        let shown = Recorder::default();
        let shutdown = CancellationToken::new();
        let recorder = shown.clone();
        let task = tokio::spawn(run(
            Renderer::new(registry, Vec::new(), 64, 32, 1),
            scene_rx,
            frames_tx,
            move |frame| recorder.show(frame),
            Arc::default(),
            shutdown.clone(),
        ));
        Harness {
            scene,
            frames,
            shown,
            shutdown,
            task,
        }
    }

    fn scene(app: &str, config: serde_json::Value) -> Scene {
        let registry = Registry::builtin();
        let config = registry.get(app).unwrap().schema.effective(config.as_object().unwrap());
        Scene {
            app: Some(app.into()),
            config,
            brightness: 100,
            notification: None,
            custom: None,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn frames_follow_the_apps_fps() {
        let harness = start(scene(
            "scroll_text",
            json!({"fps": 10, "speed": 1, "text": "WIDE TEXT"}),
        ));
        tokio::time::sleep(Duration::from_millis(1050)).await;
        let shown = harness.shown.take();
        // The first picture at once (text still off-panel), then one per 100 ms.
        assert_eq!(shown.len(), 11, "{} frames", shown.len());
        assert!(shown[0].1.is_blank());
        for pair in shown[1..].windows(2) {
            assert_eq!(pair[1].0 - pair[0].0, Duration::from_millis(100));
        }
        assert_eq!(**harness.frames.borrow(), *shown[10].1);
        harness.shutdown.cancel();
        harness.task.await.unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn unchanged_pictures_are_not_published() {
        let harness = start(scene("scroll_text", json!({"fps": 30, "text": ""})));
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(harness.shown.take().len(), 1, "only the first, blank picture");
        harness.shutdown.cancel();
        harness.task.await.unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn scene_changes_show_at_once_and_stopping_blanks_the_panel() {
        let mut harness = start(Scene::default());
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(harness.shown.take()[0].1.is_blank());

        harness.frames.mark_unchanged();
        harness.scene.send_replace(scene("stars", json!({"spawn_rate": 5})));
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(harness.frames.has_changed().unwrap());
        assert!(!harness.frames.borrow_and_update().is_blank());

        let before = Instant::now();
        harness.scene.send_replace(Scene::default());
        tokio::time::sleep(Duration::from_millis(1)).await;
        let shown = harness.shown.take();
        let (at, last) = shown.last().unwrap();
        assert!(last.is_blank());
        assert_eq!(*at, before, "the blank panel is shown without waiting for a frame");
        assert!(harness.frames.borrow().is_blank());

        // Stopped, nothing more is drawn.
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert!(harness.shown.take().is_empty());

        // The loop ends when the scene's owner is gone.
        drop(harness.scene);
        harness.task.await.unwrap();
    }
}
