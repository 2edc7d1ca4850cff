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
//! Adding an output means writing a module with a [`Device`] and a [`Kind`]
//! saying how its `--display` value is written, and one line in [`KINDS`].

mod ddp;
mod e131;
mod net;
mod pipe;
mod terminal;
mod worker;

use std::fmt;
use std::io;
use std::str::FromStr;
use std::sync::Arc;

use crate::gfx::Frame;
pub use terminal::Terminal;
pub use worker::{Device, Interrupt, Output, OutputStatus};

/// Every kind of output `--display` can name, in the order `--help` lists them.
pub const KINDS: &[Kind] = &[VIRTUAL, terminal::KIND, ddp::KIND, e131::KIND, pipe::KIND];

/// One kind of output: how its `--display` value is written and how it starts.
pub struct Kind {
    /// The value's form, for help and errors: `terminal`, or `ddp://HOST[:PORT]`.
    pub usage: &'static str,
    /// `None` if `text` is not of this kind; an error naming the problem if it
    /// is but cannot be used; otherwise how to start the output.
    pub parse: fn(&str) -> Option<Result<Opener, String>>,
}

/// Starts an output, or `None` for the virtual panel, which needs none.
pub type Opener = Arc<dyn Fn() -> io::Result<Option<Output>> + Send + Sync>;

/// `virtual`: only the preview and `GET /api/frame.png`, which are always there.
const VIRTUAL: Kind = Kind {
    usage: "virtual",
    parse: |text| (text == "virtual").then(|| Ok(Arc::new(|| Ok(None)) as Opener)),
};

/// One `--display` value, checked when the configuration is read.
#[derive(Clone)]
pub struct OutputSpec {
    text: String,
    open: Opener,
}

impl FromStr for OutputSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let open = KINDS.iter().find_map(|kind| (kind.parse)(text)).unwrap_or_else(|| {
            let kinds: Vec<_> = KINDS.iter().map(|kind| kind.usage).collect();
            Err(format!(
                "unknown display '{text}'; expected one of: {}",
                kinds.join(", ")
            ))
        })?;
        Ok(Self {
            text: text.to_owned(),
            open,
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
            let opened = (spec.open)().map_err(|source| OpenError::Device {
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
                 e131://HOST[:PORT][?universe=N], pipe:COMMAND"
                    .into()
            )
        );
    }

    #[test]
    fn the_virtual_panel_needs_no_output_and_a_display_given_twice_is_refused() {
        assert!(Outputs::open(&[spec("virtual")]).unwrap().statuses().is_empty());
        let error = Outputs::open(&[spec("virtual"), spec("virtual")]).err().unwrap();
        assert_eq!(error.to_string(), "--display virtual is given twice");
    }
}
