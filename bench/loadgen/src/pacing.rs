//! Frame pacing as a DDP receiver sees it: when each frame's last (push) packet arrived, which
//! frames were the app's own timed steps, and how evenly those steps came.
//!
//! A server hands a frame to its outputs only when its pixels changed, and a settings command
//! (a new brightness) is shown at once, between two timed frames. Counting those extra frames
//! as intervals would hide a late timed frame behind an early extra one, so each frame is
//! classified against the previous one:
//! - *blank*: nothing lit. Timed frames are not comparable across it (a panel that stays dark
//!   sends nothing, so the gap around it says nothing about pacing);
//! - *reconfigured*: the same picture at another brightness. Brightness scales every channel
//!   by one factor and rounds down, so some factor must map every channel of the previous
//!   frame onto this one; a timed step of a moving app (scrolling text, stars that brighten
//!   and fade at different rates) admits none;
//! - *timed*: everything else; intervals are measured between consecutive timed frames.
//!
//! A timed frame mistaken for a reconfigured one shows up as a long interval, so the
//! classification can only overstate lateness, never hide it.

use std::time::Duration;

use serde::Serialize;

use crate::stats::Percentiles;

/// DDP header length; the pixel data follows.
const HEADER: usize = 10;
/// The push flag marks a frame's last packet.
const PUSH: u8 = 0x01;

/// Frames and their arrival times since the window opened.
#[derive(Debug, Default)]
pub struct Recorder {
    /// RGB bytes of the frame being assembled.
    pixels: Vec<u8>,
    /// The previous complete frame, unless it was blank.
    previous: Option<Vec<u8>>,
    /// Arrival of the last timed frame, unless a blank frame came since.
    last_timed_ns: Option<u64>,
    first_ns: Option<u64>,
    last_ns: u64,
    intervals_ns: Vec<u64>,
    counts: Counts,
}

/// How many frames of each kind arrived, and how many packets were not DDP.
#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct Counts {
    pub timed: u64,
    pub reconfigured: u64,
    pub blank: u64,
    pub malformed_packets: u64,
}

/// One window's pacing figures; intervals in milliseconds.
#[derive(Debug, Serialize)]
pub struct PacingReport {
    pub nominal_interval_ms: f64,
    pub seconds: f64,
    pub frames: Counts,
    pub interval: Percentiles,
    /// Timed frames that came more than half an interval after they were due.
    pub late: u64,
    /// The worst excess over the nominal interval.
    pub max_excess_ms: f64,
}

impl Recorder {
    /// Takes one received datagram, stamped `at_ns` by the kernel.
    pub fn packet(&mut self, datagram: &[u8], at_ns: u64) {
        let Some(header) = datagram.get(..HEADER) else {
            self.counts.malformed_packets += 1;
            return;
        };
        let offset = u32::from_be_bytes(header[4..8].try_into().expect("four bytes")) as usize;
        let length = u16::from_be_bytes(header[8..10].try_into().expect("two bytes")) as usize;
        let Some(data) = datagram.get(HEADER..HEADER + length) else {
            self.counts.malformed_packets += 1;
            return;
        };
        if self.pixels.len() < offset + length {
            self.pixels.resize(offset + length, 0);
        }
        self.pixels[offset..offset + length].copy_from_slice(data);
        if header[0] & PUSH != 0 {
            self.frame(at_ns);
        }
    }

    fn frame(&mut self, at_ns: u64) {
        self.first_ns.get_or_insert(at_ns);
        self.last_ns = at_ns;
        if self.pixels.iter().all(|&channel| channel == 0) {
            self.counts.blank += 1;
            self.last_timed_ns = None;
            self.previous = None;
            return;
        }
        match &self.previous {
            // The first picture of a window or after a blank one may be a reconfigured
            // frame (brightness back above zero), so it starts no interval.
            None => self.counts.timed += 1,
            Some(before) if rescaled(before, &self.pixels) => self.counts.reconfigured += 1,
            Some(_) => {
                self.counts.timed += 1;
                if let Some(last) = self.last_timed_ns {
                    self.intervals_ns.push(at_ns.saturating_sub(last));
                }
                self.last_timed_ns = Some(at_ns);
            }
        }
        self.previous = Some(self.pixels.clone());
    }

    /// Starts a new window: forgets the frames so far, keeps the picture being assembled.
    pub fn restart(&mut self) {
        *self = Self {
            pixels: std::mem::take(&mut self.pixels),
            ..Self::default()
        };
    }

    /// Pacing over the window so far, against the app's `nominal` frame interval.
    pub fn report(&self, nominal: Duration) -> PacingReport {
        let nominal_ns = nominal.as_nanos() as u64;
        let late = self
            .intervals_ns
            .iter()
            .filter(|&&ns| ns > nominal_ns + nominal_ns / 2)
            .count();
        let longest = self.intervals_ns.iter().copied().max().unwrap_or(0);
        PacingReport {
            nominal_interval_ms: nominal_ns as f64 / 1e6,
            seconds: self.last_ns.saturating_sub(self.first_ns.unwrap_or(self.last_ns)) as f64 / 1e9,
            frames: self.counts.clone(),
            interval: Percentiles::of(self.intervals_ns.clone()),
            late: late as u64,
            max_excess_ms: longest.saturating_sub(nominal_ns) as f64 / 1e6,
        }
    }
}

