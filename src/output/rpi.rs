//! `--display rpi`: a HUB75 panel on a Raspberry Pi's GPIO pins, and the
//! original's `--hardware` flag, which means the same.
//!
//! The driver (`rpi-led-panel`, pure Rust, GPL-3.0) is only linked into a
//! build with `--features rpi`, which keeps the default binary MIT. Without
//! the feature the display is still recognised, so asking for it fails at
//! start saying how to build with it instead of calling the display unknown.
//! The options carry the names hzeller's rpi-rgb-led-matrix gives them, so
//! a panel set up for the original needs no new vocabulary.

use super::options::Options;
use super::{Kind, Opener};
#[cfg(any(feature = "rpi", test))]
use crate::gfx::Frame;

/// `--display rpi[?rows=R&cols=C&...]`.
pub const KIND: Kind = Kind {
    usage: "rpi",
    parse: |display, options| (display == "rpi").then(|| Panel::take(options).and_then(opener)),
};

/// The panel's wiring and timing, as hzeller's library names them.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Rows of one panel; the panel size's height when not given.
    pub rows: Option<usize>,
    /// Columns of one panel; the panel size's width when not given.
    pub cols: Option<usize>,
    /// Panels daisy-chained on one connector.
    pub chain: usize,
    /// Chains driven side by side (up to three on a Pi with 40 pins).
    pub parallel: usize,
    pub gpio_mapping: GpioMapping,
    /// Slows GPIO writes for panels that cannot keep up; the driver picks one for the Pi when not given.
    pub slowdown_gpio: Option<u32>,
    /// Bits of PWM per colour, 1..=11: fewer refresh faster with fewer shades.
    pub pwm_bits: usize,
}

/// How the panel's connector is wired to the GPIO pins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GpioMapping {
    Regular,
    AdafruitHat,
    AdafruitHatPwm,
}

impl Panel {
    fn take(options: &mut Options) -> Result<Self, String> {
        let count = |text: &str| text.parse::<usize>().ok().filter(|count| (1..=1024).contains(count));
        let default = Self::default();
        Ok(Self {
            rows: options.take_parsed("rows", "a number of rows", count)?,
            cols: options.take_parsed("cols", "a number of columns", count)?,
            chain: options
                .take_parsed("chain", "a number of panels", count)?
                .unwrap_or(default.chain),
            parallel: options
                .take_parsed("parallel", "1, 2 or 3", |text| {
                    count(text).filter(|chains| *chains <= 3)
                })?
                .unwrap_or(default.parallel),
            gpio_mapping: options
                .take_parsed(
                    "gpio-mapping",
                    "regular, adafruit-hat or adafruit-hat-pwm",
                    |text| match text {
                        "regular" => Some(GpioMapping::Regular),
                        "adafruit-hat" => Some(GpioMapping::AdafruitHat),
                        "adafruit-hat-pwm" => Some(GpioMapping::AdafruitHatPwm),
                        _ => None,
                    },
                )?
                .unwrap_or(default.gpio_mapping),
            slowdown_gpio: options.take_parsed("slowdown-gpio", "0 to 4", |text| {
                text.parse().ok().filter(|slowdown| *slowdown <= 4)
            })?,
            pwm_bits: options
                .take_parsed("pwm-bits", "1 to 11", |text| count(text).filter(|bits| *bits <= 11))?
                .unwrap_or(default.pwm_bits),
        })
    }

    /// Rows and columns of one panel for frames of `width` x `height`,
    /// checked against the chain: the whole chain must be the frame's size.
    #[cfg(any(feature = "rpi", test))]
    pub fn geometry(&self, (width, height): (u16, u16)) -> Result<(usize, usize), String> {
        let (width, height) = (usize::from(width), usize::from(height));
        let rows = self.rows.unwrap_or(height / self.parallel);
        let cols = self.cols.unwrap_or(width / self.chain);
        if rows * self.parallel != height || cols * self.chain != width {
            return Err(format!(
                "the panel is {} x {} ({cols} columns x {} chained, {rows} rows x {} parallel) \
                 but the board renders {width} x {height}; set --width and --height to match",
                cols * self.chain,
                rows * self.parallel,
                self.chain,
                self.parallel,
            ));
        }
        Ok((rows, cols))
    }
}

impl Default for Panel {
    /// hzeller's defaults: one panel, regular wiring, 11 PWM bits.
    fn default() -> Self {
        Self {
            rows: None,
            cols: None,
            chain: 1,
            parallel: 1,
            gpio_mapping: GpioMapping::Regular,
            slowdown_gpio: None,
            pwm_bits: 11,
        }
    }
}

/// Where a frame's pixels go: the driver's canvas, or a recording in tests.
#[cfg(any(feature = "rpi", test))]
pub trait Pixels {
    fn set(&mut self, x: usize, y: usize, rgb: [u8; 3]);
}

/// Copies every pixel of `frame` onto `pixels`, row by row from the top left.
#[cfg(any(feature = "rpi", test))]
pub fn paint(frame: &Frame, pixels: &mut impl Pixels) {
    let width = usize::from(frame.width());
    for (at, rgb) in frame.rgb().chunks_exact(3).enumerate() {
        pixels.set(at % width, at / width, [rgb[0], rgb[1], rgb[2]]);
    }
}

#[cfg(not(feature = "rpi"))]
fn opener(_: Panel) -> Result<Opener, String> {
    Err(
        "the rpi display (and --hardware) needs a build with the Raspberry Pi driver: \
         cargo build --release --features rpi (the driver is GPL-3.0, so such a binary is GPL); \
         network panels (ddp://, e131://) work without it"
            .into(),
    )
}

