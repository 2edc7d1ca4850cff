//! Rebuilds the crate when the web UI changes, so the binary never embeds a
//! stale `web/dist`. The embed macro only tracks files that existed at the
//! last build; watching the whole `web/` folder also catches a first build of
//! the UI after the crate was compiled without one.
//!
//! Also stamps the build for `retroboard --version`: which commit it came
//! from, which optional features are in it and which machine it is for, so a
//! board owner can tell at once what a packaged binary is (a GPL `rpi` build,
//! say).

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=web");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rustc-env=RETROBOARD_BUILD={}", build_line());
}

/// `0.1.0 (commit 0b33505c1d2e, features: rpi, aarch64-unknown-linux-gnu)`.
fn build_line() -> String {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let target = std::env::var("TARGET").unwrap_or_default();
    let features = if std::env::var_os("CARGO_FEATURE_RPI").is_some() {
        "rpi"
    } else {
        "none"
    };
    format!("{version} (commit {}, features: {features}, {target})", commit())
}

/// The commit being built: `RETROBOARD_COMMIT` when the source comes without
/// its git history (a tarball), else what git says; `unknown` when neither tells.
fn commit() -> String {
    println!("cargo:rerun-if-env-changed=RETROBOARD_COMMIT");
    if let Ok(commit) = std::env::var("RETROBOARD_COMMIT") {
        return commit;
    }
    let Some(head) = git(&["rev-parse", "--short=12", "HEAD"]) else {
        return "unknown".into();
    };
    // Stamp again when HEAD moves: a checkout changes HEAD, a commit the
    // branch's ref, loose or packed. Only files that exist are named, since
    // cargo reruns a script whose named file is missing on every build.
    let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
    for path in watched {
        if let Some(file) = git(&["rev-parse", "--git-path", &path])
            && std::path::Path::new(&file).exists()
        {
            println!("cargo:rerun-if-changed={file}");
        }
    }
    head
}

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}
