//! The bitmap fonts apps can draw with.

/// Every font name a config may use, in the order `GET /api/fonts` lists them.
pub const NAMES: &[&str] = &[
    "tom-thumb",
    "4x6",
    "5x7",
    "5x8",
    "6x9",
    "6x10",
    "6x12",
    "6x13",
    "6x13B",
    "6x13O",
    "7x13",
    "7x13B",
    "7x13O",
    "7x14",
    "7x14B",
    "8x13",
    "8x13B",
    "8x13O",
    "9x15",
    "9x15B",
    "9x18",
    "9x18B",
    "10x20",
];
