//! The apps `cargo bench --bench apps` measures (`benches/star`) still
//! render, each with the frame count of the shape it stands for, so the
//! benchmark keeps measuring what its page says.

use std::path::{Path, PathBuf};

use crate::common::options;
use starlet::{Applet, ConfigMap};

/// Every benchmark app with the frames it renders.
const APPS: &[(&str, usize)] = &[
    ("clock", 1),
    // The marquee scrolls 20 times its width of the row (1,280 px) and
    // back in from the far side (64 px).
    ("marquee", 1344),
    // The spinner's frames; the still icons repeat.
    ("icons", 24),
    // 2,400 frames built, 2,000 painted.
    ("frames", 2000),
    // The wrapped paragraph (15 lines of 6 pixels) scrolling through a
    // 12-pixel window.
    ("layout", 102),
    ("shapes", 40),
    ("data", 1),
];

fn apps_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/star")
}

/// Renders the benchmark app `name` and checks its frames: as many as its
/// shape makes, each the panel's size, none of them blank.
fn renders(name: &str) {
    let frames = APPS.iter().find(|(app, _)| *app == name).expect("a listed app").1;
    let applet = Applet::load(&apps_dir().join(name), &options()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let rendered = applet
        .render(&ConfigMap::new(), &options())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(rendered.frames.len(), frames, "frames of {name}");
    for (index, frame) in rendered.frames.iter().enumerate().step_by(97) {
        assert_eq!((frame.width(), frame.height()), (64, 32), "{name} frame {index}");
        let lit = (0..32)
            .flat_map(|y| (0..64).map(move |x| (x, y)))
            .any(|(x, y)| frame.get(x, y)[..3] != [0, 0, 0]);
        assert!(lit, "{name} frame {index} is blank");
    }
}

#[test]
fn every_app_in_the_folder_is_listed() {
    let mut found: Vec<String> = std::fs::read_dir(apps_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut listed: Vec<&str> = APPS.iter().map(|(name, _)| *name).collect();
    listed.sort();
    assert_eq!(found, listed);
}

#[test]
fn clock() {
    renders("clock");
}

#[test]
fn marquee() {
    renders("marquee");
}

#[test]
fn icons() {
    renders("icons");
}

#[test]
fn frames() {
    renders("frames");
}

#[test]
fn layout() {
    renders("layout");
}

#[test]
fn shapes() {
    renders("shapes");
}

#[test]
fn data() {
    renders("data");
}
