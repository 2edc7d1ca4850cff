//! `render.Text`: one line of text in a bitmap font, drawn once when the
//! widget is made, so its size is known to the layout. Right-to-left text
//! is drawn in its visual order, as Pixlet draws it.

use std::sync::Arc;

use crate::render::bidi;
use crate::render::fonts::{self, DEFAULT_FONT, DEFAULT_FONT_2X};
use crate::render::text_line::TextLine;
use crate::render::{Canvas, Color, Image, Rect, Widget};
use crate::values::spec::{Absent, Args, Built, Param, Spec};

/// Text wider than this is cut, as Pixlet cuts it.
pub const MAX_WIDTH: i32 = 1000;

/// The tallest `height` taken: the picture is drawn when the widget is
/// made, so this bounds what an app can make it allocate.
pub const MAX_HEIGHT: i32 = 1000;

#[derive(Debug)]
pub struct Text {
    picture: Image,
}

pub static SPEC: Spec = Spec {
    name: "Text",
    params: &[
        Param::required("content"),
        Param::optional("font", Absent::Str(DEFAULT_FONT)),
        Param::optional("height", Absent::Int(0)),
        Param::optional("offset", Absent::Int(0)),
        Param::optional("color", Absent::None),
    ],
    build,
};

fn build(args: &Args) -> anyhow::Result<Built> {
    let is2x = args.context().is_some_and(|c| c.canvas.is2x);
    let default_font = if is2x { DEFAULT_FONT_2X } else { DEFAULT_FONT };
    let font = args.string("font")?.filter(|f| !f.is_empty()).unwrap_or(default_font);
    let height = args.length("height")?.unwrap_or(0);
    if height > MAX_HEIGHT {
        anyhow::bail!("Text: height {height} is out of range (at most {MAX_HEIGHT})");
    }
    let text = Text::new(
        args.string("content")?.unwrap_or_default(),
        font,
        height,
        args.length("offset")?.unwrap_or(0),
        args.color("color")?.unwrap_or(Color::WHITE),
    )?;
    Ok(Built::Widget(Arc::new(text)))
}

impl Text {
    /// Draws `content` on its baseline, `offset` pixels up, in a picture as
    /// wide as the text (at most [`MAX_WIDTH`]) and as high as the font (or
    /// the tallest emoji, when it holds emoji), or `height` when that is not 0.
    pub fn new(content: &str, font: &str, height: i32, offset: i32, color: Color) -> Result<Self, fonts::UnknownFont> {
        let face = fonts::font(font)?;
        let content = bidi::visual_order(content);
        let line = TextLine::new(&content);
        let width = line.width(face).min(MAX_WIDTH);
        let height = if height != 0 { height } else { line.height(face) };
        let mut picture = Image::new(width, height);
        line.draw(face, &mut picture, height - face.descent() - offset, color, MAX_WIDTH);
        Ok(Self { picture })
    }
}

impl Widget for Text {
    fn paint_bounds(&self, _bounds: Rect, _frame: usize) -> Rect {
        self.picture.bounds()
    }

    fn paint(&self, canvas: &mut Canvas, _bounds: Rect, _frame: usize) {
        canvas.draw_image(&self.picture, 0, 0);
    }

    fn frame_count(&self, _bounds: Rect) -> usize {
        1
    }

    fn size(&self) -> Option<(i32, i32)> {
        Some((self.picture.width(), self.picture.height()))
    }
}
