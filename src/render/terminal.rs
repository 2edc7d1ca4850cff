//! `--display terminal`: the panel drawn in the terminal with ANSI truecolour half-blocks.
//!
//! Each character cell shows two pixels, the upper as the foreground colour of
//! `▀` and the lower as its background. Writing happens on a thread of its own
//! that always draws the newest frame, so a slow terminal only skips frames and
//! never holds up the render loop.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;

use super::{Display, Frame};

pub struct TerminalDisplay {
    mailbox: Arc<Mailbox>,
    writer: Option<JoinHandle<()>>,
}

/// The newest frame not drawn yet, handed from the render loop to the writer thread.
#[derive(Default)]
struct Mailbox {
    state: Mutex<Pending>,
    ready: Condvar,
}

#[derive(Default)]
struct Pending {
    frame: Option<Arc<Frame>>,
    /// Set when the display is dropped: draw what is pending, then stop.
    closed: bool,
}

impl TerminalDisplay {
    pub fn stdout() -> Self {
        Self::new(std::io::stdout())
    }

    pub fn new(out: impl Write + Send + 'static) -> Self {
        let mailbox = Arc::new(Mailbox::default());
        let writer = {
            let mailbox = Arc::clone(&mailbox);
            std::thread::Builder::new()
                .name("terminal-display".into())
                .spawn(move || write_frames(&mailbox, out))
                .expect("spawning the terminal display thread")
        };
        Self {
            mailbox,
            writer: Some(writer),
        }
    }

    fn update(&self, change: impl FnOnce(&mut Pending)) {
        change(&mut self.mailbox.state.lock().unwrap_or_else(PoisonError::into_inner));
        self.mailbox.ready.notify_one();
    }
}

impl Display for TerminalDisplay {
    fn show(&mut self, frame: &Arc<Frame>) {
        self.update(|pending| pending.frame = Some(Arc::clone(frame)));
    }
}

impl Drop for TerminalDisplay {
    /// Draws the last frame and gives the terminal its cursor back.
    fn drop(&mut self) {
        self.update(|pending| pending.closed = true);
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

fn write_frames(mailbox: &Mailbox, mut out: impl Write) {
    let mut drawn_rows = None;
    let mut buffer = Vec::new();
    loop {
        let frame = {
            let mut pending = mailbox.state.lock().unwrap_or_else(PoisonError::into_inner);
            while pending.frame.is_none() && !pending.closed {
                pending = mailbox.ready.wait(pending).unwrap_or_else(PoisonError::into_inner);
            }
            pending.frame.take()
        };
        let Some(frame) = frame else { break };
        buffer.clear();
        paint(&frame, drawn_rows, &mut buffer);
        drawn_rows = Some(frame.height().div_ceil(2));
        if out.write_all(&buffer).and_then(|()| out.flush()).is_err() {
            // The terminal is gone; nothing more can be shown there.
            return;
        }
    }
    let _ = out.write_all(b"\x1b[0m\x1b[?25h").and_then(|()| out.flush());
}

/// Appends the escape sequences that draw `frame`, over the previous picture if
/// `drawn_rows` says how many terminal rows it took.
fn paint(frame: &Frame, drawn_rows: Option<u16>, out: &mut Vec<u8>) {
    match drawn_rows {
        // Hide the cursor so it does not flicker across the picture.
        None => out.extend_from_slice(b"\x1b[?25l"),
        Some(rows) => out.extend_from_slice(format!("\x1b[{rows}A").as_bytes()),
    }
    let (width, height) = (frame.width(), frame.height());
    for top in (0..height).step_by(2) {
        let mut colors = None;
        for x in 0..width {
            let upper = frame.pixel(x, top);
            let lower = if top + 1 < height {
                frame.pixel(x, top + 1)
            } else {
                [0; 3]
            };
            if colors != Some((upper, lower)) {
                let ([r, g, b], [br, bg, bb]) = (upper, lower);
                out.extend_from_slice(format!("\x1b[38;2;{r};{g};{b}m\x1b[48;2;{br};{bg};{bb}m").as_bytes());
                colors = Some((upper, lower));
            }
            out.extend_from_slice("▀".as_bytes());
        }
        out.extend_from_slice(b"\x1b[0m\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer whose bytes the test can read after the display is gone.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn two_pixel_rows_share_one_line_of_half_blocks() {
        // 2x3: row 0 red, row 1 green, row 2 blue (its lower half is off-panel, so black).
        let frame = Frame::new(
            2,
            3,
            [[255, 0, 0]; 2]
                .into_iter()
                .chain([[0, 255, 0]; 2])
                .chain([[0, 0, 255]; 2])
                .flatten()
                .collect(),
        );
        let mut out = Vec::new();
        paint(&frame, None, &mut out);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "\x1b[?25l\x1b[38;2;255;0;0m\x1b[48;2;0;255;0m▀▀\x1b[0m\n\x1b[38;2;0;0;255m\x1b[48;2;0;0;0m▀▀\x1b[0m\n"
        );

        let mut again = Vec::new();
        paint(&frame, Some(2), &mut again);
        assert!(
            String::from_utf8(again)
                .unwrap()
                .starts_with("\x1b[2A\x1b[38;2;255;0;0m")
        );
    }

    #[test]
    fn the_writer_thread_draws_the_newest_frame_and_restores_the_cursor() {
        let captured = Captured::default();
        let mut display = TerminalDisplay::new(captured.clone());
        display.show(&Arc::new(Frame::new(1, 1, vec![1, 2, 3])));
        drop(display);
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(text.contains("\x1b[38;2;1;2;3m"), "{text:?}");
        assert!(text.ends_with("\x1b[0m\x1b[?25h"), "{text:?}");
    }
}
