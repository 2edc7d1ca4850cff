//! The `compress/*.star` modules: gzip streams and zip archives an app
//! downloaded, unpacked within a size limit so that a small bomb that
//! expands to gigabytes ends with an error instead of taking the memory.

pub mod gzip;
pub mod zipfile;

use std::io::Read;

/// The most one decompression may produce.
pub const MAX_DECOMPRESSED: u64 = 64 << 20;

/// All of `reader`, or an error naming `what` once it passes
/// [`MAX_DECOMPRESSED`] or turns out to be corrupt.
fn read_bounded(reader: impl Read, what: &str) -> anyhow::Result<Vec<u8>> {
    let mut data = Vec::new();
    reader
        .take(MAX_DECOMPRESSED + 1)
        .read_to_end(&mut data)
        .map_err(|e| anyhow::anyhow!("{what}: {e}"))?;
    if data.len() as u64 > MAX_DECOMPRESSED {
        anyhow::bail!(
            "{what}: decompresses to more than the {} MiB limit",
            MAX_DECOMPRESSED >> 20
        );
    }
    Ok(data)
}
