//! How the panel's frame maps onto one device's pixels: rotation, mirroring,
//! serpentine wiring, colour order and gamma, set per `--display` with options
//! such as `ddp://wled.local?rotate=90&order=GRB`.
//!
//! The steps run in a fixed order, the order a physical panel is described
//! in: turn the picture (clockwise), mirror it, then follow the wiring
//! (serpentine rows run every second row right to left), then reorder the
//! channels and correct the gamma. Gamma is off unless asked for: WLED and
//! the Raspberry Pi driver correct it themselves.

use std::borrow::Cow;

use super::options::Options;
use crate::gfx::Frame;

/// A device's view of the panel; the default changes nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct PixelMapping {
    /// Clockwise quarter turns, 0..=3.
    quarter_turns: u8,
    mirror_horizontal: bool,
    mirror_vertical: bool,
    serpentine: bool,
    /// Which source channel (0 red, 1 green, 2 blue) each output channel takes.
    order: [usize; 3],
    gamma: Option<Box<[u8; 256]>>,
}

impl Default for PixelMapping {
    fn default() -> Self {
        Self {
            quarter_turns: 0,
            mirror_horizontal: false,
            mirror_vertical: false,
            serpentine: false,
            order: [0, 1, 2],
            gamma: None,
        }
    }
}

impl PixelMapping {
    /// Takes the mapping options out of `options`, leaving the rest to the output.
    pub fn take(options: &mut Options) -> Result<Self, String> {
        let mut mapping = Self::default();
        if let Some(turns) = options.take_parsed("rotate", "0, 90, 180 or 270", |text| match text {
            "0" => Some(0),
            "90" => Some(1),
            "180" => Some(2),
            "270" => Some(3),
            _ => None,
        })? {
            mapping.quarter_turns = turns;
        }
        if let Some((horizontal, vertical)) =
            options.take_parsed("mirror", "none, horizontal, vertical or both", |text| match text {
                "none" => Some((false, false)),
                "horizontal" | "h" => Some((true, false)),
                "vertical" | "v" => Some((false, true)),
                "both" => Some((true, true)),
                _ => None,
            })?
        {
            (mapping.mirror_horizontal, mapping.mirror_vertical) = (horizontal, vertical);
        }
        if let Some(serpentine) = options.take_parsed("serpentine", "true or false", |text| text.parse().ok())? {
            mapping.serpentine = serpentine;
        }
        if let Some(order) = options.take_parsed("order", "RGB, RBG, GRB, GBR, BRG or BGR", channel_order)? {
            mapping.order = order;
        }
        if let Some(gamma) = options.take_parsed("gamma", "a number from 1.0 to 3.0", |text| {
            text.parse::<f32>().ok().filter(|gamma| (1.0..=3.0).contains(gamma))
        })? {
            mapping.gamma = (gamma != 1.0).then(|| gamma_table(gamma));
        }
        Ok(mapping)
    }

    /// The size of the frames the device gets for a panel of `width` x `height`.
    pub fn output_size(&self, (width, height): (u16, u16)) -> (u16, u16) {
        if self.quarter_turns % 2 == 1 {
            (height, width)
        } else {
            (width, height)
        }
    }

    /// The frame as the device should receive it; borrowed when nothing changes.
    pub fn apply<'a>(&self, frame: &'a Frame) -> Cow<'a, Frame> {
        if *self == Self::default() {
            return Cow::Borrowed(frame);
        }
        let (width, height) = self.output_size((frame.width(), frame.height()));
        let mut rgb = Vec::with_capacity(frame.rgb().len());
        for y in 0..height {
            for x in 0..width {
                let (from_x, from_y) = self.source(x, y, width, height, frame);
                let source = frame.pixel(from_x, from_y);
                for channel in self.order {
                    let value = source[channel];
                    rgb.push(self.gamma.as_ref().map_or(value, |table| table[usize::from(value)]));
                }
            }
        }
        Cow::Owned(Frame::new(width, height, rgb))
    }

    /// Where in the panel's frame the device's pixel (`x`, `y`) comes from.
    fn source(&self, x: u16, y: u16, width: u16, height: u16, frame: &Frame) -> (u16, u16) {
        // Undo the steps in reverse: wiring, then mirroring, then the turn.
        let x = if self.serpentine && y % 2 == 1 {
            width - 1 - x
        } else {
            x
        };
        let x = if self.mirror_horizontal { width - 1 - x } else { x };
        let y = if self.mirror_vertical { height - 1 - y } else { y };
        let (source_width, source_height) = (frame.width(), frame.height());
        match self.quarter_turns {
            0 => (x, y),
            1 => (y, source_height - 1 - x),
            2 => (source_width - 1 - x, source_height - 1 - y),
            _ => (source_width - 1 - y, x),
        }
    }
}

