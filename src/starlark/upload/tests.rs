use std::io::Write as _;

use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::*;

const APP: &[u8] = b"def main():\n    return []\n";

/// A zip of `files` (name, contents), deflated.
fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(files, zip::CompressionMethod::Deflated)
}

fn zip_with(files: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, contents) in files {
        writer
            .start_file(*name, SimpleFileOptions::default().compression_method(method))
            .unwrap();
        writer.write_all(contents).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn unpacked(body: &[u8]) -> (tempfile::TempDir, Result<(), UploadError>) {
    let dir = tempfile::tempdir().unwrap();
    let result = unpack("demo", body, dir.path());
    (dir, result)
}

#[test]
fn a_star_file_or_a_zip_of_the_folder_or_of_its_contents_unpacks() {
    let (dir, result) = unpacked(APP);
    result.unwrap();
    assert_eq!(std::fs::read(dir.path().join("demo.star")).unwrap(), APP);

    let folder = zip_of(&[("weather/weather.star", APP), ("weather/images/sun.png", b"png")]);
    let (dir, result) = unpacked(&folder);
    result.unwrap();
    assert!(
        dir.path().join("weather.star").is_file(),
        "the app's own folder is unwrapped"
    );
    assert!(dir.path().join("images/sun.png").is_file());

    let contents = zip_of(&[("app.star", APP), ("manifest.yaml", b"name: A\n")]);
    let (dir, result) = unpacked(&contents);
    result.unwrap();
    assert!(dir.path().join("app.star").is_file() && dir.path().join("manifest.yaml").is_file());
}

#[test]
fn paths_that_leave_the_folder_links_and_encryption_are_refused() {
    for name in [
        "../evil.star",
        "app/../../evil.star",
        "/etc/evil.star",
        "..\\evil.star",
        "a/../b.star",
    ] {
        let (dir, result) = unpacked(&zip_of(&[("app.star", APP), (name, APP)]));
        assert_eq!(result.unwrap_err(), UploadError::Escapes(name.to_owned()), "{name}");
        assert!(!dir.path().join("app.star").exists(), "nothing written for {name}");
    }

    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    writer.start_file("app.star", SimpleFileOptions::default()).unwrap();
    writer.write_all(APP).unwrap();
    writer
        .add_symlink("secrets", "/etc/passwd", SimpleFileOptions::default())
        .unwrap();
    let linked = writer.finish().unwrap().into_inner();
    assert_eq!(unpacked(&linked).1, Err(UploadError::Link("secrets".into())));
}

#[test]
fn zip_bombs_and_heaps_of_files_are_refused_before_they_fill_the_disk() {
    let zeros = vec![0u8; 8 << 20];
    let (dir, result) = unpacked(&zip_of(&[("app.star", APP), ("pad.bin", &zeros)]));
    assert_eq!(result, Err(UploadError::Bomb("pad.bin".into())));
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing written"
    );

    let part = vec![0u8; 12 << 20];
    let stored = zip_with(
        &[("a.bin", &part), ("b.bin", &part), ("c.bin", &part)],
        zip::CompressionMethod::Stored,
    );
    assert_eq!(unpacked(&stored).1, Err(UploadError::TooBig));

    let many: Vec<(String, &[u8])> = (0..=MAX_FILES).map(|i| (format!("f{i}"), b"x" as &[u8])).collect();
    let named: Vec<(&str, &[u8])> = many.iter().map(|(name, data)| (name.as_str(), *data)).collect();
    assert_eq!(unpacked(&zip_of(&named)).1, Err(UploadError::TooManyFiles));
}

#[test]
fn anything_but_an_app_is_refused() {
    assert_eq!(unpacked(b"").1, Err(UploadError::Empty));
    assert_eq!(unpacked(&[0xff, 0xfe, 0x00]).1, Err(UploadError::NotAnApp));
    assert!(matches!(unpacked(b"PK\x03\x04garbage").1, Err(UploadError::BadZip(_))));
    assert_eq!(
        unpacked(&zip_of(&[("docs/readme.md", b"hi"), ("other/x.star", APP)])).1,
        Err(UploadError::NoStar)
    );
}
