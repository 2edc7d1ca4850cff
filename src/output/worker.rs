//! One output's thread: the device it owns, the newest frame waiting for it, and its health.
//!
//! The render loop hands frames over through a one-frame mailbox and never
//! waits: a device slower than the panel only skips frames (newest wins, the
//! skipped ones are counted). A failing device is retried with back-off on the
//! newest frame, logged once when it starts failing and once when it recovers;
//! a device that asks for it is shown the current frame again while no new one
//! comes, until the output is released. A device that panics is treated as
//! one that failed: logged, reported and retried, its thread carrying on.

use std::io;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use parking_lot::{Condvar, Mutex};
use serde::Serialize;
use utoipa::ToSchema;

use crate::gfx::Frame;
use crate::priority::PanelPriority;
use crate::render::Panicked;

/// First wait after a failure; it doubles with each failure in a row.
const FIRST_RETRY: Duration = Duration::from_millis(100);
const LONGEST_RETRY: Duration = Duration::from_secs(5);

/// A device that shows frames: a terminal, a network panel, a GPIO driver.
///
/// It runs on the output's own thread, so [`Device::show`] may block for as
/// long as the device needs.
pub trait Device: Send + 'static {
    /// Shows one frame. An error marks the output as failing; the newest
    /// frame is tried again after a back-off.
    fn show(&mut self, frame: &Frame) -> io::Result<()>;
    /// How often to show the current frame again while no new one comes;
    /// network receivers leave their live mode after a few seconds of silence.
    fn refresh_every(&self) -> Option<Duration> {
        None
    }
    /// Called once when the output closes, after the last frame.
    fn close(&mut self) {}
    /// How to cut short a `show` that may block for good (a pipe whose reader
    /// stopped reading), so closing the output never waits on the device.
    /// Taken once at start and called from the closing thread before the
    /// pending frame is shown, so the device can also refuse to start anew.
    fn interrupt(&self) -> Option<Interrupt> {
        None
    }
}

/// Cuts short a device's blocked [`Device::show`] from the thread closing the output.
pub type Interrupt = Box<dyn FnOnce() + Send + Sync>;

/// A frame to show again, and when: after a failure (new frames wait for the
/// back-off too) or to refresh the device.
struct Again {
    frame: Arc<Frame>,
    at: Instant,
    failed: bool,
}

/// An output's health, as `GET /api/displays` reports it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct OutputStatus {
    pub name: String,
    /// `"ok"` or `"failing"`.
    pub status: &'static str,
    /// Unix time in seconds of the first failure of the current streak.
    pub failing_since: Option<u64>,
    pub last_error: Option<String>,
    pub frames_sent: u64,
    /// Frames replaced by a newer one before the device could take them.
    pub frames_dropped: u64,
}

/// A running output: the handle the render loop feeds.
pub struct Output {
    name: String,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
    interrupt: Option<Interrupt>,
}

#[derive(Default)]
struct Shared {
    mailbox: Mutex<Mailbox>,
    wake: Condvar,
    health: Mutex<Health>,
}

#[derive(Default)]
struct Mailbox {
    frame: Option<Arc<Frame>>,
    /// Set when the output is dropped: show what is pending, then stop.
    closed: bool,
    /// Set when the panel is no longer drawn here: show nothing more until a new frame.
    released: bool,
}

#[derive(Default)]
struct Health {
    failing_since: Option<SystemTime>,
    last_error: Option<String>,
    sent: u64,
    dropped: u64,
}

impl Output {
    /// Starts a thread named after the output that shows frames on `device`, scheduled as
    /// `priority` says, like the render thread.
    pub fn spawn(name: &str, device: impl Device, priority: PanelPriority) -> io::Result<Self> {
        let shared = Arc::new(Shared::default());
        let interrupt = device.interrupt();
        let thread = {
            let (shared, name) = (Arc::clone(&shared), name.to_owned());
            std::thread::Builder::new()
                .name(format!("output-{name}"))
                .spawn(move || {
                    // The render thread says when the system allows less than asked.
                    let _ = priority.apply_to_this_thread();
                    work(&name, &shared, device)
                })?
        };
        Ok(Self {
            name: name.to_owned(),
            shared,
            thread: Some(thread),
            interrupt,
        })
    }

