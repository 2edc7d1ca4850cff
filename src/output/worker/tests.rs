//! How an output's thread treats its device: the newest frame wins, failures and panics are
//! reported and retried, refreshes stop when released, and closing never waits on the device.

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

/// Shows frames (sending their red value), but panics the first time it is asked how
/// often to be refreshed: a panic outside `show`, which ends the output's loop.
struct BrokenOnce {
    shown: mpsc::Sender<u8>,
    asked: std::sync::atomic::AtomicBool,
}

impl Device for BrokenOnce {
    fn show(&mut self, frame: &Frame) -> io::Result<()> {
        self.shown.send(frame.pixel(0, 0)[0]).map_err(io::Error::other)
    }

    fn refresh_every(&self) -> Option<Duration> {
        let first = !self.asked.swap(true, std::sync::atomic::Ordering::SeqCst);
        assert!(!first, "a bug outside show");
        None
    }
}

#[test]
fn an_output_whose_loop_panics_is_reported_failing_and_started_again() {
    let (shown, seen) = mpsc::channel();
    let device = BrokenOnce {
        shown,
        asked: Default::default(),
    };
    let output = Output::spawn("broken", device, PanelPriority::Normal).unwrap();
    output.show(&solid(20));
    assert_eq!(seen.recv_timeout(PATIENCE), Ok(20));
    let deadline = Instant::now() + PATIENCE;
    while output.status().status != "failing" && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    let failing = output.status();
    assert_eq!(failing.status, "failing", "a stopped output is not ok");
    let error = failing.last_error.unwrap_or_default();
    assert!(
        error.contains("stopped") && error.contains("a bug outside show"),
        "{error}"
    );

    output.show(&solid(21));
    assert_eq!(seen.recv_timeout(PATIENCE), Ok(21), "started again");
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
