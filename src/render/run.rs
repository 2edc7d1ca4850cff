//! The render loop: one task that paces the running app and publishes its frames, on an OS
//! thread of its own.
//!
//! On the shared runtime a frame would wait behind whatever the workers are doing, and after a
//! command that is a broadcast to every Socket.IO client: milliseconds at a thousand clients.
//! On its own thread, with a single-threaded runtime nothing else uses and the priority
//! `--panel-priority` asks for (real-time where the system allows it, see [`crate::priority`]),
//! the kernel's scheduler wakes the loop when its frame is due however busy the server is. There the loop also sleeps the last stretch before each frame
//! on the thread's own timer: tokio's counts whole milliseconds, which would make 60 fps
//! frames come 16 or 17 ms apart rather than every 16.67.

use std::any::Any;
use std::cell::Cell;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{Instant, sleep_until};
use tokio_util::sync::CancellationToken;

use super::{RenderStats, Renderer, Scene};
use crate::clock::Clock;
use crate::gfx::Frame;
use crate::priority::PanelPriority;

/// How long before a frame is due a loop on its own thread stops trusting tokio's timer, which
/// rounds a deadline up to the next millisecond, and sleeps the rest at the kernel's resolution.
const FINE_WAIT: Duration = Duration::from_millis(2);