    /// Leaves `frame` for the device; returns at once.
    pub fn show(&self, frame: &Arc<Frame>) {
        let replaced = {
            let mut mailbox = self.shared.mailbox.lock();
            mailbox.released = false;
            mailbox.frame.replace(Arc::clone(frame))
        };
        if replaced.is_some() {
            self.shared.health.lock().dropped += 1;
        }
        self.shared.wake.notify_one();
    }

    /// Drops the frame waiting and the one to show again, and shows nothing until the next
    /// [`Output::show`]; a frame the device is showing right now still goes out.
    pub fn release(&self) {
        let mut mailbox = self.shared.mailbox.lock();
        mailbox.frame = None;
        mailbox.released = true;
        drop(mailbox);
        self.shared.wake.notify_one();
    }

    pub fn status(&self) -> OutputStatus {
        let health = self.shared.health.lock();
        OutputStatus {
            name: self.name.clone(),
            status: if health.failing_since.is_some() {
                "failing"
            } else {
                "ok"
            },
            failing_since: health
                .failing_since
                .and_then(|since| since.duration_since(SystemTime::UNIX_EPOCH).ok())
                .map(|since| since.as_secs()),
            last_error: health.last_error.clone(),
            frames_sent: health.sent,
            frames_dropped: health.dropped,
        }
    }
}

