//! A finished frame: what the panel shows, brightness applied, in its compact
//! wire form (the preview's payload) and as a PNG.
//!
//! Wire form: width as u16 little-endian, height as u16 little-endian, then
//! `width * height` pixels of three bytes (R, G, B), row by row from the
//! top-left corner.

use bytes::{Buf, BufMut, Bytes, BytesMut};

/// One picture of the panel, row-major RGB bytes with brightness already applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    width: u16,
    height: u16,
    rgb: Vec<u8>,
}

impl Frame {
    pub fn new(width: u16, height: u16, rgb: Vec<u8>) -> Self {
        assert_eq!(
            rgb.len(),
            usize::from(width) * usize::from(height) * 3,
            "frame size mismatch"
        );
        Self { width, height, rgb }
    }

    /// An all-black frame: what a stopped panel shows.
    pub fn blank(width: u16, height: u16) -> Self {
        Self::new(width, height, vec![0; usize::from(width) * usize::from(height) * 3])
    }

    pub fn width(&self) -> u16 {
        self.width
    }

    pub fn height(&self) -> u16 {
        self.height
    }

    /// `width * height` pixels of three bytes, row by row.
    pub fn rgb(&self) -> &[u8] {
        &self.rgb
    }

    pub fn pixel(&self, x: u16, y: u16) -> [u8; 3] {
        let start = (usize::from(y) * usize::from(self.width) + usize::from(x)) * 3;
        [self.rgb[start], self.rgb[start + 1], self.rgb[start + 2]]
    }

    pub fn is_blank(&self) -> bool {
        self.rgb.iter().all(|&channel| channel == 0)
    }

    /// The frame in its wire form; see the module docs.
    pub fn to_wire(&self) -> Bytes {
        let mut payload = BytesMut::with_capacity(4 + self.rgb.len());
        payload.put_u16_le(self.width);
        payload.put_u16_le(self.height);
        payload.put_slice(&self.rgb);
        payload.freeze()
    }

    /// Reads a frame in its wire form; `None` unless the bytes are exactly one frame.
    pub fn from_wire(mut bytes: &[u8]) -> Option<Self> {
        if bytes.len() < 4 {
            return None;
        }
        let (width, height) = (bytes.get_u16_le(), bytes.get_u16_le());
        (bytes.len() == usize::from(width) * usize::from(height) * 3).then(|| Self::new(width, height, bytes.to_vec()))
    }

    /// Encodes the frame as an RGB PNG, each pixel a `scale`x`scale` square
    /// (nearest neighbour, so LEDs stay crisp). A scale of 0 is taken as 1.
    pub fn to_png(&self, scale: u32) -> Vec<u8> {
        let scale = scale.max(1) as usize;
        let (width, height) = (usize::from(self.width), usize::from(self.height));
        let row_bytes = width * scale * 3;
        let mut image = Vec::with_capacity(row_bytes * height * scale);
        for row in self.rgb.chunks_exact(width * 3) {
            let start = image.len();
            for pixel in row.chunks_exact(3) {
                for _ in 0..scale {
                    image.extend_from_slice(pixel);
                }
            }
            for _ in 1..scale {
                image.extend_from_within(start..start + row_bytes);
            }
        }

        let mut png_bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut png_bytes, (width * scale) as u32, (height * scale) as u32);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Writing into a Vec cannot fail and the sizes match by construction.
        let mut writer = encoder.write_header().expect("PNG header into memory");
        writer.write_image_data(&image).expect("PNG data into memory");
        writer.finish().expect("PNG end into memory");
        png_bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_form_is_size_then_rgb_rows() {
        let frame = Frame::new(2, 1, vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(&frame.to_wire()[..], [2, 0, 1, 0, 1, 2, 3, 4, 5, 6]);
        let wide = Frame::blank(300, 2);
        assert_eq!(&wide.to_wire()[..4], [44, 1, 2, 0]);
        assert_eq!(wide.to_wire().len(), 4 + 300 * 2 * 3);
    }

    #[test]
    fn wire_form_reads_back_and_rejects_wrong_sizes() {
        let frame = Frame::new(2, 1, vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(Frame::from_wire(&frame.to_wire()), Some(frame.clone()));
        let wire = frame.to_wire();
        assert_eq!(Frame::from_wire(&wire[..wire.len() - 1]), None);
        assert_eq!(Frame::from_wire(&[wire.as_ref(), &[0]].concat()), None);
        assert_eq!(Frame::from_wire(&[2, 0]), None);
    }

    #[test]
    fn png_scales_each_pixel_to_a_square() {
        // 2x1: red, blue.
        let frame = Frame::new(2, 1, vec![255, 0, 0, 0, 0, 255]);
        let png_bytes = frame.to_png(3);

        let mut reader = png::Decoder::new(std::io::Cursor::new(png_bytes)).read_info().unwrap();
        let mut image = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut image).unwrap();
        assert_eq!((info.width, info.height), (6, 3));
        assert_eq!(info.color_type, png::ColorType::Rgb);
        for y in 0..3 {
            for x in 0..6 {
                let at = (y * 6 + x) * 3;
                let expected = if x < 3 { [255, 0, 0] } else { [0, 0, 255] };
                assert_eq!(image[at..at + 3], expected, "pixel {x},{y}");
            }
        }
    }
}