thread_local! {
    /// Set on the thread [`on_own_thread`] starts: nothing else runs there, so the loop may
    /// block it for the last stretch before a frame.
    static OWN_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Why a loop on its own thread ended early: the message of the panic that ended it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Panicked(pub String);

impl Panicked {
    /// The message a panic was raised with, as far as it is text.
    pub fn from_payload(payload: &(dyn Any + Send)) -> Self {
        let message = payload
            .downcast_ref::<&str>()
            .map(|text| (*text).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        Self(message)
    }
}

/// Runs `render` (the future [`run`] returns) to its end on a thread of its own.
///
/// Resolves when the loop ends, with its panic if it panicked (see [`super::Supervisor`]).
/// Stopping it still goes through the loop's cancellation token: dropping this future early
/// leaves the thread running until then.
pub async fn on_own_thread(
    render: impl Future<Output = ()> + Send + 'static,
    priority: PanelPriority,
) -> Result<(), Panicked> {
    let (ended, end) = tokio::sync::oneshot::channel();
    let spawned = std::thread::Builder::new().name("render".into()).spawn(move || {
        let got = priority.apply_to_this_thread();
        if got != priority {
            tracing::info!(asked = ?priority, ?got, "the panel's threads run at a lower priority than asked (see --panel-priority)");
        }
        OWN_THREAD.set(true);
        let outcome = match tokio::runtime::Builder::new_current_thread().enable_time().build() {
            Ok(runtime) => std::panic::catch_unwind(AssertUnwindSafe(|| runtime.block_on(render)))
                .map_err(|payload| Panicked::from_payload(payload.as_ref())),
            Err(error) => Err(Panicked(format!("could not start the render loop's runtime: {error}"))),
        };
        let _ = ended.send(outcome);
    });
    match spawned {
        Ok(_) => end
            .await
            .unwrap_or_else(|_| Err(Panicked("the render thread ended without a word".into()))),
        Err(error) => Err(Panicked(format!("could not start the render thread: {error}"))),
    }
}

/// Draws `scene` until `shutdown` is cancelled or the scene's sender is gone,
/// at the time `clock` tells.
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
    clock: Clock,
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
    publish(renderer.frame(clock.local()));
    let mut due = renderer.frame_interval().map(|interval| Instant::now() + interval);

    loop {
        stats.expect_frame(due.map(Instant::into_std));
        tokio::select! {
            biased;
            () = shutdown.cancelled() => break,
            changed = scene.changed() => {
                if changed.is_err() {
                    break;
                }
                let started = renderer.apply(&scene.borrow_and_update());
                publish(renderer.frame(clock.local()));
                // A new app starts its own schedule; a reconfigured one keeps its cadence.
                due = match renderer.frame_interval() {
                    Some(interval) if started || due.is_none() => Some(Instant::now() + interval),
                    Some(_) => due,
                    None => None,
                };
            }
            () = sleep_until(wake_for(due)), if due.is_some() => {
                finish_wait(due);
                let woke = Instant::now();
                let interval = renderer.frame_interval().unwrap_or_default();
                if due.is_some_and(|due| woke.duration_since(due) > interval / 2) {
                    stats.late_frames.fetch_add(1, Ordering::Relaxed);
                }
                let now = clock.local();
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

/// When to wake for the frame `due`: on the loop's own thread [`FINE_WAIT`] ahead of it, so
/// tokio's timer never overshoots; elsewhere (a shared or test runtime) at `due`.
fn wake_for(due: Option<Instant>) -> Instant {
    let due = due.unwrap_or_else(Instant::now);
    if OWN_THREAD.get() {
        due.checked_sub(FINE_WAIT).unwrap_or(due)
    } else {
        due
    }
}

/// On the loop's own thread, sleeps from [`wake_for`]'s early wake-up to `due` itself.
fn finish_wait(due: Option<Instant>) {
    if let Some(due) = due.filter(|_| OWN_THREAD.get()) {
        std::thread::sleep(due.into_std().saturating_duration_since(std::time::Instant::now()));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

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
        launch(initial, false)
    }

    /// As [`start`], with the loop on a thread of its own, so on the real clock.
    fn start_on_own_thread(initial: Scene) -> Harness {
        launch(initial, true)
    }

    fn launch(initial: Scene, own_thread: bool) -> Harness {
        let registry = Arc::new(Registry::builtin());
        let (scene, scene_rx) = watch::channel(initial);
        let (frames_tx, frames) = watch::channel(Arc::new(Frame::blank(64, 32)));
        let shown = Recorder::default();
        let shutdown = CancellationToken::new();
        let recorder = shown.clone();
        let render = run(
            Renderer::new(registry, Vec::new(), 64, 32, 1),
            scene_rx,
            frames_tx,
            move |frame| recorder.show(frame),
            Clock::system(chrono_tz::Tz::UTC),
            Arc::default(),
            shutdown.clone(),
        );
        let task = if own_thread {
            tokio::spawn(async move {
                on_own_thread(render, PanelPriority::Normal)
                    .await
                    .expect("the loop does not panic")
            })
        } else {
            tokio::spawn(render)
        };
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
            ..Scene::default()
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

    /// What a shared runtime busy with a broadcast looks like to the tasks on it.
    #[tokio::test(flavor = "current_thread")]
    async fn on_its_own_thread_frames_keep_coming_while_the_starting_runtime_is_blocked() {
        let harness = start_on_own_thread(scene(
            "scroll_text",
            json!({"fps": 100, "speed": 1, "text": "WIDE TEXT"}),
        ));
        tokio::time::sleep(Duration::from_millis(50)).await;
        harness.shown.take();
        // Blocks the only thread of the runtime that started the loop.
        std::thread::sleep(Duration::from_millis(500));
        let during = harness.shown.take().len();
        assert!(during >= 25, "{during} frames in 500 ms at 100 fps");

        harness.shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(5), harness.task)
            .await
            .expect("the loop ends when cancelled")
            .unwrap();
    }

    /// Waking early for the fine wait must never show a frame before it is due.
    #[tokio::test(flavor = "current_thread")]
    async fn on_its_own_thread_no_frame_comes_before_it_is_due() {
        let interval = Duration::from_millis(10);
        let harness = start_on_own_thread(scene(
            "scroll_text",
            json!({"fps": 100, "speed": 1, "text": "WIDE TEXT"}),
        ));
        tokio::time::sleep(Duration::from_millis(300)).await;
        harness.shutdown.cancel();
        harness.task.await.unwrap();

        let shown = harness.shown.take();
        assert!(shown.len() > 10, "{} frames in 300 ms at 100 fps", shown.len());
        // The schedule starts just after the first (blank) picture; a late frame moves it on.
        let mut due = shown[0].0 + interval;
        for (at, _) in &shown[1..] {
            assert!(*at >= due, "a frame came {:?} early", due - *at);
            due = due.max(*at - interval) + interval;
        }
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