impl Drop for Output {
    /// Interrupts the device if it asked to be, shows the pending frame,
    /// closes the device and waits for the thread.
    fn drop(&mut self) {
        self.shared.mailbox.lock().closed = true;
        self.shared.wake.notify_one();
        if let Some(interrupt) = self.interrupt.take() {
            interrupt();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn work(name: &str, shared: &Shared, mut device: impl Device) {
    let mut again: Option<Again> = None;
    let mut backoff = FIRST_RETRY;
    while let Some(frame) = next_frame(shared, &mut again) {
        let shown = std::panic::catch_unwind(AssertUnwindSafe(|| device.show(&frame))).unwrap_or_else(|payload| {
            let panic = Panicked::from_payload(payload.as_ref());
            Err(io::Error::other(format!("the device panicked: {panic}")))
        });
        match shown {
            Ok(()) => {
                let mut health = shared.health.lock();
                health.sent += 1;
                if let Some(since) = health.failing_since.take() {
                    let for_secs = since.elapsed().unwrap_or_default().as_secs_f32();
                    tracing::info!(output = name, "output recovered after failing for {for_secs:.1} s");
                }
                backoff = FIRST_RETRY;
                again = device.refresh_every().map(|every| Again {
                    frame,
                    at: Instant::now() + every,
                    failed: false,
                });
            }
            Err(error) => {
                let mut health = shared.health.lock();
                if health.failing_since.is_none() {
                    tracing::warn!(output = name, %error, "output failing; retrying with back-off");
                    health.failing_since = Some(SystemTime::now());
                }
                health.last_error = Some(error.to_string());
                again = Some(Again {
                    frame,
                    at: Instant::now() + backoff,
                    failed: true,
                });
                backoff = (backoff * 2).min(LONGEST_RETRY);
            }
        }
    }
    device.close();
}

/// Waits for the next frame to show: a new one (once a failure's back-off is
/// over), else the one to show again once its time has come; `None` once closed.
fn next_frame(shared: &Shared, again: &mut Option<Again>) -> Option<Arc<Frame>> {
    let mut mailbox = shared.mailbox.lock();
    loop {
        if mailbox.closed {
            // Closing: the newest frame not yet tried, if any; a failed one is given up.
            return mailbox.frame.take();
        }
        if std::mem::take(&mut mailbox.released) {
            *again = None;
        }
        let now = Instant::now();
        let backing_off = again.as_ref().is_some_and(|again| again.failed && now < again.at);
        if !backing_off {
            if let Some(frame) = mailbox.frame.take() {
                *again = None;
                return Some(frame);
            }
            if let Some(due) = again.take_if(|again| now >= again.at) {
                return Some(due.frame);
            }
        }
        match again.as_ref().map(|again| again.at) {
            Some(at) => {
                shared.wake.wait_until(&mut mailbox, at);
            }
            None => shared.wake.wait(&mut mailbox),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    fn solid(value: u8) -> Arc<Frame> {
        Arc::new(Frame::new(1, 1, vec![value; 3]))
    }

    /// Reports each frame it shows (its red value) and waits for permission to return.
    struct Gated {
        shown: mpsc::Sender<u8>,
        permits: mpsc::Receiver<io::Result<()>>,
    }

    impl Device for Gated {
        fn show(&mut self, frame: &Frame) -> io::Result<()> {
            self.shown.send(frame.pixel(0, 0)[0]).unwrap();
            self.permits.recv().unwrap_or(Ok(()))
        }

        fn close(&mut self) {
            self.shown.send(u8::MAX).unwrap();
        }
    }

    fn gated() -> (Output, mpsc::Receiver<u8>, mpsc::Sender<io::Result<()>>) {
        let (shown, seen) = mpsc::channel();
        let (permit, permits) = mpsc::channel();
        let output = Output::spawn("test", Gated { shown, permits }, PanelPriority::Normal).unwrap();
        (output, seen, permit)
    }

    const PATIENCE: Duration = Duration::from_secs(5);

    #[test]
    fn a_stuck_device_never_holds_up_the_caller_and_gets_the_newest_frame() {
        let (output, seen, permit) = gated();
        output.show(&solid(1));
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(1));
        // The device is stuck on frame 1; handing over 100 more returns at once.
        let started = Instant::now();
        for value in 2..=101 {
            output.show(&solid(value));
        }
        assert!(started.elapsed() < Duration::from_secs(1));
        permit.send(Ok(())).unwrap();
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(101), "the newest frame, not the next");
        permit.send(Ok(())).unwrap();
        drop_and_wait(output, &seen);
    }

    #[test]
    fn a_failing_device_is_retried_on_the_same_frame_and_its_health_shows_it() {
        let (output, seen, permit) = gated();
        output.show(&solid(7));
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(7));
        permit.send(Err(io::Error::other("panel unplugged"))).unwrap();
        // Retried after the back-off with no new frame handed over.
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(7));
        let failing = output.status();
        assert_eq!(failing.status, "failing");
        assert!(failing.failing_since.is_some());
        assert_eq!(failing.last_error.as_deref(), Some("panel unplugged"));
        assert_eq!(failing.frames_sent, 0);

        permit.send(Ok(())).unwrap();
        output.show(&solid(8));
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(8));
        permit.send(Ok(())).unwrap();
        drop_and_wait(output, &seen);
    }