/// Whether `after` can be `before` at another brightness: some factor `s` with
/// `after = floor(p * s)` for every channel, where `before = floor(p)` (rounded down as well).
///
/// Each channel bounds `s`: `after / (before + 1) < s`, and, where `before` is lit,
/// `s < (after + 1) / before`. The frames are one picture rescaled when the bounds overlap.
fn rescaled(before: &[u8], after: &[u8]) -> bool {
    if before.len() != after.len() {
        return false;
    }
    let mut lowest = 0.0_f64;
    let mut highest = f64::INFINITY;
    for (&b, &a) in before.iter().zip(after) {
        let (b, a) = (f64::from(b), f64::from(a));
        lowest = lowest.max(a / (b + 1.0));
        if b > 0.0 {
            highest = highest.min((a + 1.0) / b);
        }
        if lowest >= highest {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: u64 = 1_000_000;

    /// One single-packet DDP frame of `pixels` (RGB, one byte each channel).
    fn datagram(pixels: &[[u8; 3]]) -> Vec<u8> {
        let data: Vec<u8> = pixels.iter().flatten().copied().collect();
        let mut out = vec![0x41, 1, 0x0B, 1, 0, 0, 0, 0];
        out.extend_from_slice(&(data.len() as u16).to_be_bytes());
        out.extend_from_slice(&data);
        out
    }

    /// A dot moving right one pixel per frame along a 4-pixel strip.
    fn dot(at: usize, level: u8) -> Vec<u8> {
        let mut strip = [[0u8; 3]; 4];
        strip[at % 4] = [level; 3];
        datagram(&strip)
    }

    #[test]
    fn intervals_run_between_timed_frames_and_skip_reconfigured_ones() {
        let mut recorder = Recorder::default();
        recorder.packet(&dot(0, 200), 0);
        recorder.packet(&dot(1, 200), 16 * MS);
        // A new brightness: the same pixel, dimmer, shown at once.
        recorder.packet(&dot(1, 100), 20 * MS);
        recorder.packet(&dot(2, 100), 33 * MS);
        // Late: 30 ms after the last timed frame at a 16.7 ms interval.
        recorder.packet(&dot(3, 100), 63 * MS);
        let report = recorder.report(Duration::from_micros(16_667));
        assert_eq!(
            report.frames,
            Counts {
                timed: 4,
                reconfigured: 1,
                ..Counts::default()
            }
        );
        // The window's first frame starts no interval: 16 -> 33 and 33 -> 63.
        assert_eq!(report.interval.samples, 2);
        assert_eq!(report.interval.max, 30.0);
        assert_eq!(report.late, 1);
        assert!((report.max_excess_ms - 13.333).abs() < 1e-9);
    }

    #[test]
    fn any_brightness_change_of_a_picture_is_a_reconfigured_frame() {
        let picture: Vec<u8> = (0..=255).step_by(3).collect();
        let at = |brightness: u16| -> Vec<u8> {
            picture
                .iter()
                .map(|&c| (u16::from(c) * brightness / 100) as u8)
                .collect()
        };
        for from in 1..=100 {
            for to in 1..=100 {
                assert!(rescaled(&at(from), &at(to)), "{from}% -> {to}%");
            }
        }
    }

    #[test]
    fn a_step_that_only_brightens_lit_pixels_unevenly_is_timed() {
        // Stars that each brighten by one level of their own colour: the lit pixels stay the
        // same (a lit-pixel test would call it a new brightness), the ratios do not.
        let mut recorder = Recorder::default();
        recorder.packet(&datagram(&[[40, 40, 40], [200, 200, 200]]), 0);
        recorder.packet(&datagram(&[[60, 60, 60], [210, 210, 210]]), 17 * MS);
        recorder.packet(&datagram(&[[80, 80, 80], [220, 220, 220]]), 34 * MS);
        let report = recorder.report(Duration::from_micros(16_667));
        assert_eq!((report.frames.timed, report.frames.reconfigured), (3, 0));
        // The first frame starts no interval: 17 -> 34.
        assert_eq!(report.interval.samples, 1);
    }

    #[test]
    fn a_blank_frame_breaks_the_chain_of_intervals() {
        let mut recorder = Recorder::default();
        recorder.packet(&dot(0, 9), 0);
        recorder.packet(&datagram(&[[0; 3]; 4]), 16 * MS);
        recorder.packet(&dot(1, 9), 100 * MS);
        recorder.packet(&dot(2, 9), 117 * MS);
        recorder.packet(&dot(3, 9), 134 * MS);
        let report = recorder.report(Duration::from_micros(16_667));
        assert_eq!((report.frames.timed, report.frames.blank), (4, 1));
        // Only 117 -> 134: nothing spans the blank frame or starts right after it.
        assert_eq!(report.interval.samples, 1);
        assert_eq!(report.interval.max, 17.0);
        assert_eq!(report.late, 0);
    }

    #[test]
    fn frames_are_assembled_from_packets_and_shown_on_push() {
        let mut recorder = Recorder::default();
        let mut first = datagram(&[[7; 3]]);
        first[0] = 0x40; // not the last packet
        let mut second = datagram(&[[0; 3]]);
        second[4..8].copy_from_slice(&3u32.to_be_bytes());
        recorder.packet(&first, 0);
        assert_eq!(recorder.report(Duration::from_millis(10)).frames, Counts::default());
        recorder.packet(&second, 5);
        recorder.packet(&[0x41, 1], 6);
        let frames = recorder.report(Duration::from_millis(10)).frames;
        assert_eq!((frames.timed, frames.malformed_packets), (1, 1));
    }
}
