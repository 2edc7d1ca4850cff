//! Rebuilds the crate when the web UI changes, so the binary never embeds a
//! stale `web/dist`. The embed macro only tracks files that existed at the
//! last build; watching the whole `web/` folder also catches a first build of
//! the UI after the crate was compiled without one.

fn main() {
    println!("cargo:rerun-if-changed=web");
    println!("cargo:rerun-if-changed=build.rs");
}
