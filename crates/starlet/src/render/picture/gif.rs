//! GIF, through the `gif` crate, each frame laid over the ones before it as
//! Pixlet lays them, so animations show the same pictures: the first frame
//! replaces the (transparent) canvas and later ones draw over it; "restore to
//! background" clears a frame's area to transparent once it has shown; and
//! "restore to previous" draws the frame kept for it over the canvas again,
//! Pixlet's approximation of restoring.

use std::num::NonZeroU64;

use gif::{ColorOutput, DecodeOptions, DisposalMethod, MemoryLimit};

use super::{Decoded, MAX_PIXELS, Picture, PictureError, Pixels, check_size};

/// A frame as the file stores it: palette indices for its own rectangle.
struct Layer {
    left: usize,
    top: usize,
    width: usize,
    height: usize,
    indices: Vec<u8>,
    /// RGBA, the transparent index (if any) already transparent.
    palette: Vec<[u8; 4]>,
    disposal: DisposalMethod,
}

pub(super) fn decode(data: &[u8]) -> Result<Decoded, PictureError> {
    let mut options = DecodeOptions::new();
    options.set_color_output(ColorOutput::Indexed);
    options.set_memory_limit(MemoryLimit::Bytes(NonZeroU64::new(MAX_PIXELS).expect("nonzero")));
    let mut decoder = options.read_info(data).map_err(PictureError::decode)?;
    let (width, height) = (decoder.width() as usize, decoder.height() as usize);
    check_size(width as u64, height as u64, 1)?;
    let global = decoder.global_palette().map(colors);
    let mut layers: Vec<Layer> = Vec::new();
    let mut first_delay = 0;
    while let Some(frame) = decoder.next_frame_info().map_err(PictureError::decode)? {
        check_size(width as u64, height as u64, layers.len() as u64 + 1)?;
        let (left, top) = (frame.left as usize, frame.top as usize);
        let (w, h) = (frame.width as usize, frame.height as usize);
        if left + w > width || top + h > height {
            return Err(PictureError::decode("gif: frame bounds larger than image bounds"));
        }
        let mut palette = match (&frame.palette, &global) {
            (Some(local), _) => colors(local),
            (None, Some(global)) => global.clone(),
            (None, None) => return Err(PictureError::decode("gif: no color table")),
        };
        if let Some(index) = frame.transparent.map(usize::from) {
            if index >= palette.len() {
                palette.resize(index + 1, [0; 4]);
            }
            palette[index] = [0; 4];
        }
        if layers.is_empty() {
            first_delay = frame.delay as i64 * 10;
        }
        let disposal = frame.dispose;
        let mut indices = vec![0; w * h];
        decoder.read_into_buffer(&mut indices).map_err(PictureError::decode)?;
        if palette.len() < 256 && indices.iter().any(|&i| i as usize >= palette.len()) {
            return Err(PictureError::decode("gif: invalid pixel value"));
        }
        layers.push(Layer {
            left,
            top,
            width: w,
            height: h,
            indices,
            palette,
            disposal,
        });
    }
    if layers.is_empty() {
        return Err(PictureError::decode("gif: missing image data"));
    }
    Ok(Decoded {
        frames: composite(width, height, &layers),
        delay_ms: first_delay,
    })
}

/// RGB triples as opaque RGBA.
fn colors(rgb: &[u8]) -> Vec<[u8; 4]> {
    rgb.chunks_exact(3).map(|c| [c[0], c[1], c[2], 0xff]).collect()
}

/// The full-size frames the layers make, in Pixlet's order of operations.
fn composite(width: usize, height: usize, layers: &[Layer]) -> Vec<Picture> {
    let mut canvas = vec![[0u8; 4]; width * height];
    let mut over = false;
    let mut kept: Option<&Layer> = None;
    let mut frames = Vec::with_capacity(layers.len());
    for (index, layer) in layers.iter().enumerate() {
        let restores = layer.disposal == DisposalMethod::Previous;
        if restores && let Some(kept) = kept {
            paint(&mut canvas, width, kept, true);
        }
        let next_restores = layers
            .get(index + 1)
            .is_some_and(|next| next.disposal == DisposalMethod::Previous);
        if !restores && next_restores {
            kept = Some(layer);
        }
        paint(&mut canvas, width, layer, over);
        frames.push(Picture::new(width as i32, height as i32, Pixels::Rgba(canvas.clone())));
        if !restores {
            over = true;
        }
        if layer.disposal == DisposalMethod::Background {
            for y in layer.top..layer.top + layer.height {
                canvas[y * width + layer.left..y * width + layer.left + layer.width].fill([0; 4]);
            }
        }
    }
    frames
}

/// Draws a layer at its place: replacing every pixel, or (`over`) leaving
/// what its transparent pixels cover.
fn paint(canvas: &mut [[u8; 4]], width: usize, layer: &Layer, over: bool) {
    for y in 0..layer.height {
        for x in 0..layer.width {
            let color = layer.palette[layer.indices[y * layer.width + x] as usize];
            if over && color[3] == 0 {
                continue;
            }
            canvas[(layer.top + y) * width + layer.left + x] = color;
        }
    }
}
