//! Prints the CPU one output costs per frame at 60 frames a second, for each
//! kind of display and panel size: everything the process spends showing the
//! frames (the output's thread, its device, the mapping), less what the
//! loopback receivers standing in for the devices spend (and the piped
//! command's own CPU, which is another process's). Run with
//! `cargo bench --bench outputs`.

use std::net::UdpSocket;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cpu_time::{ProcessTime, ThreadTime};

use retroboard::gfx::Frame;
use retroboard::output::{OutputSpec, Outputs};
use retroboard::priority::PanelPriority;

const FPS: u32 = 60;
const SECONDS: u32 = 4;

fn main() {
    println!(
        "{:<8} {:<68} {:>10} {:>8} {:>8}",
        "panel", "display", "CPU/frame", "sent", "skipped"
    );
    for (width, height) in [(64u16, 32u16), (128, 64)] {
        let frames = moving_frames(width, height);
        for display in [
            "ddp://127.0.0.1:PORT",
            "ddp://127.0.0.1:PORT?rotate=90&serpentine=true&order=GRB&gamma=2.2",
            "e131://127.0.0.1:PORT",
            "pipe:cat > /dev/null",
        ] {
            measure(display, (width, height), &frames);
        }
    }
}

/// Shows `frames` in turn on `display` (its PORT a loopback receiver's) at
/// 60 a second and prints what it cost.
fn measure(display: &str, size: (u16, u16), frames: &[Arc<Frame>]) {
    let receiver = Receiver::start();
    let spec: OutputSpec = display
        .replace("PORT", &receiver.port.to_string())
        .parse()
        .expect("a valid display");
    let outputs = Outputs::open(&[spec], size, PanelPriority::Normal).expect("the display opens");
    let shown = FPS * SECONDS;
    let before = ProcessTime::now();
    let started = Instant::now();
    for index in 0..shown {
        outputs.show(&frames[index as usize % frames.len()]);
        let due = started + Duration::from_secs(1) * (index + 1) / FPS;
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
    }
    let status = outputs.statuses().remove(0);
    drop(outputs);
    let spent = before.elapsed() - receiver.stop();
    println!(
        "{:<8} {:<68} {:>7.1} µs {:>8} {:>8}",
        format!("{}x{}", size.0, size.1),
        display,
        spent.as_secs_f64() * 1e6 / f64::from(shown),
        status.frames_sent,
        status.frames_dropped,
    );
}

/// Sixty different frames, so every one the output gets is new.
fn moving_frames(width: u16, height: u16) -> Vec<Arc<Frame>> {
    (0..60u32)
        .map(|step| {
            let pixels = usize::from(width) * usize::from(height);
            let rgb = (0..pixels * 3)
                .map(|byte| (byte as u32 * 7 + step * 13) as u8)
                .collect();
            Arc::new(Frame::new(width, height, rgb))
        })
        .collect()
}

/// A loopback UDP socket draining what the output sends, on a thread that
/// reports its own CPU time so it can be taken off the output's.
struct Receiver {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Duration>,
}

impl Receiver {
    fn start() -> Self {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        socket.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
        let port = socket.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let started = ThreadTime::now();
            let mut buffer = [0u8; 2048];
            while !stopping.load(Ordering::Relaxed) {
                let _ = socket.recv(&mut buffer);
            }
            started.elapsed()
        });
        Self { port, stop, thread }
    }

    fn stop(self) -> Duration {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap()
    }
}
