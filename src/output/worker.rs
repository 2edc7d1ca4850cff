//! One output's thread: the device it owns, the newest frame waiting for it, and its health.
//!
//! The render loop hands frames over through a one-frame mailbox and never
//! waits: a device slower than the panel only skips frames (newest wins, the
//! skipped ones are counted). A failing device is retried with back-off on the
//! newest frame, logged once when it starts failing and once when it recovers;
//! a device that asks for it is shown the current frame again while no new one
//! comes, until the output is released. A device that panics is treated as
//! one that failed: logged, reported and retried, its thread carrying on. A
//! panic anywhere else on the thread stops the output's loop; it is reported
//! as failing and the loop started again after a pause, so an output never
//! dies unseen while `/api/displays` says "ok".

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
                    supervise(&name, &shared, device)
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

/// Runs the output's loop until it closes, starting it again after a pause whenever a panic
/// ends it; then closes the device.
fn supervise(name: &str, shared: &Shared, mut device: impl Device) {
    let mut pause = FIRST_RETRY;
    loop {
        let started = Instant::now();
        let Err(payload) = std::panic::catch_unwind(AssertUnwindSafe(|| work(name, shared, &mut device))) else {
            break;
        };
        let panic = Panicked::from_payload(payload.as_ref());
        tracing::error!(output = name, %panic, "the output stopped; starting it again in {pause:?}");
        {
            let mut health = shared.health.lock();
            health.failing_since.get_or_insert_with(SystemTime::now);
            health.last_error = Some(format!("the output stopped: {panic}"));
        }
        // A loop that ran a good while before failing starts again soon; one that keeps
        // failing at once waits longer each time, so it cannot flood the log.
        if started.elapsed() > LONGEST_RETRY * 2 {
            pause = FIRST_RETRY;
        }
        let until = Instant::now() + pause;
        let mut mailbox = shared.mailbox.lock();
        while !mailbox.closed && Instant::now() < until {
            shared.wake.wait_until(&mut mailbox, until);
        }
        if mailbox.closed {
            break;
        }
        pause = (pause * 2).min(LONGEST_RETRY);
    }
    device.close();
}

/// Shows frames on `device` until the output closes.
fn work(name: &str, shared: &Shared, device: &mut impl Device) {
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
mod tests;
