//! Rendering: the virtual LED panel, fonts, and the displays frames are shown on.

pub mod fonts;

/// The pixels of one frame, row-major RGB.
pub struct Canvas {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<[u8; 3]>,
}

/// What an app may know while drawing a frame (time, randomness).
pub struct FrameContext {}

/// What the panel should show: published by the manager, drawn by the render loop.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scene {
    /// The running app, `None` when stopped (a blank panel).
    pub app: Option<String>,
    /// The running app's effective config (defaults filled in, already validated).
    pub config: crate::apps::schema::ConfigMap,
    /// 0..=100, scales every pixel.
    pub brightness: u8,
}
