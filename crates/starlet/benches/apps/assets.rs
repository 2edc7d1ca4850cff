//! The pictures of the `icons` benchmark app, drawn in code so that the
//! committed files can be written again (`-- --write-assets`): 32 still
//! 16x16 icons (24 PNG, 8 GIF) and one animated GIF.

use std::f64::consts::TAU;
use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

const SIDE: u16 = 16;
const STILLS: usize = 32;
const PNG_STILLS: usize = 24;
const SPINNER_FRAMES: usize = 24;
/// Each spinner frame shows for 80 ms (GIF delays are in centiseconds).
const SPINNER_DELAY_CS: u16 = 8;

type Rgba = [u8; 4];

/// Writes every picture into `dir` (the app's `images/` folder).
pub fn write(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for index in 0..STILLS {
        let pixels = icon(index);
        if index < PNG_STILLS {
            write_png(&dir.join(format!("icon_{index:02}.png")), &pixels)?;
        } else {
            write_gif(&dir.join(format!("icon_{index:02}.gif")), &[pixels])?;
        }
    }
    let spinner: Vec<_> = (0..SPINNER_FRAMES).map(spinner_frame).collect();
    write_gif(&dir.join("spinner.gif"), &spinner)
}

/// Icon `index`: one of four shapes in a colour of its own, on transparency.
fn icon(index: usize) -> Vec<Rgba> {
    let colour = hue(index as f64 / STILLS as f64);
    let centre = (f64::from(SIDE) - 1.0) / 2.0;
    pixels(|x, y| {
        let (dx, dy) = (x - centre, y - centre);
        let distance = dx.hypot(dy);
        let inside = match index % 4 {
            0 => distance <= 7.0,
            1 => (4.0..=7.0).contains(&distance),
            2 => dx.abs() + dy.abs() <= 7.5,
            _ => ((x as i32 / 4) + (y as i32 / 4)) % 2 == 0,
        };
        inside.then_some(colour)
    })
}

/// Frame `frame` of the spinner: a dot going round with a fading tail.
fn spinner_frame(frame: usize) -> Vec<Rgba> {
    let centre = (f64::from(SIDE) - 1.0) / 2.0;
    let dots: Vec<(f64, f64, u8)> = (0..4)
        .map(|age| {
            let angle = TAU * (frame as f64 - age as f64) / SPINNER_FRAMES as f64;
            let brightness = 255 - 60 * age as u8;
            (centre + 5.0 * angle.cos(), centre + 5.0 * angle.sin(), brightness)
        })
        .collect();
    pixels(|x, y| {
        dots.iter()
            .find(|(cx, cy, _)| (x - cx).hypot(y - cy) <= 1.6)
            .map(|&(_, _, level)| [level, level, 255, 255])
    })
}

fn pixels(paint: impl Fn(f64, f64) -> Option<Rgba>) -> Vec<Rgba> {
    (0..SIDE)
        .flat_map(|y| (0..SIDE).map(move |x| (f64::from(x), f64::from(y))))
        .map(|(x, y)| paint(x, y).unwrap_or([0, 0, 0, 0]))
        .collect()
}

/// A fully saturated colour `turn` of the way round the colour wheel.
fn hue(turn: f64) -> Rgba {
    let sector = turn * 6.0;
    let rising = ((sector % 1.0) * 255.0) as u8;
    let falling = 255 - rising;
    let [r, g, b] = match sector as u32 {
        0 => [255, rising, 0],
        1 => [falling, 255, 0],
        2 => [0, 255, rising],
        3 => [0, falling, 255],
        4 => [rising, 0, 255],
        _ => [255, 0, falling],
    };
    [r, g, b, 255]
}

fn write_png(path: &Path, pixels: &[Rgba]) -> io::Result<()> {
    let mut encoder = png::Encoder::new(BufWriter::new(File::create(path)?), SIDE.into(), SIDE.into());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(io::Error::other)?;
    writer
        .write_image_data(pixels.as_flattened())
        .map_err(io::Error::other)?;
    writer.finish().map_err(io::Error::other)
}

fn write_gif(path: &Path, frames: &[Vec<Rgba>]) -> io::Result<()> {
    let mut encoder =
        gif::Encoder::new(BufWriter::new(File::create(path)?), SIDE, SIDE, &[]).map_err(io::Error::other)?;
    if frames.len() > 1 {
        encoder.set_repeat(gif::Repeat::Infinite).map_err(io::Error::other)?;
    }
    for pixels in frames {
        let mut rgba = pixels.as_flattened().to_vec();
        let mut frame = gif::Frame::from_rgba_speed(SIDE, SIDE, &mut rgba, 10);
        frame.delay = SPINNER_DELAY_CS;
        frame.dispose = gif::DisposalMethod::Background;
        encoder.write_frame(&frame).map_err(io::Error::other)?;
    }
    Ok(())
}
