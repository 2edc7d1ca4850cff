//! `qrcode.star`: Pixlet's test, the picture's size and colours, and the
//! sizes, colours and lengths it refuses.

use starlet::Options;
use starlet::render::Color;

use crate::common::{TestApp, options};
use crate::support::{fails_with, passes};

/// Runs `expression` (a `qrcode.generate` call) in an app and decodes the
/// PNG it returns: its side and its pixels, row by row.
fn generate(expression: &str, options: &Options) -> (u32, Vec<[u8; 4]>) {
    let source = format!(
        "load('qrcode.star', 'qrcode')\nload('encoding/base64.star', 'base64')\ndef main():\n    print(base64.encode({expression}))\n    return []\n"
    );
    let printed = std::sync::Arc::new(parking_lot::Mutex::new(String::new()));
    let sink = printed.clone();
    let options = Options {
        print: Some(std::sync::Arc::new(move |text: &str| *sink.lock() = text.to_owned())),
        ..options.clone()
    };
    let app = TestApp::new(&source);
    starlet::Applet::load(app.path(), &options)
        .unwrap()
        .render(&Default::default(), &options)
        .unwrap();
    let png = decode_base64(&printed.lock());
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buffer).unwrap();
    assert_eq!(info.width, info.height);
    assert_eq!(info.color_type, png::ColorType::Rgba);
    let pixels = buffer[..info.buffer_size()]
        .chunks(4)
        .map(|p| [p[0], p[1], p[2], p[3]])
        .collect();
    (info.width, pixels)
}

fn decode_base64(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text).unwrap()
}

#[test]
fn pixlets_example_runs() {
    passes(
        r##"
load("qrcode.star", "qrcode")
load("assert.star", asserts = "assert")

url = "https://tidbyt.com?utm_source=pixlet_example"
code = qrcode.generate(
    url = url,
    size = "large",
    color = "#fff",
    background = "#000",
)
asserts.eq(type(code), "bytes")
asserts.eq(code[:4], b"\x89PNG")
"##,
    );
}

/// The code in the preview Pixlet rendered for the `effheadlines` community
/// app (which draws `qrcode.generate(url, "large", "#fff", "#000")` at its
/// top left): the same data gives the same modules, mask included.
#[test]
fn the_picture_is_pixlets_module_for_module() {
    let (width, pixels) = generate(
        "qrcode.generate(url = 'https://eff.org/node/110363', size = 'large', color = '#fff', background = '#000')",
        &options(),
    );
    let rows: Vec<String> = pixels
        .chunks(width as usize)
        .map(|row| {
            row.iter()
                .map(|p| match p {
                    [0xff, 0xff, 0xff, 0xff] => '#',
                    [0, 0, 0, 0xff] => '.',
                    _ => '?',
                })
                .collect()
        })
        .collect();
    let pixlet = [
        "#######....##..##..##.#######",
        "#.....#..##..##.#.#...#.....#",
        "#.###.#.....##.#..#...#.###.#",
        "#.###.#.#...#...##....#.###.#",
        "#.###.#.##.....####...#.###.#",
        "#.....#....##..#.#..#.#.....#",
        "#######.#.#.#.#.#.#.#.#######",
        "..........##..###.###........",
        "##...###.#.#....#..#....##...",
        "..#.#..#.#..##..##.##..##.##.",
        ".....##...#..######.#.#......",
        "####...###..##...##.####.#...",
        "###.#.#.##.###.###.##.##....#",
        "..#..#.###......#.#####.#..##",
        "##..###...###.....#..#...##..",
        "#.##.#.#.###...#..#....##.#.#",
        "#...###.#..#....#.#......##..",
        "#.#....####.###..####.###.###",
        "###.#####..#...#...#..##.#..#",
        "#...##...#..##...########....",
        "#.##..#.#...#.##...######.###",
        "........###...#...#.#...##...",
        "#######.#.###.....###.#.###..",
        "#.....#.####..###..##...#..#.",
        "#.###.#..#...##..#########..#",
        "#.###.#...#.###..#..#....###.",
        "#.###.#..##..#####.#########.",
        "#.....#.#...###.###..#.####.#",
        "#######.##..#.##...#..###.#..",
    ];
    assert_eq!(rows, pixlet, "\n{}", rows.join("\n"));
}

