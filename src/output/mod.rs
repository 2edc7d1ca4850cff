//! Outputs: the devices finished frames are shown on besides the virtual panel.
//!
//! Each `--display` value is parsed into an [`OutputSpec`] when the
//! configuration is read, and [`Outputs::open`] turns them into running
//! outputs at start, failing with a clear error if a device cannot be opened.
//! Every output owns its device on a thread of its own behind a one-frame
//! mailbox ([`worker`]), so a slow or failing device never holds up the
//! render loop or the other outputs. The virtual panel (the live preview and
//! `GET /api/frame.png`) is always there and needs no output.
//!
//! Adding an output means writing a module with a [`Device`], one variant of
//! [`OutputSpec`] with its parsing, and one arm in [`OutputSpec::open`].

mod terminal;
mod worker;

use std::fmt;
use std::io;
use std::str::FromStr;
use std::sync::Arc;

use crate::gfx::Frame;
pub use terminal::Terminal;
pub use worker::{Device, Output, OutputStatus};

/// One display named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputSpec {
    /// Only the virtual panel (preview and PNG): no device at all.
    Virtual,
    /// The panel drawn in this terminal with ANSI truecolour half-blocks.
    Terminal,
}

impl OutputSpec {
    /// Starts the output, or `None` for the virtual panel, which needs none.
    fn open(&self) -> io::Result<Option<Output>> {
        match self {
            Self::Virtual => Ok(None),
            Self::Terminal => Output::spawn("terminal", Terminal::stdout()).map(Some),
        }
    }
}

impl FromStr for OutputSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "virtual" => Ok(Self::Virtual),
            "terminal" => Ok(Self::Terminal),
            other => Err(format!("unknown display '{other}'; expected virtual or terminal")),
        }
    }
}

impl fmt::Display for OutputSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Virtual => "virtual",
            Self::Terminal => "terminal",
        })
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
    pub fn open(specs: &[OutputSpec]) -> Result<Self, OpenError> {
        let mut outputs = Vec::new();
        for (at, spec) in specs.iter().enumerate() {
            if specs[..at].contains(spec) {
                return Err(OpenError::Repeated(spec.to_string()));
            }
            let opened = spec.open().map_err(|source| OpenError::Device {
                spec: spec.to_string(),
                source,
            })?;
            outputs.extend(opened);
        }
        Ok(Self { outputs })
    }

    /// Hands `frame` to every output; returns at once.
    pub fn show(&self, frame: &Arc<Frame>) {
        for output in &self.outputs {
            output.show(frame);
        }
    }

    pub fn statuses(&self) -> Vec<OutputStatus> {
        self.outputs.iter().map(Output::status).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_parse_and_unknown_ones_are_named() {
        assert_eq!("virtual".parse(), Ok(OutputSpec::Virtual));
        assert_eq!(" terminal".parse(), Ok(OutputSpec::Terminal));
        assert_eq!(
            "hdmi".parse::<OutputSpec>(),
            Err("unknown display 'hdmi'; expected virtual or terminal".into())
        );
    }

    #[test]
    fn a_display_given_twice_is_refused() {
        let error = Outputs::open(&[OutputSpec::Virtual, OutputSpec::Virtual])
            .err()
            .unwrap();
        assert_eq!(error.to_string(), "--display virtual is given twice");
        assert!(Outputs::open(&[OutputSpec::Virtual]).unwrap().statuses().is_empty());
    }
}