    #[test]
    fn health_counts_sent_and_dropped_frames() {
        let (output, seen, permit) = gated();
        output.show(&solid(1));
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(1));
        output.show(&solid(2));
        output.show(&solid(3));
        permit.send(Ok(())).unwrap();
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(3));
        permit.send(Ok(())).unwrap();
        let deadline = Instant::now() + PATIENCE;
        while output.status().frames_sent < 2 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        let status = output.status();
        assert_eq!((status.status, status.frames_sent, status.frames_dropped), ("ok", 2, 1));
        assert_eq!(status.failing_since, None);
        drop_and_wait(output, &seen);
    }

    /// Sends each frame it shows (its red value), and asks to be refreshed every 50 ms.
    struct Refreshed(mpsc::Sender<u8>);

    impl Device for Refreshed {
        fn show(&mut self, frame: &Frame) -> io::Result<()> {
            self.0.send(frame.pixel(0, 0)[0]).map_err(io::Error::other)
        }

        fn refresh_every(&self) -> Option<Duration> {
            Some(Duration::from_millis(50))
        }
    }

    #[test]
    fn a_device_that_asks_is_shown_the_current_frame_again_until_a_new_one_comes() {
        let (shown, seen) = mpsc::channel();
        let output = Output::spawn("refreshed", Refreshed(shown), PanelPriority::Normal).unwrap();
        output.show(&solid(4));
        let repeats: Vec<u8> = (0..4).map(|_| seen.recv_timeout(PATIENCE).unwrap()).collect();
        assert_eq!(repeats, [4, 4, 4, 4], "shown, then refreshed");
        output.show(&solid(5));
        let deadline = Instant::now() + PATIENCE;
        let mut latest = 4;
        while latest != 5 && Instant::now() < deadline {
            latest = seen.recv_timeout(PATIENCE).unwrap();
        }
        assert_eq!(latest, 5);
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(5), "the new frame is the one refreshed");
    }

    /// Panics on the frames whose red value is 13, and reports the others.
    struct Fragile(mpsc::Sender<u8>);

    impl Device for Fragile {
        fn show(&mut self, frame: &Frame) -> io::Result<()> {
            let red = frame.pixel(0, 0)[0];
            assert_ne!(red, 13, "the device cannot show 13");
            self.0.send(red).map_err(io::Error::other)
        }
    }

    #[test]
    fn a_device_that_panics_is_reported_failing_and_its_output_carries_on() {
        let (shown, seen) = mpsc::channel();
        let output = Output::spawn("fragile", Fragile(shown), PanelPriority::Normal).unwrap();
        output.show(&solid(13));
        let deadline = Instant::now() + PATIENCE;
        while output.status().status != "failing" && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        let failing = output.status();
        assert_eq!(failing.status, "failing");
        let error = failing.last_error.unwrap_or_default();
        assert!(error.contains("the device cannot show 13"), "{error}");

        output.show(&solid(14));
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(14), "the thread still runs");
        let deadline = Instant::now() + PATIENCE;
        while output.status().status != "ok" && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(output.status().status, "ok", "recovered");
    }

    #[test]
    fn a_released_output_stops_refreshing_until_a_new_frame_comes() {
        let (shown, seen) = mpsc::channel();
        let output = Output::spawn("released", Refreshed(shown), PanelPriority::Normal).unwrap();
        output.show(&solid(4));
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(4));
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(4), "refreshed");
        output.release();
        // A refresh already under way may still arrive; none after it.
        std::thread::sleep(Duration::from_millis(100));
        while seen.try_recv().is_ok() {}
        assert_eq!(
            seen.recv_timeout(Duration::from_millis(400)),
            Err(mpsc::RecvTimeoutError::Timeout),
            "nothing shown again once released"
        );
        output.show(&solid(5));
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(5));
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(5), "a new frame is refreshed again");
    }

    /// Reports each frame it shows, then blocks until interrupted.
    struct Stuck {
        shown: mpsc::Sender<u8>,
        unblock: mpsc::Sender<()>,
        blocked: mpsc::Receiver<()>,
    }

    impl Device for Stuck {
        fn show(&mut self, frame: &Frame) -> io::Result<()> {
            self.shown.send(frame.pixel(0, 0)[0]).unwrap();
            self.blocked.recv().map_err(io::Error::other)
        }

        fn close(&mut self) {
            self.shown.send(u8::MAX).unwrap();
        }

        fn interrupt(&self) -> Option<Interrupt> {
            let unblock = self.unblock.clone();
            Some(Box::new(move || unblock.send(()).unwrap()))
        }
    }

    #[test]
    fn closing_interrupts_a_device_stuck_in_show() {
        let (shown, seen) = mpsc::channel();
        let (unblock, blocked) = mpsc::channel();
        let output = Output::spawn(
            "stuck",
            Stuck {
                shown,
                unblock,
                blocked,
            },
            PanelPriority::Normal,
        )
        .unwrap();
        output.show(&solid(1));
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(1));
        // Dropped elsewhere, so a close that waited for good would fail here, not hang.
        std::thread::spawn(move || drop(output));
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(u8::MAX), "closed");
    }

    fn drop_and_wait(output: Output, seen: &mpsc::Receiver<u8>) {
        drop(output);
        assert_eq!(seen.recv_timeout(PATIENCE), Ok(u8::MAX));
    }
}
