//! Outputs: the devices finished frames are shown on besides the virtual panel.
//!
//! Each `--display` value is parsed into an [`OutputSpec`] when the
//! configuration is read, and [`Outputs::open`] turns them into running
//! outputs at start, failing with a clear error if a device cannot be opened.
//! Every output owns its device on a thread of its own behind a one-frame
//! mailbox (`worker.rs`), so a slow or failing device never holds up the
//! render loop or the other outputs. The virtual panel (the live preview and
//! `GET /api/frame.png`) is always there and needs no output.
//!
//! Adding an output means writing a module with a [`Device`] and a [`Kind`]
//! saying how its `--display` value is written, and one line in [`KINDS`].

mod ddp;
mod e131;
mod mapping;
mod net;
mod options;
mod pipe;
mod rpi;
mod terminal;
mod worker;

use std::fmt;
use std::io;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use crate::gfx::Frame;
use crate::priority::PanelPriority;
use mapping::PixelMapping;
pub use options::Options;
pub use terminal::Terminal;
pub use worker::{Device, Interrupt, Output, OutputStatus};

/// Every kind of device `--display` can name, in the order `--help` lists them.
pub const KINDS: &[Kind] = &[terminal::KIND, ddp::KIND, e131::KIND, pipe::KIND, rpi::KIND];

/// The display that needs no device: the preview and `GET /api/frame.png`, which are always there.
const VIRTUAL: &str = "virtual";

/// One kind of device: how its `--display` value is written and how it starts.
pub struct Kind {
    /// The value's form, for help and errors: `terminal`, or `ddp://HOST[:PORT]`.
    pub usage: &'static str,
    /// `None` if `display` (the value without its options) is not of this
    /// kind; an error naming the problem if it is but cannot be used;
    /// otherwise how to start the device. The kind takes its own options out
    /// of `options`; any left over are refused.
    pub parse: fn(display: &str, options: &mut Options) -> Option<Result<Opener, String>>,
}

/// Opens a device for frames of the given width and height.
pub type Opener = Arc<dyn Fn((u16, u16)) -> io::Result<Box<dyn Device>> + Send + Sync>;

/// One `--display` value, checked when the configuration is read.
#[derive(Clone)]
pub struct OutputSpec {
    text: String,
    /// `None` for the virtual panel.
    device: Option<(Opener, PixelMapping)>,
}

impl FromStr for OutputSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let (display, mut options) = Options::split(text)?;
        let mapping = PixelMapping::take(&mut options)?;
        let device = if display == VIRTUAL {
            None
        } else {
            let open = KINDS
                .iter()
                .find_map(|kind| (kind.parse)(display, &mut options))
                .unwrap_or_else(|| {
                    let kinds: Vec<_> = [VIRTUAL]
                        .into_iter()
                        .chain(KINDS.iter().map(|kind| kind.usage))
                        .collect();
                    Err(format!(
                        "unknown display '{display}'; expected one of: {}",
                        kinds.join(", ")
                    ))
                })?;
            Some((open, mapping))
        };
        options.finish(display)?;
        Ok(Self {
            text: text.to_owned(),
            device,
        })
    }
}

impl PartialEq for OutputSpec {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl fmt::Debug for OutputSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Display for OutputSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A device that sees the panel through its [`PixelMapping`].
struct Mapped {
    mapping: PixelMapping,
    device: Box<dyn Device>,
}

impl Device for Mapped {
    fn show(&mut self, frame: &Frame) -> io::Result<()> {
        self.device.show(&self.mapping.apply(frame))
    }

    fn refresh_every(&self) -> Option<Duration> {
        self.device.refresh_every()
    }

    fn close(&mut self) {
        self.device.close();
    }

    fn interrupt(&self) -> Option<Interrupt> {
        self.device.interrupt()
    }
}

/// Why the outputs could not be started.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("--display {0} is given twice")]
    Repeated(String),
    #[error("cannot open display '{spec}': {source}")]
    Device { spec: String, source: io::Error },
}

/// Every output the panel is shown on.
#[derive(Default)]
pub struct Outputs {
    outputs: Vec<Output>,
}

impl Outputs {
    /// Starts a device for each spec, for a panel of `size` (width, height), each on a thread
    /// scheduled as `priority` says.
    pub fn open(specs: &[OutputSpec], size: (u16, u16), priority: PanelPriority) -> Result<Self, OpenError> {
        let mut outputs = Vec::new();
        for (at, spec) in specs.iter().enumerate() {
            if specs[..at].contains(spec) {
                return Err(OpenError::Repeated(spec.to_string()));
            }
            let Some((open, mapping)) = &spec.device else {
                continue;
            };
            let device_error = |source| OpenError::Device {
                spec: spec.to_string(),
                source,
            };
            let device = open(mapping.output_size(size)).map_err(device_error)?;
            let mapped = Mapped {
                mapping: mapping.clone(),
                device,
            };
            outputs.push(Output::spawn(&spec.text, mapped, priority).map_err(device_error)?);
        }
        Ok(Self { outputs })
    }

    /// Hands `frame` to every output; returns at once.
    pub fn show(&self, frame: &Arc<Frame>) {
        for output in &self.outputs {
            output.show(frame);
        }
    }

    /// The panel is no longer drawn here (another instance took it over): every output
    /// drops the frame it holds and stops showing it again until a new one comes.
    pub fn release(&self) {
        for output in &self.outputs {
            output.release();
        }
    }

    pub fn statuses(&self) -> Vec<OutputStatus> {
        self.outputs.iter().map(Output::status).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> OutputSpec {
        text.parse().unwrap()
    }

    #[test]
    fn displays_parse_and_unknown_ones_are_named() {
        assert_eq!(spec(" terminal").to_string(), "terminal");
        assert_eq!(
            "hdmi".parse::<OutputSpec>().err(),
            Some(
                "unknown display 'hdmi'; expected one of: virtual, terminal, ddp://HOST[:PORT], \
                 e131://HOST|multicast[:PORT][?universe=N], pipe:COMMAND, rpi"
                    .into()
            )
        );
        assert_eq!(
            spec("terminal?rotate=90&order=GRB").to_string(),
            "terminal?rotate=90&order=GRB"
        );
        assert_eq!(
            "terminal?universe=2".parse::<OutputSpec>().err(),
            Some("unknown option 'universe' for display 'terminal'".into())
        );
    }

    #[test]
    fn the_virtual_panel_needs_no_output_and_a_display_given_twice_is_refused() {
        assert!(
            Outputs::open(&[spec("virtual")], (64, 32), PanelPriority::Normal)
                .unwrap()
                .statuses()
                .is_empty()
        );
        let error = Outputs::open(&[spec("virtual"), spec("virtual")], (64, 32), PanelPriority::Normal)
            .err()
            .unwrap();
        assert_eq!(error.to_string(), "--display virtual is given twice");
    }
}
