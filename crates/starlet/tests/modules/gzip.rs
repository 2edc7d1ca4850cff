//! `compress/gzip.star`: what apps unpack, and bombs that stop at the limit.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::common::options;
use crate::support::{fails_with, run_with};

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

const APP: &str = r#"
load("compress/gzip.star", "gzip")
load("data.gz", data = "file")
load("assert.star", asserts = "assert")
plain = gzip.decompress(data.readall("rb"))
print(type(plain), len(plain))
"#;

fn printed(data: &[u8]) -> Result<Vec<String>, starlet::Error> {
    run_with(APP, &[("data.gz", data)], options())
}

#[test]
fn text_comes_back_as_a_string_and_binary_as_bytes() {
    assert_eq!(printed(&gzip(b"emoji,name\n1,2\n")).unwrap(), vec!["string 15"]);
    assert_eq!(printed(&gzip(&[0xff, 0, 1])).unwrap(), vec!["bytes 3"]);
}

#[test]
fn concatenated_members_are_read_as_one_stream() {
    let mut data = gzip(b"hello ");
    data.extend(gzip(b"world"));
    assert_eq!(printed(&data).unwrap(), vec!["string 11"]);
}

#[test]
fn an_app_can_read_csv_it_unpacked() {
    let data = gzip(b"skip me\n\xf0\x9f\x98\x80,grinning\n");
    let source = r#"
load("compress/gzip.star", "gzip")
load("encoding/csv.star", "csv")
load("data.gz", data = "file")
rows = csv.read_all(str(gzip.decompress(data.readall("rb"))), skip = 1, fields_per_record = -1)
print(len(rows), rows[0][0] == "😀", rows[0][1])
"#;
    assert_eq!(
        run_with(source, &[("data.gz", &data)], options()).unwrap(),
        vec!["1 True grinning"]
    );
}

#[test]
fn a_gzip_bomb_ends_with_an_error() {
    // 70 members of 1 MiB of zeros each: under 100 KiB that unpack to 70 MiB.
    let member = gzip(&vec![0; 1 << 20]);
    let bomb: Vec<u8> = member.iter().copied().cycle().take(member.len() * 70).collect();
    assert!(bomb.len() < 100 << 10, "{}", bomb.len());
    let error = printed(&bomb).unwrap_err().to_string();
    assert!(error.contains("decompresses to more than the 64 MiB limit"), "{error}");
}

#[test]
fn corrupt_data_is_an_error() {
    let error = printed(b"not gzip at all").unwrap_err().to_string();
    assert!(error.contains("gzip.decompress"), "{error}");
    let mut truncated = gzip(b"hello world, hello world");
    truncated.truncate(truncated.len() - 6);
    let error = printed(&truncated).unwrap_err().to_string();
    assert!(error.contains("gzip.decompress"), "{error}");
    fails_with(
        "load('compress/gzip.star', 'gzip')\ngzip.decompress(1)\n",
        "want string or bytes",
    );
}
