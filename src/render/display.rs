//! Where finished frames go besides the preview: the [`Display`] trait and the built-in displays.
//!
//! A hardware panel driver is one more implementation of [`Display`]; see the
//! README section "Adding a hardware display".

use std::sync::Arc;

use super::{Frame, TerminalDisplay};

/// A device that shows frames.
///
/// The render loop calls [`Display::show`] from its task each time the picture
/// changes, so an implementation must return quickly: anything that can block
/// (a terminal, a panel's refresh) belongs on a thread the display owns.
pub trait Display: Send {
    fn show(&mut self, frame: &Arc<Frame>);
}

/// The default display: no device at all.
///
/// Every frame is still published on the render loop's watch channel, which is
/// the virtual panel the live preview and `GET /api/frame.png` read.
pub struct VirtualPanel;

impl Display for VirtualPanel {
    fn show(&mut self, _frame: &Arc<Frame>) {}
}

/// The displays that can be chosen on the command line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum DisplayKind {
    /// Only the virtual panel (preview and PNG).
    #[default]
    Virtual,
    /// The virtual panel, also drawn in this terminal with ANSI truecolour half-blocks.
    Terminal,
}

impl DisplayKind {
    pub fn open(self) -> Box<dyn Display> {
        match self {
            Self::Virtual => Box::new(VirtualPanel),
            Self::Terminal => Box::new(TerminalDisplay::stdout()),
        }
    }
}