/// The flow of Pixlet's documented example: the code is kept in the cache
/// as base64 and read back from it on the next render.
#[test]
fn the_documented_example_caches_the_code_between_renders() {
    let source = r##"
load("cache.star", "cache")
load("encoding/base64.star", "base64")
load("qrcode.star", "qrcode")

def main(config):
    url = "https://tidbyt.com?utm_source=pixlet_example"
    data = cache.get(url)
    if data == None:
        code = qrcode.generate(url = url, size = "large", color = "#fff", background = "#000")
        cache.set(url, base64.encode(code), ttl_seconds = 3600)
        print("generated", len(code))
    else:
        code = base64.decode(data)
        print("cached", len(code), code == qrcode.generate(url, "large", "#fff", "#000"))
    return []
"##;
    let printed = std::sync::Arc::new(parking_lot::Mutex::new(Vec::new()));
    let sink = printed.clone();
    let options = Options {
        print: Some(std::sync::Arc::new(move |text: &str| sink.lock().push(text.to_owned()))),
        ..options()
    };
    let app = TestApp::new(source);
    let applet = starlet::Applet::load(app.path(), &options).unwrap();
    applet.render(&Default::default(), &options).unwrap();
    applet.render(&Default::default(), &options).unwrap();
    let printed = printed.lock();
    let size: &str = printed[0].strip_prefix("generated ").unwrap();
    assert_eq!(printed[1], format!("cached {size} True"));
}

#[test]
fn sizes_are_21_25_and_29_pixels_doubled_on_a_2x_canvas() {
    for (size, side) in [("small", 21), ("medium", 25), ("large", 29)] {
        let (width, _) = generate(&format!("qrcode.generate('https://x.io', '{size}')"), &options());
        assert_eq!(width, side, "{size}");
    }
    let twice = Options {
        canvas: starlet::CanvasMeta {
            is2x: true,
            ..Default::default()
        },
        ..options()
    };
    let (width, pixels) = generate("qrcode.generate('https://x.io', 'small')", &twice);
    assert_eq!(width, 42);
    // Each module is a 2x2 block: the finder pattern's dark corner included.
    assert_eq!(pixels[0], pixels[1]);
    assert_eq!(pixels[0], pixels[42]);
    assert_eq!(pixels[0], pixels[43]);
}

#[test]
fn modules_are_white_on_transparent_unless_coloured() {
    let (_, pixels) = generate("qrcode.generate('https://x.io', 'small')", &options());
    let white = [0xff, 0xff, 0xff, 0xff];
    let clear = [0, 0, 0, 0];
    assert!(pixels.iter().all(|p| *p == white || *p == clear));
    // The finder pattern's top-left corner is dark: drawn in the foreground.
    assert_eq!(pixels[0], white);
    assert_eq!(pixels[21 + 1], clear);

    let (_, pixels) = generate("qrcode.generate('https://x.io', 'small', '#f00', '#00f8')", &options());
    let red = Color::rgb(0xff, 0, 0);
    assert_eq!(pixels[0], [red.r, red.g, red.b, red.a]);
    assert_eq!(pixels[21 + 1], [0, 0, 0xff, 0x88]);
}

#[test]
fn bad_arguments_are_refused() {
    let load = "load('qrcode.star', 'qrcode')\n";
    fails_with(
        &format!("{load}qrcode.generate('x', 'huge')\n"),
        "size must be small, medium, or large",
    );
    fails_with(
        &format!("{load}qrcode.generate('https://example.com/' + 'x' * 40, 'large')\n"),
        "content too large for fixed size QR Code version 3",
    );
    fails_with(
        &format!("{load}qrcode.generate('x', 'small', color = 'red')\n"),
        "parsing foreground color",
    );
    fails_with(&format!("{load}qrcode.generate('', 'small')\n"), "no data to encode");
}
