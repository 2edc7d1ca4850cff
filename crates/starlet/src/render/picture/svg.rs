//! SVG, drawn by `resvg` at the size Pixlet gives it: the `viewBox`'s width
//! and height in whole pixels (or the `width` and `height` attributes where
//! there is no `viewBox`), one user unit to a pixel.

use std::str::FromStr;

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, ImageHrefResolver, roxmltree};

use super::{Picture, PictureError, Pixels, check_size};

/// How much of the data format sniffing looks at, as Pixlet's detector.
const SNIFF_LIMIT: usize = 3072;

const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";

/// Whether data is SVG by Pixlet's rule: text that opens (after space and
/// comments) with an `<svg` tag declaring the SVG namespace, or with an XML
/// declaration and has an `<svg` tag soon after.
pub(super) fn sniff(data: &[u8]) -> bool {
    let head = &data[..data.len().min(SNIFF_LIMIT)];
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // A character cut by the limit is still text.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
        Err(_) => return false,
    };
    let text = text.trim_start();
    if let Some(declaration) = text.strip_prefix("<?xml") {
        let declaration = declaration.split("?>").next().unwrap_or_default();
        return declaration.contains("version") && text.contains("<svg");
    }
    let mut rest = text;
    while let Some(comment) = rest.strip_prefix("<!--") {
        let Some(end) = comment.find("-->") else {
            return false;
        };
        rest = comment[end + 3..].trim_start();
    }
    let Some(tag) = rest.strip_prefix("<svg") else {
        return false;
    };
    let tag = tag.split('>').next().unwrap_or_default();
    declares_namespace(tag)
}

/// Whether a start tag's attributes hold `xmlns="http://www.w3.org/2000/svg"`.
fn declares_namespace(attributes: &str) -> bool {
    attributes.match_indices("xmlns").any(|(at, _)| {
        let value = attributes[at + 5..].trim_start();
        let Some(value) = value.strip_prefix('=') else {
            return false;
        };
        let value = value.trim_start();
        [('"', '"'), ('\'', '\'')].iter().any(|&(open, close)| {
            value
                .strip_prefix(open)
                .and_then(|v| v.split(close).next())
                .is_some_and(|v| v == SVG_NAMESPACE)
        })
    })
}

pub(super) fn decode(data: &[u8]) -> Result<Picture, PictureError> {
    let text = std::str::from_utf8(data).map_err(|_| PictureError::Svg("not UTF-8 text".into()))?;
    let document = parse(text)?;
    let root = document.root_element();
    let (width, height) = pixel_size(root);
    if width == 0 && height == 0 {
        return Err(PictureError::Svg(
            "it has neither a viewBox nor a width and height".into(),
        ));
    }
    check_size(width as u64, height as u64, 1)?;
    // Pixlet draws the viewBox one unit to a pixel whatever `width` and
    // `height` say: without them, resvg sizes the picture by the viewBox too.
    let sized_by_view_box;
    let document = if view_box(root).is_some() {
        let mut source = text.to_owned();
        for attribute in root.attributes() {
            if attribute.namespace().is_none() && matches!(attribute.name(), "width" | "height") {
                let range = attribute.range();
                source.replace_range(range.clone(), &" ".repeat(range.len()));
            }
        }
        sized_by_view_box = source;
        parse(&sized_by_view_box)?
    } else {
        document
    };
    let options = usvg::Options {
        // Pictures inside the SVG are not drawn, and never fetched from disk.
        image_href_resolver: ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..Default::default()
    };
    let tree = usvg::Tree::from_xmltree(&document, &options).map_err(|e| PictureError::Svg(e.to_string()))?;
    let Some(mut pixmap) = Pixmap::new(width, height) else {
        return Ok(Picture::new(width as i32, height as i32, Pixels::Rgba(Vec::new())));
    };
    let size = tree.size();
    let transform = Transform::from_scale(width as f32 / size.width(), height as f32 / size.height());
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    let pixels = pixmap
        .data()
        .chunks_exact(4)
        .map(|c| [c[0], c[1], c[2], c[3]])
        .collect();
    Ok(Picture::new(width as i32, height as i32, Pixels::Rgba(pixels)))
}

fn parse(text: &str) -> Result<roxmltree::Document<'_>, PictureError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| PictureError::Svg(e.to_string()))
}

fn view_box(svg: roxmltree::Node) -> Option<svgtypes::ViewBox> {
    svg.attribute("viewBox")
        .and_then(|v| svgtypes::ViewBox::from_str(v).ok())
}

/// The picture's size in whole pixels, as Pixlet reads it.
fn pixel_size(svg: roxmltree::Node) -> (u32, u32) {
    let view_box = view_box(svg);
    let length = |name: &str| {
        svg.attribute(name)
            .and_then(|v| svgtypes::Length::from_str(v).ok())
            .map_or(0.0, |l| l.number)
    };
    let width = view_box.map_or(0.0, |v| v.w);
    let height = view_box.map_or(0.0, |v| v.h);
    let width = if width == 0.0 { length("width") } else { width };
    let height = if height == 0.0 { length("height") } else { height };
    // Whole pixels, cut as Go's int() cuts; nonsense sizes are none.
    let whole = |v: f64| {
        if v.is_finite() && v > 0.0 {
            v.min(u32::MAX as f64) as u32
        } else {
            0
        }
    };
    (whole(width), whole(height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_told_by_its_opening_as_pixlet_tells_it() {
        let ns = "xmlns=\"http://www.w3.org/2000/svg\"";
        assert!(sniff(format!("\n  <svg {ns} width=\"1\"/>").as_bytes()));
        assert!(sniff(format!("<!-- made by hand --> <svg width='1' {ns}/>").as_bytes()));
        assert!(sniff(b"<?xml version=\"1.0\"?>\n<svg width=\"1\"/>"));
        assert!(!sniff(b"<svg width=\"1\"/>"), "no namespace");
        assert!(!sniff(b"<html><svg xmlns=\"http://www.w3.org/2000/svg\"/></html>"));
        assert!(!sniff(b"\x89PNG\r\n\x1a\n"));
    }

    #[test]
    fn the_view_box_sets_the_size_before_width_and_height() {
        let picture = decode(
            br#"<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 4 2"><rect width="2" height="2" fill="blue"/></svg>"#,
        )
        .unwrap();
        assert_eq!((picture.width(), picture.height()), (4, 2));
        let image = picture.to_image();
        assert_eq!(image.get(1, 1), [0, 0, 0xff, 0xff]);
        assert_eq!(image.get(2, 1), [0; 4]);
    }

    #[test]
    fn an_svg_without_a_size_is_refused() {
        let error =
            decode(br#"<svg xmlns="http://www.w3.org/2000/svg"><rect width="2" height="2"/></svg>"#).unwrap_err();
        assert!(matches!(error, PictureError::Svg(_)), "{error}");
    }
}