#[cfg(feature = "rpi")]
fn opener(panel: Panel) -> Result<Opener, String> {
    Ok(std::sync::Arc::new(move |size| driver::open(&panel, size)))
}

#[cfg(feature = "rpi")]
mod driver {
    //! The GPIO driver behind `--features rpi`.

    use std::io;

    use rpi_led_panel::{Canvas, HardwareMapping, RGBMatrix, RGBMatrixConfig};

    use super::{GpioMapping, Panel, Pixels, paint};
    use crate::gfx::Frame;
    use crate::output::Device;

    impl Pixels for Canvas {
        fn set(&mut self, x: usize, y: usize, [red, green, blue]: [u8; 3]) {
            self.set_pixel(x, y, red, green, blue);
        }
    }

    /// The driver and the canvas being drawn; the driver refreshes the panel
    /// on its own thread, so an unchanged picture needs no resending.
    struct Hub75 {
        matrix: RGBMatrix,
        canvas: Option<Box<Canvas>>,
    }

    impl Device for Hub75 {
        fn show(&mut self, frame: &Frame) -> io::Result<()> {
            let mut canvas = self.canvas.take().expect("the canvas is handed back after every frame");
            paint(frame, canvas.as_mut());
            self.canvas = Some(self.matrix.update_on_vsync(canvas));
            Ok(())
        }
    }

    pub fn open(panel: &Panel, size: (u16, u16)) -> io::Result<Box<dyn Device>> {
        let (rows, cols) = panel.geometry(size).map_err(io::Error::other)?;
        let config = RGBMatrixConfig {
            hardware_mapping: match panel.gpio_mapping {
                GpioMapping::Regular => HardwareMapping::regular(),
                GpioMapping::AdafruitHat => HardwareMapping::adafruit_hat(),
                GpioMapping::AdafruitHatPwm => HardwareMapping::adafruit_hat_pwm(),
            },
            rows,
            cols,
            chain_length: panel.chain,
            parallel: panel.parallel,
            slowdown: panel.slowdown_gpio,
            pwm_bits: panel.pwm_bits,
            // The server keeps writing its state file after start, as the user who started it.
            drop_privs: false,
            ..RGBMatrixConfig::default()
        };
        let (matrix, canvas) = RGBMatrix::new(config, 0).map_err(|error| io::Error::other(error.to_string()))?;
        Ok(Box::new(Hub75 {
            matrix,
            canvas: Some(canvas),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel(query: &str) -> Result<Panel, String> {
        let text = format!("rpi?{query}");
        let (display, mut options) = Options::split(&text).unwrap();
        let panel = Panel::take(&mut options)?;
        options.finish(display)?;
        Ok(panel)
    }

    #[test]
    fn options_carry_hzellers_names_and_defaults() {
        assert_eq!(panel("").unwrap(), Panel::default());
        let chained =
            panel("rows=32&cols=64&chain=2&parallel=2&gpio-mapping=adafruit-hat-pwm&slowdown-gpio=2&pwm-bits=7");
        assert_eq!(
            chained.unwrap(),
            Panel {
                rows: Some(32),
                cols: Some(64),
                chain: 2,
                parallel: 2,
                gpio_mapping: GpioMapping::AdafruitHatPwm,
                slowdown_gpio: Some(2),
                pwm_bits: 7,
            }
        );
        assert_eq!(
            panel("pwm-bits=12").err().unwrap(),
            "invalid pwm-bits=12; expected 1 to 11"
        );
        assert_eq!(
            panel("gpio-mapping=hat").err().unwrap(),
            "invalid gpio-mapping=hat; expected regular, adafruit-hat or adafruit-hat-pwm"
        );
    }

    #[test]
    fn the_chain_must_be_the_size_of_the_frame() {
        assert_eq!(Panel::default().geometry((64, 32)), Ok((32, 64)));
        let hat = panel("rows=32&cols=64&gpio-mapping=adafruit-hat").unwrap();
        assert_eq!(hat.geometry((64, 32)), Ok((32, 64)));
        let chained = panel("chain=2&parallel=2").unwrap();
        assert_eq!(chained.geometry((128, 64)), Ok((32, 64)));
        assert_eq!(
            hat.geometry((128, 64)).err().unwrap(),
            "the panel is 64 x 32 (64 columns x 1 chained, 32 rows x 1 parallel) but the board renders 128 x 64; \
             set --width and --height to match"
        );
    }

    /// Records what the driver's canvas would be given.
    struct Recorded(Vec<(usize, usize, [u8; 3])>);

    impl Pixels for Recorded {
        fn set(&mut self, x: usize, y: usize, rgb: [u8; 3]) {
            self.0.push((x, y, rgb));
        }
    }

    #[test]
    fn every_pixel_of_the_frame_lands_where_it_is_on_the_panel() {
        let rgb: Vec<u8> = (0..3 * 2 * 3).collect();
        let mut recorded = Recorded(Vec::new());
        paint(&Frame::new(3, 2, rgb), &mut recorded);
        assert_eq!(
            recorded.0,
            [
                (0, 0, [0, 1, 2]),
                (1, 0, [3, 4, 5]),
                (2, 0, [6, 7, 8]),
                (0, 1, [9, 10, 11]),
                (1, 1, [12, 13, 14]),
                (2, 1, [15, 16, 17]),
            ]
        );
    }

    #[cfg(not(feature = "rpi"))]
    #[test]
    fn without_the_driver_the_display_says_how_to_build_with_it() {
        let error = "rpi".parse::<crate::output::OutputSpec>().err().unwrap();
        assert!(error.contains("--features rpi"), "{error}");
        assert!(error.contains("ddp://"), "{error}");
    }
}
