//! `qrcode.star`: `qrcode.generate(url, size, color, background)` gives a
//! PNG of a QR code without a quiet zone, as Pixlet draws it: `small`,
//! `medium` or `large` (versions 1 to 3, 21 to 29 modules, twice that on a
//! 2x canvas), low error correction, white on transparent by default.
//!
//! The `qrcode` crate encodes the symbol; the choices Pixlet's Go library
//! makes on its own (how data is split into segments, which mask wins) are
//! made the same way here, so the picture is Pixlet's module for module.

mod mask;

use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{EcLevel, Version};
use starlark::environment::GlobalsBuilder;
use starlark::eval::Evaluator;
use starlark::starlark_module;
use starlark::values::Value;
use starlark::values::none::NoneType;

use crate::render::Color;
use crate::runtime::context::RenderContext;
use crate::values::bytes::alloc_data;

pub fn members(builder: &mut GlobalsBuilder) {
    builder.namespace("qrcode", qrcode_members);
}

#[starlark_module]
fn qrcode_members(builder: &mut GlobalsBuilder) {
    /// A PNG of `url` as a QR code of `size` (`small`, `medium`, `large`),
    /// in `color` on `background` (hex colours).
    fn generate<'v>(
        url: &str,
        size: &str,
        #[starlark(default = NoneType)] color: Value<'v>,
        #[starlark(default = NoneType)] background: Value<'v>,
        eval: &mut Evaluator<'v, '_, '_>,
    ) -> anyhow::Result<Value<'v>> {
        let version = match size {
            "small" => 1,
            "medium" => 2,
            "large" => 3,
            _ => anyhow::bail!("size must be small, medium, or large"),
        };
        let foreground = color_arg(color, "foreground")?.unwrap_or(Color::WHITE);
        let background = color_arg(background, "background")?.unwrap_or(Color::TRANSPARENT);
        let scale = match RenderContext::of(eval) {
            Ok(context) if context.canvas.is2x => 2,
            _ => 1,
        };
        let modules = symbol(url.as_bytes(), version)?;
        let png = to_png(&modules, scale, foreground, background)?;
        Ok(alloc_data(eval.heap(), png))
    }
}

/// A colour argument: `None` and `""` leave the default.
fn color_arg(value: Value<'_>, which: &str) -> anyhow::Result<Option<Color>> {
    if value.is_none() {
        return Ok(None);
    }
    match value.unpack_str() {
        Some("") => Ok(None),
        Some(text) => Color::parse(text)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("parsing {which} color: {e}")),
        None => anyhow::bail!(
            "parsing {which} color: got {}, want a hex color string",
            value.get_type()
        ),
    }
}

/// The QR symbol of `data` at `version` (1 to 3), low error correction:
/// rows of modules, `true` for dark.
pub fn symbol(data: &[u8], version: i16) -> anyhow::Result<Vec<Vec<bool>>> {
    if data.is_empty() {
        anyhow::bail!("no data to encode");
    }
    let too_large = || anyhow::anyhow!("content too large for fixed size QR Code version {version}");
    let version_spec = Version::Normal(version);
    let mut bits = Bits::new(version_spec);
    for (mode, range) in segments(data) {
        let part = &data[range];
        match mode {
            Mode::Numeric => bits.push_numeric_data(part),
            Mode::Alphanumeric => bits.push_alphanumeric_data(part),
            Mode::Byte => bits.push_byte_data(part),
        }
        .map_err(|_| too_large())?;
    }
    bits.push_terminator(EcLevel::L).map_err(|_| too_large())?;
    let (codewords, correction) = qrcode::ec::construct_codewords(&bits.into_bytes(), version_spec, EcLevel::L)
        .map_err(|e| anyhow::anyhow!("encoding QR code: {e}"))?;
    let mut unmasked = Canvas::new(version_spec, EcLevel::L);
    unmasked.draw_all_functional_patterns();
    unmasked.draw_data(&codewords, &correction);
    let width = 17 + 4 * version;
    let candidates = MASKS.iter().map(|pattern| {
        let mut canvas = unmasked.clone();
        canvas.apply_mask(*pattern);
        (0..width)
            .map(|y| (0..width).map(|x| canvas.get(x, y).is_dark()).collect())
            .collect::<Vec<Vec<bool>>>()
    });
    // The first mask with the lowest penalty wins, as in Pixlet.
    let mut best: Option<(u32, Vec<Vec<bool>>)> = None;
    for modules in candidates {
        let penalty = mask::penalty(&modules);
        if best.as_ref().is_none_or(|(lowest, _)| penalty < *lowest) {
            best = Some((penalty, modules));
        }
    }
    Ok(best.expect("eight masks were tried").1)
}

