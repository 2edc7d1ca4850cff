//! `compress/zipfile.star`: starlib's example archive, and bombs that stop
//! at the limit.

use std::io::{Cursor, Write};

use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use crate::common::options;
use crate::support::{fails_with, run_with};

/// An archive laid out as starlib's test archive is: two folders and two files.
fn hello_world_zip() -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    zip.add_directory("testdata/", options).unwrap();
    zip.add_directory("testdata/world/", options).unwrap();
    zip.start_file("testdata/world/world.txt", options).unwrap();
    zip.write_all(b"world\n").unwrap();
    zip.start_file("testdata/hello.txt", options).unwrap();
    zip.write_all(b"hello\n").unwrap();
    zip.finish().unwrap().into_inner()
}

fn run(source: &str, archive: &[u8]) -> Result<Vec<String>, starlet::Error> {
    let source = format!(
        "load('compress/zipfile.star', 'zipfile')\nload('assert.star', asserts = 'assert')\nload('data.zip', data = 'file')\n{source}"
    );
    run_with(&source, &[("data.zip", archive)], options())
}

#[test]
fn lists_and_reads_starlibs_example() {
    run(
        r#"
zr = zipfile.ZipFile(data.readall("rb"))
asserts.eq(zr.namelist(), ["testdata/", "testdata/world/", "testdata/world/world.txt", "testdata/hello.txt"])
asserts.eq(zr.open("testdata/hello.txt").read(), "hello\n")
asserts.eq(zr.open("testdata/world/world.txt").read(), "world\n")
"#,
        &hello_world_zip(),
    )
    .unwrap();
}

#[test]
fn a_missing_entry_is_an_error() {
    let error = run(
        "zipfile.ZipFile(data.readall('rb')).open('nope.txt')\n",
        &hello_world_zip(),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("not found"), "{error}");
}

#[test]
fn a_zip_bomb_ends_with_an_error() {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("zeros.txt", options).unwrap();
    let megabyte = vec![0u8; 1 << 20];
    for _ in 0..70 {
        zip.write_all(&megabyte).unwrap();
    }
    let bomb = zip.finish().unwrap().into_inner();
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    let error = run("zipfile.ZipFile(data.readall('rb')).open('zeros.txt').read()\n", &bomb)
        .unwrap_err()
        .to_string();
    assert!(error.contains("decompresses to more than the 64 MiB limit"), "{error}");
}

#[test]
fn data_that_is_not_an_archive_is_an_error() {
    fails_with(
        "load('compress/zipfile.star', 'zipfile')\nzipfile.ZipFile('not a zip')\n",
        "ZipFile:",
    );
}
