//! `--display terminal`: the panel drawn in the terminal with ANSI truecolour half-blocks.
//!
//! Each character cell shows two pixels, the upper as the foreground colour of
//! `▀` and the lower as its background. Like every device it runs on its
//! output's thread (see [`super::worker`]), so a slow terminal only skips
//! frames and never holds up the render loop.

use std::io::{self, Write};

use std::sync::Arc;

use super::{Device, Kind, Opener};
use crate::gfx::Frame;

/// `--display terminal`.
pub const KIND: Kind = Kind {
    usage: "terminal",
    parse: |display, _| {
        let open = |_| Ok(Box::new(Terminal::stdout()) as Box<dyn Device>);
        (display == "terminal").then(|| Ok(Arc::new(open) as Opener))
    },
};

/// A terminal (or anything written like one) showing the panel.
pub struct Terminal<W> {
    out: W,
    /// How many terminal rows the last picture took, so the next one overdraws it.
    drawn_rows: Option<u16>,
    buffer: Vec<u8>,
}

impl Terminal<io::Stdout> {
    pub fn stdout() -> Self {
        Self::new(io::stdout())
    }
}

impl<W: Write> Terminal<W> {
    pub fn new(out: W) -> Self {
        Self {
            out,
            drawn_rows: None,
            buffer: Vec::new(),
        }
    }
}

impl<W: Write + Send + 'static> Device for Terminal<W> {
    fn show(&mut self, frame: &Frame) -> io::Result<()> {
        self.buffer.clear();
        paint(frame, self.drawn_rows, &mut self.buffer);
        self.out.write_all(&self.buffer)?;
        self.out.flush()?;
        self.drawn_rows = Some(frame.height().div_ceil(2));
        Ok(())
    }

    /// Gives the terminal its cursor and colours back.
    fn close(&mut self) {
        let _ = self.out.write_all(b"\x1b[0m\x1b[?25h").and_then(|()| self.out.flush());
    }
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
    use std::sync::Mutex;

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
    fn the_output_thread_draws_the_frame_and_restores_the_cursor() {
        let captured = Captured::default();
        let output = crate::output::Output::spawn(
            "terminal",
            Terminal::new(captured.clone()),
            crate::priority::PanelPriority::Normal,
        )
        .unwrap();
        output.show(&Arc::new(Frame::new(1, 1, vec![1, 2, 3])));
        drop(output);
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(text.contains("\x1b[38;2;1;2;3m"), "{text:?}");
        assert!(text.ends_with("\x1b[0m\x1b[?25h"), "{text:?}");
    }
}