/// The mask patterns by their number in the QR standard.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Mode {
    Numeric,
    Alphanumeric,
    Byte,
}

impl Mode {
    fn of(byte: u8) -> Self {
        match byte {
            b'0'..=b'9' => Mode::Numeric,
            b'A'..=b'Z' | b' ' | b'$' | b'%' | b'*' | b'+' | b'-' | b'.' | b'/' | b':' => Mode::Alphanumeric,
            _ => Mode::Byte,
        }
    }

    /// Bits to encode `chars` characters in this mode (versions 1 to 9).
    fn cost(self, chars: usize) -> usize {
        4 + match self {
            Mode::Numeric => 10 + 10 * (chars / 3) + [0, 4, 7][chars % 3],
            Mode::Alphanumeric => 9 + 11 * (chars / 2) + 6 * (chars % 2),
            Mode::Byte => 8 + 8 * chars,
        }
    }
}

/// How Pixlet's QR library splits data: runs of one mode, each merged with
/// the runs after it (of no higher mode) while that is shorter; then the
/// whole in its highest mode if that is no longer.
fn segments(data: &[u8]) -> Vec<(Mode, std::ops::Range<usize>)> {
    let mut runs: Vec<(Mode, std::ops::Range<usize>)> = Vec::new();
    for (i, &byte) in data.iter().enumerate() {
        let mode = Mode::of(byte);
        match runs.last_mut() {
            Some((last, range)) if *last == mode => range.end = i + 1,
            _ => runs.push((mode, i..i + 1)),
        }
    }
    let mut merged: Vec<(Mode, std::ops::Range<usize>)> = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        let (mode, ref first) = runs[i];
        let mut range = first.clone();
        let mut j = i + 1;
        while let Some((next_mode, next)) = runs.get(j) {
            if *next_mode > mode {
                break;
            }
            let together = mode.cost(range.len() + next.len());
            if together < mode.cost(range.len()) + next_mode.cost(next.len()) {
                range.end = next.end;
                j += 1;
            } else {
                break;
            }
        }
        merged.push((mode, range));
        i = j;
    }
    let highest = runs.iter().map(|(mode, _)| *mode).max().unwrap_or(Mode::Byte);
    let merged_cost: usize = merged.iter().map(|(mode, range)| mode.cost(range.len())).sum();
    if highest.cost(data.len()) <= merged_cost {
        vec![(highest, 0..data.len())]
    } else {
        merged
    }
}

/// The symbol as an indexed PNG, each module `scale` pixels square.
fn to_png(modules: &[Vec<bool>], scale: usize, foreground: Color, background: Color) -> anyhow::Result<Vec<u8>> {
    let side = modules.len() * scale;
    let pixels: Vec<u8> = (0..side)
        .flat_map(|y| (0..side).map(move |x| u8::from(modules[y / scale][x / scale])))
        .collect();
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, side as u32, side as u32);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(vec![
        background.r,
        background.g,
        background.b,
        foreground.r,
        foreground.g,
        foreground.b,
    ]);
    encoder.set_trns(vec![background.a, foreground.a]);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_split_as_pixlets_library_splits_it() {
        let modes =
            |data: &[u8]| -> Vec<(Mode, usize)> { segments(data).into_iter().map(|(m, r)| (m, r.len())).collect() };
        assert_eq!(modes(b"https://tidbyt.com"), vec![(Mode::Byte, 18)]);
        assert_eq!(modes(b"0123456789"), vec![(Mode::Numeric, 10)]);
        assert_eq!(modes(b"HELLO WORLD"), vec![(Mode::Alphanumeric, 11)]);
        assert_eq!(
            modes(b"123456789012ABCDEFGHIJKL"),
            vec![(Mode::Numeric, 12), (Mode::Alphanumeric, 12)]
        );
    }

    #[test]
    fn sizes_are_versions_one_to_three() {
        for (version, width) in [(1, 21), (2, 25), (3, 29)] {
            let modules = symbol(b"hi", version).unwrap();
            assert_eq!((modules.len(), modules[0].len()), (width, width));
        }
        assert!(symbol(&[b'x'; 54], 3).is_err());
    }
}