fn channel_order(text: &str) -> Option<[usize; 3]> {
    let text = text.to_ascii_uppercase();
    let mut order = [0; 3];
    for (slot, letter) in order.iter_mut().zip(text.chars()) {
        *slot = "RGB".find(letter)?;
    }
    let mut sorted = order;
    sorted.sort_unstable();
    (text.len() == 3 && sorted == [0, 1, 2]).then_some(order)
}

fn gamma_table(gamma: f32) -> Box<[u8; 256]> {
    let mut table = Box::new([0u8; 256]);
    for (value, entry) in table.iter_mut().enumerate() {
        *entry = ((value as f32 / 255.0).powf(gamma) * 255.0).round() as u8;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(query: &str) -> Result<PixelMapping, String> {
        let text = format!("test?{query}");
        let (display, mut options) = Options::split(&text).unwrap();
        let mapping = PixelMapping::take(&mut options)?;
        options.finish(display)?;
        Ok(mapping)
    }

    /// A 3x2 frame whose pixel (x, y) is red x, green y, blue 10 * (x + 1).
    fn numbered() -> Frame {
        let mut rgb = Vec::new();
        for y in 0..2u8 {
            for x in 0..3u8 {
                rgb.extend([x, y, 10 * (x + 1)]);
            }
        }
        Frame::new(3, 2, rgb)
    }

    /// The frame as rows of (x, y) source coordinates, read back from red and green.
    fn sources(frame: &Frame) -> Vec<Vec<(u8, u8)>> {
        (0..frame.height())
            .map(|y| {
                (0..frame.width())
                    .map(|x| {
                        let [red, green, _] = frame.pixel(x, y);
                        (red, green)
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_default_mapping_hands_the_frame_over_untouched() {
        let frame = numbered();
        assert!(matches!(mapping("").unwrap().apply(&frame), Cow::Borrowed(_)));
        assert!(matches!(
            mapping("rotate=0&gamma=1.0").unwrap().apply(&frame),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn rotations_turn_the_picture_clockwise() {
        let frame = numbered();
        let turned = |degrees| sources(&mapping(&format!("rotate={degrees}")).unwrap().apply(&frame));
        assert_eq!(turned(90), [[(0, 1), (0, 0)], [(1, 1), (1, 0)], [(2, 1), (2, 0)]]);
        assert_eq!(turned(180), [[(2, 1), (1, 1), (0, 1)], [(2, 0), (1, 0), (0, 0)]]);
        assert_eq!(turned(270), [[(2, 0), (2, 1)], [(1, 0), (1, 1)], [(0, 0), (0, 1)]]);
    }

    #[test]
    fn mirrors_and_serpentine_rows_follow_the_turn() {
        let frame = numbered();
        let mapped = |query: &str| sources(&mapping(query).unwrap().apply(&frame));
        assert_eq!(
            mapped("mirror=horizontal"),
            [[(2, 0), (1, 0), (0, 0)], [(2, 1), (1, 1), (0, 1)]]
        );
        assert_eq!(
            mapped("mirror=vertical"),
            [[(0, 1), (1, 1), (2, 1)], [(0, 0), (1, 0), (2, 0)]]
        );
        assert_eq!(
            mapped("serpentine=true"),
            [[(0, 0), (1, 0), (2, 0)], [(2, 1), (1, 1), (0, 1)]]
        );
        assert_eq!(
            mapped("rotate=90&serpentine=true"),
            [[(0, 1), (0, 0)], [(1, 0), (1, 1)], [(2, 1), (2, 0)]]
        );
    }

    #[test]
    fn channels_are_reordered_and_gamma_corrected() {
        let frame = Frame::new(1, 1, vec![255, 128, 0]);
        assert_eq!(mapping("order=GRB").unwrap().apply(&frame).rgb(), [128, 255, 0]);
        assert_eq!(mapping("order=bgr").unwrap().apply(&frame).rgb(), [0, 128, 255]);
        // 128/255 squared is a quarter: 64 after rounding.
        assert_eq!(mapping("gamma=2").unwrap().apply(&frame).rgb(), [255, 64, 0]);
    }

    #[test]
    fn bad_values_are_named() {
        assert_eq!(
            mapping("rotate=45").err().unwrap(),
            "invalid rotate=45; expected 0, 90, 180 or 270"
        );
        assert_eq!(
            mapping("order=RRB").err().unwrap(),
            "invalid order=RRB; expected RGB, RBG, GRB, GBR, BRG or BGR"
        );
        assert_eq!(
            mapping("gamma=9").err().unwrap(),
            "invalid gamma=9; expected a number from 1.0 to 3.0"
        );
        assert_eq!(
            mapping("serpentine=yes").err().unwrap(),
            "invalid serpentine=yes; expected true or false"
        );
        assert_eq!(
            mapping("mirror=x").err().unwrap(),
            "invalid mirror=x; expected none, horizontal, vertical or both"
        );
    }
}
